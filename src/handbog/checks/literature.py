"""docs/litteratur.bib and its uses: broken or unformattable entries, unknown citation keys,
unused entries, and {need} references to IDs that do not exist.
"""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pybtex.database
import pybtex.errors
from pybtex.plugin import find_plugin
from sphinx_needs.api import get_needs_view

from handbog.checks.encoding import check_file
from handbog.checks.needs import refused_ids
from handbog.checks.places import lines_of, place
from handbog.checks.references import xrefs
from handbog.data.core import did_you_mean, display_path
from handbog.literature.bibliography import (
    REPORT_LIST,
    entry_lines,
    syntax_problems,
    unused_entries,
)
from handbog.literature.bibstyle import code_stamp as style_stamp
from handbog.messages import others, warn
from handbog.state import forget, of_build

if TYPE_CHECKING:
    from sphinx.application import Sphinx

# -- docs/litteratur.bib -------------------------------------------------------------------------


def _bibfiles(app: Sphinx) -> list[Path]:
    # as sphinxcontrib-bibtex reads them: relative to the folder of conf.py
    return [(Path(app.confdir) / f).resolve() for f in app.config.bibtex_bibfiles or []]


@dataclasses.dataclass
class _Capture:
    """pybtex's error capture while sphinxcontrib-bibtex reads a broken file."""

    capture: Any = None
    broken: set[str] = dataclasses.field(default_factory=set)


#: A year as the style sorts and letters it: four digits, and a letter when two works of one
#: author share the year.
_YEAR = re.compile(r"\d{4}[a-z]?")


def _unformattable(app: Sphinx, path: Path) -> list[tuple[str, str, str | None]]:
    """(key, field, None) of the entries the style cannot format (a book without author or
    title), and (key, field, value) of a value the style would print wrong (a year in words),
    read from the file itself: sphinxcontrib-bibtex keeps its reading between builds."""

    if not path.exists():
        return []
    with pybtex.errors.capture():  # the syntax errors are reported on their own
        entries = pybtex.database.parse_file(path, bib_format="bibtex").entries
    style = find_plugin("pybtex.style.formatting", app.config.bibtex_default_style)()
    found: list[tuple[str, str, str | None]] = []
    for key, entry in entries.items():
        if not entry.fields and not entry.persons:
            continue  # what pybtex kept of a broken entry
        try:
            style.format_entry(key, entry)
        except Exception as exc:  # noqa: BLE001 - pybtex raises KeyError, FieldIsMissing, …
            missing = getattr(exc, "field_name", None) or (exc.args[0] if exc.args else str(exc))
            # the styles fall back from author to editor: the author is what is missing
            found.append((key, "author" if missing == "editor" else str(missing), None))
            continue
        year = str(entry.fields.get("year", "")).strip()
        if year and not _YEAR.fullmatch(year):
            found.append((key, "year", year))
    return found


def _unformattable_cached(app: Sphinx, path: Path) -> list[tuple[str, str, str | None]]:
    """:func:`_unformattable`, kept in the environment until the file or the style changes:
    formatting every entry costs more than half a second, on every rebuild of the preview."""

    mtime = path.stat().st_mtime_ns if path.exists() else 0
    stamp = (str(path), mtime, app.config.bibtex_default_style, style_stamp())
    kept: dict[str, Any] = vars(app.env).setdefault("handbog_bib_checks", {})
    if kept.get("stamp") != stamp:
        kept.update(stamp=stamp, found=_unformattable(app, path))
    found: list[tuple[str, str, str | None]] = kept["found"]
    return found


def check_bibfiles(app: Sphinx) -> None:
    """Before sphinxcontrib-bibtex reads the files: every broken entry is one message at its
    line, and sphinxcontrib-bibtex reads the rest instead of crashing with a traceback; an
    entry the style cannot format is one message too, and left out (not a traceback from
    every list that shows it)."""
    broken: set[str] = set()
    for path in _bibfiles(app):
        if not check_file(path, Path(app.confdir)):
            # pybtex would stop with a traceback; the message above says what to do
            raise SystemExit(2)
        where = display_path(path, Path(app.confdir))
        for problem in syntax_problems(path):
            warn("bib-syntaks", f"{where}:{problem.line}", what=problem.what, entry=problem.entry)
            broken.add(problem.key)
        lines = entry_lines(path) if path.exists() else {}
        for key, field, value in _unformattable_cached(app, path):
            if key in broken:
                continue  # already told: its syntax
            at = f"{where}:{lines.get(key, 1)}"
            if value is None:
                warn("bib-felt", at, key=key, missing=field)
            else:
                warn("bib-vaerdi", at, key=key, field=field, value=value)
            broken.add(key)
    capture = None
    if broken:
        capture = pybtex.errors.capture()
        capture.__enter__()
    kept = of_build(app, _Capture)
    kept.capture, kept.broken = capture, broken


def check_entries(app: Sphinx) -> None:
    """After sphinxcontrib-bibtex has read the files: the broken entries are left out."""
    kept = of_build(app, _Capture)
    forget(app, _Capture)
    capture, broken = kept.capture, kept.broken
    if capture is not None:
        capture.__exit__(None, None, None)
    bibdata = _cite_domain(app).bibdata
    for key in broken & set(bibdata.data.entries):
        del bibdata.data.entries[key]
        for bibfile in bibdata.bibfiles.values():
            bibfile.keys.pop(key, None)


def _cite_domain(app: Sphinx) -> Any:
    return app.env.get_domain("cite")


def check_citations(app: Sphinx) -> None:
    """Unknown citation keys (sphinxcontrib-bibtex's own warning is suppressed): one message
    per key, at its first use, with the nearest key and the other places."""
    domain = _cite_domain(app)
    keys = set(domain.bibdata.data.entries)
    places: dict[str, list[tuple[str, int | None]]] = {}
    for ref in domain.citation_refs:
        for target in ref.targets:
            if target.key not in keys:
                places.setdefault(target.key, []).append((ref.docname, ref.line))
    for key, where in places.items():
        # MyST gives roles no line: the n-th use on a page is the n-th line that has the key
        for docname in {d for d, line in where if line is None}:
            lines = iter(lines_of(app, docname, key))
            where[:] = [(d, n if n or d != docname else next(lines, None)) for d, n in where]
    for key, where in places.items():
        first, *rest = sorted(set(where), key=lambda p: (p[0], p[1] or 0))
        warn(
            "cite-ukendt",
            first,
            key=key,
            hint=did_you_mean(key, keys),
            others=others([place(app, d, n) for d, n in rest]),
        )


def check_unused_literature(app: Sphinx, needs: Any) -> None:
    """Entries neither cited, built on, nor part of the report's bibliography."""
    domain = _cite_domain(app)
    used = {t.key for ref in domain.citation_refs for t in ref.targets}
    used |= {n["bibkey"] for n in needs.values() if n.get("bibkey") and n.get("bygger_paa_back")}
    entries = domain.bibdata.data.entries
    kinds = " eller ".join(REPORT_LIST)
    for key in unused_entries(entries, used):
        for path in _bibfiles(app)[:1]:
            line = entry_lines(path).get(key, 1)
            where = f"{display_path(path, Path(app.confdir))}:{line}"
            warn("bib-ubrugt", where, key=key, kinds=kinds)


def check_literature(app: Sphinx, _builder: Any = None) -> None:

    needs = get_needs_view(app)
    check_citations(app)
    check_unused_literature(app, needs)
    check_need_refs(app, needs)


def check_need_refs(app: Sphinx, needs: Any) -> None:
    """{need} references to IDs that do not exist (sphinx-needs' warning is suppressed):
    one message per ID, with the nearest ID and the other places."""
    missing: dict[str, list[tuple[str, int | None]]] = {}
    for docname, refs in sorted(xrefs(app.env).items()):
        lines: dict[str, Any] = {}
        for kind, target, line, _datafile in refs:
            main, _dot, part = target.partition(".")
            need = needs.get(main)
            if kind != "need" or (need is not None and (not part or part in need["parts"])):
                continue
            if line is None:
                found = lines.setdefault(target, iter(lines_of(app, docname, target)))
                line = next(found, None)
            missing.setdefault(target, []).append((docname, line))
    refused = refused_ids(app)
    for target, places in sorted(missing.items()):
        if target.partition(".")[0] in refused:
            continue  # its own block was refused: that is the one message
        first, *rest = places
        warn(
            "need-ukendt",
            first,
            target=target,
            hint=did_you_mean(target, list(needs), n=2, quote=False),
            others=others([place(app, d, n) for d, n in rest]),
        )
