"""The build's own checks of what an editor writes, each with one Danish message.

What used to be seen only by the tests (page skeletons, unused literature), what crashed the
build (a broken ``.bib`` or ``ubproject.toml``) and what other packages report in English
without a fix (a duplicate ID, an unknown citation key, term or page, a page in no table of
contents) is checked here, at the source, and told with a message from
:mod:`handbog.messages`: file, line, what is wrong, the nearest valid name and what to do.
A mistake that many places repeat (a misspelt term used on five pages) is one message that
counts the other places.
"""

from __future__ import annotations

import os
import re
import unicodedata
import weakref
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from docutils import nodes
from sphinx import addnodes
from sphinx.environment.collectors import EnvironmentCollector
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util import docname_join, logging
from sphinx_needs.api import del_need

from handbog import compat, model
from handbog.bibliography import REPORT_LIST, entry_lines, syntax_problems, unused_entries
from handbog.checks import reader
from handbog.data.core import did_you_mean, display_path
from handbog.messages import others, warn

LOGGER = logging.getLogger(__name__)

#: The sections of every core-element and prerequisite page, in this order (DESIGN.md,
#: docs/_templates/kerneelement-side.md). ``handbog_page_skeleton`` in conf.py.
SKELETON = (
    "Definition",
    "Faglig begrundelse",
    "Praksisbeskrivelse",
    "Hjælperedskaber",
    "Sammenhæng med resten af modellen",
    "Tjeklister",
    "Kilder",
)


# -- ubproject.toml ------------------------------------------------------------------------------


def check_model(app: Any, _config: Any) -> None:
    """Before sphinx-needs reads the file: a model that cannot be read stops the build with one
    message (sphinx-needs would warn in English, every need block would then be an unknown
    directive, and the extension would crash)."""
    path = model.path_of_app(app)
    found = model.problem(path)
    if found is None:
        return
    line, what = found
    where = display_path(path, Path(app.confdir))
    # always "file:line": a location without a colon would be taken for a page
    location = f"{where}:{line or 1}"
    if what.startswith("ubproject.toml"):  # a ModelError: the file reads, but contradicts itself
        warn("model-modsigelse", location, what=what)
    else:
        warn("model-toml", location, what=what)
    # Not an exception: Sphinx would print a traceback and ask to report a bug in Sphinx.
    raise SystemExit(2)


# -- docs/litteratur.bib -------------------------------------------------------------------------


def _bibfiles(app: Any) -> list[Path]:
    # as sphinxcontrib-bibtex reads them: relative to the folder of conf.py
    return [(Path(app.confdir) / f).resolve() for f in app.config.bibtex_bibfiles or []]


#: Per application: pybtex's error capture while sphinxcontrib-bibtex reads a broken file.
_CAPTURES: weakref.WeakKeyDictionary[Any, Any] = weakref.WeakKeyDictionary()


def _unformattable(app: Any, path: Path) -> list[tuple[str, str]]:
    """(key, missing field) of the entries the style cannot format (a book without author or
    title), read from the file itself: sphinxcontrib-bibtex keeps its reading between builds."""
    import pybtex.database
    import pybtex.errors
    from pybtex.plugin import find_plugin

    if not path.exists():
        return []
    with pybtex.errors.capture():  # the syntax errors are reported on their own
        entries = pybtex.database.parse_file(path, bib_format="bibtex").entries
    style = find_plugin("pybtex.style.formatting", app.config.bibtex_default_style)()
    found = []
    for key, entry in entries.items():
        if not entry.fields and not entry.persons:
            continue  # what pybtex kept of a broken entry
        try:
            style.format_entry(key, entry)
        except Exception as exc:  # noqa: BLE001 - pybtex raises KeyError, FieldIsMissing, …
            missing = getattr(exc, "field_name", None) or (exc.args[0] if exc.args else str(exc))
            # the styles fall back from author to editor: the author is what is missing
            found.append((key, "author" if missing == "editor" else str(missing)))
    return found


def _unformattable_cached(app: Any, path: Path) -> list[tuple[str, str]]:
    """:func:`_unformattable`, kept in the environment until the file or the style changes:
    formatting every entry costs more than half a second, on every rebuild of the preview."""
    from handbog.bibstyle import _stamp as style_stamp

    mtime = path.stat().st_mtime_ns if path.exists() else 0
    stamp = (str(path), mtime, app.config.bibtex_default_style, style_stamp())
    kept: dict[str, Any] = vars(app.env).setdefault("handbog_bib_formatting", {})
    if kept.get("stamp") != stamp:
        kept.update(stamp=stamp, found=_unformattable(app, path))
    found: list[tuple[str, str]] = kept["found"]
    return found


def check_bibfiles(app: Any) -> None:
    """Before sphinxcontrib-bibtex reads the files: every broken entry is one message at its
    line, and sphinxcontrib-bibtex reads the rest instead of crashing with a traceback; an
    entry the style cannot format is one message too, and left out (not a traceback from
    every list that shows it)."""
    broken: set[str] = set()
    for path in _bibfiles(app):
        where = display_path(path, Path(app.confdir))
        for problem in syntax_problems(path):
            warn("bib-syntaks", f"{where}:{problem.line}", what=problem.what, entry=problem.entry)
            broken.add(problem.key)
        lines = entry_lines(path) if path.exists() else {}
        for key, missing in _unformattable_cached(app, path):
            if key in broken:
                continue  # already told: its syntax
            warn("bib-felt", f"{where}:{lines.get(key, 1)}", key=key, missing=missing)
            broken.add(key)
    capture = None
    if broken:
        import pybtex.errors

        capture = pybtex.errors.capture()
        capture.__enter__()
    _CAPTURES[app] = (capture, broken)


def check_entries(app: Any) -> None:
    """After sphinxcontrib-bibtex has read the files: the broken entries are left out."""
    capture, broken = _CAPTURES.pop(app, (None, set()))
    if capture is not None:
        capture.__exit__(None, None, None)
    bibdata = _cite_domain(app).bibdata
    for key in broken & set(bibdata.data.entries):
        del bibdata.data.entries[key]
        for bibfile in bibdata.bibfiles.values():
            bibfile.keys.pop(key, None)


def _cite_domain(app: Any) -> Any:
    return app.env.get_domain("cite")


def check_citations(app: Any) -> None:
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
            lines = iter(_lines_of(app, docname, key))
            where[:] = [(d, n if n or d != docname else next(lines, None)) for d, n in where]
    for key, where in places.items():
        first, *rest = sorted(set(where), key=lambda p: (p[0], p[1] or 0))
        warn(
            "cite-ukendt",
            first,
            key=key,
            hint=did_you_mean(key, keys),
            others=others([_place(app, d, n) for d, n in rest]),
        )


def _lines_of(app: Any, docname: str, text: str) -> list[int]:
    """The lines of a page's source that hold ``text``, once per time it stands there."""
    try:
        source = Path(app.env.doc2path(docname)).read_text(encoding="utf-8")
    except OSError:
        return []
    return [n for n, line in enumerate(source.splitlines(), 1) for _ in range(line.count(text))]


def check_unused_literature(app: Any, needs: Any) -> None:
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


def check_literature(app: Any, _builder: Any = None) -> None:
    from sphinx_needs.api import get_needs_view

    needs = get_needs_view(app)
    check_citations(app)
    check_unused_literature(app, needs)
    check_need_refs(app, needs)


def check_need_refs(app: Any, needs: Any) -> None:
    """{need} references to IDs that do not exist (sphinx-needs' warning is suppressed):
    one message per ID, with the nearest ID and the other places."""
    missing: dict[str, list[tuple[str, int | None]]] = {}
    for docname, refs in sorted(_xrefs(app.env).items()):
        lines: dict[str, Any] = {}
        for kind, target, line, _datafile in refs:
            main, _dot, part = target.partition(".")
            need = needs.get(main)
            if kind != "need" or (need is not None and (not part or part in need["parts"])):
                continue
            if line is None:
                found = lines.setdefault(target, iter(_lines_of(app, docname, target)))
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
            others=others([_place(app, d, n) for d, n in rest]),
        )


def _place(app: Any, docname: str, line: int | None) -> str:
    path = display_path(app.env.doc2path(docname), Path(app.confdir))
    return f"{path}:{line}" if line else path


# -- Duplicate IDs -------------------------------------------------------------------------------


def _newer(env: Any, first: tuple[str, int], second: tuple[str, int]) -> bool:
    """Whether the need at ``first`` was written after the one at ``second``: its file was
    saved later, or, in the same file, it stands further down."""
    if first[0] == second[0]:
        return first[1] > second[1]
    try:
        return bool(
            os.path.getmtime(env.doc2path(first[0])) > os.path.getmtime(env.doc2path(second[0]))
        )
    except OSError:
        return False


def _need_places(env: Any) -> dict[str, list[tuple[str, int]]]:
    """Page → (ID, line) of the needs its blocks made: ``env.handbog_need_places``. Under
    ``-j`` two pages read in different processes can each make a need with the same ID;
    sphinx-needs keeps one when it merges them, and this finds the pair afterwards."""
    places: dict[str, list[tuple[str, int]]] = vars(env).setdefault("handbog_need_places", {})
    return places


def check_merged_duplicates(app: Any, env: Any) -> None:
    """Duplicates that were read in different processes (-j): the same message, at the newer."""
    by_id: dict[str, list[tuple[str, int]]] = {}
    for docname, places in sorted(_need_places(env).items()):
        for need_id, line in places:
            by_id.setdefault(need_id, []).append((docname, line))
    for need_id, places in sorted(by_id.items()):
        if len(places) < 2:
            continue
        newest = places[0]
        for place in places[1:]:
            newest = place if _newer(env, place, newest) else newest
        for other in (p for p in places if p != newest):
            warn("dublet-id", newest, need_id=need_id, other=_place(app, *other))


def report_duplicate(env: Any, need_id: str, here: tuple[str, int]) -> bool:
    """Whether the need about to be made at ``here`` may be made: a duplicate ID is reported
    once, at the newer of the two places; if that is the other one, the other need is dropped
    so the original stays."""
    existing = compat.need_while_reading(env, need_id)
    if existing is None or existing.get("is_external") or not existing.get("docname"):
        return True
    there = (existing["docname"], existing.get("lineno") or 0)
    app = compat.app_of(env)
    if _newer(env, there, here):
        warn("dublet-id", there, need_id=need_id, other=_place(app, *here))
        del_need(app, need_id)
        places = _need_places(env).get(there[0], [])
        places[:] = [p for p in places if p[0] != need_id]
        return True
    warn("dublet-id", here, need_id=need_id, other=_place(app, *there))
    return False


#: sphinx-needs' own options of a need directive, besides the model's fields and links.
NEEDS_OPTIONS = frozenset(
    (
        "id status tags collapse hide style layout template pre_template post_template "
        "constraints delete jinja_content duration completion"
    ).split()
)

#: Per application: IDs refused for their form, with the IDs they link to, so that neither
#: links to them nor sources only they build on are reported again.
_REFUSED: weakref.WeakKeyDictionary[Any, dict[str, set[str]]] = weakref.WeakKeyDictionary()


def refused_ids(app: Any) -> dict[str, set[str]]:
    return _REFUSED.setdefault(app, {})


def id_in_form(need_id: str, prefix: str) -> str:
    """What an ID looks like in the model's form: "PR_tillid møder" → "PR_TILLID_MOEDER"."""
    text = need_id.upper()
    for letter, spelt in (("Æ", "AE"), ("Ø", "OE"), ("Å", "AA")):
        text = text.replace(letter, spelt)
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    text = re.sub(r"[^A-Z0-9]+", "_", text).strip("_")
    return text if text.startswith(prefix) else prefix + text.split("_", 1)[-1]


def _check_options(directive: Any, info: model.Model) -> None:
    """Unknown options (a misspelt field) get one Danish message with the nearest field, and
    are left out so sphinx-needs adds no English one."""
    known = set(info.fields) | set(info.links)
    for key in [k for k in directive.options if k not in known and k not in NEEDS_OPTIONS]:
        hint = did_you_mean(key, sorted(known))
        fields = ", ".join(f":{f}:" for f in sorted(known))
        warn(
            "ukendt-felt",
            (directive.env.docname, directive.lineno),
            field=key,
            hint=hint,
            fields=fields,
        )
        del directive.options[key]


def _check_id(directive: Any, need_id: str, info: model.Model) -> bool:
    """Whether the ID has the model's form; if not, one Danish message with the right form."""
    if not need_id or re.match(info.id_regex, need_id):
        return True
    kind = info.types.get(directive.name)
    prefix = kind.prefix if kind else ""
    warn(
        "id-form",
        (directive.env.docname, directive.lineno),
        need_id=need_id,
        suggestion=id_in_form(need_id, prefix),
    )
    targets = {
        t.strip()
        for link in info.links
        for t in str(directive.options.get(link) or "").split(",")
        if t.strip()
    }
    refused_ids(compat.app_of(directive.env))[need_id] = targets
    return False


def _guarded_need_directive() -> type[Any]:
    base = compat.need_directive()

    class HandbookNeedDirective(base):  # type: ignore[misc, valid-type]
        """sphinx-needs' need directive, which first checks the options, the ID's form and
        whether the ID is used already, each with one Danish message."""

        def run(self) -> list[nodes.Node]:
            info = model.of_app(compat.app_of(self.env))
            _check_options(self, info)
            need_id = str(self.options.get("id") or "").strip()
            directive: Any = self  # a docutils Directive: its arguments are the title
            if not directive.arguments:
                kind = info.types.get(self.name)
                what = kind.with_article if kind else f"blokken {{{self.name}}}"
                warn("mangler-titel", (self.env.docname, self.lineno), kind=what, name=self.name)
                # made all the same, under its ID: links to it are not reported as well
                directive.arguments = [need_id or self.name]
            if not _check_id(self, need_id, info):
                return []
            here = (self.env.docname, self.lineno)
            if need_id and not report_duplicate(self.env, need_id, here):
                return []
            result: list[nodes.Node] = super().run()
            if need_id and result:
                place = (need_id, self.lineno)
                _need_places(self.env).setdefault(self.env.docname, []).append(place)
            return result

    return HandbookNeedDirective


def register_need_directives(app: Any, _config: Any) -> None:
    """After sphinx-needs has registered its directive under each need type's name."""
    directive = _guarded_need_directive()
    for name in model.of_app(app).types:
        app.add_directive(name, directive, override=True)


# -- Page skeletons ------------------------------------------------------------------------------


def skeleton_problems(
    titles: Sequence[tuple[str, int | None]], skeleton: Sequence[str] = SKELETON
) -> list[tuple[str, int | None, dict[str, str]]]:
    """The page's level-2 headings (title, line) against the skeleton: every one there, in
    order; other headings between them are allowed. (message key, line, values)."""
    names = [t for t, _line in titles]
    order = " → ".join(skeleton)
    found: list[tuple[str, int | None, dict[str, str]]] = []
    missing = [wanted for wanted in skeleton if wanted not in names]
    if missing:
        found.append(
            (
                "skelet-mangler",
                None,
                {
                    "noun": "overskriften" if len(missing) == 1 else "overskrifterne",
                    "names": ", ".join(f"'## {m}'" for m in missing),
                    "order": order,
                },
            )
        )
    position = -1
    for wanted in (w for w in skeleton if w in names):
        index = names.index(wanted)
        if index < position:
            found.append(("skelet-orden", titles[index][1], {"title": wanted, "order": order}))
        position = max(position, index)
    return found


def h2_sections(doctree: nodes.document) -> list[tuple[str, int | None]]:
    """The titles of the sections right below the page title, with their lines."""
    found = []
    for top in (c for c in doctree.children if isinstance(c, nodes.section)):
        for section in (c for c in top.children if isinstance(c, nodes.section)):
            title = section.next_node(nodes.title)
            if title is not None:
                found.append((" ".join(title.astext().split()), title.line or section.line))
    return found


def check_skeleton(app: Any, doctree: nodes.document) -> None:
    skeleton = app.config.handbog_page_skeleton
    if not skeleton:
        return
    docname = app.env.docname
    info = model.of_app(app)
    elements = [
        n
        for n in compat.needs_after_reading(app).values()
        if n.get("docname") == docname and n["type"] in info.element_types
    ]
    if not elements:
        return
    need = min(elements, key=lambda n: n.get("lineno") or 0)
    for key, line, values in skeleton_problems(h2_sections(doctree), skeleton):
        warn(key, (docname, line or need.get("lineno")), need_id=need["id"], **values)


# -- Terms, pages and tables of contents ---------------------------------------------------------


class XrefCollector(EnvironmentCollector):
    """Each page's {term} and {doc} references with their lines (``env.handbog_xrefs``), so
    unknown ones are checked once every page is read: one message per target, in the main
    process also under ``-j``, and again in every build while the mistake is there (Sphinx's
    own warnings, suppressed, come only when the page is written)."""

    def clear_doc(self, app: Any, env: Any, docname: str) -> None:
        _xrefs(env).pop(docname, None)
        _need_places(env).pop(docname, None)

    def merge_other(self, app: Any, env: Any, docnames: Any, other: Any) -> None:
        for attr, ours in (
            ("handbog_xrefs", _xrefs(env)),
            ("handbog_need_places", _need_places(env)),
        ):
            theirs = getattr(other, attr, {})
            for doc in docnames:
                if doc in theirs:
                    ours[doc] = theirs[doc]

    def process_doc(self, app: Any, doctree: nodes.document) -> None:
        glossary = Path(getattr(app.config, "handbog_glossary_dir", "glossary")).resolve()
        found: list[tuple[str, str, int | None, str | None]] = []
        for node in doctree.findall(nodes.Element):
            if "need_link" in node.attributes:  # sphinx-needs' {need} role
                kind = "need"
            elif isinstance(node, addnodes.pending_xref) and node.get("refdomain") == "std":
                kind = node.get("reftype")
                if kind not in ("term", "doc"):
                    continue
            else:
                continue
            source = node.source
            if source and Path(source).suffix in (".yaml", ".yml"):
                if kind == "term" and Path(source).resolve().is_relative_to(glossary):
                    continue  # the glossary checks the {term}s in its own files
            else:
                source = None  # the page itself
            found.append((kind, node["reftarget"], node.line, source))
        if found:
            _xrefs(app.env)[app.env.docname] = found
        else:
            _xrefs(app.env).pop(app.env.docname, None)


#: (kind, target, line, data file): a reference written in a data file (a checklist's help
#: text) has that file and its line, else the page's.
Xref = tuple[str, str, int | None, str | None]


def _xrefs(env: Any) -> dict[str, list[Xref]]:
    """Page → its references; kept in the environment's ``__dict__``."""
    refs: dict[str, list[Xref]] = vars(env).setdefault("handbog_xrefs", {})
    return refs


def check_references(app: Any, env: Any) -> None:
    """Unknown terms and pages: one message per target at its first use, counting the rest."""
    std = env.get_domain("std")
    terms = sorted({name.lower() for name, _d, kind, *_r in std.get_objects() if kind == "term"})
    known_terms = set(terms)
    missing: dict[tuple[str, str, str], list[Any]] = {}
    for docname, refs in sorted(_xrefs(env).items()):
        if docname not in env.found_docs:
            continue
        lines: dict[str, Any] = {}
        for kind, target, line, datafile in refs:
            if kind == "need":
                continue  # checked once the needs are resolved (check_need_refs)
            if kind == "term":
                if target.lower() in known_terms:
                    continue
                key = (kind, target.lower(), target)
            else:
                if docname_join(docname, target) in env.found_docs:
                    continue
                key = (kind, docname_join(docname, target), target)
            if datafile:
                in_file = display_path(datafile, Path(app.confdir))
                missing.setdefault(key, []).append(f"{in_file}:{line or 1}")
                continue
            if line is None:  # MyST gives roles no line: the n-th use is the n-th line with it
                found = lines.setdefault(target, iter(_lines_of(app, docname, f"`{target}")))
                line = next(found, None)
            missing.setdefault(key, []).append((docname, line))
    for (kind, wanted, written), places in sorted(missing.items()):
        first, *rest = places
        rest_text = others([p if isinstance(p, str) else _place(app, *p) for p in rest])
        if kind == "term":
            if _unreadable_term(app, written):
                continue  # the term's file has a problem of its own: that is the one message
            hint = did_you_mean(wanted, terms)
            warn("term-ukendt", first, name=written, hint=hint, others=rest_text)
        else:
            hint = did_you_mean(wanted, sorted(env.found_docs))
            warn("doc-ukendt", first, target=written, hint=hint, others=rest_text)


def _unreadable_term(app: Any, name: str) -> bool:
    """Whether the term has a file in glossary/ (which then could not be read)."""
    from handbog.data.glossary import slug

    folder = Path(getattr(app.config, "handbog_glossary_dir", "glossary"))
    return (folder / f"{slug(name)}.yaml").exists()


# -- Directive and role names --------------------------------------------------------------------


def directive_names(app: Any) -> frozenset[str]:
    """Every directive name MyST can run in this build, as it looks them up: those registered
    with docutils (docutils' own and every extension's), each domain's as ``domain:name``,
    and those of the standard and the default domain also without the prefix."""
    return _names(app, compat.registered_directives(), "directives") | {"eval-rst"}


def role_names(app: Any) -> frozenset[str]:
    """Every role name MyST can run in this build (as :func:`directive_names`)."""
    return _names(app, compat.registered_roles(), "roles")


def _names(app: Any, registered: frozenset[str], kind: str) -> frozenset[str]:
    names = set(registered)
    default = app.config.primary_domain or "py"
    for domain_name, domain in app.env.domains.items():
        own = getattr(domain, kind)
        names |= {f"{domain_name}:{name}" for name in own}
        if domain_name in ("std", default):
            names |= set(own)
    return frozenset(names)


def _suggestions(names: frozenset[str]) -> list[str]:
    """The names to suggest from: a domain's prefixed names only when the editor wrote one."""
    return sorted(n for n in names if ":" not in n)


def _unknown(name: str, names: frozenset[str]) -> bool:
    # docutils looks names up in lower case
    return name.lower() not in names and name not in names


def check_names(app: Any, docname: str, source: list[str]) -> None:
    """A misspelt block name ({prakis}), a block never closed, and a misspelt role
    ({trem}`…`): one Danish message each, with the nearest name this build knows (MyST's own
    English warnings are suppressed)."""
    reading = reader.page(app.env, docname, source[0])
    directives, roles = directive_names(app), role_names(app)
    info = model.of_app(app)
    for directive in reading.directives:
        if directive.unclosed:
            warn("blok-aaben", (docname, directive.line), name=directive.name)
        if not _unknown(directive.name, directives):
            continue
        hint = _hint(directive.name, directives)
        warn("ukendt-blok", (docname, directive.line), name=directive.name, hint=hint)
        # A need block with a misspelt name: its ID and links are not reported again.
        need_id = directive.options.get("id")
        if need_id:
            targets = {
                t.strip() for link in info.links for t in directive.options.get(link, "").split(",")
            }
            refused_ids(app)[need_id] = targets - {""}
    for role in reading.roles:
        if _unknown(role.name, roles):
            warn("ukendt-rolle", (docname, role.line), name=role.name, hint=_hint(role.name, roles))


def _hint(name: str, names: frozenset[str]) -> str:
    if ":" in name:
        return did_you_mean(name, sorted(names))
    return did_you_mean(name, _suggestions(names))


def check_data_names(app: Any) -> None:
    """The texts of glossary and checklist files are MyST too: a misspelt block or role name
    in one gets the same message, at the file's line (these files are not pages that
    source-read sees)."""
    directives, roles = directive_names(app), role_names(app)
    base = Path(app.confdir)
    for path, reading in reader.data_files(app.env, reader.data_folders(app)):
        where = display_path(path, base)
        for directive in reading.directives:
            if _unknown(directive.name, directives):
                hint = _hint(directive.name, directives)
                warn("ukendt-blok", f"{where}:{directive.line}", name=directive.name, hint=hint)
        for role in reading.roles:
            if _unknown(role.name, roles):
                hint = _hint(role.name, roles)
                warn("ukendt-rolle", f"{where}:{role.line}", name=role.name, hint=hint)


class PageLinks(SphinxPostTransform):
    """Links to another page (``[tekst](side.md#anker)``) whose page or anchor does not exist:
    one Danish message with the nearest anchor of that page, before MyST's resolver, whose
    English warning (``myst.xref_missing``) is suppressed. MyST turns such a link into a link
    to the page with an id it does not have, so :class:`DeadAnchors` cannot see it afterwards.
    MyST accepts an anchor when it is a heading's slug, a section's id or a label of the page;
    so does this."""

    default_priority = 8  # before MyST's resolver (9)

    def run(self, **kwargs: Any) -> None:
        env = self.env
        app = compat.app_of(env)
        docname = env.docname
        seen: dict[str, list[int | None]] = {}
        hints: dict[str, tuple[str, str]] = {}
        for node in self.document.findall(addnodes.pending_xref):
            if node.get("reftype") != "myst" or node.get("refdomain") != "doc":
                continue
            page: str = node["reftarget"]
            anchor: str | None = node.get("reftargetid")
            if page not in env.all_docs:
                target = page
                hints[target] = ("siden findes ikke", did_you_mean(page, sorted(env.found_docs)))
            elif anchor and anchor not in (known := page_anchors(env, page)):
                target = f"{page}#{anchor}"
                shown = _place(app, page, None)
                # the headings' anchors first: what an editor writes ("målgruppe"), not the
                # section's id ("malgruppe"), though MyST takes both
                hint = did_you_mean(anchor, known.headings) or did_you_mean(anchor, known.others)
                hints[target] = (f"ankeret findes ikke på {shown}", hint)
            else:
                continue
            seen.setdefault(target, []).append(node.line)
        for target, where in seen.items():
            tail = "#" + target.partition("#")[2] if "#" in target else target.rpartition("/")[2]
            lines = iter(_lines_of(app, docname, tail))
            places = [(docname, _at_or_after(lines, line)) for line in where]
            first, *rest = places
            what, hint = hints[target]
            warn(
                "link-ukendt",
                first,
                target=_written_link(app, docname, first[1], tail) or target,
                what=what,
                hint=hint,
                others=others([_place(app, d, n) for d, n in rest]),
            )


def _at_or_after(lines: Iterator[int], line: int | None) -> int | None:
    """The next line that holds the link, not before the line MyST gave (its paragraph's)."""
    for found in lines:
        if line is None or found >= line:
            return found
    return line


def _written_link(app: Any, docname: str, line: int | None, tail: str) -> str | None:
    """The link's target as the page writes it (``../side.md#anker``), found on its line."""
    if line is None:
        return None
    try:
        text = Path(app.env.doc2path(docname)).read_text(encoding="utf-8").splitlines()[line - 1]
    except (OSError, IndexError):
        return None
    pattern = r"\]\(<?([^()<>\s]*" + re.escape(tail) + r")"
    match = re.search(pattern, text)
    return match[1] if match else None


@dataclass(frozen=True)
class Anchors:
    """The anchors of a page: its headings' slugs, and its section ids and labels."""

    headings: list[str]
    others: list[str]

    def __contains__(self, anchor: object) -> bool:
        return anchor in self.headings or anchor in self.others


def page_anchors(env: Any, docname: str) -> Anchors:
    """What a link may name after ``#`` on a page, as MyST resolves it (``env.metadata``'s
    ``myst_slugs``, which MyST writes for its resolver): its headings' slugs, its sections'
    ids and its labels."""
    slugs: dict[str, tuple[Any, str, str]] = env.metadata.get(docname, {}).get("myst_slugs", {})
    ids = {section_id for _line, section_id, _text in slugs.values()}
    std = env.domaindata.get("std", {})
    for store in ("labels", "anonlabels"):
        for name, entry in std.get(store, {}).items():
            if entry[0] == docname:
                ids |= {name, entry[1]}
    return Anchors(sorted(slugs), sorted(ids - set(slugs)))


class DeadAnchors(SphinxPostTransform):
    """Links MyST could not resolve (``[tekst](#anker)``, ``[tekst](side.md)``): one Danish
    message with the nearest anchor or page. MyST's own warning is suppressed; what it leaves
    behind is a link to an id the page does not have, which is what this looks for, after
    every reference is resolved. (A link to an anchor on another page is
    :class:`PageLinks`'.)"""

    default_priority = 11  # after MyST's resolver (9) and Sphinx's (10)

    def run(self, **kwargs: Any) -> None:
        ids = set(self.document.ids)
        docname = self.env.docname
        app = compat.app_of(self.env)
        seen: dict[str, list[int | None]] = {}
        for node in self.document.findall(nodes.reference):
            refid = node.get("refid")
            if not refid or refid in ids or node.get("refuri"):
                continue
            seen.setdefault(unquote(refid), []).append(node.line)
        for target, where in seen.items():
            lines = iter(
                _lines_of(app, docname, f"({target})")
                or _lines_of(app, docname, f"({target}")
                or _lines_of(app, docname, target)
            )
            places = [(docname, line or next(lines, None)) for line in where]
            first, *rest = places
            # MyST keeps only the target: "side.md", "side.md#anker" or "anker"; a page it
            # could not find is not a page of the project
            page, _hash, anchor = target.partition("#") if "#" in target else ("", "", target)
            if anchor.endswith(".md"):
                page, anchor = anchor, ""
            if page:
                near = did_you_mean(_docpath(docname, page), sorted(self.env.found_docs))
                what = "siden findes ikke"
            else:
                near = did_you_mean(anchor, sorted(ids))
                what = "ankeret findes ikke på siden"
            warn(
                "link-ukendt",
                first,
                target=target,
                what=what,
                hint=near,
                others=others([_place(app, d, n) for d, n in rest]),
            )


def _docpath(refdoc: str, target: str) -> str:
    """A link's page as a document name: "../a/b.md" from "x/y" → "a/b"."""
    path = target[:-3] if target.endswith(".md") else target
    return docname_join(refdoc, path)


def check_toctrees(app: Any, env: Any) -> None:
    """Pages that no table of contents includes (Sphinx's own warning is suppressed)."""
    included = set().union(*env.included.values()) if env.included else set()
    for docname in sorted(env.found_docs):
        if docname == app.config.root_doc or docname in env.files_to_rebuild:
            continue
        if docname in included or "orphan" in env.metadata.get(docname, {}):
            continue
        folder = docname.rsplit("/", 1)[0] + "/index" if "/" in docname else app.config.root_doc
        parent = _place(app, folder, None) if folder in env.found_docs else "mappens index.md"
        warn("ingen-toctree", (docname, None), name=docname.rsplit("/", 1)[-1], parent=parent)


def check_images(app: Any, doctree: nodes.document) -> None:
    """Images whose file is missing (Sphinx's own warning is suppressed), with the nearest
    file of the folder."""
    docname = app.env.docname
    for node in doctree.findall(nodes.image):
        uri = node.get("uri", "")
        if not uri or "://" in uri or uri.startswith("data:"):
            continue
        candidates: dict[str, str] = node.get("candidates", {})
        paths = [Path(app.srcdir, c) for c in candidates.values()] or [Path(app.srcdir, uri)]
        if any(p.is_file() for p in paths):
            continue
        folder = Path(app.srcdir, uri).parent
        files = sorted(p.name for p in folder.iterdir() if p.is_file()) if folder.is_dir() else []
        written = node.get("handbog_written") or Path(uri).name
        warn(
            "billede",
            (docname, node.line or _first_line(app, docname, Path(uri).name)),
            name=written,
            hint=did_you_mean(Path(uri).name, files),
        )


def _first_line(app: Any, docname: str, text: str) -> int | None:
    return next(iter(_lines_of(app, docname, text)), None)


def setup(app: Any) -> None:
    app.add_config_value("handbog_page_skeleton", list(SKELETON), "env", types=[list, tuple])
    app.add_config_value("handbog_need_text", True, "env", types=[bool])
    # Before sphinx-needs reads ubproject.toml (priority 10).
    app.connect("config-inited", check_model, priority=1)
    # After sphinx-needs has registered the need types' directives (load_config, 500).
    app.connect("config-inited", register_need_directives, priority=800)
    # Around sphinxcontrib-bibtex reading the .bib files (builder-inited, 500).
    app.connect("builder-inited", check_bibfiles, priority=400)
    app.connect("builder-inited", check_entries, priority=600)
    app.connect("source-read", check_names)
    app.connect("builder-inited", check_data_names, priority=700)
    app.connect("doctree-read", check_skeleton)
    # After Sphinx's image collector has worked out each image's files (priority 500).
    app.connect("doctree-read", check_images, priority=600)
    app.connect("env-check-consistency", check_toctrees)
    # Once every page is read and sphinx-needs has resolved the links (write-started, 500).
    app.connect("write-started", check_literature, priority=600)
    app.add_env_collector(XrefCollector)
    app.add_post_transform(PageLinks)
    app.add_post_transform(DeadAnchors)
    app.connect("env-updated", check_references)
    app.connect("env-updated", check_merged_duplicates)
