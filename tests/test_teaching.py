"""Teaching material per PDF module (issue 12, item 7).

Fast: the ``{resume}`` directive (handbog.needs.summary) on a tiny project makes the summary's
trace parts from the needs and refuses a wrong ID in Danish at its line.

Slow (the whole handbook): every training module has a teaching page with learning goals,
questions and an outline, all inside the handbook's one markup for its own additions; every
question links a need of its module; every core element and prerequisite has a summary in
its module; and each summary is printed on one page of its module's PDF.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pypdfium2 as pdfium
import pytest
from bs4 import BeautifulSoup, Tag
from conftest import REPO

from handbog import model
from handbog.literature.additions import CLASS as ADDITION
from handbog.needs.summary import CLASS as SUMMARY

#: The three parts of a teaching page (h2 titles), in this order.
PARTS = ("Læringsmål", "Til drøftelse", "Forløb")
#: Training modules without a teaching page (since issue 23 every module has one: the
#: checklists got theirs, on choosing and using a checklist).
WITHOUT_TEACHING: set[str] = set()
INFO = model.load(REPO / "ubproject.toml")


def _warnings(app: Any) -> str:
    return app.warning.getvalue() if hasattr(app, "warning") else app._warning.getvalue()


def _soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text("utf-8"), "html.parser")


def _words(tag: Tag) -> str:
    return " ".join(tag.get_text(" ").split())


# -- The directive on a tiny project ------------------------------------------------------------


@pytest.mark.sphinx("html", testroot="resume")
def test_a_summary_is_made_from_the_needs_around_the_editors_prose(app):
    app.build()
    assert _warnings(app).strip() == ""
    page = _soup(app.outdir / "resume.html")
    box = page.select_one(f"div.{SUMMARY}")
    assert box is not None
    text = _words(box)
    # the prose is the editor's, unchanged
    assert "Prosa om elementet." in text
    # the head: the type in the model's words, the element, the report section
    head = box.select_one(f".{SUMMARY}__hoved")
    assert head is not None
    assert _words(head).startswith(f"{INFO.types['kerneelement'].title}: Et element KE_TEST")
    assert "afsnit 3.3" in _words(head)
    # practices and tools, each with the report's grounds in the model's words
    grounds = INFO.fields["grundlag"]
    lists = box.select(f"ul.{SUMMARY}__praksis")
    assert [[_words(li) for li in ul.find_all("li")] for ul in lists] == [
        [
            f"En praksis PR_TEST_A – grundlag: {grounds.word('litteratur')}, "
            f"{grounds.word('interviews')}",
            f"En anden praksis PR_TEST_B – grundlag: {grounds.word('interviews')}",
        ],
        [f"Et redskab HR_TEST – grundlag: {grounds.word('ikke_angivet')}"],
    ]
    links = {a["href"] for ul in lists for a in ul.find_all("a")}
    assert links == {f"element.html#{i}" for i in ("PR_TEST_A", "PR_TEST_B", "HR_TEST")}
    # the count of grounds, in the order of the model's values
    count = _words(box.select_one(f".{SUMMARY}__optaelling"))
    assert count.endswith(
        f"{grounds.word('litteratur')} (1), {grounds.word('interviews')} (2), "
        f"{grounds.word('ikke_angivet')} (1)."
    )
    # checklists: the one with most items about the element in the list, the other in a line
    main = box.select_one(f"ul.{SUMMARY}__tjeklister")
    assert [_words(li) for li in main.find_all("li")] == ["Min tjekliste (3 punkter om emnet)"]
    assert main.find("a")["href"] == "tjek.html"
    other = box.select_one(f".{SUMMARY}__flere")
    assert "Anden tjekliste" in _words(other) and other.find("a")["href"] == "andet.html"
    # the way to the full page, and the page's class for print
    more = box.select_one(f".{SUMMARY}__mere a")
    assert more["href"] == "element.html" and more.get_text() == "Et element"
    assert page.select_one(f"section.{SUMMARY}-side h1") is not None


@pytest.mark.sphinx("html", testroot="resume")
def test_the_questions_trace_lists_what_the_teaching_pages_discuss(app):
    app.build()
    assert _warnings(app).strip() == ""
    page = _soup(app.outdir / "oversigt.html")
    rows = page.select("table.handbog-droeftelser tbody tr")
    cells = [[_words(td) for td in row.find_all("td")] for row in rows]
    # each cell after the first starts with its column's name for phones (views.trace_table)
    assert len(cells) == 1 and cells[0][0] == "En praksis PR_TEST_A"
    assert cells[0][1].endswith("Undervisning")
    assert rows[0].find_all("td")[1].find("a")["href"] == "spoergsmaal.html"
    # two practices and a tool in the model: one of three is discussed
    assert "linker til 1 af modellens 3 punkter" in _words(page)


@pytest.mark.sphinx("html", testroot="resume-fejl")
def test_a_summary_of_a_wrong_id_is_refused_in_danish_at_its_line(app):
    app.build()
    warnings = _warnings(app)
    assert "index.md:10" in warnings and "resume KE_TSET" in warnings
    assert "Mente du 'KE_TEST'?" in warnings
    assert "index.md:14" in warnings and "resume PR_TEST" in warnings
    assert warnings.count("[handbog.link]") == 1  # the unknown ID: the catalogue's message
    assert "Traceback" not in warnings


# -- The handbook --------------------------------------------------------------------------------


def _manifest(handbook: Any) -> dict[str, Any]:
    return json.loads((handbook.html / "pdf-moduler.json").read_text("utf-8"))


def _training_modules(handbook: Any) -> list[dict[str, Any]]:
    from handbog.theme.pdflinks import MODULE_KICKER

    modules = _manifest(handbook)["modules"]
    # not the whole handbook or the editors' PDF: their covers say what they are instead
    return [m for m in modules if m["kicker"] == MODULE_KICKER and m["id"] not in WITHOUT_TEACHING]


def _sections(page: BeautifulSoup) -> dict[str, Tag]:
    """The page's level-2 sections by title."""
    found = {}
    for section in page.select("article section > section"):
        title = section.find("h2")
        if title is not None:
            found[_words(title).rstrip("¶ #").strip()] = section
    return found


def _teaching_page(handbook: Any, module: dict[str, Any]) -> tuple[str, BeautifulSoup] | None:
    for page in module["pages"]:
        soup = _soup(handbook.html / page["html"])
        if PARTS[0] in _sections(soup):
            return page["doc"], soup
    return None


def test_every_training_module_has_goals_questions_and_an_outline(handbook):
    modules = _training_modules(handbook)
    assert len(modules) >= 7
    for module in modules:
        found = _teaching_page(handbook, module)
        assert found is not None, f"modulet {module['id']} har ingen side med læringsmål"
        doc, page = found
        sections = _sections(page)
        assert [t for t in sections if t in PARTS] == list(PARTS), doc
        for part in PARTS:
            section = sections[part]
            # (an empty <span id> is an anchor for an old address, not text)
            content = [
                c
                for c in section.children
                if isinstance(c, Tag) and c.name != "h2" and c.get_text(strip=True)
            ]
            assert content, f"{doc}: {part} er tom"
            # all of it is the handbook's own, in the one markup for additions
            for child in content:
                assert ADDITION in child.get("class", []), f"{doc}: {part}: {child.name}"
            assert section.find("li") is not None, f"{doc}: {part} har ingen punkter"


def test_every_question_links_a_need_of_its_module(handbook):
    needs = handbook.needs
    for module in _training_modules(handbook):
        found = _teaching_page(handbook, module)
        assert found is not None
        doc, page = found
        docs = {p["doc"] for p in module["pages"]}
        # what the model says (not the sources, not checklist items) on the module's pages
        own = {
            i for i, n in needs.items() if n["docname"] in docs and n["type"] in INFO.report_types
        }
        # A module with none of its own (the introduction) discusses the model's elements.
        allowed = own or {i for i, n in needs.items() if n["type"] in INFO.element_types}
        questions = _sections(page)["Til drøftelse"].select("ol > li")
        assert len(questions) >= 3, doc
        for question in questions:
            linked = {a["href"].rpartition("#")[2] for a in question.find_all("a", href=True)}
            assert linked & allowed, f"{doc}: linker ikke til modulet: {_words(question)}"
            # the link is the need's own box, so the trace shows it
            for need_id in linked & allowed:
                assert needs[need_id]["docname"], need_id


def _summaries(handbook: Any) -> dict[str, tuple[str, str]]:
    """{element ID: (module id, page doc)} for every summary printed in a training module."""
    found: dict[str, tuple[str, str]] = {}
    for module in _training_modules(handbook):
        for page in module["pages"]:
            soup = _soup(handbook.html / page["html"])
            box = soup.select_one(f"div.{SUMMARY}")
            if box is None:
                continue
            head = box.select_one(f".{SUMMARY}__hoved .handbog-id")
            assert head is not None, page["doc"]
            assert head.get_text() not in found, f"to resuméer af {head.get_text()}"
            found[head.get_text()] = (module["id"], page["doc"])
    return found


def test_every_element_has_a_summary_in_its_own_module(handbook):
    needs = handbook.needs
    elements = {i for i, n in needs.items() if n["type"] in INFO.element_types}
    summaries = _summaries(handbook)
    assert set(summaries) == elements
    modules = {m["id"]: {p["doc"] for p in m["pages"]} for m in _training_modules(handbook)}
    for need_id, (module, _doc) in summaries.items():
        assert needs[need_id]["docname"] in modules[module], need_id


#: White space and hyphens: a line may break anywhere, also inside a word.
BREAKS = re.compile(r"[\s\u00ad\u2010-]+")


def _joined(text: str) -> str:
    return BREAKS.sub("", text)


def _page_texts(path: Path) -> list[str]:
    """Each page's text, :func:`_joined`."""
    pdf = pdfium.PdfDocument(str(path))
    try:
        return [_joined(page.get_textpage().get_text_range()) for page in pdf]
    finally:
        pdf.close()


@pytest.fixture(scope="module")
def summary_pdfs(handbook):
    summaries = _summaries(handbook)
    modules = sorted({module for module, _doc in summaries.values()})
    env = {**os.environ, "SOURCE_DATE_EPOCH": os.environ.get("SOURCE_DATE_EPOCH", "1700000000")}
    proc = subprocess.run(
        [sys.executable, "-m", "handbog", "pdf", str(handbook.html), "--only", *modules],
        capture_output=True,
        text=True,
        env=env,
    )
    assert proc.returncode == 0, proc.stderr
    return summaries


def test_each_summary_is_printed_on_one_page(handbook, summary_pdfs):
    """A summary starts a page of its own (its title comes first on it); it fits when its
    last line is on that page too."""
    texts: dict[str, list[str]] = {}
    for need_id, (module, doc) in summary_pdfs.items():
        pages = texts.setdefault(module, _page_texts(handbook.html / "pdf" / f"{module}.pdf"))
        page = _soup(handbook.html / f"{doc}.html")
        title = _joined(_words(page.select_one("article h1")).rstrip("¶ #"))
        # the last line, up to the link's end (print adds the page number after it)
        last = _joined(_words(page.select_one(f".{SUMMARY}__mere")).rstrip("."))
        found = [n for n, text in enumerate(pages, 1) if text.startswith(title)]
        assert len(found) == 1, f"{need_id}: resuméet begynder på siderne {found} i {module}.pdf"
        assert last in pages[found[0] - 1], f"{need_id}: resuméet fylder mere end side {found[0]}"
