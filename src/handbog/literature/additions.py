"""One markup for the handbook's own additions and interpretations, and their count.

The handbook promises that everything not in its sources is marked. An editor marks a few
words with the role and a whole passage with the directive::

    Rapporten siger ... {tilfoejelse}`Skriv begrundelsen i referatet.`

    ```{tilfoejelse}
    Spørgsmål til et undervisningsforløb ...
    ```

Both render as the glossary renders a term's ``tilfoejelse`` field: a bold label
"Håndbogens tilføjelse:" before the text. The HTML and the PDF (which is printed from the
same HTML) therefore look alike, and a reader meets one sign everywhere. Each page's number
of marked additions is kept in the environment, and ``{tilfoejelser}`` on a traceability
page lists them, with the glossary terms that carry an addition.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from types import SimpleNamespace
from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective, SphinxRole

from handbog.checks import rereading
from handbog.glossary.data import danish_key, load_glossary
from handbog.glossary.directive import glossary_folder
from handbog.needs.views import trace_table

if TYPE_CHECKING:
    from sphinx.application import Sphinx

LOGGER = logging.getLogger(__name__)

#: What a reader sees before every addition (the glossary's words, handbog/glossary.py).
LABEL = "Håndbogens tilføjelse:"
#: The class on every rendered addition, for styling and for tests.
CLASS = "handbog-tilfoejelse"


def _label() -> nodes.strong:
    return nodes.strong(LABEL, LABEL, classes=[f"{CLASS}__maerke"])


def _count(env: Any) -> None:
    counts: dict[str, int] = env.__dict__.setdefault("handbog_additions", {})
    counts[env.docname] = counts.get(env.docname, 0) + 1


class AdditionRole(SphinxRole):
    """``{tilfoejelse}`tekst```: a few words of the handbook's own, inside a paragraph."""

    def run(self) -> tuple[list[nodes.Node], list[nodes.system_message]]:
        _count(self.env)
        span = nodes.inline(self.rawtext, "", classes=[CLASS])
        span += _label()
        span += nodes.Text(" ")
        # The words may hold markup of their own ({term}, {doc}, emphasis); in a rST state
        # the memo carries the document, reporter and language, as docutils expects.
        memo = SimpleNamespace(
            document=self.inliner.document,
            reporter=self.inliner.reporter,
            language=self.inliner.language,
        )
        children, messages = self.inliner.parse(self.text, self.lineno, memo, span)
        span += children
        self.set_source_info(span)
        return [span], messages


class AdditionDirective(SphinxDirective):
    """```` ```{tilfoejelse} ```` : whole paragraphs, lists or questions of the handbook's
    own. The label starts the first paragraph, as in the glossary."""

    has_content = True

    def run(self) -> list[nodes.Node]:
        if not self.content:
            raise self.error(
                "tilfoejelse er tom: skriv håndbogens egen tekst inde i blokken, eller slet den."
            )
        _count(self.env)
        box = nodes.container(classes=[CLASS])
        self.set_source_info(box)
        box += self.parse_content_to_nodes()
        first = box.children[0] if box.children else None
        if isinstance(first, nodes.paragraph):
            first.insert(0, nodes.Text(" "))
            first.insert(0, _label())
        else:
            box.insert(0, nodes.paragraph("", "", _label()))
        return [box]


class addition_count(nodes.General, nodes.Element):  # noqa: N801 (docutils node naming)
    """Placeholder for the table of additions, filled in once every page has been read."""


class AdditionCountDirective(SphinxDirective):
    """``{tilfoejelser}``: each page's number of marked additions, and the glossary's."""

    has_content = False

    def run(self) -> list[nodes.Node]:
        pages: set[str] = self.env.__dict__.setdefault("handbog_addition_pages", set())
        pages.add(self.env.docname)
        node = addition_count()
        self.set_source_info(node)
        return [node]


def page_counts(env: Any) -> dict[str, int]:
    """{docname: number of marked additions} for every page that has one."""
    counts: dict[str, int] = getattr(env, "handbog_additions", {})
    return {doc: n for doc, n in counts.items() if n}


def glossary_additions(app: Sphinx) -> list[tuple[str, Path]] | None:
    """(term, file) for every glossary term with a ``tilfoejelse``; None when the project
    has no glossary folder."""

    folder = glossary_folder(app.config)
    if not folder.is_dir():
        return None
    terms, _problems = load_glossary(folder)  # the glossary reports its own problems
    return [(term.term, term.path) for term in terms if term.addition]


def _table(rows: Iterable[tuple[nodes.Node, int]], total: int) -> nodes.container:
    body = [
        [nodes.paragraph("", "", label), nodes.paragraph(text=str(count))] for label, count in rows
    ]
    body.append(
        [
            nodes.paragraph("", "", nodes.strong("I alt", "I alt")),
            nodes.paragraph("", "", nodes.strong(str(total), str(total))),
        ]
    )
    return trace_table(["Side", "Mærkede tilføjelser"], body, ["handbog-tilfoejelser"])


def resolve(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    placeholders = list(doctree.findall(addition_count))
    if not placeholders:
        return
    env = app.env
    counts = page_counts(env)
    rows: list[tuple[nodes.Node, int]] = []
    for doc in sorted(counts):
        title = env.titles[doc].astext() if doc in env.titles else doc
        link = nodes.reference("", title, refuri=app.builder.get_relative_uri(docname, doc))
        rows.append((link, counts[doc]))
    glossary = glossary_additions(app)
    for node in placeholders:
        result: list[nodes.Node] = [_table(rows, sum(counts.values()))]
        if glossary is None:
            node.replace_self(result)
            continue
        noun = "begreb" if len(glossary) == 1 else "begreber"
        names = sorted((term for term, _ in glossary), key=danish_key)
        para = nodes.paragraph()
        para += nodes.Text(f"I ordlisten har {len(glossary)} {noun} en tilføjelse")
        para += nodes.Text(": " + ", ".join(names) + "." if names else ".")
        result.append(para)
        node.replace_self(result)


def _purge(_app: Sphinx, env: Any, docname: str) -> None:
    getattr(env, "handbog_additions", {}).pop(docname, None)
    getattr(env, "handbog_addition_pages", set()).discard(docname)


def _merge(_app: Sphinx, env: Any, docnames: Iterable[str], other: Any) -> None:
    counts: dict[str, int] = env.__dict__.setdefault("handbog_additions", {})
    pages: set[str] = env.__dict__.setdefault("handbog_addition_pages", set())
    theirs: dict[str, int] = getattr(other, "handbog_additions", {})
    their_pages: set[str] = getattr(other, "handbog_addition_pages", set())
    for doc in docnames:
        if doc in theirs:
            counts[doc] = theirs[doc]
        if doc in their_pages:
            pages.add(doc)


def setup(app: Sphinx) -> None:
    app.add_role("tilfoejelse", AdditionRole())
    app.add_directive("tilfoejelse", AdditionDirective)
    app.add_node(addition_count)
    app.add_directive("tilfoejelser", AdditionCountDirective)
    app.connect("env-purge-doc", _purge)
    app.connect("env-merge-info", _merge)
    # A page that counts the additions is written again when any page changes.
    rereading.write_again_on_change(app, lambda env: getattr(env, "handbog_addition_pages", ()))
    app.connect("doctree-resolved", resolve)
