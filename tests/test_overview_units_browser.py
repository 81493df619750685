"""The units file on the overview page and on the command line: the same overview, byte for byte.

The coordinator of »Eksempel Kommune« (a fixture: the units are made up) chooses the units
file beside the answers files, as on the command line with --enheder: the corpus of
tests/data/overblik, a file whose unit is written another way (mapped by the units file), a
file from a unit missing from the list, and goals for the two sections. With and without the
filter by kind, the page (Chromium, the file choosers) and 'handbog tjekliste samlet' must
show the same overview and save the same three CSV files, and both must name the accidents'
files with the same Danish messages. A mistake in the units file gets the command line's
message on the page too, with its line.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from browser_support import (  # noqa: F401 - pytest fixtures
    OVERVIEW_HTML,
    browser,
    serve,
    site,
)
from conftest import REPO
from test_aggregate import GOOD
from test_overview_units import GOALS, UNITS, _variant

from handbog.cli import main

pytestmark = pytest.mark.browser

PAGE = "tjeklister/overblik.html"
OVERVIEW = OVERVIEW_HTML
BUTTONS = {
    "overblik.csv": "Gem tallene som CSV-fil",
    "deltagelse.csv": "Gem deltagelsen som CSV-fil",
    "noter.csv": "Gem noterne som CSV-fil",
}


def _cli(*args: str) -> int:
    return main(["tjekliste", "--tjeklister", str(REPO / "checklists"), "samlet", *args])


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    folder = tmp_path_factory.mktemp("enheder")
    files = [
        *GOOD,
        _variant(folder, "skole-a-under.json", "indskolingen.json", "Skole A, indskolingen"),
        _variant(folder, "skole-b-under.json", "vestskolen.json", "Skole B vest"),
    ]
    files = [f for f in files if f.name != "skole-a-under.json"]
    (folder / "enheder.yaml").write_text(GOALS, encoding="utf-8")
    return folder, files


def _page(browser, site, units: Path, files: list[Path], kind: str = ""):  # noqa: F811
    context = browser.new_context(viewport={"width": 390, "height": 844}, accept_downloads=True)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(site + PAGE, wait_until="networkidle")
    page.set_input_files("#ho-enheder", str(units))
    if kind:
        page.select_option("#ho-type", kind)
    page.set_input_files("#ho-filer", [str(f) for f in files])
    page.wait_for_selector(".ho-status p")
    return context, page, errors


@pytest.mark.parametrize("kind", ["", "skole"], ids=["alle", "skole"])
def test_the_page_with_a_units_file_shows_what_samlet_writes(
    browser,  # noqa: F811
    site,  # noqa: F811
    corpus,
    capsys,
    monkeypatch,
    kind,
):
    folder, files = corpus
    out = folder / f"ud-{kind or 'alle'}"
    out.mkdir()
    monkeypatch.chdir(folder)  # the command line names the units file as the page does
    args = [*map(str, files), "--enheder", "enheder.yaml", "--accepter-fejl"]
    args += ["--type", kind] if kind else []
    written_files = [f"--{n.split('.')[0].replace('overblik', 'csv')}={out / n}" for n in BUTTONS]
    capsys.readouterr()
    assert _cli(*args, "--html", str(out / "o.html"), *written_files) == 0
    said = capsys.readouterr().err
    context, page, errors = _page(browser, site, folder / "enheder.yaml", files, kind)
    page.wait_for_selector(".ho-result .ho-overblik")
    status = page.inner_text(".ho-status")
    shown = page.eval_on_selector(".ho-result", OVERVIEW)
    saved = {}
    for name, button in BUTTONS.items():
        with page.expect_download() as download:
            page.get_by_role("button", name=button).click()
        saved[name] = Path(download.value.path()).read_bytes()
    with serve(out) as base:
        other = context.new_page()
        other.goto(base + "o.html")
        written = other.eval_on_selector("main", OVERVIEW)
    context.close()
    assert errors == []
    assert shown == written
    for name, data in saved.items():
        assert data == (out / name).read_bytes(), name
    # The same Danish messages, naming the same files.
    said, status = " ".join(said.split()), " ".join(status.split())
    for name, message in [
        (
            "indskolingen.json",
            "»Skole A, indskolingen« er talt med under »Skole A« (enheder.yaml).",
        ),
        (
            "vestskolen.json",
            "enheden 'Skole B vest' står ikke i enheder.yaml, så filen er ikke "
            "talt med. Mente du 'Skole B'?",
        ),
    ]:
        assert f"{name}: {message}" in said, (message, said)
        assert f"{name}: {message}" in status or f"{name} er ikke talt med: {message}" in status
    assert "Mål" in shown and 'class="ho-maal"' in shown
    if kind:
        assert "Kun enheder af typen skole er talt med (enheder.yaml)." in shown
        assert "nej: typen dagtilbud er ikke valgt" in shown


@pytest.mark.parametrize(
    ("change", "line"),
    [
        (("type: dagtilbud\n  - navn: Dagtilbud D", "type: dagtilbd\n  - navn: Dagtilbud D"), 10),
        (("navn: Dagtilbud D", "navn: Skole B"), 11),
        (("maal:\n  boerneinddragelse:", "maal:\n  boerneinddragels:"), 14),
        (("procedurer: 2", "procedure: 2"), 16),
        (("procedurer: 2", "procedurer: 4"), 16),
    ],
    ids=["ukendt-type", "samme-navn", "ukendt-tjekliste", "ukendt-afsnit", "uden-for-skalaen"],
)
def test_a_mistake_in_the_units_file_gets_the_command_lines_message_on_the_page(
    browser,  # noqa: F811
    site,  # noqa: F811
    tmp_path,
    capsys,
    change,
    line,
):
    text = GOALS.replace(*change, 1)
    assert text != GOALS
    units = tmp_path / "enheder.yaml"
    units.write_text(text, encoding="utf-8")
    capsys.readouterr()
    assert _cli(*map(str, GOOD), "--enheder", str(units)) == 1
    err = " ".join(capsys.readouterr().err.split())
    found = re.search(rf"enheder\.yaml:{line}(?::\d+)?: (.*)$", err)
    assert found, err
    context, page, errors = _page(browser, site, units, GOOD)
    status = " ".join(page.inner_text(".ho-status").split())
    assert "Enhedsfilen enheder.yaml har fejl, så der er intet overblik." in status
    assert f"linje {line}: {found.group(1)}" in status, (found.group(1), status)
    # Fixed and chosen again under the same name: the files already chosen are counted.
    units.write_text(GOALS, encoding="utf-8")
    page.set_input_files("#ho-enheder", str(units))
    page.wait_for_selector(".ho-result .ho-overblik")
    assert f"{len(GOOD)} af {len(GOOD)} filer er talt med" in page.inner_text(".ho-status")
    context.close()
    assert errors == []


def test_the_page_reads_the_units_file_as_yaml_does_or_names_the_line(browser, site, tmp_path):  # noqa: F811
    # The same file written in other ordinary ways: quotes, a list in brackets, comments, a
    # list at the key's indentation, Windows line ends. The page must count it as written.
    other = """\
# Eksempel Kommune, skrevet på en anden måde
enheder:
- navn: Skole A
  type: skole
  stavemaader: ['Skole A, indskolingen']
- navn: "Skole B"   # den anden skole
  type: 'skole'
-
  navn: Dagtilbud C
  type: dagtilbud
- navn: Dagtilbud D
  type: "dagtilbud"
"""
    files = [f for f in GOOD if f.name != "skole-a-under.json"] + [
        _variant(tmp_path, "skole-a-under.json", "indskolingen.json", "Skole A, indskolingen")
    ]
    shown = {}
    for name, text in {"enheder": UNITS, "andet": other.replace("\n", "\r\n")}.items():
        units = tmp_path / f"{name}.yaml"
        units.write_bytes(text.encode("utf-8"))
        context, page, errors = _page(browser, site, units, files)
        page.wait_for_selector(".ho-result .ho-overblik")
        shown[name] = page.eval_on_selector(".ho-result", OVERVIEW)
        context.close()
        assert errors == []
    assert shown["andet"] == shown["enheder"]
    # A form the page does not read is named with its line and the way to the command line.
    units = tmp_path / "blok.yaml"
    units.write_text(UNITS.replace("- navn: Skole B", "- navn: >-\n      Skole B"), "utf-8")
    context, page, _errors = _page(browser, site, units, files)
    status = " ".join(page.inner_text(".ho-status").split())
    context.close()
    assert "linje 7: denne form for YAML kan siden ikke læse" in status, status
    assert "handbog tjekliste samlet --enheder" in status


def test_a_kind_without_a_units_file_is_refused_on_the_page_in_danish(browser, site):  # noqa: F811
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.goto(site + PAGE, wait_until="networkidle")
    page.select_option("#ho-type", "dagtilbud")
    page.set_input_files("#ho-filer", [str(f) for f in GOOD])
    page.wait_for_selector(".ho-status p")
    status = " ".join(page.inner_text(".ho-status").split())
    assert "Vælg også en fil med enhederne" in status
    assert page.query_selector(".ho-result .ho-overblik") is None
    # »alle typer« again: the files already chosen are counted, none is lost.
    page.select_option("#ho-type", "")
    page.wait_for_selector(".ho-result .ho-overblik")
    assert f"{len(GOOD)} af {len(GOOD)} filer er talt med" in page.inner_text(".ho-status")
    context.close()
