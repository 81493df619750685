"""Read checklist YAML files, check them, and build :class:`~.model.Checklist` objects.

Three layers of checks, and every problem of a file is collected before anything is raised
(an editor fixes them all in one go, and no item is ever dropped silently):

1. YAML syntax (ruamel.yaml's round-trip loader keeps line and column of every key and value);
2. the JSON Schema ``schemas/checklist.schema.json`` (the same file editors get help from);
3. rules a schema cannot express: unique section, item and scale ids, a scale with steps that
   are and are not "på plads", sections used at a time the checklist names, and, across files,
   unique checklist ids and need IDs.

Whether the need IDs in ``tjekker`` exist is checked by the Sphinx side, which knows the needs;
here only their form (prefix PR_/HR_/FO_/KE_/OP_) is checked.
"""

from __future__ import annotations

import difflib
import json
from collections.abc import Iterable, Sequence
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import MarkedYAMLError

from .errors import ChecklistError, Problem, display_path
from .model import YES_NO_SCALE, Checklist, Item, ScaleStep, Section, need_id

SCHEMA_PATH = Path(__file__).resolve().parent.parent / "schemas" / "checklist.schema.json"
#: The first line of every checklist file: editors get completion and errors from it.
SCHEMA_COMMENT = "# yaml-language-server: $schema=../src/handbog/schemas/checklist.schema.json"

# What the parts of a file are called in messages.
_CONTAINER_NAMES = {
    "afsnit": "et afsnit",
    "punkter": "et punkt",
    "skala": "et trin på skalaen",
}
_TYPE_NAMES = {
    "string": "en tekst",
    "array": "en liste",
    "object": "en gruppe af felter",
    "integer": "et heltal",
    "boolean": "true eller false",
}
_PATTERN_HELP = {
    "id": "små bogstaver a-z, tal og enkelte bindestreger, begyndende med et bogstav "
    "(æ/ø/å skrives ae/oe/aa), fx 'foraeldremoede'",
    "afsnit.id": "små bogstaver a-z, tal og enkelte bindestreger, begyndende med et bogstav, "
    "fx 'foer-moedet'",
    "punkter.id": "små bogstaver a-z, tal og enkelte bindestreger (æ/ø/å skrives ae/oe/aa), "
    "fx 'sig-det-tidligt'",
    "tjekker": "et need-ID for en praksis (PR_), et hjælperedskab (HR_), en forudsætning (FO_), "
    "et kerneelement (KE_) eller et opmærksomhedspunkt (OP_) med store bogstaver, fx "
    "PR_FS_TILLID_MOEDER. Kilder (KI_) og andre tjekpunkter (TJ_) kan ikke tjekkes",
    "skala.vaerdi": "små bogstaver, tal og bindestreg, fx '0', '1', '2' eller 'delvist'",
}


@cache
def schema() -> dict[str, Any]:
    return json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))


# -- Positions in a round-trip document ------------------------------------------------------


def _node_at(data: Any, path: Iterable[Any]) -> Any:
    node = data
    for key in path:
        try:
            node = node[key]
        except (KeyError, IndexError, TypeError):
            return None
    return node


def _position(data: Any, path: Sequence[Any]) -> tuple[int, int]:
    """1-based (line, column) of the value at ``path``; the nearest known parent otherwise."""
    line, column = 0, 0
    lc = getattr(data, "lc", None)
    if lc is not None:
        line, column = lc.line, lc.col
    node = data
    for key in path:
        lc = getattr(node, "lc", None)
        try:
            if isinstance(node, CommentedMap) and lc is not None:
                line, column = lc.value(key)
            elif isinstance(node, CommentedSeq) and lc is not None:
                line, column = lc.item(key)
            node = node[key]
        except (KeyError, IndexError, TypeError):
            break
    return line + 1, column + 1


def _key_position(data: Any, path: Sequence[Any], key: Any) -> tuple[int, int]:
    """1-based (line, column) of a key in the mapping at ``path``."""
    node = _node_at(data, path)
    lc = getattr(node, "lc", None)
    if isinstance(node, CommentedMap) and lc is not None:
        try:
            line, column = lc.key(key)
            return line + 1, column + 1
        except (KeyError, TypeError):
            pass
    return _position(data, path)


def _start_position(data: Any, path: Sequence[Any]) -> tuple[int, int]:
    """1-based (line, column) where the mapping or list at ``path`` begins."""
    node = _node_at(data, path)
    lc = getattr(node, "lc", None)
    if lc is not None and lc.line is not None:
        return lc.line + 1, lc.col + 1
    return _position(data, path)


# -- Describing schema errors in Danish ------------------------------------------------------


def _field_name(data: Any, path: Sequence[Any]) -> str:
    """A readable name for a place in the file: "afsnit 'foer' › punkt 'sig-det-tidligt' ›
    tjekker nr. 2"."""
    parts: list[str] = []
    node = data
    for index, key in enumerate(path):
        child = _node_at(node, [key])
        if isinstance(key, int):
            container = path[index - 1] if index else ""
            noun = {"afsnit": "afsnit", "punkter": "punkt", "skala": "trin"}.get(container)
            ident = child.get("id", child.get("vaerdi")) if isinstance(child, dict) else None
            if noun and isinstance(ident, (str, int)):
                parts[-1] = f"{noun} '{ident}'"
            elif noun:
                parts[-1] = f"{noun} nr. {key + 1}"
            else:
                parts[-1] = f"{parts[-1]} nr. {key + 1}"
        else:
            parts.append(str(key))
        node = child
    return " › ".join(parts) or "filen"


def _schema_key(path: Sequence[Any]) -> str:
    """The path without list indexes and with only the last container, for help lookups:
    ['afsnit', 0, 'punkter', 2, 'id'] → 'punkter.id'."""
    names = [p for p in path if not isinstance(p, int)]
    return ".".join(names[-2:]) if len(names) > 1 else (names[0] if names else "")


def _describe(data: Any, error: jsonschema.ValidationError) -> list[tuple[tuple[int, int], str]]:
    """Danish messages for one schema error, each with the position it is about."""
    path = list(error.absolute_path)
    name = _field_name(data, path)
    kind = error.validator
    here = _position(data, path)
    if kind == "additionalProperties":
        allowed = sorted(error.schema.get("properties", {}))
        results = []
        for key in error.instance:
            if key in allowed:
                continue
            near = difflib.get_close_matches(str(key), allowed, n=1, cutoff=0.6)
            hint = f" — mente du '{near[0]}'?" if near else "."
            where = f" Feltet står i {name};" if path else ""
            results.append(
                (
                    _key_position(data, path, key),
                    f"ukendt felt '{key}'{hint}{where} tilladte felter her: {', '.join(allowed)}.",
                )
            )
        return results
    if kind == "required":
        props = error.schema.get("properties", {})
        # A misspelt key ('tjeker') is reported once, as unknown with a suggestion, not also
        # as the missing key it was meant to be.
        extra = [str(k) for k in error.instance if k not in props]
        missing = [
            p
            for p in error.validator_value
            if p not in error.instance
            and not any(difflib.get_close_matches(k, [p], n=1, cutoff=0.6) for k in extra)
        ]
        if not missing:
            return []
        if path == [] and missing == ["skala"]:
            return [
                (
                    _key_position(data, [], "art"),
                    "en selvvurdering skal have en 'skala' (trinene fra laveste til højeste, "
                    "med 'paa_plads: true' på de trin, der tæller som på plads). Tilføj "
                    "'skala:', eller vælg art 'do-confirm' eller 'read-do'.",
                )
            ]
        container = _CONTAINER_NAMES.get(_schema_key([p for p in path if not isinstance(p, int)]))
        where = f" i {name}" if path else ""
        what = f" ({container})" if container and path else ""
        return [
            (
                _start_position(data, path),
                f"feltet '{m}' mangler{where}{what}. Tilføj '{m}: …': "
                f"{props.get(m, {}).get('description', '')}",
            )
            for m in missing
        ]
    if error.validator is None or error.schema is False:
        # "skala": false in the schema's else-branch: a scale on a yes/no checklist (jsonschema
        # reports it without a path, so it is recognised by its instance)
        if path == ["skala"] or (isinstance(data, dict) and error.instance is data.get("skala")):
            fixed = ", ".join(s.value for s in YES_NO_SCALE)
            art = data.get("art") if isinstance(data, dict) else "?"
            return [
                (
                    _key_position(data, [], "skala"),
                    f"en tjekliste af art '{art}' har en fast skala ({fixed}) og må ikke have "
                    "'skala'. Fjern 'skala', eller sæt 'art: selvvurdering'.",
                )
            ]
        return [(here, f"{name}: feltet er ikke tilladt her.")]
    if kind == "type":
        wanted = error.validator_value
        wanted = wanted if isinstance(wanted, list) else [wanted]
        wanted_text = " eller ".join(_TYPE_NAMES.get(w, w) for w in wanted)
        fix = ""
        if "array" in wanted:
            fix = " Skriv det som en liste: '- værdi' på hver sin linje under feltet."
        elif "string" in wanted and isinstance(error.instance, (int, float, bool)):
            fix = f' Sæt værdien i anførselstegn: "{error.instance}".'
        elif "string" in wanted:
            fix = " Sæt teksten i anførselstegn, hvis den indeholder ':' eller begynder med '-'."
        elif "boolean" in wanted:
            fix = " Skriv true eller false uden anførselstegn."
        return [(here, f"{name}: skal være {wanted_text}, ikke {error.instance!r}.{fix}")]
    if kind == "enum":
        options = ", ".join(f"'{v}'" for v in error.validator_value)
        near = difflib.get_close_matches(
            str(error.instance), [str(v) for v in error.validator_value], n=1, cutoff=0.6
        )
        hint = f" Mente du '{near[0]}'?" if near else ""
        return [(here, f"{name}: {error.instance!r} er ikke tilladt.{hint} Vælg en af: {options}.")]
    if kind == "pattern":
        key = _schema_key(path)
        help_text = _PATTERN_HELP.get(key) or _PATTERN_HELP.get(key.split(".")[-1])
        help_text = help_text or f"i formen {error.validator_value}"
        return [(here, f"{name}: {error.instance!r} er ikke gyldigt; skal være {help_text}.")]
    if kind == "minLength":
        return [(here, f"{name}: for kort (mindst {error.validator_value} tegn). Skriv mere.")]
    if kind == "maxLength":
        return [
            (
                here,
                f"{name}: for lang ({len(error.instance)} tegn, højst "
                f"{error.validator_value}). Skriv kortere; brug 'hjaelp' til forklaringen.",
            )
        ]
    if kind == "minItems":
        return [(here, f"{name}: skal have mindst {error.validator_value} element(er).")]
    if kind == "maxItems":
        return [
            (
                here,
                f"{name}: har {len(error.instance)} elementer, højst {error.validator_value}. "
                "Del afsnittet i to, eller skær ned: en tjekliste skal være kort.",
            )
        ]
    if kind == "uniqueItems":
        return [(here, f"{name}: nævner den samme værdi to gange. Fjern dubletten.")]
    if kind == "minimum":
        return [(here, f"{name}: skal være mindst {error.validator_value}.")]
    return [(here, f"{name}: {error.message}")]


# -- Reading one file ------------------------------------------------------------------------


#: ruamel.yaml's English descriptions of common mistakes, in Danish.
_YAML_PROBLEMS = {
    "while scanning a quoted scalar": "en tekst i anførselstegn bliver ikke lukket",
    "mapping values are not allowed here": "et kolon står, hvor det ikke må stå (sæt teksten "
    "i anførselstegn, hvis den indeholder ': ')",
    "could not find expected ':'": "der mangler et kolon efter et feltnavn",
    "found character '\\t' that cannot start any token": "en tabulator er brugt til indrykning",
    "found duplicate key": "det samme felt står to gange",
    "expected <block end>, but found": "indrykningen passer ikke med linjerne ovenover",
}


def _yaml_error(exc: MarkedYAMLError) -> tuple[int, int, str]:
    """(line, column, Danish description) of a YAML syntax error. When the scanner only
    notices the mistake at the end of the file (an unclosed quote), the line where the broken
    construct began is the one to fix."""
    problem = " ".join(str(exc.problem or "").split())
    context = " ".join(str(exc.context or "").split())
    mark = exc.problem_mark or exc.context_mark
    if exc.context_mark is not None and ("end of stream" in problem or not exc.problem_mark):
        mark = exc.context_mark
    danish = next(
        (text for key, text in _YAML_PROBLEMS.items() if key in context or key in problem),
        None,
    )
    english = "; ".join(part for part in (context, problem) if part) or "ugyldig YAML"
    what = f"{danish} ({english})" if danish else english
    if mark is None:
        return 1, 0, what
    return mark.line + 1, mark.column + 1, what


def _read_yaml(path: Path) -> tuple[Any, list[Problem]]:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None, [Problem(path, 0, 0, "filen findes ikke. Tjek stien.")]
    except UnicodeDecodeError as exc:
        return None, [Problem(path, 0, 0, f"filen er ikke gemt som UTF-8 ({exc.reason}).")]
    problems: list[Problem] = []
    first = text.splitlines()[0] if text.strip() else ""
    if first.strip() != SCHEMA_COMMENT:
        problems.append(
            Problem(
                path,
                1,
                1,
                "første linje skal pege på skemaet, så editoren kan hjælpe: indsæt "
                f"'{SCHEMA_COMMENT}' som linje 1.",
            )
        )
    try:
        data = YAML(typ="rt").load(text)
    except MarkedYAMLError as exc:
        line, column, what = _yaml_error(exc)
        return None, [
            *problems,
            Problem(
                path,
                line,
                column,
                f"filen er ikke gyldig YAML: {what}. Tjek indrykningen (mellemrum, ikke "
                "tabulatorer), kolonerne og bindestregerne; sæt tekster med ':' eller '#' i "
                "anførselstegn.",
            ),
        ]
    if data is None:
        return None, [
            *problems,
            Problem(path, 1, 1, "filen er tom. Skriv tjeklisten, eller slet filen."),
        ]
    if not isinstance(data, CommentedMap):
        return None, [
            *problems,
            Problem(
                path,
                1,
                1,
                "filen skal være en række felter ('id: …', 'titel: …', 'afsnit: …'), ikke en "
                "liste eller en enkelt værdi.",
            ),
        ]
    return data, problems


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
            where = _position(data, ["afsnit", s_index, "id"])
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
                _position(data, ["afsnit", s_index, "hvornaar"]),
                f"afsnittet bruges '{section_when}', men tjeklistens 'hvornaar' nævner kun "
                f"{', '.join(checklist_when)}. Tilføj '{section_when}' til tjeklistens "
                "'hvornaar', eller ret afsnittets.",
            )
        for i_index, item in enumerate(_as_list(section.get("punkter"))):
            if not isinstance(item, dict) or not isinstance(item.get("id"), str):
                continue
            item_id = item["id"]
            where = _position(data, ["afsnit", s_index, "punkter", i_index, "id"])
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
        where = _position(data, ["skala", index, "vaerdi"])
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
                _key_position(data, [], "skala"),
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
                line=_start_position(data, ["afsnit", s_index, "punkter", i_index])[0],
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
                line=_start_position(data, ["afsnit", s_index])[0],
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


def check_file(path: Path | str) -> tuple[Checklist | None, list[Problem]]:
    """Read and check one checklist file; the checklist (None if there are problems) and
    every problem found."""
    path = Path(path)
    data, problems = _read_yaml(path)
    if data is None:
        return None, problems
    validator = jsonschema.Draft202012Validator(schema())
    found: list[tuple[tuple[int, int], str]] = []
    yes_no = data.get("art") in ("do-confirm", "read-do")
    for error in validator.iter_errors(data):
        if yes_no and list(error.absolute_path)[:1] == ["skala"]:
            continue  # the scale is reported once, as not allowed at all
        found.extend(_describe(data, error))
    problems += [Problem(path, line, column, message) for (line, column), message in found]
    problems += _semantic_problems(path, data)
    problems.sort(key=lambda p: (p.line, p.column))
    if problems:
        return None, problems
    return _build(path, data), []


def load_checklist(path: Path | str) -> Checklist:
    """Load one checklist file; raise :class:`ChecklistError` with all its problems."""
    checklist, problems = check_file(path)
    if problems:
        raise ChecklistError(problems)
    assert checklist is not None
    return checklist


def checklist_files(directory: Path | str) -> list[Path]:
    directory = Path(directory)
    return sorted(p for p in directory.glob("*.y*ml") if p.suffix in {".yaml", ".yml"})


def check_files(paths: Iterable[Path | str]) -> tuple[dict[str, Checklist], list[Problem]]:
    """Check several files, and across them: unique checklist ids and need IDs."""
    checklists: dict[str, Checklist] = {}
    problems: list[Problem] = []
    need_owner: dict[str, tuple[Checklist, Item]] = {}
    for path in paths:
        checklist, file_problems = check_file(path)
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
    data, _ = _read_yaml(path)
    if isinstance(data, CommentedMap) and "id" in data:
        return _position(data, ["id"])
    return 1, 1


def load_all(directory: Path | str) -> dict[str, Checklist]:
    """Load every ``*.yaml`` in ``directory``, sorted by id; raise :class:`ChecklistError`
    with the problems of all files."""
    checklists, problems = check_files(checklist_files(directory))
    if problems:
        raise ChecklistError(problems)
    return checklists
