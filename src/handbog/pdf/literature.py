"""References at the end of a module: one "Litteratur" list instead of one per page.

Each handbook page ends with "Kilder" (``{sidekilder}``): the works it cites or rests on,
each linked to the handbook's one bibliography page. A module PDF does the same on paper,
but once: the entries of every page are gathered, without duplicates and in the
bibliography's order, into a "Litteratur" section at the end of the module, and each
in-text citation links to its entry there. On each page the literature items of "Kilder"
are replaced by one sentence pointing to that list; the non-literature sources (expert
interviews, case visits) stay on the page, as they are short and tell a trainer what else
the page rests on.

Why one list per module rather than one per page: a module of several pages would repeat
the same references page after page, and a citation in the text can only point to one
entry. The whole handbook contains the bibliography page itself; there the citations point
to it and no extra list is made.
"""

from __future__ import annotations

from bs4 import BeautifulSoup, Tag
from bs4.element import AttributeValueList

from .links import Citation, External, LinkResolver, page_of_anchor, rewrite_links
from .pages import detached_copy

#: The id of the generated section; "pdf::" cannot clash with a page of the handbook.
BIBLIOGRAPHY_ID = "pdf::litteratur"


def condense_page_sources(soup: BeautifulSoup, article: Tag, pointer: str | None) -> None:
    """Replace the literature items of the page's "Kilder" list with a pointer sentence.

    ``pointer`` is the anchor of the module's reference list; None means "the
    bibliography page that the items link to", which is part of this module.
    """
    for listing in article.select("ul.handbog-sidekilder"):
        literature = [
            item
            for item in listing.find_all("li", recursive=False)
            if item.select_one("a.handbog-sidekilder__link")
        ]
        if not literature:
            continue
        anchor = pointer
        if anchor is None:
            first_link = literature[0].select_one("a.handbog-sidekilder__link")
            assert first_link is not None  # the items were chosen for having one
            first = str(first_link["href"])
            if not first.startswith("#"):
                continue  # the list points outside the module: keep it as it is
            anchor = page_of_anchor(first.removeprefix("#"))
        sentence = soup.new_tag("p", attrs={"class": "pdf-sources-pointer"})
        sentence.append("Litteraturen, som siden henviser til eller bygger på, står samlet i ")
        # No page number: it would point forward from every page (see links.rewrite_links).
        link = soup.new_tag("a", attrs={"href": f"#{anchor}", "class": "pdf-link-internal"})
        link.string = "litteraturlisten"
        sentence.append(link)
        sentence.append(" bagest i modulet." if pointer is not None else ".")
        listing.insert_before(sentence)
        section = listing.find_parent("section")
        if section is not None:  # a short "Kilder" section reads best on one page
            section["class"] = AttributeValueList(
                [*section.get_attribute_list("class"), "pdf-sources"]
            )
        for item in literature:
            item.decompose()
        if listing.find("li") is None:
            listing.decompose()


def build_bibliography(
    soup: BeautifulSoup, citations: set[Citation], resolver: LinkResolver
) -> tuple[Tag, list[str]]:
    """The "Litteratur" section with every cited entry; returns it and any link problems."""
    section = soup.new_tag("section", attrs={"class": "pdf-bibliography", "id": BIBLIOGRAPHY_ID})
    heading = soup.new_tag("h1")
    heading.string = "Litteratur"
    section.append(heading)
    section.append(
        intro_paragraph(
            soup,
            "Værker, som siderne i dette modul henviser til eller bygger på. Hele håndbogens "
            "litteraturliste: ",
            [resolver.outside(page) for page in sorted({c.page for c in citations})],
        )
    )

    listing = soup.new_tag("ul", attrs={"class": "pdf-bibliography__list"})
    section.append(listing)
    problems: list[str] = []
    done: set[Citation] = set()
    pending = set(citations)
    entries: list[tuple[tuple[str, int], Tag]] = []
    while pending:  # an entry may cite another entry; follow until nothing new turns up
        citation = pending.pop()
        done.add(citation)
        position, original = resolver.site.bibliography(citation.page)[citation.fragment]
        item = _entry_item(soup, original, citation)
        report = rewrite_links(item, citation.page, resolver, borrowable_terms=())
        problems += [f"litteraturlisten {citation.page!r}: {p}" for p in report.problems]
        pending |= report.citations - done
        entries.append(((citation.page, position), item))
    for _, item in sorted(entries, key=lambda pair: pair[0]):
        listing.append(item)
    return section, problems


def intro_paragraph(soup: BeautifulSoup, text: str, places: list[External]) -> Tag:
    """A paragraph ending with where the full lists are: their addresses, or without a
    public address the printed module or page that holds them."""
    intro = soup.new_tag("p", attrs={"class": "pdf-appendix__intro"})
    intro.append(text)
    for index, place in enumerate(places):
        if place.url is None:
            intro.append(f"se {place.display}")
        else:
            link = soup.new_tag("a", attrs={"href": place.url, "class": "pdf-link-external"})
            link.string = place.display
            intro.append(link)
        intro.append("." if index == len(places) - 1 else ", ")
    return intro


def _entry_item(soup: BeautifulSoup, original: list[Tag], citation: Citation) -> Tag:
    item = soup.new_tag("li", attrs={"id": citation.anchor})
    for entry in detached_copy(original):
        for label in entry.select(".label"):
            label.decompose()  # "[APBJ12]": the text cites author and year, not labels
        for paragraph in entry.find_all("p") or [entry]:
            for child in list(paragraph.children):
                item.append(child.extract())
    return item
