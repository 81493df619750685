"""One quotation style in the handbook: »…«.

The handbook's own text quotes with »…« (Danish book typography). Sphinx's smartquotes are
off (conf.py, ``smartquotes_action``): for Danish they turned every straight quote into
»…« or ›…‹ and an apostrophe into "‹" ("Weitz‹ bog"), so what an editor typed and what a
reader saw differed. Instead this check names every other quotation mark („…“, “…”, "…")
in the prose of the pages, the checklists and the glossary, with file, line and the fix.

Not prose, and so not checked: code (```…``` blocks, `…`), a role's target, HTML tags and
comments, directive options, YAML's own quoting of a value, and a quotation in another
language marked as such (``[“Quote”]{lang=en}``), which keeps that language's marks.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.error import YAMLError

from handbog import messages
from handbog.data.core import display_path

#: Roles whose content is the handbook's prose, not a name.
PROSE_ROLES = frozenset({"tilfoejelse"})

_BLANK = re.compile(r"[^\n]")

_FENCE = re.compile(r"^(?P<indent>\s*)(?P<marks>`{3,}|~{3,}|:{3,})(?P<info>.*)$")
#: Fenced blocks whose content is code, not prose.
_CODE_INFO = re.compile(
    r"^\s*(\{(code|code-block|sourcecode|literalinclude|csv-table)\}|[\w+-]*\s*$)"
)

_MD_NOT_PROSE = re.compile(
    r"<!--(?s:.*?)-->"  # HTML comments
    r"|\[[^\]\n]*\]\{[^}\n]*\blang=[^}\n]*\}"  # a quotation in another language
    r"|<[a-zA-Z/][^>\n]*>"  # HTML tags and their attributes
    r"|^\s*:[\w-]+:.*$"  # directive options
    r"|^\s*\{[\w-]+\}\s*$",  # a bare directive name line
    re.MULTILINE,
)
_ROLE = re.compile(r"\{(?P<role>[\w:-]+)\}(?P<ticks>`+)(?P<body>.*?)(?P=ticks)", re.DOTALL)
_CODE = re.compile(r"(?P<ticks>`+)[^`].*?(?P=ticks)|(?P<lone>`+)[^`]*?(?P=lone)", re.DOTALL)
_TARGET = re.compile(r"<[^<>]*>\s*$")

#: YAML: a comment line, and a value quoted by YAML itself (the marks are syntax).
_YAML_COMMENT = re.compile(r"^\s*#.*$", re.MULTILINE)
_YAML_QUOTED = re.compile(
    r"(?P<lead>(?:^|[:\[{,-])\s*)(?P<q>[\"'])(?P<body>(?:(?!(?P=q)).)*)(?P=q)"
    r"(?=\s*(?:[,}\]#]|$))",
    re.MULTILINE,
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


def _blank(text: str) -> str:
    return _BLANK.sub(" ", text)


def _mask_fences(text: str) -> str:
    """Blank code blocks; a directive's fence keeps its (prose) content."""
    lines = text.split("\n")
    closing: list[str] = []  # the fences that are open, innermost last; "" marks code
    code_depth = 0
    for index, line in enumerate(lines):
        match = _FENCE.match(line)
        if match and closing and match["marks"] == closing[-1][1:] and not match["info"].strip():
            if closing.pop()[0] == "c":
                code_depth -= 1
            lines[index] = _blank(line)
            continue
        if match and not code_depth:
            is_code = match["marks"][0] != ":" and bool(_CODE_INFO.match(match["info"]))
            closing.append(("c" if is_code else "d") + match["marks"])
            code_depth += is_code
            lines[index] = _blank(line)
            continue
        if code_depth:
            lines[index] = _blank(line)
    return "\n".join(lines)


def _mask_roles(text: str) -> str:
    def role(match: re.Match[str]) -> str:
        body = match["body"]
        if match["role"] in PROSE_ROLES:
            kept = body
        elif (target := _TARGET.search(body)) is not None:
            kept = body[: target.start()] + _blank(body[target.start() :])  # "text <target>"
        else:
            kept = _blank(body)  # the content is a name
        head = match.group(0)[: match.start("body") - match.start()]
        return _blank(head) + kept + _blank(match["ticks"])

    return _ROLE.sub(role, text)


def prose_of_markdown(text: str) -> str:
    """The page with everything that is not prose blanked, keeping lines and columns."""
    text = _mask_fences(text)
    text = _mask_roles(text)
    text = _CODE.sub(lambda m: _blank(m.group(0)), text)
    return _MD_NOT_PROSE.sub(lambda m: _blank(m.group(0)), text)


def prose_of_yaml(text: str) -> str:
    """A YAML file's text values: comments and YAML's own quoting of a value blanked."""
    text = _YAML_COMMENT.sub(lambda m: _blank(m.group(0)), text)

    def unquote(match: re.Match[str]) -> str:
        return match["lead"] + " " + match["body"] + " "

    text = _YAML_QUOTED.sub(unquote, text)
    return prose_of_markdown(text)


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


def data_file_hits(folders: Iterable[Path]) -> Iterator[tuple[Path, Hit]]:
    """Quotations in the YAML files; a file that is not valid YAML is left to its own check
    (an unclosed quote would otherwise be named twice)."""
    for folder in folders:
        for path in sorted(folder.glob("*.yaml")):
            try:
                text = path.read_text(encoding="utf-8")
                YAML(typ="safe").load(text)
            except (OSError, UnicodeDecodeError, YAMLError):
                continue
            for found in yaml_hits(text):
                yield path, found


# -- Sphinx ------------------------------------------------------------------------------------


def check_page(app: Any, docname: str, source: list[str]) -> None:
    if not str(app.env.doc2path(docname)).endswith(".md"):
        return
    for found in markdown_hits(source[0]):
        messages.warn(
            "anfoerselstegn", (docname, found.line), column=found.column, found=found.found
        )


def check_data_files(app: Any) -> None:
    from handbog.glossary import glossary_folder

    folders = [glossary_folder(app.config)]
    checklists = Path(app.confdir, app.config.handbog_checklists_dir)
    if checklists.is_dir():
        folders.append(checklists)
    base = Path(app.confdir)
    for path, found in data_file_hits(f for f in folders if f.is_dir()):
        messages.warn(
            "anfoerselstegn",
            f"{display_path(path, base)}:{found.line}",
            column=found.column,
            found=found.found,
        )


def setup(app: Any) -> None:
    app.connect("builder-inited", check_data_files)
    app.connect("source-read", check_page)
