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
import gzip
import hashlib
import json
import re
import shutil
import zlib
from collections import Counter
from dataclasses import dataclass
from html import escape
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import TYPE_CHECKING, Any

from docutils import nodes
from lxml import html as lxml_html  # type: ignore[import-untyped]  # (stubs not installed)
from sphinx.builders.html import StandaloneHTMLBuilder
from sphinx.util import logging

from handbog import messages
from handbog.compat import pagefind_index_parts
from handbog.glossary.data import load_glossary
from handbog.glossary.directive import glossary_folder, terms_used
from handbog.state import of_build

if TYPE_CHECKING:
    from sphinx.application import Sphinx

logger = logging.getLogger(__name__)

#: What it leaves out: the ID and the trace of each need (they stay on the page and in
#: needs.json), the checklists' item IDs, permalink signs, and what only prints. Also the
#: references (a page's "Kilder" list and the bibliography): Pagefind matches a word it does
#: not know on its longest indexed prefix, and the authors' initials ("A.", "M.") made
#: »autisme« and »mobning« find 14 pages. The line offering the page's PDF module is the
#: same on every page and filled 17 of 162 snippets.
EXCLUDE_SELECTORS = (
    ".citation",
    ".handbog-sidekilder",
    ".handbog-pdf-link",
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


#: The id of the hidden heading above them: Pagefind makes it a section of its own, so the
#: search page (soeg.js, through RULES) can keep the words out of the snippets it shows.
WORDS_ANCHOR = "handbog-andre-ord"


#: How much a word the page's editor listed in its front matter (``soegeord``) counts,
#: against 1 for the page's text: the editor has said that the page answers it. Without it,
#: »tale med barnet« on the page about children's participation was outranked by every page
#: that happens to use »tale« and »barnet«. (Pagefind's data-pagefind-weight, 0–10.)
OWN_WORDS_WEIGHT = 4


def visit_search_words(self: Any, node: search_words) -> None:
    # Hidden on screen and on paper; Pagefind reads the HTML, so the words are found.
    self.body.append(f'<h6 hidden id="{WORDS_ANCHOR}">{WORDS_LEAD}</h6>')
    names = ", ".join(self.encode(word) for word in node["words"])
    own_list: list[str] = node.get("own", [])
    own = ", ".join(self.encode(word) for word in own_list)
    self.body.append(f'<p hidden class="handbog-search-words">{WORDS_LEAD} {names}')
    if own:
        own_words = f'<span data-pagefind-weight="{OWN_WORDS_WEIGHT}">{own}</span>'
        self.body.append((", " if names else "") + own_words)
    self.body.append(".</p>")
    raise nodes.SkipNode


def visit_search_kind(self: Any, node: search_kind) -> None:
    kind: Kind = node["kind"]
    group = "hovedside" if kind.main else "opslag"
    for name, value in (("art", kind.label), ("gruppe", group)):
        self.body.append(f'<span hidden data-pagefind-filter="{name}:{value}"></span>')
    raise nodes.SkipNode


def skip(self: Any, node: nodes.Element) -> None:
    raise nodes.SkipNode


#: Before a heading's id: Sphinx puts a section's id on <section>, and Pagefind makes
#: sub-results (a link to the passage that matched) only from headings with an id.
HEADING_PREFIX = "s-"


def mark_headings(doctree: nodes.document) -> None:
    """Give each section heading an id of its own (``s-`` and the section's id), so that
    Pagefind can offer the section and link to it. The section keeps its id: the contents,
    permalinks and the PDF's outline point there, and the search page links there too."""
    taken = set(doctree.ids)
    for section in doctree.findall(nodes.section):
        title = next((c for c in section.children if isinstance(c, nodes.title)), None)
        if title is None or title["ids"] or not section["ids"]:
            continue
        heading_id = HEADING_PREFIX + section["ids"][0]
        if heading_id not in taken:
            title["ids"].append(heading_id)
            taken.add(heading_id)


def mark_kind(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    if docname in SKIPPED or not _with_furo(app):
        return
    mark_headings(doctree)
    doctree.insert(0, search_kind(kind=kind_of(docname)))
    names, own = other_names(app, docname), page_words(app, docname)
    if names or own:
        doctree.append(search_words(words=names, own=own))


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


#: Pagefind's own files: each is a gzip stream, which tells whether it was written whole.
PAGEFIND_FILES = (".pagefind", ".pf_meta", ".pf_index", ".pf_fragment", ".pf_filter")


def cut_short(folder: Path) -> list[str]:
    """Pagefind's files in ``folder`` that were not written to their end.

    Pagefind's service answers that the files are written, and its Python API stops the
    service straight after (``PagefindIndex.__aexit__``: ``write_files``, then ``close``, which
    terminates it). On a busy machine a file was sometimes still being written: a clean build
    once left ``wasm.unknown.pagefind`` empty, and the reproducibility test caught it. A gzip
    stream that is empty or ends early does not decompress."""
    found = []
    for path in sorted(folder.rglob("*")):
        if not path.is_file() or path.suffix not in PAGEFIND_FILES:
            continue
        data = path.read_bytes()
        try:
            whole = bool(data) and gzip.decompress(data) is not None
        except (OSError, EOFError, zlib.error):
            whole = False
        if not whole:
            found.append(path.relative_to(folder).as_posix())
    return found


def index_whole(outdir: Path, attempts: int = 2) -> None:
    """Write the index, and write it again when a file came out cut short (see
    :func:`cut_short`); still cut short after that is an error naming the files."""
    folder = outdir / "pagefind"
    broken: list[str] = []
    for _attempt in range(attempts):
        # Pagefind names its files by content hash and never removes old ones: without
        # this, a folder built many times keeps every earlier index.
        shutil.rmtree(folder, ignore_errors=True)
        asyncio.run(_index(outdir))
        broken = cut_short(folder)
        if not broken:
            return
    raise RuntimeError(f"Pagefind skrev ufuldstændige filer: {', '.join(broken)}")


#: The search page's rules, written beside the index (RULES_FILE) for soeg.js to read,
#: so that they are kept in one place.
RULES: dict[str, Any] = {
    # A word Pagefind matched counts only when it shares its first letters with the query's
    # word: the whole query word, or at least ``minPrefix`` letters and ``minShare`` of it.
    # Pagefind falls back to the longest indexed prefix of a word it does not know, so
    # »tosprogede« found »to« and »databeskyttelse« »data«; those are not matches.
    "minPrefix": 4,
    "minShare": 0.7,
    # Shorter query words (»i«, »af«, »vi«) do not decide whether a page matched.
    "minWord": 3,
    # Words from this length on that the index does not have are corrected to a word of
    # the pages one letter away (a letter wrong, missing, extra or two swapped); shorter
    # words have too many neighbours to guess from.
    "correctFrom": 5,
    # Readers on a keyboard without æ, ø and å write them so.
    "folds": [["aa", "å"], ["ae", "æ"], ["oe", "ø"]],
    # Words of a question that say nothing about the subject (»hvordan taler jeg med
    # barnet«): left out of the search, so the pages need not contain them.
    "questionWords": (
        "af alle at de den der det du en er et for fra får gør har hvad hvem hvilke hvilken "
        "hvor hvordan hvorfor hvornår i jeg kan man med mig må når og om på skal som til vi vil"
    ).split(),
    "headingPrefix": HEADING_PREFIX,
    # A result's link carries the searched words in this parameter, and the page it opens
    # marks them (_static/search/markering.js, loaded by paa-siden.js).
    "highlightParam": "markeret",
    "wordsAnchor": WORDS_ANCHOR,
    "wordsLead": WORDS_LEAD,
}

#: The words of the indexed pages, most used first (see :func:`vocabulary`): 18 KB
#: compressed, which on a slow line is 0.4 s before the first result. soeg.js fetches it
#: only to correct a word the pages do not have; whether they have it (or a word it
#: begins) it learns from LETTERS_FOLDER's file for the word's first letter (about 1 KB),
#: fetched while the reader types.
VOCABULARY_FILE = "handbog-ordforraad.json"
LETTERS_FOLDER = "handbog-ord"
#: RULES, the letters' files, the first word of each part of Pagefind's index and the
#: filters' files (for soeg.js to fetch what a search needs while the words are typed) and
#: the glossary's entries (3 KB compressed): needed before the first search.
RULES_FILE = "handbog-soegeregler.json"
_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")


@dataclass
class Vocabulary:
    #: every word, most used first
    words: list[str]
    #: glossary headword → its link in the built site and its definition's first sentence
    entries: dict[str, tuple[str, str]]


def _first_sentence(text: str) -> str:
    text = " ".join(text.split())
    # a sentence ends before a capital letter, not at »dvs.« or »fx.«
    match = re.match(r"(.+?[.!?])(?=\s+[A-ZÆØÅ]|$)", text)
    return match.group(1) if match else text


def _xpath(selector: str) -> str:
    """A selector of EXCLUDE_SELECTORS' simple form (``tag.class.class``, ``.class``,
    ``[attribute]``) as XPath, below the current element."""
    if selector.startswith("[") and selector.endswith("]"):
        return f".//*[@{selector[1:-1]}]"
    tag, *classes = selector.split(".")
    if not re.fullmatch(r"[a-z0-9]*", tag) or not all(re.fullmatch(r"[\w-]+", c) for c in classes):
        raise ValueError(f"not a simple selector: {selector}")
    tests = "".join(
        f"[contains(concat(' ', normalize-space(@class), ' '), ' {name} ')]" for name in classes
    )
    return f".//{tag or '*'}{tests}"


def _has_class(name: str) -> str:
    return f"contains(concat(' ', normalize-space(@class), ' '), ' {name} ')"


def vocabulary(outdir: Path) -> Vocabulary:
    """Every word of three letters or more in what Pagefind indexes (the marked body of each
    page, without what EXCLUDE_SELECTORS and ``data-pagefind-ignore`` leave out),
    lower-cased, the most used first: what the search page corrects a misspelt word to.
    And the glossary's entries as built, so a search for a term can offer its entry."""

    # lxml's C parser: BeautifulSoup took 3–14 s for the handbook's pages on a busy
    # machine, a cost every rebuild that changes a page would pay

    counts: Counter[str] = Counter()
    entries: dict[str, tuple[str, str]] = {}
    left_out = " | ".join(
        _xpath(s) for s in (*EXCLUDE_SELECTORS, "[data-pagefind-ignore]", "script", "style")
    )
    terms = f".//dl[{_has_class('handbog-ordliste')}]/dt[@id]"
    # Sphinx writes UTF-8; a page without <meta charset> is not read as Latin-1
    parser = lxml_html.HTMLParser(encoding="utf-8")
    for page in sorted(outdir.rglob("*.html")):
        relative = page.relative_to(outdir)
        if relative.parts[0] in {"pagefind", "_static"}:
            continue
        tree = lxml_html.fromstring(page.read_bytes(), parser=parser)
        for body in tree.xpath("//*[@data-pagefind-body]"):
            for element in body.xpath(left_out):
                element.drop_tree()
            for term in body.xpath(terms):
                definition = term.getnext()
                para = definition.find(".//p") if definition is not None else None
                text = _first_sentence(" ".join(para.itertext())) if para is not None else ""
                entries[" ".join(" ".join(term.itertext()).split())] = (
                    f"{relative.as_posix()}#{term.get('id')}",
                    text,
                )
            for word in _WORD.findall(" ".join(body.itertext())):
                if len(word) >= RULES["minWord"]:
                    counts[word.casefold()] += 1
    words = [word for word, _n in sorted(counts.items(), key=lambda item: (-item[1], item[0]))]
    return Vocabulary(words, entries)


def write_vocabulary(outdir: Path, names: dict[str, tuple[str, ...]]) -> None:
    """The words (VOCABULARY_FILE), and RULES and the glossary (each term's headword, link
    and first sentence, and each of its names, casefolded → the term: RULES_FILE) for the
    search page."""
    found = vocabulary(outdir)
    headwords = sorted({n[0] for n in names.values() if n and n[0] in found.entries})
    number = {headword: i for i, headword in enumerate(headwords)}
    glossary = {
        "entries": [[headword, *found.entries[headword]] for headword in headwords],
        "names": {name: number[n[0]] for name, n in names.items() if n and n[0] in number},
    }
    by_letter: dict[str, list[str]] = {}
    for word in found.words:
        by_letter.setdefault(word[0], []).append(word)
    # named by the letter's code point: a file name the same on every host and file system
    letters = {letter: f"{LETTERS_FOLDER}/{ord(letter):x}.json" for letter in sorted(by_letter)}
    parts, filters = pagefind_index_parts(outdir / "pagefind")
    files: dict[str, object] = {
        VOCABULARY_FILE: {"words": found.words},
        RULES_FILE: {
            "rules": RULES,
            "letters": letters,
            "parts": parts,
            "filters": filters,
            "meta": sorted(p.name for p in (outdir / "pagefind").glob("pagefind.*.pf_meta")),
            "glossary": glossary,
        },
    }
    files.update({letters[letter]: {"words": words} for letter, words in by_letter.items()})
    # (write_index empties the folder first, so a letter no page begins a word with any
    # longer leaves no file behind)
    (outdir / "pagefind" / LETTERS_FOLDER).mkdir(parents=True, exist_ok=True)
    for name, data in files.items():
        text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
        (outdir / "pagefind" / name).write_text(text, "utf-8")


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
    rules = json.dumps(RULES, sort_keys=True)
    # the files' names too: a handbog that writes the words in other files writes them again
    layout = [VOCABULARY_FILE, RULES_FILE, LETTERS_FOLDER]
    digest = hashlib.sha256(
        "\n".join([pagefind, rules, *layout, *EXCLUDE_SELECTORS]).encode("utf-8")
    )
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
    stamp.unlink(missing_ok=True)
    try:
        index_whole(outdir)
        write_vocabulary(outdir, _names_by_word(app))
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
    context["handbog_highlight_param"] = RULES["highlightParam"]
    # Added for this page only, so the page joins it to its other styles (cssbundle).
    if pagename == "search" and _with_furo(app):
        app.add_css_file(SEARCH_STYLESHEET, priority=910)


#: The front matter's one-sentence summary of a page, written for sharing the page.
DESCRIPTION_KEY = "og:description"
#: Search engines show about this many characters of a description.
DESCRIPTION_LENGTH = 160
#: Paragraphs that say the same on every page, or are not prose (hidden, generated).
_NOT_DESCRIPTIONS = {"handbog-pdf-link", "handbog-search-words"}


def _first_paragraph(doctree: nodes.document) -> str:
    for para in doctree.findall(nodes.paragraph):
        classes = {c for node in (para, para.parent) for c in node.get("classes", [])}
        if classes & _NOT_DESCRIPTIONS or any(
            isinstance(a, (nodes.citation, nodes.footnote, nodes.table, nodes.admonition))
            for a in _ancestors(para)
        ):
            continue
        text = " ".join(para.astext().split())
        if len(text) >= 40:
            return text
    return ""


def _ancestors(node: nodes.Node) -> list[nodes.Node]:
    found = []
    while node.parent is not None:
        node = node.parent
        found.append(node)
    return found


def _shortened(text: str) -> str:
    if len(text) <= DESCRIPTION_LENGTH:
        return text
    cut = text[: DESCRIPTION_LENGTH - 1].rsplit(" ", 1)[0].rstrip(",;:–-")
    return cut + "…"


def describe_page(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    """A ``<meta name="description">`` on every page (search engines and link previews show
    it): the front matter's ``og:description`` when the page has one, else the page's first
    paragraph of prose, shortened; the search page and the index have their own."""

    if "description" in context.get("metatags", ""):
        return
    text = str(app.env.metadata.get(pagename, {}).get(DESCRIPTION_KEY, "")).strip()
    if not text and doctree is not None:
        text = _first_paragraph(doctree)
    if not text:
        text = {
            "search": "Søg i håndbogen om socialfaglige medarbejdere i skole og dagtilbud.",
            "genindex": "Stikord i håndbogen om socialfaglige medarbejdere i skole og dagtilbud.",
        }.get(pagename, "")
    if not text:
        title = re.sub(r"<[^>]+>", "", str(context.get("title") or ""))
        text = f"{title} – {context.get('docstitle', '')}".strip(" –")
    tag = f'<meta name="description" content="{escape(_shortened(" ".join(text.split())))}">'
    context["metatags"] = context.get("metatags", "") + "\n    " + tag


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
    app.connect("html-page-context", describe_page)
    app.connect("build-finished", write_index)
