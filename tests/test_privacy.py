"""Privacy: reading the handbook sends nothing anywhere and stores no cookies.

Every page is loaded in Debian's Chromium from a local server; every request that would
leave it (a CDN font, a script, analytics, an embed) is blocked and listed. On pages with a
form (the checklists) the test also uses every control, as a reader filling it in would: the
answers must stay in the browser. The same checks must fail on tests/data/quality/.
"""

from __future__ import annotations

from pathlib import Path

import browser_support
import pytest
import quality
from bs4 import BeautifulSoup

pytestmark = pytest.mark.browser

browser = browser_support.browser
site = browser_support.site

BROKEN = Path(__file__).parent / "data" / "quality"
# Markup that makes the browser fetch something by itself (links to other sites are fine).
FETCHING = {
    "script": "src",
    "img": "src",
    "iframe": "src",
    "source": "src",
    "video": "src",
    "audio": "src",
    "embed": "src",
    "object": "data",
}
FETCHING_LINK_RELS = {"stylesheet", "preload", "prefetch", "preconnect", "dns-prefetch", "icon"}


def outside_references(html: str, page: str) -> list[str]:
    """Resources in the markup that point to another host (absolute http(s) or //host)."""
    soup = BeautifulSoup(html, "html.parser")
    found = []
    for tag, attr in FETCHING.items():
        for el in soup.find_all(tag):
            found.append((tag, el.get(attr, "")))
    for el in soup.find_all("link", href=True):
        if FETCHING_LINK_RELS & set(el.get("rel", [])):
            found.append(("link", el["href"]))
    return [
        f"{page}: <{tag}> henter {url}"
        for tag, url in found
        if url.startswith(("http://", "https://", "//"))
    ]


def visit(chromium, base: str, rel: str, use_forms: bool) -> tuple[list[str], int]:
    """Load one page in a fresh context; return the privacy problems and the controls used."""
    context = chromium.new_context(accept_downloads=True)
    traffic = quality.watch_traffic(context, base)
    try:
        page = context.new_page()
        page.goto(base + rel, wait_until="load")
        page.wait_for_load_state("networkidle")
        used = quality.exercise_forms(page) if use_forms else 0
        cookies = context.cookies()
        page_cookie = page.evaluate("document.cookie")
        return quality.privacy_problems(traffic, cookies, page_cookie, rel), used
    finally:
        context.close()


def _pages(handbook) -> list[str]:
    pages = quality.html_pages(handbook.html)
    assert len(pages) >= 10, pages
    return pages


def test_no_page_refers_to_another_host_for_its_resources(handbook):
    problems = []
    for rel in _pages(handbook):
        html = (handbook.html / rel).read_text(encoding="utf-8")
        problems += outside_references(html, rel)
    assert problems == [], "\n".join(problems)


def test_reading_and_using_every_page_sends_nothing_and_sets_no_cookie(browser, site, handbook):
    problems, used = [], 0
    for rel in _pages(handbook):
        page_problems, page_used = visit(browser, site, rel, use_forms=True)
        problems += page_problems
        used += page_used
    assert problems == [], "\n".join(problems)
    # Not an assertion on the count: the checklist forms may not exist yet. Shown with -rA.
    print(f"{used} formularfelter og knapper brugt uden at sende noget.")


def test_privacy_check_fails_on_a_cdn_font_a_pixel_and_a_cookie(browser):
    with browser_support.serve(BROKEN) as base:
        problems, _ = visit(browser, base, "cdn-skrift.html", use_forms=False)
        clean, _ = visit(browser, base, "tilgaengelig.html", use_forms=True)
    text = "\n".join(problems)
    assert "fonts.googleapis.com" in text
    assert "analytics.example.invalid" in text
    assert "sætter en cookie: besoeg" in text
    assert clean == []
    html = (BROKEN / "cdn-skrift.html").read_text(encoding="utf-8")
    assert len(outside_references(html, "cdn-skrift.html")) == 2


def test_privacy_check_fails_when_a_form_sends_the_answers(browser):
    with browser_support.serve(BROKEN) as base:
        loading_only, _ = visit(browser, base, "sender-svar.html", use_forms=False)
        using, used = visit(browser, base, "sender-svar.html", use_forms=True)
    assert loading_only == []
    assert used == 3
    assert any("collect.example.invalid/svar" in p for p in using), using
