"""A few style sheets per page instead of up to ten: the page shows sooner on a slow network.

A browser paints nothing until it has every style sheet in the page's head. furo,
sphinx-design, sphinx-needs (six files) and the handbook each add their own, so a core page
asked for ten files, each costing a round trip: on a phone on a poor municipal connection
(400 ms latency) that alone delayed the first paint by seconds.

The page's style sheets, as Sphinx and the extensions list them for that page (after
:mod:`handbog.theme.assets` has left out the ones it does not use), are joined in their order
into at most three files in ``_static/samlet/`` (:func:`split_parts`): the sheets every page
has, cut where sphinx-needs' sheets stand, and the sheets of this kind of page (the needs',
a checklist's, the search page's). The shared files are the same on every page, so a reader
going from page to page fetches only the small part that page adds (measured in
docs/projekt/ydeevne.md). Each file is named after its parts, so pages with the same parts
share one cached file. furo's template prints the links through the ``regular_styles`` block
of the handbook's ``page.html``; the files themselves are untouched and stay where they were.

Only a self-contained sheet is joined: one without ``@import``, without a relative ``url()``
(which would point elsewhere from the new folder) and without a ``media`` or other special
attribute. Any other sheet keeps its own link after the joined ones.

A joined file is written when the first page needs it, so Sphinx's cache-busting checksum
(``?v=``) is taken from this build's files, and written again at the end of the build from
the final files (the handbook trims sphinx-design's sheet and minifies its own there). Its
first line names its parts, so the end of the build knows what to join, also for pages
written in parallel processes.
"""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

import rcssmin

from handbog.state import forget, of_build
from handbog.theme.assets import is_needs_sheet, is_optional

if TYPE_CHECKING:
    from docutils import nodes
    from sphinx.application import Sphinx

FOLDER = "_static/samlet"
#: Style sheets and ordinary scripts a page may make the browser fetch before it paints.
MAX_BLOCKING = 3
_EVERY_PAGE = "handbog_css_every_page"
_HEADER = re.compile(r"^/\*! samlet: (?P<parts>[^*]*) \*/\n")
_IMPORT = re.compile(r"@import\b", re.IGNORECASE)
_URL = re.compile(r"""url\(\s*(['"]?)(?P<target>[^'")]*)\1\s*\)""", re.IGNORECASE)
#: Attributes every sheet has; a sheet with any other (media, title …) keeps its own link.
_PLAIN = {"rel", "type", "priority"}


def _self_contained(css: str) -> bool:
    if _IMPORT.search(css):
        return False
    for match in _URL.finditer(css):
        target = match.group("target").strip()
        if not target.startswith(("data:", "#", "/")) and "://" not in target:
            return False
    return True


def _joinable(asset: Any, outdir: Path) -> bool:
    name = str(getattr(asset, "filename", asset))
    attributes = dict(getattr(asset, "attributes", {}) or {})
    if not name.startswith("_static/") or "://" in name or "?" in name:
        return False
    if set(attributes) - _PLAIN or attributes.get("rel", "stylesheet") != "stylesheet":
        return False
    path = outdir / name
    return path.is_file() and _self_contained(path.read_text(encoding="utf-8"))


def bundle_text(outdir: Path, parts: list[str], minify: bool = False) -> str:
    """The joined sheet: its parts in order, each after a comment naming it."""
    body = "\n".join(
        f"/* {part} */\n" + (outdir / part).read_text(encoding="utf-8") for part in parts
    )
    if minify:
        body = rcssmin.cssmin(body)
    return f"/*! samlet: {' '.join(parts)} */\n{body}\n"


def _write(path: Path, text: str) -> None:
    # Several processes write pages at once (sphinx-build -j): each writes the same text,
    # and a reader never sees half a file.
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
    with os.fdopen(handle, "w", encoding="utf-8") as stream:
        stream.write(text)
    os.chmod(temporary, 0o644)  # as Sphinx writes its files: a web server must read it
    os.replace(temporary, path)


def bundle_name(parts: list[str]) -> str:
    digest = hashlib.sha256("\n".join(parts).encode("utf-8")).hexdigest()[:12]
    return f"{FOLDER}/{digest}.css"


def _note_every_page_sheets(
    app: Sphinx,
    pagename: str,
    templatename: str,
    context: dict[str, Any],
    doctree: nodes.document | None,
) -> None:
    # Before any handler adds a sheet for this page or leaves one out, the page's list is
    # the sheets every page is given (Sphinx resets it for each page): in their order, they
    # fix where the shared files are cut, the same on every page.
    files = context.get("css_files")
    if isinstance(files, list):
        ordered = sorted(files, key=lambda f: getattr(f, "priority", 500))
        context[_EVERY_PAGE] = [str(getattr(f, "filename", f)) for f in ordered]


def split_parts(parts: list[str], every_page: list[str], budget: int) -> list[list[str]]:
    """The page's joinable sheets (in cascade order) cut into files: runs of sheets every
    page has and runs of sheets only some pages have (page-type parts).

    A shared run has the same parts on every page, so it is one file a browser caches once.
    That needs the same cuts on every page: the place of sphinx-needs' sheets (on most
    pages) cuts every page, so the front page gets two shared files, though no need sheet
    stands between them there. Another sheet only some pages have (pygments, graphviz) cuts
    only the pages that have it: a cut for it everywhere would cost every page a request
    for a sheet the handbook hardly uses. More than ``budget`` runs: the trailing ones are
    joined, which keeps the large first shared file cached and costs at most the small
    last one again."""
    present = set(parts)
    # Page-type parts: those the handbook leaves out where unused, and those added for some
    # pages only (absent from every page's list).
    page_type = {part for part in parts if is_optional(part) or part not in every_page}
    segment: dict[str, int] = {}
    current = 0
    for name in every_page:
        if is_optional(name):
            if name in present or is_needs_sheet(name):
                current += 1
        else:
            segment[name] = current
    runs: list[list[str]] = []
    last: int | None = None
    for part in parts:
        kind = -1 if part in page_type else segment[part]
        if runs and kind == last:
            runs[-1].append(part)
        else:
            runs.append([part])
        last = kind
    budget = max(budget, 1)
    if len(runs) > budget:
        runs = [*runs[: budget - 1], [part for run in runs[budget - 1 :] for part in run]]
    return runs


def join_page_styles(
    app: Sphinx,
    pagename: str,
    templatename: str,
    context: dict[str, Any],
    doctree: nodes.document | None,
) -> None:
    if app.builder.format != "html" or app.builder.name == "singlehtml":
        return
    # only furo's page template, as the handbook extends it, prints the joined sheets
    if app.config.html_theme != "furo":
        return
    files = context.get("css_files")
    if not isinstance(files, list):
        return
    outdir = Path(app.outdir)
    # in the order the page will print them (Sphinx sorts by priority after this event)
    ordered = sorted(files, key=lambda f: getattr(f, "priority", 500))
    parts = [str(getattr(f, "filename", f)) for f in ordered if _joinable(f, outdir)]
    if len(parts) < 2:
        return
    # The sheets that keep their own link count against the budget; the scripts do not:
    # furo writes them at the end of the body, where they do not hold up the first paint.
    budget = MAX_BLOCKING - (len(ordered) - len(parts))
    every_page = context.get(_EVERY_PAGE)
    runs = split_parts(parts, every_page if isinstance(every_page, list) else parts, budget)
    written = of_build(app, _Written)
    links = []
    for run in runs:
        name = bundle_name(run)
        if name not in written:
            _write(outdir / name, bundle_text(outdir, run))
            written.add(name)
        digest = hashlib.sha256((outdir / name).read_bytes()).hexdigest()[:8]
        links.append(f"{name}?v={digest}")
    # The builder gives each page a fresh list, so this changes this page only.
    files[:] = [f for f in files if str(getattr(f, "filename", f)) not in parts]
    context["handbog_css_bundles"] = links


class _Written(set[str]):
    pass


def _start(app: Sphinx) -> None:
    # the joined sheets written in this build by this process (they are written again
    # at the start of each build, so an earlier build's minified file is not reused)
    forget(app, _Written)


def finish(app: Sphinx, exception: Exception | None) -> None:
    """Join the final files again (after trimming and minifying), with whitespace removed."""
    if exception is not None or app.builder.format != "html":
        return
    outdir = Path(app.outdir)
    for path in sorted((outdir / FOLDER).glob("*.css")):
        header = _HEADER.match(path.read_text(encoding="utf-8"))
        if header is None:
            continue
        parts = header.group("parts").split()
        if all((outdir / part).is_file() for part in parts):
            _write(path, bundle_text(outdir, parts, minify=True))


def setup(app: Sphinx) -> None:
    app.connect("builder-inited", _start)
    # before every handler that adds a sheet for one page or leaves one out
    app.connect("html-page-context", _note_every_page_sheets, priority=1)
    # after every handler that adds or leaves out a sheet for the page (assets: 900)
    app.connect("html-page-context", join_page_styles, priority=950)
    # after assets.finish, which trims and minifies the parts
    app.connect("build-finished", finish, priority=950)
