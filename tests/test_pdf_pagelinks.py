"""Web pages' links to a PDF carry the page (issue 23, item 1): ``handbog pdf`` rewrites the
link paragraph of each built page with the pages of its own layout (handbog.pdf.pagelinks).

Fast: a tiny built site, as Sphinx writes it, and a page table as the PDF build keeps it.
"""

from __future__ import annotations

from pathlib import Path

from handbog.pdf.manifest import Manifest, Module, Page
from handbog.pdf.pagelinks import link_pages

LINK = (
    '<p class="handbog-pdf-link">Til undervisning: <a class="handbog-pdf-link__a reference '
    'external" href="{up}pdf/{module}.pdf">hent modulet »X« som PDF</a> eller <a class="'
    'reference external" href="{up}pdf/haandbog.pdf">hele håndbogen</a>.</p>'
)
OTHER = '<p>Se <a href="{up}pdf/tjeklister-udfyldbar.pdf">den udfyldbare PDF</a>.</p>'


def _site(tmp_path: Path) -> Manifest:
    pages = {"kerneelementer/a.html": ("a", "../"), "index.html": ("intro", "")}
    for html, (module, up) in pages.items():
        path = tmp_path / html
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(
            f"<html><body><article role=main><h1>T</h1>{LINK.format(up=up, module=module)}"
            f"{OTHER.format(up=up)}</article></body></html>",
            encoding="utf-8",
        )
    modules = (
        Module("a", "A", (Page("kerneelementer/a", "A", "kerneelementer/a.html"),)),
        Module("intro", "Intro", (Page("index", "Forside", "index.html"),)),
        Module(
            "haandbog",
            "Hele håndbogen",
            (
                Page("index", "Forside", "index.html"),
                Page("kerneelementer/a", "A", "kerneelementer/a.html"),
            ),
        ),
    )
    return Manifest(tmp_path, "P", "2026.1", "01.12.2026", "", "da", "pdf", modules)


def test_each_pdf_link_gets_the_page_its_page_is_printed_on(tmp_path):
    manifest = _site(tmp_path)
    pages = {
        "a": {"kerneelementer/a": 3, "kerneelementer/a::PR_X": 4},
        "intro": {"index": 5},
        "haandbog": {"index": 7, "kerneelementer/a": 41},
    }
    assert link_pages(manifest, pages) == 2
    page = (tmp_path / "kerneelementer/a.html").read_text("utf-8")
    assert 'href="../pdf/a.pdf#page=3"' in page
    assert 'href="../pdf/haandbog.pdf#page=41"' in page
    # a link outside the paragraph is not the module's: left as it was
    assert 'href="../pdf/tjeklister-udfyldbar.pdf"' in page
    front = (tmp_path / "index.html").read_text("utf-8")
    assert 'href="pdf/intro.pdf#page=5"' in front and 'href="pdf/haandbog.pdf#page=7"' in front


def test_a_new_layout_moves_the_page_and_an_unchanged_one_writes_nothing(tmp_path):
    manifest = _site(tmp_path)
    pages = {"a": {"kerneelementer/a": 3}, "haandbog": {"kerneelementer/a": 41}}
    link_pages(manifest, pages)
    assert link_pages(manifest, pages) == 0, "already right: not written again"
    pages["a"]["kerneelementer/a"] = 5
    assert link_pages(manifest, pages) == 1
    page = (tmp_path / "kerneelementer/a.html").read_text("utf-8")
    assert 'href="../pdf/a.pdf#page=5"' in page and "#page=3" not in page
    # a PDF not in the table (not built yet) keeps its link without a page
    assert 'href="pdf/intro.pdf"' in (tmp_path / "index.html").read_text("utf-8")
