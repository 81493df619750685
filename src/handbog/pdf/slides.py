"""Slides for a session: one 16:9 deck per module, as PDF to project and as PowerPoint to adapt.

One slide model (:class:`Slide`) is read from the built HTML, as the PDFs are, and feeds
both files: :func:`write_pptx` lays it out with python-pptx (editable text boxes, since
trainers adapt slides locally) and :func:`slides_html` as an HTML document that WeasyPrint
prints on 16:9 pages (``static/print/slides.css``). A deck holds:

* a title slide (module, handbook, edition);
* the model figure (the report's figure 3.1, as the front page draws it);
* each "Kort fortalt" box of the module's pages;
* each practice of the module: its statement, and the evidence in one line under it;
* the teaching page's questions for discussion, without IDs or pointers (as the handouts).

The model figure is also written on its own, as ``modellen.svg`` and ``modellen.png``.
"""

from __future__ import annotations

import copy
import html
import io
import re
from dataclasses import dataclass, field
from pathlib import Path

import pypdfium2 as pdfium
import weasyprint
from bs4 import Tag
from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.util import Emu, Pt

from .cover import edition_line
from .errors import PdfBuildError
from .handouts import QUESTIONS_ID, for_participants, printed_articles
from .manifest import Manifest, Module

#: A deck's file name, without the suffix: ``praesentation-<modul>``.
DECK_PREFIX = "praesentation-"
#: The model figure on its own, without the suffix (.svg and .png).
FIGURE = "modellen"
#: The page that draws the model figure, and the figure's wrapper there (handbog.needs.views).
FIGURE_PAGE = "index.html"
_FIGURE = re.compile(
    r'<div class="handbog-diagram handbog-diagram--model">\s*(<svg\b.*?</svg>)', re.DOTALL
)
#: The figure's ink: on a page the theme gives ``currentColor``; alone it has no theme.
INK = "#1b1b1b"
#: 16:9 at PowerPoint's default width (13.333 × 7.5 in); the PDF's pages have the same size.
WIDTH_IN, HEIGHT_IN = 13.333, 7.5
EMU_PER_IN = 914400
#: Questions on one slide at most: more would be too small to read from the back of a room.
QUESTIONS_PER_SLIDE = 4
#: The colours of the PDFs (pdf.css). (python-pptx 1.0 leaves RGBColor's constructors
#: unannotated, although the package is typed.)
TEAL = RGBColor.from_string("17505B")  # type: ignore[no-untyped-call]
GREY = RGBColor.from_string("444444")  # type: ignore[no-untyped-call]


@dataclass(frozen=True)
class Slide:
    title: str
    #: bullets, or one paragraph (``statement``)
    lines: tuple[str, ...] = ()
    #: one line at the foot (the evidence of a practice, the edition on the title slide)
    foot: str = ""
    #: "title", "figure", "bullets", "statement" or "questions"
    kind: str = "bullets"
    #: the text size in pt, chosen once for both files by the length of the text
    size: float = 24.0
    subtitle: str = ""


@dataclass
class Deck:
    module: Module
    slides: list[Slide] = field(default_factory=list)


def deck_id(module_id: str) -> str:
    return f"{DECK_PREFIX}{module_id}"


def _text(tag: Tag) -> str:
    return " ".join(tag.get_text(" ").split()).replace(" ,", ",").replace(" .", ".")


def _size(text_length: int) -> float:
    """A text size that fits the slide: long statements get smaller type, never below 16."""
    for limit, size in ((260, 26.0), (450, 22.0), (700, 19.0), (950, 17.0)):
        if text_length <= limit:
            return size
    return 16.0


def model_figure(html_dir: Path) -> str:
    """The model figure as a standalone SVG document (the front page draws it)."""
    path = Path(html_dir) / FIGURE_PAGE
    match = _FIGURE.search(path.read_text(encoding="utf-8")) if path.is_file() else None
    if match is None:
        raise PdfBuildError(
            f"Fandt ikke modellens figur (div.handbog-diagram--model) i {path}. Står "
            f"figuren stadig på forsiden? (Model figure not found.)"
        )
    svg = match.group(1).replace("currentColor", INK)
    view = re.search(r'viewBox="0 0 ([\d.]+) ([\d.]+)"', svg)
    width, height = (view.group(1), view.group(2)) if view else ("400", "478")
    # alone, the figure has its own size, not the page's width
    svg = re.sub(r'\s(width="100%"|style="[^"]*")', "", svg, count=2)
    svg = svg.replace("<svg ", f'<svg width="{width}" height="{height}" ', 1)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + svg + "\n"


def figure_png(svg: str, scale: float = 4.0) -> bytes:
    """The figure as PNG: WeasyPrint lays the SVG out on a page of its size, pdfium paints it."""
    view = re.search(r'width="([\d.]+)" height="([\d.]+)"', svg)
    width, height = (float(view.group(1)), float(view.group(2))) if view else (400.0, 478.0)
    page = (
        f"<html><head><style>@page {{ size: {width}px {height}px; margin: 0 }} "
        f"body {{ margin: 0 }} svg {{ display: block }}</style></head>"
        f"<body>{svg.split('?>', 1)[-1]}</body></html>"
    )
    pdf = pdfium.PdfDocument(weasyprint.HTML(string=page).write_pdf())
    try:
        image = pdf[0].render(scale=scale, fill_color=(255, 255, 255, 255)).to_pil()
        out = io.BytesIO()
        image.save(out, format="PNG", optimize=True)
        return out.getvalue()
    finally:
        pdf.close()


def build_deck(manifest: Manifest, module: Module) -> Deck:
    """The slides of one module, from its pages in the HTML build."""
    deck = Deck(module)
    deck.slides.append(
        Slide(
            module.title,
            kind="title",
            subtitle=manifest.project,
            foot=edition_line(manifest),
        )
    )
    deck.slides.append(Slide("Modellen", kind="figure"))
    questions: list[str] = []
    for page, article in printed_articles(manifest, module):
        found = article.select_one(f"section#{QUESTIONS_ID}")
        if found is not None:
            found = copy.copy(found)
            for_participants(found)
            questions += [_text(li) for li in found.select("ol > li")]
        if page.doc.startswith("undervisning/"):
            continue  # the trainer's page and the summaries: their content is below
        heading = article.find("h1")
        page_title = _text(heading).rstrip("¶ #").strip() if heading else page.title
        for box in article.select("div.admonition"):
            name = box.select_one(".admonition-title")
            if name is None or _text(name) != "Kort fortalt":
                continue
            bullets = tuple(_text(li) for li in box.select("li"))
            deck.slides.append(
                Slide(f"Kort fortalt: {page_title}", bullets, size=_size(sum(map(len, bullets))))
            )
        for need in article.select("table.need.needs_type_praksis"):
            name = need.select_one(".needs_title")
            content = need.select_one("td.need.content")
            if name is None or content is None:
                continue
            statement = " ".join(_text(p) for p in content.find_all("p"))
            evidence = need.select_one("p.handbog-evidence")
            deck.slides.append(
                Slide(
                    _text(name),
                    (statement,),
                    foot=_text(evidence) if evidence is not None else "",
                    kind="statement",
                    size=_size(len(statement)),
                )
            )
    for start in range(0, len(questions), QUESTIONS_PER_SLIDE):
        chunk = tuple(questions[start : start + QUESTIONS_PER_SLIDE])
        deck.slides.append(
            Slide("Til drøftelse", chunk, kind="questions", size=_size(sum(map(len, chunk))))
        )
    return deck


# -- PowerPoint ---------------------------------------------------------------------------------


def write_pptx(deck: Deck, figure: bytes, target: Path) -> None:
    """The deck as an editable PowerPoint file: every text in a text box of its own."""
    presentation = Presentation()
    presentation.slide_width = Emu(int(WIDTH_IN * EMU_PER_IN))
    presentation.slide_height = Emu(int(HEIGHT_IN * EMU_PER_IN))
    title_only = presentation.slide_layouts[5]
    margin = int(0.6 * EMU_PER_IN)
    width = int(WIDTH_IN * EMU_PER_IN) - 2 * margin
    for item in deck.slides:
        slide = presentation.slides.add_slide(title_only)
        title = slide.shapes.title
        assert title is not None  # the layout "Title Only" has one
        title.left, title.width = Emu(margin), Emu(width)
        title.top, title.height = Emu(int(0.35 * EMU_PER_IN)), Emu(int(1.1 * EMU_PER_IN))
        title.text = item.title
        for paragraph in title.text_frame.paragraphs:
            paragraph.font.size = Pt(40 if item.kind == "title" else 32)
            paragraph.font.bold = True
            paragraph.font.color.rgb = TEAL
        top = int(1.6 * EMU_PER_IN)
        bottom = int(HEIGHT_IN * EMU_PER_IN) - int(0.5 * EMU_PER_IN)
        if item.kind == "figure":
            height = bottom - top
            picture = slide.shapes.add_picture(io.BytesIO(figure), 0, top, height=Emu(height))
            picture.left = Emu((int(WIDTH_IN * EMU_PER_IN) - picture.width) // 2)
            continue
        if item.kind == "title":
            lines: tuple[str, ...] = (item.subtitle,)
        else:
            lines = item.lines
        foot_height = int(0.8 * EMU_PER_IN) if item.foot else 0
        box = slide.shapes.add_textbox(
            Emu(margin), Emu(top), Emu(width), Emu(bottom - top - foot_height)
        )
        frame = box.text_frame
        frame.word_wrap = True
        for index, line in enumerate(lines):
            paragraph = frame.paragraphs[0] if index == 0 else frame.add_paragraph()
            bullet = {"bullets": "• ", "questions": f"{index + 1}. "}.get(item.kind, "")
            paragraph.text = bullet + line
            paragraph.font.size = Pt(item.size)
            paragraph.space_after = Pt(item.size * 0.5)
        if item.foot:
            foot = slide.shapes.add_textbox(
                Emu(margin), Emu(bottom - foot_height), Emu(width), Emu(foot_height)
            )
            foot.text_frame.word_wrap = True
            foot.text_frame.text = item.foot
            for paragraph in foot.text_frame.paragraphs:
                paragraph.font.size = Pt(16)
                paragraph.font.color.rgb = GREY
    partial = target.with_name(f".{target.name}.tmp")
    presentation.save(str(partial))
    partial.replace(target)


# -- PDF -------------------------------------------------------------------------------------


def slides_html(manifest: Manifest, deck: Deck, figure_svg: str) -> str:
    """The deck as one HTML document, one ``section.slide`` per slide (slides.css)."""
    inline = figure_svg.split("?>", 1)[-1]
    parts = []
    for item in deck.slides:
        body = ""
        if item.kind == "figure":
            body = f'<div class="slide__figure">{inline}</div>'
        elif item.kind == "title":
            body = f'<p class="slide__subtitle">{html.escape(item.subtitle)}</p>'
        elif item.kind == "statement":
            body = "".join(f"<p>{html.escape(line)}</p>" for line in item.lines)
        else:
            tag = "ol" if item.kind == "questions" else "ul"
            items = "".join(f"<li>{html.escape(line)}</li>" for line in item.lines)
            body = f"<{tag}>{items}</{tag}>"
        foot = f'<p class="slide__foot">{html.escape(item.foot)}</p>' if item.foot else ""
        parts.append(
            f'<section class="slide slide--{item.kind}" style="font-size:{item.size}pt">'
            f"<h1>{html.escape(item.title)}</h1>"
            f'<div class="slide__body">{body}</div>{foot}</section>'
        )
    title = html.escape(f"{deck.module.title} – præsentation – {manifest.project}")
    return (
        f'<!DOCTYPE html><html lang="{html.escape(manifest.language)}"><head>'
        f'<meta charset="utf-8"><title>{title}</title>'
        f'<meta name="author" content="{html.escape(manifest.project)}"></head>'
        f'<body class="slides">{"".join(parts)}</body></html>'
    )
