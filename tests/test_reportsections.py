"""The report's table of contents (src/handbog/data/rapport-indhold.yaml) and the rule that
every need from the report names a section of it in :afsnit:."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import REPO, ROOTS

from handbog import model
from handbog.needs.reportsections import DEFAULT_TOC, problems, read_toc

MODEL = model.load(REPO / "ubproject.toml")


def _warnings(app) -> str:
    return app.warning.getvalue() if hasattr(app, "warning") else app._warning.getvalue()


def _need(need_id: str, need_type: str, **fields: object) -> dict:
    return {"id": need_id, "type": need_type, "docname": "side", "lineno": 4, **fields}


def test_the_table_of_contents_has_the_reports_chapters_and_appendices():
    toc, found = read_toc(DEFAULT_TOC)
    assert found == [] and toc is not None
    assert toc.report_key == "vive2023"
    assert list(toc.sections) == [
        "1", "1.1", "2", "2.1", "2.2", "2.3", "3", "3.1", "3.2", "3.3", "3.4", "4",
        "Bilag 1", "Bilag 2", "Bilag 3",
    ]  # fmt: skip
    assert toc.title("3.3") == "Kerneelement: Børneinddragelse"
    assert toc.sections["Bilag 2"].page == 51
    assert toc.title("3.5") == ""


def test_the_report_key_is_in_the_bibliography():
    toc, _ = read_toc(DEFAULT_TOC)
    assert toc is not None
    bib = (Path(__file__).resolve().parents[1] / "docs" / "litteratur.bib").read_text("utf-8")
    assert f"{{{toc.report_key}," in bib


def test_the_types_that_must_name_a_section_come_from_the_model():
    assert set(MODEL.report_types) == {
        "forudsaetning", "kerneelement", "praksis", "redskab", "opmaerksomhed"
    }  # fmt: skip


def test_a_section_number_read_as_a_number_or_twice_is_refused_at_its_line(tmp_path):
    broken = tmp_path / "indhold.yaml"
    broken.write_text(
        "rapport: vive2023\nafsnit:\n"
        '  - nummer: "1"\n    titel: Indledning\n'
        "  - nummer: 4\n    titel: Opmærksomhedspunkter\n"
        '  - nummer: "1"\n    titel: Igen\n',
        encoding="utf-8",
    )
    toc, found = read_toc(broken)
    assert toc is not None and list(toc.sections) == ["1"]
    assert [(p.line, p.message.split(" ")[0]) for p in found] == [(5, "'nummer'"), (7, "afsnit")]
    assert "anførselstegn" in found[0].message
    assert "to gange" in found[1].message and "linje 3" in found[1].message


def test_missing_and_unknown_sections_are_named_with_the_nearest_valid_one():
    toc, _ = read_toc(DEFAULT_TOC)
    assert toc is not None
    needs = [
        _need("KE_A", "kerneelement", afsnit=["3.3"]),
        _need("PR_A", "praksis", afsnit=[]),
        _need("HR_A", "redskab", afsnit=["3.4", "Bilag1"]),
        _need("OP_A", "opmaerksomhed", afsnit=["kapitel 4"]),
        _need("KI_A", "kilde"),  # a source is not from the report's sections
        _need("TJ_A", "tjekpunkt"),
    ]
    found = [(need["id"], message) for need, message in problems(needs, MODEL, toc)]
    assert [need_id for need_id, _ in found] == ["PR_A", "HR_A", "OP_A"]
    assert found[0][1].startswith("mangler :afsnit:") and "en praksis" in found[0][1]
    assert "'Bilag1'" in found[1][1] and "Mente du 'Bilag 1'?" in found[1][1]
    assert "Skriv kun nummeret: '4'." in found[2][1]
    assert all("rapport-indhold.yaml" in message for _, message in found)


@pytest.mark.sphinx("html", testroot="afsnit")
def test_the_build_refuses_a_missing_or_unknown_section_at_the_need(app):
    app.build()
    lines = [line for line in _warnings(app).splitlines() if "[handbog.afsnit]" in line]
    by_id = {next(w for w in line.split() if w.endswith(":") and "_" in w): line for line in lines}
    assert set(by_id) == {"PR_UDEN_AFSNIT:", "HR_UKENDT_AFSNIT:", "OP_MED_ORD:"}
    missing = by_id["PR_UDEN_AFSNIT:"]
    assert "index.md:" in missing and "mangler :afsnit:" in missing
    assert "'3.5'" in by_id["HR_UKENDT_AFSNIT:"] and "Mente du" in by_id["HR_UKENDT_AFSNIT:"]
    assert "Skriv kun nummeret: '4'" in by_id["OP_MED_ORD:"]
    assert "PR_GYLDIG" not in _warnings(app) and "KE_TEST" not in _warnings(app)


@pytest.mark.sphinx("html", testroot="ok")
def test_a_project_without_the_table_of_contents_is_not_held_to_the_rule(app):
    app.build()
    assert "[handbog.afsnit]" not in _warnings(app)


def test_the_check_turned_off_says_so_where_the_sections_table_stands(make_app, tmp_path):
    """test-afsnit takes the package's table of contents by default; with the check turned
    off in conf.py its {rapportafsnit} is a message saying how to turn it on."""
    src = tmp_path / "afsnit-fra"
    shutil.copytree(ROOTS / "test-afsnit", src)
    with (src / "conf.py").open("a", encoding="utf-8") as conf:
        conf.write('\nhandbog_rapport_indhold = ""\n')
    app = make_app("html", srcdir=src, freshenv=True)
    app.build()
    assert "mangler :afsnit:" not in _warnings(app)  # the rule is off
    assert 'slår den fra (handbog_rapport_indhold = "")' in _warnings(app)
    assert "index.md:" in _warnings(app)


@pytest.mark.sphinx("html", testroot="afsnit")
def test_the_sections_table_lists_each_section_with_what_comes_from_it(app):
    from bs4 import BeautifulSoup

    app.build()
    page = BeautifulSoup((app.outdir / "index.html").read_text("utf-8"), "html.parser")
    rows = page.select("table.handbog-rapportafsnit tbody tr")
    cells = {tr.find_all("td")[0].get_text(strip=True): tr.find_all("td") for tr in rows}
    assert list(cells)[:3] == ["1", "1.1", "2"] and list(cells)[-1] == "Bilag 3"
    assert cells["3.3"][1].get_text(strip=True) == "Kerneelement: Børneinddragelse (s. 34)"
    # each need by its title, with its ID beside it as a quiet handle
    linked = [a["href"].rsplit("#", 1)[-1] for a in cells["3.3"][2].find_all("a")]
    assert linked == ["KE_TEST", "PR_GYLDIG"]
    quiet = [span.get_text() for span in cells["3.3"][2].select(".handbog-id")]
    assert quiet == linked
    assert [a["href"] for a in cells["Bilag 1"][2].find_all("a")] == ["#PR_GYLDIG"]
    assert cells["2"][2].get_text(strip=True) == "–"
