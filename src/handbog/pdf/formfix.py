"""Make the fillable PDF's form hold in every viewer: one field per question, names, appearances.

WeasyPrint 70 writes a radio group as a parent field whose buttons are its kids, but it also
gives each button a name of its own and lists it again at the top of ``/AcroForm/Fields``.
The same button is then both a field and a kid: qpdf reports a loop for each, and a value set
by pypdf is lost on reading back. Its text fields carry no appearance stream (only
``NeedAppearances``), so viewers that draw appearances themselves, such as poppler, show
nothing that was typed. And a radio group's accessible name is its first option's label
("Ja"), not the question. WeasyPrint cannot be told otherwise (``pdf/anchors.py`` builds the
dictionaries directly), so the written file is repaired here with pikepdf (qpdf), a
well-kept library, rather than by rewriting PDF objects by hand:

- ``/AcroForm/Fields`` lists only fields that have no parent;
- a radio button inherits the group's name, type and flags instead of repeating them, and
  its »on« state is named by its value (``/ja``), so a filled form reads as the answers do;
- every field gets the accessible name (``/TU``) the page assembly chose for it
  (``data-pdf-navn``, see :func:`handbog.pdf.pages.name_form_fields`);
- qpdf generates the appearance streams, so no viewer depends on ``NeedAppearances``.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import pikepdf
from bs4 import BeautifulSoup

#: The attribute with which the page assembly gives a form field its accessible name.
NAME_ATTRIBUTE = "data-pdf-navn"

#: What a radio button inherits from its group and must not repeat (ISO 32000-1, 12.7.3.1).
_INHERITED = ("/T", "/TU", "/FT", "/Ff", "/V", "/Opt")


def accessible_names(document: str) -> dict[str, str]:
    """Field name → accessible name, from the assembled module's HTML."""
    soup = BeautifulSoup(document, "html.parser")
    names: dict[str, str] = {}
    for field in soup.select(f"[{NAME_ATTRIBUTE}][name]"):
        names.setdefault(str(field["name"]), str(field[NAME_ATTRIBUTE]))
    return names


def _name_states_by_value(group: pikepdf.Object) -> None:
    """Name each radio button's »on« state after its value (``/ja``), not its position.

    WeasyPrint names the states ``/0``, ``/1`` … and keeps the values in ``/Opt``. A filled
    PDF then reads »/2« for an answer; named by value it reads »/ja«, the answers file's own
    word, in every reader.
    """
    options = group.get("/Opt")
    if options is None or "/Kids" not in group:
        return
    renamed: dict[str, str] = {}
    for position, kid in enumerate(group.Kids):
        value = pikepdf.Name("/" + str(options[position]))
        if str(value) == f"/{position}":
            continue  # a graded scale's values are its positions: 0, 1, 2, 3
        streams = kid.get("/AP")
        for state in ("/N", "/D"):
            appearances = streams.get(state) if streams is not None else None
            if appearances is not None and f"/{position}" in appearances:
                appearances[value] = appearances[f"/{position}"]
                del appearances[f"/{position}"]
        renamed[f"/{position}"] = str(value)
        if str(kid.get("/AS", "/Off")) == f"/{position}":
            kid.AS = value
    if str(group.get("/V", "/Off")) in renamed:
        group.V = pikepdf.Name(renamed[str(group.V)])
    del group["/Opt"]


def repair(path: Path, names: Mapping[str, str]) -> None:
    """Rewrite ``path`` in place with a well-formed form (see the module's docstring)."""
    with pikepdf.open(path, allow_overwriting_input=True) as pdf:
        form = pdf.Root.get("/AcroForm")
        if form is None:
            return
        top = [field for field in form.Fields if "/Parent" not in field]
        for field in top:
            _name_states_by_value(field)
            for kid in field.get("/Kids", []):
                for key in _INHERITED:
                    if key in kid:
                        del kid[key]
            name = str(field.get("/T", ""))
            if name in names:
                field.TU = pikepdf.String(names[name])
        form.Fields = pikepdf.Array(top)
        pdf.generate_appearance_streams()
        # The appearances are in the file now; a viewer need not make its own.
        form.NeedAppearances = False
        # deterministic_id: the file's /ID comes from its content, so a rebuild is identical.
        pdf.save(path, deterministic_id=True)
