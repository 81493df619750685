"""The overview page of the built handbook (tjeklister/overblik.html) in Debian's Chromium.

One set of numbers: the page and 'handbog tjekliste samlet' read the same corpus
(tests/data/overblik/, see test_aggregate.py) and must show the same overview, element for
element (tables, charts and their text alternatives), and save the same CSV, byte for byte.
The hand-computed figures of test_aggregate.py are checked on the page too, as a reader sees
them, on a phone-sized screen. Nothing may leave 127.0.0.1.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from xml.etree import ElementTree

import pytest
import quality
from browser_support import browser, serve, site  # noqa: F401 - pytest fixtures
from conftest import REPO
from PIL import Image

from handbog.cli import main

pytestmark = pytest.mark.browser

CORPUS = Path(__file__).parent / "data" / "overblik"
FILES = sorted(CORPUS.glob("*.json"))
BROKEN = "skole-b-efter-beskadiget.json"
PAGE = "tjeklister/overblik.html"
CPR_LIKE = "010203-" + "1234"
# Element by element, as the browser parsed it: the same markup reads the same either way.
# (The page adds its own buttons to save each chart, .ho-gem; a file has no use for them.)
OVERVIEW = """el => { const o = el.querySelector('.ho-overblik').cloneNode(true);
    o.querySelectorAll('.ho-gem').forEach(b => b.remove()); return o.outerHTML; }"""


@pytest.fixture(scope="module")
def cli_output(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("samlet")
    code = main(
        [
            "tjekliste",
            "--tjeklister",
            str(REPO / "checklists"),
            "samlet",
            *map(str, FILES),
            "--html",
            str(folder / "overblik.html"),
            "--csv",
            str(folder / "overblik.csv"),
            "--deltagelse",
            str(folder / "deltagelse.csv"),
            "--accepter-fejl",
        ]
    )
    assert code == 0
    return folder


def _open(browser, site, files=FILES, **options):  # noqa: F811
    context = browser.new_context(viewport={"width": 390, "height": 844}, accept_downloads=True)
    traffic = quality.watch_traffic(context, site)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(site + PAGE, wait_until="networkidle")
    page.set_input_files("#ho-filer", [str(f) for f in files])
    page.wait_for_selector(".ho-status p")
    return context, page, traffic, errors


def _cells(page, row_header: str) -> list[str]:
    return page.eval_on_selector_all(
        ".ho-result table tbody tr",
        """(rows, header) => rows.filter(r => r.querySelector('th').textContent === header)
            .map(r => Array.from(r.querySelectorAll('td')).map(td => td.textContent))[0] || []""",
        row_header,
    )


def test_the_page_shows_the_same_overview_as_the_command_line(browser, site, cli_output):  # noqa: F811
    context, page, traffic, errors = _open(browser, site)
    status = page.inner_text(".ho-status")
    assert "13 af 14 filer er talt med" in status
    assert f"{BROKEN} er ikke talt med" in status and "version 1 af tjeklisten" in status
    # The hand-computed figures of test_aggregate.py, as the reader sees them.
    assert _cells(page, "2 Procedurer og ledelse") == [
        "0,8 (23 af 24 svar)",
        "1,4",
        "2,0",
        "+0,7",
        "+1,3",
        "Dagtilbud D (1,5)",
    ]
    assert _cells(page, "Skole B: 1 Rum, stemme, tilhørere og indflydelse") == [
        "0,0",
        "0,7",
        "2,0",
        "+1,3",
        "+2,0",
    ]
    shown = page.eval_on_selector(".ho-result", OVERVIEW)
    with serve(cli_output) as base:
        other = browser.new_page()  # its own context: the page's traffic watch stays strict
        other.goto(base + "overblik.html")
        written = other.eval_on_selector("main", OVERVIEW)
        other.close()
    assert shown == written
    assert errors == [] and traffic.outside == []
    context.close()


def test_the_csv_saved_in_the_browser_is_the_command_lines(browser, site, cli_output):  # noqa: F811
    context, page, traffic, _errors = _open(browser, site)
    with page.expect_download() as download:
        page.get_by_role("button", name="Gem tallene som CSV-fil").click()
    saved = Path(download.value.path()).read_bytes()
    assert saved == (cli_output / "overblik.csv").read_bytes()
    assert saved.startswith(b"\xef\xbb\xbf")
    # Who took part, with the refused file's row: the same bytes as 'samlet --deltagelse'.
    with page.expect_download() as download:
        page.get_by_role("button", name="Gem deltagelsen som CSV-fil").click()
    people = Path(download.value.path()).read_bytes()
    assert people == (cli_output / "deltagelse.csv").read_bytes()
    assert b"2026-01-12" in people and BROKEN.encode() in people
    assert traffic.outside == []
    context.close()


def test_charts_have_text_alternatives_and_follow_the_dark_theme(browser, site):  # noqa: F811
    context, page, _traffic, _errors = _open(browser, site)
    charts = page.eval_on_selector_all(
        ".ho-result svg",
        """svgs => svgs.map(svg => ({
            role: svg.getAttribute('role'),
            labels: svg.getAttribute('aria-labelledby').split(' ')
                .map(id => (document.getElementById(id) || {}).textContent || ''),
            // (a wide chart's figure sits in its own scrolling region; the table follows that)
            table: !!(svg.closest('.ho-scroll') || svg.closest('figure'))
                .nextElementSibling.querySelector('table'),
        }))""",
    )
    assert len(charts) == 7  # bars, trend, one trend per unit (4), heat map
    for chart in charts:
        assert chart["role"] == "img" and chart["table"]
        assert chart["labels"][0] and len(chart["labels"][1]) > 80
    for theme in ("light", "dark"):
        page.evaluate("theme => { document.body.dataset.theme = theme; }", theme)
        text, body = page.evaluate(
            """() => [getComputedStyle(document.querySelector('.ho-chart text')).fill,
                      getComputedStyle(document.body).color]"""
        )
        assert text == body, theme  # axis labels take the page's text colour
    page.emulate_media(media="print")
    assert not page.is_visible(".ho-drop") and page.is_visible(".ho-chart")
    widths = page.eval_on_selector_all(
        ".ho-chart", "svgs => svgs.map(s => s.getBoundingClientRect().width)"
    )
    assert max(widths) <= 16 / 2.54 * 96 + 1  # 16 cm: within an A4 page's margins
    context.close()


def test_a_file_with_a_cpr_like_number_is_refused(browser, site, tmp_path):  # noqa: F811
    data = json.loads(FILES[0].read_text(encoding="utf-8"))
    data["answers"]["trygt-rum"]["note"] = f"Se {CPR_LIKE}"
    path = tmp_path / "med-nummer.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    context, page, _traffic, _errors = _open(browser, site, [path, *FILES[1:3]])
    status = page.inner_text(".ho-status")
    assert "med-nummer.json er ikke talt med" in status and "CPR-nummer" in status
    # the way out: the item, the form and the command that make a clean copy
    assert "noten til 'trygt-rum'" in status and "tjeklistens formular" in status
    assert "handbog tjekliste rens med-nummer.json" in status
    assert CPR_LIKE not in page.inner_text("body")
    context.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_filled_overview_has_no_wcag_violation(browser, site, scheme):  # noqa: F811
    context, page, _traffic, _errors = _open(browser, site)
    quality.apply_color_scheme(page, scheme)
    assert quality.color_scheme_problems(page, scheme, PAGE) == []
    violations = quality.axe_violations(page)
    assert violations == [], "\n".join(quality.format_violations(f"{PAGE} ({scheme})", violations))
    context.close()


def test_the_overview_prints_on_a4_with_its_figures(browser, site, tmp_path):  # noqa: F811
    import pypdfium2 as pdfium

    context, page, _traffic, _errors = _open(browser, site)
    path = tmp_path / "overblik.pdf"
    page.pdf(path=str(path), format="A4")
    pdf = pdfium.PdfDocument(str(path))
    text = ""
    try:
        for index in range(len(pdf)):
            sheet = pdf[index]
            width, height = sheet.get_size()
            # A4 is 595 × 842 points (Chromium rounds its page up to whole CSS pixels)
            assert abs(width - 595) < 2 and abs(height - 842) < 2
            text += sheet.get_textpage().get_text_range()
    finally:
        pdf.close()
    flat = " ".join(text.split())
    for words in ("Niveau pr. runde", "2 Procedurer og ledelse", "Dagtilbud D (1,5)", "+0,7"):
        assert words in flat
    assert "Vælg svarfiler" not in flat  # the drop zone and the buttons are not printed
    context.close()


def test_a_damaged_file_counts_the_same_on_the_page_as_with_accepter_fejl(browser, site, tmp_path):  # noqa: F811
    data = json.loads((CORPUS / "skole-b-efter.json").read_text(encoding="utf-8"))
    data["answers"]["gammelt-punkt"] = {"value": "2", "note": ""}  # an item it does not have
    data["answers"]["trygt-rum"]["value"] = "7"  # off the scale
    data["context"]["enhed"] = "Skole E"
    damaged = tmp_path / "skole-e-efter.json"
    damaged.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    files = [*FILES, damaged]
    out = tmp_path / "cli"
    out.mkdir()
    args = ["tjekliste", "--tjeklister", str(REPO / "checklists"), "samlet", *map(str, files)]
    assert main([*args, "--html", str(out / "o.html")]) == 1  # an error without the flag
    assert main([*args, "--html", str(out / "o.html"), "--accepter-fejl"]) == 0
    context, page, _traffic, _errors = _open(browser, site, files)
    status = page.inner_text(".ho-status")
    assert "gammelt-punkt" in status and "'7'" in status
    shown = page.eval_on_selector(".ho-result", OVERVIEW)
    with serve(out) as base:
        other = browser.new_page()
        other.goto(base + "o.html")
        written = other.eval_on_selector("main", OVERVIEW)
        other.close()
    assert shown == written and "Skole E" in shown
    context.close()


def test_the_overview_saved_as_html_is_the_same_overview(browser, site, tmp_path):  # noqa: F811
    context, page, traffic, _errors = _open(browser, site)
    shown = page.eval_on_selector(".ho-result", OVERVIEW)
    with page.expect_download() as download:
        page.get_by_role("button", name="Gem overblikket som HTML-fil").click()
    saved = tmp_path / download.value.suggested_filename
    download.value.save_as(saved)
    assert saved.name == "overblik-boerneinddragelse.html"
    with serve(tmp_path) as base:
        other = browser.new_page()
        other.goto(base + saved.name)
        assert other.eval_on_selector("main", OVERVIEW) == shown
        assert BROKEN in other.inner_text("main")  # the notes come along
        assert "@media print" in other.inner_html("style")  # and the style sheet
        other.close()
    assert traffic.outside == []
    context.close()


def test_each_chart_saves_as_svg_and_png_with_title_legend_and_source(browser, site, tmp_path):  # noqa: F811
    """For slides: every chart has its own two buttons; the SVG keeps its text as text (the
    title, the legend, the source line), the PNG is the same picture at twice the size."""
    context, page, traffic, errors = _open(browser, site)
    buttons = page.get_by_role("button", name="Gem som SVG: ")
    assert buttons.count() == 7  # every chart
    trend = page.get_by_role("button", name="Gem som SVG: Udvikling i Skole B")
    with page.expect_download() as download:
        trend.click()
    saved = tmp_path / download.value.suggested_filename
    download.value.save_as(saved)
    assert saved.name == "overblik-boerneinddragelse-udvikling-i-skole-b.svg"
    root = ElementTree.parse(saved).getroot()
    texts = [t.text or "" for t in root.iter("{http://www.w3.org/2000/svg}text")]
    assert texts[0] == "Udvikling i Skole B"  # the title, drawn
    assert "1 Rum, stemme, tilhørere og indflydelse" in texts  # the legend
    source = " ".join(texts[texts.index(next(t for t in texts if t.startswith("Kilde:"))) :])
    assert "13 svarfiler fra 4 enheder i 3 runder (Før, Under, Efter)" in source
    listed = re.findall(r"[a-z-]+\.json", source)
    rest = re.search(r"og (\d+) svarfiler? til\.", source)
    assert listed and set(listed) <= {f.name for f in FILES} and BROKEN not in listed
    assert len(listed) + (int(rest.group(1)) if rest else 0) == 13
    width, height = int(root.get("width")), int(root.get("height"))
    with page.expect_download() as download:
        page.get_by_role("button", name="Gem som PNG: Udvikling i Skole B").click()
    png = tmp_path / download.value.suggested_filename
    download.value.save_as(png)
    assert png.suffix == ".png"
    with Image.open(png) as image:
        assert image.size == (2 * width, 2 * height)
        pixels = image.convert("RGB")
        colours = pixels.getcolors(maxcolors=1_000_000) or []
        not_white = sum(count for count, colour in colours if colour != (255, 255, 255))
        assert len(colours) > 20 and not_white > 0.02 * width * height * 4
        # the series' blue is there (the first section's line), not only text
        assert any(
            abs(c[0] - 0x00) < 30 and abs(c[1] - 0x72) < 30 and abs(c[2] - 0xB2) < 30
            for _n, c in colours
        )
    # The heat map's file gets a key to its shades.
    with page.expect_download() as download:
        page.get_by_role("button", name="Gem som SVG: Punkter og enheder i seneste runde").click()
    heat = ElementTree.parse(download.value.path()).getroot()
    fills = {r.get("fill") for r in heat.iter("{http://www.w3.org/2000/svg}rect")}
    assert {"#eff3ff", "#08519c"} <= fills
    assert any(
        "jo mørkere" in (t.text or "") for t in heat.iter("{http://www.w3.org/2000/svg}text")
    )
    page.emulate_media(media="print")
    assert not page.is_visible(".ho-gem")
    assert errors == [] and traffic.outside == []
    context.close()
