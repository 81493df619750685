"""The one markup for the handbook's own additions (handbog.literature.additions): the role and the
directive render like the glossary's ``tilfoejelse`` field, and the traceability page counts
them per page."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

from handbog.literature.additions import LABEL


def _warnings(app) -> str:
    return app.warning.getvalue() if hasattr(app, "warning") else app._warning.getvalue()


def _soup(path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text("utf-8"), "html.parser")


@pytest.mark.sphinx("html", testroot="tilfoejelse")
def test_role_and_directive_carry_the_same_label_and_are_counted_per_page(app):
    app.build()
    assert _warnings(app).strip() == ""
    page = _soup(app.outdir / "index.html")
    marked = page.select(".handbog-tilfoejelse")
    assert len(marked) == 2
    inline, block = marked
    assert inline.name == "span" and block.name == "div"
    for node in marked:
        label = node.select_one("strong.handbog-tilfoejelse__maerke")
        assert label is not None and label.get_text() == LABEL == "Håndbogens tilføjelse:"
    # the words keep their own markup, and only they are inside the mark
    assert inline.find("em").get_text() == "lidt"
    assert "Så siger rapporten" not in inline.get_text()
    # in the block the label starts the first paragraph, as the glossary shows an addition
    first = block.find("p")
    assert first.get_text().startswith("Håndbogens tilføjelse: Et helt afsnit")
    assert block.find("li").get_text() == "med en liste"
    # a block that begins with a list gets the label in a paragraph of its own
    other = _soup(app.outdir / "side.html").select_one(".handbog-tilfoejelse")
    assert other.find("p").get_text() == LABEL and other.find("li")

    rows = _soup(app.outdir / "oversigt.html").select("table.handbog-tilfoejelser tbody tr")
    cells = [[td.get_text(strip=True) for td in row.find_all("td")] for row in rows]
    assert cells == [["Forside", "2"], ["Anden side", "1"], ["I alt", "3"]]
    link = rows[0].find("a")
    assert link is not None and link["href"] == "index.html"


@pytest.mark.sphinx("html", testroot="tilfoejelse-tom")
def test_an_empty_addition_is_refused_in_danish_at_its_line(app):
    app.build()
    warnings = _warnings(app)
    assert "index.md:5" in warnings and "tilfoejelse er tom" in warnings


def test_the_handbook_marks_its_additions_only_with_the_one_markup():
    """Issue 10: one markup, counted on the traceability pages. The italic markers the pages
    used before ("*(Håndbogens tilføjelse.)*", "*Håndbogens tolkning:*") are neither rendered
    alike nor counted, so none may come back."""
    import re
    from pathlib import Path

    docs = Path(__file__).resolve().parents[1] / "docs"
    old = re.compile(r"(?<!\*)\*\(?Håndbogens (tilføjelse|tolkning|udregning|forklaring)", re.I)
    found = [
        f"{path.relative_to(docs)}:{number}"
        for path in sorted(docs.rglob("*.md"))
        if "_templates" not in path.parts
        for number, line in enumerate(path.read_text("utf-8").splitlines(), 1)
        if old.search(line)
    ]
    assert found == []
    marked = [p for p in docs.rglob("*.md") if "{tilfoejelse}" in p.read_text("utf-8")]
    assert len(marked) >= 10, "håndbogens tilføjelser er mærket på mindst ti sider"
