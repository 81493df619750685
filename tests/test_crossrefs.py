"""Cross-references on the built handbook: links, anchors, need links, reachability, the page
skeleton, citation keys and the needs of checklist items.

Each check is a function in tests/xrefcheck.py. It runs on the real build and on a small
broken example, which proves it fails with a message naming the file, the ID and the fix.
"""

from __future__ import annotations

import pickle

import pytest
from conftest import REPO
from xrefcheck import (
    SKELETON,
    bib_keys,
    check_checklist_needs,
    check_citations,
    check_links,
    check_need_links,
    check_orphans,
    check_skeleton,
    citing_sources,
    h2_titles,
)


def _report(findings) -> str:
    return "\n".join(str(f) for f in findings)


# -- The real handbook -----------------------------------------------------------------------


def test_every_internal_link_and_anchor_resolves(handbook):
    findings = check_links(handbook.html, REPO / "docs")
    assert findings == [], _report(findings)


def test_every_need_link_resolves_and_respects_the_types(handbook):
    findings = check_need_links(handbook.needs)
    assert findings == [], _report(findings)


def test_every_page_is_reachable_from_the_front_page(handbook):
    with open(handbook.doctrees / "environment.pickle", "rb") as stream:
        env = pickle.load(stream)
    assert "index" in env.found_docs
    findings = check_orphans(env.found_docs, env.toctree_includes, env.config.root_doc)
    assert findings == [], _report(findings)


def test_element_pages_follow_the_skeleton(handbook):
    elements = {
        need_id: need
        for need_id, need in handbook.needs.items()
        if need["type"] in {"kerneelement", "forudsaetning"}
    }
    assert len(elements) == 7, sorted(elements)  # three prerequisites and four core elements
    findings = []
    for need_id, need in sorted(elements.items()):
        doc = need["docname"]
        titles = h2_titles(handbook.html / f"{doc}.html")
        findings += check_skeleton(doc, titles, need_id, REPO / "docs" / f"{doc}.md")
    assert findings == [], _report(findings)


def test_every_citation_key_is_in_the_bibtex_file():
    docs = REPO / "docs"
    sources = citing_sources(docs)
    assert docs / "index.md" in sources
    findings = check_citations(sources, bib_keys(docs / "litteratur.bib"), REPO)
    assert findings == [], _report(findings)


def test_every_need_a_checklist_refers_to_exists(handbook):
    files = sorted((REPO / "checklists").glob("*.y*ml"))
    if not files:
        pytest.skip("checklists/ har endnu ingen tjeklister")
    findings = check_checklist_needs(files, handbook.needs, REPO)
    assert findings == [], _report(findings)


# -- Each check fails on a broken example, with a useful message -----------------------------


def _page(path, body: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"<html><body><article>{body}</article></body></html>", "utf-8")


def test_broken_links_and_anchors_are_named(tmp_path):
    html, docs = tmp_path / "html", tmp_path / "docs"
    (docs / "kapitel").mkdir(parents=True)
    (docs / "kapitel" / "side.md").write_text("# Side\n", "utf-8")
    _page(
        html / "kapitel" / "side.html",
        '<h1 id="top">Side</h1>'
        '<a href="mangler.html">Flyttet side</a>'
        '<a href="../andet.html#ingen-sted">Forkert anker</a>'
        '<a href="../andet.html#PR_FINDES_IKKE">En praksis</a>'
        '<a href="#top">Op</a><a href="../andet.html#ret">Rigtig</a>'
        '<a href="https://example.org/x">Ekstern</a>'
        '<a href="../pdf/modul.pdf">PDF, bygges senere</a>'
        '<a href="../">Forsiden</a>',
    )
    _page(html / "andet.html", '<p id="ret">Her</p><p id="PR_FINDES">En praksis</p>')
    _page(html / "index.html", "<p>Forside</p>")
    findings = check_links(html, docs)
    assert [str(f) for f in findings] == [
        "docs/kapitel/side.md: lenken 'Flyttet side' (mangler.html) peger på "
        "kapitel/mangler.html, som ikke findes. Ret lenken (siden kan være flyttet eller "
        "omdøbt), eller opret siden.",
        "docs/kapitel/side.md: lenken 'Forkert anker' (../andet.html#ingen-sted) peger på "
        "ankeret #ingen-sted, som ikke findes på andet.html. Ret ankeret: en overskrift, et "
        "begreb eller et ID kan være omdøbt.",
        "docs/kapitel/side.md: PR_FINDES_IKKE: lenken 'En praksis' "
        "(../andet.html#PR_FINDES_IKKE) peger på ankeret #PR_FINDES_IKKE, som ikke findes på "
        "andet.html. Mente du PR_FINDES? Ret ankeret: en overskrift, et begreb eller et ID kan "
        "være omdøbt.",
    ]


def _need(need_type: str, docname: str = "side", lineno: int = 3, **links) -> dict:
    return {"type": need_type, "docname": docname, "doctype": ".md", "lineno": lineno, **links}


def test_need_links_with_wrong_types_or_targets_are_named():
    needs = {
        "KE_ELEMENT": _need("kerneelement"),
        "KI_KILDE": _need("kilde", bibkey="kilde2020"),
        "PR_PRAKSIS": _need(
            "praksis", lineno=7, realiserer=["KE_ELEMENTT"], bygger_paa=["KI_KILDE"]
        ),
        "TJ_PUNKT": _need("tjekpunkt", "tjek", 12, tjekker=["KI_KILDE", "PR_PRAKSIS"]),
        "FO_RAMME": _need("forudsaetning", understoetter=["PR_PRAKSIS"]),
        "HR_REDSKAB": _need("redskab", tjekker=["PR_PRAKSIS"]),
    }
    findings = [str(f) for f in check_need_links(needs)]
    assert findings == [
        "docs/side.md:3: FO_RAMME: :understoetter: peger på PR_PRAKSIS, som er en praksis, men "
        "en forudsætning (FO_) understøtter kerneelementer (KE_). Peg på et element af den "
        "rigtige type.",
        "docs/side.md:3: HR_REDSKAB: en redskab må ikke have :tjekker: (et tjekpunkt (TJ_) "
        "tjekker en praksis, et redskab, en forudsætning, et kerneelement eller et "
        "opmærksomhedspunkt – aldrig en kilde). Fjern linket, eller flyt det til det rigtige "
        "element.",
        "docs/side.md:7: PR_PRAKSIS: :realiserer: peger på KE_ELEMENTT, som ikke findes. Mente "
        "du KE_ELEMENT? Ret ID'et, eller opret elementet (litteratur: tilføj posten til "
        "docs/litteratur.bib).",
        "docs/tjek.md:12: TJ_PUNKT: :tjekker: peger på KI_KILDE, som er en kilde, men et "
        "tjekpunkt (TJ_) tjekker en praksis, et redskab, en forudsætning, et kerneelement eller "
        "et opmærksomhedspunkt – aldrig en kilde. Peg på et element af den rigtige type.",
    ]


@pytest.mark.sphinx("html", testroot="xref-skelet")
def test_page_off_the_skeleton_and_unreachable_page_are_named(app):
    app.build()
    titles = h2_titles(app.outdir / "element.html")
    assert titles[:2] == ["Definition", "Praksisbeskrivelse"]
    source = app.srcdir / "element.md"
    findings = [str(f) for f in check_skeleton("element", titles, "KE_SKELET", source)]
    order = " → ".join(SKELETON)
    assert findings == [
        "docs/element.md: KE_SKELET: siden mangler overskriften '## Hjælperedskaber'. Alle "
        f"sider om kerneelementer og forudsætninger har afsnittene {order} i den rækkefølge "
        "(skabelon: docs/_templates/kerneelement-side.md).",
        "docs/element.md:11: KE_SKELET: overskriften '## Praksisbeskrivelse' står for tidligt. "
        f"Rækkefølgen er: {order}. Flyt afsnittet.",
    ]
    orphans = [str(f) for f in check_orphans(app.env.found_docs, app.env.toctree_includes)]
    assert orphans == [
        "docs/skjult.md: siden kan ikke nås fra forsiden gennem indholdsfortegnelserne "
        "(toctree). Tilføj 'skjult' til en toctree, fx i docs/index.md, så læserne kan finde "
        "den."
    ]


def test_unknown_citation_key_is_named_with_its_line(tmp_path):
    (tmp_path / "docs").mkdir()
    page = tmp_path / "docs" / "side.md"
    page.write_text("# Side\n\nSom vist {cite:p}`jensen2019, jensen2091`.\n", "utf-8")
    bib = tmp_path / "docs" / "litteratur.bib"
    bib.write_text("@book{jensen2019,\n  title = {En bog},\n}\n", "utf-8")
    findings = [str(f) for f in check_citations([page], bib_keys(bib), tmp_path)]
    assert findings == [
        "docs/side.md:3: {cite} nævner nøglen 'jensen2091', som ikke står i docs/litteratur.bib. "
        "Mente du jensen2019? Ret nøglen, eller tilføj posten til docs/litteratur.bib."
    ]


def test_checklist_item_with_unknown_need_is_named(tmp_path):
    (tmp_path / "checklists").mkdir()
    checklist = tmp_path / "checklists" / "moede.yaml"
    checklist.write_text(
        "id: moede\nafsnit:\n  - punkter:\n      - id: m1\n        tjekker:\n"
        "          - PR_FS_TILLID_MOEDER\n          - PR_FS_TILID_MOEDER\n",
        "utf-8",
    )
    needs = {"PR_FS_TILLID_MOEDER": _need("praksis")}
    findings = [str(f) for f in check_checklist_needs([checklist], needs, tmp_path)]
    assert findings == [
        "checklists/moede.yaml:7: PR_FS_TILID_MOEDER: tjeklisten henviser til "
        "PR_FS_TILID_MOEDER, som ikke findes i håndbogen. Mente du PR_FS_TILLID_MOEDER? Ret "
        "ID'et (alle ID'er står under Sporbarhed), eller opret praksissen på dens side."
    ]
