"""Read checklist YAML files, check them, and build :class:`~.model.Checklist` objects.

Three layers of checks, and every problem of a file is collected before anything is raised
(an editor fixes them all in one go, and no item is ever dropped silently):

1. YAML syntax (ruamel.yaml's round-trip loader keeps line and column of every key and value);
2. the JSON Schema ``schemas/checklist.schema.json`` (the same file editors get help from);
3. rules a schema cannot express: unique section, item and scale ids, a scale with steps that
   are and are not "på plads", sections used at a time the checklist names, and, across files,
   unique checklist ids and need IDs.

Whether the need IDs in ``tjekker`` exist is checked by the Sphinx side, which knows the needs;
here only their form: a prefix of a type ubproject.toml lets an item check (``tjekker``).
"""

from __future__ import annotations

import copy
import functools
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jsonschema import ValidationError
from ruamel.yaml.comments import CommentedMap

from handbog.data.core import (
    DataFormat,
    Part,
    Problem,
    display_path,
    key_position,
    position,
    read_yaml,
    schema_problems,
    start_position,
)
from handbog.model import Model

from .errors import ChecklistError
from .model import YES_NO_SCALE, Checklist, Item, ScaleStep, Section, checkable_types, need_id

#: What ``tjekker`` must look like, without a model: the form the schema gives.
_NEED_ID_HELP = (
    "et need-ID med store bogstaver, fx PR_FS_TILLID_MOEDER. Kilder (KI_) og andre tjekpunkter "
    "(TJ_) kan ikke tjekkes"
)

DATA_FORMAT = DataFormat(
    "checklist.schema.json",
    fields="'id: …', 'titel: …', 'afsnit: …'",
    when_empty="Skriv tjeklisten, eller slet filen.",
    pattern_help={
        "id": "små bogstaver a-z, tal og enkelte bindestreger, begyndende med et bogstav "
        "(æ/ø/å skrives ae/oe/aa), fx 'foraeldremoede'",
        "afsnit.id": "små bogstaver a-z, tal og enkelte bindestreger, begyndende med et "
        "bogstav, fx 'foer-moedet'",
        "punkter.id": "små bogstaver a-z, tal og enkelte bindestreger (æ/ø/å skrives "
        "ae/oe/aa), fx 'sig-det-tidligt'",
        "tjekker": _NEED_ID_HELP,
        "skala.vaerdi": "små bogstaver, tal og bindestreg, fx '0', '1', '2' eller 'delvist'",
    },
    parts={"afsnit": Part("afsnit"), "punkter": Part("punkt"), "skala": Part("trin", "vaerdi")},
    advice={
        "maxLength": "Skriv kortere; brug 'hjaelp' til forklaringen.",
        "maxItems": "Del afsnittet i to, eller skær ned: en tjekliste skal være kort.",
    },
)


@dataclass(frozen=True, eq=False)
class _ModelFormat(DataFormat):
    """The checklist format of one project: ``tjekker`` takes the IDs of the types the
    project's ubproject.toml lets an item check. The schema file's pattern is the handbook's
    own (it gives editors completion and errors while they type; a test proves it agrees with
    the handbook's model); a project with another model is checked against its own."""

    tjekker_pattern: str = ""

    def schema(self) -> dict[str, Any]:
        return _schema_with(self.schema_path, self.tjekker_pattern)


@functools.cache
def _schema_with(path: Path, tjekker_pattern: str) -> dict[str, Any]:
    schema = copy.deepcopy(DataFormat.schema(DATA_FORMAT))
    schema["$defs"]["punkt"]["properties"]["tjekker"]["items"]["pattern"] = tjekker_pattern
    return schema


def data_format(info: Model | None) -> DataFormat:
    """The format of a checklist of the project whose model is ``info``; without a model, the
    form of ``tjekker`` is the schema file's."""
    if info is None:
        return DATA_FORMAT
    checkable = checkable_types(info)
    help_ = {
        **DATA_FORMAT.pattern_help,
        "tjekker": f"et need-ID for {info.described(checkable)} med store bogstaver, fx "
        f"{info.prefixes(checkable)[0]}FS_TILLID_MOEDER. Andre need-ID'er (fx kilder og "
        "tjekpunkter) kan ikke tjekkes",
    }
    return _ModelFormat(
        DATA_FORMAT.schema_name,
        fields=DATA_FORMAT.fields,
        when_empty=DATA_FORMAT.when_empty,
        pattern_help=help_,
        parts=DATA_FORMAT.parts,
        advice=DATA_FORMAT.advice,
        tjekker_pattern=info.id_pattern(checkable),
    )


SCHEMA_PATH = DATA_FORMAT.schema_path
SCHEMA_COMMENT = DATA_FORMAT.schema_comment


# -- Messages of the checklist's own --------------------------------------------------------


def _scale_rules(data: CommentedMap, path: Path, error: ValidationError) -> list[Problem] | None:
    """The scale's rules (a graded checklist has one, a yes/no checklist has none) in messages
    of their own; None for every other schema error."""
    where = list(error.absolute_path)
    art = data.get("art")
    if art in ("do-confirm", "read-do") and where[:1] == ["skala"]:
        return []  # the scale is reported once, as not allowed at all
    if error.validator == "required" and not where and error.validator_value == ["skala"]:
        return [
            Problem(
                path,
                *key_position(data, [], "art"),
                "en selvvurdering skal have en 'skala' (trinene fra laveste til højeste, med "
                "'paa_plads: true' på de trin, der tæller som på plads). Tilføj 'skala:', eller "
                "vælg art 'do-confirm' eller 'read-do'.",
            )
        ]
    # "skala": false in the schema's else-branch; jsonschema reports it without a path, so it
    # is recognised by its instance
    if error.schema is False and "skala" in data and error.instance is data["skala"]:
        fixed = ", ".join(s.value for s in YES_NO_SCALE)
        return [
            Problem(
                path,
                *key_position(data, [], "skala"),
                f"en tjekliste af art '{art}' har en fast skala ({fixed}) og må ikke have "
                "'skala'. Fjern 'skala', eller sæt 'art: selvvurdering'.",
            )
        ]
    return None


def _as_list(value: Any) -> list[Any]:
    return list(value) if isinstance(value, list) else []


def _semantic_problems(path: Path, data: CommentedMap) -> list[Problem]:
    """The rules a JSON Schema cannot express. Defensive: runs on a file with schema errors
    too, so an editor sees every problem at once."""
    problems: list[Problem] = []

    def add(where: tuple[int, int], message: str) -> None:
        problems.append(Problem(path, where[0], where[1], message))

    checklist_when = [w for w in _as_list(data.get("hvornaar")) if isinstance(w, str)]
    seen_sections: dict[str, int] = {}
    seen_items: dict[str, tuple[int, str]] = {}
    for s_index, section in enumerate(_as_list(data.get("afsnit"))):
        if not isinstance(section, dict):
            continue
        section_id = section.get("id")
        if isinstance(section_id, str):
            where = position(data, ["afsnit", s_index, "id"])
            if section_id in seen_sections:
                add(
                    where,
                    f"afsnits-id '{section_id}' er brugt to gange (også linje "
                    f"{seen_sections[section_id]}). Giv hvert afsnit sit eget id.",
                )
            else:
                seen_sections[section_id] = where[0]
        section_when = section.get("hvornaar")
        if isinstance(section_when, str) and checklist_when and section_when not in checklist_when:
            add(
                position(data, ["afsnit", s_index, "hvornaar"]),
                f"afsnittet bruges '{section_when}', men tjeklistens 'hvornaar' nævner kun "
                f"{', '.join(checklist_when)}. Tilføj '{section_when}' til tjeklistens "
                "'hvornaar', eller ret afsnittets.",
            )
        for i_index, item in enumerate(_as_list(section.get("punkter"))):
            if not isinstance(item, dict) or not isinstance(item.get("id"), str):
                continue
            item_id = item["id"]
            where = position(data, ["afsnit", s_index, "punkter", i_index, "id"])
            if item_id in seen_items:
                first_line, first_section = seen_items[item_id]
                add(
                    where,
                    f"punkt-id '{item_id}' er brugt to gange i tjeklisten (første gang linje "
                    f"{first_line}, afsnit '{first_section}'). Et punkt-id skal være entydigt i "
                    "hele tjeklisten, fordi det bliver til need-ID'et og nøglen i svarfilerne. "
                    "Giv det ene punkt et nyt id.",
                )
            else:
                seen_items[item_id] = (where[0], str(section_id))
    seen_values: dict[str, int] = {}
    steps = [s for s in _as_list(data.get("skala")) if isinstance(s, dict)]
    for index, step in enumerate(_as_list(data.get("skala"))):
        if not isinstance(step, dict) or "vaerdi" not in step:
            continue
        value = str(step["vaerdi"])
        where = position(data, ["skala", index, "vaerdi"])
        if value in seen_values:
            add(
                where,
                f"skalaværdien '{value}' er brugt to gange (også linje {seen_values[value]}). "
                "Hvert trin skal have sin egen værdi, fx '0', '1', '2', '3'.",
            )
        else:
            seen_values[value] = where[0]
    flags = [s.get("paa_plads") for s in steps if isinstance(s.get("paa_plads"), bool)]
    if data.get("art") == "selvvurdering" and len(flags) == len(steps) >= 2:
        if not any(flags) or all(flags):
            add(
                key_position(data, [], "skala"),
                "skalaen skal have både trin, der tæller som på plads ('paa_plads: true'), og "
                "trin, der ikke gør ('paa_plads: false'); ellers kan tjeklisten ikke vise, hvad "
                "der mangler.",
            )
    return problems


def _build(path: Path, data: CommentedMap) -> Checklist:
    """The model objects from a file that has passed every check."""
    sections = []
    for s_index, raw in enumerate(data["afsnit"]):
        items = [
            Item(
                id=str(item["id"]),
                text=_text(item["tekst"]),
                help=_text(item["hjaelp"]) if "hjaelp" in item else None,
                tjekker=[str(t) for t in item["tjekker"]],
                line=start_position(data, ["afsnit", s_index, "punkter", i_index])[0],
                local_id=str(item["lokal"]["id"]) if "lokal" in item else "",
                local_mark=str(item["lokal"]["maerke"]) if "lokal" in item else "",
            )
            for i_index, item in enumerate(raw["punkter"])
        ]
        sections.append(
            Section(
                id=str(raw["id"]),
                title=_text(raw["titel"]),
                when=str(raw["hvornaar"]) if "hvornaar" in raw else None,
                who=_text(raw["hvem"]) if "hvem" in raw else None,
                items=items,
                line=start_position(data, ["afsnit", s_index])[0],
            )
        )
    if data["art"] == "selvvurdering":
        scale = [
            ScaleStep(str(s["vaerdi"]), _text(s["tekst"]), bool(s["paa_plads"]))
            for s in data["skala"]
        ]
    else:
        scale = list(YES_NO_SCALE)
    return Checklist(
        id=str(data["id"]),
        title=_text(data["titel"]),
        version=int(data["version"]),
        audience=[_text(a) for a in data["maalgruppe"]],
        kind=str(data["art"]),
        when=[str(w) for w in data["hvornaar"]],
        purpose=_text(data["formaal"]),
        scale=scale,
        sections=sections,
        source=path,
    )


def _text(value: Any) -> str:
    """A text value without the line breaks and indentation of a folded block."""
    return " ".join(str(value).split())


def check_file(
    path: Path | str, info: Model | None = None
) -> tuple[Checklist | None, list[Problem]]:
    """Read and check one checklist file; the checklist (None if there are problems) and
    every problem found. ``info``: the model of the project the checklist belongs to, whose
    types ``tjekker`` may name (see :func:`data_format`)."""
    path = Path(path)
    fmt = data_format(info)
    data, problems = read_yaml(path, fmt)
    if data is None:
        return None, problems
    problems += schema_problems(path, data, fmt, lambda e: _scale_rules(data, path, e))
    problems += _semantic_problems(path, data)
    problems.sort(key=lambda p: (p.line, p.column))
    if problems:
        return None, problems
    return _build(path, data), []


def load_checklist(path: Path | str, info: Model | None = None) -> Checklist:
    """Load one checklist file; raise :class:`ChecklistError` with all its problems."""
    checklist, problems = check_file(path, info)
    if problems:
        raise ChecklistError(problems)
    assert checklist is not None
    return checklist


def checklist_files(directory: Path | str) -> list[Path]:
    directory = Path(directory)
    return sorted(p for p in directory.glob("*.y*ml") if p.suffix in {".yaml", ".yml"})


def check_files(
    paths: Iterable[Path | str], info: Model | None = None
) -> tuple[dict[str, Checklist], list[Problem]]:
    """Check several files, and across them: unique checklist ids and need IDs."""
    checklists: dict[str, Checklist] = {}
    problems: list[Problem] = []
    need_owner: dict[str, tuple[Checklist, Item]] = {}
    for path in paths:
        checklist, file_problems = check_file(path, info)
        problems += file_problems
        if checklist is None:
            continue
        if checklist.id in checklists:
            other = checklists[checklist.id]
            line, column = _id_position(checklist.source)
            problems.append(
                Problem(
                    checklist.source,
                    line,
                    column,
                    f"tjeklisten har id '{checklist.id}', som {display_path(other.source)} "
                    "også har. Et tjekliste-id skal være entydigt: giv den ene tjekliste et "
                    "nyt id (og gerne filnavnet <id>.yaml).",
                )
            )
            continue
        clash = False
        for _section, item in checklist.items():
            ident = need_id(checklist, item)
            if ident in need_owner:
                other_list, other_item = need_owner[ident]
                clash = True
                problems.append(
                    Problem(
                        checklist.source,
                        item.line,
                        0,
                        f"punktet '{item.id}' får need-ID'et {ident}, som punktet "
                        f"'{other_item.id}' i {display_path(other_list.source)} også får. "
                        "Giv et af punkterne et andet id.",
                    )
                )
        if clash:
            continue
        for _section, item in checklist.items():
            need_owner[need_id(checklist, item)] = (checklist, item)
        checklists[checklist.id] = checklist
    return dict(sorted(checklists.items())), problems


def _id_position(path: Path) -> tuple[int, int]:
    data, _ = read_yaml(path, DATA_FORMAT)
    if isinstance(data, CommentedMap) and "id" in data:
        return position(data, ["id"])
    return 1, 1


def load_all(directory: Path | str, info: Model | None = None) -> dict[str, Checklist]:
    """Load every ``*.yaml`` in ``directory``, sorted by id; raise :class:`ChecklistError`
    with the problems of all files."""
    checklists, problems = check_files(checklist_files(directory), info)
    if problems:
        raise ChecklistError(problems)
    return checklists
