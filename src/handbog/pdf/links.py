"""Where each link of a module page points once the pages are printed as one document.

A module PDF holds a few pages of the handbook, so every ``href`` is one of:

* a page or anchor *inside* the module: it becomes an internal ``#anchor`` (ids are made
  unique per page by :func:`anchor_for`), and a missing anchor is an error;
* a bibliography entry on a page outside the module (the handbook has one literature page):
  the entry is copied into the module's own reference list and the link points there, so a
  citation in a printed module still leads somewhere on paper;
* anything else on the site (another page, a download, another PDF): an absolute URL
  ``baseurl + path``; after the link text the print names the module that holds the page
  (or the URL, for a file no module prints), so it makes sense on paper; the file and the
  anchor must exist in the HTML build. Without a public address (HANDBOG_BASEURL unset) there
  is no URL to give: the text stays, without a link, and names the module, the PDF file or
  the page in the digital handbook instead; nothing points to an invented host;
* an external URL (http, mailto …): kept, and printed after the link text.
"""

from __future__ import annotations

import html
import posixpath
import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote, unquote, urljoin, urlsplit

from bs4 import BeautifulSoup, Tag

#: A need ID (PR_FS_TILLID_MOEDER) names its target by itself; printing a URL after it on
#: paper would only add noise.
NEED_ID = re.compile(r"^[A-Z][A-Z0-9]*_[A-Z0-9_]+$")

#: Links whose text is a marker (footnote number, citation label): no page number after them.
MARKER_CLASSES = {"footnote-reference", "fn-backref", "citation-reference"}

#: Links whose text names their target on paper by itself: a source in a need's evidence line
#: ("Lundy (2007)", "Casebesøg i Kommune 1"); its ID after it would only add noise.
SELF_NAMING_CLASSES = {"handbog-source"}

#: A bibliography entry: docutils' citation element (sphinxcontrib-bibtex), by class or role.
BIBLIOGRAPHY_ENTRY = 'div.citation[id], [role="doc-biblioentry"][id]'

#: What a page reference says before the target module has been laid out.
PLACEHOLDER_PAGE = 88

#: Link text that is itself a web address.
_URL_TEXT = re.compile(r"^(?:https?://|www\.)\S+$")

_ID_ATTRIBUTE = re.compile(r"""\sid=(?:"([^"]*)"|'([^']*)')""")
_URL_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")


def page_key(page_html: str) -> str:
    """The page's path without ``.html``: the same as its Sphinx docname."""
    return page_html.removesuffix(".html")


def anchor_for(page_html: str, fragment: str = "") -> str:
    """The id an anchor of a page gets in the assembled module.

    ``{page}::{fragment}`` for anchors, ``{page}`` for the page itself. Docnames never
    contain ``::``, so two pages can never produce the same id.
    """
    key = page_key(page_html)
    return f"{key}::{fragment}" if fragment else key


def page_of_anchor(anchor: str) -> str:
    """The id of the page an :func:`anchor_for` anchor belongs to."""
    return anchor.split("::", 1)[0]


@dataclass(frozen=True)
class Internal:
    """A target inside the assembled module."""

    anchor: str


@dataclass(frozen=True)
class Borrowed:
    """An entry of a reference page outside the module, copied into the module.

    The copy keeps the anchor the entry would have if its page were part of the module.
    """

    page: str
    fragment: str

    @property
    def anchor(self) -> str:
        return anchor_for(self.page, self.fragment)


class Citation(Borrowed):
    """A bibliography entry (the module's "Litteratur" list)."""


class Term(Borrowed):
    """A glossary entry (the module's "Begreber" list)."""


@dataclass(frozen=True)
class External:
    """A target outside the module: printed with where to find it on paper, or its URL.

    ``where`` names the printed module (or the page of the whole handbook) that holds a
    page of the site; a trainer with a stack of modules looks it up there.
    """

    url: str | None
    where: str | None = None
    #: the module that prints the page, and the page the target is on there (when known)
    module: str | None = None
    page: int | None = None
    #: (module id, anchor, page known from a layout or 0) for the build's page table
    pointer: tuple[str, str, int] | None = None

    @property
    def display(self) -> str:
        """The URL as printed: without the scheme, which adds nothing on paper."""
        if self.url is None:
            return self.where or ""
        if self.url.startswith("mailto:"):
            return self.url.removeprefix("mailto:")
        return self.url.split("://", 1)[-1]


Target = Internal | Citation | Term | External


class BrokenLink(Exception):
    """A link that cannot be resolved; the message says which target is missing."""


@dataclass
class ReferenceEntries:
    """The entries of a page that modules borrow: id → (position on the page, elements)."""

    bibliography: dict[str, tuple[int, list[Tag]]] = field(default_factory=dict)
    glossary: dict[str, tuple[int, list[Tag]]] = field(default_factory=dict)


class SiteIndex:
    """What the PDF build needs to know about the files of the HTML build, read lazily."""

    def __init__(self, html_dir: Path) -> None:
        self.html_dir = Path(html_dir)
        self._ids: dict[str, frozenset[str]] = {}
        self._entries: dict[str, ReferenceEntries] = {}

    def exists(self, path: str) -> bool:
        return (self.html_dir / path).is_file()

    def ids(self, page_html: str) -> frozenset[str]:
        """Every id in a page; a regular expression is enough and much faster than parsing."""
        if page_html not in self._ids:
            text = (self.html_dir / page_html).read_text(encoding="utf-8")
            self._ids[page_html] = frozenset(
                html.unescape(m.group(1) if m.group(1) is not None else m.group(2))
                for m in _ID_ATTRIBUTE.finditer(text)
            )
        return self._ids[page_html]

    def bibliography(self, page_html: str) -> dict[str, tuple[int, list[Tag]]]:
        """Bibliography entries of a page: id → (position, [entry element])."""
        return self.entries(page_html).bibliography

    def glossary(self, page_html: str) -> dict[str, tuple[int, list[Tag]]]:
        """Glossary entries of a page: id of the term → (position, [dt, dd, …])."""
        return self.entries(page_html).glossary

    def entries(self, page_html: str) -> ReferenceEntries:
        if page_html not in self._entries:
            found = ReferenceEntries()
            text = (self.html_dir / page_html).read_text(encoding="utf-8")
            # Parsing is slow; only the bibliography and the glossary pages are worth it.
            if any(marker in text for marker in ('class="citation"', "biblioentry", "glossary")):
                soup = BeautifulSoup(text, "html.parser")
                for position, entry in enumerate(soup.select(BIBLIOGRAPHY_ENTRY)):
                    found.bibliography[str(entry["id"])] = (position, [entry])
                for position, term in enumerate(soup.select("dl.glossary > dt")):
                    elements = [term]
                    for sibling in term.find_next_siblings(["dt", "dd"]):
                        if sibling.name == "dt":
                            break
                        elements.append(sibling)
                    for element in [term, *term.find_all(id=True)]:
                        if element.get("id"):
                            found.glossary[str(element["id"])] = (position, elements)
            self._entries[page_html] = found
        return self._entries[page_html]


@dataclass
class LinkResolver:
    """Resolves the ``href`` of a module page to a :data:`Target`.

    ``module_ids`` maps each page of the module (its path in the HTML build) to the ids
    found on it.
    """

    site: SiteIndex
    module_ids: Mapping[str, Collection[str]]
    baseurl: str
    pdf_dir: str = "pdf"
    #: page path → where it is printed ("modulet »…«" or "»…« i hele håndbogen")
    printed_in: dict[str, str] = field(default_factory=dict)
    #: page path → (id, title) of the training module that prints it
    printed_module: dict[str, tuple[str, str]] = field(default_factory=dict)
    #: module id → anchor → page, from the modules' last layout; None: pages not wanted
    page_numbers: Mapping[str, Mapping[str, int]] | None = None
    #: the pages printed in pointers: (module id, anchor) → the page (0: the placeholder)
    pages_used: dict[tuple[str, str], int] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.baseurl and not self.baseurl.endswith("/"):
            self.baseurl += "/"

    def resolve(self, page_html: str, href: str) -> Target:
        parts = urlsplit(href)
        if _URL_SCHEME.match(href) or parts.netloc:
            return External(href)
        fragment = unquote(parts.fragment)
        target = self._target_path(page_html, unquote(parts.path))

        if target in self.module_ids:
            if not fragment:
                return Internal(anchor_for(target))
            if fragment in self.module_ids[target]:
                return Internal(anchor_for(target, fragment))
            raise BrokenLink(
                f"ankeret {fragment!r} findes ikke på siden {page_key(target)!r}, som er med "
                f"i modulet. (Anchor #{fragment} not found on {target}.)"
            )

        if target.startswith(f"{self.pdf_dir}/"):
            # the PDFs are being written right now; do not require them
            return self.outside(target, fragment)
        if not self.site.exists(target):
            raise BrokenLink(
                f"filen {target!r} findes ikke i HTML-bygningen. (Link target {target} is "
                f"missing from the HTML build.)"
            )
        if fragment and target.endswith(".html"):
            if fragment not in self.site.ids(target):
                raise BrokenLink(
                    f"ankeret {fragment!r} findes ikke på siden {page_key(target)!r}. "
                    f"(Anchor #{fragment} not found on {target}.)"
                )
            if fragment in self.site.bibliography(target):
                return Citation(target, fragment)
            if fragment in self.site.glossary(target):
                _, (term, *_) = self.site.glossary(target)[fragment]
                return Term(target, str(term.get("id") or fragment))  # one Term per entry
        return self.outside(target, fragment)

    def outside(self, path: str, fragment: str = "") -> External:
        """A file of the site outside the module: its URL, and where it is found on paper."""
        where = self.printed_in.get(path)
        module_id, title = self.printed_module.get(path, ("", ""))
        # None: the module is neither being laid out nor was it: no page to name
        pages = (self.page_numbers or {}).get(module_id)
        if pages is not None:
            anchor = anchor_for(path, fragment)
            if pages and anchor not in pages:
                anchor = anchor_for(path)  # an anchor the module leaves out: its page
            # Before the module's first layout its pages are unknown: a placeholder of two
            # figures keeps the line as long as it will be, so the layout barely moves.
            page = pages.get(anchor, 0)
            return External(
                self.url_for(path, fragment),
                where,
                title,
                page or PLACEHOLDER_PAGE,
                (module_id, anchor, page),
            )
        if where is None and not self.baseurl:
            # no module prints it and there is no address: name the file itself
            if path.startswith(f"{self.pdf_dir}/"):
                where = f"PDF-filen {posixpath.basename(path)}"
            else:
                where = f"{path} i den digitale håndbog"
        return External(self.url_for(path, fragment), where)

    def url_for(self, path: str, fragment: str = "") -> str | None:
        """The published address of a file of the HTML build; None without an address."""
        if not self.baseurl:
            return None
        return urljoin(self.baseurl, quote(path)) + (f"#{quote(fragment)}" if fragment else "")

    @staticmethod
    def _target_path(page_html: str, path: str) -> str:
        if not path:
            return page_html
        target = posixpath.normpath(posixpath.join(posixpath.dirname(page_html), path))
        if target == ".." or target.startswith("../"):
            raise BrokenLink(
                f"stien {path!r} peger uden for HTML-bygningen. (Link leaves the HTML build.)"
            )
        if path.endswith("/") or target == ".":
            target = posixpath.join("" if target == "." else target, "index.html")
        return target


@dataclass
class LinkReport:
    citations: set[Citation] = field(default_factory=set)
    terms: set[Term] = field(default_factory=set)
    problems: list[str] = field(default_factory=list)


def rewrite_links(
    root: Tag,
    page_html: str,
    resolver: LinkResolver,
    *,
    borrowable_terms: Collection[Term] | None = None,
) -> LinkReport:
    """Point every ``<a href>`` below ``root`` at its place in the module (in place).

    Internal links to the start of a page of the module ("se Børneinddragelse") get the
    class ``pdf-xref``: pdf.css prints the page number after them. Links to anchors within
    pages (needs, sections, terms, citations) do not: their text names the target, and
    every page number that points forward makes WeasyPrint lay out the page again
    (and, in a chain, the pages that point to it), which doubled the build time of the
    whole handbook. External links get their
    URL printed in a ``span.pdf-url`` unless the text already is the URL, an ID or a term.

    ``borrowable_terms`` limits which glossary terms outside the module are copied into it
    (None: all); the others stay links to the site. Borrowed glossary entries use it for
    their "see also" links, which would otherwise pull in the whole glossary.
    """
    report = LinkReport()
    soup = _soup_of(root)
    for link in root.find_all("a", href=True):
        href = str(link["href"])
        try:
            target = resolver.resolve(page_html, href)
        except BrokenLink as error:
            report.problems.append(f"linket {href!r}: {error}")
            continue
        if isinstance(target, Term) and not (
            borrowable_terms is None or target in borrowable_terms
        ):
            target = resolver.outside(target.page, target.fragment)
        link.attrs.pop("title", None)  # tooltips do not print; some are whole references
        if not isinstance(target, External):
            link["href"] = f"#{target.anchor}"
        elif target.url is None:
            del link["href"]  # no address to point to; the text and its hint remain
        else:
            link["href"] = target.url
        classes = link.get_attribute_list("class")  # the tag's own list, or a new one:
        link["class"] = classes  # appended to below
        is_term = link.select_one(".std-term") is not None
        if is_term:
            classes.append("pdf-term")  # explained under "Begreber"/"Ordliste"
        if isinstance(target, External):
            classes.append("pdf-link-external")
            if _URL_TEXT.match(link.get_text(strip=True)):
                classes.append("pdf-address")  # printed as it is: never hyphenated
            hint = None if is_term else _printed_hint(link, href, target)
            if hint is not None:
                text, css_class = hint
                if target.pointer is not None and target.page and f"{target.page}" in text:
                    module_id, anchor, page = target.pointer
                    resolver.pages_used[(module_id, anchor)] = page
                span = soup.new_tag("span", attrs={"class": css_class})
                span.string = text
                link.append(span)
            continue
        classes.append("pdf-link-internal")
        if isinstance(target, Citation):
            report.citations.add(target)
        elif isinstance(target, Term):
            report.terms.add(target)
        elif "::" not in target.anchor and not _is_marker(link):
            classes.append("pdf-xref")  # a page of the module: "(s. 12)" in print
    return report


def _printed_hint(link: Tag, href: str, target: External) -> tuple[str, str] | None:
    """What to print after a link that leaves the module, and its CSS class.

    A need elsewhere in the handbook is named by its ID (shorter than a URL, and what a
    trainer quotes); another page of the handbook by the module it is printed in; anything
    else by its URL. Nothing when the text already says it.
    """
    if _names_its_target(link, href, target):
        return None
    fragment = unquote(urlsplit(href).fragment)
    where = f"»{target.module}«, s.\u00a0{target.page}" if target.module and target.page else None
    if NEED_ID.match(fragment):
        text = f"{fragment}, {where}" if where else fragment
        return text, "pdf-url pdf-url--id"
    if where:
        return f"se {where}", "pdf-url pdf-url--module pdf-url--page"
    if target.where:
        return f"se {target.where}", "pdf-url pdf-url--module"
    return target.display, "pdf-url"


def _names_its_target(link: Tag, href: str, target: Target) -> bool:
    if SELF_NAMING_CLASSES.intersection(link.get_attribute_list("class")):
        return True
    text = link.get_text(" ", strip=True)
    fragment = unquote(urlsplit(href).fragment)
    if text and (text == fragment or NEED_ID.match(text)):
        return True
    if NEED_ID.match(fragment):
        # "Casebesøg i Kommune 1 (KI_CASE_KOMMUNE1)": the ID is on paper already, in the
        # link or just after it
        if fragment in text or fragment in _text_after(link, 60):
            return True
    if isinstance(target, External):
        return text in {target.url, target.display, href} - {None, ""}
    return False


def _text_after(link: Tag, length: int) -> str:
    """The first characters after a link in its parent."""
    text = ""
    for sibling in link.next_siblings:
        text += sibling.get_text() if isinstance(sibling, Tag) else str(sibling)
        if len(text) >= length:
            break
    return text[:length]


def _is_marker(link: Tag) -> bool:
    if MARKER_CLASSES.intersection(link.get_attribute_list("class")):
        return True
    if len(link.get_text(strip=True)) <= 2:
        return True  # "A", "B" … of a jump bar: a page number would outweigh the letter
    return link.find_parent(class_="bibtex-citation") is not None


def _soup_of(tag: Tag) -> BeautifulSoup:
    """The document a tag belongs to, to create new tags in it."""
    node: Tag = tag
    while node.parent is not None:
        node = node.parent
    if isinstance(node, BeautifulSoup):
        return node
    return BeautifulSoup("", "html.parser")
