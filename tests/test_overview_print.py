"""The overview on paper with many units (issue 22): 50 units must print with readable text.

One heat map of 50 units shrunk to an A4 page had 2 pt text. Above aggregate.MAX_UNIT_COLUMNS
units the heat map and its table are split into groups of units, on the page and in
'samlet --html' alike. The corpus is test_aggregate.py's four units copied into 50 made-up
ones (»Eksempel Enhed 01« …), three rounds each: it is printed from Chromium as a coordinator
prints it, and pdfplumber reads the size of every character on every sheet.
"""

from __future__ import annotations

import json
from pathlib import Path

import pdfplumber
import pytest
from browser_support import browser, serve, site  # noqa: F401 - pytest fixtures
from conftest import REPO
from test_aggregate import GOOD
from test_aggregate_browser import OVERVIEW, PAGE

from handbog.checklists.aggregate import MAX_UNIT_COLUMNS
from handbog.cli import main

pytestmark = pytest.mark.browser

UNITS = 50
#: 7 pt: the smallest text a printed table or chart may have.
SMALLEST = 7.0


@pytest.fixture(scope="module")
def fifty(tmp_path_factory) -> list[Path]:
    folder = tmp_path_factory.mktemp("halvtreds")
    by_unit: dict[str, list[dict]] = {}
    for path in GOOD:
        data = json.loads(path.read_text(encoding="utf-8"))
        by_unit.setdefault(data["context"]["enhed"], []).append(data)
    sources = [by_unit[u] for u in sorted(by_unit)]
    files = []
    for n in range(1, UNITS + 1):
        for k, data in enumerate(sources[n % len(sources)]):
            copy = json.loads(json.dumps(data))
            copy["context"]["enhed"] = f"Eksempel Enhed {n:02d}"
            path = folder / f"enhed-{n:02d}-{k}.json"
            path.write_text(json.dumps(copy, ensure_ascii=False), encoding="utf-8")
            files.append(path)
    return files


def test_fifty_units_print_with_text_of_7_pt_or_more(browser, site, fifty, tmp_path):  # noqa: F811
    out = tmp_path / "cli"
    out.mkdir()
    args = ["tjekliste", "--tjeklister", str(REPO / "checklists"), "samlet", *map(str, fifty)]
    assert main([*args, "--html", str(out / "o.html")]) == 0
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(site + PAGE, wait_until="networkidle")
    page.set_input_files("#ho-filer", [str(f) for f in fifty])
    page.wait_for_selector(".ho-status p")
    assert f"{len(fifty)} af {len(fifty)} filer er talt med" in page.inner_text(".ho-status")
    # the page splits the units as the command line does
    shown = page.eval_on_selector(".ho-result", OVERVIEW)
    with serve(out) as base:
        other = browser.new_page()
        other.goto(base + "o.html")
        assert other.eval_on_selector("main", OVERVIEW) == shown
        other.close()
    groups = -(-UNITS // MAX_UNIT_COLUMNS)
    assert page.locator("svg[aria-labelledby^='ho-varme']").count() == groups
    last = (groups - 1) * MAX_UNIT_COLUMNS + 1
    heading = f"(enhed {last}–{UNITS} af {UNITS})"
    assert page.get_by_role("heading", name=heading).count() == 2  # heat map, changes
    pdf_path = tmp_path / "overblik.pdf"
    page.pdf(path=str(pdf_path), format="A4")
    context.close()
    sizes: list[float] = []
    text = ""
    with pdfplumber.open(pdf_path) as pdf:
        for sheet in pdf.pages:
            assert sheet.width == pytest.approx(595, abs=2)
            sizes += [round(c["size"], 2) for c in sheet.chars if c["text"].strip()]
            text += (sheet.extract_text() or "") + "\n"
    assert sizes and min(sizes) >= SMALLEST, sorted(sizes)[:10]
    # every unit is on paper, in a heat map's columns and its table
    for n in range(1, UNITS + 1):
        assert f"Eksempel Enhed {n:02d}" in text


def test_six_rounds_draw_the_same_unit_trend_on_the_page(browser, site, tmp_path):  # noqa: F811
    """Two years of rounds (their labels in two rows): the page draws what 'samlet' writes."""
    files = []
    for year in ("2026", "2027"):
        for path in GOOD:
            data = json.loads(path.read_text(encoding="utf-8"))
            data["format_version"] = 3
            data["context"]["periode"] = year
            data["context"]["dato"] = year + data["context"]["dato"][4:]
            copy = tmp_path / f"{year}-{path.name}"
            copy.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
            files.append(copy)
    out = tmp_path / "cli"
    out.mkdir()
    args = ["tjekliste", "--tjeklister", str(REPO / "checklists"), "samlet", *map(str, files)]
    assert main([*args, "--html", str(out / "o.html")]) == 0
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.goto(site + PAGE, wait_until="networkidle")
    page.set_input_files("#ho-filer", [str(f) for f in files])
    page.wait_for_selector(".ho-result .ho-overblik")
    shown = page.eval_on_selector(".ho-result", OVERVIEW)
    assert "2027 · efter" in shown
    with serve(out) as base:
        other = browser.new_page()
        other.goto(base + "o.html")
        assert other.eval_on_selector("main", OVERVIEW) == shown
        other.close()
    context.close()
