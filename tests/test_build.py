"""The real handbook: a strict build with zero warnings and sound traceability."""

from __future__ import annotations

import re

import pybtex.database
from conftest import REPO

from handbog import model
from handbog.literature.bibliography import need_id_for_key

MODEL = model.load(REPO / "ubproject.toml")
PRACTICE_TYPES = set(MODEL.practice_types)


def test_strict_build_has_no_warnings(handbook):
    assert handbook.returncode == 0, handbook.warnings
    assert handbook.warnings.strip() == "", handbook.warnings


def test_needs_json_holds_the_exemplar(handbook):
    needs = handbook.needs
    exemplar = {
        i: n for i, n in needs.items() if n["docname"] == "kerneelementer/foraeldresamarbejde"
    }
    assert "KE_FORAELDRESAMARBEJDE" in exemplar
    practices = [n for n in exemplar.values() if n["type"] == "praksis"]
    tools = [n for n in exemplar.values() if n["type"] == "redskab"]
    assert len(practices) >= 4, sorted(exemplar)
    assert len(tools) >= 2, sorted(exemplar)
    # the trust guidelines of Jensen, Brix & Studstrup (2019) are one of the practices
    assert "KI_JENSEN2019" in needs["PR_FS_TILLID_MOEDER"]["bygger_paa"]


def test_every_link_resolves(handbook):
    needs = handbook.needs
    link_types = tuple(MODEL.links)
    assert link_types, "ubproject.toml har ingen link-typer"
    dead = [
        (need_id, link, target)
        for need_id, need in needs.items()
        for link in link_types
        for target in need.get(link, [])
        if target not in needs
    ]
    assert dead == []


def test_every_practice_and_tool_has_a_source_and_an_element(handbook):
    for need_id, need in handbook.needs.items():
        if need["type"] in PRACTICE_TYPES:
            assert need["bygger_paa"], f"{need_id} har ingen kilde"
            assert need["realiserer"], f"{need_id} realiserer intet"
            assert all(handbook.needs[t]["type"] == "kilde" for t in need["bygger_paa"])
            assert all(
                handbook.needs[t]["type"] in MODEL.links["realiserer"].target_types
                for t in need["realiserer"]
            )


def test_every_practice_states_its_grounds(handbook):
    allowed = set(MODEL.fields["grundlag"].values)
    for need_id, need in handbook.needs.items():
        if need["type"] == "praksis":
            assert need["grundlag"], need_id
            assert set(need["grundlag"]) <= allowed, (need_id, need["grundlag"])


def test_literature_sources_match_the_bibtex_file(handbook):
    bib = pybtex.database.parse_file(str(REPO / "docs" / "litteratur.bib"))
    keys = set(bib.entries)
    literature = {i: n for i, n in handbook.needs.items() if n.get("art") == "litteratur"}
    assert {n["bibkey"] for n in literature.values()} == keys
    for need_id, need in literature.items():
        assert need_id == need_id_for_key(need["bibkey"], MODEL.types["kilde"].prefix)


def test_every_page_links_to_its_pdf(handbook):
    page = (handbook.html / "kerneelementer" / "foraeldresamarbejde.html").read_text("utf-8")
    assert "../pdf/foraeldresamarbejde.pdf" in page
    assert "../pdf/haandbog.pdf" in page


def test_pages_are_danish(handbook):
    page = (handbook.html / "index.html").read_text("utf-8")
    assert re.search(r'<html\b[^>]*\blang="da"', page), page[:300]
