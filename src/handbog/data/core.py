"""Reading and checking the handbook's data files: glossary terms and checklists (YAML) and
checklist answers (JSON).

This is the one place that knows how such a file is read with the line and column of every
value, how it is checked against its JSON Schema in ``src/handbog/schemas/``, and how a problem
is told in Danish: which file, line and column, what is wrong and how to fix it. Each kind of
file describes itself with a :class:`DataFormat` and adds only its own rules::

    glossary/tidlig-indsats.yaml:4:8: kilde: skal være en liste, ikke 'KI_VIVE2023'. ...
"""

from __future__ import annotations

import copy
import difflib
import hashlib
import json
import os
import pickle
import tempfile
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import cache
from pathlib import Path
from typing import Any, NamedTuple, TypeVar, cast

import jsonschema
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.scalarstring import FoldedScalarString, LiteralScalarString

from handbog.data import privacy
from handbog.data.privacy import SOURCE_MESSAGE, cpr_lines

SCHEMAS = Path(__file__).resolve().parent.parent / "schemas"

#: A place in a data file: keys of mappings and indexes of lists, from the top.
DataPath = Sequence[str | int]


# -- Problems ----------------------------------------------------------------------------------


def display_path(path: Path | str, base: Path | None = None) -> str:
    """The path relative to ``base`` (the working folder by default) when it lies below it,
    which keeps messages short; otherwise the path as given."""
    try:
        relative = os.path.relpath(path, base or Path.cwd())
    except ValueError:  # another drive on Windows
        return str(path)
    return str(path) if Path(relative).parts[:1] == ("..",) else relative


@dataclass(frozen=True)
class Problem:
    """One problem: where (file, 1-based line and column; 0 when unknown) and what."""

    path: Path
    line: int
    column: int
    message: str

    def __str__(self) -> str:
        where = display_path(self.path)
        if self.line:
            where += f":{self.line}"
            if self.column:
                where += f":{self.column}"
        return f"{where}: {self.message}"


def nearest(word: str, options: Iterable[str], n: int = 1) -> list[str]:
    """The options closest to a misspelt word, best first (none when nothing is close)."""
    return difflib.get_close_matches(word, list(options), n=n, cutoff=0.6)


def did_you_mean(word: str, options: Iterable[str], n: int = 1, quote: bool = True) -> str:
    """ " Mente du 'a' eller 'b'?" for the options closest to ``word``; "" when none is close."""
    near = nearest(word, options, n)
    if not near:
        return ""
    return f" Mente du {' eller '.join(repr(x) if quote else x for x in near)}?"


# -- What a kind of data file is ---------------------------------------------------------------


class Part(NamedTuple):
    """How one item of a list (or one entry of a mapping) is named in messages."""

    noun: str
    #: the field whose value names an item, as in "punkt 'sig-det-tidligt'"
    key: str = "id"


@dataclass(frozen=True, eq=False)
class DataFormat:
    """What the core needs to know about one kind of data file to read it and to explain its
    problems."""

    #: the file name in src/handbog/schemas/
    schema_name: str
    #: the first fields of a YAML file, for "the file must be fields": "'term: …', 'definition: …'"
    fields: str = ""
    #: what to do about an empty YAML file
    when_empty: str = ""
    #: what a value with a pattern must look like, by field ("kilde") or by field in its
    #: container ("citat.kilde", which wins)
    pattern_help: Mapping[str, str] = field(default_factory=dict)
    #: lists and mappings whose items have a name of their own, by the field holding them
    parts: Mapping[str, Part] = field(default_factory=dict)
    #: advice after the message for a schema keyword: {"maxLength": "Skriv kortere."}
    advice: Mapping[str, str] = field(default_factory=dict)
    #: an unknown field is reported at its key (the line an editor fixes), or, in a file a
    #: program writes, at the mapping that holds it (the answer it belongs to)
    unknown_at_key: bool = True

    @property
    def schema_path(self) -> Path:
        return SCHEMAS / self.schema_name

    @property
    def schema_comment(self) -> str:
        """The first line of every file: editors get completion and errors from it."""
        return f"# yaml-language-server: $schema=../src/handbog/schemas/{self.schema_name}"

    def schema(self) -> dict[str, Any]:
        return _schema(self.schema_path)


@cache
def _schema(path: Path) -> dict[str, Any]:
    schema: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return schema


# -- Reading -----------------------------------------------------------------------------------


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


def yaml_error(exc: MarkedYAMLError) -> tuple[int, int, str]:
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


#: What identifies one version of a file on disk: a file saved again gets a new stamp.
_Stamp = tuple[int, int, int, int]


@dataclass(frozen=True)
class _Read:
    stamp: _Stamp
    data: CommentedMap | None
    problems: tuple[Problem, ...]


#: Each data file parsed once per version: (resolved path, schema) -> the last reading.
#: A build asks for the same glossary term or checklist many times (the directive on its
#: page, the overview, the glossary, the checks, the additions): 132 parses of about 40
#: files in one clean build before this cache. Keyed by the file's stamp rather than kept
#: for one build, so that ``nox -s live`` (one process, many builds) sees every saved edit.
_READS: dict[tuple[Path, str], _Read] = {}


@dataclass
class _Store:
    """Where the readings are kept between builds (see :func:`keep_readings`)."""

    path: Path
    loaded: bool = False
    #: the readings as loaded or last saved: saved again only when they differ
    saved: dict[tuple[Path, str], _Read] = field(default_factory=dict)
    saved_derived: dict[tuple[Path, str], tuple[_Stamp, Any]] = field(default_factory=dict)


_STORE: _Store | None = None

_T = TypeVar("_T")

#: What other modules make from a data file's text (e.g. the prose the editor checks read),
#: kept like the readings: (resolved path, what and by which code) -> (stamp, the result).
_DERIVED: dict[tuple[Path, str], tuple[_Stamp, Any]] = {}


def _code_digest() -> str:
    """The code that makes a reading: a reading kept by other code is not used."""

    digest = hashlib.sha256()
    for module in (__file__, privacy.__file__):
        digest.update(Path(module).read_bytes())
    return digest.hexdigest()


def keep_readings(path: Path | None) -> None:
    """Keep the readings in ``path`` between builds (None: in this process only).

    A rebuild is a new process: without this, the first page that needs the glossary in an
    incremental build parses every term file again (about a quarter of a second for the
    handbook's). A reading is still used only while its file's stamp is the same."""
    global _STORE
    _STORE = _Store(Path(path)) if path is not None else None


def _load_store() -> None:
    store = _STORE
    if store is None or store.loaded:
        return
    store.loaded = True
    try:
        with store.path.open("rb") as stream:
            code, readings, derived = pickle.load(stream)
    except Exception:  # noqa: BLE001 (missing, from another version, damaged: parse again)
        return
    if code != _code_digest() or not isinstance(readings, dict) or not isinstance(derived, dict):
        return
    for key, reading in readings.items():
        _READS.setdefault(key, reading)
    for key, made in derived.items():
        _DERIVED.setdefault(key, made)
    store.saved = dict(readings)
    store.saved_derived = dict(derived)


def save_readings() -> None:
    """Write the readings of existing files to the place :func:`keep_readings` named."""
    store = _STORE
    if store is None:
        return
    _load_store()
    readings = {key: r for key, r in _READS.items() if _stamp(key[0]) == r.stamp}
    derived = {key: made for key, made in _DERIVED.items() if _stamp(key[0]) == made[0]}
    if readings == store.saved and derived.keys() == store.saved_derived.keys():
        return
    store.path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=store.path.parent, suffix=".tmp")
    with os.fdopen(handle, "wb") as stream:
        pickle.dump((_code_digest(), readings, derived), stream, pickle.HIGHEST_PROTOCOL)
    os.replace(temporary, store.path)  # two builds at once: each writes a whole file
    store.saved = readings
    store.saved_derived = derived


@cache
def code_stamp(module_file: str) -> str:
    """A short digest of a module's code, for :func:`derived`'s ``what``: a result kept by an
    older version of the code that made it is made again."""
    return hashlib.sha256(Path(module_file).read_bytes()).hexdigest()[:16]


def derived(path: Path, what: str, make: Callable[[], _T]) -> _T:
    """What ``make`` makes of the file at ``path``, made again only when the file changes and
    kept between builds with the readings. ``what`` names the result and must change with
    everything else it depends on (the code that makes it, the settings it is made with)."""
    stamp = _stamp(path)
    if stamp is None:
        return make()
    _load_store()
    key = (path.resolve(), what)
    earlier = _DERIVED.get(key)
    if earlier is None or earlier[0] != stamp:
        earlier = _DERIVED[key] = (stamp, make())
    return cast(_T, earlier[1])


def data_file_stamps() -> list[tuple[str, _Stamp | None]]:
    """Every data file read so far (in this process or kept from earlier builds), each
    with its stamp now: None for a file that is gone."""
    _load_store()
    return [(str(path), _stamp(path)) for path in sorted({path for path, _ in _READS})]


def _stamp(path: Path) -> _Stamp | None:
    try:
        st = path.stat()
    except OSError:
        return None
    # mtime and size, as the issue asks; ctime and inode as well, because an editor that
    # saves by replacing the file, or a save within the file system's clock tick, can keep
    # the mtime and size of the version before
    return (st.st_mtime_ns, st.st_size, st.st_ctime_ns, st.st_ino)


def read_yaml(path: Path, fmt: DataFormat) -> tuple[CommentedMap | None, list[Problem]]:
    """Read a YAML data file, keeping the position of every key and value. The data is None
    when the file cannot be checked further; the problems are all those found so far.

    A file that has not changed since it was last read is not read again: the caller gets a
    copy of the earlier reading (its own to change), with its problems named by ``path`` as
    given."""
    path = Path(path)
    stamp = _stamp(path)
    if stamp is None:
        return _read_yaml(path, fmt)
    _load_store()
    key = (path.resolve(), fmt.schema_name)
    earlier = _READS.get(key)
    if earlier is None or earlier.stamp != stamp:
        data, problems = _read_yaml(path, fmt)
        earlier = _READS[key] = _Read(stamp, data, tuple(problems))
    problems = [p if p.path == path else replace(p, path=path) for p in earlier.problems]
    return copy.deepcopy(earlier.data), problems


def utf8_problem(data: bytes) -> tuple[int, int] | None:
    """(line, column) of the first byte that is not UTF-8, 1-based; None when all is."""
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = data[: exc.start]
        line = before.count(b"\n") + 1
        column = len(before) - (before.rfind(b"\n") + 1) + 1
        return line, column
    return None


def read_yaml_fields(
    path: Path, fmt: DataFormat, checks: Callable[[str], list[Problem]] | None = None
) -> tuple[CommentedMap | None, list[Problem]]:
    """What every YAML data file must be before its schema is checked: readable, UTF-8, YAML,
    not empty, and fields rather than a list. ``checks`` adds the problems of the file's
    text that do not stop the reading (the handbook's own files: see :func:`_read_yaml`).
    A coordinator's units file (handbog.checklists.units) is read with this alone."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return None, [Problem(path, 0, 0, "filen findes ikke. Tjek stien.")]
    except OSError as error:
        return None, [Problem(path, 0, 0, f"filen kan ikke læses ({error.strerror}).")]
    if (bad := utf8_problem(raw)) is not None:
        message = (
            "filen er ikke gemt som UTF-8 (fx æ, ø eller å gemt som Windows-tegn). Gem den igen "
            "med tegnsættet UTF-8."
        )
        return None, [Problem(path, *bad, message)]
    text = raw.decode("utf-8")
    problems = checks(text) if checks is not None else []
    try:
        data = YAML(typ="rt").load(text)
    except MarkedYAMLError as exc:
        line, column, what = yaml_error(exc)
        message = (
            f"filen er ikke gyldig YAML: {what}. Tjek indrykningen (mellemrum, ikke "
            "tabulatorer), kolonerne og bindestregerne; sæt tekster med ':' eller '#' i "
            "anførselstegn."
        )
        return None, [*problems, Problem(path, line, column, message)]
    if data is None:
        return None, [*problems, Problem(path, 1, 1, f"filen er tom. {fmt.when_empty}")]
    if not isinstance(data, CommentedMap):
        message = (
            f"filen skal være en række felter ({fmt.fields}), ikke en liste eller en enkelt værdi."
        )
        return None, [*problems, Problem(path, 1, 1, message)]
    return data, problems


def _read_yaml(path: Path, fmt: DataFormat) -> tuple[CommentedMap | None, list[Problem]]:
    def own_file(text: str) -> list[Problem]:
        # the handbook's own files: no CPR-like text, and the schema named on line 1
        problems = [Problem(path, line, column, SOURCE_MESSAGE) for line, column in cpr_lines(text)]
        first = text.splitlines()[0] if text.strip() else ""
        if first.strip() != fmt.schema_comment:
            problems.append(
                Problem(
                    path,
                    1,
                    1,
                    "første linje skal pege på skemaet, så editoren kan hjælpe: indsæt "
                    f"'{fmt.schema_comment}' som linje 1.",
                )
            )
        return problems

    return read_yaml_fields(path, fmt, own_file)


def json_positions(text: str) -> Any:
    """JSON text read again as YAML (which JSON is), only for the line and column of its
    values: the json module keeps none. None when ruamel.yaml reads it differently (a key
    given twice), and positions are then unknown."""
    try:
        return YAML(typ="rt").load(text)
    except YAMLError:
        return None


# -- Positions in a round-trip document --------------------------------------------------------


def _node_at(data: Any, path: DataPath) -> Any:
    node = data
    for key in path:
        try:
            node = node[key]
        except (KeyError, IndexError, TypeError):
            return None
    return node


def position(data: Any, path: DataPath) -> tuple[int, int]:
    """1-based (line, column) of the value at ``path``; of the nearest known parent when the
    path does not exist. A block scalar (``definition: >-``) starts on the line after its
    indicator, at a column the document does not keep (0)."""
    line, column = 0, 0
    lc = getattr(data, "lc", None)
    if lc is not None and lc.line is not None:
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
    else:
        if isinstance(node, (FoldedScalarString, LiteralScalarString)):
            return line + 2, 0
    return line + 1, column + 1


def key_position(data: Any, path: DataPath, key: Any) -> tuple[int, int]:
    """1-based (line, column) of a key in the mapping at ``path``."""
    node = _node_at(data, path)
    lc = getattr(node, "lc", None)
    if isinstance(node, CommentedMap) and lc is not None:
        try:
            line, column = lc.key(key)
            return line + 1, column + 1
        except (KeyError, TypeError):
            pass
    return position(data, path)


def start_position(data: Any, path: DataPath) -> tuple[int, int]:
    """1-based (line, column) where the mapping or list at ``path`` begins."""
    lc = getattr(_node_at(data, path), "lc", None)
    if lc is not None and lc.line is not None:
        return lc.line + 1, lc.col + 1
    return position(data, path)


# -- Checking against the JSON Schema, in Danish -----------------------------------------------


_TYPE_NAMES = {
    "string": "en tekst",
    "array": "en liste",
    "object": "en gruppe af felter",
    "integer": "et heltal",
    "boolean": "true eller false",
}


def field_name(data: Any, path: DataPath, parts: Mapping[str, Part]) -> str:
    """A readable name for a place in the file: "afsnit 'foer' › punkt 'sig-det-tidligt' ›
    tjekker nr. 2"."""
    names: list[str] = []
    node = data
    for index, key in enumerate(path):
        child = _node_at(node, [key])
        part = parts.get(str(path[index - 1])) if index else None
        if part and isinstance(key, int):
            ident = child.get(part.key) if isinstance(child, dict) else None
            named = isinstance(ident, (str, int))
            names[-1] = f"{part.noun} '{ident}'" if named else f"{part.noun} nr. {key + 1}"
        elif part:  # an entry of a mapping keyed by id, like the answers
            names[-1] = f"{part.noun} '{key}'"
        elif isinstance(key, int):
            names[-1] = f"{names[-1]} nr. {key + 1}"
        else:
            names.append(str(key))
        node = child
    return " › ".join(names) or "filen"


def _pattern_help(fmt: DataFormat, path: DataPath, pattern: str) -> str:
    """The help for a value with a pattern: by field in its container, else by field."""
    names = [str(p) for p in path if not isinstance(p, int)]
    for key in (".".join(names[-2:]), names[-1] if names else ""):
        if key in fmt.pattern_help:
            return fmt.pattern_help[key]
    return f"i formen {pattern}"


def _subschema(error: jsonschema.ValidationError) -> Mapping[str, Any]:
    """The part of the schema an error is about: an object for the keywords that have
    properties (``additionalProperties``, ``required``); ``True``/``False`` are whole schemas."""
    schema = error.schema
    return schema if isinstance(schema, Mapping) else {}


def describe(
    path: Path, data: Any, error: jsonschema.ValidationError, fmt: DataFormat
) -> list[Problem]:
    """Danish problems for one schema error, each at the position it is about."""
    where = list(error.absolute_path)
    name = field_name(data, where, fmt.parts)
    kind = error.validator
    # iter_errors sets these on every error it yields; the stubs also allow a sentinel for
    # "not given", which only a ValidationError made by hand has.
    instance: Any = error.instance
    value: Any = error.validator_value
    line, column = position(data, where)

    def at(message: str) -> list[Problem]:
        advice = fmt.advice.get(str(kind))
        return [Problem(path, line, column, f"{message} {advice}" if advice else message)]

    if kind == "additionalProperties":
        allowed = sorted(_subschema(error).get("properties", {}))
        problems = []
        for key in instance:
            if key in allowed:
                continue
            near = nearest(str(key), allowed)
            hint = f" — mente du '{near[0]}'?" if near else "."
            inside = f" Feltet står i {name};" if where else ""
            at_key = key_position(data, where, key) if fmt.unknown_at_key else (line, column)
            problems.append(
                Problem(
                    path,
                    *at_key,
                    f"ukendt felt '{key}'{hint}{inside} tilladte felter her: {', '.join(allowed)}.",
                )
            )
        return problems
    if kind == "required":
        props = _subschema(error).get("properties", {})
        # A misspelt key ('tjeker') is reported once, as unknown with a suggestion, not also
        # as the missing key it was meant to be.
        extra = [str(k) for k in instance if k not in props]
        missing = [p for p in value if p not in instance and not nearest(p, extra)]
        inside = f" i {name}" if where else ""
        return [
            Problem(
                path,
                *start_position(data, where),
                f"feltet '{m}' mangler{inside}. Tilføj '{m}: …': "
                f"{props.get(m, {}).get('description', '')}",
            )
            for m in missing
        ]
    if kind is None or error.schema is False:
        return at(f"{name}: feltet er ikke tilladt her.")
    if kind == "type":
        wanted: list[str] = value if isinstance(value, list) else [value]
        wanted_text = " eller ".join(_TYPE_NAMES.get(w, w) for w in wanted)
        fix = ""
        if "array" in wanted:
            fix = " Skriv det som en liste: '- værdi' på hver sin linje under feltet."
        elif "string" in wanted and isinstance(instance, (int, float, bool)):
            fix = f' Sæt værdien i anførselstegn: "{instance}".'
        elif "string" in wanted:
            fix = " Sæt teksten i anførselstegn, hvis den indeholder ':' eller begynder med '-'."
        elif "boolean" in wanted:
            fix = " Skriv true eller false uden anførselstegn."
        return at(f"{name}: skal være {wanted_text}, ikke {instance!r}.{fix}")
    if kind == "enum":
        options = ", ".join(f"'{v}'" for v in value)
        hint = did_you_mean(str(instance), [str(v) for v in value])
        return at(f"{name}: {instance!r} er ikke tilladt.{hint} Vælg en af: {options}.")
    if kind == "pattern":
        help_text = _pattern_help(fmt, where, value)
        return at(f"{name}: {instance!r} er ikke gyldigt; skal være {help_text}.")
    if kind == "minLength":
        return at(f"{name}: for kort (mindst {value} tegn). Skriv mere.")
    if kind == "maxLength":
        return at(f"{name}: for lang ({len(instance)} tegn, højst {value}).")
    if kind == "minItems":
        return at(f"{name}: skal have mindst {value} element(er).")
    if kind == "maxItems":
        return at(f"{name}: har {len(instance)} elementer, højst {value}.")
    if kind == "uniqueItems":
        return at(f"{name}: nævner den samme værdi to gange. Fjern dubletten.")
    if kind == "minimum":
        return at(f"{name}: skal være mindst {value}.")
    return at(f"{name}: {error.message}")


#: A kind's own message for a schema error: its problems, or None for the usual description.
Special = Callable[[jsonschema.ValidationError], list[Problem] | None]


def schema_problems(
    path: Path, data: Any, fmt: DataFormat, special: Special | None = None
) -> list[Problem]:
    """Every schema error of the data, described in Danish, in the order of the file."""
    problems: list[Problem] = []
    for error in jsonschema.Draft202012Validator(fmt.schema()).iter_errors(data):
        own = special(error) if special else None
        problems += describe(path, data, error, fmt) if own is None else own
    return sorted(problems, key=lambda p: (p.line, p.column))
