"""The glossary as data: one YAML file per term in glossary/, its rules, and new terms.

Why one file per term: a pull request that adds or changes a term touches one small file, so
diffs are clean and two editors never conflict in the same file (see CONTRIBUTING.md).

Reading and the schema check are the data core's (:mod:`handbog.data.core`); the rules here
are the glossary's own: each file is named after its term, no name leads to two terms, and
related terms, ``{term}`` references and sources exist. The Sphinx side that renders the
terms is :mod:`handbog.glossary.directive`; the command line is ``handbog ordliste``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator, Set
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pybtex.exceptions import PybtexError

from handbog.data.core import (
    DataFormat,
    Problem,
    did_you_mean,
    display_path,
    position,
    read_yaml,
    schema_problems,
)
from handbog.literature.bibliography import entry_keys, need_id_for_key
from handbog.model import Model

_NAME_HELP = "en tekst uden mellemrum i begyndelsen eller slutningen og uden tegnene { } ` < >"
DATA_FORMAT = DataFormat(
    "glossary.schema.json",
    fields="'term: …', 'definition: …'",
    when_empty="Udfyld mindst 'term' og 'definition', eller slet filen.",
    pattern_help={
        "kilde": "et kilde-ID med store bogstaver (KI_VIVE2023) eller en BibTeX-nøgle med små "
        "bogstaver fra docs/litteratur.bib (villumsen2011a)",
        "citat.kilde": "en BibTeX-nøgle med små bogstaver fra docs/litteratur.bib (villumsen2011a)",
        "term": _NAME_HELP,
        "synonymer": _NAME_HELP,
    },
    advice={
        "maxLength": "Skriv kortere; en ordliste giver korte definitioner og henviser til siderne.",
        "minItems": "Tilføj mindst én værdi, eller fjern feltet.",
    },
)
SCHEMA_PATH = DATA_FORMAT.schema_path
SCHEMA_COMMENT = DATA_FORMAT.schema_comment
SOURCE_ID = re.compile(r"^KI_[A-Z0-9]+(_[A-Z0-9]+)*$")
TERM_ROLE = re.compile(r"\{term\}`([^`]+)`")
TRANSLITERATION = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa", "ä": "ae", "ö": "oe", "é": "e"})
# Danish alphabetical order: æ, ø, å come after z (code points would put å first).
DANISH_ORDER = str.maketrans({"æ": "{", "ä": "{", "ø": "|", "ö": "|", "å": "}", "é": "e"})


@dataclass(frozen=True)
class Quote:
    text: str
    bibkey: str
    page: str | None


@dataclass(frozen=True)
class Term:
    """One glossary entry, as read from ``glossary/<slug>.yaml``."""

    path: Path
    term: str
    definition: str
    synonyms: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    see_also: tuple[str, ...] = ()
    quote: Quote | None = None
    addition: str | None = None
    #: a municipal edition's own term (handbog.kommune): its marker »Lokalt i …«
    local: str | None = None
    #: the file as read, for the position of each field in messages
    data: Any = field(default=None, compare=False, repr=False)

    @property
    def names(self) -> tuple[str, ...]:
        """Every name a ``{term}`` reference may use for this entry."""
        return (self.term, *self.synonyms)

    def at(self, *path: str | int) -> tuple[int, int]:
        """(line, column) of a field (``"kilde"``) or of one list item (``"kilde", 0``)."""
        return position(self.data, path)

    def line(self, *path: str | int) -> int:
        return self.at(*path)[0]


def slug(term: str) -> str:
    """The file name stem of a term: "børn i potentielt udsatte positioner" →
    "boern-i-potentielt-udsatte-positioner"."""
    text = term.casefold().translate(TRANSLITERATION)
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")


def danish_key(text: str) -> str:
    return text.casefold().translate(DANISH_ORDER)


def initial(text: str) -> str:
    """The letter a term is filed under (Æ, Ø and Å are letters of their own)."""
    return text[:1].upper()


# -- One file ----------------------------------------------------------------------------------


def read_term(path: Path) -> tuple[Term | None, list[Problem]]:
    """Read and check one glossary file against the JSON Schema and the naming rule."""
    data, problems = read_yaml(path, DATA_FORMAT)
    if data is None:
        return None, problems
    errors = schema_problems(path, data, DATA_FORMAT)
    if errors:
        return None, problems + errors
    term_text = str(data["term"])
    expected = slug(term_text) + ".yaml"
    if path.name != expected:
        problems.append(
            Problem(
                path,
                *position(data, ["term"]),
                f"filen for begrebet {term_text!r} skal hedde {expected} (begrebet med små "
                "bogstaver, æ/ø/å som ae/oe/aa, bindestreg for mellemrum). Omdøb filen med "
                f"'git mv {path.name} {expected}'.",
            )
        )
    quote = None
    if "citat" in data:
        raw = data["citat"]
        page = raw.get("side")
        quote = Quote(
            str(raw["tekst"]).strip(), str(raw["kilde"]), None if page is None else str(page)
        )
    term = Term(
        path=path,
        term=term_text,
        definition=str(data["definition"]).strip(),
        synonyms=tuple(str(s) for s in data.get("synonymer", [])),
        sources=tuple(str(s) for s in data.get("kilde", [])),
        see_also=tuple(str(s) for s in data.get("se_ogsaa", [])),
        quote=quote,
        addition=str(data["tilfoejelse"]).strip() if "tilfoejelse" in data else None,
        local=str(data["lokal"]).strip() if "lokal" in data else None,
        data=data,
    )
    return term, problems


# -- The whole glossary ----------------------------------------------------------------------


def glossary_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.glob("*.y*ml") if p.suffix in {".yaml", ".yml"})


def _cross_check(terms: list[Term], unreadable: Set[str] = frozenset()) -> Iterator[Problem]:
    """Checks across files: no name twice, related terms and {term} references exist.

    A reference to a term whose file could not be read (``unreadable``: file names without
    .yaml) is not reported again: the file's own problem is the one message.
    """
    owner: dict[str, tuple[Term, str]] = {}
    # Headwords first, so that a clash is reported in the file with the synonym.
    for term in terms:
        key = term.term.casefold()
        if key in owner:
            other = owner[key][0]
            yield Problem(
                term.path,
                *term.at("term"),
                f"begrebet {term.term!r} er allerede defineret i {other.path.name}. Et begreb "
                "har kun én fil: flet de to filer til én.",
            )
        else:
            owner[key] = (term, "begreb")
    for term in terms:
        for index, synonym in enumerate(term.synonyms):
            key = synonym.casefold()
            if key not in owner:
                owner[key] = (term, "synonym")
                continue
            other, kind = owner[key]
            if other is term:
                message = f"{synonym!r} står allerede i filen (som {kind}). Fjern dubletten."
            else:
                message = (
                    f"{synonym!r} er allerede defineret i {other.path.name} (som {kind}). Et "
                    "ord må kun føre til ét begreb: fjern det her eller dér, eller flet de to "
                    "filer."
                )
            yield Problem(term.path, *term.at("synonymer", index), message)
    headwords = {t.term for t in terms}
    for term in terms:
        for index, related in enumerate(term.see_also):
            if related == term.term:
                yield Problem(
                    term.path,
                    *term.at("se_ogsaa", index),
                    "et begreb kan ikke henvise til sig selv i 'se_ogsaa'. Fjern det.",
                )
            elif related not in headwords and slug(related) not in unreadable:
                yield Problem(
                    term.path,
                    *term.at("se_ogsaa", index),
                    f"'se_ogsaa' nævner {related!r}, som ikke er et begreb i ordlisten."
                    f"{did_you_mean(related, headwords, n=2)} Skriv begrebet præcis som dets "
                    "'term', eller opret det i glossary/.",
                )
        texts = [("definition", "definitionen", term.definition)]
        if term.addition:
            texts.append(("tilfoejelse", "tilføjelsen", term.addition))
        for field_name, noun, text in texts:
            for target in _term_targets(text):
                if target.casefold() not in owner and slug(target) not in unreadable:
                    yield Problem(
                        term.path,
                        *term.at(field_name),
                        f"{noun} henviser til {{term}}`{target}`, som ikke findes i "
                        f"ordlisten.{did_you_mean(target, owner, n=2)} Ret henvisningen, eller "
                        "opret begrebet.",
                    )


def _term_targets(text: str) -> list[str]:
    """The targets of the {term} roles in MyST text (``{term}`tekst <mål>``` too)."""
    targets = []
    for inner in TERM_ROLE.findall(text):
        match = re.search(r"<([^>]+)>\s*$", inner)
        targets.append((match.group(1) if match else inner).strip())
    return targets


def load_glossary(folder: Path) -> tuple[list[Term], list[Problem]]:
    """Every valid term of the folder, sorted the Danish way, and every problem found."""
    terms: list[Term] = []
    problems: list[Problem] = []
    unreadable: set[str] = set()
    for path in glossary_files(folder):
        term, found = read_term(path)
        problems.extend(found)
        if term is not None:
            terms.append(term)
        else:
            unreadable.add(path.stem)
    problems.extend(_cross_check(terms, unreadable))
    terms.sort(key=lambda t: danish_key(t.term))
    return terms, problems


def check_sources(
    terms: Iterable[Term], source_ids: set[str] | None, bibkeys: set[str]
) -> Iterator[Problem]:
    """Every ``kilde`` is a known source ID or BibTeX key; every quoted work is in the .bib.

    With ``source_ids`` None only BibTeX keys are checked (the build checks the IDs later,
    once every page's sources are known).
    """
    for term in terms:
        for index, source in enumerate(term.sources):
            is_id = bool(SOURCE_ID.match(source))
            if is_id and source_ids is None:
                continue
            known = source_ids if is_id and source_ids is not None else bibkeys
            if source in known:
                continue
            hint = did_you_mean(source, known, n=2, quote=False)
            what = "kilde-ID" if is_id else "BibTeX-nøgle"
            yield Problem(
                term.path,
                *term.at("kilde", index),
                f"'kilde' nævner {what}en {source}, som ikke findes.{hint} Ret den, eller "
                "tilføj værket til docs/litteratur.bib.",
            )
        if term.quote and term.quote.bibkey not in bibkeys:
            yield Problem(
                term.path,
                *term.at("citat"),
                f"citatet henviser til BibTeX-nøglen {term.quote.bibkey}, som ikke findes i "
                "docs/litteratur.bib. Ret nøglen, eller tilføj værket.",
            )


def _known_source_ids(docs: Path, bibkeys: set[str], info: Model) -> set[str]:
    """Without a build: the literature sources and the hand-written ``kilde`` needs."""

    ids = {need_id_for_key(k, info.types["kilde"].prefix) for k in bibkeys}
    source_id = info.id_pattern(["kilde"]).strip("^$")
    pattern = re.compile(rf"^:id:\s*({source_id})\s*$", re.MULTILINE)
    for page in docs.rglob("*.md"):
        ids.update(m[1] for m in pattern.finditer(page.read_text(encoding="utf-8")))
    return ids


def validate(
    folder: Path, docs: Path | None = None, info: Model | None = None
) -> tuple[list[Term], list[Problem]]:
    """Everything the build checks, without building: schema, names, references, and, given
    the project's ``docs`` folder and model (``info``, whose need IDs name a source), the
    sources."""
    if docs is not None and info is None:
        raise TypeError("validate(): the sources in docs are checked against a model (info)")
    terms, problems = load_glossary(folder)
    if docs is not None and info is not None and docs.is_dir():
        bib = docs / "litteratur.bib"
        try:
            bibkeys = entry_keys(bib)
        except PybtexError as exc:
            problems.append(Problem(bib, 1, 1, f"litteraturlisten kan ikke læses: {exc}"))
            return terms, problems
        problems.extend(check_sources(terms, _known_source_ids(docs, bibkeys, info), bibkeys))
    return terms, problems


# -- A new term --------------------------------------------------------------------------------

NEW_TERM = """{header}
term: {term}
synonymer:
  - bøjningsform eller synonym (eller slet feltet)
definition: >-
  Kort definition med dine egne ord. Skriv kun det, kilderne siger. Henvis til andre
  begreber med {{term}}`andet begreb`.
kilde:
  - KI_VIVE2023
"""


def new_term(folder: Path, term: str) -> Path:
    """Create ``glossary/<slug>.yaml`` from the template; refuse to overwrite."""
    path = folder / f"{slug(term)}.yaml"
    if path.exists():
        raise FileExistsError(f"{display_path(path)} findes allerede. Ret den fil i stedet.")
    folder.mkdir(parents=True, exist_ok=True)
    quoted = json.dumps(term, ensure_ascii=False) if re.search(r"[:#'\"]", term) else term
    path.write_text(NEW_TERM.format(header=SCHEMA_COMMENT, term=quoted), encoding="utf-8")
    return path
