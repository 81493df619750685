"""The handbook's traceability rules, checked once all needs are collected.

sphinx-needs itself refuses unknown link targets, duplicate IDs, IDs that do not match
``id_regex`` and links to the wrong need type (``target_types`` in ubproject.toml). The
rules here are the handbook's own (DESIGN.md): every warning names the file and line of
the need, its ID, and what to do.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from typing import Any

from sphinx.util import logging
from sphinx_needs.api import get_needs_view

from handbog.model import Model, of_app

LOGGER = logging.getLogger(__name__)


def _warn(need: Any, message: str, subtype: str) -> None:
    location = (need["docname"], need["lineno"]) if need.get("docname") else None
    LOGGER.warning(f"{need['id']}: {message}", location=location, type="handbog", subtype=subtype)


def _dead_links(need: Any, needs: Any, links: Iterable[str]) -> list[str]:
    """Replaces sphinx-needs' own dead-link warning: ours suggests the nearest existing ID."""
    if need.get("tjekliste"):
        # The checklist extension reports these at the YAML line, where the fix is.
        return []
    messages = []
    for link in links:
        for target in need.get(link) or []:
            if target in needs:
                continue
            near = difflib.get_close_matches(target, list(needs.keys()), n=3, cutoff=0.6)
            hint = f" Mente du {' eller '.join(near)}?" if near else ""
            messages.append(
                f":{link}: peger på {target}, som ikke findes.{hint} Ret ID'et, eller opret "
                f"behovet (litteratur: tilføj posten til docs/litteratur.bib)."
            )
    return messages


def problems(needs: Any, info: Model) -> list[tuple[Any, str, str]]:
    """All rule violations as (need, message, subtype); pure, so tests can call it."""
    found: list[tuple[Any, str, str]] = []
    for need in needs.values():
        ntype = need["type"]
        found.extend((need, message, "link") for message in _dead_links(need, needs, info.links))
        known = info.types.get(ntype)
        if known and not need["id"].startswith(known.prefix):
            message = f"{known.with_article} skal have et ID, der begynder med {known.prefix!r}."
            found.append((need, message, "id"))
        for requirement in info.requirements.get(ntype, ()):
            if not need.get(requirement.option):
                found.append((need, f"mangler {info.missing_message(requirement)}.", "sporbarhed"))
        if ntype == "kilde":
            art = need.get("art")
            if art == "litteratur" and not need.get("bibkey"):
                found.append(
                    (
                        need,
                        "en litteraturkilde skrives ikke i hånden: tilføj referencen til "
                        "docs/litteratur.bib, så laver {kildeliste} kilden.",
                        "kilde",
                    )
                )
            if not art:
                # Literature sources are made from the BibTeX file, never written by hand.
                kinds = ", ".join(v for v in info.fields["art"].values if v != "litteratur")
                found.append((need, f"mangler :art: ({kinds}).", "kilde"))
            elif art != "litteratur" and not need.get("bygger_paa_back"):
                found.append(
                    (
                        need,
                        "kilden bruges ikke: ingen praksis, intet redskab eller "
                        "opmærksomhedspunkt bygger på den. Brug den eller fjern den.",
                        "kilde",
                    )
                )
    return found


def check(app: Any, _builder: Any = None) -> None:
    needs = get_needs_view(app)
    for need, message, subtype in problems(needs, of_app(app)):
        _warn(need, message, subtype)


def _replace_needs_dead_link_warning(_app: Any, config: Any) -> None:
    if "needs.link_outgoing" not in config.suppress_warnings:
        config.suppress_warnings = [*config.suppress_warnings, "needs.link_outgoing"]


def setup(app: Any) -> None:
    app.connect("config-inited", _replace_needs_dead_link_warning)
    # After sphinx-needs has resolved links and back links (write-started, priority 500).
    app.connect("write-started", check, priority=600)
