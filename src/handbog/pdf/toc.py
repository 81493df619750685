"""The table of contents of a module, with page numbers filled in by WeasyPrint.

Each entry is a link to a heading of the assembled module; pdf.css adds the dotted leader
and the page number with ``target-counter(attr(href), page)``, so the numbers are right
whatever the layout turns out to be.
"""

from __future__ import annotations

import copy

from bs4 import BeautifulSoup, Tag

from .manifest import Module

TOC_ID = "pdf::indhold"
#: The heading, also the running header of its page(s).
TITLE = "Indhold"
PART_CLASS = "pdf-part__title"
#: The class of the chapter a part opens with.
PART_START = "pdf-part-start"

#: Headings that are in every page and would only repeat in the contents.
SKIPPED_SECTIONS = {"Kilder"}


def add_parts(soup: BeautifulSoup, content: list[Tag], module: Module) -> None:
    """Open each part of the whole handbook with its title, on top of its first chapter.

    No page of its own: a part title alone would leave a page all but empty. The title sets
    the running header (``string-set: part`` in pdf.css) and heads the part in the contents.
    """
    part_of = {page.doc: page.part for page in module.pages}
    current = ""
    number = 0
    for block in content:
        part = part_of.get(str(block.get("data-doc", "")), "")
        if not part or part == current:
            continue
        current, number = part, number + 1
        title = soup.new_tag("h1", attrs={"class": PART_CLASS, "id": f"pdf::del-{number}"})
        title.string = f"Del {number}: {part}"
        block.insert(0, title)
        # a part starts a sheet of its own when printed on both sides (pdf.css)
        classes = copy.copy(block.get_attribute_list("class"))
        classes.append(PART_START)
        block["class"] = classes


def build_toc(soup: BeautifulSoup, content: list[Tag], max_level: int = 2) -> Tag:
    """Contents of ``content`` (page sections, then the reference list), h1 and h2; in a
    book of parts (:func:`add_parts`) the parts and their chapters only, so it stays short."""
    nav = soup.new_tag("nav", attrs={"class": "pdf-toc", "id": TOC_ID})
    heading = soup.new_tag("h1", attrs={"class": "pdf-toc__title"})
    heading.string = TITLE
    nav.append(heading)
    listing = soup.new_tag("ul", attrs={"class": "pdf-toc__list"})
    nav.append(listing)
    if any(block.select_one(f"h1.{PART_CLASS}") for block in content):
        max_level = 1
    selector = ", ".join(f"h{level}" for level in range(1, max_level + 1))
    for block in content:
        for title in block.select(selector):
            is_part = PART_CLASS in (title.get("class") or [])
            target = title if is_part else title.find_parent(["section", "nav"], id=True)
            text = title.get_text(" ", strip=True)
            if target is None or text in SKIPPED_SECTIONS:
                continue
            kind = "part" if is_part else title.name
            item = soup.new_tag("li", attrs={"class": f"pdf-toc__entry pdf-toc__entry--{kind}"})
            link = soup.new_tag("a", attrs={"href": f"#{target['id']}", "class": "pdf-toc__link"})
            link.string = text
            item.append(link)
            listing.append(item)
    return nav
