"""One style sheet per page instead of up to ten: the page shows sooner on a slow network.

A browser paints nothing until it has every style sheet in the page's head. furo,
sphinx-design, sphinx-needs (six files) and the handbook each add their own, so a core page
asked for ten files, each costing a round trip: on a phone on a poor municipal connection
(400 ms latency) that alone delayed the first paint by seconds.

The page's style sheets, as Sphinx and the extensions list them for that page (after
:mod:`handbog.theme.assets` has left out the ones it does not use), are joined in their order into
one file in ``_static/samlet/``, named after the list, so pages with the same styles share
one cached file. furo's template prints the link through the ``regular_styles`` block of the
handbook's ``page.html``; the files themselves are untouched and stay where they were.

Only a self-contained sheet is joined: one without ``@import``, without a relative ``url()``
(which would point elsewhere from the new folder) and without a ``media`` or other special
attribute. Any other sheet keeps its own link after the joined one.

The joined file is written when the first page needs it, so Sphinx's cache-busting checksum
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

if TYPE_CHECKING:
    from docutils import nodes
    from sphinx.application import Sphinx

FOLDER = "_static/samlet"
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


def join_page_styles(
    app: Sphinx,
    pagename: str,
    templatename: str,
    context: dict[str, Any],
    doctree: nodes.document | None,
) -> None:
    if app.builder.format != "html" or app.builder.name == "singlehtml":
        return
    # only furo's page template, as the handbook extends it, prints the joined sheet
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
    name = bundle_name(parts)
    written = of_build(app, _Written)
    if name not in written:
        _write(outdir / name, bundle_text(outdir, parts))
        written.add(name)
    digest = hashlib.sha256((outdir / name).read_bytes()).hexdigest()[:8]
    # The builder gives each page a fresh list, so this changes this page only.
    files[:] = [f for f in files if str(getattr(f, "filename", f)) not in parts]
    context["handbog_css_bundle"] = f"{name}?v={digest}"


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
    # after every handler that adds or leaves out a sheet for the page (assets: 900)
    app.connect("html-page-context", join_page_styles, priority=950)
    # after assets.finish, which trims and minifies the parts
    app.connect("build-finished", finish, priority=950)
