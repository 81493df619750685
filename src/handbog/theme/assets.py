"""The handbook's look in the browser: Danish theme labels, accessible markup, light pages.

Staff read the handbook on phones over municipal networks, and Danish public-sector sites
must meet WCAG 2.1 AA. This module

- adds the handbook's stylesheet (contrast of need tables in light and dark mode, visible
  focus) and a small script that makes a need's show/hide-details toggle work from the
  keyboard, without jQuery;
- translates the English labels that furo writes without gettext (the gettext ones are in
  ``docs/locales/da/LC_MESSAGES/sphinx.po``) and mends two ARIA slips of Sphinx and docutils;
- loads each script and stylesheet only on the pages that use it, and trims sphinx-design's
  stylesheet to the classes the site uses, so a page stays under the weight budget.

The checks for all of this are in tests/test_accessibility.py and tests/test_page_weight.py.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import rcssmin
import rjsmin
import tinycss2
from markupsafe import Markup
from sphinx.util import logging

if TYPE_CHECKING:
    from docutils import nodes
    from sphinx.application import Sphinx
    from sphinx.config import Config

LOGGER = logging.getLogger(__name__)

PACKAGE = Path(__file__).parent.parent
STATIC = PACKAGE / "static"
TEMPLATES = PACKAGE / "templates" / "furo"
STYLESHEET = "handbog.css"
FAVICON = "favicon.svg"

# Labels that furo's page.html and partials/icons.html write in English without gettext.
ARIA_LABELS: dict[str, str] = {
    "Toggle site navigation sidebar": "Vis eller skjul navigationen",
    "Toggle table of contents sidebar": "Vis eller skjul indholdsfortegnelsen for siden",
    "Toggle Light / Dark / Auto color theme": "Skift farvetilstand: lys, mørk eller automatisk",
}
ICON_TITLES: dict[str, str] = {
    "Contents": "Indhold på siden",
    "Expand": "Fold ud",
    "Light mode": "Lys tilstand",
    "Dark mode": "Mørk tilstand",
    "Auto light/dark, in light mode": "Automatisk lys eller mørk, nu lys",
    "Auto light/dark, in dark mode": "Automatisk lys eller mørk, nu mørk",
}
UI_LABELS: dict[str, str] = {
    **{f'aria-label="{en}"': f'aria-label="{da}"' for en, da in ARIA_LABELS.items()},
    **{f"<title>{en}</title>": f"<title>{da}</title>" for en, da in ICON_TITLES.items()},
    # The credit line: "Lavet med Sphinx og @pradyunsgs Furo" (the rest is in sphinx.po).
    "@pradyunsg</a>'s": "@pradyunsg</a>s",
}
_NAV_TOGGLE = re.compile(r'aria-label="Toggle navigation of ([^"]*)"')

# Markup fixes for what axe reports in Sphinx's and docutils' own HTML (WCAG 4.1.2):
MARKUP_FIXES: dict[str, str] = {
    # A toctree caption is given role="heading" without the aria-level that role requires.
    '<p class="caption" role="heading">': '<p class="caption" role="heading" aria-level="2">',
    # DPUB-ARIA 1.1 deprecates doc-biblioentry; the citations sit in a role="list".
    'role="doc-biblioentry"': 'role="listitem"',
}


def danish_ui(html: str) -> Markup:
    """Furo's page body with its hard-coded English labels in Danish."""
    for english, danish in UI_LABELS.items():
        html = html.replace(english, danish)
    html = _NAV_TOGGLE.sub(r'aria-label="Vis eller skjul undersider til \1"', html)
    return Markup(html)


def fix_markup(html: str) -> str:
    for wrong, right in MARKUP_FIXES.items():
        html = html.replace(wrong, right)
    return html


# -- Which asset each page needs --------------------------------------------------------
# (file name ending, does this page need it?) — decided from the page's body HTML.
Need = Callable[[str, dict[str, Any]], bool]


def _has_interactive_table(body: str, context: dict[str, Any]) -> bool:
    # sphinx-needs adds needstable.js (DataTables, which needs jQuery) to such pages only.
    return any(_name(js).endswith("needstable.js") for js in context.get("script_files", []))


def _has_needs(body: str, context: dict[str, Any]) -> bool:
    # A need box or a need table from sphinx-needs; checklist pages hold their items' needs
    # hidden, and the traceability views are the handbook's own tables.
    return "needs_" in body or 'class="need' in body or "needstable" in body


#: sphinx-needs' style sheets, which stand between furo's and the handbook's own
#: (handbog.theme.cssbundle cuts the shared sheets at their place on every page).
NEEDS_STYLESHEETS = tuple(
    f"sphinx-needs/{name}"
    for name in (
        "common_css/need_core.css",
        "common_css/need_links.css",
        "common_css/need_style.css",
        "common_css/need_toggle.css",
        "common_css/needstable.css",
        "modern.css",
    )
)

OPTIONAL_ASSETS: tuple[tuple[str, Need], ...] = (
    # jQuery (90 KB) is only for sphinx-needs' DataTables; the collapse toggles use ours.
    ("jquery.js", _has_interactive_table),
    ("_sphinx_javascript_frameworks_compat.js", _has_interactive_table),
    ("sphinx-needs/libs/html/sphinx_needs_collapse.js", lambda body, ctx: False),
    # Sphinx's highlighting of the words from its own search results (?highlight=…): the
    # handbook's search is Pagefind's, which links without that parameter (5 KB a page)
    ("sphinx_highlight.js", lambda body, ctx: False),
    # Sphinx's Danish strings for its own scripts: only its search and sphinx_highlight.js
    # (both left out) ask for them; doctools.js, which furo's arrow keys use, asks for none
    ("translations.js", lambda body, ctx: False),
    ("sphinx-data-viewer/jsonview.bundle.js", lambda body, ctx: "data-sdv=" in body),
    ("sphinx-data-viewer/jsonview_loader.js", lambda body, ctx: "data-sdv=" in body),
    ("sphinx-data-viewer/jsonview.bundle.css", lambda body, ctx: "data-sdv=" in body),
    ("design-tabs.js", lambda body, ctx: "sd-tab-set" in body),
    ("pygments.css", lambda body, ctx: 'class="highlight' in body),
    ("graphviz.css", lambda body, ctx: 'class="graphviz' in body),
    # sphinx-needs' style sheets (six requests, 14 KB) on the pages that show a need
    *((name, _has_needs) for name in NEEDS_STYLESHEETS),
)


def _name(asset: Any) -> str:
    return str(getattr(asset, "filename", asset))


def is_optional(name: str) -> bool:
    """Whether the handbook leaves this script or sheet out of the pages that do not use it."""
    name = name.split("?")[0]
    return any(name.endswith(ending) for ending, _need in OPTIONAL_ASSETS)


def is_needs_sheet(name: str) -> bool:
    return name.split("?")[0].endswith(NEEDS_STYLESHEETS)


def _needed(asset: Any, body: str, context: dict[str, Any]) -> bool:
    name = _name(asset).split("?")[0]
    for ending, need in OPTIONAL_ASSETS:
        if name.endswith(ending):
            return need(body, context)
    return True


def lighten_page(
    app: Sphinx,
    pagename: str,
    templatename: str,
    context: dict[str, Any],
    doctree: nodes.document | None,
) -> None:
    """Per page: mend the markup and leave out the scripts and styles the page does not use."""
    if app.builder.format != "html":
        return
    body = context.get("body", "") or ""
    for key in ("body", "furo_navigation_tree"):
        if isinstance(context.get(key), str):
            context[key] = fix_markup(context[key])
    context["handbog_danish_ui"] = danish_ui
    # The builder resets these lists before the next page, so editing them in place
    # changes this page only.
    for key in ("script_files", "css_files"):
        files = context.get(key)
        if isinstance(files, list):
            files[:] = [f for f in files if _needed(f, body, context)]


# -- Build-wide touches ---------------------------------------------------------------------

_CLASS_ATTR = re.compile(r"""class\s*=\s*(?:"([^"]*)"|'([^']*)')""")
_SD_CLASS = re.compile(r"\.(sd-[A-Za-z0-9_-]+)")


def used_classes(outdir: Path) -> set[str]:
    """Every class name in the site's HTML, and every sd- class its scripts mention."""
    used: set[str] = set()
    for page in outdir.rglob("*.html"):
        for a, b in _CLASS_ATTR.findall(page.read_text(encoding="utf-8", errors="replace")):
            used.update((a or b).split())
    for script in (outdir / "_static").rglob("*.js"):
        used.update(
            re.findall(r"sd-[A-Za-z0-9_-]+", script.read_text(encoding="utf-8", errors="replace"))
        )
    return used


def trim_stylesheet(css: str, used: set[str]) -> str:
    """Drop the selectors of ``css`` that need an sd- class no page uses.

    sphinx-design ships 55 KB of CSS for every component and breakpoint; a handbook page
    uses a few cards. Rules without sd- classes, custom properties and keyframes are kept.
    """

    def keep_selector(selector: str) -> bool:
        return all(name in used for name in _SD_CLASS.findall(selector))

    def walk(rules: list[Any]) -> list[str]:  # tinycss2's nodes: it has no type information
        out: list[str] = []
        for rule in rules:
            if rule.type == "qualified-rule":
                prelude = tinycss2.serialize(rule.prelude).strip()
                selectors = [s.strip() for s in _split_selectors(prelude)]
                kept = [s for s in selectors if keep_selector(s)]
                if kept:
                    out.append(
                        ",".join(kept) + "{" + tinycss2.serialize(rule.content).strip() + "}"
                    )
            elif rule.type == "at-rule":
                at = "@" + rule.at_keyword + tinycss2.serialize(rule.prelude).rstrip()
                if rule.content is None:
                    out.append(at + ";")
                elif rule.lower_at_keyword in {"media", "supports"}:
                    inner = walk(
                        tinycss2.parse_rule_list(
                            rule.content, skip_comments=True, skip_whitespace=True
                        )
                    )
                    if inner:
                        out.append(at + "{" + "".join(inner) + "}")
                else:
                    out.append(at + "{" + tinycss2.serialize(rule.content).strip() + "}")
        return out

    return "".join(walk(tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True)))


def _split_selectors(prelude: str) -> list[str]:
    """Split a selector list at top-level commas (not those inside :is(...) or [...])."""
    parts, depth, start = [], 0, 0
    for i, ch in enumerate(prelude):
        if ch in "([":
            depth += 1
        elif ch in ")]":
            depth -= 1
        elif ch == "," and depth == 0:
            parts.append(prelude[start:i])
            start = i + 1
    parts.append(prelude[start:])
    return parts


#: Beside the doctrees: the last trimmed sheet and what it was trimmed from.
TRIM_CACHE = "handbog-sphinx-design.json"


def trim_sphinx_design(outdir: Path, cache: Path | None = None) -> None:
    """Trim the output's copy of sphinx-design's sheet to the classes the site uses.

    Sphinx copies the full sheet again in every build. With ``cache`` (a file), the last
    result is used again when the sheet and the classes the site uses are the same, as they
    are in a rebuild that changed no page (trimming is about a tenth of such a rebuild)."""
    css = outdir / "_static" / "sphinx-design.min.css"
    if not css.is_file():
        return
    source = css.read_text(encoding="utf-8")
    used = used_classes(outdir)
    key = hashlib.sha256("\0".join([source, *sorted(used)]).encode("utf-8")).hexdigest()
    trimmed = None
    if cache is not None and cache.is_file():
        try:
            earlier = json.loads(cache.read_text(encoding="utf-8"))
        except ValueError:
            earlier = None
        if isinstance(earlier, dict) and earlier.get("key") == key:
            trimmed = earlier.get("css")
    if not isinstance(trimmed, str):
        trimmed = trim_stylesheet(source, used)
        if cache is not None:
            cache.parent.mkdir(parents=True, exist_ok=True)
            cache.write_text(json.dumps({"key": key, "css": trimmed}), encoding="utf-8")
    css.write_text(trimmed, encoding="utf-8")


def danish_permalink(outdir: Path, filename: str) -> None:
    """sphinx-needs' permalink page (a redirect to a need) is written in English."""
    page = outdir / filename
    if not page.is_file():
        return
    html = page.read_text(encoding="utf-8")
    html = html.replace('<html lang="en">', '<html lang="da">')
    html = html.replace("<title>sphinx-needs permalink</title>", "<title>Finder behovet …</title>")
    html = html.replace("<h1>Searching, Please Wait...</h1>", "<h1>Finder siden, et øjeblik …</h1>")
    page.write_text(html, encoding="utf-8")


#: The handbook's own scripts and style sheets, kept readable in the source and minified in
#: the output: a checklist page must stay under the weight budget on a phone
#: (tests/test_page_weight.py).
OWN_SCRIPTS = (
    "checklist/svarfil.js",
    "checklist/checklist.js",
    "search/soeg.js",
    "search/paa-siden.js",
)
OWN_STYLES = ("checklist/checklist.css", "search/soeg.css", STYLESHEET)


def minify_assets(outdir: Path) -> None:
    """Minify the copies of the handbook's scripts and style sheets in ``_static`` (rjsmin
    and rcssmin: well-kept, dependency-free minifiers by one author; idempotent, so a copy
    Sphinx left in place is unchanged)."""

    for names, minify in ((OWN_SCRIPTS, rjsmin.jsmin), (OWN_STYLES, rcssmin.cssmin)):
        for name in names:
            path = outdir / "_static" / name
            if path.is_file():
                source = path.read_text(encoding="utf-8")
                path.write_text(minify(source) + "\n", encoding="utf-8")


def finish(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.format != "html" or app.builder.name == "singlehtml":
        return
    outdir = Path(app.outdir)
    trim_sphinx_design(outdir, Path(app.doctreedir) / TRIM_CACHE)
    minify_assets(outdir)
    danish_permalink(
        outdir, Path(getattr(app.config, "needs_permalink_file", "permalink.html")).name
    )


def config_path(folder: Path, confdir: Path) -> str:
    """``folder`` as Sphinx should see it: relative to the configuration folder when the
    package lives inside the project (an editable install), else absolute. Either way the
    value, and so the configuration hash in .buildinfo, is the same for two checkouts of one
    commit in different folders: a condition of reproducible builds."""
    try:
        return folder.relative_to(confdir).as_posix()
    except ValueError:
        return str(folder)


def register_paths(app: Sphinx, config: Config) -> None:
    confdir = Path(app.confdir).resolve()
    static = config_path(STATIC.resolve(), confdir)
    # furo's page and search page, extended for the handbook (Danish labels, a search field
    # on a phone, the Pagefind search page); a project with another theme keeps its own.
    templates = config_path(TEMPLATES.resolve(), confdir)
    if config.html_theme == "furo" and templates not in config.templates_path:
        config.templates_path = [*config.templates_path, templates]
    if static not in config.html_static_path:
        config.html_static_path = [*config.html_static_path, static]
    # Without an icon, every browser asks the server for /favicon.ico and gets a 404.
    if not config.html_favicon:
        config.html_favicon = f"{static}/{FAVICON}"


def add_assets(app: Sphinx) -> None:
    if app.builder.format != "html":
        return
    # Last, so the handbook's rules win over furo's and sphinx-needs'.
    app.add_css_file(STYLESHEET, priority=900)


def setup(app: Sphinx) -> None:
    # Early, so that other modules that ship files in the same static folder find it
    # registered (as a relative path) and do not add it again as an absolute one.
    app.connect("config-inited", register_paths, priority=400)
    app.connect("builder-inited", add_assets)
    app.connect("html-page-context", lighten_page, priority=900)
    app.connect("build-finished", finish)
