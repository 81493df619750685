"""A short Danish termbase: words the handbook avoids, and the word to use instead.

A glossary term may list words to avoid in the handbook's own text (``undgaa``) and the word
to write instead (``skriv``; the term itself when not given)::

    term: fagprofessionel
    undgaa: [fagprofessionel, fagprofessionelle, fagprofessionelles]
    skriv: fagfolk

The build then names every avoided word in the pages, the checklists and the glossary with
the file, the line and the preferred word. A quotation may keep the source's word: text in
quotation marks (»…«, „…“, "…") or in a block quote (``>``) is not checked, and neither is a
``{term}`…``` reference, which names the glossary entry on purpose, nor the term's own file.

One short list lives here instead of in the glossary: the old calques for the two checklist
kinds ("gør og bekræft", "læs og gør"). They are the handbook's own words, not a concept from
the sources that a glossary entry could explain, and the word to write is the kind's label in
:data:`handbog.checklists.model.KIND_LABELS`.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ruamel.yaml import YAML
from ruamel.yaml.error import YAMLError
from sphinx.util import logging

from handbog import messages
from handbog.checklists.model import KIND_LABELS
from handbog.checks import reader
from handbog.data import core
from handbog.data.core import display_path
from handbog.glossary.directive import glossary_folder
from handbog.state import of_build

if TYPE_CHECKING:
    from sphinx.application import Sphinx

LOGGER = logging.getLogger(__name__)

#: Danish letters count as part of a word, so "fagfolkene" is not "fagfolk" + something.
_LETTER = r"[\wæøåÆØÅ]"

#: Quotations in the prose: a quotation may keep the source's word.
_QUOTATION = re.compile(
    r"»[^«]*«"  # the handbook's quotation marks
    r"|„[^“”]*[“”]"  # other Danish quotation marks
    r'|"[^"\n]*"'  # straight quotation marks on one line
    r"|“[^”]*”"
)


@dataclass(frozen=True)
class Rule:
    avoid: str
    use: str
    #: the glossary file that lists the word, for the message and to skip the term itself
    source: Path

    def pattern(self) -> re.Pattern[str]:
        words = r"\s+".join(re.escape(w) for w in self.avoid.split())
        return re.compile(rf"(?<!{_LETTER}){words}(?!{_LETTER})", re.IGNORECASE)


@dataclass(frozen=True)
class Hit:
    line: int  # 1-based
    column: int  # 1-based
    word: str  # as written
    rule: Rule

    def message(self, base: Path | None = None) -> str:
        return (
            f"'{self.word}' står på listen over ord, håndbogen undgår "
            f"({display_path(self.rule.source, base)}): skriv '{self.rule.use}' i stedet. Et "
            "citat må beholde kildens ord, når det står i anførselstegn eller som blokcitat (>)."
        )


#: Literal translations of the checklist literature's kind names, which read as jargon to a
#: pedagogue or teacher; keyed by the kind whose plain label replaces them.
_KIND_CALQUES = {
    "do-confirm": ("gør og bekræft", "gør – bekræft"),
    "read-do": ("læs og gør", "læs – gør"),
}


def checklist_kind_rules() -> list[Rule]:
    """The calques for the checklist kinds, with the kind's label as the word to write."""
    return [
        Rule(calque, KIND_LABELS[kind], Path(__file__))
        for kind, calques in _KIND_CALQUES.items()
        for calque in calques
    ]


def read_rules(folder: Path) -> list[Rule]:
    """The avoided words of every glossary term in ``folder`` (files the glossary itself
    cannot read are left to the glossary's own check)."""
    rules: list[Rule] = []
    for path in sorted(folder.glob("*.yaml")):
        what = f"undgaa {core.code_stamp(__file__)}"
        rules += core.derived(path, what, functools.partial(_rules_of, path))
    return rules


def _rules_of(path: Path) -> list[Rule]:
    try:
        data = YAML(typ="safe").load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, YAMLError):
        return []
    if not isinstance(data, dict) or not isinstance(data.get("undgaa"), list):
        return []
    use = str(data.get("skriv") or data.get("term") or "")
    return [Rule(str(word), use, path) for word in data["undgaa"] if str(word).strip()]


def _is_prose(piece: reader.Piece) -> bool:
    """The handbook's own words: text and titles, not a block quote, code, a role's content
    (a role's target is a name, and {term} names the glossary entry on purpose) or options."""
    return piece.kind in ("text", "title") and not piece.quoted


def prose_of(source: str, reading: reader.Reading) -> str:
    """The source with everything but the prose outside quotations blanked, keeping lines and
    columns."""
    prose = reading.masked(source, (p for p in reading.pieces if _is_prose(p)))
    return _QUOTATION.sub(lambda m: re.sub(r"[^\n]", " ", m.group(0)), prose)


def find(text: str, rules: Iterable[Rule], reading: reader.Reading | None = None) -> list[Hit]:
    """Every avoided word in ``text`` (a page) outside quotations, code, roles and options."""
    return find_in_prose(text, prose_of(text, reading or reader.read_markdown(text)), rules)


def find_in_prose(text: str, prose: str, rules: Iterable[Rule]) -> list[Hit]:
    starts = [0] + [m.end() for m in re.finditer("\n", prose)]
    hits: list[Hit] = []
    for rule in rules:
        for match in rule.pattern().finditer(prose):
            line = next(i for i in range(len(starts) - 1, -1, -1) if starts[i] <= match.start())
            hits.append(
                Hit(
                    line + 1,
                    match.start() - starts[line] + 1,
                    text[match.start() : match.end()],
                    rule,
                )
            )
    return sorted(hits, key=lambda h: (h.line, h.column))


def data_file_hits(
    folders: Iterable[Path], rules: list[Rule], env: Any = None
) -> Iterator[tuple[Path, Hit]]:
    """Avoided words in the text values of the YAML files of the checklists and the glossary
    (not the lists that name other terms or sources, which may use a term's own name); a
    term's own file may name the words it lists."""
    own = {rule.source.resolve() for rule in rules}
    for path, reading in reader.data_files(env, folders):
        if path.resolve() in own:
            continue
        text = path.read_text(encoding="utf-8")
        for hit in find_in_prose(text, prose_of(text, reading), rules):
            yield path, hit


# -- Sphinx ------------------------------------------------------------------------------------


class _Rules(list[Rule]):
    read = False


def _rules(app: Sphinx) -> list[Rule]:
    rules = of_build(app, _Rules)
    if not rules.read:
        rules.read = True

        folder = glossary_folder(app.config)
        rules += (read_rules(folder) if folder.is_dir() else []) + checklist_kind_rules()
    return rules


def check_page(app: Sphinx, docname: str, source: list[str]) -> None:
    reading = reader.page(app.env, docname, source[0])
    for hit in find(source[0], _rules(app), reading):
        messages.warn(
            "termer", (docname, hit.line), column=hit.column, what=hit.message(Path(app.confdir))
        )


def check_data_files(app: Sphinx) -> None:
    rules = _rules(app)
    if not rules:
        return
    base = Path(app.confdir)
    for path, hit in data_file_hits(reader.data_folders(app), rules, app.env):
        messages.warn(
            "termer",
            f"{display_path(path, base)}:{hit.line}",
            column=hit.column,
            what=hit.message(base),
        )


def _outdated(
    app: Sphinx, env: Any, added: set[str], changed: set[str], removed: set[str]
) -> list[str]:
    # A page read before the list changed has not been checked against the new list.
    stamp = sorted((rule.avoid, rule.use) for rule in _rules(app))
    if getattr(env, "handbog_termbase_stamp", None) == stamp:
        return []
    env.handbog_termbase_stamp = stamp
    return sorted(set(env.found_docs) - added - changed - removed)


def setup(app: Sphinx) -> None:
    app.connect("builder-inited", check_data_files)
    app.connect("env-get-outdated", _outdated)
    app.connect("source-read", check_page)
