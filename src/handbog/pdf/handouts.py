"""Participant handouts: the one-page summaries and the discussion questions of a module.

The trainer's module holds everything; the participants need only what they discuss. For
each training module that has summaries (``{resume}``) or a teaching page with questions,
``deltager-<modul>.pdf`` prints the summaries and then the questions, and
``deltagermateriale.pdf`` prints all of them, each handout starting on a right-hand page so
that a duplex print can be split into sheets.

A handout is for people who do not know the handbook's IDs, page anchors or links, so it
has none: every link becomes its text, every need ID is dropped, and a question's pointer
to the practice it is about ("Se rum.") goes too, since the summary above names the
practices in full. The additions keep their label: the questions are the handbook's own.
Everything is set at 10.5 pt or more (pdf.css, the handout section), and
tests/test_pdf_handouts.py reads every glyph's size from the built PDF to prove it.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Iterator
from datetime import datetime

from bs4 import BeautifulSoup, Tag
from bs4.element import NavigableString

from .cover import VIVE_SHORT, created_meta, edition_line
from .errors import PdfBuildError
from .hyphenation import apply_exceptions
from .manifest import Manifest, Module, Page
from .pages import load_article, strip_screen_only

#: The file of one module's handout (``deltager-<modul>.pdf``) is named by this prefix.
HANDOUT_PREFIX = "deltager-"
#: All handouts in one file.
ALL_HANDOUTS = "deltagermateriale"
#: The heading of the questions on a teaching page (docs/undervisning/*.md).
QUESTIONS_ID = "til-droftelse"
#: The class of a page that holds a summary (handbog.needs.summary.PAGE_CLASS).
SUMMARY_PAGE = "handbog-resume-side"

#: What a participant does not need from a summary: its ID, the list of the other
#: checklists (their titles only, without links, say little) and the way to the full page.
DROPPED = (
    ".handbog-id",
    ".needs-id",
    ".handbog-resume__flere",
    ".handbog-resume__mere",
    "a.headerlink",
)

#: "Se " at the start of a sentence: a question's pointer to what it is about.
_SEE = re.compile(r"(?:^|(?<=[.?!]))\s*Se\s")

DOCUMENT = """<!DOCTYPE html>
<html lang="{lang}">
<head>
<meta charset="utf-8">
<title>{title}</title>
<meta name="author" content="{author}">
<meta name="description" content="{description}">
<meta name="generator" content="handbog.pdf (WeasyPrint)">
{dates}
</head>
<body class="pdf-handouts"></body>
</html>
"""


def handout_id(module_id: str) -> str:
    return f"{HANDOUT_PREFIX}{module_id}"


def printed_articles(manifest: Manifest, module: Module) -> Iterator[tuple[Page, Tag]]:
    """Each page of ``module`` with its content as print shows it (without what only a screen
    can use), for the handouts and the slides; a page without content is passed over."""
    for page in module.pages:
        if not (manifest.html_dir / page.html).is_file():
            raise PdfBuildError(
                f"Modul {module.id!r}, side {page.doc!r}: filen {page.html} findes ikke i "
                f"{manifest.html_dir}. Byg HTML-udgaven igen. (Page file missing.)"
            )
        article = load_article(manifest.html_dir, page.html)
        if article is not None:
            strip_screen_only(article)
            yield page, article


def handout_parts(manifest: Manifest, module: Module) -> list[Tag]:
    """The summaries of ``module`` (whole pages) and its questions, ready for print; none
    when the module has neither."""
    summaries: list[Tag] = []
    questions: list[Tag] = []
    for _page, article in printed_articles(manifest, module):
        summary = article.select_one(f"section.{SUMMARY_PAGE}")
        if summary is not None:
            summaries.append(summary)
        found = article.select_one(f"section#{QUESTIONS_ID}")
        if found is not None:
            questions.append(found)
    parts = summaries + questions
    for part in parts:
        for_participants(part)
    return parts


def for_participants(part: Tag) -> None:
    for element in part.select(", ".join(DROPPED)):
        element.decompose()
    for question in part.select("ol > li"):
        for paragraph in question.find_all("p") or [question]:
            _drop_pointer(paragraph)
    for link in part.find_all("a"):
        link.unwrap()
    for element in part.find_all(id=True):
        del element["id"]  # several pages' ids in one document: none is needed on paper


def _drop_pointer(paragraph: Tag) -> None:
    """Drop a question's closing pointer, "Se rum." or "Se Begreber, og se, hvordan …:
    samarbejdsrelationer.": the last sentence that starts with "Se" and holds a link."""
    children = list(paragraph.children)
    for index in range(len(children) - 1, -1, -1):
        child = children[index]
        if not isinstance(child, NavigableString):
            continue
        starts = list(_SEE.finditer(str(child)))
        if not starts:
            continue
        if not any(isinstance(later, Tag) and later.name == "a" for later in children[index:]):
            return
        child.replace_with(str(child)[: starts[-1].start()].rstrip() + " ")
        for later in children[index + 1 :]:
            later.extract()
        return


def assemble_handouts(
    manifest: Manifest,
    handouts: Iterable[tuple[Module, list[Tag]]],
    title: str,
    created: datetime | None = None,
) -> str:
    """One document with the handouts, each one a section that starts a right-hand page."""
    soup = BeautifulSoup(_skeleton(manifest, title, created), "html.parser")
    body = soup.body
    assert body is not None  # the skeleton writes one
    source = f"Fra håndbogen »{manifest.project}«, der bygger på {VIVE_SHORT}"
    for module, parts in handouts:
        section = soup.new_tag(
            "section",
            attrs={
                "class": "pdf-handout",
                "data-module": module.id,
                "data-edition": edition_line(manifest),
            },
        )
        kicker = soup.new_tag("p", attrs={"class": "pdf-handout__kicker"})
        kicker.string = f"Til deltagere · {module.title}"
        section.append(kicker)
        for part in parts:
            block = soup.new_tag("div", attrs={"class": "pdf-handout__part"})
            for child in list(part.children):
                block.append(child.extract())
            section.append(block)
        note = soup.new_tag("p", attrs={"class": "pdf-handout__source"})
        note.string = f"{source}. {edition_line(manifest)}."
        section.append(note)
        body.append(section)
    apply_exceptions(body, manifest.names)
    return str(soup)


def _skeleton(manifest: Manifest, title: str, created: datetime | None) -> str:
    return DOCUMENT.format(
        lang=html.escape(manifest.language),
        title=html.escape(f"{title} – {manifest.project}"),
        author=html.escape(manifest.project),
        description=html.escape(
            f"{title}. Til deltagere i et kursus, {edition_line(manifest).lower()}."
        ),
        dates=created_meta(created),
    )
