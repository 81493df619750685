"""The handbook's glossary: one YAML file per term in glossary/, rendered by ``{ordliste}``.

Why one file per term: a pull request that adds or changes a term touches one small file, so
diffs are clean and two editors never conflict in the same file (see CONTRIBUTING.md).

The terms become Sphinx' own glossary nodes (``sphinx.addnodes.glossary`` and
``make_glossary_term``), so ``{term}`` works from every page, in the PDF and in the index.
Synonyms and inflected forms are registered as extra names of the same term: they resolve to
the term's headword and appear in the index as "se …" entries.

Every problem names the YAML file, the line, what is wrong and how to fix it, both in the
build and on the command line::

    python -m handbog.glossary valider [glossary]
"""

from __future__ import annotations

import argparse
import difflib
import json
import os
import re
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema
from docutils import nodes
from docutils.statemachine import StringList
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import MarkedYAMLError
from sphinx import addnodes
from sphinx.domains.std import make_glossary_term
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

SCHEMA_PATH = Path(__file__).with_name("schemas") / "glossary.schema.json"
#: The first line of every glossary file: editors get completion and errors from it.
SCHEMA_COMMENT = "# yaml-language-server: $schema=../src/handbog/schemas/glossary.schema.json"
SOURCE_ID = re.compile(r"^KI_[A-Z0-9]+(_[A-Z0-9]+)*$")
TERM_ROLE = re.compile(r"\{term\}`([^`]+)`")
TRANSLITERATION = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa", "ä": "ae", "ö": "oe", "é": "e"})
# Danish alphabetical order: æ, ø, å come after z (code points would put å first).
DANISH_ORDER = str.maketrans({"æ": "{", "ä": "{", "ø": "|", "ö": "|", "å": "}", "é": "e"})


# -- Data ------------------------------------------------------------------------------------


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
    #: field name → 1-based line of its value (for messages)
    lines: dict[str, int] = field(default_factory=dict, compare=False)

    @property
    def names(self) -> tuple[str, ...]:
        """Every name a ``{term}`` reference may use for this entry."""
        return (self.term, *self.synonyms)

    def line(self, key: str) -> int:
        """Line of a field (``"kilde"``) or of one list item (``"kilde[0]"``)."""
        return self.lines.get(key) or self.lines.get(key.split("[")[0], 1)


@dataclass(frozen=True)
class Problem:
    """A problem in a glossary file: where, what, and what to do."""

    path: Path
    line: int
    message: str

    def location(self, base: Path | None = None) -> str:
        return f"{display_path(self.path, base)}:{self.line}"

    def __str__(self) -> str:
        return f"{self.location()}: {self.message}"


def display_path(path: Path, base: Path | None = None) -> str:
    """The path relative to ``base`` (or the working folder) when it lies below it."""
    try:
        return os.path.relpath(path, base or Path.cwd())
    except ValueError:  # another drive on Windows
        return str(path)


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


# -- Reading and checking one file -------------------------------------------------------------


@cache
def schema() -> dict[str, Any]:
    return json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))


def _line_of(data: Any, path: Iterable[Any], text_lines: list[str]) -> int:
    """1-based line of the value at ``path`` in a ruamel.yaml round-trip document."""
    line = 0
    node = data
    for key in path:
        lc = getattr(node, "lc", None)
        try:
            if isinstance(node, CommentedMap) and lc is not None:
                line = lc.value(key)[0]
            elif isinstance(node, CommentedSeq) and lc is not None:
                line = lc.item(key)[0]
            node = node[key]
        except (KeyError, IndexError, TypeError):
            break
    else:
        # a block scalar (definition: >-) starts on the line after its indicator
        if isinstance(node, str):
            raw = text_lines[line] if line < len(text_lines) else ""
            if re.search(r":\s*[>|][-+0-9]*\s*(#.*)?$", raw):
                line += 1
    return line + 1


def _field_name(path: Iterable[Any]) -> str:
    name = ""
    for part in path:
        name += f"[{part + 1}]" if isinstance(part, int) else (f".{part}" if name else part)
    return name or "filen"


_TYPE_NAMES = {
    "string": "en tekst",
    "array": "en liste",
    "object": "en gruppe af felter",
    "integer": "et heltal",
}

_PATTERN_HELP = {
    "kilde": "et kilde-ID med store bogstaver (KI_VIVE2023) eller en BibTeX-nøgle med små "
    "bogstaver fra docs/litteratur.bib (villumsen2011a)",
    "citat.kilde": "en BibTeX-nøgle med små bogstaver fra docs/litteratur.bib (villumsen2011a)",
    "term": "en tekst uden mellemrum i begyndelsen eller slutningen og uden tegnene { } ` < >",
    "synonymer": "en tekst uden mellemrum i begyndelsen eller slutningen og uden tegnene { } ` < >",
}


def _describe(error: jsonschema.ValidationError) -> str:
    """A Danish message for a schema error: what is wrong and how to fix it."""
    path = list(error.absolute_path)
    name = _field_name(path)
    base = _field_name([p for p in path if not isinstance(p, int)])
    kind = error.validator
    if kind == "required":
        missing = [p for p in error.validator_value if p not in error.instance]
        props = error.schema.get("properties", {})
        return "; ".join(
            f"feltet '{m}' mangler. Tilføj '{m}: …' ({props.get(m, {}).get('description', '')})"
            for m in missing
        )
    if kind == "additionalProperties":
        allowed = sorted(error.schema.get("properties", {}))
        extra = [k for k in error.instance if k not in allowed]
        hints = []
        for key in extra:
            near = difflib.get_close_matches(str(key), allowed, n=1, cutoff=0.5)
            hint = f" Mente du '{near[0]}'?" if near else ""
            hints.append(f"feltet '{key}' kendes ikke.{hint}")
        return " ".join(hints) + f" Tilladte felter: {', '.join(allowed)}."
    if kind == "type":
        wanted = error.validator_value
        wanted = wanted if isinstance(wanted, list) else [wanted]
        wanted_text = " eller ".join(_TYPE_NAMES.get(w, w) for w in wanted)
        fix = ""
        if "array" in wanted:
            fix = " Skriv det som en liste: '- værdi' på hver sin linje under feltet."
        elif "string" in wanted:
            fix = " Sæt teksten i anførselstegn, hvis den indeholder ':' eller begynder med '-'."
        return f"'{name}' skal være {wanted_text}.{fix}"
    if kind == "pattern":
        return f"'{name}' = {error.instance!r} skal være {_PATTERN_HELP.get(base, 'gyldig')}."
    if kind == "minLength":
        return f"'{name}' er for kort (mindst {error.validator_value} tegn). Skriv mere."
    if kind == "maxLength":
        return (
            f"'{name}' er for lang ({len(error.instance)} tegn, højst {error.validator_value}). "
            "Skriv kortere; en ordliste giver korte definitioner og henviser til siderne."
        )
    if kind == "uniqueItems":
        return f"'{name}' nævner den samme værdi to gange. Fjern dubletten."
    if kind == "minItems":
        return f"'{name}' er en tom liste. Tilføj mindst én værdi, eller fjern feltet."
    return f"'{name}': {error.message}"


def _read_yaml(path: Path) -> tuple[Any, list[str], list[Problem]]:
    text = path.read_text(encoding="utf-8")
    problems: list[Problem] = []
    first = text.splitlines()[0] if text.strip() else ""
    if first.strip() != SCHEMA_COMMENT:
        problems.append(
            Problem(
                path,
                1,
                "første linje skal pege på skemaet, så editoren kan hjælpe: "
                f"indsæt '{SCHEMA_COMMENT}' som linje 1.",
            )
        )
    try:
        data = YAML(typ="rt").load(text)
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else 1
        what = (exc.problem or "ugyldig YAML").strip()
        return (
            None,
            [],
            [
                *problems,
                Problem(
                    path,
                    line,
                    f"filen er ikke gyldig YAML ({what}). Tjek indrykningen og kolonerne; sæt "
                    "tekster med ':' i anførselstegn.",
                ),
            ],
        )
    if data is None:
        empty = Problem(
            path, 1, "filen er tom. Udfyld mindst 'term' og 'definition', eller slet filen."
        )
        return None, [], [*problems, empty]
    return data, text.splitlines(), problems


def read_term(path: Path) -> tuple[Term | None, list[Problem]]:
    """Read and check one glossary file against the JSON Schema and the naming rule."""
    data, text_lines, problems = _read_yaml(path)
    if data is None:
        return None, problems
    if not isinstance(data, dict):
        return None, [
            *problems,
            Problem(
                path,
                1,
                "filen skal være en række felter ('term: …', 'definition: …'), ikke en liste.",
            ),
        ]
    validator = jsonschema.Draft202012Validator(schema())
    errors = sorted(validator.iter_errors(data), key=lambda e: list(map(str, e.absolute_path)))
    for error in errors:
        problems.append(
            Problem(path, _line_of(data, error.absolute_path, text_lines), _describe(error))
        )
    if errors:
        return None, problems
    lines = {key: _line_of(data, [key], text_lines) for key in data}
    for key in ("synonymer", "kilde", "se_ogsaa"):
        for index in range(len(data.get(key, []))):
            lines[f"{key}[{index}]"] = _line_of(data, [key, index], text_lines)
    term_text = str(data["term"])
    expected = slug(term_text) + ".yaml"
    if path.name != expected:
        problems.append(
            Problem(
                path,
                lines["term"],
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
        lines=lines,
    )
    return term, problems


# -- The whole glossary ----------------------------------------------------------------------


def glossary_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.glob("*.y*ml") if p.suffix in {".yaml", ".yml"})


def _cross_check(terms: list[Term]) -> Iterator[Problem]:
    """Checks across files: no name twice, related terms and {term} references exist."""
    owner: dict[str, tuple[Term, str]] = {}
    # Headwords first, so that a clash is reported in the file with the synonym.
    for term in terms:
        key = term.term.casefold()
        if key in owner:
            other = owner[key][0]
            yield Problem(
                term.path,
                term.line("term"),
                f"begrebet {term.term!r} er allerede defineret i {other.path.name}. Et begreb "
                "har kun én fil: flet de to filer til én.",
            )
        else:
            owner[key] = (term, "begreb")
    for term in terms:
        for index, synonym in enumerate(term.synonyms):
            key = synonym.casefold()
            line = term.line(f"synonymer[{index}]")
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
            yield Problem(term.path, line, message)
    headwords = {t.term for t in terms}
    for term in terms:
        for index, related in enumerate(term.see_also):
            if related == term.term:
                yield Problem(
                    term.path,
                    term.line(f"se_ogsaa[{index}]"),
                    "et begreb kan ikke henvise til sig selv i 'se_ogsaa'. Fjern det.",
                )
                continue
            if related in headwords:
                continue
            near = difflib.get_close_matches(related, sorted(headwords), n=2, cutoff=0.6)
            hint = f" Mente du {' eller '.join(repr(n) for n in near)}?" if near else ""
            yield Problem(
                term.path,
                term.line(f"se_ogsaa[{index}]"),
                f"'se_ogsaa' nævner {related!r}, som ikke er et begreb i ordlisten.{hint} Skriv "
                "begrebet præcis som dets 'term', eller opret det i glossary/.",
            )
        for target in _term_targets(term.definition):
            if target.casefold() not in owner:
                near = difflib.get_close_matches(target, sorted(owner), n=2, cutoff=0.6)
                hint = f" Mente du {' eller '.join(repr(n) for n in near)}?" if near else ""
                yield Problem(
                    term.path,
                    term.line("definition"),
                    f"definitionen henviser til {{term}}`{target}`, som ikke findes i "
                    f"ordlisten.{hint} Ret henvisningen, eller opret begrebet.",
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
    for path in glossary_files(folder):
        term, found = read_term(path)
        problems.extend(found)
        if term is not None:
            terms.append(term)
    problems.extend(_cross_check(terms))
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
            near = difflib.get_close_matches(source, sorted(known), n=2, cutoff=0.6)
            hint = f" Mente du {' eller '.join(near)}?" if near else ""
            what = "kilde-ID" if SOURCE_ID.match(source) else "BibTeX-nøgle"
            yield Problem(
                term.path,
                term.line(f"kilde[{index}]"),
                f"'kilde' nævner {what}en {source}, som ikke findes.{hint} Ret den, eller "
                "tilføj værket til docs/litteratur.bib.",
            )
        if term.quote and term.quote.bibkey not in bibkeys:
            yield Problem(
                term.path,
                term.line("citat"),
                f"citatet henviser til BibTeX-nøglen {term.quote.bibkey}, som ikke findes i "
                "docs/litteratur.bib. Ret nøglen, eller tilføj værket.",
            )


# -- Rendering (Sphinx) ----------------------------------------------------------------------


LOGGER = logging.getLogger(__name__)


class glossary_source(nodes.Inline, nodes.TextElement):  # noqa: N801 (docutils node naming)
    """A ``kilde`` ID of a term, linked to its source need once all needs are known."""


def glossary_folder(config: Any) -> Path:
    """The glossary folder; made absolute (relative to conf.py) when the config is read."""
    return Path(config.handbog_glossary_dir)


def _resolve_folder(app: Any, config: Any) -> None:
    config.handbog_glossary_dir = str(Path(app.confdir, config.handbog_glossary_dir).resolve())


def _where(path: Path, line: int, config: Any) -> str:
    """ "glossary/x.yaml:3": relative to the folder holding conf.py and glossary/."""
    return f"{display_path(path, glossary_folder(config).parent)}:{line}"


def _warn(problem: Problem, config: Any) -> None:
    LOGGER.warning(
        problem.message,
        location=_where(problem.path, problem.line, config),
        type="handbog",
        subtype="ordliste",
    )


class GlossaryDirective(SphinxDirective):
    """``{ordliste}``: every term of glossary/ as Sphinx glossary entries, sorted Danish-style."""

    has_content = False

    def run(self) -> list[nodes.Node]:
        folder = glossary_folder(self.config)
        terms, problems = load_glossary(folder)
        bibkeys = set(self.env.get_domain("cite").bibdata.data.entries)
        problems.extend(check_sources(terms, None, bibkeys))
        for problem in problems:
            _warn(problem, self.config)
        # Editing, adding or removing a term file rebuilds this page (see _outdated_docs).
        for path in glossary_files(folder):
            self.env.note_dependency(str(path.resolve()))
        self.env.note_dependency(str(SCHEMA_PATH))
        self.env.handbog_glossary[self.env.docname] = {
            "files": [p.name for p in glossary_files(folder)],
            "names": sorted(name.casefold() for t in terms for name in t.names),
        }
        if any(SOURCE_ID.match(s) for t in terms for s in t.sources):
            # source titles come from the needs: rewrite this page when they change
            from handbog.views import note_view_page

            note_view_page(self.env, self.env.docname)
        if not terms:
            return [nodes.paragraph(text="Ordlisten er tom.")]
        glossary = addnodes.glossary()
        glossary.document = self.state.document
        glossary["sorted"] = False  # already sorted, the Danish way (æ, ø, å last)
        dlist = nodes.definition_list(classes=["glossary", "handbog-ordliste"])
        first_of_letter: dict[str, str] = {}
        for term in terms:
            item = self._entry(term, bibkeys)
            first_of_letter.setdefault(initial(term.term), item[0]["ids"][0])
            dlist += item
        glossary += dlist
        return [self._letter_index(first_of_letter), glossary]

    def _entry(self, term: Term, bibkeys: set[str]) -> nodes.definition_list_item:
        source = str(term.path)
        head = make_glossary_term(
            self.env,
            [nodes.Text(term.term)],
            None,
            source,
            term.line("term"),
            node_id=None,
            document=self.state.document,
        )
        head.rawsource = term.term
        node_id = head["ids"][0]
        std = self.env.domains.standard_domain
        for index, synonym in enumerate(term.synonyms):
            location = _where(term.path, term.line(f"synonymer[{index}]"), self.config)
            # the synonym is a second name of the same target: {term} finds the headword
            std._note_term(synonym, node_id, location=location)
            see = ("see", f"{synonym}; {term.term}", node_id, "", None)
            head += addnodes.index(entries=[see])
        definition = nodes.definition()
        definition += self._parse(term.definition, term, "definition")
        if term.quote:
            definition += self._quote(term, bibkeys)
        if term.addition:
            addition = self._parse(
                f"**Håndbogens tilføjelse:** {term.addition}", term, "tilfoejelse"
            )
            box = nodes.container("", *addition, classes=["handbog-ordliste-tilfoejelse"])
            definition += box
        if term.synonyms:
            para = nodes.paragraph(classes=["handbog-ordliste-synonymer"])
            para += nodes.emphasis(text="Også: ")
            para += nodes.Text(", ".join(term.synonyms) + ".")
            definition += para
        if term.see_also:
            refs = ", ".join(f"{{term}}`{name}`" for name in term.see_also)
            definition += self._parse(f"*Se også:* {refs}.", term, "se_ogsaa")
        if term.sources:
            definition += self._sources(term, bibkeys)
        return nodes.definition_list_item("", head, definition)

    def _parse(self, text: str, term: Term, key: str) -> list[nodes.Node]:
        """Parse MyST text from a term file; every node points back to the file and line."""
        container = nodes.Element()
        container.document = self.state.document
        self.state.nested_parse(StringList(text.splitlines(), str(term.path)), 0, container)
        line = term.line(key)
        for child in container.children:
            for node in child.findall():
                if isinstance(node, nodes.Element) or hasattr(node, "source"):
                    node.source, node.line = str(term.path), line
        return list(container.children)

    def _quote(self, term: Term, bibkeys: set[str]) -> nodes.Node:
        quote = term.quote
        assert quote is not None
        cite = f"{{cite:t}}`{quote.bibkey}`" if quote.bibkey in bibkeys else quote.bibkey
        page = f", s. {quote.page}" if quote.page else ""
        block = nodes.block_quote(classes=["handbog-ordliste-citat"])
        block += self._parse(f"“{quote.text}”", term, "citat")
        block += self._parse(f"— {cite}{page}", term, "citat")
        return block

    def _sources(self, term: Term, bibkeys: set[str]) -> nodes.Node:
        """ "Kilde: …" in the order of the file: citations, and source IDs linked later."""
        para = nodes.paragraph(classes=["handbog-ordliste-kilde"])
        para += nodes.emphasis(text="Kilde:")
        for index, source in enumerate(term.sources):
            para += nodes.Text(", " if index else " ")
            line = term.line(f"kilde[{index}]")
            if SOURCE_ID.match(source):
                node = glossary_source(source, source, need_id=source)
                node.source, node.line = str(term.path), line
                para += node
            elif source in bibkeys:
                parsed = self._parse(f"{{cite:t}}`{source}`", term, f"kilde[{index}]")
                para += parsed[0].children if parsed else nodes.Text(source)
            else:  # already reported by check_sources; shown as written, never dropped
                para += nodes.Text(source)
        para += nodes.Text(".")
        return para

    @staticmethod
    def _letter_index(first_of_letter: dict[str, str]) -> nodes.Node:
        """A row of letters that jump to the first term of each letter (handy on a phone)."""
        para = nodes.paragraph(classes=["handbog-ordliste-bogstaver"])
        para += nodes.Text("Spring til: ")
        for index, (letter, node_id) in enumerate(first_of_letter.items()):
            if index:
                para += nodes.Text(" · ")
            para += nodes.reference(letter, letter, refid=node_id)
        return para


def resolve_sources(app: Any, doctree: nodes.document, docname: str) -> None:
    """Link each term's source IDs to their source needs; warn about unknown ones."""
    placeholders = list(doctree.findall(glossary_source))
    if not placeholders:
        return
    from sphinx_needs.api import get_needs_view

    needs = get_needs_view(app)
    for node in placeholders:
        need_id = node["need_id"]
        need = needs.get(need_id)
        if need is None:
            near = difflib.get_close_matches(need_id, sorted(needs), n=2, cutoff=0.6)
            hint = f" Mente du {' eller '.join(near)}?" if near else ""
            LOGGER.warning(
                f"'kilde' nævner {need_id}, som ikke findes.{hint} Ret ID'et (kilderne står "
                "på Sporbarhed > Kilder), eller tilføj værket til docs/litteratur.bib.",
                location=_where(Path(node.source), node.line, app.config),
                type="handbog",
                subtype="ordliste",
            )
            node.replace_self(nodes.Text(need_id))
            continue
        uri = app.builder.get_relative_uri(docname, need["docname"]) + "#" + need_id
        ref = nodes.reference("", "", internal=True, refuri=uri, reftitle=need_id)
        ref += nodes.Text(need["title"])
        node.replace_self(ref)


# -- Keeping pages fresh in incremental builds ---------------------------------------------------
# note_dependency rebuilds the glossary page when a term file changes. Two cases it misses:
# a term file added or removed (the page depends on the folder), and pages whose {term}
# references point to a term that was renamed or removed (they must be written again, so a
# dangling reference is reported and no stale link survives).


def _init_env(_app: Any, env: Any, *_args: Any) -> None:
    if not hasattr(env, "handbog_glossary"):
        env.handbog_glossary = {}
    if not hasattr(env, "handbog_term_refs"):
        env.handbog_term_refs = {}


def _outdated_docs(
    app: Any, env: Any, added: set[str], changed: set[str], removed: set[str]
) -> list[str]:
    _init_env(app, env)
    files = [p.name for p in glossary_files(glossary_folder(app.config))]
    app._handbog_glossary_names_before = {
        name for data in env.handbog_glossary.values() for name in data["names"]
    }
    return [doc for doc, data in env.handbog_glossary.items() if data["files"] != files]


def _record_term_refs(app: Any, doctree: nodes.document) -> None:
    _init_env(app, app.env)
    targets = {
        node["reftarget"].casefold()
        for node in doctree.findall(addnodes.pending_xref)
        if node.get("refdomain") == "std" and node.get("reftype") == "term"
    }
    if targets:
        app.env.handbog_term_refs[app.env.docname] = sorted(targets)
    else:
        app.env.handbog_term_refs.pop(app.env.docname, None)


def _rewrite_term_pages(app: Any, env: Any) -> list[str]:
    _init_env(app, env)
    before = getattr(app, "_handbog_glossary_names_before", None)
    now = {name for data in env.handbog_glossary.values() for name in data["names"]}
    if before is None or before == now:
        return []
    # a name that disappeared leaves dangling references; one that appeared mends them
    changed = before ^ now
    return [doc for doc, targets in env.handbog_term_refs.items() if changed & set(targets)]


def _purge(_app: Any, env: Any, docname: str) -> None:
    _init_env(_app, env)
    env.handbog_glossary.pop(docname, None)
    env.handbog_term_refs.pop(docname, None)


def _merge(_app: Any, env: Any, docnames: Iterable[str], other: Any) -> None:
    _init_env(_app, env)
    for doc in docnames:
        for attr in ("handbog_glossary", "handbog_term_refs"):
            value = getattr(other, attr, {}).get(doc)
            if value is not None:
                getattr(env, attr)[doc] = value


def setup(app: Any) -> None:
    app.add_config_value("handbog_glossary_dir", "glossary", "env", types=[str])
    app.connect("config-inited", _resolve_folder)
    app.add_node(glossary_source)
    app.add_directive("ordliste", GlossaryDirective)
    app.connect("env-before-read-docs", _init_env)
    app.connect("env-get-outdated", _outdated_docs)
    app.connect("doctree-read", _record_term_refs)
    app.connect("env-updated", _rewrite_term_pages)
    app.connect("env-purge-doc", _purge)
    app.connect("env-merge-info", _merge)
    app.connect("doctree-resolved", resolve_sources)


# -- Command line ------------------------------------------------------------------------------


def _known_source_ids(docs: Path, bibkeys: set[str]) -> set[str]:
    from handbog.sources import need_id_for_key

    ids = {need_id_for_key(k) for k in bibkeys}
    pattern = re.compile(r"^:id:\s*(KI_[A-Z0-9_]+)\s*$", re.MULTILINE)
    for page in docs.rglob("*.md"):
        ids.update(pattern.findall(page.read_text(encoding="utf-8")))
    return ids


def _bibkeys(bib: Path) -> set[str]:
    if not bib.exists():
        return set()
    return set(re.findall(r"^@\w+\s*\{\s*([^,\s]+)\s*,", bib.read_text(encoding="utf-8"), re.M))


def validate(folder: Path, docs: Path | None = None) -> tuple[list[Term], list[Problem]]:
    """Everything the build checks, without building: schema, names, references, sources."""
    terms, problems = load_glossary(folder)
    if docs is not None and docs.is_dir():
        bibkeys = _bibkeys(docs / "litteratur.bib")
        problems.extend(check_sources(terms, _known_source_ids(docs, bibkeys), bibkeys))
    return terms, problems


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


def _validate_command(args: argparse.Namespace) -> int:
    folder: Path = args.mappe
    if folder.is_file():  # pre-commit may pass file names; the checks need the whole folder
        folder = folder.parent
    if not folder.is_dir():
        print(f"Mappen {folder} findes ikke. Angiv mappen med begreberne.", file=sys.stderr)
        return 2
    docs = args.docs or folder.resolve().parent / "docs"
    terms, problems = validate(folder, docs)
    for problem in problems:
        print(problem, file=sys.stderr)
    if problems:
        print(
            f"Ordlisten har {len(problems)} fejl. Ret dem og kør kommandoen igen.", file=sys.stderr
        )
        return 1
    print(f"Ordlisten er i orden: {len(terms)} begreber i {display_path(folder)}.")
    return 0


def _new_command(args: argparse.Namespace) -> int:
    try:
        path = new_term(args.mappe, args.begreb.strip())
    except FileExistsError as exc:
        print(exc, file=sys.stderr)
        return 1
    print(f"Oprettet: {display_path(path)}. Skriv definitionen, og kør derefter")
    print("  python -m handbog.glossary valider")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m handbog.glossary",
        description="Håndbogens ordliste (glossary/*.yaml): tjek begreberne, eller opret et nyt.",
    )
    sub = parser.add_subparsers(dest="command", required=True)
    check = sub.add_parser("valider", help="tjek alle begreber mod skemaet og hinanden")
    check.add_argument(
        "mappe",
        nargs="?",
        default="glossary",
        type=Path,
        help="mappen med begreberne (standard: glossary)",
    )
    check.add_argument(
        "--docs",
        type=Path,
        default=None,
        help="håndbogens docs/-mappe, til tjek af kilder (standard: ved siden af)",
    )
    check.add_argument("filer", nargs="*", type=Path, help=argparse.SUPPRESS)
    check.set_defaults(run=_validate_command)
    new = sub.add_parser("ny", help="opret glossary/<begreb>.yaml ud fra skabelonen")
    new.add_argument("begreb", help='begrebet, fx "tidlig indsats"')
    new.add_argument("--mappe", default="glossary", type=Path, help="standard: glossary")
    new.set_defaults(run=_new_command)
    args = parser.parse_args(argv)
    return args.run(args)


if __name__ == "__main__":
    sys.exit(main())
