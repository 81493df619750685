"""``{tjeklisteoverblik}``: the handbook page where a manager drops many answers files and sees
the overview (``static/checklist/overblik.js``), in the browser only.

The directive embeds the checklist contract (:mod:`handbog.checklists.contract`) of every
checklist, as the form pages embed theirs: items, scales with their ranks, the number rule,
the answers file's versions and limits, the CPR guard's patterns and the Danish messages, so
the script has no rule of its own it could get wrong. The script and its stylesheet
are added to this page only, and the script is minified after the build like the handbook's
other scripts (rjsmin), to keep the page light.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import rjsmin
from docutils import nodes
from sphinx.util.docutils import SphinxDirective

from handbog.compat import app_of
from handbog.model import of_app

from . import units
from .contract import OVERVIEW_ELEMENT_ID, contract, script_element
from .loader import check_files, checklist_files
from .model import Checklist
from .sphinxext import SHARED_SCRIPT, _checklists_dir

if TYPE_CHECKING:
    from sphinx.application import Sphinx

SCRIPT = "checklist/overblik.js"
STYLESHEET = "checklist/overblik.css"
#: The id of its <link>, by which overblik.js finds the sheet.
STYLESHEET_ID = "handbog-overblik-css"
PAGE_FLAG = "handbog-tjeklisteoverblik"


def units_controls() -> str:
    """The units file's chooser and the filter by kind (units.py; the kinds are the schema's)."""
    options = "".join(f'<option value="{k}">{k}</option>' for k in units.kinds())
    return (
        '<p><label for="ho-enheder">Vælg en fil med enhederne (valgfri, fx '
        f"{units.FILE_NAME})</label> "
        '<input type="file" id="ho-enheder" accept=".yaml,.yml" aria-describedby="ho-enhedhjaelp">'
        '</p><p id="ho-enhedhjaelp">Filen giver hver enhed en type og samler de måder, navnet er '
        "skrevet på; den kan også give afsnittene et mål. Se afsnittet om listen over enhederne "
        "nedenfor.</p>"
        '<p><label for="ho-type">Tæl kun enheder af typen</label> '
        f'<select id="ho-type"><option value="">alle typer</option>{options}</select></p>'
    )


def page_html(checklists: dict[str, Checklist]) -> str:
    data = contract(list(checklists.values()), overview=True)
    return (
        f'<div class="ho-app" data-contract="{OVERVIEW_ELEMENT_ID}">'
        '<p class="ho-nojs">Overblikket bruger JavaScript, som er slået fra. Brug i stedet '
        "kommandoen <code>handbog tjekliste samlet</code>.</p>"
        '<div class="ho-drop" hidden>'
        '<p><label for="ho-filer">Vælg svarfiler</label> '
        '<input type="file" id="ho-filer" multiple accept=".json,application/json" '
        'aria-describedby="ho-filhjaelp"></p>'
        '<p id="ho-filhjaelp">Du kan også trække filerne hertil. Filer, du vælger bagefter, '
        "kommer med sammen med dem, du allerede har valgt. Filerne læses kun i din browser; "
        "intet bliver sendt nogen steder hen, og intet bliver gemt.</p>"
        f"{units_controls()}</div>"
        '<div class="ho-status" role="status" aria-live="polite"></div>'
        '<div class="ho-actions" hidden>'
        '<button type="button" data-action="print">Udskriv</button>'
        '<button type="button" data-action="html">Gem overblikket som HTML-fil</button>'
        '<button type="button" data-action="csv">Gem tallene som CSV-fil</button>'
        '<button type="button" data-action="noter">Gem noterne som CSV-fil</button>'
        '<button type="button" data-action="deltagelse">Gem deltagelsen som CSV-fil</button>'
        '<button type="button" data-action="reset">Ryd overblikket</button></div>'
        '<div class="ho-result"></div>'
        f"{script_element(OVERVIEW_ELEMENT_ID, data)}</div>"
    )


class OverviewPageDirective(SphinxDirective):
    """``{tjeklisteoverblik}``: the drop zone and the overview of many answers files."""

    has_content = False

    def run(self) -> list[nodes.Node]:
        app = app_of(self.env)
        paths = checklist_files(_checklists_dir(app))
        for path in paths:
            self.env.note_dependency(str(path))
        # A checklist with problems is reported by its own page; the others are offered here.
        checklists, _problems = check_files(paths, of_app(app))
        self.env.metadata[self.env.docname][PAGE_FLAG] = True
        return [nodes.raw("", page_html(checklists), format="html")]


def add_assets(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    if app.builder.format != "html" or not app.env.metadata.get(pagename, {}).get(PAGE_FLAG):
        return
    # Its own link with an id, not joined to the page's other sheets (handbog.theme.cssbundle, which
    # leaves a sheet with other attributes alone): the script copies its rules into the
    # overview saved as an HTML file.
    app.add_css_file(STYLESHEET, priority=910, id=STYLESHEET_ID)
    app.add_js_file(SHARED_SCRIPT, priority=909, loading_method="defer")
    app.add_js_file(SCRIPT, priority=910, loading_method="defer")


def minify(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.format != "html":
        return

    script = Path(app.outdir) / "_static" / SCRIPT
    if script.is_file():
        script.write_text(rjsmin.jsmin(script.read_text(encoding="utf-8")) + "\n", "utf-8")


def setup(app: Sphinx) -> None:
    app.add_directive("tjeklisteoverblik", OverviewPageDirective)
    app.connect("html-page-context", add_assets)
    app.connect("build-finished", minify)
