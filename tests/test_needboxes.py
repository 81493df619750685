"""Need boxes for readers (handbog/needboxes.py), on a tiny example project.

The project (tests/roots/test-needboks) declares the field ``afsnit`` itself: the test writes
its ubproject.toml from the handbook's model and adds the field when the model does not hold
it yet, so the report section shows when a need has one and is left out when it has none.
"""

from __future__ import annotations

import io
import json
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup, Tag
from sphinx.testing.util import SphinxTestApp

from handbog import model as model_module

REPO = Path(__file__).resolve().parents[1]
ROOTS = REPO / "tests" / "roots"
ID = re.compile(r"\b(?:FO|KE|PR|HR|KI|TJ|OP)_[A-Z0-9_]+\b")

AFSNIT = """
[needs.fields.afsnit]
description = "Rapportens afsnit (i eksemplet her)."
schema = { type = "array", items = { type = "string" } }
"""


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """Built once for the module (sphinx.testing's make_app is per test)."""
    src = tmp_path_factory.mktemp("needboks") / "src"
    shutil.copytree(ROOTS / "test-needboks", src)
    toml = (REPO / "ubproject.toml").read_text("utf-8")
    if "afsnit" not in model_module.load(REPO / "ubproject.toml").fields:
        toml += AFSNIT
    (src / "ubproject.toml").write_text(toml, "utf-8")
    warnings = io.StringIO()
    app = SphinxTestApp("html", srcdir=src, freshenv=True, status=io.StringIO(), warning=warnings)
    try:
        app.build()
        assert warnings.getvalue() == ""
        yield Path(app.outdir)
    finally:
        app.cleanup()


def _soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text("utf-8"), "html.parser")


def _box(outdir: Path, need_id: str) -> Tag:
    page = _soup(outdir / "element.html")
    box = page.find(id=need_id)
    assert isinstance(box, Tag), need_id
    return box


def _needs(outdir: Path) -> dict[str, Any]:
    data = json.loads((outdir / "needs.json").read_text("utf-8"))
    return dict(data["versions"][data["current_version"]]["needs"])


def _linked(tag: Tag) -> set[str]:
    return {str(a["href"]).rsplit("#", 1)[-1] for a in tag.find_all("a", href=True)}


def test_evidence_line_has_sources_report_section_and_grounds(built):
    grounds = model_module.load(REPO / "ubproject.toml").fields["grundlag"]
    evidence = _box(built, "PR_MED_AFSNIT").select_one("p.handbog-evidence")
    assert evidence is not None
    text = evidence.get_text()
    parts = [p.strip() for p in text.split("·")]
    sources = [a.get_text() for a in evidence.find_all("a")]
    # The literature as its author–year citation (the BibTeX file's), each source linked to
    # its need, whose address (its ID) does not move when the bibliography changes.
    assert sources == ["Hansen (2020)", "Interviews med fagfolk", "Testinstituttet (2023)"]
    hrefs = [str(a["href"]) for a in evidence.find_all("a")]
    assert hrefs == [
        "litteratur.html#KI_HANSEN2020",
        "#KI_INTERVIEWS",
        "litteratur.html#KI_RAPPORT2023",
    ]
    assert parts[0] == "Bygger på Hansen (2020), Interviews med fagfolk"
    # The report, taken out of the list, with the sections the need names.
    assert parts[1] == "Testinstituttet (2023), afsnit 3.3 og 3.4"
    assert parts[2] == "Grundlag: " + ", ".join(
        grounds.word(g) for g in ("litteratur", "casebesoeg")
    )
    assert not ID.search(text), "the evidence line shows no IDs"


def test_without_a_section_the_report_stays_a_source(built):
    grounds = model_module.load(REPO / "ubproject.toml").fields["grundlag"]
    evidence = _box(built, "PR_UDEN_AFSNIT").select_one("p.handbog-evidence")
    assert evidence is not None
    assert "afsnit" not in evidence.get_text()
    assert [p.strip() for p in evidence.get_text().split("·")] == [
        "Bygger på Testinstituttet (2023)",
        "Grundlag: " + grounds.word("interviews"),
    ]


def test_an_element_shows_its_section_alone(built):
    evidence = _box(built, "KE_TEST").select_one("p.handbog-evidence")
    assert (
        evidence is not None and evidence.get_text().strip() == "Testinstituttet (2023), afsnit 3.3"
    )


def test_one_line_per_checklist_with_its_count_and_link(built):
    lines = _box(built, "PR_MED_AFSNIT").select("p.handbog-checks")
    assert [line.get_text() for line in lines] == [
        "Tjekkes i tjeklisten »Min tjekliste« (3 punkter)"
    ]
    assert [a["href"] for a in lines[0].find_all("a")] == ["tjek.html"]
    single = _box(built, "PR_UDEN_AFSNIT").select("p.handbog-checks")
    assert [line.get_text() for line in single] == [
        "Tjekkes i tjeklisten »Min tjekliste« (1 punkt)"
    ]


def test_the_full_trace_is_one_tap_away_and_complete(built):
    needs = _needs(built)
    links = [name for name in model_module.load(REPO / "ubproject.toml").links]
    for need_id in ("KE_TEST", "PR_MED_AFSNIT", "PR_UDEN_AFSNIT"):
        box = _box(built, need_id)
        details = box.select("details.handbog-trace")
        assert len(details) == 1, need_id
        assert "open" not in details[0].attrs, "closed until the reader opens it"
        summary = details[0].find("summary")
        assert summary is not None and summary.get_text().startswith("Hele sporet")
        need = needs[need_id]
        expected = {t for name in links for t in need.get(name, []) + need.get(f"{name}_back", [])}
        assert _linked(details[0]) == expected, need_id
        count = len(details[0].find_all("a"))
        assert f"({count} links)" in summary.get_text()


def test_a_source_box_keeps_its_links_open(built):
    box = _box(built, "KI_INTERVIEWS")
    assert box.select("details") == []
    assert "PR_MED_AFSNIT" in _linked(box)


def test_ids_are_quiet_handles(built):
    page = _soup(built / "element.html")
    for box in page.select("table.need"):
        for text in box.find_all(string=ID):
            handle = text.find_parent(class_="handbog-id")
            assert handle is not None, str(text)
            assert handle.get_text() == ID.search(str(text))[0], "the ID alone in its handle"
    assert "\u00ad" not in (built / "element.html").read_text("utf-8"), "no soft hyphens"


def test_the_summary_comes_before_the_elements_trace(built):
    page = _soup(built / "element.html")
    article = page.find(attrs={"role": "main"})
    order = [
        el
        for el in article.find_all(["div", "table"])
        if "tip" in el.get("class", []) or el.get("id") == "KE_TEST"
    ]
    assert [el.get("id") or "tip" for el in order] == ["tip", "KE_TEST"]
