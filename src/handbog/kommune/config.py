"""``kommune.toml``: what a municipal edition says about itself, read and checked once.

The file's shape is ``schemas/kommune.schema.json``; the checks that a schema cannot express
(the colours' contrast, that the logo exists) are here. Every problem is a
:class:`~handbog.data.core.Problem` naming the file and the line of the key to fix, in Danish.
"""

from __future__ import annotations

import json
import re
import tomllib
from dataclasses import dataclass
from datetime import date
from importlib import resources
from pathlib import Path
from typing import Any

import jsonschema

from handbog.data.core import Problem, did_you_mean
from handbog.model import toml_error

FILE_NAME = "kommune.toml"

#: The backgrounds the colours are read against: furo's light and dark page backgrounds.
LIGHT_BACKGROUND = "#ffffff"
DARK_BACKGROUND = "#131416"
#: WCAG 2.1, 1.4.3: normal text needs a contrast of at least 4.5:1 against its background.
MIN_CONTRAST = 4.5


@dataclass(frozen=True)
class LeftOut:
    """A core practice the edition leaves out, and why."""

    need_id: str
    reason: str
    line: int


@dataclass(frozen=True)
class LocalItem:
    """A local checklist item (``[[tjekpunkt]]``): added to a section of a core checklist.

    ``lines`` is the line of each key in kommune.toml, for the messages."""

    need_id: str
    checklist: str
    section: str
    text: str
    help: str
    checks: tuple[str, ...]
    lines: dict[str, int]


@dataclass(frozen=True)
class Edition:
    """A municipal edition: its folder and what ``kommune.toml`` says."""

    folder: Path
    name: str
    genitive: str
    code: str
    contact: str
    accessibility_contact: str
    logo: Path | None = None
    address: str = ""
    issues: str = ""
    colour: str = ""
    colour_dark: str = ""
    left_out: tuple[LeftOut, ...] = ()
    items: tuple[LocalItem, ...] = ()

    @property
    def marker(self) -> str:
        """»Lokalt i Eksempel Kommune«: the word every local box and item carries."""
        return f"Lokalt i {self.name}"

    @property
    def file(self) -> Path:
        return self.folder / FILE_NAME

    @property
    def id_prefix(self) -> str:
        """What every local need's ID begins with: ``LO_EKSEMPEL_``."""
        return f"LO_{self.code}_"

    def identity(self, core_edition: str) -> str:
        return identity(self.genitive, core_edition)

    def as_config(self) -> dict[str, Any]:
        """The edition as Sphinx's config value ``handbog_kommune`` (plain, picklable data)."""
        return {
            "navn": self.name,
            "genitiv": self.genitive,
            "kode": self.code,
            "kontakt": self.contact,
            "tilgaengelighed_kontakt": self.accessibility_contact,
            "adresse": self.address,
            "issues": self.issues,
            "fil": str(self.file),
            "udeladt": {o.need_id: o.reason for o in self.left_out},
        }


def identity(genitive: str, core_edition: str) -> str:
    """»Eksempel Kommunes udgave · baseret på Praksishåndbogen, udgave 2026.1«: every page's
    line, the terminal's after a build."""
    core = f"udgave {core_edition}" if core_edition else "arbejdsudgave"
    return f"{genitive} udgave · baseret på Praksishåndbogen, {core}"


def dated_identity(
    genitive: str, edition: str, date: str, core_edition: str, core_date: str
) -> str:
    """»Eksempel Kommunes udgave 1 (december 2026) · baseret på Praksishåndbogen, udgave 2026.1
    (december 2026)«: the line at the top of every page, with both editions' numbers and
    dates, as the PDF covers and colophons give them (each edition's CHANGELOG)."""
    own = f"{genitive} udgave" + (f" {edition}" if edition else "") + (f" ({date})" if date else "")
    core = f"udgave {core_edition}" if core_edition else "arbejdsudgave"
    core += f" ({core_date})" if core_date else ""
    return f"{own} · baseret på Praksishåndbogen, {core}"


MONTHS = ("januar", "februar", "marts", "april", "maj", "juni", "juli", "august",
          "september", "oktober", "november", "december")  # fmt: skip


def month_year(day: date) -> str:
    """ "december 2026": an edition's date as the core's CHANGELOG writes it."""
    return f"{MONTHS[day.month - 1]} {day.year}"


def genitive(name: str) -> str:
    """Danish genitive: »Eksempel Kommune« → »Eksempel Kommunes«; a name ending in s, x or z
    takes an apostrophe (»Eksempelhus'«). ``genitiv`` in kommune.toml overrides it."""
    return f"{name}'" if name[-1:].lower() in {"s", "x", "z"} else f"{name}s"


def _luminance(colour: str) -> float:
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(foreground: str, background: str) -> float:
    """The WCAG contrast ratio of two ``#rrggbb`` colours (1 to 21)."""
    light, dark = sorted((_luminance(foreground), _luminance(background)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def _schema() -> dict[str, Any]:
    text = resources.files("handbog").joinpath("schemas/kommune.schema.json").read_text("utf-8")
    result: dict[str, Any] = json.loads(text)
    return result


def _key_line(lines: list[str], path: tuple[Any, ...]) -> int:
    """The line of the key ``path`` names (``("kommune", "farve")``, ``("udeladt", 0, "id")``),
    found in the text: tomllib keeps no positions. 1 when the key is not written at all."""
    table, line, count = "", 1, -1
    wanted_table = str(path[0]) if path else ""
    index = next((p for p in path[1:] if isinstance(p, int)), None)
    key = next((p for p in reversed(path[1:]) if isinstance(p, str)), None)
    for number, text in enumerate(lines, 1):
        stripped = text.strip()
        if header := re.match(r"^\[\[?\s*([\w.]+)\s*\]\]?", stripped):
            table = header[1]
            if table == wanted_table:
                count += stripped.startswith("[[")
                if index is None or count == index:
                    line = number
            continue
        if table != wanted_table or (index is not None and count != index):
            continue
        if key and re.match(rf"^{re.escape(key)}\s*=", stripped):
            return number
    return line


def _schema_problem(path: Path, lines: list[str], error: jsonschema.ValidationError) -> Problem:
    where = tuple(error.absolute_path)
    line = _key_line(lines, where)
    name = ".".join(str(p) for p in where) or "filen"
    schema = error.schema if isinstance(error.schema, dict) else {}
    if error.validator == "additionalProperties":
        allowed = list(schema.get("properties", {}))
        unknown = re.findall(r"'([^']+)'", error.message)
        wrong = next((u for u in unknown if u not in allowed), unknown[0] if unknown else "")
        line = _key_line(lines, (*where, wrong)) if where else _key_line(lines, (wrong,))
        hint = did_you_mean(wrong, allowed)
        return Problem(
            path,
            line,
            0,
            f"{wrong!r} kendes ikke her.{hint} Tilladt: {', '.join(allowed)}.",
        )
    if error.validator == "required":
        missing = re.findall(r"'([^']+)'", error.message)[:1]
        what = missing[0] if missing else "et felt"
        described = schema.get("properties", {}).get(what, {}).get("description", "")
        return Problem(
            path, line, 0, f'[{name}] mangler {what!r}. {described} Tilføj linjen {what} = "…".'
        )
    described = schema.get("description", "")
    if error.validator == "pattern" and where and where[-1] in {"farve", "farve_moerk"}:
        fix = 'Skriv farven som #rrggbb, fx farve = "#1f5f8b".'
    elif error.validator == "pattern" and where and where[-1] in {"adresse", "issues"}:
        fix = "Skriv hele adressen med https:// foran og / efter værten."
    elif error.validator == "pattern" and where and where[-1] == "kode":
        fix = 'Brug store bogstaver og tal uden æ, ø og å, fx kode = "HERNING".'
    elif error.validator == "type":
        fix = "Sæt værdien i anførselstegn."
    else:
        fix = "Ret værdien."
    return Problem(path, line, 0, f"{name} = {error.instance!r} kan ikke bruges. {described} {fix}")


def read(folder: Path) -> tuple[Edition | None, list[Problem]]:
    """The edition in ``folder`` and every problem of its ``kommune.toml`` (none: it is fine)."""
    path = folder / FILE_NAME
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return None, [
            Problem(
                path,
                0,
                0,
                f"{folder} er ikke en kommuneudgave: mappen har ingen {FILE_NAME}. Kør "
                'kommandoen i udgavens mappe, eller lav en ny med handbog kommune ny "Navn".',
            )
        ]
    try:
        text = raw.decode("utf-8")
        data = tomllib.loads(text)
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        return None, [Problem(path, line, 0, "filen er ikke gemt som UTF-8. Gem den som UTF-8.")]
    except tomllib.TOMLDecodeError as exc:
        line, message = toml_error(exc)
        return None, [Problem(path, line, 0, f"{FILE_NAME} kan ikke læses: {message}.")]
    lines = text.splitlines()
    validator = jsonschema.Draft202012Validator(_schema())
    errors = sorted(validator.iter_errors(data), key=lambda e: list(map(str, e.absolute_path)))
    if errors:
        return None, [_schema_problem(path, lines, e) for e in errors]
    town = data["kommune"]
    problems: list[Problem] = []
    logo = None
    if town.get("logo"):
        logo = (folder / town["logo"]).resolve()
        if not logo.is_file():
            problems.append(
                Problem(
                    path,
                    _key_line(lines, ("kommune", "logo")),
                    0,
                    f"logoet {town['logo']!r} findes ikke ved siden af {FILE_NAME}. Læg filen "
                    "dér, eller ret navnet.",
                )
            )
    for key, background, theme in (
        ("farve", LIGHT_BACKGROUND, "lyst"),
        ("farve_moerk", DARK_BACKGROUND, "mørkt"),
    ):
        colour = town.get(key)
        if colour and (ratio := contrast(colour, background)) < MIN_CONTRAST:
            problems.append(
                Problem(
                    path,
                    _key_line(lines, ("kommune", key)),
                    0,
                    f"{key} = {colour!r} er for svag at læse i {theme} tema: kontrasten mod "
                    f"baggrunden ({background}) er {ratio:.1f}:1, og links og overskrifter skal "
                    f"have mindst {MIN_CONTRAST}:1 (WCAG 1.4.3). Vælg en "
                    f"{'mørkere' if theme == 'lyst' else 'lysere'} farve.",
                )
            )
    left_out = []
    seen: set[str] = set()
    for index, entry in enumerate(data.get("udeladt", [])):
        line = _key_line(lines, ("udeladt", index, "id"))
        if entry["id"] in seen:
            problems.append(
                Problem(path, line, 0, f"{entry['id']} er udeladt to gange. Slet den ene.")
            )
        seen.add(entry["id"])
        left_out.append(LeftOut(entry["id"], entry["begrundelse"].strip(), line))
    items: list[LocalItem] = []
    for index, entry in enumerate(data.get("tjekpunkt", [])):
        keys = ("id", "tjekliste", "afsnit", "tjekker")
        where = {key: _key_line(lines, ("tjekpunkt", index, key)) for key in keys}
        if entry["id"] in {i.need_id for i in items}:
            problems.append(
                Problem(
                    path, where["id"], 0, f"{entry['id']} står to gange. Giv det ene et nyt ID."
                )
            )
        items.append(
            LocalItem(
                need_id=entry["id"],
                checklist=entry["tjekliste"],
                section=entry["afsnit"],
                text=" ".join(entry["tekst"].split()),
                help=" ".join(entry.get("hjaelp", "").split()),
                checks=tuple(entry["tjekker"]),
                lines=where,
            )
        )
    if problems:
        return None, problems
    return (
        Edition(
            folder=folder.resolve(),
            name=town["navn"].strip(),
            genitive=town.get("genitiv", "").strip() or genitive(town["navn"].strip()),
            code=town["kode"],
            contact=town["kontakt"].strip(),
            accessibility_contact=town["tilgaengelighed_kontakt"].strip(),
            logo=logo,
            address=town.get("adresse", ""),
            issues=town.get("issues", ""),
            colour=town.get("farve", ""),
            colour_dark=town.get("farve_moerk", ""),
            left_out=tuple(left_out),
            items=tuple(items),
        ),
        [],
    )
