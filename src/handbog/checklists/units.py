"""The optional units file of the overview of many answers files (``enheder.yaml``).

A coordinator lists the municipality's units once: each unit's name as the overview shows it,
its kind (the schema's ``type``: skole and dagtilbud, the two arenas of almenområdet in the
glossary, or andet) and the other ways its name is written in answers files. With the file,
``handbog tjekliste samlet --enheder`` counts a file written »Nordskolen, indskolingen« under
»Nordskolen« and says so, leaves out (and names) a file whose unit is not in the list rather
than counting it as a new unit, shows each unit's kind, can count one kind only (``--type``)
and can show a goal per section (``maal``).

The file is checked against ``schemas/enheder.schema.json`` (the one place that names the
kinds) with the data files' Danish messages (:mod:`handbog.data.core`), then by the rules a
schema cannot say: a name or spelling given to two units, a goal outside the checklist's scale
or for a section the checklist does not have. Every problem names the file, the line and the
fix. Unlike the handbook's own data files, a coordinator's file need not point to the schema
on its first line.

The overview page reads the same file in the browser (``static/checklist/overblik.js``): the
form the handbook shows, read as YAML reads it, with this module's kinds, rules and messages
from the checklist contract (:func:`contract_part`); another form of YAML is named with its
line there, and the command line reads it. ``tests/test_overview_units_browser.py`` holds
the two to the same overview and messages.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path
from typing import Any

from jsonschema import ValidationError

from handbog.data.core import (
    DataFormat,
    Part,
    Problem,
    display_path,
    key_position,
    position,
    read_yaml_fields,
    schema_problems,
)

from .errors import UnitsError
from .model import Checklist
from .scoring import number
from .scoring import top as scale_top

DATA_FORMAT = DataFormat(
    "enheder.schema.json",
    fields="'enheder:' med en liste af enheder",
    when_empty="Skriv 'enheder:' og under den hver enhed som '- navn: …' og '  type: skole'.",
    parts={"enheder": Part("enhed", "navn"), "stavemaader": Part("stavemåde")},
)
#: The default name of the file, as the page and the command line's help call it.
FILE_NAME = "enheder.yaml"

#: The messages of the units file and of what it changes in the overview (the page gets them
#: through the checklist contract).
MESSAGES: dict[str, str] = {
    "twice": "'{name}' står både under enheden '{first}' (linje {line}) og under '{unit}'. "
    "Et navn eller en stavemåde må kun høre til én enhed: slet den ene.",
    "mapped": "»{written}« er talt med under »{unit}« ({file}).",
    "not_listed": "enheden '{unit}' står ikke i {file}, så filen er ikke talt med.{hint} Er "
    "det en enhed, så tilføj den i {file} (eller tilføj '{unit}' som stavemåde under den "
    "enhed, den hører til); ellers ret enheden i svarfilen.",
    "goal_checklist": "mål: der er ingen tjekliste med id '{checklist}'.{hint} Skriv målene "
    "under tjeklistens id: {known}.",
    "goal_section": "mål: tjeklisten '{checklist}' har intet afsnit '{section}'.{hint} "
    "Afsnittene er: {sections}.",
    "goal_range": "mål: {value} for afsnittet '{section}' ligger uden for tjeklistens skala, "
    "som går fra 0 til {top}. Skriv et tal mellem 0 og {top}, fx {example}.",
    "kind_without_file": "--type kræver en fil med enhederne og deres type: tilføj fx "
    "'--enheder enheder.yaml'.",
    "unknown_kind": "typen '{kind}' findes ikke.{hint} Vælg en af: {kinds}.",
    "file_kind": "enheden '{unit}' har typen '{kind}', som ikke findes.{hint} Vælg en af: {kinds}.",
    "hint": " Mente du '{kind}'?",
    "hint_unit": " Mente du '{unit}'?",
    "page_form": "denne form for YAML kan siden ikke læse ({what}). Skriv hver "
    "værdi på én linje som i eksemplet på siden, eller lav overblikket på kommandolinjen med "
    "'handbog tjekliste samlet --enheder'.",
    "page_top": "filen skal begynde med 'enheder:' og under den en liste af "
    "enheder, hver med '- navn: …' og '  type: …'.",
    "page_unknown": "ukendt felt '{key}'. Tilladte felter her: {allowed}.",
    "page_value": "{what} skal være {wanted}.",
    "page_problems": "Enhedsfilen {file} har fejl, så der er intet overblik. Ret filen, og vælg "
    "den igen:",
    "page_line": "linje {line}: {message}",
    "page_kind_without_file": "Vælg også en fil med enhederne: det er den, der siger, hvilken "
    "type hver enhed er. Eller vælg »alle typer«.",
}


#: A kind typed with the same first letters as one the schema names is taken for a typo of it
#: (»skoel«, »Dagtilbd«): the rule of the »Mente du« hint, which the page follows too.
KIND_PREFIX = 3


def kind_hint(kind: str) -> str:
    start = kind.strip().lower()[:KIND_PREFIX]
    close = [k for k in kinds() if start and k.startswith(start)]
    return MESSAGES["hint"].format(kind=close[0]) if close else ""


def kinds() -> list[str]:
    """The kinds a unit can have, as the schema lists them."""
    schema = DATA_FORMAT.schema()
    return [str(k) for k in schema["properties"]["enheder"]["items"]["properties"]["type"]["enum"]]


def spelling_key(name: str) -> str:
    """How a written name is matched with the list: case and spaces do not count."""
    return " ".join(name.lower().split())


@dataclass(frozen=True)
class Unit:
    name: str
    kind: str
    spellings: tuple[str, ...] = ()


@dataclass(frozen=True)
class UnitList:
    path: Path
    units: tuple[Unit, ...]
    #: checklist id → section id → the goal, its line and how it is written
    goals: Mapping[str, Mapping[str, tuple[Fraction, int, str]]] = field(default_factory=dict)
    #: checklist id → the line it stands on under maal
    goal_lines: Mapping[str, int] = field(default_factory=dict)

    @property
    def label(self) -> str:
        return display_path(self.path)

    def find(self, written: str) -> Unit | None:
        wanted = spelling_key(written)
        for unit in self.units:
            if wanted in {spelling_key(n) for n in (unit.name, *unit.spellings)}:
                return unit
        return None

    def kind_of(self, name: str) -> str:
        unit = self.find(name)
        return unit.kind if unit else ""

    def names(self) -> list[str]:
        return [u.name for u in self.units]

    def section_goals(self, checklist: Checklist) -> dict[str, Fraction]:
        """The goals for this checklist's sections (checked by :func:`check_goals`)."""
        return {s: g[0] for s, g in self.goals.get(checklist.id, {}).items()}


def message(key: str, **values: object) -> str:
    return MESSAGES[key].format(**values)


def read_units(path: Path | str) -> UnitList:
    """Read and check a units file; raise :class:`UnitsError` with every problem found."""
    path = Path(path)
    data, problems = read_yaml_fields(path, DATA_FORMAT)
    if data is None:
        raise UnitsError(problems)
    problems = schema_problems(path, data, DATA_FORMAT, lambda e: _kind_problem(path, data, e))
    if problems:
        raise UnitsError(problems)
    units = []
    seen: dict[str, tuple[str, int]] = {}
    for n, raw in enumerate(data["enheder"]):
        name = " ".join(str(raw["navn"]).split())
        spellings = tuple(str(s) for s in raw.get("stavemaader", []))
        places: list[tuple[str, list[str | int]]] = [(name, ["enheder", n, "navn"])]
        places += [(s, ["enheder", n, "stavemaader", k]) for k, s in enumerate(spellings)]
        for written, where in places:
            line, column = position(data, where)
            first = seen.get(spelling_key(written))
            if first is not None:
                problems.append(
                    Problem(
                        path,
                        line,
                        column,
                        message("twice", name=written, first=first[0], line=first[1], unit=name),
                    )
                )
            else:
                seen[spelling_key(written)] = (name, line)
        units.append(Unit(name, str(raw["type"]), spellings))
    goals: dict[str, dict[str, tuple[Fraction, int, str]]] = {}
    goal_lines: dict[str, int] = {}
    for checklist_id, sections in data.get("maal", {}).items():
        goal_lines[str(checklist_id)] = key_position(data, ["maal"], checklist_id)[0]
        for section_id, value in sections.items():
            line, _column = key_position(data, ["maal", checklist_id], section_id)
            # the number as written (2.5 is 5/2 exactly, not the float's binary fraction)
            goals.setdefault(str(checklist_id), {})[str(section_id)] = (
                Fraction(str(value)),
                line,
                str(value),
            )
    if problems:
        raise UnitsError(problems)
    return UnitList(path, tuple(units), goals, goal_lines)


def _kind_problem(path: Path, data: Any, error: ValidationError) -> list[Problem] | None:
    """A kind the schema does not name, told as the page tells it (with the same hint)."""
    where = list(error.absolute_path)
    if error.validator != "enum" or where[-1:] != ["type"]:
        return None
    index = int(where[1])
    unit = data["enheder"][index].get("navn", f"nr. {index + 1}")
    kind = str(error.instance)
    text = message(
        "file_kind", unit=unit, kind=kind, hint=kind_hint(kind), kinds=", ".join(kinds())
    )
    return [Problem(path, *position(data, where), text)]


def check_goals(
    units: UnitList, checklist: Checklist, known: list[str], near: Callable[[str, str], bool]
) -> None:
    """Raise :class:`UnitsError` for goals of a checklist that does not exist (``known``: the
    ids there are), of a section the checklist does not have, or off its scale (0 to the top
    of the scale, as the levels are). The »Mente du« hint is the first id ``near`` the one
    written (the overview's near-match rule, which the page has too)."""

    def hint(written: str, options: list[str]) -> str:
        close = [o for o in options if near(written, o)]
        return MESSAGES["hint_unit"].format(unit=close[0]) if close else ""

    problems = []
    for checklist_id in units.goals:
        if checklist_id not in known:
            line = units.goal_lines[checklist_id]
            text = message(
                "goal_checklist",
                checklist=checklist_id,
                hint=hint(checklist_id, known),
                known=", ".join(known),
            )
            problems.append(Problem(units.path, line, 0, text))
    top = scale_top(checklist)
    ids = [s.id for s in checklist.sections]
    for section_id, (value, line, written) in units.goals.get(checklist.id, {}).items():
        if section_id not in ids:
            text = message(
                "goal_section",
                checklist=checklist.id,
                section=section_id,
                hint=hint(section_id, ids),
                sections=", ".join(ids),
            )
            problems.append(Problem(units.path, line, 0, text))
        elif not 0 <= value <= top:
            example = number(Fraction(top, 2)).replace(",", ".")
            text = message(
                "goal_range", value=written, section=section_id, top=top, example=example
            )
            problems.append(Problem(units.path, line, 0, text))
    if problems:
        raise UnitsError(problems)


def kind_problem(kind: str, units: UnitList | None) -> str | None:
    """The message for --type without a units file or with a kind the schema does not name."""
    if units is None:
        return message("kind_without_file")
    if kind not in kinds():
        return message("unknown_kind", kind=kind, hint=kind_hint(kind), kinds=", ".join(kinds()))
    return None


def contract_part() -> dict[str, Any]:
    """What the page needs of this module: the kinds and the messages."""
    return {
        "kinds": kinds(),
        "kind_prefix": KIND_PREFIX,
        "messages": dict(MESSAGES),
        "file_name": FILE_NAME,
    }


__all__ = [
    "DATA_FORMAT",
    "MESSAGES",
    "Unit",
    "UnitList",
    "check_goals",
    "kind_problem",
    "kinds",
    "read_units",
]
