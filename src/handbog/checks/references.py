"""{term} and {doc} references to what does not exist, pages in no table of contents, and
missing images: one message per target, at its first use, counting the others.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx import addnodes
from sphinx.environment.collectors import EnvironmentCollector
from sphinx.util import docname_join

from handbog.checks.needs import need_places
from handbog.checks.places import first_line, lines_of, place
from handbog.data.core import did_you_mean, display_path
from handbog.glossary.data import slug
from handbog.messages import others, warn

if TYPE_CHECKING:
    from sphinx.application import Sphinx

# -- Terms, pages and tables of contents ---------------------------------------------------------


class XrefCollector(EnvironmentCollector):
    """Each page's {term} and {doc} references with their lines (``env.handbog_xrefs``), so
    unknown ones are checked once every page is read: one message per target, in the main
    process also under ``-j``, and again in every build while the mistake is there (Sphinx's
    own warnings, suppressed, come only when the page is written)."""

    def clear_doc(self, app: Sphinx, env: Any, docname: str) -> None:
        xrefs(env).pop(docname, None)
        need_places(env).pop(docname, None)

    def merge_other(self, app: Sphinx, env: Any, docnames: Any, other: Any) -> None:
        for attr, ours in (
            ("handbog_xrefs", xrefs(env)),
            ("handbog_need_places", need_places(env)),
        ):
            theirs = getattr(other, attr, {})
            for doc in docnames:
                if doc in theirs:
                    ours[doc] = theirs[doc]

    def process_doc(self, app: Sphinx, doctree: nodes.document) -> None:
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
            xrefs(app.env)[app.env.docname] = found
        else:
            xrefs(app.env).pop(app.env.docname, None)


#: (kind, target, line, data file): a reference written in a data file (a checklist's help
#: text) has that file and its line, else the page's.
Xref = tuple[str, str, int | None, str | None]


def xrefs(env: Any) -> dict[str, list[Xref]]:
    """Page → its references; kept in the environment's ``__dict__``."""
    refs: dict[str, list[Xref]] = vars(env).setdefault("handbog_xrefs", {})
    return refs


def check_references(app: Sphinx, env: Any) -> None:
    """Unknown terms and pages: one message per target at its first use, counting the rest."""
    std = env.get_domain("std")
    terms = sorted({name.lower() for name, _d, kind, *_r in std.get_objects() if kind == "term"})
    known_terms = set(terms)
    missing: dict[tuple[str, str, str], list[Any]] = {}
    for docname, refs in sorted(xrefs(env).items()):
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
                found = lines.setdefault(target, iter(lines_of(app, docname, f"`{target}")))
                line = next(found, None)
            missing.setdefault(key, []).append((docname, line))
    for (kind, wanted, written), places in sorted(missing.items()):
        first, *rest = places
        rest_text = others([p if isinstance(p, str) else place(app, *p) for p in rest])
        if kind == "term":
            if _unreadable_term(app, written):
                continue  # the term's file has a problem of its own: that is the one message
            hint = did_you_mean(wanted, terms)
            warn("term-ukendt", first, name=written, hint=hint, others=rest_text)
        else:
            hint = did_you_mean(wanted, sorted(env.found_docs))
            warn("doc-ukendt", first, target=written, hint=hint, others=rest_text)


def _unreadable_term(app: Sphinx, name: str) -> bool:
    """Whether the term has a file in glossary/ (which then could not be read)."""

    folder = Path(getattr(app.config, "handbog_glossary_dir", "glossary"))
    return (folder / f"{slug(name)}.yaml").exists()


def check_toctrees(app: Sphinx, env: Any) -> None:
    """Pages that no table of contents includes (Sphinx's own warning is suppressed)."""
    included = set().union(*env.included.values()) if env.included else set()
    for docname in sorted(env.found_docs):
        if docname == app.config.root_doc or docname in env.files_to_rebuild:
            continue
        if docname in included or "orphan" in env.metadata.get(docname, {}):
            continue
        folder = docname.rsplit("/", 1)[0] + "/index" if "/" in docname else app.config.root_doc
        parent = place(app, folder, None) if folder in env.found_docs else "mappens index.md"
        warn("ingen-toctree", (docname, None), name=docname.rsplit("/", 1)[-1], parent=parent)


def check_images(app: Sphinx, doctree: nodes.document) -> None:
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
            (docname, node.line or first_line(app, docname, Path(uri).name)),
            name=written,
            hint=did_you_mean(Path(uri).name, files),
        )
