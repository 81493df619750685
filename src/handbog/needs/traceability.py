"""The handbook's traceability rules, checked once all needs are collected.

sphinx-needs itself refuses IDs that do not match ``id_regex``. The rules here are the
handbook's own (DESIGN.md), and some that sphinx-needs also checks but reports in English
without file, line or fix (a link to an unknown ID or to the wrong type, a value a field does
not allow): every warning names the file and line of the need, its ID, and what to do, with a
message from :mod:`handbog.messages`.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping, Set
from typing import TYPE_CHECKING, Any

from sphinx.util import logging
from sphinx_needs.api import get_needs_view

from handbog.checks import refused_ids
from handbog.data.core import did_you_mean
from handbog.messages import BY_KEY, text
from handbog.model import Model, of_app

if TYPE_CHECKING:
    from sphinx.application import Sphinx

LOGGER = logging.getLogger(__name__)


def _warn(need: Any, message: str, subtype: str) -> None:
    location = (need["docname"], need["lineno"]) if need.get("docname") else None
    LOGGER.warning(f"{need['id']}: {message}", location=location, type="handbog", subtype=subtype)


def _found(need: Any, key: str, **values: Any) -> tuple[Any, str, str]:
    return need, text(key, **values), BY_KEY[key].subtype


def _links(
    need: Any, needs: Any, info: Model, links: Iterable[str], refused: Set[str] = frozenset()
) -> list[tuple[Any, str, str]]:
    """Links to unknown IDs (replacing sphinx-needs' dead-link warning: ours suggests the
    nearest existing ID) and to needs of a type the link does not allow."""
    if need.get("tjekliste"):
        # The checklist extension reports these at the YAML line, where the fix is.
        return []
    found = []
    for link in links:
        allowed = info.links[link].target_types
        for target in need.get(link) or []:
            other = needs.get(target)
            if other is None and target in refused:
                continue  # its own ID was refused for its form: that is the one message
            if other is None:
                near = difflib.get_close_matches(target, list(needs.keys()), n=3, cutoff=0.6)
                hint = f" Mente du {' eller '.join(near)}?" if near else ""
                found.append(_found(need, "ukendt-id", link=link, target=target, hint=hint))
            elif other["type"] not in allowed and other["type"] in info.types:
                right = [i for i, n in needs.items() if n["type"] in allowed]
                found.append(
                    _found(
                        need,
                        "forkert-linktype",
                        link=link,
                        target=target,
                        found=info.described([other["type"]]),
                        wanted=info.described(list(allowed)),
                        hint=did_you_mean(target, right, n=2, quote=False),
                    )
                )
    return found


def _values(need: Any, info: Model) -> list[tuple[Any, str, str]]:
    """Values a field with fixed values does not allow, with all allowed values in the words
    a reader sees (replacing sphinx-needs' schema message, which has no file or line)."""
    found = []
    for name, field in info.fields.items():
        if not field.words:
            continue
        value = need.get(name)
        values = value if isinstance(value, list) else [value] if value else []
        for wrong in (v for v in values if v not in field.words):
            allowed = ", ".join(
                v if field.word(v) == v else f"{v} ({field.word(v)})" for v in field.values
            )
            found.append(
                _found(
                    need,
                    "feltvaerdi",
                    field=name,
                    value=wrong,
                    hint=did_you_mean(str(wrong), field.values),
                    one="en eller flere" if field.multiple else "en",
                    allowed=allowed,
                )
            )
    return found


def problems(
    needs: Any,
    info: Model,
    require_text: bool = True,
    refused: Mapping[str, Set[str]] | None = None,
) -> list[tuple[Any, str, str]]:
    """All rule violations as (need, message, subtype); pure, so tests can call it.

    ``require_text``: a practice or tool written on a page must have a text, not only a
    title and fields. ``refused``: IDs of needs refused for their form (already reported),
    with the IDs they link to.
    """
    refused = refused or {}
    used_by_refused = {target for targets in refused.values() for target in targets}
    found: list[tuple[Any, str, str]] = []
    for need in needs.values():
        ntype = need["type"]
        found.extend(_links(need, needs, info, info.links, set(refused)))
        found.extend(_values(need, info))
        known = info.types.get(ntype)
        if known and not need["id"].startswith(known.prefix):
            found.append(_found(need, "id-praefiks", kind=known.with_article, prefix=known.prefix))
        for requirement in info.requirements.get(ntype, ()):
            if not need.get(requirement.option):
                found.append(_found(need, "krav", what=info.missing_message(requirement)))
        if (
            require_text
            and known
            and ntype in info.practice_types
            and need.get("docname")
            and not str(need.get("content") or "").strip()
        ):
            found.append(_found(need, "tom-tekst", kind=known.with_article))
        if ntype == "kilde":
            art = need.get("art")
            if art == "litteratur" and not need.get("bibkey"):
                what = (
                    "en litteraturkilde skrives ikke i hånden: tilføj referencen til "
                    "docs/litteratur.bib, så laver {kildeliste} kilden."
                )
                found.append(_found(need, "kilde", what=what))
            if not art:
                # Literature sources are made from the BibTeX file, never written by hand.
                kinds = ", ".join(v for v in info.fields["art"].values if v != "litteratur")
                found.append(_found(need, "kilde", what=f"mangler :art: ({kinds})."))
            elif (
                art != "litteratur"
                and not need.get("bygger_paa_back")
                and need["id"] not in used_by_refused
            ):
                what = (
                    "kilden bruges ikke: ingen praksis, intet redskab eller "
                    "opmærksomhedspunkt bygger på den. Brug den eller fjern den."
                )
                found.append(_found(need, "kilde", what=what))
    return found


def check(app: Sphinx, _builder: Any = None) -> None:
    needs = get_needs_view(app)
    require_text = bool(getattr(app.config, "handbog_need_text", True))

    refused = refused_ids(app)
    info = of_app(app)
    # A municipal edition's own needs are reported by handbog.kommune at the local file they
    # are written in: sphinx-needs records a local box under the core page it is included in.
    elsewhere = set(info.local_types) if getattr(app.config, "handbog_kommune", None) else set()
    for need, message, subtype in problems(needs, info, require_text, refused):
        if need["type"] not in elsewhere:
            _warn(need, message, subtype)


def setup(app: Sphinx) -> None:
    # sphinx-needs' own warnings for what check() reports are suppressed in handbog.messages.
    # After sphinx-needs has resolved links and back links (write-started, priority 500).
    app.connect("write-started", check, priority=600)
