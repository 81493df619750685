"""One quotation style in the handbook: »…«.

The handbook's own text quotes with »…« (Danish book typography). Sphinx's smartquotes are
off (conf.py, ``smartquotes_action``): for Danish they turned every straight quote into
»…« or ›…‹ and an apostrophe into "‹" ("Weitz‹ bog"), so what an editor typed and what a
reader saw differed. Instead this check names every other quotation mark („…“, “…”, "…")
in the prose of the pages, the checklists and the glossary, with file, line and the fix.

Not prose, and so not checked: code (```…``` blocks, `…`), a role's target, HTML tags and
comments, directive options, YAML's own quoting of a value, and a quotation in another
language marked as such (``[“Quote”]{lang=en}``), which keeps that language's marks. What is
prose is what :mod:`handbog.checks.reader` reads as MyST does; this module only looks for the marks.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from handbog import messages
from handbog.checks import reader
from handbog.data.core import display_path

if TYPE_CHECKING:
    from sphinx.application import Sphinx

#: Roles whose content is the handbook's prose, not a name.
PROSE_ROLES = frozenset({"tilfoejelse"})


def _is_prose(piece: reader.Piece) -> bool:
    """The handbook's own words: text, a block's title, the visible text of a link role and the
    content of a prose role; not a quotation marked as another language's."""
    if piece.lang and piece.lang != "da":
        return False
    return piece.kind in ("text", "title", "label") or (
        piece.kind == "role" and piece.role in PROSE_ROLES
    )


#: What is flagged: a pair of Danish or English quotation marks, or straight ones, within a
#: paragraph; then any lone mark left over.
_PAIR = re.compile(
    r"„[^„“”\n]*(?:\n[^„“”\n]+)*[“”]"
    r"|“[^„“”\n]*(?:\n[^„“”\n]+)*”"
    r"|\"[^\"\n]*(?:\n[^\"\n]+)?\""
)
_LONE = re.compile(r"[„“”\"]")


@dataclass(frozen=True)
class Hit:
    line: int  # 1-based
    column: int  # 1-based
    found: str  # the quotation as written (shortened)


def prose_of(source: str, reading: reader.Reading) -> str:
    """The source with everything that is not prose blanked, keeping lines and columns."""
    return reading.masked(source, (p for p in reading.pieces if _is_prose(p)))


def prose_of_markdown(text: str) -> str:
    return prose_of(text, reader.read_markdown(text))


def prose_of_yaml(text: str) -> str:
    """A YAML file's text values: comments, keys and YAML's own quoting of a value blanked."""
    return prose_of(text, reader.read_yaml(text, skip=reader.NAME_FIELDS))


def find(prose: str) -> list[Hit]:
    """Every quotation in ``prose`` (already masked) that is not »…«."""
    starts = [0] + [m.end() for m in re.finditer("\n", prose)]
    hits: list[Hit] = []
    pairs: list[tuple[int, int]] = []

    def hit(position: int, found: str) -> Hit:
        line = next(i for i in range(len(starts) - 1, -1, -1) if starts[i] <= position)
        shown = " ".join(found.split())
        if len(shown) > 40:
            shown = shown[:18] + " … " + shown[-18:]
        return Hit(line + 1, position - starts[line] + 1, shown)

    for match in _PAIR.finditer(prose):
        hits.append(hit(match.start(), match.group(0)))
        pairs.append((match.start(), match.end()))
    for match in _LONE.finditer(prose):
        if not any(start <= match.start() < end for start, end in pairs):
            hits.append(hit(match.start(), match.group(0)))
    return sorted(hits, key=lambda h: (h.line, h.column))


def markdown_hits(text: str) -> list[Hit]:
    return find(prose_of_markdown(text))


def yaml_hits(text: str) -> list[Hit]:
    return find(prose_of_yaml(text))


def data_file_hits(folders: Iterable[Path], env: Any = None) -> Iterator[tuple[Path, Hit]]:
    """Quotations in the YAML files; a file that is not valid YAML is left to its own check
    (an unclosed quote would otherwise be named twice)."""
    for path, reading in reader.data_files(env, folders):
        for found in find(prose_of(path.read_text(encoding="utf-8"), reading)):
            yield path, found


# -- Sphinx ------------------------------------------------------------------------------------


def check_page(app: Sphinx, docname: str, source: list[str]) -> None:
    if not str(app.env.doc2path(docname)).endswith(".md"):
        return
    for found in find(prose_of(source[0], reader.page(app.env, docname, source[0]))):
        messages.warn(
            "anfoerselstegn", (docname, found.line), column=found.column, found=found.found
        )


def check_data_files(app: Sphinx) -> None:
    base = Path(app.confdir)
    for path, found in data_file_hits(reader.data_folders(app), app.env):
        messages.warn(
            "anfoerselstegn",
            f"{display_path(path, base)}:{found.line}",
            column=found.column,
            found=found.found,
        )


def setup(app: Sphinx) -> None:
    app.connect("builder-inited", check_data_files)
    app.connect("source-read", check_page)
