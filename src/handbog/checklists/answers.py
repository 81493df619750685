"""The answers file: one assessment of one checklist, as JSON (format ``handbog-tjeklistesvar``).

The browser form exports and imports this format and the command line reads and writes it, so
an assessment started in one can be finished, reported or compared in the other::

    {"format": "handbog-tjeklistesvar", "format_version": 1,
     "checklist": "foraeldremoede", "checklist_version": 1,
     "context": {"enhed": "Skole Ø, indskoling", "udfyldt_af": "socialfaglig medarbejder",
                 "dato": "2026-11-22"},
     "answers": {"foraeldre-foerst": {"value": "ja", "note": ""}},
     "created": "2026-11-22T10:00:00+01:00", "updated": "2026-11-22T10:05:00+01:00"}

Rules that protect the user's work: answers to items the checklist no longer has are kept and
reported, never dropped; a file from a newer format version is refused rather than misread;
answers to an older checklist version are carried over with a warning, while a version the
checklist never had, an unknown item or a value off the scale in the current version is an
error (see :func:`check_against`). Writing is atomic (a temporary file in the same
folder, then ``os.replace``), so an interrupted program never leaves half a file behind. Text
that looks like a CPR number is refused (see :mod:`.privacy`).
"""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
from dataclasses import dataclass, field
from datetime import date, datetime
from fractions import Fraction
from pathlib import Path
from typing import Any

from handbog.data.core import (
    DataFormat,
    Part,
    Problem,
    json_positions,
    position,
    schema_problems,
    utf8_problem,
)
from handbog.data.privacy import could_become_cpr, cpr_problem, mask_cpr

from .errors import AnswersError
from .model import Checklist
from .scoring import number

FORMAT = "handbog-tjeklistesvar"
#: The newest format version this code reads. Version 2 is version 1 plus the optional
#: ``context.runde`` (the phase of a repeated self-assessment: foer, under, efter); version 3
#: adds ``context.periode`` (the year or school year the phase belongs to, so that next
#: year's "før" is not pooled with this year's). An older file is read as it is (it simply
#: has no round or no period), so every old file stays valid.
FORMAT_VERSION = 3
#: The version written for a file without a round: readers that know only version 1 (an older
#: handbook's form or command line) keep opening such files.
BASE_FORMAT_VERSION = 1
_ID_HELP = "små bogstaver, tal og '-'"
DATA_FORMAT = DataFormat(
    "answers.schema.json",
    pattern_help={
        "dato": "en dato i formen ÅÅÅÅ-MM-DD, fx 2026-11-22",
        "periode": "et år, fx 2026, eller et skoleår, fx 2026/27",
        "answers": f"et punkt-id med {_ID_HELP}",
        "value": _ID_HELP,
        "checklist": f"et tjekliste-id med {_ID_HELP}",
    },
    parts={"answers": Part("svaret på punktet")},
    unknown_at_key=False,
)
SCHEMA_PATH = DATA_FORMAT.schema_path
CONTEXT_FIELDS: dict[str, str] = {
    "enhed": "enhed",
    "udfyldt_af": "udfyldt af",
    "dato": "dato",
}
#: The field of format version 2: which phase of a repeated assessment (see FORMAT_VERSION).
ROUND_FIELD = "runde"
#: The field of format version 3: the period the phase belongs to (see FORMAT_VERSION).
PERIOD_FIELD = "periode"
#: The format version each optional context field needs: a file is written in the lowest
#: version that carries its fields, so readers that know only an older version keep opening
#: files that do not use the newer fields.
FIELD_VERSIONS: dict[str, int] = {ROUND_FIELD: 2, PERIOD_FIELD: 3}
#: Every format version this code reads.
FORMAT_VERSIONS: tuple[int, ...] = tuple(range(BASE_FORMAT_VERSION, FORMAT_VERSION + 1))

#: The Danish messages about an answers file that the command line and the browser (the form
#: and the overview page) both give: one text each, here. The browser gets them through the
#: checklist contract (:mod:`.contract`) and fills the ``{names}`` the same way.
MESSAGES: dict[str, str] = {
    "not_json": "filen er ikke gyldig JSON{detail}. Er det en svarfil fra håndbogen?",
    "not_answers": "filen er ikke en svarfil fra håndbogen (feltet 'format' skal være '{format}').",
    "format_version": "filen har formatversion {version}, men denne udgave af håndbogen kan "
    "kun læse version {accepted}. Filen er ikke ændret. Opdater håndbogens værktøj (eller brug "
    "formularen i den nyeste udgave af håndbogen) for at åbne den.",
    "too_large": "filen fylder {size}, og en fil med svar fylder højst {limit}. Er det den "
    "rigtige fil?",
    "other_checklist": "svarene hører til tjeklisten '{answers}', ikke '{checklist}'.",
    "unknown_checklist": "svarene hører til tjeklisten '{answers}', som ikke findes i {known}.",
    "mixed_checklists": "filen hører til tjeklisten '{answers}', men overblikket samler svar "
    "til '{chosen}', som {count} af {total} filer hører til. Et overblik samler kun svar til "
    "én tjekliste: tag filen ud, eller lav et overblik for hver tjekliste.",
    "never_had": "filen siger, at svarene er givet til version {version} af tjeklisten "
    "'{checklist}', men tjeklisten har kun haft version 1 til {latest}. Filen er beskadiget "
    "eller lavet med en nyere udgave af håndbogen; brug den nyeste udgave.",
    "unknown_item": "punktet '{item}' findes ikke i version {version} af tjeklisten "
    "'{checklist}' (punkterne er: {known}).",
    "off_scale": "svaret '{value}' på punktet '{item}' findes ikke på tjeklistens skala; "
    "tilladt er: {allowed}.",
    "cpr_way_out": "Lav en renset kopi, hvor tallet er skiftet ud med »[fjernet]«: hent "
    "filen i tjeklistens formular på håndbogens side og gem den igen, eller brug "
    "'handbog tjekliste rens {file}'; originalen bliver ikke ændret.",
}


def clean_copy(path: Path) -> tuple[str, list[str]]:
    """The text of a copy of the answers file at ``path`` with every CPR-like number in its
    context and notes masked (:func:`handbog.data.privacy.mask_cpr`), and the fields that were
    changed.
    The copy is checked as any answers file is; raises :class:`AnswersError` when the file is
    not an answers file or has other faults, which masking cannot mend."""
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise AnswersError(
            Problem(
                path,
                0,
                0,
                answers_message("too_large", size=megabytes(size), limit=megabytes(MAX_FILE_BYTES)),
            )
        )
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError):
        data = None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise AnswersError(Problem(path, 1, 1, answers_message("not_answers", format=FORMAT)))
    changed = []
    context = data.get("context")
    if isinstance(context, dict):
        for key, label in CONTEXT_FIELDS.items():
            value = context.get(key)
            if isinstance(value, str) and could_become_cpr(value):
                context[key] = mask_cpr(value)
                changed.append(label)
    answers = data.get("answers")
    if isinstance(answers, dict):
        for item_id, answer in answers.items():
            note = answer.get("note") if isinstance(answer, dict) else None
            if isinstance(note, str) and could_become_cpr(note):
                answer["note"] = mask_cpr(note)
                changed.append(f"noten til '{item_id}'")
    text = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    parse_answers(text, path)
    return text, changed


#: How a saved answers file is named, in the form and by 'udfyld': the checklist, the unit,
#: the round and the date, so that the files of many units do not all come out as one name
#: and its »(1)« copies in a download folder. The form reads this through the contract.
FILE_NAME: dict[str, Any] = {
    "prefix": "tjekliste",
    "letters": {"æ": "ae", "ø": "oe", "å": "aa", "ä": "ae", "ö": "oe", "ü": "ue", "é": "e"},
    "longest_part": 40,
    "parts": ["enhed", PERIOD_FIELD, ROUND_FIELD, "dato"],
}


def name_part(text: str) -> str:
    """'Børnehuset Solsikken' → 'boernehuset-solsikken' (letters a-z, digits and '-')."""
    letters = FILE_NAME["letters"]
    plain = "".join(letters.get(c, c) for c in text.lower())
    part = "-".join(p for p in "".join(c if c in _NAME_CHARS else " " for c in plain).split())
    return part[: FILE_NAME["longest_part"]].strip("-")


_NAME_CHARS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789")


def file_name(checklist_id: str, context: dict[str, str]) -> str:
    """'tjekliste-boerneinddragelse-nordskolen-2026-foer-2026-01-15.json'."""
    parts = [name_part(context.get(key, "")) for key in FILE_NAME["parts"]]
    return "-".join([FILE_NAME["prefix"], checklist_id, *(p for p in parts if p)]) + ".json"


def answers_message(key: str, **values: object) -> str:
    """One of :data:`MESSAGES` with its ``{names}`` filled in."""
    return MESSAGES[key].format(**values)


def accepted_versions() -> str:
    """'1 og 2': the format versions this code reads, in Danish."""
    names = [str(v) for v in FORMAT_VERSIONS]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " og " + names[-1]


def now_iso() -> str:
    """The current local time, ISO 8601 with offset, to the second."""
    return datetime.now().astimezone().isoformat(timespec="seconds")


@dataclass
class Answer:
    value: str | None
    note: str = ""


@dataclass
class AnswerSet:
    """One assessment. Mutable: the command line fills it in item by item."""

    checklist: str
    checklist_version: int
    context: dict[str, str] = field(default_factory=dict)
    answers: dict[str, Answer] = field(default_factory=dict)
    created: str = field(default_factory=now_iso)
    updated: str = field(default_factory=now_iso)
    #: where it was read from (None for a new set)
    path: Path | None = field(default=None, compare=False)
    #: problems that do not stop the file from being used (shown to the user)
    warnings: list[Problem] = field(default_factory=list, compare=False)

    @classmethod
    def new(cls, checklist: Checklist, context: dict[str, str] | None = None) -> AnswerSet:
        return cls(checklist.id, checklist.version, dict(context or {}))

    def value(self, item_id: str) -> str | None:
        answer = self.answers.get(item_id)
        return answer.value if answer else None

    def note(self, item_id: str) -> str:
        answer = self.answers.get(item_id)
        return answer.note if answer else ""

    def set(self, item_id: str, value: str | None, note: str = "") -> None:
        """Record an answer; refuse a note that looks like a CPR number."""
        message = cpr_problem(note, f"noten til punktet '{item_id}'")
        if message:
            raise AnswersError(Problem(self.path or Path("<svar>"), 0, 0, message))
        self.answers[item_id] = Answer(value, note)

    @property
    def format_version(self) -> int:
        """The lowest format version that carries this set's context fields."""
        return max(
            [BASE_FORMAT_VERSION]
            + [version for key, version in FIELD_VERSIONS.items() if self.context.get(key)]
        )

    def to_json(self) -> dict[str, Any]:
        return {
            "format": FORMAT,
            "format_version": self.format_version,
            "checklist": self.checklist,
            "checklist_version": self.checklist_version,
            "context": dict(self.context),
            "answers": {
                key: {"value": answer.value, "note": answer.note}
                for key, answer in self.answers.items()
            },
            "created": self.created,
            "updated": self.updated,
        }


# -- Reading ---------------------------------------------------------------------------------

#: The largest answers file the browser form and the command line read. A filled-in copy of
#: the largest checklist, every note at its 2,000-character limit in letters of two or three
#: bytes, is about 200 kB; this leaves room for answers kept from older versions, and stays
#: far below the 5 MB or so a browser gives a whole site for storage, which all checklists
#: and their backups share. A larger file is not one of ours, and reading it could fill that.
MAX_FILE_BYTES = 1_000_000


def parse_answers(text: str, path: Path | str = "<svar>") -> AnswerSet:
    """Parse and check the text of an answers file; raise :class:`AnswersError` with every
    problem found."""
    path = Path(path)
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise AnswersError(
            Problem(
                path,
                exc.lineno,
                exc.colno,
                answers_message("not_json", detail=f" ({exc.msg})"),
            )
        ) from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise AnswersError(
            Problem(
                path,
                1,
                1,
                answers_message("not_answers", format=FORMAT),
            )
        )
    found: list[Any] = []

    def located() -> Any:
        """The data with the line and column of each value: read again only for a message,
        since the second reading (ruamel.yaml) takes 20 times as long as json, which was
        most of the time of an overview of 200 good files."""
        if not found:
            again = json_positions(text)
            found.append(data if again is None else again)
        return found[0]

    version = data.get("format_version")
    if isinstance(version, int) and not isinstance(version, bool) and version > FORMAT_VERSION:
        line, column = position(located(), ["format_version"])
        raise AnswersError(
            Problem(
                path,
                line,
                column,
                answers_message("format_version", version=version, accepted=accepted_versions()),
            )
        )
    problems = schema_problems(path, data, DATA_FORMAT)
    if problems:
        problems = schema_problems(path, located(), DATA_FORMAT)
    for stamp in ("created", "updated"):
        value = data.get(stamp)
        if isinstance(value, str):
            try:
                datetime.fromisoformat(value)
            except ValueError:
                line, column = position(located(), [stamp])
                problems.append(
                    Problem(
                        path,
                        line,
                        column,
                        f"{stamp}: {value!r} er ikke et tidspunkt i ISO 8601, fx "
                        "2026-11-22T10:00:00+01:00.",
                    )
                )
    raw_context = data.get("context")
    context: dict[str, Any] = raw_context if isinstance(raw_context, dict) else {}
    dato = context.get("dato")
    if isinstance(dato, str) and not problems:
        try:
            date.fromisoformat(dato)
        except ValueError:
            line, column = position(located(), ["context", "dato"])
            problems.append(
                Problem(path, line, column, f"dato: {dato!r} findes ikke i kalenderen.")
            )
    way_out = " " + answers_message("cpr_way_out", file=path.name)
    for key, label in CONTEXT_FIELDS.items():
        message = cpr_problem(
            context.get(key) if isinstance(context.get(key), str) else None, label
        )
        if message:
            line, column = position(located(), ["context", key])
            problems.append(Problem(path, line, column, message + way_out))
    answers_found = data.get("answers")
    raw_answers: dict[str, Any] = answers_found if isinstance(answers_found, dict) else {}
    for item_id, raw in raw_answers.items():
        note = raw.get("note") if isinstance(raw, dict) else None
        message = cpr_problem(note if isinstance(note, str) else None, f"noten til '{item_id}'")
        if message:
            line, column = position(located(), ["answers", item_id, "note"])
            problems.append(Problem(path, line, column, message + way_out))
    if problems:
        raise AnswersError(problems)
    answers = {
        str(item_id): Answer(raw.get("value"), raw.get("note", ""))
        for item_id, raw in raw_answers.items()
    }
    now = now_iso()
    return AnswerSet(
        checklist=data["checklist"],
        checklist_version=data["checklist_version"],
        context={k: str(v) for k, v in context.items()},
        answers=answers,
        created=data.get("created", now),
        updated=data.get("updated", now),
        path=path,
    )


#: The command-line flag that accepts a damaged answers file knowingly (see check_against).
ACCEPT_FLAG = "--accepter-fejl"


def check_against(
    answer_set: AnswerSet, checklist: Checklist, accept_errors: bool = False
) -> list[Problem]:
    """Check an answer set against its checklist, as strictly as the browser form does.

    Errors (:class:`AnswersError`, every one found): answers to another checklist; a checklist
    version the checklist never had (newer than its version, or below 1); and, in a file of the
    checklist's current version, an item the checklist does not have or a value off its scale.

    Answers to an *older* version are carried over as the browser carries them: the answers to
    items that remain count; answers to items the checklist no longer has, and values its scale
    no longer has, are kept in the file but not counted. The warning says which.

    ``accept_errors`` (the command line's ``--accepter-fejl``) turns the errors except a wrong
    checklist into warnings, so a damaged file can be used knowingly. Returns the warnings
    (and stores them on the set).
    """
    path = answer_set.path or Path("<svar>")
    if answer_set.checklist != checklist.id:
        raise AnswersError(
            Problem(
                path,
                0,
                0,
                answers_message(
                    "other_checklist", answers=answer_set.checklist, checklist=checklist.id
                )
                + " Vælg den rigtige tjekliste eller den rigtige fil.",
            )
        )
    warnings: list[Problem] = []
    errors: list[Problem] = []
    version = answer_set.checklist_version
    same_version = version == checklist.version
    known = [item.id for _section, item in checklist.items()]
    allowed = [step.value for step in checklist.scale]
    allowed_text = ", ".join(allowed)
    unknown = [item_id for item_id in answer_set.answers if item_id not in known]
    off_scale = [
        item_id
        for item_id, answer in answer_set.answers.items()
        if item_id in known and answer.value is not None and answer.value not in allowed
    ]
    if version > checklist.version or version < 1:
        errors.append(
            Problem(
                path,
                0,
                0,
                answers_message(
                    "never_had", version=version, checklist=checklist.id, latest=checklist.version
                ),
            )
        )
    elif not same_version:
        carried = [
            item_id
            for item_id, answer in answer_set.answers.items()
            if item_id in known
            and item_id not in off_scale
            and (answer.value is not None or answer.note)
        ]
        message = (
            f"svarene er givet til version {version} af tjeklisten, som nu er i version "
            f"{checklist.version}. Ført over: "
            + (f"{len(carried)} svar ({', '.join(carried)})" if carried else "ingen svar")
            + ". Se efter, om punkterne stadig passer."
        )
        if unknown:
            message += (
                f" Bevaret i filen, men ikke talt med ({len(unknown)} punkt(er), som "
                f"tjeklisten ikke har længere): {', '.join(unknown)}."
            )
        warnings.append(Problem(path, 0, 0, message))
        for item_id in off_scale:
            warnings.append(
                Problem(
                    path,
                    0,
                    0,
                    f"svaret {answer_set.answers[item_id].value!r} på punktet '{item_id}' "
                    f"findes ikke på tjeklistens skala ({allowed_text}). Det er bevaret, men "
                    "tælles som ubesvaret.",
                )
            )
    if same_version:
        for item_id in unknown:
            errors.append(
                Problem(
                    path,
                    0,
                    0,
                    answers_message(
                        "unknown_item",
                        item=item_id,
                        version=version,
                        checklist=checklist.id,
                        known=", ".join(known),
                    ),
                )
            )
        for item_id in off_scale:
            errors.append(
                Problem(
                    path,
                    0,
                    0,
                    answers_message(
                        "off_scale",
                        value=answer_set.answers[item_id].value,
                        item=item_id,
                        allowed=allowed_text,
                    ),
                )
            )
    if errors and not accept_errors:
        errors[-1] = Problem(
            path,
            errors[-1].line,
            errors[-1].column,
            errors[-1].message
            + f" Vil du bruge filen alligevel, så brug {ACCEPT_FLAG}: svarene, der ikke passer, "
            "bevares, men tælles ikke med.",
        )
        raise AnswersError(errors)
    for error in errors:
        warnings.append(
            Problem(
                path,
                0,
                0,
                f"accepteret med {ACCEPT_FLAG}: {error.message} Det er bevaret, men tælles ikke "
                "med.",
            )
        )
    answer_set.warnings = warnings
    return warnings


#: How a file size is shown: in MB of a million bytes, with two decimals below 0,1 MB.
MEGABYTE_RULE = {"megabyte": 1_000_000, "megabyte_two_decimals_below": 100_000}


def field_position(path: Path, key: str) -> tuple[int, int]:
    """(line, column) of a top-level field of an answers file, for a message about its value
    found after the file was read; (0, 0) when the file cannot say."""
    try:
        located = json_positions(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError):
        return 0, 0
    return position(located, [key]) if located is not None else (0, 0)


def megabytes(size: int) -> str:
    """A file size in Danish: ``1,0 MB`` (two decimals below 0,1 MB)."""
    decimals = 2 if size < MEGABYTE_RULE["megabyte_two_decimals_below"] else 1
    return f"{number(Fraction(size, MEGABYTE_RULE['megabyte']), decimals)} MB"


def read_answers(
    path: Path | str, checklist: Checklist | None = None, accept_errors: bool = False
) -> AnswerSet:
    """Read an answers file; with ``checklist``, also check it against the checklist (see
    :func:`check_against` for ``accept_errors``)."""
    path = Path(path)
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise AnswersError(
                Problem(
                    path,
                    0,
                    0,
                    answers_message(
                        "too_large", size=megabytes(size), limit=megabytes(MAX_FILE_BYTES)
                    ),
                )
            )
        raw = path.read_bytes()
    except FileNotFoundError:
        raise AnswersError(Problem(path, 0, 0, "filen findes ikke. Tjek stien.")) from None
    if (bad := utf8_problem(raw)) is not None:
        raise AnswersError(
            Problem(path, *bad, "filen er ikke gemt som UTF-8. Gem den igen med tegnsættet UTF-8.")
        )
    text = raw.decode("utf-8")
    answer_set = parse_answers(text, path)
    if checklist is not None:
        check_against(answer_set, checklist, accept_errors)
    return answer_set


# -- Writing ---------------------------------------------------------------------------------


def dump_answers(answer_set: AnswerSet) -> str:
    """The JSON text of an answer set (refuses text that looks like a CPR number)."""
    path = answer_set.path or Path("<svar>")
    problems = []
    for key, label in CONTEXT_FIELDS.items():
        message = cpr_problem(answer_set.context.get(key), label)
        if message:
            problems.append(Problem(path, 0, 0, message))
    for item_id, answer in answer_set.answers.items():
        message = cpr_problem(answer.note, f"noten til punktet '{item_id}'")
        if message:
            problems.append(Problem(path, 0, 0, message))
    if problems:
        raise AnswersError(problems)
    return json.dumps(answer_set.to_json(), ensure_ascii=False, indent=2) + "\n"


def write_answers(answer_set: AnswerSet, path: Path | str | None = None) -> Path:
    """Write atomically: the old file stays intact until the new one is complete."""
    target = Path(path) if path is not None else answer_set.path
    if target is None:
        raise ValueError("write_answers needs a path")
    answer_set.updated = now_iso()
    text = dump_answers(answer_set)
    directory = target.resolve().parent
    handle = tempfile.NamedTemporaryFile(
        "w",
        encoding="utf-8",
        dir=directory,
        prefix=f".{target.name}.",
        suffix=".tmp",
        delete=False,
    )
    try:
        with handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(handle.name, target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(handle.name)
        raise
    answer_set.path = target
    return target
