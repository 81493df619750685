"""Search: a Pagefind index of the built pages, and the search page that reads it.

Sphinx's own search downloads the index of every word on every page and then each matching
page in full to make its snippets (about 2 MB a query). Pagefind (a well-kept static search
with Danish stemming; its binary comes in the ``pagefind[bin]`` wheel) splits its index
into fragments that the browser loads for the words it looks up, and keeps the snippets in
the index. The handbook indexes only the content of each page, leaves out what a reader does
not search for (need IDs, the trace under each need, permalinks), and files each page under a
kind, so that the search page can put the model's pages before the lookup pages and let the
reader narrow the results by kind.

The index is written to ``pagefind/`` in the output when an HTML build has finished. Both
the index (the body furo's page template marks) and the search page (furo's, extended) are made
for the handbook's theme, furo; a project with another theme keeps Sphinx's own search.
"""

from __future__ import annotations

import asyncio
import hashlib
import shutil
from dataclasses import dataclass
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx.builders.html import StandaloneHTMLBuilder
from sphinx.util import logging

from handbog import messages
from handbog.glossary.data import load_glossary
from handbog.glossary.directive import glossary_folder, terms_used
from handbog.state import of_build

if TYPE_CHECKING:
    from sphinx.application import Sphinx

logger = logging.getLogger(__name__)

#: What it leaves out: the ID and the trace of each need (they stay on the page and in
#: needs.json), the checklists' item IDs, permalink signs, and what only prints.
EXCLUDE_SELECTORS = (
    ".headerlink",
    ".handbog-id",
    ".needs-id",
    ".needs_id",
    "details.handbog-trace",
    "tr.need.meta",
    "tr.need.footer",
    ".hc-id",
    ".hc-meta",
    ".handbog-print-only",
)


@dataclass(frozen=True)
class Kind:
    """A kind of page, as the search page shows it and filters by it."""

    label: str
    #: The model's own pages come before the lookup pages in the results.
    main: bool


#: The kind of a page by its folder (the first part of its docname); the handbook's
#: information architecture (../shared/DESIGN.md) puts each kind in a folder of its own.
KINDS: dict[str, Kind] = {
    "kerneelementer": Kind("Kerneelement", True),
    "forudsaetninger": Kind("Forudsætning", True),
    "om-modellen": Kind("Om modellen", True),
    "opmaerksomhedspunkter": Kind("Om modellen", True),
    "index": Kind("Om modellen", True),
    "tjeklister": Kind("Tjekliste", True),
    "erfaringer": Kind("Erfaringer", True),
    "ordliste": Kind("Ordliste og opslag", False),
    "litteratur": Kind("Ordliste og opslag", False),
    "sporbarhed": Kind("Ordliste og opslag", False),
    "projekt": Kind("Om håndbogen", False),
}
OTHER = Kind("Om håndbogen", False)

#: Pages that are not content: Sphinx's generated pages and sphinx-needs' redirect (they are
#: not indexed either: their templates do not mark a body for Pagefind).
SKIPPED = {"search", "genindex", "permalink"}


def kind_of(docname: str) -> Kind:
    return KINDS.get(docname.split("/", 1)[0], OTHER)


class search_kind(nodes.Element):
    """An empty element that carries the page's kind for Pagefind (see :func:`visit`)."""


class search_words(nodes.Element):
    """The other names of the glossary terms a page uses, for the index only (hidden)."""


#: Before the other names on a page, should a search snippet show them.
WORDS_LEAD = "Andre ord for siden og dens begreber:"


def visit_search_words(self: Any, node: search_words) -> None:
    # Hidden on screen and on paper; Pagefind reads the HTML, so the words are found.
    words = ", ".join(self.encode(word) for word in node["words"])
    self.body.append(f'<p hidden class="handbog-search-words">{WORDS_LEAD} {words}.</p>')
    raise nodes.SkipNode


def visit_search_kind(self: Any, node: search_kind) -> None:
    kind: Kind = node["kind"]
    group = "hovedside" if kind.main else "opslag"
    for name, value in (("art", kind.label), ("gruppe", group)):
        self.body.append(f'<span hidden data-pagefind-filter="{name}:{value}"></span>')
    raise nodes.SkipNode


def skip(self: Any, node: nodes.Element) -> None:
    raise nodes.SkipNode


def mark_kind(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    if docname in SKIPPED or not _with_furo(app):
        return
    doctree.insert(0, search_kind(kind=kind_of(docname)))
    words = other_names(app, docname) + page_words(app, docname)
    if words:
        doctree.append(search_words(words=words))


#: The page's own search words, in its front matter: ``soegeord: forældremøde, …``.
PAGE_WORDS = "soegeord"


def page_words(app: Sphinx, docname: str) -> list[str]:
    """Words readers search for that the page does not use itself, as an editor lists them
    in the page's front matter. Pagefind finds a word only as it is written (and its
    stem): the meeting checklist says »mødet med forældrene«, readers type »forældremøde«,
    and once one lookup page used that word, it was the only result."""
    value = app.env.metadata.get(docname, {}).get(PAGE_WORDS, "")
    items = value if isinstance(value, list) else str(value).split(",")
    return [word.strip() for word in items if str(word).strip()]


class _NamesByWord(dict[str, tuple[str, ...]]):
    read = False


def _names_by_word(app: Sphinx) -> dict[str, tuple[str, ...]]:
    """Each name of a glossary term (casefolded) → all the term's names; read once."""
    cached = of_build(app, _NamesByWord)
    if not cached.read:
        cached.read = True

        # a term file that cannot be read is reported by the glossary; here it is left out
        terms, _problems = load_glossary(glossary_folder(app.config))
        cached.update({name.casefold(): term.names for term in terms for name in term.names})
    return cached


def other_names(app: Sphinx, docname: str) -> list[str]:
    """Words people use for the terms on a page that the page itself may not contain: the
    headword and synonyms of each glossary term it refers to, except the name it used.
    So "forebyggende socialrådgiver" finds the pages about fremskudte socialrådgivere."""

    by_word = _names_by_word(app)
    words: dict[str, None] = {}
    for target in terms_used(app.env, docname):
        for name in by_word.get(target, ()):
            if name.casefold() != target:
                words.setdefault(name, None)
    return list(words)


async def _index(outdir: Path) -> None:
    from pagefind.index import IndexConfig, PagefindIndex

    config = IndexConfig(
        exclude_selectors=list(EXCLUDE_SELECTORS),
        force_language="da",
        # ".../index.html", not ".../": a static host or a folder on a share may not serve a
        # folder's index page by itself
        keep_index_url=True,
        output_path=str(outdir / "pagefind"),
    )
    async with PagefindIndex(config=config) as index:
        # One call for the whole folder: Pagefind reads the files itself, in parallel (about
        # 0.3 s for the handbook, against 4.5 s for one call per page). It keeps only the
        # pages that mark their content with data-pagefind-body (templates/furo/page.html).
        await index.add_directory(path=str(outdir), glob="**/*.html")


def _with_furo(app: Sphinx) -> bool:
    return bool(app.config.html_theme == "furo")


#: Beside the doctrees: what the index in the output was made from (see :func:`pages_digest`).
STAMP_FILE = "handbog-soegeindeks.sha256"


def pages_digest(outdir: Path) -> str:
    """One hash of everything Pagefind reads and how it reads it: every page's path and
    bytes, the selectors it leaves out and the Pagefind version."""

    try:
        pagefind = version("pagefind")
    except PackageNotFoundError:
        pagefind = ""
    digest = hashlib.sha256("\n".join([pagefind, *EXCLUDE_SELECTORS]).encode("utf-8"))
    for page in sorted(outdir.rglob("*.html")):
        relative = page.relative_to(outdir)
        if relative.parts[0] == "pagefind":
            continue
        digest.update(b"\0" + relative.as_posix().encode("utf-8") + b"\0")
        digest.update(hashlib.sha256(page.read_bytes()).digest())
    return digest.hexdigest()


def write_index(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.format != "html" or app.builder.name != "html":
        return
    if not _with_furo(app):
        return
    outdir = Path(app.outdir)
    # A rebuild that wrote no page, or pages with the same bytes, has the index it had: it
    # is made again only when a page changed (about a third of a no-change rebuild before).
    stamp = Path(app.doctreedir) / STAMP_FILE
    digest = pages_digest(outdir)
    index = outdir / "pagefind" / "pagefind-entry.json"
    if index.is_file() and stamp.is_file() and stamp.read_text("utf-8") == digest:
        return
    # Pagefind names its files by content hash and never removes old ones: without this, a
    # folder built many times keeps every earlier index.
    shutil.rmtree(outdir / "pagefind", ignore_errors=True)
    stamp.unlink(missing_ok=True)
    try:
        asyncio.run(_index(outdir))
    except Exception as error:  # the binary is missing or failed: say so, in Danish
        messages.warn("soegning", None, what=str(error))
        return
    stamp.parent.mkdir(parents=True, exist_ok=True)
    stamp.write_text(digest, "utf-8")
    logger.info("Søgeindekset er skrevet (Pagefind).")


class HTMLBuilder(StandaloneHTMLBuilder):
    """Sphinx's HTML builder, without Sphinx's own search index where Pagefind replaces it.

    Sphinx feeds every page it writes to its indexer (stemming every word) and writes
    ``searchindex.js`` and the stemmer's scripts, which the handbook's search page does not
    load: about a tenth of a clean build. With furo, the indexer is left out; with another
    theme, Sphinx's own search stays as it is."""

    def _pagefind(self) -> bool:
        return bool(self.config.html_theme == "furo")

    def load_indexer(self, docnames: Any) -> None:
        # There is no earlier searchindex.js to load (Sphinx would warn that it is missing).
        if not self._pagefind():
            super().load_indexer(docnames)

    def prepare_writing(self, docnames: Any) -> None:
        super().prepare_writing(docnames)
        if self._pagefind():
            # index_page, the static files and dump_search_index all skip a missing indexer
            self.indexer = None


SEARCH_STYLESHEET = "search/soeg.css"


def search_page_assets(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    # Added for this page only, so the page joins it to its other styles (cssbundle).
    if pagename == "search" and _with_furo(app):
        app.add_css_file(SEARCH_STYLESHEET, priority=910)


def setup(app: Sphinx) -> None:
    app.add_builder(HTMLBuilder, override=True)
    for node, visit in ((search_kind, visit_search_kind), (search_words, visit_search_words)):
        app.add_node(
            node,
            html=(visit, None),
            latex=(skip, None),
            text=(skip, None),
            man=(skip, None),
            texinfo=(skip, None),
        )
    app.connect("doctree-resolved", mark_kind)
    app.connect("html-page-context", search_page_assets)
    app.connect("build-finished", write_index)
