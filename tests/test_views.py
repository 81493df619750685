"""Traceability views: element tables, coverage, the model diagram, need back links, and
their freshness in incremental builds."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import REPO, ROOTS

from handbog import model
from handbog.needs import diagram, views

MODEL = model.load(REPO / "ubproject.toml")
PRACTICES = set(MODEL.practice_types)
ELEMENTS = set(MODEL.element_types)
LINKS = tuple(MODEL.links)
SVG = "{http://www.w3.org/2000/svg}"


def _warnings(app) -> str:
    return app.warning.getvalue() if hasattr(app, "warning") else app._warning.getvalue()


def _soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text("utf-8"), "html.parser")


def _linked_ids(tag) -> set[str]:
    return {a["href"].rsplit("#", 1)[-1] for a in tag.find_all("a", href=re.compile("#"))}


# -- The SVG, without Sphinx -------------------------------------------------------------------


def _fake(need_id: str, need_type: str, title: str) -> dict:
    return {"id": need_id, "type": need_type, "title": title, "type_name": need_type.title()}


def _texts(svg: str) -> str:
    root = ET.fromstring(svg)
    return " ".join(t.text or "" for t in root.iter(f"{SVG}text"))


def test_model_svg_is_accessible_and_holds_every_title():
    prerequisites = [
        _fake("FO_A", "forudsaetning", "Strategisk ramme og fleksibel styring"),
        _fake("FO_B", "forudsaetning", "Fælles børnesyn"),
        _fake("FO_C", "forudsaetning", "Socialfaglige medarbejdere uden myndighed"),
    ]
    elements = [
        _fake(f"KE_{i}", "kerneelement", t)
        for i, t in enumerate(
            [
                "Socialfaglige kompetencer",
                "Forældresamarbejde",
                "Børneinddragelse",
                "Kontinuerlige samarbejdsrelationer",
            ]
        )
    ]
    svg = diagram.model_svg(prerequisites, elements, "d1", MODEL)
    root = ET.fromstring(svg)  # well-formed XML, as WeasyPrint needs it
    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == "d1-t d1-d"
    assert root.find(f"{SVG}title").get("id") == "d1-t"
    desc = root.find(f"{SVG}desc")
    assert desc.get("id") == "d1-d" and "3 forudsætninger" in desc.text
    assert "4 kerneelementer" in desc.text
    words = _texts(svg).split()
    for need in [*prerequisites, *elements]:
        for word in need["title"].split():
            assert word in words
    assert root.get("viewBox").startswith("0 0 400 ")  # portrait: readable on a phone


def test_wrapped_text_never_exceeds_its_box():
    width = 171  # a bottom box of the model figure
    for text in ["Kontinuerlige samarbejdsrelationer", "Socialfaglige medarbejdere uden myndighed"]:
        lines, size = diagram._wrap(text, width, 16, True)
        assert " ".join(lines) == text
        assert all(diagram.text_width(line, size, True) <= width for line in lines), lines
    lines, size = diagram._wrap("samarbejdsrelationerne", 160, 16, True)  # shrinks to fit
    assert size < 16 and lines == ["samarbejdsrelationerne"]
    assert diagram.text_width(lines[0], size, True) <= 160
    lines, size = diagram._wrap("samarbejdsrelationerne", 60, 16, True)  # split as a last resort
    assert size == 10 and "".join(lines) == "samarbejdsrelationerne"
    assert all(diagram.text_width(line, size, True) <= 60 for line in lines)


def test_text_is_measured_at_least_as_wide_as_dejavu_sans_bold():
    # "medarbejdere uden" is 177.2 px in DejaVu Sans Bold at 16 px (measured with FreeType);
    # the old estimate of 0.62 em a glyph made it 168.6 px and let it overflow its box.
    assert diagram.text_width("medarbejdere uden", 16, True) >= 177.2
    assert diagram.text_width("samarbejdsrelationer", 16, True) >= 193.8
    assert diagram.text_width("Strategisk ramme og fleksibel styring", 16, False) >= 300.8


def test_group_svg_describes_the_practices():
    element = _fake("KE_X", "kerneelement", "Forældresamarbejde")
    children = [
        _fake("PR_A", "praksis", "Ligeværdigt samarbejde"),
        _fake("HR_B", "redskab", "Et redskab"),
    ]
    svg = diagram.group_svg(element, [], children, "g1", MODEL)
    root = ET.fromstring(svg)
    assert "realiseres af 2 arbejdsgange og hjælperedskaber" in root.find(f"{SVG}desc").text
    texts = _texts(svg)
    assert "PR_A" in texts and "HR_B" in texts and "Forældresamarbejde" in texts


# -- Incremental builds -----------------------------------------------------------------------


def _needs(**links) -> dict:
    base = {
        "KE_X": {"type": "kerneelement", "title": "X", "docname": "ke"},
        "KI_A": {"type": "kilde", "title": "A", "docname": "kilder"},
        "KI_B": {"type": "kilde", "title": "B", "docname": "kilder"},
        "PR_P": {"type": "praksis", "title": "P", "docname": "ke", "realiserer": ["KE_X"]},
    }
    base["PR_P"].update(links)
    return base


def test_a_changed_link_rewrites_the_pages_of_both_ends_and_the_views():
    before = views.fingerprints(_needs(bygger_paa=["KI_A"]), LINKS)
    needs = _needs(bygger_paa=["KI_A"])
    needs["KI_A"]["docname"] = "kilder"
    assert (
        views.pages_to_rewrite(before, views.fingerprints(needs, LINKS), needs, ["oversigt"])
        == set()
    )
    needs = _needs(bygger_paa=["KI_B"])  # a practice now rests on another source
    pages = views.pages_to_rewrite(before, views.fingerprints(needs, LINKS), needs, ["oversigt"])
    assert pages == {"ke", "kilder", "oversigt"}  # the practice, both sources' back links, views
    assert views.pages_to_rewrite(None, before, needs, ["oversigt"]) == set()  # first build


def test_a_renamed_need_rewrites_the_pages_showing_its_title():
    before = views.fingerprints(_needs(bygger_paa=["KI_A"]), LINKS)
    needs = _needs(bygger_paa=["KI_A"])
    needs["PR_P"]["title"] = "Nyt navn"
    changed = views.fingerprints(needs, LINKS)
    assert {i for i in changed if changed[i] != before[i]} == {"PR_P", "KE_X", "KI_A"}


def _sphinx(src: Path) -> str:
    cmd = [sys.executable, "-m", "sphinx", "-b", "html", "-q", "-n", "-d", str(src / "_dt")]
    env = {**os.environ, "PYTHONPATH": f"{ROOTS}{os.pathsep}{os.environ.get('PYTHONPATH', '')}"}
    proc = subprocess.run(
        [*cmd, str(src), str(src / "_build")], capture_output=True, text=True, env=env
    )
    return proc.stderr


def test_incremental_build_updates_back_links_and_views(tmp_path):
    src = tmp_path / "views"
    shutil.copytree(ROOTS / "test-xref-views", src)
    assert _sphinx(src) == ""
    page = src / "element.md"
    page.write_text(
        page.read_text("utf-8").replace(
            ":bygger_paa: KI_HANSEN2020\n:grundlag: litteratur",
            ":bygger_paa: KI_JENSEN2021\n:grundlag: litteratur",
        ),
        "utf-8",
    )
    assert _sphinx(src) == ""
    sources = _soup(src / "_build" / "kilder.html")
    assert "HR_TEST" in _linked_ids(sources.find(id="KI_JENSEN2021"))
    assert "HR_TEST" not in _linked_ids(sources.find(id="KI_HANSEN2020"))
    overview = _soup(src / "_build" / "oversigt.html")
    unused = overview.find(class_="handbog-daekning--ubrugte-kilder")
    assert "KI_JENSEN2021" not in _linked_ids(unused)


# -- The example project ---------------------------------------------------------------------


@pytest.mark.sphinx("html", testroot="xref-views")
def test_views_on_the_example_project(app):
    app.build()
    assert _warnings(app).strip() == ""
    page = _soup(app.outdir / "oversigt.html")
    table = page.find(id="sporbarhed-ke-test")
    rows = table.find("tbody").find_all("tr")
    assert [sorted(_linked_ids(r.find("td")))[0] for r in rows] == [
        "PR_TEST",
        "PR_NORMATIV",
        "HR_TEST",
    ]
    assert "TJ_TEST" in _linked_ids(rows[0].find_all("td")[3])
    assert rows[1].find_all("td")[3].get_text(strip=True) == "ingen"
    assert "Understøttes af" in table.get_text() and "FO_TEST" in _linked_ids(table)
    grounds = page.find(class_="handbog-daekning--grundlag")
    counts = {
        tr.find_all("td")[0].get_text(strip=True): tr.find_all("td")[1].get_text(strip=True)
        for tr in grounds.find("tbody").find_all("tr")
    }
    assert counts == {
        "Litteratur": "2",
        "Interviews": "1",
        "Casebesøg": "0",
        "Normativt argument": "1",
        "Forfatternes eget kendskab eller skøn": "0",
        "Ikke angivet i rapporten": "0",
    }
    assert "alene på et normativt argument" in grounds.get_text()
    sources = page.find(class_="handbog-daekning--kilder").find("tbody").find_all("tr")
    assert [tr.find_all("td")[1].get_text(strip=True) for tr in sources] == ["3", "1"]
    unchecked = page.find(class_="handbog-daekning--uden-tjekpunkt")
    assert _linked_ids(unchecked) >= {"PR_NORMATIV", "HR_TEST"} and "PR_TEST" not in _linked_ids(
        unchecked
    )
    unused = page.find(class_="handbog-daekning--ubrugte-kilder")
    assert "KI_JENSEN2021" in _linked_ids(unused) and "KI_HANSEN2020" not in _linked_ids(unused)
    svgs = page.find_all("svg")
    assert len(svgs) == 3  # the model, then one picture per prerequisite and core element
    assert all(s.get("role") == "img" and s.find("title") and s.find("desc") for s in svgs)
    alternative = page.find_all(class_="handbog-diagram-tekst")
    assert {"FO_TEST", "KE_TEST"} <= _linked_ids(alternative[0])
    assert {"PR_TEST", "PR_NORMATIV", "HR_TEST"} <= _linked_ids(alternative[1])


@pytest.mark.sphinx("html", testroot="xref-views-fejl")
def test_wrong_view_arguments_name_the_file_and_the_fix(app):
    app.build()
    warnings = _warnings(app)
    wrong = next(line for line in warnings.splitlines() if "PR_TEST:" in line)
    assert "index.md:21" in wrong and "KE_TEST, KE_UDEN_TABEL" in wrong
    kind = next(line for line in warnings.splitlines() if "forkert" in line)
    assert "index.md:24" in kind and "grundlag, kilder, uden-tjekpunkt, ubrugte-kilder" in kind
    missing = next(line for line in warnings.splitlines() if "KE_UDEN_TABEL har ingen" in line)
    assert "{sporbarhedstabel} KE_UDEN_TABEL" in missing


# -- The real handbook -----------------------------------------------------------------------


def test_every_element_table_lists_what_realises_it(handbook):
    needs = handbook.needs
    page = _soup(handbook.html / "sporbarhed" / "elementer.html")
    for element_id in (i for i, n in needs.items() if n["type"] in ELEMENTS):
        box = page.find(id="sporbarhed-" + element_id.lower().replace("_", "-"))
        assert box is not None, f"{element_id} mangler på sporbarhed/elementer"
        expected = {
            i
            for i, n in needs.items()
            if n["type"] in PRACTICES and element_id in n.get("realiserer", [])
        }
        body = box.find("tbody")
        shown = set()
        for row in body.find_all("tr") if body else []:
            shown |= _linked_ids(row.find("td")) & set(needs)
        assert shown == expected, element_id


def test_coverage_matches_needs_json(handbook):
    needs = handbook.needs
    page = _soup(handbook.html / "sporbarhed" / "daekning.html")
    unused = {i for i, n in needs.items() if n["type"] == "kilde" and not n["bygger_paa_back"]}
    assert _linked_ids(page.find(class_="handbog-daekning--ubrugte-kilder")) == unused
    unchecked = {i for i, n in needs.items() if n["type"] in PRACTICES and not n["tjekker_back"]}
    shown = _linked_ids(page.find(class_="handbog-daekning--uden-tjekpunkt")) & set(needs)
    assert {i for i in shown if needs[i]["type"] in PRACTICES} == unchecked
    rows = page.find(class_="handbog-daekning--grundlag").find("tbody").find_all("tr")
    grounds = MODEL.fields["grundlag"]
    by_label = {grounds.heading(k): k for k in grounds.values}
    counted = set()
    for row in rows:
        label, count = (td.get_text(strip=True) for td in row.find_all("td")[:2])
        # Every row is one value of the model (or the practices without any): a renamed
        # label or an unknown value fails here instead of being skipped.
        assert label in by_label or label == "Ikke angivet", label
        key = by_label.get(label)
        expected = sum(
            1
            for n in needs.values()
            if n["type"] in PRACTICES and (key in n["grundlag"] if key else not n["grundlag"])
        )
        assert int(count) == expected, label
        counted.add(key)
    assert set(grounds.values) <= counted


def test_model_diagram_pictures_every_element(handbook):
    needs = handbook.needs
    elements = {i for i, n in needs.items() if n["type"] in ELEMENTS}
    page = _soup(handbook.html / "sporbarhed" / "diagram.html")
    svgs = page.find_all("svg", attrs={"role": "img"})
    assert len(svgs) == 1 + len(elements)
    for svg in svgs:
        labels = svg["aria-labelledby"].split()
        assert [svg.find(id=label).name for label in labels] == ["title", "desc"]
    assert elements <= _linked_ids(page.find(class_="handbog-diagram-tekst"))


def test_needs_json_is_published_and_linked(handbook):
    page = _soup(handbook.html / "sporbarhed" / "index.html")
    link = page.find("a", href="../needs.json")
    assert link is not None and (handbook.html / "needs.json").exists()
    assert "Genbrug modellen" in page.get_text()


def test_every_need_shows_its_back_links(handbook):
    labels = {
        "bygger_paa": "grundlag for:",
        "tjekker": "tjekkes af:",
        "realiserer": "realiseres af:",
    }
    for need_id, need in handbook.needs.items():
        if not need.get("docname"):
            continue
        block = None
        for link, label in labels.items():
            back = need.get(f"{link}_back") or []
            if not back:
                continue
            block = block or _soup(handbook.html / f"{need['docname']}.html").find(id=need_id)
            assert label in block.get_text(" "), (need_id, label)
            assert set(back) <= _linked_ids(block), (need_id, link)


def test_every_id_on_the_traceability_pages_comes_with_its_title(handbook):
    """An ID alone tells a reader nothing: each one shown sits right after its need's title."""
    needs = handbook.needs
    for doc in ("elementer", "daekning"):
        page = _soup(handbook.html / "sporbarhed" / f"{doc}.html")
        handles = page.select('[role="main"] .handbog-id')
        assert handles, doc
        for handle in handles:
            need = needs[handle.get_text()]
            before = handle.find_previous_sibling("a") or handle.find_previous("a")
            assert before is not None and before.get_text(strip=True) == need["title"], (
                doc,
                handle.get_text(),
            )
