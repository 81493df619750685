"""Checklists on paper and as fillable PDFs (issue 12, item 1).

The fast tests read the form on the example project tests/roots/test-tjekliste and prepare
small pages for print. The slow ones build ``tjeklister.pdf`` and its fillable variant from
the whole handbook and measure them as a reader meets them: how full each page is (from the
text boxes of the PDF), how many sheets a meeting checklist takes, what text is printed,
and which form fields a PDF reader finds.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pikepdf
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import pytest
from browser_support import browser, site  # noqa: F401 - pytest fixtures
from bs4 import BeautifulSoup
from form_readers import check_three_readers
from pypdf import PdfReader

from handbog.checklists import load_all, load_checklist
from handbog.checklists.paper import fillable_id
from handbog.pdf.pages import (
    ADDITION_SIGN,
    KEY_TITLE,
    blank_form_fields,
    number_ranges,
    strip_screen_only,
)

REPO = Path(__file__).resolve().parents[1]
ROOTS = Path(__file__).parent / "roots"
MODULE = "tjeklister"
EPOCH = "1700000000"

MM = 72 / 25.4
#: pdf.css: @page { margin: 25mm 20mm 22mm 22mm }: the text area between header and footer
TOP, BOTTOM = 25 * MM, 22 * MM
#: The goal of the issue: the checklist pages are on average at least this full.
MIN_AVERAGE_FILL = 0.75
#: A checklist used at a meeting fits one sheet, printed on both sides.
MAX_MEETING_PAGES = 2

#: What only makes sense on screen, as it is worded on the checklist pages (index.md and
#: the form). None of it may reach paper.
SCREEN_ONLY_PHRASES = (
    "Gem fil",
    "Hent fil",
    "JSON",
    "handbog tjekliste",
    "kommandolinjen",
    "i denne browser",
    "Det mangler",
    "Til overblikket over tjeklisten",
    "Runde",
    "Nulstil",
    "svarfiler",
)
NEXT_STEPS = "Næste skridt – hvem – hvornår"


def _soup(app, page: str) -> BeautifulSoup:
    return BeautifulSoup((app.outdir / page).read_text("utf-8"), "html.parser")


# --------------------------------------------------------------------- the form (fast)


@pytest.mark.sphinx("html", testroot="tjekliste")
def test_every_checklist_ends_with_a_next_steps_table(app):
    app.build()
    for name in ("moede", "parathed"):
        form = _soup(app, f"tjeklister/{name}.html").select_one("form.handbog-checklist")
        box = form.select_one(".hc-next")
        assert box is form.select("fieldset.hc-section, .hc-next")[-1], "after the last section"
        table = box.select_one("table")
        assert table.caption.get_text(strip=True) == NEXT_STEPS
        assert [th.get_text(strip=True) for th in table.select("thead th")] == [
            "Hvad",
            "Hvem",
            "Hvornår",
        ]
        rows = table.select("tbody tr")
        assert rows, "empty rows to write in"
        for row in rows:
            fields = row.select("td > input[type=text]")
            assert len(fields) == 3
            assert all(f.get("aria-label") and f.get("name") for f in fields)


@pytest.mark.sphinx("html", testroot="tjekliste")
def test_screen_only_parts_of_the_form_are_marked_at_their_source(app):
    app.build()
    form = _soup(app, "tjeklister/moede.html").select_one("form.handbog-checklist")
    screen_only = form.select(".handbog-screen-only")
    texts = " ".join(element.get_text(" ", strip=True) for element in screen_only)
    for phrase in ("Runde", "Gem fil", "Hent fil", "Overblik", "JavaScript"):
        assert phrase in texts, phrase
    # What is left for paper: the context fields, the items, the next steps.
    strip_screen_only(form)
    left = form.get_text(" ", strip=True)
    for phrase in SCREEN_ONLY_PHRASES:
        assert phrase not in left, phrase
    assert form.select("fieldset.hc-item")
    assert form.select_one(".hc-next")


@pytest.mark.sphinx("html", testroot="tjekliste")
def test_meeting_checklists_are_marked_compact_and_self_assessments_not(app):
    app.build()
    for name in ("moede", "parathed"):
        checklist = load_checklist(ROOTS / "test-tjekliste" / "checklists" / f"{name}.yaml")
        form = _soup(app, f"tjeklister/{name}.html").select_one("form.handbog-checklist")
        assert ("hc-compact" in form["class"]) is (not checklist.graded), name


# ----------------------------------------------------------- paper and fillable (fast)

FORM = """<article><form class="handbog-checklist" data-checklist="moede">
<fieldset class="hc-context"><input type="text" name="enhed" id="hc-moede-enhed" value="x">
<select name="runde" id="hc-moede-runde"><option value="">Ingen runde</option>
<option value="foer">Før</option></select></fieldset>
<fieldset class="hc-item"><input type="radio" name="hc-moede-a" id="hc-moede-a-ja" value="ja"
checked><input type="radio" name="hc-moede-a" id="hc-moede-a-nej" value="nej">
<textarea id="hc-moede-a-note" placeholder="Skriv">noget</textarea></fieldset>
</form></article>"""


def test_paper_form_fields_are_empty_boxes():
    soup = BeautifulSoup(FORM, "html.parser")
    blank_form_fields(soup, soup.article)
    assert not soup.select("[checked], [value], [placeholder], select")
    assert soup.textarea.get_text() == ""
    assert "pdf-fillable" not in soup.form["class"]


def test_fillable_form_fields_stay_fields_with_names_of_their_own():
    soup = BeautifulSoup(FORM, "html.parser")
    blank_form_fields(soup, soup.article, fillable=True)
    assert "pdf-fillable" in soup.form["class"]
    assert soup.select_one("#hc-moede-enhed")["name"] == "moede-enhed"
    assert not soup.select_one("#hc-moede-enhed").has_attr("value"), "no answer in the form"
    radios = soup.select("input[type=radio]")
    assert [r["value"] for r in radios] == ["ja", "nej"], "the answer each box stands for"
    assert not any(r.has_attr("checked") for r in radios)
    assert soup.textarea["name"] == "hc-moede-a-note"
    assert soup.textarea.get_text() == ""
    assert soup.select_one("select")["name"] == "moede-runde"


# ------------------------------------------------------- the built handbook (slow)


def _checklists():
    return load_all(REPO / "checklists")


@pytest.fixture(scope="module")
def paper(handbook):
    """tjeklister.pdf and its fillable variant, built from the whole handbook."""
    env = {**os.environ, "SOURCE_DATE_EPOCH": os.environ.get("SOURCE_DATE_EPOCH", EPOCH)}
    proc = subprocess.run(
        [sys.executable, "-m", "handbog", "pdf", str(handbook.html), "--only", MODULE],
        capture_output=True,
        text=True,
        env=env,
    )
    assert proc.returncode == 0, proc.stderr
    folder = handbook.html / "pdf"
    return folder / f"{MODULE}.pdf", folder / f"{fillable_id(MODULE)}.pdf"


def _pages(path: Path) -> list[tuple[str, float, str]]:
    """(running header, fill, text) of each page. Fill: the lowest text baseline's distance
    from the top of the text area, as a share of the text area's height."""
    pdf = pdfium.PdfDocument(str(path))
    pages = []
    try:
        for page in pdf:
            width, height = page.get_size()
            text = page.get_textpage()
            lowest = [
                rect[1]
                for rect in (text.get_rect(i) for i in range(text.count_rects()))
                if rect[1] > BOTTOM - 1 and rect[3] < height - TOP + 1
            ]
            fill = (height - TOP - min(lowest)) / (height - TOP - BOTTOM) if lowest else 0.0
            header = text.get_text_bounded(width / 2, height - TOP, width, height).strip()
            pages.append((header, fill, text.get_text_range()))
    finally:
        pdf.close()
    return pages


def _checklist_pages(path: Path) -> dict[str, list[tuple[float, str]]]:
    """Checklist id → its pages (fill, text), found by the running header (its title)."""
    by_title = {c.title: c.id for c in _checklists().values()}
    pages: dict[str, list[tuple[float, str]]] = {}
    for header, fill, text in _pages(path):
        if header in by_title:
            pages.setdefault(by_title[header], []).append((fill, text))
    return pages


@pytest.mark.slow
def test_checklist_pages_are_on_average_full(paper):
    pages = _checklist_pages(paper[0])
    assert set(pages) == set(_checklists()), "every checklist is in the module"
    fills = [fill for found in pages.values() for fill, _text in found]
    average = sum(fills) / len(fills)
    assert average >= MIN_AVERAGE_FILL, f"{average:.0%} over {len(fills)} pages"


@pytest.mark.slow
def test_a_meeting_checklist_fits_one_sheet(paper):
    pages = _checklist_pages(paper[0])
    # do-confirm: the checklists with pause points before, during and after a meeting
    meetings = [c for c in _checklists().values() if c.kind == "do-confirm"]
    assert meetings, "the handbook has meeting checklists"
    for checklist in meetings:
        assert len(pages[checklist.id]) <= MAX_MEETING_PAGES, checklist.id


#: A checklist written on (issue 23): per item at least two lines of about 30 mm each, the
#: items' text at least 10 pt, and the quiet lines (what each item checks, IDs) at most a
#: tenth of a checklist's characters.
MIN_WRITING_MM = 60
MIN_ITEM_PT = 10
MAX_META_SHARE = 0.10
#: A step-by-step checklist may take two sheets.
MAX_STEP_PAGES = 4
PX = 96 / 72  # pdfium reports font sizes in CSS px


def _writing_lines(path: Path) -> dict[str, float]:
    """Checklist id → the length (mm) of the note lines on its pages: the ruled lines of the
    answer column (45–55 mm long, in the right half of the page)."""
    by_title = {c.title: c.id for c in _checklists().values()}
    found: dict[str, float] = {}
    pdf = pdfium.PdfDocument(str(path))
    try:
        for page in pdf:
            width, height = page.get_size()
            header = page.get_textpage().get_text_bounded(width / 2, height - TOP, width, height)
            checklist = by_title.get(header.strip())
            if checklist is None:
                continue
            for obj in page.get_objects(max_depth=5):
                if obj.type != 2:  # a path: WeasyPrint draws each border as one
                    continue
                left, bottom, right, top = obj.get_bounds()
                if 45 * MM < right - left < 55 * MM and top - bottom < 6 * MM and left > width / 2:
                    found[checklist] = found.get(checklist, 0.0) + (right - left) / MM
    finally:
        pdf.close()
    return found


def _item_sizes(path: Path) -> dict[str, list[float]]:
    """Checklist id → the size (pt) of each item's text (the glyphs of its first word), found
    by the item's first words on the checklist's pages."""
    checklists = _checklists()
    by_title = {c.title: c.id for c in checklists.values()}
    sizes: dict[str, dict[str, list[float]]] = {}
    pdf = pdfium.PdfDocument(str(path))
    try:
        for page in pdf:
            width, height = page.get_size()
            textpage = page.get_textpage()
            header = textpage.get_text_bounded(width / 2, height - TOP, width, height).strip()
            if header not in by_title:
                continue
            checklist = checklists[by_title[header]]
            text = textpage.get_text_range()
            for _section, item in checklist.items():
                start = " ".join(item.text.split()[:3])
                word = start.split()[0]
                found = []
                index = text.find(word)
                while index >= 0:
                    if " ".join(text[index:].split()).startswith(start):
                        found.append(
                            min(
                                pdfium_c.FPDFText_GetFontSize(textpage, index + offset) / PX
                                for offset in range(len(word))
                            )
                        )
                    index = text.find(word, index + 1)
                sizes.setdefault(checklist.id, {}).setdefault(item.id, []).extend(found)
    finally:
        pdf.close()
    # an item's words may also be quoted elsewhere (a help text, the key): its own line is
    # the occurrence set largest
    return {c: [max(found) for found in items.values() if found] for c, items in sizes.items()}


@pytest.mark.slow
def test_meeting_checklists_are_written_on_and_still_fit(paper):
    pages = _checklist_pages(paper[0])
    lines = _writing_lines(paper[0])
    sizes = _item_sizes(paper[0])
    compact = [c for c in _checklists().values() if not c.graded]
    assert {c.kind for c in compact} == {"do-confirm", "read-do"}
    for checklist in compact:
        limit = MAX_MEETING_PAGES if checklist.kind == "do-confirm" else MAX_STEP_PAGES
        assert len(pages[checklist.id]) <= limit, f"{checklist.id}: {len(pages[checklist.id])}"
        items = sum(1 for _ in checklist.items())
        per_item = lines.get(checklist.id, 0.0) / items
        assert per_item >= MIN_WRITING_MM, f"{checklist.id}: {per_item:.0f} mm pr. punkt"
        found = sizes.get(checklist.id, [])
        assert len(found) >= items * 0.8, f"{checklist.id}: fandt ikke punkternes tekst"
        assert min(found) >= MIN_ITEM_PT - 0.05, f"{checklist.id}: {min(found):.1f} pt"


#: A pointer to another module, as the link pass prints it: »(se »Modul«, s. 7)«, or
#: »(se modulet »Modul«)« when that module was not laid out in the same run (``--only``, as
#: here; tests/test_pdf.py checks the page numbers of a whole build, the key's included).
POINTER = re.compile(r"\(se (?:modulet )?»[^«]+«(?:, s\.\s\d+)?\)")


def _meta_share(text: str) -> float:
    """The share of a page's characters that are the quiet lines: the items' IDs, »Tjekker:«
    and the key (to the page's footer). The key's page pointers are not counted: they are
    what issue 23 asks every pointer on paper to carry (module and page), not an ID line."""
    key = text[text.index(KEY_TITLE) :] if KEY_TITLE in text else ""
    key = key[: key.find("Udgave ")] if "Udgave " in key else key
    key = POINTER.sub("", re.sub(r"\u2010\s*", "", key.replace("\u00a0", " ")))
    meta = len(key) + sum(len(m) for m in re.findall(r"TJ_[A-Z0-9_]+|Tjekker:", text))
    return meta / len(text)


@pytest.mark.slow
@pytest.mark.parametrize("variant", ["paper", "fillable"])
def test_what_items_check_is_one_key_per_checklist(paper, variant):
    """Every checklist, the self-assessments too (issue 23), says what its items check in one
    key at its end, and on no page of it are those quiet lines more than a tenth of the text."""
    pages = _checklist_pages(paper[0] if variant == "paper" else paper[1])
    assert set(pages) == set(_checklists()), "every checklist is in the module"
    for checklist_id, found in pages.items():
        text = "".join(text for _fill, text in found)
        assert text.count(KEY_TITLE) == 1, checklist_id
        assert "Tjekker:" not in text and not re.search(r"TJ_[A-Z0-9_]+", text), checklist_id
        # The items' pages, and the checklist as a whole with its key: the page that ends
        # with the key is mostly key by design (the next-steps box and the key, the sheet's
        # last lines), so it counts in the whole, not alone.
        shares = [_meta_share(page) for _fill, page in found if KEY_TITLE not in page]
        shares.append(_meta_share(text))
        assert max(shares) <= MAX_META_SHARE, (
            f"{checklist_id}: {', '.join(f'{share:.0%}' for share in shares)}"
        )
        # an addition is a sign, explained once in the key, not a label at every item
        key = text[text.index(KEY_TITLE) :]
        # and what the items check is found on paper: its module and page
        assert POINTER.search(re.sub(r"\u2010\s*", "", key.replace("\u00a0", " "))), checklist_id
        if ADDITION_SIGN in text.replace(key, ""):
            assert key.count("Håndbogens tilføjelse") == 1, checklist_id
        assert "Håndbogens tilføjelse." not in text, f"{checklist_id}: en løs etiket"


@pytest.mark.slow
def test_no_screen_only_text_on_paper(paper):
    text = "\n".join(text for _header, _fill, text in _pages(paper[0]))
    for phrase in SCREEN_ONLY_PHRASES:
        assert phrase not in text, phrase


@pytest.mark.slow
def test_every_checklist_ends_with_the_next_steps_box_on_paper(paper):
    for checklist_id, found in _checklist_pages(paper[0]).items():
        texts = [text for _fill, text in found]
        assert NEXT_STEPS in texts[-1], f"{checklist_id}: on its last page"
        assert sum(text.count(NEXT_STEPS) for text in texts) == 1, checklist_id


@pytest.mark.slow
def test_fillable_pdf_has_a_field_per_answer_and_note(paper):
    reader = PdfReader(paper[1])
    assert "/AcroForm" in reader.trailer["/Root"]
    fields = reader.get_fields() or {}
    assert len(reader.pages) == len(PdfReader(paper[0]).pages), "the paper version's layout"
    for checklist in _checklists().values():
        for _section, item in checklist.items():
            answer = f"hc-{checklist.id}-{item.id}"
            assert fields[answer].get("/FT") == "/Btn", answer
            assert fields[f"{answer}-note"].get("/FT") == "/Tx", answer
        names = [name for name in fields if name.startswith(f"hc-{checklist.id}-naeste-")]
        assert names, f"{checklist.id}: next steps to fill in"
        assert f"{checklist.id}-enhed" in fields, "context fields of their own per checklist"


@pytest.mark.slow
def test_fillable_pdf_is_well_formed_and_every_answer_is_read_back(paper, tmp_path):
    answers = check_three_readers(paper[1], tmp_path)
    with pikepdf.open(paper[1]) as pdf:
        spoken = [str(field.get("/TU", "")) for field in pdf.Root.AcroForm.Fields]
    assert len(answers) == len(spoken), "one /AcroForm/Fields entry per field"
    assert len(set(spoken)) == len(spoken), "every field has an accessible name of its own"
    assert not [name for name in spoken if name in {"", "Note", "Ja"}]


@pytest.mark.slow
def test_pages_link_to_the_fillable_pdf_that_is_built(paper, handbook):
    linked = set()
    for page in ("tjeklister/index.html", "tjeklister/foraeldremoede.html"):
        soup = BeautifulSoup((handbook.html / page).read_text("utf-8"), "html.parser")
        for link in soup.select("a[href$='-udfyldbar.pdf']"):
            target = (handbook.html / page).parent / link["href"]
            linked.add(target.resolve())
    assert linked == {paper[1].resolve()}


# ------------------------------------------------ checklist names in the modules (fast)

#: "tjeklisten »X«", "tjeklisterne "X" og …": a checklist named in running text.
_NAMED = re.compile(r"[Tt]jeklist\w*\s+[\"»„]([^\"«“]+)[\"«“]")


def test_checklists_named_in_the_pages_carry_their_titles():
    """A module names a checklist by its title (better: links it with {doc}, which prints
    the title); "Samarbejdsrelationer" for "Kontinuerlige samarbejdsrelationer" is not found
    on the checklist's page."""
    titles = {c.title for c in _checklists().values()}
    wrong = []
    for path in sorted((REPO / "docs").rglob("*.md")):
        for number, line in enumerate(path.read_text("utf-8").splitlines(), 1):
            wrong += [
                f"{path.relative_to(REPO)}:{number}: {name}"
                for name in _NAMED.findall(line)
                if name not in titles
            ]
    assert not wrong, "\n".join(wrong)


# ------------------------------------------------ printing from the browser (browser)


@pytest.mark.browser
def test_browser_prints_the_next_steps_and_leaves_the_screen_parts_out(browser, site):  # noqa: F811
    context = browser.new_context(viewport={"width": 390, "height": 844})
    try:
        page = context.new_page()
        page.goto(f"{site}tjeklister/foraeldremoede.html", wait_until="networkidle")
        # On screen: no table that would forget what is typed into it; the fillable PDF.
        assert not page.locator(".hc-next").is_visible()
        link = page.locator(".hc-fillable a")
        assert link.is_visible()
        assert link.get_attribute("href").endswith(f"{fillable_id(MODULE)}.pdf")
        page.emulate_media(media="print")
        assert page.locator(".hc-next").is_visible()
        assert page.get_by_text(NEXT_STEPS).is_visible()
        for hidden in (".hc-fillable", "label:text-is('Runde')", ".hc-actions"):
            assert not page.locator(hidden).first.is_visible(), hidden

        page.emulate_media(media="screen")
        page.goto(f"{site}tjeklister/index.html", wait_until="networkidle")
        heading = page.get_by_role("heading", name="Gem og hent svarene som fil")
        assert heading.is_visible()
        page.emulate_media(media="print")
        assert not heading.is_visible()
    finally:
        context.close()


def test_the_key_gives_a_run_of_items_as_a_range():
    assert number_ranges([1, 2, 3, 4, 8]) == "1–4, 8"
    assert number_ranges([5, 1, 2, 7, 8, 9, 12]) == "1, 2, 5, 7–9, 12"
    assert number_ranges([3]) == "3"
