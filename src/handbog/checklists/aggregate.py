"""The team and municipality overview: many answers files of one checklist, rounds over time.

``handbog tjekliste samlet FILER…`` and the handbook page *Overblik over flere svarfiler*
(``static/checklist/overblik.js``) compute the same figures by the same rules, written down
here once. The page gets every rule it counts by from the checklist contract
(:mod:`.contract`: scales and ranks, the number rule of :mod:`.scoring`, the messages, and
this module's labels and chart styles). ``tests/test_aggregate_browser.py`` loads one corpus
into both and ``tests/test_checklist_parity.py`` a generated one for every checklist; both
require the same tables, charts and CSV, byte for byte.

Two renderers, on purpose: the page must draw from files that never leave the browser, and
the command line must work without one, so neither can hand the drawing to the other. The
markup is therefore written twice (here and in overblik.js, function by function) and held
to one result by those tests, rather than owned by one side.

Rules
-----

* Every file is read and checked exactly as the one-file report reads it
  (:func:`~handbog.checklists.answers.read_answers`, :func:`~.answers.check_against`): the
  CPR guard, answers to an older checklist version carried over with a warning, and so on.
  Every file must belong to the checklist of the first readable file.
* A *unit* is the file's ``enhed`` (trimmed; ``Uden enhed`` when empty). Several files of one
  unit in one round (several people) are pooled: the unit's level of an item or a section is
  the mean scale position over all their ranked answers, which for one file is the level of
  the one-file report.
* The *position* of an answer is the engine's: the step's place on a self-assessment's scale
  (0 for the lowest), 1 for ``ja`` and 0 for ``nej``; ``ikke relevant``, unanswered and
  off-scale answers have none and are left out of means.
* With a units file (:mod:`.units`, ``--enheder``; the page's second file chooser) a file's
  unit is the listed unit its name or one of its spellings matches (named when it is a
  spelling), a file of a unit not in the list is refused, the participation table shows the
  kind, ``--type`` counts one kind (the other files are listed as not counted), and the goals
  are shown in the sections' tables, the CSV and the charts.
* The municipality's level (``Alle enheder``) is the mean of the units' levels: every unit
  counts the same, however many people answered.
* A *round* is the file's period and phase (``periode`` and ``runde``, for example »2026 ·
  før«), by the rule of :mod:`.rounds`: dates never split or number rounds. When some files
  have a round, a file without one is not counted and is named with the way to give it one;
  when none has, all files are one round, »Uden runde«.
* *På plads* starts at the lowest scale step that counts as done (``ja`` for yes/no lists).
  The units *furthest from på plads* of an item or a section are the ones with the lowest
  level in the round, when that level is below *på plads* (ties are all listed).
* Levels are exact fractions, shown with one decimal (two in the CSV) and a decimal comma,
  rounded half up on the exact value: the one number rule of :mod:`.scoring`, which the
  one-file report uses too and the browser reads from the checklist contract.

Why the charts are hand-written SVG
-----------------------------------

The lists of packages were searched for a chart library. A Python one (pygal, matplotlib,
plotly) draws only for the command line, a JavaScript one (chart.js, uPlot and ECharts draw on
a canvas; d3 or Vega-Lite) only for the page: the two outputs could no longer be compared
element by element, which is how this module and overblik.js are held to one set of numbers.
A canvas has no ``<title>``/``<desc>`` and does not follow the page's text colour in dark mode,
and d3 or Vega-Lite alone weigh more than the room the page has left under the 200 KB budget.
Three small charts (radar, trend, heat map) are about 200 lines in each language, and their
markup is tested to be the same.
"""

from __future__ import annotations

import csv
import html
import io
import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from fractions import Fraction
from pathlib import Path

from handbog.data.core import Problem, display_path

from . import rounds as round_rule
from . import units as unit_list
from .answers import (
    ACCEPT_FLAG,
    PERIOD_FIELD,
    ROUND_FIELD,
    AnswerSet,
    answers_message,
    check_against,
    read_answers,
)
from .engine import evaluate
from .errors import AnswersError
from .model import NOT_RELEVANT, WHEN, Checklist, Item, Section
from .report import FOOTER
from .report import _escape as _md  # the one-file report's Markdown escaping
from .scoring import Level, done_threshold, mean, number, rank, signed
from .scoring import top as scale_top

NO_UNIT = "Uden enhed"
ALL_UNITS = "Alle enheder"
UNANSWERED_LABEL = "ubesvaret"
#: Okabe and Ito's colour-blind-safe palette (rounds in the radar, sections in the trend);
#: each series also has its own dash pattern and marker, so colour is never the only cue.
#: The palette's orange (#E69F00) and sky blue (#56B4E9) are darkened to #B07A00 and #3C8DC0:
#: at 2,25:1 and 2,31:1 on a white page they were below the 3:1 WCAG 1.4.11 asks of graphics;
#: every colour here reaches 3:1 on furo's light and dark page (tests/test_chart_contrast.py).
SERIES_COLOURS = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#B07A00", "#3C8DC0")
SERIES_DASHES = ("", "6 3", "2 3", "8 3 2 3", "1 2", "4 4")
SERIES_MARKERS = ("cirkel", "firkant", "trekant", "ruder", "cirkel", "firkant")
#: A radar with fewer axes is a triangle or a line, where bars read better (issue 22).
RADAR_MIN_SECTIONS = 5
#: A single-hue sequential scale (ColorBrewer Blues): readable with every colour vision; the
#: number in each cell is the second cue. Black text on all but the darkest step, white on it:
#: white on #3182bd is 4,15:1, below WCAG's 4,5:1 (tests/test_chart_contrast.py computes it).
HEAT_COLOURS = ("#eff3ff", "#bdd7e7", "#6baed6", "#3182bd", "#08519c")
HEAT_TEXT = ("#000000", "#000000", "#000000", "#000000", "#ffffff")


# -- Numbers ---------------------------------------------------------------------------------

# Levels, their rounding and their Danish form are the one number rule of :mod:`.scoring`,
# the same as the one-file report's. Chart coordinates are geometry, not figures a reader
# compares: they are written with one decimal and a decimal point from the float value.


def svg_number(value: float) -> str:
    """A coordinate with one decimal and a decimal point (the same in Python and JS)."""
    units = math.floor(value * 10 + 0.5)
    sign = "-" if units < 0 else ""
    whole, part = divmod(abs(units), 10)
    return f"{sign}{whole}.{part}"


def danish_date(iso: str) -> str:
    """2026-01-15 → 15.1.2026 (a four-digit year: never the beginning of a CPR number)."""
    day = date.fromisoformat(iso)
    return f"{day.day}.{day.month}.{day.year}"


# -- Reading ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Entry:
    """One answers file, as the overview counts it."""

    name: str
    unit: str
    day: str
    #: the phase (foer, under, efter) or None, and the period ("" without one)
    label: str | None
    period: str
    answers: AnswerSet
    #: item id → the answer's position (None: not counted) and the counted value
    positions: dict[str, int | None]
    values: dict[str, str | None]
    #: who filled it in (udfyldt_af), for the duplicate rule
    person: str = ""
    #: the unit's kind, from the units file ("" without one)
    kind: str = ""


@dataclass
class Reading:
    checklist: Checklist
    entries: list[Entry]
    #: files left out with --accepter-fejl, and what was wrong with them
    skipped: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    #: files counted once because they repeat another: (the file, the rule, the file kept)
    twins: list[tuple[Entry, str, str]] = field(default_factory=list)
    #: the units file, and the one kind counted (--type)
    units: unit_list.UnitList | None = None
    kind: str | None = None
    #: files of units of another kind than the one counted
    others: list[Entry] = field(default_factory=list)


def entry_of(checklist: Checklist, answer_set: AnswerSet, name: str) -> Entry:
    assessment = evaluate(checklist, answer_set)
    positions: dict[str, int | None] = {}
    values: dict[str, str | None] = {}
    for result in assessment.results():
        positions[result.item.id] = rank(checklist, result.step)
        values[result.item.id] = result.step.value if result.step is not None else None
    context = answer_set.context
    day = context.get("dato") or answer_set.updated[:10]
    label = context.get(ROUND_FIELD) or None
    return Entry(
        name,
        context.get("enhed", "").strip() or NO_UNIT,
        day,
        label if label in WHEN else None,
        context.get(PERIOD_FIELD, "").strip(),
        answer_set,
        positions,
        values,
        context.get("udfyldt_af", "").strip(),
    )


#: What the overview of many files says about a file beyond the one-file rules: the page
#: gets these texts through the checklist contract and fills the ``{names}`` the same way.
OVERVIEW_MESSAGES: dict[str, str] = {
    "no_unit": "filen har ingen enhed, så den er ikke talt med (filer uden enhed ville blive "
    "lagt sammen, som var de én enhed). Skriv enhedens navn i formularens felt Enhed, og gem "
    "filen igen.",
    "chosen_twice": "filen er valgt to gange; den er talt med én gang.",
    "same_content": "filen har samme indhold som {first}, så den er talt med én gang (er den "
    "en kopi, fx med »(1)« i navnet, så slet den).",
    "same_person": "filen har samme enhed, udfyldt af, runde og dato som {first}, så kun "
    "{first} er talt med. Er det to forskellige vurderinger, så ret feltet »Udfyldt af« i en "
    "af dem.",
    "near_unit": "enheden '{unit}' ligner '{other}' (i {files}). Mente du '{other}'? Er det "
    "samme enhed, så ret enheden i filen; ellers tælles de som to enheder.",
}


def overview_message(key: str, **values: object) -> str:
    return OVERVIEW_MESSAGES[key].format(**values)


def choose_checklist(ids: Sequence[str], wanted: str | None = None) -> str | None:
    """The checklist most files belong to (a tie goes to the id that sorts first), or the one
    the user named: never the one that happens to come first."""
    if wanted is not None:
        return wanted
    if not ids:
        return None
    counts: dict[str, int] = {}
    for checklist_id in ids:
        counts[checklist_id] = counts.get(checklist_id, 0) + 1
    return min(counts, key=lambda c: (-counts[c], c))


def unit_key(name: str) -> str:
    """A unit's name compared for near-matches: lower case, letters and digits, one space."""
    return " ".join("".join(c if c.isalnum() else " " for c in name.lower()).split())


def edit_distance(a: str, b: str) -> int:
    """Levenshtein's distance (insert, delete, replace), as overblik.js computes it."""
    row = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        previous, row[0] = row[0], i
        for j, cb in enumerate(b, 1):
            previous, row[j] = row[j], min(row[j] + 1, row[j - 1] + 1, previous + (ca != cb))
    return row[len(b)]


#: A near-match: the same name but for case and punctuation, one name followed by more words
#: (»Nordskolen« / »Nordskolen, indskolingen«), or at most this many letters apart in names of
#: at least NEAR_LENGTH letters (»Nordskolen« / »Norskolen«), unless they differ in a word of
#: one or two letters or digits: »Skole A« and »Skole B«, »Team 10« and »Team 12« are named
#: apart on purpose.
NEAR_DISTANCE = 2
NEAR_LENGTH = 6


def near(a: str, b: str) -> bool:
    x, y = unit_key(a), unit_key(b)
    if a == b:
        return False
    if x == y or x.startswith(y + " ") or y.startswith(x + " "):
        return True
    words_x, words_y = x.split(), y.split()
    if len(words_x) == len(words_y) and any(
        p != q and max(len(p), len(q)) <= 2 for p, q in zip(words_x, words_y, strict=True)
    ):
        return False
    return min(len(x), len(y)) >= NEAR_LENGTH and edit_distance(x, y) <= NEAR_DISTANCE


def near_units(entries: list[Entry]) -> list[tuple[Entry, str, list[str]]]:
    """(a file of the unit, the unit it looks like, that unit's files) for each unit whose
    name is near another's; the one suggested is the one with more files (a tie: the
    shorter name, then the one that sorts first)."""
    files: dict[str, list[str]] = {}
    for entry in entries:
        files.setdefault(entry.unit, []).append(entry.name)
    units = sorted(files)
    out = []
    for unit in units:
        others = [o for o in units if near(unit, o)]
        for other in others:
            if (-len(files[other]), len(other), other) < (-len(files[unit]), len(unit), unit):
                first = next(e for e in entries if e.unit == unit)
                out.append((first, other, files[other]))
                break
    return out


def read_files(
    paths: Sequence[Path | str],
    checklists: dict[str, Checklist],
    accept_errors: bool = False,
    wanted: str | None = None,
    units: unit_list.UnitList | None = None,
    kind: str | None = None,
) -> Reading:
    """Read every file; raise :class:`AnswersError` with every problem found, or (with
    ``accept_errors``) leave the broken files out and say so in ``skipped``. The checklist is
    ``wanted`` or the one most files belong to; files of another are named as strays."""
    problems: list[Problem] = []
    skipped: list[Problem] = []
    warnings: list[Problem] = []
    twins: list[tuple[Entry, str, str]] = []
    others: list[Entry] = []

    def refuse(error: AnswersError) -> None:
        if accept_errors:
            skipped.extend(error.problems)
        else:
            problems.extend(error.problems)

    found: list[tuple[Path, AnswerSet, str]] = []
    for raw in paths:
        path = Path(raw)
        try:
            answer_set = read_answers(path)
            if answer_set.checklist not in checklists:
                raise AnswersError(
                    Problem(
                        path,
                        0,
                        0,
                        answers_message(
                            "unknown_checklist",
                            answers=answer_set.checklist,
                            known=", ".join(checklists) or "mappen",
                        ),
                    )
                )
        except AnswersError as error:
            refuse(error)
            continue
        found.append((path, answer_set, path.read_text(encoding="utf-8")))
    chosen_id = choose_checklist([a.checklist for _p, a, _t in found], wanted)
    chosen = checklists.get(chosen_id) if chosen_id else None
    entries: list[Entry] = []
    texts: list[str] = []
    strays = sum(1 for _p, a, _t in found if a.checklist != chosen_id)
    for path, answer_set, text in found:
        try:
            if chosen is None or answer_set.checklist != chosen.id:
                raise AnswersError(
                    Problem(
                        path,
                        0,
                        0,
                        answers_message(
                            "mixed_checklists",
                            answers=answer_set.checklist,
                            chosen=chosen_id,
                            count=len(found) - strays,
                            total=len(found),
                        ),
                    )
                )
            check_against(answer_set, chosen, accept_errors)
            if not answer_set.context.get("enhed", "").strip():
                raise AnswersError(Problem(path, 0, 0, overview_message("no_unit")))
            entry = listed(entry_of(chosen, answer_set, path.name), units, path, warnings)
        except AnswersError as error:
            refuse(error)
            continue
        if kind is not None and entry.kind != kind:
            others.append(entry)
            continue
        twin = next(
            (
                (other, "chosen_twice" if other.name == entry.name else "same_content")
                for other, other_text in zip(entries, texts, strict=True)
                if other_text == text
            ),
            None,
        ) or next(
            (
                (other, "same_person")
                for other in entries
                if entry.person
                and (other.unit, other.person, other.period, other.label, other.day)
                == (entry.unit, entry.person, entry.period, entry.label, entry.day)
            ),
            None,
        )
        if twin is not None:
            warnings.append(Problem(path, 0, 0, overview_message(twin[1], first=twin[0].name)))
            twins.append((entry, twin[1], twin[0].name))
            continue
        warnings += answer_set.warnings
        entries.append(entry)
        texts.append(text)
    if problems:
        last = problems[-1]
        problems[-1] = Problem(
            last.path,
            last.line,
            last.column,
            last.message
            + f" Vil du lave overblikket uden de filer, der har fejl, så brug {ACCEPT_FLAG}.",
        )
        raise AnswersError(problems)
    if chosen is None or not entries:
        where = Path(paths[0]) if paths else Path("<svar>")
        raise AnswersError(
            Problem(where, 0, 0, "ingen af filerne kunne læses, så der er intet overblik.")
        )
    # With a units file the list says which names are one unit: no guessing.
    for entry, other, names in near_units(entries) if units is None else []:
        path = entry.answers.path or Path(entry.name)
        warnings.append(
            Problem(
                path,
                0,
                0,
                overview_message("near_unit", unit=entry.unit, other=other, files=", ".join(names)),
            )
        )
    return Reading(chosen, entries, skipped, warnings, twins, units, kind, others)


def listed(
    entry: Entry, units: unit_list.UnitList | None, path: Path, warnings: list[Problem]
) -> Entry:
    """The entry under its unit's name in the units file, with its kind; a spelling the file
    maps to the unit is named in ``warnings``. Raise :class:`AnswersError` for a unit the file
    does not list: counted as a unit of its own, it would be a unit the coordinator never
    asked about."""
    if units is None:
        return entry
    unit = units.find(entry.unit)
    if unit is None:
        # the near-match rule of the units' names (the page has it too), not difflib's
        close = [n for n in units.names() if near(entry.unit, n)]
        hint = unit_list.MESSAGES["hint_unit"].format(unit=close[0]) if close else ""
        text = unit_list.message("not_listed", unit=entry.unit, file=units.label, hint=hint)
        raise AnswersError(Problem(path, 0, 0, text))
    if unit.name != entry.unit:
        text = unit_list.message("mapped", written=entry.unit, unit=unit.name, file=units.label)
        warnings.append(Problem(path, 0, 0, text))
    return replace(entry, unit=unit.name, kind=unit.kind)


# -- Counting --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Round:
    key: str
    title: str
    first: str
    last: str
    entries: list[Entry]

    @property
    def heading(self) -> str:
        """2026 · før (15.1.2026) or Før (15.1.2026–20.1.2026)."""
        span = danish_date(self.first)
        if self.last != self.first:
            span += "–" + danish_date(self.last)
        return f"{self.title} ({span})"


def rounds_of(entries: list[Entry]) -> tuple[list[Round], list[Entry]]:
    """The rounds in order (:mod:`.rounds`), and the files left out because they have no
    round while others have one."""
    labelled = [e for e in entries if e.label is not None]
    apart = [e for e in entries if e.label is None] if labelled else []
    groups: dict[tuple[str, str], list[Entry]] = {}
    for entry in labelled:
        groups.setdefault((entry.period, str(entry.label)), []).append(entry)
    rounds = []
    for period, phase in sorted(groups, key=lambda g: round_rule.order(*g)):
        members = groups[(period, phase)]
        days = sorted(e.day for e in members)
        rounds.append(
            Round(
                round_rule.key(period, phase),
                round_rule.title(period, phase),
                days[0],
                days[-1],
                members,
            )
        )
    if not labelled and entries:
        days = sorted(e.day for e in entries)
        rounds.append(
            Round(round_rule.NO_ROUND_KEY, round_rule.NO_ROUND, days[0], days[-1], list(entries))
        )
    return rounds, apart


#: Why a file is not counted, or what the coordinator should know about it (the page's
#: messages are these, through the checklist contract).
ROUND_MESSAGES: dict[str, str] = {
    "no_round": "filen har ingen runde, og de andre filer har, så den er ikke talt med (den "
    "kunne ellers blive lagt sammen med en runde, den ikke hører til). Vælg runden i "
    "formularen, og gem filen igen, eller lav filen med 'handbog tjekliste udfyld --runde'.",
    "days_without_round": "{unit} har filer fra {count} datoer ({files}), og ingen af filerne "
    "har en runde, så de er talt sammen som én runde. Er det forskellige runder, så vælg "
    "runden i hver fil.",
}


def round_problems(entries: list[Entry], apart: list[Entry], rounds: list[Round]) -> list[str]:
    """(file name, message) notes about rounds, in file order: files left out, and units whose
    files from several dates were pooled because no file has a round."""
    out = [f"{e.name}: {ROUND_MESSAGES['no_round']}" for e in apart]
    if len(rounds) == 1 and rounds[0].key == round_rule.NO_ROUND_KEY:
        for unit in sorted({e.unit for e in entries}):
            mine = [e for e in entries if e.unit == unit]
            days = sorted({e.day for e in mine})
            if len(days) > 1:
                files = ", ".join(f"{e.name} {danish_date(e.day)}" for e in mine)
                out.append(
                    ROUND_MESSAGES["days_without_round"].format(
                        unit=unit, count=len(days), files=files
                    )
                )
    return out


@dataclass
class Overview:
    checklist: Checklist
    rounds: list[Round]
    units: list[str]
    #: files left out because they have no round while others have one
    apart: list[Entry]
    #: what the coordinator is told about rounds (files left out, dates pooled)
    round_notes: list[str]
    top: int
    threshold: int
    #: [round][unit][item or section id] → level
    unit_items: list[dict[str, dict[str, Level | None]]]
    unit_sections: list[dict[str, dict[str, Level | None]]]
    #: [round][item or section id] → level of all units
    items: list[dict[str, Level | None]]
    sections: list[dict[str, Level | None]]
    #: [round][item id] → answer value (None: unanswered) → number of files
    distribution: list[dict[str, dict[str | None, int]]]
    files: int
    skipped: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    #: who took part: one row a file (see participation)
    participants: list[list[str]] = field(default_factory=list)
    #: [round][unit or ALL_UNITS][section id] → (answers counted, answers there could be):
    #: the answers a level rests on (an item marked ikke relevant is not one that could be)
    section_answers: list[dict[str, dict[str, tuple[int, int]]]] = field(default_factory=list)
    #: with a units file: each unit's kind, the one kind counted (--type) and the goals per
    #: section of this checklist
    kinds: dict[str, str] = field(default_factory=dict)
    kind: str | None = None
    goals: dict[str, Fraction] = field(default_factory=dict)
    units_file: str = ""

    def numbered(self) -> list[tuple[str, Section, Item]]:
        """'1.2' and the item, in checklist order."""
        out = []
        for s_index, section in enumerate(self.checklist.sections, 1):
            for i_index, item in enumerate(section.items, 1):
                out.append((f"{s_index}.{i_index}", section, item))
        return out

    def with_units(self, reading: Reading) -> Overview:
        """The overview with what the units file adds: the kinds in the participation table
        (a column after whether the file is counted), the files of another kind named, and the
        goals."""
        if reading.units is None:
            return self
        self.kinds = {unit.name: unit.kind for unit in reading.units.units}
        self.kind = reading.kind
        self.units_file = reading.units.label
        self.goals = reading.units.section_goals(self.checklist)
        status = STATUS["other_kind"]
        self.participants += [
            [
                e.unit,
                status.format(kind=e.kind),
                round_rule.title(e.period, e.label),
                danish_date(e.day),
                e.person or "–",
                e.name,
            ]
            for e in reading.others
        ]
        for row in self.participants:
            row.insert(KIND_AT, self.kinds.get(row[0], "–"))
        return self

    def lowest(self, levels: dict[str, Level | None]) -> list[str]:
        """The units with the lowest level, if it is below på plads."""
        known = [v for v in levels.values() if v is not None]
        if not known or min(known) >= self.threshold:
            return []
        return [unit for unit in self.units if levels.get(unit) == min(known)]


def aggregate(reading: Reading) -> Overview:
    checklist = reading.checklist
    rounds, apart = rounds_of(reading.entries)
    counted = [e for round_ in rounds for e in round_.entries]
    units = sorted({e.unit for e in counted})
    unit_items: list[dict[str, dict[str, Level | None]]] = []
    unit_sections: list[dict[str, dict[str, Level | None]]] = []
    items: list[dict[str, Level | None]] = []
    sections: list[dict[str, Level | None]] = []
    distribution: list[dict[str, dict[str | None, int]]] = []
    section_answers: list[dict[str, dict[str, tuple[int, int]]]] = []
    for round_ in rounds:
        per_item: dict[str, dict[str, Level | None]] = {}
        per_section: dict[str, dict[str, Level | None]] = {}
        for unit in units:
            members = [e for e in round_.entries if e.unit == unit]
            if not members:
                continue
            per_item[unit] = {
                item.id: mean(e.positions[item.id] for e in members)
                for _section, item in checklist.items()
            }
            per_section[unit] = {
                section.id: mean(e.positions[item.id] for item in section.items for e in members)
                for section in checklist.sections
            }
        unit_items.append(per_item)
        unit_sections.append(per_section)
        items.append(
            {
                item.id: mean(per_item[u][item.id] for u in units if u in per_item)
                for _section, item in checklist.items()
            }
        )
        sections.append(
            {
                section.id: mean(per_section[u][section.id] for u in units if u in per_section)
                for section in checklist.sections
            }
        )
        counts: dict[str, dict[str | None, int]] = {}
        for _section, item in checklist.items():
            tally: dict[str | None, int] = {step.value: 0 for step in checklist.scale}
            tally[None] = 0
            for entry in round_.entries:
                tally[entry.values[item.id]] += 1
            counts[item.id] = tally
        distribution.append(counts)
        behind: dict[str, dict[str, tuple[int, int]]] = {}
        for unit in [*units, ALL_UNITS]:
            members = [e for e in round_.entries if unit in (e.unit, ALL_UNITS)]
            if not members:
                continue
            behind[unit] = {}
            for section in checklist.sections:
                answers = [(e, item.id) for item in section.items for e in members]
                behind[unit][section.id] = (
                    sum(1 for e, i in answers if e.positions[i] is not None),
                    sum(1 for e, i in answers if e.values[i] != NOT_RELEVANT),
                )
        section_answers.append(behind)
    return Overview(
        checklist,
        rounds,
        units,
        apart,
        round_problems(reading.entries, apart, rounds),
        scale_top(checklist),
        done_threshold(checklist),
        unit_items,
        unit_sections,
        items,
        sections,
        distribution,
        len(counted),
        reading.skipped,
        reading.warnings,
        participation(rounds, apart, reading),
        section_answers,
    ).with_units(reading)


#: The last column of the participation table: whether a file is counted, and if not, why.
STATUS: dict[str, str] = {
    "counted": "ja",
    "no_round": "nej: ingen runde",
    "chosen_twice": "nej: valgt to gange",
    "same_content": "nej: samme indhold som {first}",
    "same_person": "nej: samme enhed, udfyldt af, runde og dato som {first}",
    "refused": "nej: kan ikke bruges (se bemærkningerne)",
    "other_kind": "nej: typen {kind} er ikke valgt",
}
#: Whether a file is counted comes second: on a phone the table scrolls sideways, and the
#: first columns are the ones seen without scrolling.
PARTICIPATION_HEAD = ["Enhed", "Talt med", "Runde", "Dato", "Udfyldt af", "Fil"]
#: With a units file, the unit's kind follows whether the file is counted (which stays where a
#: phone shows it without scrolling).
KIND_HEAD = "Type"
KIND_AT = 2


def participation_head(overview: Overview) -> list[str]:
    head = list(PARTICIPATION_HEAD)
    return [*head[:KIND_AT], KIND_HEAD, *head[KIND_AT:]] if overview.kinds else head


def participation(rounds: list[Round], apart: list[Entry], reading: Reading) -> list[list[str]]:
    """One row a file: the counted ones by unit, round, date and name, then those left out in
    the order they were given. A refused file shows only its name: its content is not used."""

    def row(entry: Entry, round_title: str, status: str) -> list[str]:
        return [
            entry.unit,
            status,
            round_title,
            danish_date(entry.day),
            entry.person or "–",
            entry.name,
        ]

    counted = [
        (entry.unit, r, entry.day, entry.name, row(entry, round_.title, STATUS["counted"]))
        for r, round_ in enumerate(rounds)
        for entry in round_.entries
    ]
    out = [item[-1] for item in sorted(counted, key=lambda item: item[:4])]
    out += [row(e, round_rule.NO_ROUND, STATUS["no_round"]) for e in apart]
    for entry, rule_, first in reading.twins:
        label = round_rule.title(entry.period, entry.label)
        out.append(row(entry, label, STATUS[rule_].format(first=first)))
    refused = []
    for problem in reading.skipped:
        if problem.path.name not in refused:
            refused.append(problem.path.name)
    out += [["–", STATUS["refused"], "–", "–", "–", name] for name in refused]
    return out


SINCE_FIRST = "Ændring siden første runde"
#: After a level resting on fewer answers than there could be (unanswered items).
RESTS_ON = " ({known} af {possible} svar)"


def level_text(value: Level | None, behind: tuple[int, int] | None) -> str:
    """'2,1' or, when items are unanswered, '2,1 (4 af 6 svar)'."""
    if value is None or behind is None or behind[0] >= behind[1]:
        return number(value)
    return number(value) + RESTS_ON.format(known=behind[0], possible=behind[1])


def since_first(values: Sequence[Level | None]) -> Level | None:
    """The change from the first round to the last (None with fewer than two rounds)."""
    if len(values) < 2 or values[-1] is None or values[0] is None:
        return None
    return values[-1] - values[0]


def change(values: Sequence[Level | None]) -> Level | None:
    """The change from the round before the last to the last (None with one round)."""
    if len(values) < 2 or values[-1] is None or values[-2] is None:
        return None
    return values[-1] - values[-2]


# -- Markup shared with the browser ----------------------------------------------------------
#
# overblik.js builds the same markup with the same functions (same names in camelCase), so
# that a test can compare the two character by character.


def esc(text: str) -> str:
    return html.escape(text, quote=True)


def _marker(kind: str, x: float, y: float, colour: str) -> str:
    xs, ys = svg_number(x), svg_number(y)
    if kind == "firkant":
        return (
            f'<rect x="{svg_number(x - 4)}" y="{svg_number(y - 4)}" width="8" height="8" '
            f'fill="{colour}"/>'
        )
    if kind == "trekant":
        return (
            f'<path d="M{xs} {svg_number(y - 5)}L{svg_number(x + 5)} {svg_number(y + 4)}'
            f'L{svg_number(x - 5)} {svg_number(y + 4)}Z" fill="{colour}"/>'
        )
    if kind == "ruder":
        return (
            f'<path d="M{xs} {svg_number(y - 5)}L{svg_number(x + 5)} {ys}L{xs} '
            f'{svg_number(y + 5)}L{svg_number(x - 5)} {ys}Z" fill="{colour}"/>'
        )
    return f'<circle cx="{xs}" cy="{ys}" r="4" fill="{colour}"/>'


def _series_style(index: int) -> tuple[str, str, str]:
    n = index % len(SERIES_COLOURS)
    return SERIES_COLOURS[n], SERIES_DASHES[n], SERIES_MARKERS[n]


def _svg_open(ident: str, width: int, height: int, title: str, desc: str) -> str:
    return (
        f'<svg class="ho-chart" viewBox="0 0 {width} {height}" width="{width}" '
        f'height="{height}" role="img" aria-labelledby="{ident}-titel {ident}-beskrivelse" '
        f'xmlns="http://www.w3.org/2000/svg"><title id="{ident}-titel">{esc(title)}</title>'
        f'<desc id="{ident}-beskrivelse">{esc(desc)}</desc>'
    )


def _legend(entries: list[tuple[int, str]], y: float, bars: bool = False) -> str:
    """A key of the series, drawn as the chart draws them: a line with its dashes and marker,
    or (``bars``) a bar with the marker past its end."""
    out = []
    for n, (index, text) in enumerate(entries):
        colour, dash, marker = _series_style(index)
        x = 10.0
        row = y + n * 18
        if bars:
            out.append(
                f'<rect x="{svg_number(x)}" y="{svg_number(row - 5)}" width="18" height="10" '
                f'fill="{colour}"/>'
            )
            out.append(_marker(marker, x + 25, row, colour))
        else:
            dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
            out.append(
                f'<line x1="{svg_number(x)}" y1="{svg_number(row)}" x2="{svg_number(x + 28)}" '
                f'y2="{svg_number(row)}" stroke="{colour}" stroke-width="2.5"{dash_attr}/>'
            )
            out.append(_marker(marker, x + 14, row, colour))
        out.append(
            f'<text x="{svg_number(x + 34)}" y="{svg_number(row + 4)}" font-size="11" '
            f'fill="currentColor">{esc(text)}</text>'
        )
    return "".join(out)


def radar_axes(overview: Overview) -> list[tuple[str, Section]]:
    """(short label, section) per axis. Only a checklist of RADAR_MIN_SECTIONS or more sections
    gets a radar, so the axes are always the sections."""
    return [(str(n), s) for n, s in enumerate(overview.checklist.sections, 1)]


def radar_svg(overview: Overview) -> str:
    axes = radar_axes(overview)
    count = len(axes)
    size, cx, cy, radius = 360, 180.0, 170.0, 120.0
    rounds = overview.rounds
    height = 330 + len(rounds) * 18
    what = "afsnittenes"
    desc_parts = []
    for r, round_ in enumerate(rounds):
        levels = ", ".join(
            f"{axis[0]}: {number(overview.sections[r][axis[1].id])}" for axis in axes
        )
        desc_parts.append(f"{round_.heading}: {levels}")
    desc = (
        f"Radardiagram over {what} niveau for alle enheder, fra 0 i midten til {overview.top} "
        f"yderst, en figur pr. runde. " + ". ".join(desc_parts) + ". Tallene står også i "
        "tabellen under diagrammet."
    )
    out = [_svg_open("ho-radar", size, height, f"Niveau pr. runde: {what} niveau", desc)]

    def point(k: int, level: float) -> tuple[float, float]:
        angle = -math.pi / 2 + 2 * math.pi * k / count
        distance = radius * level / overview.top
        return cx + distance * math.cos(angle), cy + distance * math.sin(angle)

    for ring in range(1, overview.top + 1):
        corners = [point(k, ring) for k in range(count)]
        path = "M" + "L".join(f"{svg_number(x)} {svg_number(y)}" for x, y in corners) + "Z"
        out.append(f'<path d="{path}" fill="none" stroke="currentColor" stroke-opacity="0.3"/>')
        x, y = point(0, ring)
        out.append(
            f'<text x="{svg_number(x + 4)}" y="{svg_number(y + 4)}" font-size="10" '
            f'fill="currentColor">{ring}</text>'
        )
    for k, axis in enumerate(axes):
        x, y = point(k, overview.top)
        out.append(
            f'<line x1="{svg_number(cx)}" y1="{svg_number(cy)}" x2="{svg_number(x)}" '
            f'y2="{svg_number(y)}" stroke="currentColor" stroke-opacity="0.3"/>'
        )
        lx, ly = point(k, overview.top * 1.12)
        cos = (lx - cx) / (radius * 1.12)
        anchor = "start" if cos > 0.3 else ("end" if cos < -0.3 else "middle")
        out.append(
            f'<text x="{svg_number(lx)}" y="{svg_number(ly + 4)}" font-size="11" '
            f'text-anchor="{anchor}" fill="currentColor">{esc(axis[0])}</text>'
        )
    for r, _round in enumerate(rounds):
        colour, dash, marker = _series_style(r)
        corners = [
            point(k, float(overview.sections[r][axis[1].id] or 0)) for k, axis in enumerate(axes)
        ]
        path = "M" + "L".join(f"{svg_number(x)} {svg_number(y)}" for x, y in corners) + "Z"
        dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
        out.append(
            f'<path d="{path}" fill="{colour}" fill-opacity="0.08" stroke="{colour}" '
            f'stroke-width="2.5"{dash_attr}/>'
        )
        out += [_marker(marker, x, y, colour) for x, y in corners]
    out += goal_radar(overview, [(k, axis[1]) for k, axis in enumerate(axes)], point)
    out.append(_legend([(r, round_.heading) for r, round_ in enumerate(rounds)], 330))
    out.append("</svg>")
    return "".join(out)


def bars_svg(overview: Overview) -> str:
    """Horizontal bars, a group per section and a bar per round: for checklists with too few
    sections for a radar. The section's title stands above its bars, so no number needs a key."""
    sections = overview.checklist.sections
    rounds = overview.rounds
    width, left, right, bar_h, gap = 360, 20.0, 300.0, 14, 4
    group_h = 20 + len(rounds) * (bar_h + gap) + 8
    chart_h = 10 + group_h * len(sections)
    height = int(chart_h) + 30 + len(rounds) * 18

    def x_of(level: float) -> float:
        return left + (right - left) * level / overview.top

    desc_parts = []
    for n, section in enumerate(sections, 1):
        levels = ", ".join(
            f"{round_.heading}: {number(overview.sections[r][section.id])}"
            for r, round_ in enumerate(rounds)
        )
        desc_parts.append(f"{n} {section.title}: {levels}")
    desc = (
        f"Søjlediagram over afsnittenes niveau for alle enheder, fra 0 til venstre til "
        f"{overview.top} til højre, en søjle pr. runde. " + ". ".join(desc_parts) + ". Tallene "
        "står også i tabellen under diagrammet."
    )
    out = [_svg_open("ho-soejler", width, height, "Niveau pr. runde: afsnittenes niveau", desc)]
    for level in range(overview.top + 1):
        x = x_of(level)
        out.append(
            f'<line x1="{svg_number(x)}" y1="10" x2="{svg_number(x)}" y2="{svg_number(chart_h)}" '
            'stroke="currentColor" stroke-opacity="0.3"/>'
            f'<text x="{svg_number(x)}" y="{svg_number(chart_h + 14)}" font-size="10" '
            f'text-anchor="middle" fill="currentColor">{level}</text>'
        )
    for n, section in enumerate(sections):
        top_y = 10 + group_h * n
        title = f"{n + 1} {section.title}"
        shown = title if len(title) <= 52 else title[:51] + "…"
        out.append(
            f'<text x="{svg_number(left)}" y="{svg_number(top_y + 14)}" font-size="11" '
            f'font-weight="600" fill="currentColor">{esc(shown)}</text>'
        )
        for r in range(len(rounds)):
            colour, _dash, marker = _series_style(r)
            y = top_y + 20 + r * (bar_h + gap)
            value = overview.sections[r][section.id]
            if value is None:
                out.append(
                    f'<text x="{svg_number(left + 4)}" y="{svg_number(y + 11)}" font-size="10" '
                    f'fill="currentColor">{esc(UNANSWERED_LABEL)}</text>'
                )
                continue
            end = x_of(float(value))
            out.append(
                f'<rect x="{svg_number(left)}" y="{svg_number(y)}" '
                f'width="{svg_number(end - left)}" height="{bar_h}" fill="{colour}"/>'
            )
            # The round's marker just past the bar's end tells the rounds apart without colour.
            out.append(_marker(marker, end + 7, y + bar_h / 2, colour))
            out.append(
                f'<text x="{svg_number(end + 15)}" y="{svg_number(y + 11)}" font-size="10" '
                f'fill="currentColor">{number(value)}</text>'
            )
    key = [(r, round_.heading) for r, round_ in enumerate(rounds)]
    out += goal_bars(overview, x_of, lambda n: (10 + group_h * n + 18, 10 + group_h * (n + 1) - 6))
    out.append(_legend(key, chart_h + 34, bars=True))
    out.append("</svg>")
    return "".join(out)


def trend_svg(overview: Overview) -> str:
    sections = overview.checklist.sections
    rounds = overview.rounds
    width, left, right, top_y, bottom_y = 360, 40.0, 340.0, 20.0, 200.0
    height = 250 + len(sections) * 18

    def x_of(r: int) -> float:
        if len(rounds) == 1:
            return (left + right) / 2
        return left + (right - left) * r / (len(rounds) - 1)

    def y_of(level: float) -> float:
        return bottom_y - (bottom_y - top_y) * level / overview.top

    desc_parts = []
    for s_index, section in enumerate(sections, 1):
        levels = ", ".join(
            f"{round_.title}: {number(overview.sections[r][section.id])}"
            for r, round_ in enumerate(rounds)
        )
        desc_parts.append(f"{s_index} {section.title}: {levels}")
    desc = (
        f"Linjediagram over hvert afsnits niveau for alle enheder, runde for runde, fra 0 "
        f"nederst til {overview.top} øverst. " + ". ".join(desc_parts) + ". Tallene står også i "
        "tabellen under diagrammet."
    )
    out = [_svg_open("ho-trend", width, height, "Udvikling pr. afsnit", desc)]
    for level in range(overview.top + 1):
        y = y_of(level)
        out.append(
            f'<line x1="{svg_number(left)}" y1="{svg_number(y)}" x2="{svg_number(right)}" '
            f'y2="{svg_number(y)}" stroke="currentColor" stroke-opacity="0.3"/>'
        )
        out.append(
            f'<text x="{svg_number(left - 8)}" y="{svg_number(y + 4)}" font-size="10" '
            f'text-anchor="end" fill="currentColor">{level}</text>'
        )
    for r, round_ in enumerate(rounds):
        out.append(
            f'<text x="{svg_number(x_of(r))}" y="{svg_number(bottom_y + 18)}" font-size="11" '
            f'text-anchor="middle" fill="currentColor">{esc(round_.title)}</text>'
        )
    for s_index, section in enumerate(sections):
        colour, dash, marker = _series_style(s_index)
        points = [
            (x_of(r), y_of(float(value)))
            for r in range(len(rounds))
            if (value := overview.sections[r][section.id]) is not None
        ]
        if len(points) > 1:
            dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
            path = "M" + "L".join(f"{svg_number(x)} {svg_number(y)}" for x, y in points)
            out.append(
                f'<path d="{path}" fill="none" stroke="{colour}" stroke-width="2.5"{dash_attr}/>'
            )
        out += [_marker(marker, x, y, colour) for x, y in points]
    out += goal_trend(overview, left, right, y_of)
    out.append(_legend([(n, f"{n + 1} {s.title}") for n, s in enumerate(sections)], 250))
    out.append("</svg>")
    return "".join(out)


#: The per-unit trend's heading, table head and captions (overblik.js draws the same).
UNIT_TREND_HEADING = "Udvikling pr. enhed"
UNIT_TREND_CAPTION = "Linjediagrammer: et for hver enhed med hvert afsnits niveau, runde for runde."
UNIT_TREND_TABLE = "Hver enheds ændring pr. afsnit siden første og siden forrige runde"
SINCE_PREVIOUS = "Ændring siden forrige runde"


def unit_trend_svg(overview: Overview, n: int, unit: str) -> str:
    """One small multiple: the unit's level per section across the rounds, the rounds labelled
    by period and phase. Every unit gets the same axes, so the charts compare at a glance."""
    sections = overview.checklist.sections
    rounds = overview.rounds
    width, left, right, top_y, bottom_y = 360, 40.0, 330.0, 34.0, 154.0
    # More than three rounds ("2026 · før" … "2027 · efter") do not fit side by side in 290
    # px: every other label goes one line lower.
    stagger = 13 if len(rounds) > 3 else 0
    legend_y = bottom_y + 42 + stagger
    height = int(legend_y + len(sections) * 18)

    def x_of(r: int) -> float:
        if len(rounds) == 1:
            return (left + right) / 2
        return left + (right - left) * r / (len(rounds) - 1)

    def y_of(level: float) -> float:
        return bottom_y - (bottom_y - top_y) * level / overview.top

    levels = [
        [overview.unit_sections[r].get(unit, {}).get(section.id) for r in range(len(rounds))]
        for section in sections
    ]
    desc_parts = [
        f"{s_index} {section.title}: "
        + ", ".join(f"{round_.title}: {number(v)}" for round_, v in zip(rounds, row, strict=True))
        for s_index, (section, row) in enumerate(zip(sections, levels, strict=True), 1)
    ]
    desc = (
        f"Linjediagram over niveauet i {unit} for hvert afsnit, runde for runde, fra 0 nederst "
        f"til {overview.top} øverst. " + ". ".join(desc_parts) + ". Tallene og ændringerne står "
        "i tabellen under diagrammerne."
    )
    out = [_svg_open(f"ho-enhed-{n}", width, height, f"Udvikling i {unit}", desc)]
    out.append(
        f'<text x="{svg_number(10)}" y="{svg_number(16)}" font-size="13" font-weight="600" '
        f'fill="currentColor">{esc(unit)}</text>'
    )
    for level in range(overview.top + 1):
        y = y_of(level)
        out.append(
            f'<line x1="{svg_number(left)}" y1="{svg_number(y)}" x2="{svg_number(right)}" '
            f'y2="{svg_number(y)}" stroke="currentColor" stroke-opacity="0.3"/>'
            f'<text x="{svg_number(left - 8)}" y="{svg_number(y + 4)}" font-size="11" '
            f'text-anchor="end" fill="currentColor">{level}</text>'
        )
    for r, round_ in enumerate(rounds):
        anchor = "start" if r == 0 and len(rounds) > 1 else "middle"
        anchor = "end" if r == len(rounds) - 1 and len(rounds) > 1 else anchor
        out.append(
            f'<text x="{svg_number(x_of(r))}" y="{svg_number(bottom_y + 18 + stagger * (r % 2))}" '
            f'font-size="11" text-anchor="{anchor}" fill="currentColor">{esc(round_.title)}</text>'
        )
    for s_index, row in enumerate(levels):
        colour, dash, marker = _series_style(s_index)
        points = [(x_of(r), y_of(float(v))) for r, v in enumerate(row) if v is not None]
        if len(points) > 1:
            dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
            path = "M" + "L".join(f"{svg_number(x)} {svg_number(y)}" for x, y in points)
            out.append(
                f'<path d="{path}" fill="none" stroke="{colour}" stroke-width="2.5"{dash_attr}/>'
            )
        out += [_marker(marker, x, y, colour) for x, y in points]
    out.append(_legend([(i, f"{i + 1} {s.title}") for i, s in enumerate(sections)], legend_y))
    out.append("</svg>")
    return "".join(out)


def unit_trend_part(overview: Overview) -> Part:
    """A trend per unit: small multiples, and each unit's change per section since the first
    and since the previous round (both always, so a unit's course reads in one row)."""
    rounds = overview.rounds
    charts = "".join(
        f'<div class="ho-multiple">{unit_trend_svg(overview, n, u)}</div>'
        for n, u in enumerate(overview.units, 1)
    )
    head = ["Enhed og afsnit", f"Seneste runde: {rounds[-1].title}", SINCE_PREVIOUS, SINCE_FIRST]
    rows = []
    for unit in overview.units:
        for n, section in enumerate(overview.checklist.sections, 1):
            values = [
                overview.unit_sections[r].get(unit, {}).get(section.id) for r in range(len(rounds))
            ]
            rows.append(
                [
                    f"{unit}: {n} {section.title}",
                    number(values[-1]),
                    signed(change(values)),
                    signed(since_first(values)),
                ]
            )
    return Part(
        UNIT_TREND_HEADING,
        f'<div class="ho-multiples">{charts}</div>',
        UNIT_TREND_CAPTION,
        UNIT_TREND_TABLE,
        head,
        rows,
        "ho-enhedsudvikling",
    )


#: The most units one heat map or table of units shows: a heat map then fits an A4 page's width
#: at its own size, and a table's unit names fit without breaking inside a word (names up to
#: about 12 letters a word; a longer word still makes the printout shrink). More units are
#: split into groups of this many (a table wider than the sheet made Chromium shrink every
#: printed page, to 5 pt text at 50 units).
MAX_UNIT_COLUMNS = 6
#: How a group of units is named in its heading and caption.
UNIT_GROUP = "enhed {first}–{last} af {count}"


def unit_groups(
    overview: Overview, part: Part, tail: int, chart: Callable[[list[str], str], str] | None = None
) -> list[Part]:
    """``part`` as it is with up to MAX_UNIT_COLUMNS units, else one part per group of units.
    The part's table has a column a unit after its first, then ``tail`` columns about all
    units, which every group keeps; ``chart`` draws a group's chart (with its element id)."""
    units = overview.units
    if len(units) <= MAX_UNIT_COLUMNS:
        return [part]
    out = []
    width = len(part.head)
    for start in range(0, len(units), MAX_UNIT_COLUMNS):
        group = units[start : start + MAX_UNIT_COLUMNS]
        number_ = start // MAX_UNIT_COLUMNS + 1
        keep = [0, *range(1 + start, 1 + start + len(group)), *range(width - tail, width)]
        group_text = UNIT_GROUP.format(first=start + 1, last=start + len(group), count=len(units))
        ident = "ho-varme" if number_ == 1 else f"ho-varme-{number_}"
        out.append(
            Part(
                f"{part.heading} ({group_text})",
                chart(group, ident) if chart else "",
                part.chart_caption,
                f"{part.caption} ({group_text})",
                [part.head[i] for i in keep],
                [[row[i] for i in keep] for row in part.rows],
                part.klass,
                wide=part.wide,
            )
        )
    return out


def heat_colour(overview: Overview, value: Level) -> int:
    """The shade of a level: its share of the scale, rounded half up to a step (exactly)."""
    steps = len(HEAT_COLOURS) - 1
    return min(steps, max(0, math.floor(value * steps / overview.top + Fraction(1, 2))))


def heatmap_svg(overview: Overview, units: list[str] | None = None, ident: str = "ho-varme") -> str:
    last = len(overview.rounds) - 1
    columns = [*(overview.units if units is None else units), ALL_UNITS]
    rows = overview.numbered()
    cell_w, cell_h, left, head = 46, 22, 50, 130
    width = left + cell_w * len(columns) + 90  # room for the last, slanted unit name
    height = head + cell_h * len(rows) + 10
    desc = (
        f"Varmekort over punkternes niveau i runden {overview.rounds[last].heading}: en række "
        f"pr. punkt, en kolonne pr. enhed og en for alle enheder. Jo mørkere felt, jo højere "
        f"niveau (0 til {overview.top}); tallet står i feltet, og et tomt felt med streg betyder "
        "ingen svar. Tallene og punkternes tekst står i tabellen under diagrammet."
    )
    out = [_svg_open(ident, width, height, "Punkter og enheder i seneste runde", desc)]
    for c, column in enumerate(columns):
        x = left + cell_w * c + cell_w / 2
        shown = column if len(column) <= 22 else column[:21] + "…"
        out.append(
            f'<text transform="translate({svg_number(x + 4)} {svg_number(head - 6)}) rotate(-45)" '
            f'font-size="11" fill="currentColor">{esc(shown)}</text>'
        )
    for n, (number_, _section, item) in enumerate(rows):
        y = head + cell_h * n
        out.append(
            f'<text x="{svg_number(left - 8)}" y="{svg_number(y + 15)}" font-size="11" '
            f'text-anchor="end" fill="currentColor">{esc(number_)}</text>'
        )
        for c, column in enumerate(columns):
            if column == ALL_UNITS:
                value = overview.items[last][item.id]
            else:
                value = overview.unit_items[last].get(column, {}).get(item.id)
            x = left + cell_w * c
            if value is None:
                out.append(
                    f'<rect x="{svg_number(x)}" y="{svg_number(y)}" width="{cell_w}" '
                    f'height="{cell_h}" fill="none" stroke="currentColor" stroke-opacity="0.4"/>'
                    f'<text x="{svg_number(x + cell_w / 2)}" y="{svg_number(y + 15)}" '
                    'font-size="11" text-anchor="middle" fill="currentColor">–</text>'
                )
                continue
            shade = heat_colour(overview, value)
            out.append(
                f'<rect x="{svg_number(x)}" y="{svg_number(y)}" width="{cell_w}" '
                f'height="{cell_h}" fill="{HEAT_COLOURS[shade]}" stroke="#ffffff"/>'
                f'<text x="{svg_number(x + cell_w / 2)}" y="{svg_number(y + 15)}" font-size="11" '
                f'text-anchor="middle" fill="{HEAT_TEXT[shade]}">{number(value)}</text>'
            )
    out.append("</svg>")
    return "".join(out)


@dataclass(frozen=True)
class Part:
    """One part of the overview: a heading, perhaps a chart, and a table of plain text cells
    (the first cell of a row is its header)."""

    heading: str
    chart: str
    chart_caption: str
    caption: str
    head: list[str]
    rows: list[list[str]]
    klass: str
    #: A chart drawn at its own size in a region that scrolls, rather than shrunk to the page.
    wide: bool = False


def _units_text(units: list[tuple[str, Level | None]]) -> str:
    return ", ".join(f"{u} ({number(v)})" for u, v in units) if units else "–"


#: Danish plurals of the words the overview counts with (the page gets them in the contract).
PLURALS: dict[str, str] = {
    "svarfil": "svarfiler",
    "fil": "filer",
    "enhed": "enheder",
    "runde": "runder",
}
LEAD_TEXTS: dict[str, str] = {
    "rounds": "en runde er filernes periode og fase (fx 2026 · før), og en dato deler aldrig "
    "en runde",
    "no_rounds": "ingen af filerne har en runde, så de er talt som én runde",
    "apart": "; {count} uden runde er ikke talt med: {files}",
    "kind": " Kun enheder af typen {kind} er talt med ({file}).",
}


def counted(count: int, word: str) -> str:
    """'1 runde', '3 runder'."""
    return f"{count} {word if count == 1 else PLURALS[word]}"


def lead(overview: Overview) -> str:
    checklist = overview.checklist
    ranked = sorted(
        (s for s in checklist.scale if rank(checklist, s) is not None),
        key=lambda s: rank(checklist, s) or 0,
    )
    done_step = next(s for s in ranked if rank(checklist, s) == overview.threshold)
    if overview.rounds[0].key == round_rule.NO_ROUND_KEY:
        rounds_text = LEAD_TEXTS["no_rounds"]
    else:
        rounds_text = LEAD_TEXTS["rounds"]
    if overview.apart:
        rounds_text += LEAD_TEXTS["apart"].format(
            count=counted(len(overview.apart), "fil"),
            files=", ".join(e.name for e in overview.apart),
        )
    return (
        f"{counted(overview.files, 'svarfil')} fra {counted(len(overview.units), 'enhed')} i "
        f"{counted(len(overview.rounds), 'runde')}; {rounds_text}. Niveauet er gennemsnittet "
        f"af svarenes placering på skalaen fra 0 ({ranked[0].label}) til {overview.top} "
        f"({ranked[-1].label}); på plads fra {overview.threshold} ({done_step.label}). Alle "
        "enheder tæller lige meget."
    ) + kind_text(overview)


def kind_text(overview: Overview) -> str:
    """What the lead adds when one kind of unit is counted (--type)."""
    if not overview.kind:
        return ""
    return LEAD_TEXTS["kind"].format(kind=overview.kind, file=overview.units_file)


def parts(overview: Overview) -> list[Part]:
    checklist = overview.checklist
    rounds = overview.rounds
    last = len(rounds) - 1
    out = [
        Part(
            "Hvem er talt med",
            "",
            "",
            "Svarfilerne: enhed, runde, dato, hvem der har udfyldt, og om filen er talt med",
            participation_head(overview),
            overview.participants,
            "ho-deltagere",
        )
    ]
    # 1. Radar and the sections' levels per round
    # Change since the first round only where it differs from change since the previous one.
    first_too = len(rounds) >= 3
    head = ["Afsnit", *[r.heading for r in rounds], "Ændring siden forrige runde"]
    head += [SINCE_FIRST] if first_too else []
    head.append("Længst fra på plads (seneste runde)")
    rows = []
    for n, section in enumerate(checklist.sections, 1):
        values = [overview.sections[r][section.id] for r in range(len(rounds))]
        levels = {u: v[section.id] for u, v in overview.unit_sections[last].items()}
        lowest = overview.lowest(levels)
        rows.append(
            [
                f"{n} {section.title}",
                *[
                    level_text(v, overview.section_answers[r][ALL_UNITS][section.id])
                    for r, v in enumerate(values)
                ],
                signed(change(values)),
                *([signed(since_first(values))] if first_too else []),
                _units_text([(u, levels[u]) for u in lowest]),
            ]
        )
    out.append(
        Part(
            "Niveau pr. runde",
            *(
                (
                    radar_svg(overview),
                    "Radardiagram: en figur pr. runde; jo længere ude, jo højere niveau.",
                )
                if len(checklist.sections) >= RADAR_MIN_SECTIONS
                else (
                    bars_svg(overview),
                    "Søjlediagram: en søjle pr. runde; jo længere til højre, jo højere niveau.",
                )
            ),
            "Afsnittenes niveau for alle enheder",
            head,
            rows,
            "ho-afsnit",
        )
    )
    # 2. Trend per section, and per unit
    head = ["Enhed og afsnit", *[r.title for r in rounds], "Ændring siden forrige runde"]
    head += [SINCE_FIRST] if first_too else []
    rows = []
    for unit in overview.units:
        for n, section in enumerate(checklist.sections, 1):
            values = [
                overview.unit_sections[r].get(unit, {}).get(section.id) for r in range(len(rounds))
            ]
            rows.append(
                [
                    f"{unit}: {n} {section.title}",
                    *[
                        level_text(v, overview.section_answers[r].get(unit, {}).get(section.id))
                        for r, v in enumerate(values)
                    ],
                    signed(change(values)),
                    *([signed(since_first(values))] if first_too else []),
                ]
            )
    out.append(
        Part(
            "Udvikling pr. afsnit",
            trend_svg(overview),
            "Linjediagram: hvert afsnits niveau for alle enheder, runde for runde.",
            "Afsnittenes niveau pr. enhed",
            head,
            rows,
            "ho-enheder",
        )
    )
    out.append(unit_trend_part(overview))
    # 3. Heat map of the last round
    head = ["Punkt", *overview.units, ALL_UNITS, "Længst fra på plads"]
    rows = []
    for number_, _section, item in overview.numbered():
        unit_values = {u: v[item.id] for u, v in overview.unit_items[last].items()}
        lowest = overview.lowest(unit_values)
        rows.append(
            [
                f"{number_} {item.label}",
                *[number(unit_values.get(u)) for u in overview.units],
                number(overview.items[last][item.id]),
                _units_text([(u, unit_values[u]) for u in lowest]),
            ]
        )
    out.append(
        Part(
            f"Punkter og enheder: {rounds[last].heading}",
            heatmap_svg(overview),
            "Varmekort: en række pr. punkt (numrene står i tabellen), en kolonne pr. enhed.",
            "Punkternes niveau pr. enhed i seneste runde",
            head,
            rows,
            "ho-varme",
            wide=True,
        )
    )
    out[-1:] = unit_groups(
        overview, out[-1], 2, lambda group, ident: heatmap_svg(overview, group, ident)
    )
    # 4. Item by item over the rounds, with the distribution of the answers
    scale = checklist.scale
    labels = [*[s.label for s in scale], UNANSWERED_LABEL]
    head = [
        "Punkt",
        *[r.title for r in rounds],
        "Ændring siden forrige runde",
        "Svarene i seneste runde (antal filer)",
    ]
    rows = []
    for number_, _section, item in overview.numbered():
        values = [overview.items[r][item.id] for r in range(len(rounds))]
        tally = overview.distribution[last][item.id]
        counts = [*[tally[s.value] for s in scale], tally[None]]
        spread = " · ".join(
            f"{label}: {count}" for label, count in zip(labels, counts, strict=True)
        )
        rows.append(
            [
                f"{number_} {item.label}",
                *[number(v) for v in values],
                signed(change(values)),
                spread,
            ]
        )
    out.append(
        Part(
            "Punkt for punkt",
            "",
            "",
            "Punkternes niveau for alle enheder, runde for runde",
            head,
            rows,
            "ho-punkter",
        )
    )
    # 5. What moved in each unit, item by item
    change_head = ["Punkt", *overview.units]
    change_rows = []
    for number_, _section, item in overview.numbered():
        cells = []
        for unit in overview.units:
            values = [overview.unit_items[r].get(unit, {}).get(item.id) for r in range(len(rounds))]
            cells.append(signed(change(values)))
        change_rows.append([f"{number_} {item.label}", *cells])
    changes = Part(
        "Ændring pr. enhed og punkt",
        "",
        "",
        "Ændring i hver enheds niveau siden forrige runde",
        change_head,
        change_rows,
        "ho-aendring",
    )
    out += unit_groups(overview, changes, 0)
    # 6. The notes, for the conversation with each unit
    note_rows = [
        [item, unit, round_.title, note] for item, unit, round_, _name, note in notes_of(overview)
    ]
    if note_rows:
        out.append(
            Part(
                "Noter fra enhederne",
                "",
                "",
                "Noterne i svarfilerne, punkt for punkt",
                ["Punkt", "Enhed", "Runde", "Note"],
                note_rows,
                "ho-noter",
            )
        )
    return with_goals(overview, out)


# -- Goals (from the units file) ---------------------------------------------------------------
#
# A goal is a level per section: a column in the sections' tables and the CSV, and a dashed
# mark on the charts, in the text colour (the same in light and dark mode, and on paper).

GOAL_HEAD = "Mål"
GOAL_DASH = "5 3"
GOAL_CAPTION = " Den stiplede streg i tekstens farve er målet for afsnittet."
#: In the trend the goals are dotted, in their section's colour (the series have dashes).
GOAL_DOTS = "1 4"
GOAL_TREND_CAPTION = " De tynde prikkede streger er afsnittenes mål, i afsnittets farve."
GOAL_DESC = " Målene: {goals}."


def goal_text(overview: Overview, section: Section) -> str:
    goal = overview.goals.get(section.id)
    return number(goal) if goal is not None else "–"


def goal_bars(
    overview: Overview, x_of: Callable[[float], float], span: Callable[[int], tuple[float, float]]
) -> list[str]:
    """A dashed upright line at each section's goal, across the section's bars."""
    out = []
    for n, section in enumerate(overview.checklist.sections):
        goal = overview.goals.get(section.id)
        if goal is None:
            continue
        x = svg_number(x_of(float(goal)))
        y1, y2 = (svg_number(v) for v in span(n))
        out.append(
            f'<line class="ho-maal" x1="{x}" y1="{y1}" x2="{x}" y2="{y2}" '
            f'stroke="currentColor" stroke-width="2" stroke-dasharray="{GOAL_DASH}"/>'
        )
    return out


def goal_radar(
    overview: Overview,
    axes: list[tuple[int, Section]],
    point: Callable[[int, float], tuple[float, float]],
) -> list[str]:
    """A dashed figure through the goals, when every section has one (a figure with a gap
    would read as a goal of 0)."""
    if not overview.goals or any(s.id not in overview.goals for _k, s in axes):
        return []
    corners = [point(k, float(overview.goals[s.id])) for k, s in axes]
    path = "M" + "L".join(f"{svg_number(x)} {svg_number(y)}" for x, y in corners) + "Z"
    return [
        f'<path class="ho-maal" d="{path}" fill="none" stroke="currentColor" '
        f'stroke-width="2" stroke-dasharray="{GOAL_DASH}"/>'
    ]


def goal_trend(
    overview: Overview, left: float, right: float, y_of: Callable[[float], float]
) -> list[str]:
    """A thin dashed line across the chart at each section's goal, in the section's colour."""
    out = []
    for n, section in enumerate(overview.checklist.sections):
        goal = overview.goals.get(section.id)
        if goal is None:
            continue
        colour = _series_style(n)[0]
        y = svg_number(y_of(float(goal)))
        out.append(
            f'<line class="ho-maal" x1="{svg_number(left)}" y1="{y}" x2="{svg_number(right)}" '
            f'y2="{y}" stroke="{colour}" stroke-width="1.5" stroke-dasharray="{GOAL_DOTS}"/>'
        )
    return out


def with_goals(overview: Overview, parts_: list[Part]) -> list[Part]:
    """The parts with the goals: a column in the sections' tables (before the units furthest
    from på plads; last in the table per unit) and a sentence in each chart's description."""
    if not overview.goals:
        return parts_
    sections = overview.checklist.sections
    said = "; ".join(
        f"{n} {s.title}: {number(overview.goals[s.id])}"
        for n, s in enumerate(sections, 1)
        if s.id in overview.goals
    )
    out = []
    for part in parts_:
        chart, caption = part.chart, part.chart_caption
        if "ho-maal" in chart:
            chart = chart.replace("</desc>", esc(GOAL_DESC.format(goals=said)) + "</desc>", 1)
            caption += GOAL_TREND_CAPTION if part.klass == "ho-enheder" else GOAL_CAPTION
        head, rows = part.head, part.rows
        if part.klass == "ho-afsnit":
            head = [*head[:-1], GOAL_HEAD, head[-1]]
            rows = [
                [*row[:-1], goal_text(overview, s), row[-1]]
                for row, s in zip(rows, sections, strict=True)
            ]
        elif part.klass == "ho-enheder":
            per_unit = [s for _u in overview.units for s in sections]
            head = [*head, GOAL_HEAD]
            rows = [[*row, goal_text(overview, s)] for row, s in zip(rows, per_unit, strict=True)]
        out.append(replace(part, chart=chart, chart_caption=caption, head=head, rows=rows))
    return out


def with_goal_column(overview: Overview, rows: list[list[str]]) -> list[list[str]]:
    """The CSV's rows with the section's goal on each section row (items have none)."""
    if not overview.goals:
        return rows
    by_name = {f"{n} {s.title}": s for n, s in enumerate(overview.checklist.sections, 1)}
    at_section, at_item = CSV_HEAD.index("Afsnit"), CSV_HEAD.index("Punkt")
    out = []
    for row in rows:
        goal = overview.goals.get(by_name[row[at_section]].id)
        shown = number(goal, 2) if goal is not None and not row[at_item] else ""
        out.append([*row, shown])
    return out


def notes_of(overview: Overview) -> list[tuple[str, str, Round, str, str]]:
    """(item, unit, round, file, note) for every note of a counted file, item by item, then
    by unit, round and file name."""
    out = []
    for number_, _section, item in overview.numbered():
        for unit in overview.units:
            for round_ in overview.rounds:
                for entry in sorted(round_.entries, key=lambda e: e.name):
                    note = entry.answers.note(item.id).strip()
                    if entry.unit == unit and note:
                        out.append((f"{number_} {item.label}", unit, round_, entry.name, note))
    return out


NOTES_CSV_HEAD = ["Rundenøgle", "Runde", "Enhed", "Punkt", "Fil", "Note"]


def to_notes_csv(overview: Overview) -> str:
    """The notes as CSV for Danish Excel (as :func:`to_csv`): one note a row."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(NOTES_CSV_HEAD)
    writer.writerows(
        [round_.key, round_.title, unit, item, name, note]
        for item, unit, round_, name, note in notes_of(overview)
    )
    return buffer.getvalue()


def _table_html(part: Part) -> str:
    out = [f'<table class="ho-table {part.klass}"><caption>{esc(part.caption)}</caption>']
    out.append(
        "<thead><tr>"
        + "".join(f'<th scope="col">{esc(h)}</th>' for h in part.head)
        + "</tr></thead>"
    )
    out.append("<tbody>")
    for row in part.rows:
        out.append(
            f'<tr><th scope="row">{esc(row[0])}</th>'
            + "".join(f"<td>{esc(c)}</td>" for c in row[1:])
            + "</tr>"
        )
    out.append("</tbody></table>")
    return "".join(out)


def fragment(overview: Overview) -> str:
    """The overview as HTML, without the page around it: the same in the command line's file
    and on the handbook page (overblik.js builds it with the same rules)."""
    out = ['<div class="ho-overblik">']
    out.append(f"<h2>Overblik: {esc(overview.checklist.title)}</h2>")
    out.append(f'<p class="ho-lead">{esc(lead(overview))}</p>')
    for part in parts(overview):
        out.append(f"<h3>{esc(part.heading)}</h3>")
        if part.chart:
            figure = (
                f'<figure class="ho-figure">{part.chart}<figcaption>{esc(part.chart_caption)}'
                "</figcaption></figure>"
            )
            if part.wide:
                # With many units the heat map shrunk to the page had 3 px text: it keeps its
                # size and scrolls instead, by keyboard too.
                figure = (
                    f'<div class="ho-scroll" tabindex="0" role="region" '
                    f'aria-label="{esc(part.chart_caption)}">{figure}</div>'
                )
            out.append(figure)
        # A wide table scrolls on a phone; the region can take focus so the keyboard scrolls it.
        out.append(
            f'<div class="ho-scroll" tabindex="0" role="region" aria-label="{esc(part.caption)}">'
            f"{_table_html(part)}</div>"
        )
    out.append("</div>")
    return "".join(out)


def notes(overview: Overview) -> list[str]:
    """The rounds' notes, warnings (older versions carried over) and the files left out."""
    out = list(overview.round_notes)
    out += [f"{display_path(p.path)}: {p.message}" for p in overview.warnings]
    out += [f"{display_path(p.path)} er ikke talt med: {p.message}" for p in overview.skipped]
    return out


# -- The command line's files ------------------------------------------------------------------

STYLESHEET = Path(__file__).resolve().parent.parent / "static" / "checklist" / "overblik.css"
PAGE_STYLE = """
body { font-family: system-ui, sans-serif; max-width: 62rem; margin: 2rem auto; padding: 0 1rem;
       line-height: 1.5; color: #1a1a1a; background: #fff; }
@media (prefers-color-scheme: dark) { body { color: #e8e8e8; background: #131416; } }
"""


def to_html(overview: Overview) -> str:
    """A standalone page (lang="da"): the same overview as the handbook page, printable."""
    title = f"Overblik: {overview.checklist.title}"
    style = PAGE_STYLE + STYLESHEET.read_text(encoding="utf-8")
    remarks = notes(overview)
    extra = ""
    if remarks:
        extra = "<h2>Bemærkninger</h2><ul>" + "".join(f"<li>{esc(n)}</li>" for n in remarks)
        extra += "</ul>"
    return (
        "<!DOCTYPE html>\n"
        '<html lang="da">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{esc(title)}</title>\n<style>{style}</style>\n</head>\n"
        f"<body>\n<main>\n{fragment(overview)}\n{extra}\n<p><em>{esc(FOOTER)}</em></p>\n"
        "</main>\n</body>\n</html>\n"
    )


def to_markdown(overview: Overview) -> str:
    """The same tables as Markdown; each chart is replaced by its text description."""
    lines = [f"# Overblik: {_md(overview.checklist.title)}", "", _md(lead(overview)), ""]
    for part in parts(overview):
        lines += [f"## {_md(part.heading)}", ""]
        # (small multiples have a description each)
        for desc in re.findall(r"<desc[^>]*>(.*?)</desc>", part.chart):
            lines += [f"*{_md(html.unescape(desc))}*", ""]
        lines.append("| " + " | ".join(_md(h) for h in part.head) + " |")
        # numbers to the right; the last column is text where it names units or answers
        rule = ["---"] + ["---:"] * (len(part.head) - 1)
        if part.klass in ("ho-afsnit", "ho-varme", "ho-punkter"):
            rule[-1] = "---"
        if part.klass in ("ho-deltagere", "ho-noter"):
            rule = ["---"] * len(part.head)
        lines.append("| " + " | ".join(rule) + " |")
        for row in part.rows:
            lines.append("| " + " | ".join(_md(c) for c in row) + " |")
        lines.append("")
    remarks = notes(overview)
    if remarks:
        lines += ["## Bemærkninger", ""] + [f"- {_md(n)}" for n in remarks] + [""]
    lines += ["---", "", f"*{FOOTER}*", ""]
    return "\n".join(lines)


#: The round's sortable key and its dates in ISO form (a spreadsheet sorts and filters them as
#: they are), then one figure a row.
CSV_HEAD = [
    "Rundenøgle",
    "Runde",
    "Første dato",
    "Sidste dato",
    "Enhed",
    "Afsnit",
    "Punkt",
    "Niveau",
    "Antal svarfiler",
]


def csv_rows(overview: Overview) -> list[list[str]]:
    """Long format (one figure a row), easy to filter and pivot in a spreadsheet."""
    rows = []
    for r, round_ in enumerate(overview.rounds):
        span = [round_.key, round_.title, round_.first, round_.last]
        counts = {u: sum(1 for e in round_.entries if e.unit == u) for u in overview.units}
        for n, section in enumerate(overview.checklist.sections, 1):
            name = f"{n} {section.title}"
            rows.append(
                [
                    *span,
                    ALL_UNITS,
                    name,
                    "",
                    number(overview.sections[r][section.id], 2),
                    str(len(round_.entries)),
                ]
            )
            for unit, levels in overview.unit_sections[r].items():
                rows.append(
                    [
                        *span,
                        unit,
                        name,
                        "",
                        number(levels[section.id], 2),
                        str(counts[unit]),
                    ]
                )
            for i, item in enumerate(section.items, 1):
                text = f"{n}.{i} {item.label}"
                rows.append(
                    [
                        *span,
                        ALL_UNITS,
                        name,
                        text,
                        number(overview.items[r][item.id], 2),
                        str(len(round_.entries)),
                    ]
                )
                for unit, levels in overview.unit_items[r].items():
                    rows.append(
                        [
                            *span,
                            unit,
                            name,
                            text,
                            number(levels[item.id], 2),
                            str(counts[unit]),
                        ]
                    )
    return rows


def iso_date(shown: str) -> str:
    """15.1.2026 → 2026-01-15, the inverse of :func:`danish_date`; »–« (no date) stays."""
    if shown.count(".") != 2:
        return shown
    day, month, year = shown.split(".")
    return f"{year}-{int(month):02d}-{int(day):02d}"


def to_participation_csv(overview: Overview) -> str:
    """Who took part as CSV for Danish Excel (as :func:`to_csv`): one file a row, the rows
    and columns of the participation table, the date in ISO form (a spreadsheet sorts and
    filters it as it is) and a cell without a value left empty."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    head = participation_head(overview)
    writer.writerow(head)
    at = head.index("Dato")
    for row in overview.participants:
        shown = [iso_date(c) if n == at else c for n, c in enumerate(row)]
        writer.writerow(["" if c == "–" else c for c in shown])
    return buffer.getvalue()


def to_csv(overview: Overview) -> str:
    """CSV for Danish Excel: ';' between fields, decimal comma, CRLF; write it as UTF-8 with a
    BOM (``utf-8-sig``), which is how Excel recognises UTF-8."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow([*CSV_HEAD, GOAL_HEAD] if overview.goals else CSV_HEAD)
    rows = with_goal_column(overview, csv_rows(overview))
    writer.writerows(["" if c == "–" else c for c in row] for row in rows)
    return buffer.getvalue()
