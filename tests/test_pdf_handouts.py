"""Participant handouts (issue 23, item 2), read from the PDFs a trainer hands out.

Slow: the whole handbook is built, the handouts are printed, and the tests read
them as a participant meets them: every summary and every question of the module is there,
no ID and no link target is, no glyph is smaller than 10.5 pt, a handout takes one sheet per
summary (front and back), and in ``deltagermateriale.pdf`` every handout starts on a
right-hand (odd) page, so a duplex print falls apart into the handouts.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import pytest
from bs4 import BeautifulSoup

from handbog.pdf.build import build_handouts
from handbog.pdf.handouts import ALL_HANDOUTS, QUESTIONS_ID, SUMMARY_PAGE, handout_id

PX = 96 / 72  # pdfium reports font sizes in CSS px (as tests/test_pdf_typography.py)
MIN_SIZE_PT = 10.5
#: What an ID of the model looks like (PR_BI_RUM, KE_BOERNEINDDRAGELSE, HR_…).
ID = re.compile(r"\b[A-Z]{2,}_[A-Z0-9_]{2,}\b")
#: White space and hyphens: a line may break anywhere, also inside a word.
BREAKS = re.compile(r"[\s\u00ad\u2010-]+")


def _joined(text: str) -> str:
    return BREAKS.sub("", text)


def _soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text("utf-8"), "html.parser")


def _training_modules(html: Path) -> list[dict[str, Any]]:
    from handbog.theme.pdflinks import MODULE_KICKER

    modules = json.loads((html / "pdf-moduler.json").read_text("utf-8"))["modules"]
    return [m for m in modules if m["kicker"] == MODULE_KICKER]


def _contents(html: Path, module: dict[str, Any]) -> tuple[list[str], list[str]]:
    """The module's summary titles and its questions, as the web pages have them."""
    titles, questions = [], []
    for page in module["pages"]:
        soup = _soup(html / page["html"])
        summary = soup.select_one(f"section.{SUMMARY_PAGE}")
        if summary is not None:
            titles.append(summary.h1.get_text(" ", strip=True).rstrip("¶ "))
        section = soup.select_one(f"section#{QUESTIONS_ID}")
        if section is not None:
            questions += [li.get_text(" ", strip=True) for li in section.select("ol > li")]
    return titles, questions


@pytest.fixture(scope="module")
def handouts(handbook):
    """The handouts of every module and all of them in one file, as ``handbog pdf`` makes
    them after the modules (tests/test_pdf_slides.py runs the command itself)."""
    modules = _training_modules(handbook.html)
    results = list(build_handouts(handbook.html, [m["id"] for m in modules]))
    assert all(r.ok for r in results), [r.problems for r in results if not r.ok]
    assert all(not r.warnings for r in results), [r.warnings for r in results]
    assert ALL_HANDOUTS in {r.module_id for r in results}
    return handbook.html, modules


def _pages(path: Path) -> list[str]:
    pdf = pdfium.PdfDocument(str(path))
    try:
        return [page.get_textpage().get_text_range() for page in pdf]
    finally:
        pdf.close()


def _smallest_sizes(path: Path) -> list[tuple[int, float, str]]:
    """(page, size in pt, the glyph) of every printed glyph below the minimum."""
    small = []
    pdf = pdfium.PdfDocument(str(path))
    try:
        for number, page in enumerate(pdf, 1):
            text = page.get_textpage()
            for index in range(text.count_chars()):
                char = chr(pdfium_c.FPDFText_GetUnicode(text, index))
                if char.isspace() or char in "\x02\ufffe":
                    continue
                size = pdfium_c.FPDFText_GetFontSize(text, index) / PX
                if size < MIN_SIZE_PT - 0.05:
                    small.append((number, round(size, 2), char))
    finally:
        pdf.close()
    return small


def test_every_module_with_summaries_or_questions_has_a_handout(handouts):
    html, modules = handouts
    made = 0
    for module in modules:
        titles, questions = _contents(html, module)
        path = html / "pdf" / f"{handout_id(module['id'])}.pdf"
        if not titles and not questions:
            assert not path.exists(), f"{path.name}: en tom uddeling"
            continue
        made += 1
        assert path.is_file(), f"{module['id']} har resuméer eller spørgsmål, men ingen uddeling"
        pages = _pages(path)
        text = _joined(" ".join(pages))
        for title in titles:
            assert _joined(title) in text, f"{path.name}: {title}"
        for question in questions:
            # the question itself; its pointer to the need ("Se rum.") is left out on paper
            asked = question.rsplit("?", 1)[0]
            assert _joined(asked) in text, f"{path.name}: {question}"
        # one sheet (front and back) for each summary, one for the questions alone
        assert len(pages) <= 2 * max(1, len(titles)), f"{path.name}: {len(pages)} sider"
    assert made >= 7


def test_handouts_hold_no_id_and_no_small_print(handouts):
    html, modules = handouts
    files = [html / "pdf" / f"{ALL_HANDOUTS}.pdf"]
    files += [html / "pdf" / f"{handout_id(m['id'])}.pdf" for m in modules]
    files = [path for path in files if path.exists()]
    assert len(files) >= 8
    for path in files:
        text = " ".join(_pages(path))
        assert not ID.findall(text), f"{path.name}: {sorted(set(ID.findall(text)))}"
        assert ".html" not in text and "://" not in text, f"{path.name}: en adresse"
        small = _smallest_sizes(path)
        assert not small, f"{path.name}: tekst under {MIN_SIZE_PT} pt: {small[:5]}"


def test_all_handouts_each_start_on_a_right_hand_page(handouts):
    html, modules = handouts
    pages = _pages(html / "pdf" / f"{ALL_HANDOUTS}.pdf")
    starts = [n for n, text in enumerate(pages, 1) if text.lstrip().startswith("Til deltagere ·")]
    expected = [m for m in modules if (html / "pdf" / f"{handout_id(m['id'])}.pdf").exists()]
    assert len(starts) == len(expected)
    assert all(n % 2 == 1 for n in starts), starts
    # the same handouts, in the modules' order, as the single files hold them
    for module, start in zip(expected, starts, strict=True):
        assert pages[start - 1].lstrip().startswith(f"Til deltagere · {module['title']}")
