"""Each page's "Kilder" list, drawn from the handbook's one bibliography.

The full bibliography lives on one page (docs/litteratur.md, one ``{bibliography}``), so every
reference has exactly one target and sphinxcontrib-bibtex never sees duplicate citations.
``{sidekilder}`` lists, on a page, the works that page cites plus the literature its needs
rest on (``bygger_paa``), formatted like the bibliography and linked to it — the page, and
each printed PDF module, still ends with its own reference list.
"""

from __future__ import annotations

from typing import Any

from docutils import nodes
from pybtex.plugin import find_plugin
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective
from sphinx_needs.data import SphinxNeedsData

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


def _keys_for(env: Any, docname: str) -> list[str]:
    domain = env.get_domain("cite")
    keys: list[str] = []
    for ref in domain.citation_refs:
        if ref.docname == docname:
            keys.extend(target.key for target in ref.targets)
    needs = SphinxNeedsData(env).get_needs_view()
    for need in needs.values():
        if need["docname"] != docname:
            continue
        for source_id in need.get("bygger_paa") or []:
            source = needs.get(source_id)
            if source is not None and source.get("bibkey"):
                keys.append(source["bibkey"])
    return list(dict.fromkeys(keys))


def _non_literature_sources(env: Any, docname: str) -> list[Any]:
    needs = SphinxNeedsData(env).get_needs_view()
    found: dict[str, Any] = {}
    for need in needs.values():
        if need["docname"] != docname:
            continue
        for source_id in need.get("bygger_paa") or []:
            source = needs.get(source_id)
            if source is not None and source["type"] == "kilde" and not source.get("bibkey"):
                found[source_id] = source
    return [found[k] for k in sorted(found)]


def resolve(app: Any, doctree: nodes.document, docname: str) -> None:
    placeholders = list(doctree.findall(page_sources))
    if not placeholders:
        return
    env = app.env
    domain = env.get_domain("cite")
    by_key = {c.key: c for c in domain.citations}
    backend = find_plugin("pybtex.backends", "docutils")()
    keys = _keys_for(env, docname)
    citations = sorted(
        (by_key[k] for k in keys if k in by_key),
        key=lambda c: c.formatted_entry.text.render_as("text").casefold(),
    )
    others = _non_literature_sources(env, docname)
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
            uri = app.builder.get_relative_uri(docname, source["docname"]) + "#" + source["id"]
            link = nodes.reference("", "", refuri=uri)
            link += nodes.Text(f"{source['title']} ({source['id']})")
            para += link
            item += para
            listing += item
        node.replace_self(listing)


def setup(app: Any) -> None:
    app.add_node(page_sources)
    app.add_directive("sidekilder", PageSourcesDirective)
    # After sphinxcontrib-bibtex has resolved its citation references.
    app.connect("doctree-resolved", resolve, priority=600)
