"""Page weight: a reader on a phone downloads at most 200 KB for a core-element page.

Measured in Debian's Chromium on a first visit (nothing cached): the bodies of every
response the page loads (HTML, CSS, JavaScript, fonts, images), as served without
compression, which is the cautious figure (a server that compresses sends far less).
Every browser run weighs the core-element pages; the slow run weighs every page.
"""

from __future__ import annotations

import browser_support
import pytest
import quality

pytestmark = pytest.mark.browser

browser = browser_support.browser
site = browser_support.site

# Pages allowed above the budget, each with its reason, up to HEAVY_CEILING. A page not
# listed here must stay within quality.PAGE_BUDGET.
HEAVY_PAGES = {
    # sphinx-needs' redirect stub: it downloads needs.json (every need) to find a need's page.
    "permalink.html": "henter needs.json for at finde et behovs side",
    # The editors' source table: one need table for every source in the bibliography.
    "sporbarhed/kilder.html": "opslagstabel over alle kilder, til redaktører",
    # The editors' trace tables: every practice with its sources and checklist items.
    "sporbarhed/elementer.html": "opslagstabel over alle praksisser og tjekpunkter, til redaktører",
    # The search page loads the index of every word on every page; it grows with the text.
    "search.html": "henter søgeindekset for hele håndbogen",
    # The editors' list of every message the build and the command line can give, with its
    # fix: it grows with each new check (the municipal edition's and the units file's).
    "projekt/fejlbeskeder.html": "opslagsside med alle fejlbeskeder, til redaktører",
    # The coordinators' overview: it must know every checklist before the files say which one
    # (the contract of all nine, 35 KB, item texts included for the notes and tables) and
    # draws the charts itself (overblik.js, 58 KB minified, with the units file's reader); a desk
    # tool, not a page read on a phone.
    "tjeklister/overblik.html": "samler alle tjeklisters beskrivelse og tegner diagrammerne",
}
HEAVY_CEILING = 2 * quality.PAGE_BUDGET


def core_element_pages(handbook) -> list[str]:
    """The HTML page of every kerneelement need (taken from needs.json, not hard-coded)."""
    docs = {n["docname"] for n in handbook.needs.values() if n["type"] == "kerneelement"}
    return sorted(f"{doc}.html" for doc in docs)


def test_core_element_pages_are_within_budget(browser, site, handbook):
    pages = core_element_pages(handbook)
    assert len(pages) == 4, pages
    problems = quality.weight_problems(quality.measure_page(browser, site, p) for p in pages)
    assert problems == [], "\n\n".join(problems)


@pytest.mark.slow  # every page, each loaded in a fresh browser context
def test_every_page_is_within_budget_or_a_documented_exception(browser, site, handbook):
    pages = quality.html_pages(handbook.html)
    weights = {rel: quality.measure_page(browser, site, rel) for rel in pages}
    ordinary = [w for rel, w in weights.items() if rel not in HEAVY_PAGES]
    heavy = [w for rel, w in weights.items() if rel in HEAVY_PAGES]
    problems = quality.weight_problems(ordinary) + quality.weight_problems(heavy, HEAVY_CEILING)
    largest = max(weights.values(), key=lambda w: w.total)
    report = "Tungeste side: " + largest.breakdown()
    print(report)
    assert problems == [], "\n\n".join(problems) + "\n\n" + report


def test_weight_check_fails_on_a_300_kb_page(browser, tmp_path):
    (tmp_path / "tung.js").write_text("// fyld\n" + "x" * 250_000, encoding="utf-8")
    (tmp_path / "tung.html").write_text(
        '<!DOCTYPE html><html lang="da"><head><meta charset="utf-8"><title>Tung</title>'
        '<script src="tung.js"></script></head><body><p>'
        + "Tekst. " * 7_000
        + "</p></body></html>",
        encoding="utf-8",
    )
    with browser_support.serve(tmp_path) as base:
        weight = quality.measure_page(browser, base, "tung.html")
    assert 290_000 < weight.total < 320_000, weight.breakdown()
    problems = quality.weight_problems([weight])
    assert len(problems) == 1
    assert "tung.html vejer" in problems[0] and "over grænsen på 200 KB" in problems[0]
    assert "tung.js" in problems[0] and "script" in problems[0]
