"""Issue 22's accidents, as a coordinator meets them, on the overview page and the command line.

The clean corpus (tests/data/overblik: four units, før/under/efter) gets one file for each
accident a coordinator ran into: a file saved without a round, one without a unit, a unit
spelt another way, a »(1)« copy from a download folder, the same file chosen twice, a file of
another checklist whose name sorts first, next year's »før«, a 10 MB file and a file with a
CPR-like note. The page (Chromium, the file chooser) and 'handbog tjekliste samlet
--accepter-fejl' must show the same overview and CSV, byte for byte, and both must name every
accident's file with the Danish reason. The unit names are made up; no file says anything
about a child.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from browser_support import (  # noqa: F401 - pytest fixtures
    OVERVIEW_HTML,
    browser,
    serve,
    site,
)
from conftest import REPO

from handbog.checklists import load_checklist
from handbog.checklists.aggregate import MAX_UNIT_COLUMNS
from handbog.checklists.answers import AnswerSet, write_answers
from handbog.cli import main

pytestmark = pytest.mark.browser

CORPUS = Path(__file__).parent / "data" / "overblik"
GOOD = sorted(p for p in CORPUS.glob("*.json") if "beskadiget" not in p.name)
PAGE = "tjeklister/overblik.html"
OVERVIEW = OVERVIEW_HTML
CPR_LIKE = "010203-" + "1234"  # split, so the repository holds no CPR-like text


def _damaged(folder: Path, source: str, name: str, **context: str | None) -> Path:
    data = json.loads((CORPUS / source).read_text(encoding="utf-8"))
    for key, value in context.items():
        if value is None:
            data["context"].pop(key, None)
        else:
            data["context"][key] = value
    data["format_version"] = 3 if "periode" in data["context"] else 2
    path = folder / name
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return path


def make_accidents(folder: Path) -> tuple[list[Path], dict[str, str]]:
    """The files in the order a coordinator picks them, and what each accident's message says."""
    meeting = load_checklist(REPO / "checklists" / "foraeldremoede.yaml")
    stray = AnswerSet.new(meeting, {"enhed": "Nordskolen", "dato": "2026-01-13", "runde": "foer"})
    stray.set(meeting.sections[0].items[0].id, "ja")
    no_round = _damaged(
        folder,
        "skole-a-under.json",
        "nordskolen-uden-runde.json",
        runde=None,
        enhed="Nordskolen",
        dato="2026-03-02",
    )
    no_round_data = json.loads(no_round.read_text(encoding="utf-8"))
    no_round_data["format_version"] = 1
    no_round.write_text(json.dumps(no_round_data, ensure_ascii=False), encoding="utf-8")
    copy = folder / "skole-b-under (1).json"
    shutil.copyfile(CORPUS / "skole-b-under.json", copy)
    big = folder / "stor.json"
    big.write_text(" " * 10_000_000 + (CORPUS / "skole-a-efter.json").read_text("utf-8"), "utf-8")
    cpr = _damaged(folder, "skole-b-foer.json", "cpr.json")
    cpr_data = json.loads(cpr.read_text(encoding="utf-8"))
    cpr_data["answers"]["trygt-rum"]["note"] = f"spurgt om {CPR_LIKE}"
    cpr.write_text(json.dumps(cpr_data, ensure_ascii=False), encoding="utf-8")
    files = [
        write_answers(stray, folder / "0-foraeldremoede.json"),
        *GOOD,
        no_round,
        _damaged(folder, "dagtilbud-c-under.json", "uden-enhed.json", enhed=None),
        _damaged(
            folder,
            "skole-a-under.json",
            "skole-a-indskoling.json",
            enhed="Skole A, indskolingen",
            udfyldt_af="lærer",
        ),
        copy,
        CORPUS / "skole-a-efter.json",  # the same path a second time
        _damaged(
            folder, "dagtilbud-c-foer.json", "naeste-aar.json", periode="2027", dato="2027-01-12"
        ),
        big,
        cpr,
    ]
    expected = {
        "0-foraeldremoede.json": "hører til tjeklisten 'foraeldremoede', men overblikket "
        "samler svar til 'boerneinddragelse', som",
        "nordskolen-uden-runde.json": "filen har ingen runde",
        "uden-enhed.json": "filen har ingen enhed",
        "skole-a-indskoling.json": "Mente du 'Skole A'?",
        "skole-b-under (1).json": "samme indhold som skole-b-under.json",
        "skole-a-efter.json": "valgt to gange",
        "stor.json": "fylder 10,0 MB",
        "cpr.json": "CPR-nummer",
    }
    return files, expected


@pytest.fixture(scope="module")
def accidents(tmp_path_factory):
    folder = tmp_path_factory.mktemp("uheld")
    files, expected = make_accidents(folder)
    out = folder / "ud"
    out.mkdir()
    return folder, files, expected, out


def test_the_page_and_the_command_line_count_the_accidents_alike(browser, site, accidents, capsys):  # noqa: F811
    _folder, files, expected, out = accidents
    args = ["tjekliste", "--tjeklister", str(REPO / "checklists"), "samlet", *map(str, files)]
    capsys.readouterr()
    assert main([*args, "--html", str(out / "o.html")]) == 1  # errors without the flag
    refused = capsys.readouterr().err
    code = main(
        [
            *args,
            "--html",
            str(out / "o.html"),
            "--csv",
            str(out / "o.csv"),
            "--md",
            str(out / "o.md"),
            "--noter",
            str(out / "noter.csv"),
            "--accepter-fejl",
        ]
    )
    assert code == 0
    cli = capsys.readouterr()
    said = " ".join((cli.err + refused).split())
    for name, reason in expected.items():
        assert any(name in line and reason in line for line in (cli.err + refused).splitlines()), (
            name,
            reason,
            said,
        )
    context = browser.new_context(viewport={"width": 390, "height": 844}, accept_downloads=True)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(site + PAGE, wait_until="networkidle")
    with page.expect_file_chooser() as chooser:
        page.locator("#ho-filer").click()
    chooser.value.set_files([str(f) for f in files])
    page.wait_for_selector(".ho-result .ho-overblik")
    status = page.inner_text(".ho-status")
    shown = page.eval_on_selector(".ho-result", OVERVIEW)
    with page.expect_download() as download:
        page.get_by_role("button", name="Gem tallene som CSV-fil").click()
    saved = Path(download.value.path()).read_bytes()
    with page.expect_download() as download:
        page.get_by_role("button", name="Gem noterne som CSV-fil").click()
    notes = Path(download.value.path()).read_bytes()
    with serve(out) as base:
        other = context.new_page()
        other.goto(base + "o.html")
        written = other.eval_on_selector("main", OVERVIEW)
    context.close()
    assert errors == []
    for name, reason in expected.items():
        assert any(name in line and reason in line for line in status.splitlines()), (
            name,
            reason,
            status,
        )
    # 13 good files; of the accidents only the spelling variant and next year's »før« count.
    assert f"15 af {len(files)} filer er talt med" in status
    assert shown == written
    assert saved == (out / "o.csv").read_bytes()
    assert notes == (out / "noter.csv").read_bytes()
    assert "Drøftet på personalemødet" in notes.decode("utf-8-sig")
    text = (out / "o.md").read_text(encoding="utf-8")
    assert "15 svarfiler fra 5 enheder i 4 runder" in text


def test_paper_starts_with_who_is_counted_and_keeps_what_was_left_out(browser, site, accidents):  # noqa: F811
    import pypdfium2 as pdfium

    folder, files, _expected, _out = accidents
    context = browser.new_context()
    page = context.new_page()
    page.goto(site + PAGE, wait_until="networkidle")
    page.set_input_files("#ho-filer", [str(f) for f in files])
    page.wait_for_selector(".ho-result .ho-overblik")
    path = folder / "overblik.pdf"
    page.pdf(path=str(path), format="A4")
    context.close()
    pdf = pdfium.PdfDocument(str(path))
    try:
        pages = [" ".join(p.get_textpage().get_text_range().split()) for p in pdf]
    finally:
        pdf.close()
    first, whole = pages[0], " ".join(pages)
    # The first sheet: the overview's title and who is counted, not the page's help text.
    assert "Hvem er talt med" in first and "dagtilbud-c-foer.json" in first, first[:400]
    assert "Nordskolen" in first and "nej: ingen runde" in first  # the name may wrap
    assert "Sådan holder I en runde" not in whole and "Vælg svarfiler" not in whole
    # What was left out, and why, is on paper too.
    assert "nej: ingen runde" in whole and "filen har ingen enhed" in whole


def test_files_chosen_later_are_added_and_a_file_chosen_again_is_counted_once(browser, site):  # noqa: F811
    context = browser.new_context()
    page = context.new_page()
    page.goto(site + PAGE, wait_until="networkidle")
    first, rest = GOOD[:6], GOOD[6:]
    for chosen, expected in ((first, "6 af 6"), (rest, f"{len(GOOD)} af {len(GOOD)}")):
        with page.expect_file_chooser() as chooser:
            page.locator("#ho-filer").click()
        chooser.value.set_files([str(f) for f in chosen])
        page.locator(".ho-status p").filter(has_text=expected).wait_for()
    with page.expect_file_chooser() as chooser:
        page.locator("#ho-filer").click()
    chooser.value.set_files(str(GOOD[0]))
    page.locator(".ho-status p").filter(has_text=f"{len(GOOD)} af {len(GOOD) + 1}").wait_for()
    assert f"{GOOD[0].name}: filen er valgt to gange" in page.inner_text(".ho-status")
    page.get_by_role("button", name="Ryd overblikket").click()
    with page.expect_file_chooser() as chooser:
        page.locator("#ho-filer").click()
    chooser.value.set_files(str(GOOD[0]))
    page.locator(".ho-status p").filter(has_text="1 af 1").wait_for()
    context.close()


def test_on_a_phone_the_heat_map_of_50_units_scrolls_at_full_size_and_few_sections_get_bars(
    browser,  # noqa: F811
    site,  # noqa: F811
    tmp_path,
):
    # 50 invented units (a fixture, no real institutions): shrunk to the page, the heat map's
    # text was about 3 px; now it keeps its 11 px and its own region scrolls.
    files = [
        _damaged(tmp_path, "skole-a-efter.json", f"enhed-{n:02}.json", enhed=f"Eksempel {n:02}")
        for n in range(1, 51)
    ]
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.goto(site + PAGE, wait_until="networkidle")
    page.set_input_files("#ho-filer", [str(f) for f in files])
    page.locator(".ho-status p").filter(has_text="50 af 50").wait_for()
    # (the units come in groups, aggregate.MAX_UNIT_COLUMNS to a heat map, for paper's sake)
    groups = page.locator("svg[aria-labelledby^='ho-varme']")
    assert groups.count() == -(-50 // MAX_UNIT_COLUMNS)
    heat = groups.first
    size = heat.evaluate(
        "svg => ({shown: svg.getBoundingClientRect().width, drawn: svg.viewBox.baseVal.width,"
        " font: svg.querySelector('rect + text').getBoundingClientRect().height})"
    )
    assert size["drawn"] > 390 and abs(size["shown"] - size["drawn"]) < 1, size
    assert size["font"] >= 10, size  # the cell's figure is drawn at its full size
    region = heat.locator("xpath=ancestor::div[contains(@class, 'ho-scroll')][1]")
    assert region.count() == 1
    assert region.get_attribute("role") == "region" and region.get_attribute("tabindex") == "0"
    assert region.evaluate("el => el.clientWidth") <= 390
    region.focus()
    for _ in range(5):
        page.keyboard.press("ArrowRight")
    assert page.url.endswith(PAGE)  # the arrow keys scroll the region, not to the next page
    # (the keyboard may scroll smoothly, so wait for it to move; poll is in milliseconds)
    region.evaluate(
        "el => new Promise((done, fail) => { let n = 0; const t = setInterval(() => {"
        " if (el.scrollLeft > 0) { clearInterval(t); done(); }"
        " else if (++n > 100) { clearInterval(t); fail(new Error('rullede ikke')); } }, 20); })"
    )
    # Only the regions scroll sideways, never the page.
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    # The checklist of the corpus has two sections: bars, which fit the phone, not a radar.
    bars = page.locator("svg[aria-labelledby^='ho-soejler-']")
    assert bars.count() == 1 and page.locator("svg[aria-labelledby^='ho-radar-']").count() == 0
    assert bars.evaluate("svg => svg.getBoundingClientRect().right") <= 390
    bars.screenshot(path=str(Path("/tmp") / "s5-overview2-bars-390.png"))
    region.screenshot(path=str(Path("/tmp") / "s5-overview2-heat-390.png"))
    context.close()
