"""The fillable PDF holds in every viewer (handbog/pdf/formfix.py).

Three independent readers (tests/form_readers.py) check the form WeasyPrint writes and the
handbook repairs. The test here renders a small checklist form through the real assembly and
renderer; tests/test_pdf_paper.py fills the whole fillable module the same way.
"""

from __future__ import annotations

from pathlib import Path

import pikepdf
import pypdfium2 as pdfium
from bs4 import BeautifulSoup
from form_readers import check_three_readers
from pikepdf.form import Form, TextField

from handbog.pdf.pages import blank_form_fields
from handbog.pdf.render import render_pdf

FORM = """<!DOCTYPE html><html lang="da"><head><title>Formular</title></head><body><article>
<h1>Mødet</h1>
<form class="handbog-checklist hc-compact" data-checklist="moede" aria-label="Tjekliste: Mødet">
<div class="hc-field"><label for="hc-moede-enhed">Enhed</label>
<input type="text" name="enhed" id="hc-moede-enhed"></div>
<fieldset class="hc-section"><legend>Før mødet</legend>
<fieldset class="hc-item"><legend class="hc-text">Forældrene er inviteret i god tid.</legend>
<div class="hc-options">
<span><input type="radio" name="hc-moede-a" id="hc-moede-a-ja" value="ja">
<label for="hc-moede-a-ja">Ja</label></span>
<span><input type="radio" name="hc-moede-a" id="hc-moede-a-nej" value="nej">
<label for="hc-moede-a-nej">Nej</label></span>
<span><input type="radio" name="hc-moede-a" id="hc-moede-a-ikke-relevant"
value="ikke-relevant"><label for="hc-moede-a-ikke-relevant">Ikke relevant</label></span>
</div>
<div class="hc-note"><label for="hc-moede-a-note">Note</label>
<textarea id="hc-moede-a-note" rows="2"></textarea></div></fieldset>
<fieldset class="hc-item"><legend class="hc-text">Mødet har en dagsorden.</legend>
<div class="hc-options">
<span><input type="radio" name="hc-moede-b" id="hc-moede-b-ja" value="ja">
<label for="hc-moede-b-ja">Ja</label></span>
<span><input type="radio" name="hc-moede-b" id="hc-moede-b-nej" value="nej">
<label for="hc-moede-b-nej">Nej</label></span>
</div></fieldset>
</fieldset>
<fieldset class="hc-section"><legend>Selvvurdering</legend>
<fieldset class="hc-item"><legend class="hc-text">Rammen er kendt.</legend>
<div class="hc-options">
<span><input type="radio" name="hc-moede-c" id="hc-moede-c-0" value="0">
<label for="hc-moede-c-0">Ikke i gang</label></span>
<span><input type="radio" name="hc-moede-c" id="hc-moede-c-1" value="1">
<label for="hc-moede-c-1">Begyndt</label></span>
<span><input type="radio" name="hc-moede-c" id="hc-moede-c-2" value="2">
<label for="hc-moede-c-2">På plads</label></span>
</div></fieldset>
</fieldset></form></article></body></html>"""


def _fillable(tmp_path: Path) -> Path:
    soup = BeautifulSoup(FORM, "html.parser")
    blank_form_fields(soup, soup.article, fillable=True)
    target = tmp_path / "moede-udfyldbar.pdf"
    render_pdf(str(soup), tmp_path, target, forms=True)
    return target


def test_a_fillable_form_is_well_formed_and_read_alike_by_three_readers(tmp_path):
    blank = _fillable(tmp_path)
    answers = check_three_readers(blank, tmp_path)
    assert set(answers) == {
        "moede-enhed", "hc-moede-a", "hc-moede-a-note", "hc-moede-b", "hc-moede-c"
    }  # fmt: skip
    # the answers file's own words, not the buttons' positions
    assert answers["hc-moede-a"] == "ikke-relevant" and answers["hc-moede-b"] == "ja"
    assert answers["hc-moede-c"] == "0", "a graded scale's values are its steps"
    with pikepdf.open(blank) as pdf:
        names = {str(f.T): str(f.TU) for f in pdf.Root.AcroForm.Fields}
    assert names == {
        "moede-enhed": "Mødet: Enhed",
        "hc-moede-a": "Mødet: Forældrene er inviteret i god tid.",
        "hc-moede-a-note": "Mødet: Forældrene er inviteret i god tid. – note",
        "hc-moede-b": "Mødet: Mødet har en dagsorden.",
        "hc-moede-c": "Mødet: Rammen er kendt.",
    }


def test_the_repair_keeps_the_file_reproducible(tmp_path):
    first = _fillable(tmp_path / "a")
    second = _fillable(tmp_path / "b")
    assert first.read_bytes() == second.read_bytes()


def _ink(path: Path, rect: tuple[float, float, float, float]) -> int:
    """Dark pixels inside ``rect`` (PDF points) of page 1, as pdfium draws it with its forms."""
    document = pdfium.PdfDocument(str(path))
    try:
        document.init_forms()  # before the page is loaded, or pdfium draws no fields
        page = document[0]
        scale = 3
        image = page.render(scale=scale, may_draw_forms=True).to_pil().convert("L")
        height = page.get_height()
        x0, y0, x1, y1 = rect
        box = (
            int(x0 * scale),
            int((height - y1) * scale),
            int(x1 * scale),
            int((height - y0) * scale),
        )
        return sum(image.crop(box).histogram()[:128])
    finally:
        document.close()


def test_typed_text_shows_with_danish_letters(tmp_path):
    """What a viewer types into a text field is drawn, in black, æøå included: the field's
    font is embedded with WinAnsi encoding (WeasyPrint's is a subset without one, and its
    appearance had no opacity)."""
    blank = _fillable(tmp_path)
    typed = tmp_path / "skrevet.pdf"
    with pikepdf.open(blank) as pdf:
        field = next(f for f in pdf.Root.AcroForm.Fields if str(f.T) == "moede-enhed")
        rect = tuple(float(v) for v in field.Rect)
        assert " gs" not in str(field.DA), "no graphics state that hides the text"
        text = Form(pdf).items()
        for _name, each in text:
            if isinstance(each, TextField):
                each.value = "Børnehaven Åen, 1. sal: æøå ÆØÅ"
        # as a viewer does after a fill: it draws the appearance from /DA and /DR
        pdf.Root.AcroForm.NeedAppearances = True
        pdf.generate_appearance_streams()
        appearance = field.AP.N.read_bytes()
        pdf.save(typed)
    # the text in WinAnsi, as qpdf writes it (a hex string): not »???«
    assert bytes("æøå ÆØÅ", "cp1252").hex() in appearance.decode("latin-1").lower()
    left, bottom, right, top = (
        min(rect[0], rect[2]),
        min(rect[1], rect[3]),
        max(rect[0], rect[2]),
        max(rect[1], rect[3]),
    )
    assert _ink(blank, (left, bottom, right, top)) == 0, "the blank field is empty"
    assert _ink(typed, (left, bottom, right, top)) > 100, "the typed text is drawn"
