"""Accessibility (WCAG 2.1 A and AA) of every page of the built handbook, light and dark.

axe-core runs in Debian's Chromium and the keyboard checks press Tab and Enter as a reader
would: on a sample of pages, one of each kind, in every browser run, and on every HTML page
in the slow run (axe: 1½ minutes per colour scheme on two cores, the sample 20 s). The
static checks read every page's markup. The same functions (tests/quality.py) must fail on
the deliberately broken pages in tests/data/quality/.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import browser_support
import pytest
import quality
from conftest import ACCESSIBILITY_RESULTS, REPO

# The browser fixtures live in browser_support.py (so tests without a browser never start one).
browser = browser_support.browser
site = browser_support.site

BROKEN = Path(__file__).parent / "data" / "quality"
SCHEMES = ("light", "dark")
SKIP_LINK_TEXT = "Spring til indhold"
REDIRECT = "permalink.html"
#: One page of each kind, for the browser checks of every run (all pages: the slow sweep).
SAMPLE = (
    "index.html",  # the front page
    "kerneelementer/foraeldresamarbejde.html",  # a core element: practices, tools, sources
    "forudsaetninger/uden-myndighed.html",  # a prerequisite
    "tjeklister/foraeldremoede.html",  # a checklist, with its form controls
    "ordliste.html",  # the glossary
    "sporbarhed/elementer.html",  # a traceability page: the largest need tables
)
#: Which pages the browser checks visit; the full sweep only in the slow run.
SWEEPS = (
    pytest.param("sample", id="stikproeve"),
    pytest.param("all", id="alle-sider", marks=pytest.mark.slow),
)
# Furo's English UI texts; each must be in Danish on every page (sphinx.po or UI_LABELS).
ENGLISH_UI = (
    "Skip to content",
    "Back to top",
    "On this page",
    "Made with",
    "Last updated on",
    "Toggle site navigation",
    "Toggle table of contents",
    "Toggle Light / Dark",
    "Toggle navigation of",
    "Link to this heading",
    "<title>Contents</title>",
    "<title>Light mode</title>",
    "<title>Dark mode</title>",
    "Auto light/dark",
    "@pradyunsg</a>'s",
    "Searching, Please Wait",
)


def _pages(handbook) -> list[str]:
    pages = quality.html_pages(handbook.html)
    assert len(pages) >= 10, pages
    return pages


def _swept(handbook, sweep: str) -> list[str]:
    pages = _pages(handbook)
    if sweep == "all":
        return pages
    gone = [rel for rel in SAMPLE if rel not in pages]
    assert gone == [], f"Stikprøvens sider findes ikke længere, vælg andre i SAMPLE: {gone}"
    return list(SAMPLE)


def _visit(page, site: str, rel: str) -> None:
    page.goto(site + rel, wait_until="load")
    if rel == REDIRECT:  # sphinx-needs' permalink page forwards to a need's page (index here)
        page.wait_for_url(lambda url: REDIRECT not in url)
        page.wait_for_load_state("load")


def _open(chromium, url: str, scheme: str):
    context = chromium.new_context()
    page = context.new_page()
    quality.apply_color_scheme(page, scheme)
    page.goto(url, wait_until="load")
    return context, page


# -- The real handbook ------------------------------------------------------------------


def test_every_page_is_danish_with_text_alternatives_labels_and_skip_link(handbook):
    problems = [
        problem
        for rel in _pages(handbook)
        for problem in quality.static_accessibility_problems(
            (handbook.html / rel).read_text(encoding="utf-8"), rel
        )
    ]
    assert problems == [], "\n".join(problems)


def test_theme_texts_are_danish(handbook):
    problems = []
    for rel in _pages(handbook):
        html = (handbook.html / rel).read_text(encoding="utf-8")
        problems += [f"{rel}: engelsk tekst {text!r}" for text in ENGLISH_UI if text in html]
        if rel != REDIRECT and SKIP_LINK_TEXT not in html:
            problems.append(f"{rel}: spring-til-indhold-linket siger ikke {SKIP_LINK_TEXT!r}")
    assert problems == [], "\n".join(problems)


def test_compiled_message_catalog_is_not_committed():
    tracked = subprocess.run(
        ["git", "ls-files", "docs/locales"], cwd=REPO, capture_output=True, text=True, check=True
    ).stdout.split()
    assert "docs/locales/da/LC_MESSAGES/sphinx.po" in tracked
    assert [f for f in tracked if f.endswith(".mo")] == []


@pytest.mark.browser
@pytest.mark.parametrize("sweep", SWEEPS)
@pytest.mark.parametrize("scheme", SCHEMES)
def test_axe_finds_no_wcag21aa_violation(browser, site, handbook, scheme, sweep):
    problems = []
    findings = 0
    pages = _swept(handbook, sweep)
    context, page = _open(browser, site + "index.html", scheme)
    try:
        for rel in pages:
            _visit(page, site, rel)
            label = f"{rel} [{scheme}]"
            problems += quality.color_scheme_problems(page, scheme, label)
            found = quality.format_violations(label, quality.axe_violations(page))
            findings += len(found)
            problems += found
        axe_version = page.evaluate("axe.version")
    finally:
        context.close()
    # what the accessibility statement quotes (handbog.theme.accessibility), pass or fail
    manifest = json.loads((handbook.html / "pdf-moduler.json").read_text(encoding="utf-8"))
    ACCESSIBILITY_RESULTS.append((
        f"axe-{sweep}-{scheme}",
        {"axe": axe_version, "sider_valgt": sweep, "tema": scheme, "sider": len(pages),
         "fund": findings, "udgave": manifest.get("version", ""),
         "bygning": manifest.get("build", "")},
    ))  # fmt: skip
    assert problems == [], f"{len(problems)} fund:\n" + "\n".join(problems)


@pytest.mark.browser
@pytest.mark.parametrize("sweep", SWEEPS)
@pytest.mark.parametrize("scheme", SCHEMES)
def test_skip_link_and_focus_work_from_the_keyboard(browser, site, handbook, scheme, sweep):
    problems = []
    context, page = _open(browser, site + "index.html", scheme)
    try:
        for rel in _swept(handbook, sweep):
            if rel == REDIRECT:  # forwards to a need's page, which is checked itself
                continue
            _visit(page, site, rel)
            problems += quality.keyboard_problems(page, f"{rel} [{scheme}]")
    finally:
        context.close()
    assert problems == [], "\n".join(problems)


# -- The checks fail on broken pages ------------------------------------------------------


def test_static_check_fails_on_a_broken_page():
    problems = quality.static_accessibility_problems(
        (BROKEN / "utilgaengelig.html").read_text(encoding="utf-8"), "utilgaengelig.html"
    )
    text = "\n".join(problems)
    assert 'lang="en"' in text
    assert "billede uden alt-tekst" in text
    assert "SVG med role=img uden tekstalternativ" in text
    assert "formularfelt uden etiket" in text
    assert "ingen spring-til-indhold-link" in text
    good = (BROKEN / "tilgaengelig.html").read_text(encoding="utf-8")
    assert quality.static_accessibility_problems(good, "tilgaengelig.html") == []


@pytest.fixture(scope="module")
def broken_site():
    with browser_support.serve(BROKEN) as url:
        yield url


def _axe_rules(chromium, url: str, scheme: str) -> set[str]:
    context, page = _open(chromium, url, scheme)
    try:
        violations = quality.axe_violations(page)
        assert all(quality.format_violations("x", violations))
        return {v["id"] for v in violations}
    finally:
        context.close()


@pytest.mark.browser
def test_axe_fails_on_a_broken_page(browser, broken_site):
    rules = _axe_rules(browser, broken_site + "utilgaengelig.html", "light")
    assert {"image-alt", "label", "color-contrast", "svg-img-alt"} <= rules, rules
    assert _axe_rules(browser, broken_site + "tilgaengelig.html", "light") == set()
    assert _axe_rules(browser, broken_site + "tilgaengelig.html", "dark") == set()


@pytest.mark.browser
def test_dark_mode_is_really_checked(browser, broken_site):
    url = broken_site + "moerk-kontrast.html"
    assert _axe_rules(browser, url, "light") == set()
    assert "color-contrast" in _axe_rules(browser, url, "dark")
    context, page = _open(browser, url, "dark")
    try:
        assert quality.color_scheme_problems(page, "dark", "x") == []
        assert quality.color_scheme_problems(page, "light", "x") != []
    finally:
        context.close()


@pytest.mark.browser
def test_keyboard_checks_fail_on_a_broken_page(browser, broken_site):
    context, page = _open(browser, broken_site + "utilgaengelig.html", "light")
    try:
        problems = "\n".join(quality.keyboard_problems(page, "utilgaengelig.html"))
        assert "rammer ikke et spring-til-indhold-link" in problems
        assert "tastaturfokus er ikke synligt" in problems
    finally:
        context.close()
    context, page = _open(browser, broken_site + "tilgaengelig.html", "light")
    try:
        assert quality.keyboard_problems(page, "tilgaengelig.html") == []
    finally:
        context.close()
