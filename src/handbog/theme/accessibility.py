"""What the accessibility statement (``tilgaengelighed``) says was measured, and when.

The project's browser tests (tests/test_accessibility.py) write what they measured into a
results file, ``tilgaengelighed.json``: one entry per check (axe-core on the sample or on
every page, in the light or the dark theme), with its date, the edition and build measured,
how many pages and how many findings. The directive ``{tilgaengelighed-maalt}`` puts those
results on the page, in both the core's and a municipal edition's statement; with no results
file it says that nothing has been measured, so the page never promises more than was measured.

The file is build output (``build/`` beside the core's conf.py, git-ignored), not content:
the statement quotes the measurement the build found, and names its date.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx.util.docutils import SphinxDirective

from handbog import messages

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config

#: The results file's name; where it lies: the config value ``handbog_tilgaengelighed_maaling``.
RESULTS = "tilgaengelighed.json"
#: What each measured check is called on the page (its key in the results file -> words).
SCHEMES = {"light": "lyst tema", "dark": "mørkt tema"}
SWEEPS = {"sample": "en stikprøve med én side af hver slags", "all": "alle sider"}


def results_path(config_value: str, confdir: str | Path) -> Path:
    """The results file: the config value, or ``build/tilgaengelighed.json`` beside conf.py."""
    return Path(config_value) if config_value else Path(confdir) / "build" / RESULTS


def record(path: Path, key: str, result: Mapping[str, Any]) -> None:
    """Add one check's result to the results file (the other checks' results are kept)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        checks = dict(data.get("tjek", {})) if isinstance(data, dict) else {}
    except (OSError, ValueError):
        checks = {}
    checks[key] = {"dato": date.today().isoformat(), **result}
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(
        json.dumps({"tjek": checks}, ensure_ascii=False, indent=1, sort_keys=True) + "\n",
        encoding="utf-8",
    )
    os.replace(tmp, path)  # a reader never sees half a file


def _danish_date(iso: str) -> str:
    day = date.fromisoformat(iso)
    return f"{day.day}.{day.month}.{day.year}"


def _findings(count: int) -> str:
    if count == 0:
        return "ingen brud fundet"
    return "1 brud fundet" if count == 1 else f"{count} brud fundet"


def describe(data: Mapping[str, Any]) -> list[str]:
    """One Markdown list item per measured check, in plain Danish; KeyError/ValueError/
    TypeError when an entry lacks what the page must say."""
    lines = []
    for _key, check in sorted(data["tjek"].items()):
        where = SWEEPS[check["sider_valgt"]]
        scheme = SCHEMES[check["tema"]]
        edition = check.get("udgave") or "arbejdsudgaven"
        build = f", bygning {check['bygning']}" if check.get("bygning") else ""
        lines.append(
            f"- {_danish_date(check['dato'])}: axe-core {check['axe']} (reglerne for WCAG 2.1 A "
            f"og AA, også kontrast) på {where} ({int(check['sider'])} sider) i {scheme}, "
            f"udgave {edition}{build}: {_findings(int(check['fund']))}."
        )
    return lines


class MeasuredDirective(SphinxDirective):
    """``{tilgaengelighed-maalt}``: the measured results, or that nothing was measured."""

    has_content = False

    def run(self) -> list[nodes.Node]:
        path = results_path(self.config.handbog_tilgaengelighed_maaling, self.env.app.confdir)
        if not path.is_file():
            text = (
                "Ikke målt: da siderne blev bygget, fandtes der ingen resultater af håndbogens "
                "automatiske test af tilgængeligheden. Siden siger derfor ikke noget om, hvor "
                "godt siderne lever op til kravene."
            )
            return self.parse_text_to_nodes(text)
        # the page is read again when the results change (Sphinx compares the file's time);
        # only an existing file: a missing one would make Sphinx read the page on every build
        # (and sphinx-last-updated-by-git warn). Its appearing: see _note_results.
        self.env.note_dependency(str(path))
        try:
            lines = describe(json.loads(path.read_text(encoding="utf-8")))
        except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
            messages.warn(
                "tilgaengelighed-maaling",
                (self.env.docname, self.lineno),
                path=str(path),
                what=type(exc).__name__,
            )
            return []
        if not lines:
            return self.parse_text_to_nodes("Ikke målt: resultatfilen nævner ingen test.")
        intro = "Sådan er siderne målt, senest (dato, test, hvilke sider, udgave og resultat):\n\n"
        return self.parse_text_to_nodes(intro + "\n".join(lines))


def _note_results(app: Sphinx, config: Config) -> None:
    """Whether a results file exists, as a config value: when one appears or goes, Sphinx
    reads the pages again (a config change), so »Ikke målt« never outlives the results."""
    path = results_path(config.handbog_tilgaengelighed_maaling, app.confdir)
    config.handbog_tilgaengelighed_findes = path.is_file()


def setup(app: Sphinx) -> None:
    # "env": the page that shows the results is read again when the file's place changes
    app.add_config_value("handbog_tilgaengelighed_maaling", "", "env", types=[str])
    # set by _note_results, not by conf.py
    app.add_config_value("handbog_tilgaengelighed_findes", False, "env", types=[bool])
    app.connect("config-inited", _note_results)
    app.add_directive("tilgaengelighed-maalt", MeasuredDirective)
