"""Three independent readers of a PDF form, for the tests of the fillable PDF.

qpdf's checks as pikepdf runs them (they walk ``/AcroForm``, which ``qpdf --check`` does not),
pypdf, and pdf.js, the viewer in Firefox, run in Node.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pikepdf
import pytest
from pikepdf.form import Form, RadioButtonGroup, TextField
from pypdf import PdfReader, PdfWriter

REPO = Path(__file__).resolve().parents[1]
#: pdf.js for Node, installed by npm below build/ (ignored by git) the first time it is needed.
#: 3.11 is the last release for Node 18 (Debian 12's); 4 needs Node 20 and 5 Node 22.
PDFJS = "pdfjs-dist@3.11.174"
TOOLS = REPO / "build" / "test-tools" / "pdfjs"


def _pypdf_round_trip(source: Path, target: Path) -> dict[str, str]:
    """pypdf sets an answer in every field and reads each back: {name: what it read}."""
    writer = PdfWriter(clone_from=PdfReader(source))
    answers: dict[str, str] = {}
    for name, field in (writer.get_fields() or {}).items():
        if field.get("/FT") == "/Btn":
            answers[name] = [s for s in field.get("/_States_", []) if s != "/Off"][0]
        else:
            answers[name] = f"Notat til {name}"
    for page in writer.pages:
        if page.get("/Annots"):
            writer.update_page_form_field_values(page, answers, auto_regenerate=False)
    writer.write(target)
    read = PdfReader(target).get_fields() or {}
    assert {n: str(read[n].get("/V")) for n in answers} == answers, "pypdf reads every answer"
    return answers


def _pikepdf_fill(source: Path, target: Path) -> dict[str, str]:
    """Fill every field the way the PDF standard says (a button's value is a name), with
    pikepdf's form API: the first option of each group by name, a text in each text field."""
    answers: dict[str, str] = {}
    with pikepdf.open(source) as pdf:
        for name, field in Form(pdf).items():
            if isinstance(field, RadioButtonGroup):
                # sorted: pikepdf does not keep the buttons' order
                chosen = sorted(field.states, key=str)[0]
                field.value = chosen
                answers[name] = str(chosen).lstrip("/")
            elif isinstance(field, TextField):
                field.value = answers[name] = f"Svar i {name} æøå"
        pdf.save(target)
    return answers


def _pdfjs_values(path: Path) -> dict[str, str]:
    node, npm = shutil.which("node"), shutil.which("npm")
    if node is None or npm is None:
        pytest.fail("Node.js and npm are missing: install them as README says (nodejs npm)")
    if not (TOOLS / "node_modules" / "pdfjs-dist").is_dir():
        TOOLS.mkdir(parents=True, exist_ok=True)
        quiet = ("--silent", "--no-audit", "--no-fund")
        subprocess.run([npm, "install", *quiet, "-E", "--prefix", str(TOOLS), PDFJS], check=True)
    script = TOOLS / "fields.mjs"
    shutil.copyfile(REPO / "tests" / "pdfjs_fields.mjs", script)
    out = subprocess.run(
        [node, str(script), str(path)], check=True, capture_output=True, text=True,
        env={**os.environ, "NODE_PATH": str(TOOLS / "node_modules")},
    )  # fmt: skip
    # pdf.js warns on standard output that it cannot draw without the canvas package (it is
    # not drawing here); the values are the last line.
    return dict(json.loads(out.stdout.strip().splitlines()[-1]))


def check_three_readers(blank: Path, folder: Path) -> dict[str, str]:
    """qpdf finds no fault; pypdf sets and reads back every field; after a fill, pdf.js and
    pypdf read every value. Returns the answers of that fill, by field name."""
    with pikepdf.open(blank) as pdf:
        assert pdf.check_pdf_syntax() == [], "qpdf finds no fault in the form"
        fields = pdf.Root.AcroForm.Fields
        assert all("/Parent" not in field for field in fields), "one entry per field"
        assert not pdf.Root.AcroForm.get("/NeedAppearances"), "appearances are in the file"
        for field in fields:
            for widget in field.get("/Kids", [field]):
                assert "/AP" in widget, f"{field.T}: no appearance stream"
    _pypdf_round_trip(blank, folder / "pypdf.pdf")
    filled = folder / "udfyldt.pdf"
    answers = _pikepdf_fill(blank, filled)
    assert _pdfjs_values(filled) == answers, "pdf.js reads every answer"
    read = PdfReader(filled).get_fields() or {}
    assert {n: str(read[n].get("/V")).lstrip("/") for n in answers} == answers
    return answers
