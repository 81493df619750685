"""The table of contents of a module, with page numbers filled in by WeasyPrint.

Each entry is a link to a heading of the assembled module; pdf.css adds the dotted leader
and the page number with ``target-counter(attr(href), page)``, so the numbers are right
whatever the layout turns out to be.
"""

from __future__ import annotations

from bs4 import BeautifulSoup, Tag

TOC_ID = "pdf::indhold"

#: Headings that are in every page and would only repeat in the contents.
SKIPPED_SECTIONS = {"Kilder"}


def build_toc(soup: BeautifulSoup, content: list[Tag], max_level: int = 2) -> Tag:
    """Contents of ``content`` (page sections, then the reference list), h1 and h2."""
    nav = soup.new_tag("nav", attrs={"class": "pdf-toc", "id": TOC_ID})
    heading = soup.new_tag("h1", attrs={"class": "pdf-toc__title"})
    heading.string = "Indhold"
    nav.append(heading)
    listing = soup.new_tag("ul", attrs={"class": "pdf-toc__list"})
    nav.append(listing)
    selector = ", ".join(f"h{level}" for level in range(1, max_level + 1))
    for block in content:
        for title in block.select(selector):
            target = title.find_parent(["section", "nav"], id=True)
            text = title.get_text(" ", strip=True)
            if target is None or text in SKIPPED_SECTIONS:
                continue
            item = soup.new_tag(
                "li", attrs={"class": f"pdf-toc__entry pdf-toc__entry--{title.name}"}
            )
            link = soup.new_tag("a", attrs={"href": f"#{target['id']}", "class": "pdf-toc__link"})
            link.string = text
            item.append(link)
            listing.append(item)
    return nav
