"""The handbook on a phone (390 × 844 in Debian's Chromium), as a pedagogue meets it.

- On every core-element and prerequisite page the trace under the need boxes (everything in
  a box but its head, its statement and its evidence line: checklist lines and the closed
  "Hele sporet") takes at most 8 % of the page's height; the figures are printed per page.
- "Kort fortalt" comes before any trace.
- An ID is a quiet handle: never hyphenated, never broken over two lines.
- No page of the site scrolls sideways: wide tables scroll inside their own box.
- (The search's snippets: tests/test_search.py.)

Every test here needs the built handbook, so all of them are slow as well as browser tests.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import browser_support
import pytest
from conftest import REPO

from handbog import model as model_module

browser = browser_support.browser
site = browser_support.site

pytestmark = [pytest.mark.browser, pytest.mark.slow]

PHONE = {"width": 390, "height": 844}
#: sphinx-needs' default ``needs_permalink_file`` (the handbook keeps the default).
PERMALINK = "permalink.html"
#: The issue's budget: the collapsed trace of a page's need boxes, share of its height.
TRACE_BUDGET = 0.08

MODEL = model_module.load(REPO / "ubproject.toml")
#: A need ID in text: one of the model's prefixes, then capitals, digits and underscores.
ID = re.compile(
    r"\b(?:" + "|".join(re.escape(t.prefix) for t in MODEL.types.values()) + r")[A-Z0-9_]{2,}"
)

#: Height of everything in the visible need boxes but the head, the statement and the
#: evidence line; and the page's height.
TRACE_JS = """() => {
  let trace = 0;
  for (const box of document.querySelectorAll("table.need")) {
    if (!box.offsetParent) continue;
    let height = box.getBoundingClientRect().height;
    for (const part of box.querySelectorAll("tr.need.head, tr.need.content, .handbog-evidence")) {
      height -= part.getBoundingClientRect().height;
    }
    trace += Math.max(height, 0);
  }
  return {trace, page: document.documentElement.scrollHeight};
}"""

#: Elements from the page's main content up to the document that scroll sideways (the
#: document, or a column with overflow auto, like furo's div.content): the page pans. A table
#: wrapper or a code block inside the content may scroll; the page may not.
SIDEWAYS_JS = """() => {
  const main = document.querySelector('[role="main"]') || document.body;
  const panning = [];
  for (let el = main; el; el = el.parentElement) {
    const scrolls = ["auto", "scroll"].includes(getComputedStyle(el).overflowX);
    if ((scrolls || el === document.scrollingElement) && el.scrollWidth > el.clientWidth + 1) {
      panning.push(`${el.tagName.toLowerCase()}.${[...el.classList].join(".")}: ` +
                   `${el.scrollWidth} > ${el.clientWidth}`);
    }
  }
  return panning;
}"""

#: Each visible ID: hyphenation on, or broken over more than one line.
ID_JS = """() => {
  const bad = [];
  for (const handle of document.querySelectorAll(".handbog-id")) {
    if (!handle.offsetParent) continue;
    const style = getComputedStyle(handle);
    const lines = handle.getClientRects().length;
    const height = handle.getBoundingClientRect().height;
    const line = parseFloat(style.lineHeight) || parseFloat(style.fontSize) * 1.3;
    if (style.hyphens !== "manual" || lines > 1 || height > line * 1.5) {
      bad.push(`${handle.textContent} (${style.hyphens}, ${Math.round(height)} px)`);
    }
  }
  return bad;
}"""


@pytest.fixture(scope="module")
def phone(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    page = context.new_page()
    yield page
    context.close()


def _element_pages(handbook: Any) -> list[str]:
    docs = {
        n["docname"]
        for n in handbook.needs.values()
        if n["type"] in MODEL.element_types and n.get("docname")
    }
    return sorted(docs)


def test_collapsed_trace_takes_at_most_8_percent_of_each_element_page(
    phone: Any, site: str, handbook: Any
) -> None:
    pages = _element_pages(handbook)
    assert pages, "no core-element or prerequisite page found"
    figures = {}
    for doc in pages:
        phone.goto(f"{site}{doc}.html")
        measured = phone.evaluate(TRACE_JS)
        figures[doc] = (measured["trace"], measured["page"])
    report = "\n".join(
        f"{doc}: {trace:.0f} af {height} px = {trace / height:.1%}"
        for doc, (trace, height) in figures.items()
    )
    print("\nSporet, sammenfoldet, ved 390 × 844:\n" + report)
    assert all(t / h <= TRACE_BUDGET for t, h in figures.values()), report


def test_the_summary_comes_before_any_trace(phone: Any, site: str, handbook: Any) -> None:
    for doc in _element_pages(handbook):
        phone.goto(f"{site}{doc}.html")
        tops = phone.evaluate(
            """() => {
              const top = (el) => el ? el.getBoundingClientRect().top + window.scrollY : null;
              return {
                summary: top(document.querySelector('[role="main"] .admonition.tip')),
                trace: top(document.querySelector(".handbog-trace, tr.need.footer")),
              };
            }"""
        )
        assert tops["summary"] is not None, f"{doc}: no 'Kort fortalt'"
        assert tops["trace"] is None or tops["summary"] < tops["trace"], doc


def test_ids_are_never_hyphenated_or_broken(phone: Any, site: str, handbook: Any) -> None:
    for doc in [*_element_pages(handbook), "sporbarhed/elementer", "sporbarhed/daekning"]:
        phone.goto(f"{site}{doc}.html")
        assert phone.evaluate(ID_JS) == [], doc


def _pages(html: Path) -> list[str]:
    """Every page a reader can land on; not sphinx-needs' permalink page, which has no
    content and sends the browser on to a need as soon as it loads."""
    skip = {"_static", "_sources", "_images", "pdf", PERMALINK}
    return sorted(
        p.relative_to(html).as_posix()
        for p in html.rglob("*.html")
        if not skip.intersection(p.relative_to(html).parts)
    )


def test_no_page_scrolls_sideways_at_390_px(phone: Any, site: str, handbook: Any) -> None:
    pages = _pages(handbook.html)
    assert len(pages) > 20
    panning = {}
    for page in pages:
        phone.goto(site + page)
        found = phone.evaluate(SIDEWAYS_JS)
        if found:
            panning[page] = found
    assert panning == {}, panning


def test_traceability_tables_fit_the_phone(phone: Any, site: str) -> None:
    """The tables reflow into blocks at 390 px: nothing to scroll, not even in their box."""
    for doc in ("sporbarhed/elementer", "sporbarhed/daekning"):
        phone.goto(f"{site}{doc}.html")
        too_wide = phone.evaluate(
            """() => [...document.querySelectorAll("table.handbog-sporbarhed")]
                 .filter((t) => t.getBoundingClientRect().width > t.parentElement.clientWidth + 1)
                 .map((t) => t.className)"""
        )
        assert too_wide == [], (doc, too_wide)
