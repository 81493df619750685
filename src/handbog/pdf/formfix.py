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
- a text field's text is set in DejaVu Sans (the modules' sans-serif), embedded as a simple
  font with WinAnsi encoding, in black: WeasyPrint's ``/DA`` names the page's subset font,
  which holds only the glyphs already printed and no encoding a form filler can use (qpdf
  wrote »æøå« as »???«), and a graphics state with no opacity, so typed text was invisible;
- qpdf generates the appearance streams, so no viewer depends on ``NeedAppearances``.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator, Mapping
from pathlib import Path

import pikepdf
from bs4 import BeautifulSoup
from fontTools import subset
from fontTools.ttLib import TTFont

from .errors import PdfBuildError

#: The attribute with which the page assembly gives a form field its accessible name.
NAME_ATTRIBUTE = "data-pdf-navn"

#: The font of what is typed into a text field, as fonts-dejavu-core installs it (README).
FIELD_FONT_FILE = "DejaVuSans.ttf"
FONT_FOLDERS = ("/usr/share/fonts", "/usr/local/share/fonts", "~/.local/share/fonts")
#: Its name in the form's resources; a subset's name starts with six capitals (ISO 32000-1, 9.6.4).
_FONT_KEY = "/HbFelt"
_BASE_FONT = "/HBFELT+DejaVuSans"
#: The codes of WinAnsiEncoding: what a viewer can put into a simple font's text string.
_WIN_ANSI = range(32, 256)

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


def _font_file() -> Path:
    for folder in FONT_FOLDERS:
        found = sorted(Path(folder).expanduser().rglob(FIELD_FONT_FILE))
        if found:
            return found[0]
    raise PdfBuildError(
        f"Skriften {FIELD_FONT_FILE} findes ikke, så den udfyldbare PDF kan ikke vise det, "
        "man skriver i felterne. Installér fonts-dejavu-core (se README.md)."
    )


def _win_ansi() -> Iterator[tuple[int, str]]:
    for code in _WIN_ANSI:
        try:
            yield code, bytes([code]).decode("cp1252")
        except UnicodeDecodeError:
            continue  # the five codes WinAnsi leaves undefined


def _field_font(pdf: pikepdf.Pdf) -> pikepdf.Object:
    """DejaVu Sans as an embedded TrueType font with WinAnsi encoding, cut down to those
    characters (about 40 KB instead of 700 KB)."""
    # recalcTimestamp=False: the font keeps its own date, so a rebuild writes the same bytes
    font = TTFont(_font_file(), recalcTimestamp=False)
    options = subset.Options()
    options.hinting = False
    options.notdef_outline = True
    # FontForge's timestamp table: not needed, and fontTools warns that it cannot cut it
    options.drop_tables += ["FFTM"]
    cutter = subset.Subsetter(options)
    cutter.populate(unicodes=[ord(char) for _code, char in _win_ansi()])
    cutter.subset(font)
    data = io.BytesIO()
    font.save(data)
    scale = 1000 / font["head"].unitsPerEm
    cmap = font.getBestCmap()
    metrics = font["hmtx"].metrics
    widths = [0] * len(_WIN_ANSI)
    for code, char in _win_ansi():
        glyph = cmap.get(ord(char))
        widths[code - _WIN_ANSI.start] = round(metrics[glyph][0] * scale) if glyph else 0
    head, hhea, os2 = font["head"], font["hhea"], font["OS/2"]
    box = [round(v * scale) for v in (head.xMin, head.yMin, head.xMax, head.yMax)]
    program = pikepdf.Stream(pdf, data.getvalue())
    program.Length1 = len(data.getvalue())
    descriptor = pikepdf.Dictionary(
        Type=pikepdf.Name.FontDescriptor,
        FontName=pikepdf.Name(_BASE_FONT),
        Flags=32,  # nonsymbolic: the encoding's characters
        FontBBox=box,
        ItalicAngle=0,
        Ascent=round(hhea.ascent * scale),
        Descent=round(hhea.descent * scale),
        CapHeight=round(getattr(os2, "sCapHeight", hhea.ascent) * scale),  # OS/2 v1 has none
        StemV=80,
        FontFile2=program,
    )
    return pdf.make_indirect(
        pikepdf.Dictionary(
            Type=pikepdf.Name.Font,
            Subtype=pikepdf.Name.TrueType,
            BaseFont=pikepdf.Name(_BASE_FONT),
            FirstChar=_WIN_ANSI.start,
            LastChar=_WIN_ANSI.stop - 1,
            Widths=widths,
            Encoding=pikepdf.Name.WinAnsiEncoding,
            FontDescriptor=pdf.make_indirect(descriptor),
        )
    )


def _use_field_font(form: pikepdf.Object, font: pikepdf.Object) -> None:
    """Every text field sets its text in ``font``, at the size WeasyPrint chose."""
    resources = form.get("/DR")
    if resources is None:
        form.DR = resources = pikepdf.Dictionary()
    if "/Font" not in resources:
        resources.Font = pikepdf.Dictionary()
    resources.Font[_FONT_KEY] = font
    for field in form.Fields:
        if field.get("/FT") == "/Tx" and "/DA" in field:
            # Only the size is kept: WeasyPrint's DA also sets a graphics state with a fill
            # opacity of 0 (the field's CSS colour), which made typed text invisible.
            size = re.search(r"([\d.]+)\s+Tf", str(field.DA))
            field.DA = pikepdf.String(f"0 g {_FONT_KEY} {size[1] if size else '9'} Tf")


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
        if any(field.get("/FT") == "/Tx" for field in top):
            _use_field_font(form, _field_font(pdf))
        pdf.generate_appearance_streams()
        # The appearances are in the file now; a viewer need not make its own.
        form.NeedAppearances = False
        # deterministic_id: the file's /ID comes from its content, so a rebuild is identical.
        pdf.save(path, deterministic_id=True)
