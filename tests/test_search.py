"""Search as readers use it: Danish words typed on a phone, the right page near the top.

The queries are the questions of the handbook's four kinds of reader (staff on a phone,
trainers, managers, editors), in the report's own vocabulary and in everyday words. Each
names the page a reader should find among the first three results. The search page reads
the Pagefind index that handbog/search.py writes when the handbook is built.
"""

from __future__ import annotations

import re

import browser_support
import pytest

from handbog.theme.search import KINDS, OTHER, kind_of

pytestmark = pytest.mark.browser

browser = browser_support.browser
site = browser_support.site

#: query → the page that must be among the first three results
QUERIES = {
    # a pedagogue or teacher, on a phone
    "myndighed": "forudsaetninger/uden-myndighed",
    "underretningspligt": "forudsaetninger/uden-myndighed",
    "fælles børnesyn": "forudsaetninger/faelles-boernesyn",
    "inddrage barnet": "kerneelementer/boerneinddragelse",
    "børneinddragelse": "kerneelementer/boerneinddragelse",
    "Lundy": "kerneelementer/boerneinddragelse",
    "tillid forældre": "kerneelementer/foraeldresamarbejde",
    "forældremøde": "tjeklister/foraeldremoede",
    "faste teams": "kerneelementer/samarbejdsrelationer",
    "fysisk tilstedeværelse": "kerneelementer/samarbejdsrelationer",
    "Signs of Safety": "kerneelementer/foraeldresamarbejde",
    "socialrådgiver på skolen": "erfaringer/fremskudte-socialraadgivere",
    # a manager starting up or assessing
    "strategisk ramme": "forudsaetninger/strategisk-ramme",
    "opstart": "tjeklister/opstart",
    "selvvurdering": "tjeklister/index",
    "kompetencer": "kerneelementer/socialfaglige-kompetencer",
    # a trainer
    "samarbejdsrelationer": "kerneelementer/samarbejdsrelationer",
    "fremskudt socialrådgiver": "erfaringer/fremskudte-socialraadgivere",
    "København daginstitutioner": "erfaringer/koebenhavn-daginstitutioner",
    "casekommuner": "erfaringer/casekommuner",
    "mistrivsel": "om-modellen/index",
    "tidlig indsats": "om-modellen/begreber",
    # questions the report does not answer: a page says so
    "tavshedspligt": "om-modellen/spoergsmaal-uden-svar",
    "samtykke": "om-modellen/spoergsmaal-uden-svar",
    # words that belong to the glossary
    "protektionisme": "ordliste",
    # another name of a glossary term, which the page itself does not use
    "Laura Lundys model": "kerneelementer/boerneinddragelse",
    "myndighedsbeføjelser": "forudsaetninger/uden-myndighed",
    "ADBB": "om-modellen/begreber",
}

NEED_ID = re.compile(r"\b(?:PR|HR|KE|FO|OP|KI|TJ)_[A-Z0-9_]{2,}")


def _search(page, site, query: str, kind: str = "") -> list[dict]:
    page.goto(f"{site}search.html", wait_until="networkidle")
    if kind:
        page.select_option("#handbog-art", kind)
    page.fill("#handbog-q", query)
    page.press("#handbog-q", "Enter")
    page.wait_for_function(
        "q => document.querySelector('.handbog-search-status').textContent.includes(q)",
        arg=query,
    )
    return page.eval_on_selector_all(
        ".handbog-search-result",
        """items => items.map(li => ({
            url: li.querySelector('.handbog-search-title a').getAttribute('href'),
            kind: (li.querySelector('.handbog-search-kind-label') || {}).textContent || '',
            text: li.innerText}))""",
    )


def _docname(url: str) -> str:
    # without the section and the searched words (?markeret=) the page marks on arrival
    return url.split("#", 1)[0].split("?", 1)[0].lstrip("/").removesuffix(".html")


phone = browser_support.phone


def test_every_query_finds_its_page_in_the_top_three(phone, site):
    assert len(QUERIES) >= 20
    misses, leaks = [], []
    for query, expected in QUERIES.items():
        results = _search(phone, site, query)
        top = [_docname(r["url"]) for r in results[:3]]
        if expected not in top:
            misses.append(f"{query!r}: {expected} ikke blandt {top}")
        leaks += [f"{query!r}: {r['text'][:120]}" for r in results if NEED_ID.search(r["text"])]
    assert misses == [], "\n".join(misses)
    assert leaks == [], "Behovs-ID i uddrag:\n" + "\n".join(leaks)
    assert phone.errors == []


def test_model_pages_come_before_lookup_pages(phone, site):
    results = _search(phone, site, "børnesyn")
    lookup = [not kind_of(_docname(r["url"])).main for r in results]
    # once a lookup page is listed, no model page follows it
    assert lookup == sorted(lookup), [r["url"] for r in results]
    assert phone.locator(".handbog-search-group h2").inner_text() == "I ordlisten og opslagsdelene"


def test_a_reader_can_show_one_kind(phone, site):
    results = _search(phone, site, "forældre", kind="Tjekliste")
    assert results
    assert {r["kind"] for r in results} == {"Tjekliste"}
    assert all(_docname(r["url"]).startswith("tjeklister/") for r in results)
    offered = phone.eval_on_selector_all("#handbog-art option", "os => os.map(o => o.value)")
    labels = {kind.label for kind in KINDS.values()} | {OTHER.label}
    assert offered[0] == "" and set(offered[1:]) <= labels
    assert {"Kerneelement", "Forudsætning", "Tjekliste", "Erfaringer"} <= set(offered)


def test_no_result_says_so_plainly(phone, site):
    results = _search(phone, site, "zqxjkv")
    assert results == []
    status = phone.inner_text(".handbog-search-status")
    assert "Ingen sider" in status and "kategori" not in status
    links = phone.eval_on_selector_all(
        ".handbog-search-status a", "links => links.map(a => a.getAttribute('href'))"
    )
    assert any(href.endswith("om-modellen/spoergsmaal-uden-svar.html") for href in links)
    assert any(href.endswith("ordliste.html") for href in links)
    assert phone.errors == []


def test_the_results_page_has_a_heading_and_a_search_box_and_fits_a_phone(phone, site):
    phone.goto(f"{site}search.html?q=tillid", wait_until="networkidle")
    phone.wait_for_selector(".handbog-search-result")
    assert phone.inner_text("h1") == "Søg i håndbogen"
    assert phone.input_value("#handbog-q") == "tillid"
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    # Sphinx's own index is not downloaded
    loaded = phone.evaluate("performance.getEntriesByType('resource').map(e => e.name)")
    assert not [url for url in loaded if "searchindex.js" in url]


def test_find_din_vej_is_on_the_first_screen_of_a_phone(phone, site):
    phone.goto(f"{site}index.html", wait_until="networkidle")
    heading = phone.get_by_role("heading", name="Find din vej")
    assert heading.bounding_box()["y"] + heading.bounding_box()["height"] <= 844


def test_every_page_has_an_icon(phone, site):
    phone.goto(f"{site}index.html", wait_until="networkidle")
    icon = phone.locator("link[rel~=icon]").get_attribute("href")
    assert phone.request.get(f"{site}{icon}").ok
    assert phone.errors == []


def test_opened_from_disk_the_search_page_says_why_it_cannot_search(phone, handbook):
    phone.goto((handbook.html / "search.html").as_uri() + "?q=tillid")
    status = phone.locator(".handbog-search-status")
    status.filter(has_text="webserver").wait_for()
    assert "direkte fra filerne" in status.inner_text()


def test_a_phone_has_a_search_field_on_every_page(phone, site):
    phone.goto(f"{site}kerneelementer/boerneinddragelse.html", wait_until="networkidle")
    field = phone.get_by_role("searchbox", name="Søg i håndbogen").first
    assert field.is_visible()
    field.fill("tillid")
    field.press("Enter")
    # the results come on the same page, below the field
    phone.wait_for_selector(".handbog-search-panel .handbog-search-result")
    assert phone.url == f"{site}kerneelementer/boerneinddragelse.html"


@pytest.mark.parametrize(
    "path", ["kerneelementer/boerneinddragelse.html", "tjeklister/opstart.html"]
)
def test_printing_from_the_browser_leaves_out_the_buttons(browser, site, tmp_path, path):
    """What a trainer gets with the browser's Print: the page, not furo's floating buttons,
    the skip link or the phone's search field (the PDF modules are made elsewhere)."""
    import pypdfium2

    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.goto(site + path, wait_until="networkidle")
    page.keyboard.press("Tab")  # a focus ring would print on the sheet it is on
    target = tmp_path / "side.pdf"
    page.pdf(path=str(target), format="A4")
    context.close()
    pdf = pypdfium2.PdfDocument(str(target))
    text = "\n".join(pdf[i].get_textpage().get_text_range() for i in range(len(pdf)))
    assert len(pdf) >= 2
    assert "Kort fortalt" in text or "Om udfyldningen" in text  # the page itself is there
    for floating in ("Til toppen", "Spring til indhold", "Søg i håndbogen"):
        assert floating not in text, floating
    # a need's ID and the toggle for its trace mean nothing on paper (issue 26)
    assert "Hele sporet" not in text
    assert not NEED_ID.search(text), NEED_ID.search(text)


def test_every_page_has_the_phone_search_field_screen_only(handbook):
    """Every page, the index of terms too, has the phone's search field (the search page has
    its own). The PDF modules leave out what is marked handbog-screen-only
    (handbog/pdf/pages.py); the field was an empty box above every page's title on paper."""
    from bs4 import BeautifulSoup

    missing = []
    for path in sorted(handbook.html.rglob("*.html")):
        rel = path.relative_to(handbook.html).as_posix()
        if rel.startswith(("_static/", "pagefind/")) or rel in {"search.html", "permalink.html"}:
            continue
        page = BeautifulSoup(path.read_text("utf-8"), "html.parser")
        form = page.select_one("form.handbog-phone-search")
        if form is None or "handbog-screen-only" not in form["class"]:
            missing.append(rel)
    assert missing == []


def test_a_page_is_found_by_the_other_names_of_the_terms_it_uses(handbook):
    """The glossary's synonyms go into the index of each page that uses the term, hidden
    from the reader on screen and on paper."""
    from bs4 import BeautifulSoup

    from handbog.theme.search import WORDS_LEAD

    page = BeautifulSoup(
        (handbook.html / "kerneelementer" / "boerneinddragelse.html").read_text("utf-8"),
        "html.parser",
    )
    words = page.select_one("[data-pagefind-body] p.handbog-search-words")
    assert words is not None and words.has_attr("hidden")
    assert words.get_text().startswith(WORDS_LEAD)
    assert "Laura Lundys model" in words.get_text()
    visible = page.select_one("[data-pagefind-body]")
    words.decompose()
    assert "Laura Lundys model" not in visible.get_text()
