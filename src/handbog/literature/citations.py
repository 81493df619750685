"""Each page's "Kilder" list, drawn from the handbook's one bibliography.

The full bibliography lives on one page (docs/litteratur.md, one ``{bibliography}``), so every
reference has exactly one target and sphinxcontrib-bibtex never sees duplicate citations.
``{sidekilder}`` lists, on a page, the works that page cites plus the literature its needs
rest on (``bygger_paa``), formatted like the bibliography and linked to it — the page, and
each printed PDF module, still ends with its own reference list.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from docutils import nodes
from pybtex.plugin import find_plugin
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective
from sphinx_needs.api import get_needs_view
from sphinxcontrib.bibtex.domain import BibtexDomain

from handbog.needs.needrefs import need_uri
from handbog.state import forget, of_build

if TYPE_CHECKING:
    from sphinx.application import Sphinx

LOGGER = logging.getLogger(__name__)


class page_sources(nodes.General, nodes.Element):  # noqa: N801 (docutils node naming)
    """Placeholder replaced at resolve time, when all citations are known."""


class PageSourcesDirective(SphinxDirective):
    has_content = False

    def run(self) -> list[nodes.Node]:
        node = page_sources()
        node["docname"] = self.env.docname
        self.set_source_info(node)
        return [node]


class _Index:
    """Per build: each page's citation keys and needs, the citations by key, and each
    citation's sort key. Built once, on the first page that lists its sources, so the lists
    cost a look-up per page instead of a pass over every citation and every need of the
    handbook per page (which made the build grow with the square of its size)."""

    def __init__(self, app: Sphinx) -> None:
        domain = cast(BibtexDomain, app.env.get_domain("cite"))
        self.cited: dict[str, list[str]] = {}
        for ref in domain.citation_refs:
            self.cited.setdefault(ref.docname, []).extend(t.key for t in ref.targets)
        self.needs = get_needs_view(app)
        self.by_doc: dict[str | None, list[Any]] = {}  # None: an external need
        for need in self.needs.values():
            self.by_doc.setdefault(need["docname"], []).append(need)
        self.by_key = {c.key: c for c in domain.citations}
        # pybtex looks a backend up among the installed packages' entry points on every
        # render_as() (about 5 ms each): look each one up once.
        self.backend = find_plugin("pybtex.backends", "docutils")()
        self._text = find_plugin("pybtex.backends", "plaintext")()
        self._order: dict[str, str] = {}

    def order(self, citation: Any) -> str:
        key = self._order.get(citation.key)
        if key is None:
            key = citation.formatted_entry.text.render(self._text).casefold()
            self._order[citation.key] = key
        return key


def _index(app: Sphinx) -> _Index:
    """The application's index for its current build (handbog.state)."""
    return of_build(app, _Index, lambda: _Index(app))


def _forget_index(app: Sphinx, *_args: Any) -> None:
    forget(app, _Index)


def _keys_for(index: _Index, docname: str) -> list[str]:
    keys = list(index.cited.get(docname, []))
    for need in index.by_doc.get(docname, []):
        for source_id in need.get("bygger_paa") or []:
            source = index.needs.get(source_id)
            if source is not None and source.get("bibkey"):
                keys.append(source["bibkey"])
    return list(dict.fromkeys(keys))


def _non_literature_sources(index: _Index, docname: str) -> list[Any]:
    found: dict[str, Any] = {}
    for need in index.by_doc.get(docname, []):
        for source_id in need.get("bygger_paa") or []:
            source = index.needs.get(source_id)
            if source is not None and source["type"] == "kilde" and not source.get("bibkey"):
                found[source_id] = source
    return [found[k] for k in sorted(found)]


def resolve(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    placeholders = list(doctree.findall(page_sources))
    if not placeholders:
        return
    index = _index(app)
    backend = index.backend
    keys = _keys_for(index, docname)
    citations = sorted(
        (index.by_key[k] for k in keys if k in index.by_key),
        key=index.order,
    )
    others = _non_literature_sources(index, docname)
    for node in placeholders:
        if not citations and not others:
            para = nodes.paragraph(text="Siden henviser ikke til kilder.")
            node.replace_self(para)
            continue
        listing = nodes.bullet_list(classes=["handbog-sidekilder"])
        for citation in citations:
            item = nodes.list_item()
            para = nodes.paragraph()
            para += backend.paragraph(citation.formatted_entry).children
            target_doc = citation.bibliography_key.docname
            uri = app.builder.get_relative_uri(docname, target_doc) + "#" + citation.citation_id
            para += nodes.Text(" ")
            link = nodes.reference("", "", refuri=uri, classes=["handbog-sidekilder__link"])
            link += nodes.Text("Se i litteraturlisten")
            para += link
            item += para
            listing += item
        for source in others:
            item = nodes.list_item()
            para = nodes.paragraph()
            link = nodes.reference("", "", refuri=need_uri(app.builder, docname, source))
            link += nodes.Text(f"{source['title']} ({source['id']})")
            para += link
            item += para
            listing += item
        node.replace_self(listing)


def setup(app: Sphinx) -> None:
    app.add_node(page_sources)
    app.add_directive("sidekilder", PageSourcesDirective)
    # After sphinxcontrib-bibtex has resolved its citation references.
    app.connect("doctree-resolved", resolve, priority=600)
    # The index is built from the environment as it is when pages are written.
    app.connect("write-started", _forget_index)
    app.connect("build-finished", _forget_index)
