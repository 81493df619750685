"""Slides and the model figure (issue 23, item 3), from ``handbog pdf`` on the real handbook.

Slow: the whole handbook is built and one module printed with ``handbog pdf --only``, as a
trainer does. The tests open what the trainer gets: the deck as PDF (every page 16:9, the
titles in the slides' order) and as PowerPoint (python-pptx reopens it and finds the same
slides and titles, the model figure as a picture, and no ID), and the figure alone as SVG
(an SVG document a browser or an editor opens) and PNG (a picture of the figure's shape).
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET

import pypdfium2 as pdfium
import pytest
from PIL import Image
from pptx import Presentation

from handbog.pdf.slides import FIGURE, deck_id

MODULE = "boerneinddragelse"
#: What an ID of the model looks like (PR_BI_RUM, KE_BOERNEINDDRAGELSE, HR_…).
ID = re.compile(r"\b[A-Z]{2,}_[A-Z0-9_]{2,}\b")


@pytest.fixture(scope="module")
def printed(handbook):
    env = {**os.environ, "SOURCE_DATE_EPOCH": os.environ.get("SOURCE_DATE_EPOCH", "1700000000")}
    proc = subprocess.run(
        [sys.executable, "-m", "handbog", "pdf", str(handbook.html), "--only", MODULE],
        capture_output=True,
        text=True,
        env=env,
    )
    assert proc.returncode == 0, proc.stderr
    assert deck_id(MODULE) in proc.stdout and f"deltager-{MODULE}" in proc.stdout
    return handbook.html / "pdf"


def _pdf_pages(path):
    pdf = pdfium.PdfDocument(str(path))
    try:
        return [(page.get_size(), page.get_textpage().get_text_range()) for page in pdf]
    finally:
        pdf.close()


def test_the_deck_is_a_16_9_pdf_and_a_pptx_with_the_same_slides(printed):
    pages = _pdf_pages(printed / f"{deck_id(MODULE)}.pdf")
    deck = Presentation(str(printed / f"{deck_id(MODULE)}.pptx"))
    assert abs(deck.slide_width / deck.slide_height - 16 / 9) < 0.01
    for (width, height), _text in pages:
        assert abs(width / height - 16 / 9) < 0.01, (width, height)
    titles = [slide.shapes.title.text for slide in deck.slides]
    assert len(titles) == len(pages) >= 6
    # each PDF page starts with its slide's title (the PDF wraps long titles)
    for title, (_size, text) in zip(titles, pages, strict=True):
        assert " ".join(text.split()).startswith(" ".join(title.split())[:30]), title
    assert titles[0] == "Kerneelement: Børneinddragelse"
    assert titles[1] == "Modellen"
    assert "Kort fortalt: Børneinddragelse" in titles
    assert titles[-1] == "Til drøftelse"
    # the practices of the element, each a slide with its evidence in one line at the foot
    assert "Rum: et trygt sted, hvor barnet kan fortælle" in titles
    rum = deck.slides[titles.index("Rum: et trygt sted, hvor barnet kan fortælle")]
    texts = [shape.text_frame.text for shape in rum.shapes if shape.has_text_frame]
    assert any(t.startswith("Bygger på ") and "Grundlag:" in t for t in texts), texts
    # the figure is a picture on its slide; no slide carries an ID
    assert any(shape.shape_type == 13 for shape in deck.slides[1].shapes)  # PICTURE
    every = " ".join(
        shape.text_frame.text for s in deck.slides for shape in s.shapes if shape.has_text_frame
    )
    assert not ID.findall(every), ID.findall(every)
    assert not ID.findall(" ".join(text for _size, text in pages))


def test_the_model_figure_stands_alone_as_svg_and_png(printed):
    root = ET.parse(printed / f"{FIGURE}.svg").getroot()
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    assert root.get("viewBox") and root.get("width") and root.get("height")
    text = " ".join(t.text or "" for t in root.iter("{http://www.w3.org/2000/svg}text"))
    for name in ("Børneinddragelse", "Forældresamarbejde", "Fælles børnesyn"):
        assert name in text
    assert "currentColor" not in (printed / f"{FIGURE}.svg").read_text("utf-8")
    with Image.open(printed / f"{FIGURE}.png") as image:
        width, height = image.size
        ratio = float(root.get("width")) / float(root.get("height"))
        assert width >= 1200 and abs(width / height - ratio) < 0.01
        # painted, not blank: the figure's frames are in colour
        assert len(image.convert("RGB").getcolors(maxcolors=1 << 16) or range(100)) > 20
