"""The handbook's information model, read once from ubproject.toml.

This is the only place the package (and the tests) learn the need types, their prefixes,
the fields and their allowed values with the Danish word a reader sees, the link types with
their target types, and what each type must have. sphinx-needs reads the ``[needs]`` table of
the same file itself (``needs_from_toml`` in conf.py); the ``[handbog]`` table is ours.
"""

from __future__ import annotations

import difflib
import functools
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sphinx.application import Sphinx


#: The model's file name. The folder that holds it is the project: the command line looks for
#: it from the working folder upwards (:func:`find_project`), the way git looks for ``.git``.
FILE_NAME = "ubproject.toml"


class ModelError(ValueError):
    """ubproject.toml contradicts itself; the message says where and what to do.

    ``line_pattern`` finds the line to name when the message's table alone does not (a value
    of the wrong type sits in an array of tables that all look alike).
    """

    def __init__(self, message: str, line_pattern: str | None = None) -> None:
        super().__init__(message)
        self.line_pattern = line_pattern


@dataclass(frozen=True)
class NeedType:
    name: str  # the directive, e.g. "praksis"
    title: str  # what a reader sees, e.g. "Praksis"
    prefix: str  # e.g. "PR_"
    color: str
    article: str  # "en" or "et"

    @property
    def with_article(self) -> str:
        """The type as a message names it: "et hjælperedskab"."""
        return f"{self.article} {self.title.lower()}"


@dataclass(frozen=True)
class Field:
    name: str
    description: str
    #: allowed values in the order of the schema, each with its Danish word (empty: free text)
    words: Mapping[str, str]
    multiple: bool

    @property
    def values(self) -> tuple[str, ...]:
        return tuple(self.words)

    def word(self, value: str) -> str:
        """What a reader sees for ``value``; an unknown value is shown as it is."""
        return self.words.get(value, value)

    def heading(self, value: str) -> str:
        """The word at the start of a table cell, a heading or a sentence: "Casebesøg"."""
        word = self.word(value)
        return word[:1].upper() + word[1:]


@dataclass(frozen=True)
class LinkType:
    name: str
    outgoing: str
    incoming: str
    target_types: tuple[str, ...]


@dataclass(frozen=True)
class Requirement:
    """A field or link a need type must have, and what the editor must add."""

    option: str
    missing: str


@dataclass(frozen=True)
class Model:
    types: Mapping[str, NeedType]
    fields: Mapping[str, Field]
    links: Mapping[str, LinkType]
    requirements: Mapping[str, tuple[Requirement, ...]]
    element_types: tuple[str, ...]
    practice_types: tuple[str, ...]
    id_regex: str
    #: the types that come from the report and so name the report's section (``afsnit``)
    report_types: tuple[str, ...] = ()
    #: a municipal edition's own types (handbog.kommune), never in the core's pages
    local_types: tuple[str, ...] = ()

    def type_of_id(self, need_id: str) -> NeedType | None:
        return next((t for t in self.types.values() if need_id.startswith(t.prefix)), None)

    def prefixes(self, types: tuple[str, ...] | list[str]) -> tuple[str, ...]:
        return tuple(self.types[t].prefix for t in types)

    def described(self, types: tuple[str, ...] | list[str]) -> str:
        """ "en praksis (PR_), et hjælperedskab (HR_) eller et kerneelement (KE_)"."""
        parts = [f"{self.types[t].with_article} ({self.types[t].prefix})" for t in types]
        return " eller ".join([", ".join(parts[:-1]), parts[-1]]) if len(parts) > 1 else parts[0]

    def id_pattern(self, types: tuple[str, ...] | list[str]) -> str:
        """A regular expression for the IDs of ``types``, in the form ``id_regex`` gives."""
        alternatives = "|".join(p.rstrip("_") for p in self.prefixes(types))
        return re.sub(r"^\^\([^)]*\)", f"^({alternatives})", self.id_regex)

    def missing_message(self, requirement: Requirement) -> str:
        field = self.fields.get(requirement.option)
        if field is not None and field.words:
            return f"{requirement.missing} ({', '.join(field.values)})"
        return requirement.missing


def _field(name: str, spec: Mapping[str, Any], words: Mapping[str, str]) -> Field:
    schema = spec.get("schema", {})
    multiple = schema.get("type") == "array"
    values = (schema.get("items", {}) if multiple else schema).get("enum", [])
    if set(values) != set(words):
        raise ModelError(
            f"ubproject.toml: feltet {name!r} tillader {sorted(values)}, men [handbog.ord.{name}] "
            f"giver ord for {sorted(words)}. Giv hver tilladt værdi præcis ét ord."
        )
    return Field(
        name=name,
        description=spec.get("description", ""),
        words={value: words[value] for value in values},
        multiple=multiple,
    )


#: The values of a need type that must be text: sphinx-needs would take ``prefix = 3`` without a
#: word and then match no ID at all.
_TEXT_KEYS = ("directive", "title", "prefix", "color")


def _check_types(needs: Mapping[str, Any]) -> None:
    for spec in needs["types"]:
        for key in _TEXT_KEYS:
            value = spec.get(key, "")
            if not isinstance(value, str):
                raise ModelError(
                    f"ubproject.toml: typen {spec.get('directive')!r} har {key} = {value!r}, men "
                    f"{key} skal være en tekst i anførselstegn, fx {key} = "
                    f'"{_TEXT_EXAMPLES[key]}".',
                    line_pattern=rf"^\s*{key}\s*=\s*{re.escape(str(value))}\s*(#.*)?$",
                )
    names = [spec["directive"] for spec in needs["types"]]
    for link, spec in needs.get("links", {}).items():
        targets = spec.get("target_types", [])
        for target in targets if isinstance(targets, list) else [targets]:
            if target not in names:
                guess = difflib.get_close_matches(str(target), names, n=1)
                hint = f" Mente du {guess[0]!r}?" if guess else ""
                raise ModelError(
                    f"ubproject.toml: [needs.links.{link}] har target_types med {target!r}, som "
                    f"ikke er en af modellens typer ({', '.join(names)}).{hint}",
                    line_pattern=rf"^\s*target_types\s*=.*{re.escape(repr(target)[1:-1])}",
                )


_TEXT_EXAMPLES = {"directive": "praksis", "title": "Praksis", "prefix": "PR_", "color": "#D0E8B7"}


def from_toml(data: Mapping[str, Any]) -> Model:
    needs, own = data["needs"], data.get("handbog", {})
    _check_types(needs)
    articles = own.get("kendeord", {})
    types = {
        t["directive"]: NeedType(
            t["directive"],
            t["title"],
            t["prefix"],
            t.get("color", ""),
            articles.get(t["directive"], ""),
        )
        for t in needs["types"]
    }
    if missing := sorted(set(types) - set(articles)):
        raise ModelError(f"ubproject.toml: [handbog.kendeord] mangler {', '.join(missing)}.")
    words = own.get("ord", {})
    fields = {
        name: _field(name, spec, words.get(name, {}))
        for name, spec in needs.get("fields", {}).items()
    }
    links = {
        name: LinkType(name, spec["outgoing"], spec["incoming"], tuple(spec["target_types"]))
        for name, spec in needs.get("links", {}).items()
    }
    known = set(fields) | set(links)
    requirements: dict[str, tuple[Requirement, ...]] = {}
    for type_name, rules in own.get("krav", {}).items():
        if type_name not in types:
            raise ModelError(f"ubproject.toml: [handbog.krav] nævner typen {type_name!r}.")
        for rule in rules:
            if rule["felt"] not in known:
                raise ModelError(
                    f"ubproject.toml: [handbog.krav].{type_name} kræver {rule['felt']!r}, "
                    "som hverken er et felt eller en link-type."
                )
        requirements[type_name] = tuple(Requirement(r["felt"], r["mangler"]) for r in rules)
    groups = own.get("grupper", {})
    return Model(
        types=types,
        fields=fields,
        links=links,
        requirements=requirements,
        element_types=tuple(groups.get("elementer", ())),
        practice_types=tuple(groups.get("praksisser", ())),
        id_regex=needs.get("id_regex", ""),
        report_types=tuple(groups.get("fra_rapporten", ())),
        local_types=tuple(groups.get("lokale", ())),
    )


def load(path: Path) -> Model:
    """The model of ``path``, read again only when the file has changed.

    There is no default: the model is always the one of the project at hand (conf.py's
    ``needs_from_toml`` in a build, the project found by the command line), never a file
    beside the package, which an installed wheel does not have.
    """
    resolved = Path(path).resolve()
    return _load(resolved, resolved.stat().st_mtime_ns)


@functools.cache
def _load(path: Path, _mtime_ns: int) -> Model:
    with open(path, "rb") as stream:
        return from_toml(tomllib.load(stream))


def find_project(start: Path) -> Path | None:
    """The nearest folder from ``start`` upwards that holds the model, or None."""
    start = start.resolve()
    return next((d for d in (start, *start.parents) if (d / FILE_NAME).is_file()), None)


#: tomllib's descriptions of common mistakes, in Danish.
_TOML_PROBLEMS = {
    "Invalid value": "en værdi er ugyldig (mangler den anførselstegn?)",
    "Expected '=' after a key": "der mangler et '=' efter et navn",
    "Unclosed array": "en liste [ … ] bliver ikke lukket",
    "Unterminated string": "en tekst i anførselstegn bliver ikke lukket",
    "Illegal character": "et tegn er ikke tilladt her",
    "Cannot declare": "den samme tabel står to gange",
    "Cannot overwrite a value": "det samme navn står to gange",
    "Invalid statement": "linjen er hverken 'navn = værdi' eller en [tabel]",
    "Expected newline or end of document": "der står noget efter værdien på samme linje",
}


def toml_error(exc: tomllib.TOMLDecodeError) -> tuple[int, str]:
    """A TOML syntax error in Danish: the line (0: unknown) and the message."""
    # Python 3.11 keeps the position only in the message: "... (at line 3, column 5)".
    english = str(exc)
    where = re.search(r"\(at line (\d+), column (\d+)\)", english)
    plain = re.sub(r"\s*\(at line.*$", "", english)
    danish = next((d for k, d in _TOML_PROBLEMS.items() if plain.startswith(k)), plain)
    if where is None:
        return 0, danish
    return int(where[1]), f"{danish} (linje {where[1]}, kolonne {where[2]})"


def problem(path: Path) -> tuple[int, str] | None:
    """Why ``path`` cannot be the model: the line (0: unknown) and a Danish message."""
    try:
        with open(path, "rb") as stream:
            data = tomllib.load(stream)
    except FileNotFoundError:
        return 0, f"filen {path} findes ikke"
    except tomllib.TOMLDecodeError as exc:
        return toml_error(exc)
    try:
        from_toml(data)
    except ModelError as exc:
        # the table the message names, e.g. [handbog.ord.grundlag], is where to look
        table = re.search(r"\[(handbog\.[\w.]+)\]", str(exc))
        lines = path.read_text(encoding="utf-8").splitlines()
        line = next((n for n, t in enumerate(lines, 1) if table and t.strip() == table[0]), 1)
        if exc.line_pattern:
            pattern = re.compile(exc.line_pattern)
            line = next((n for n, t in enumerate(lines, 1) if pattern.search(t)), line)
        return line, str(exc)
    except (KeyError, TypeError) as exc:
        return 0, f"ubproject.toml mangler {exc} i [needs] eller [handbog]."
    return None


def path_of_app(app: Sphinx) -> Path:
    """The model file of the project Sphinx is building: conf.py's ``needs_from_toml``
    (relative to conf.py's folder, as sphinx-needs reads it), else ubproject.toml beside
    conf.py. Never the package's folder: an installed package has no model of its own."""
    configured = getattr(app.config, "needs_from_toml", None) or FILE_NAME
    return Path(app.confdir, configured).resolve()


def of_app(app: Sphinx) -> Model:
    """The model of the project Sphinx is building."""
    return load(path_of_app(app))
