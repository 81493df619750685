"""One reader of what an editor writes: the pieces of a page, each with its line and column.

MyST reads a page with markdown-it-py, configured by ``myst_parser.parsers.mdit.
create_md_parser`` from the project's MyST settings. This module reads it the same way and
gives every piece of text (:class:`Piece`: line, column, text and what kind of text it is),
every directive (``{name}`` of a fenced block, and whether it was closed) and every role.
The editor checks (quotation marks, avoided words, CPR-like numbers, directive and role names)
are small rules over what it gives, instead of each scanning the Markdown with its own
regular expressions.

The text fields of the data files (glossary, checklists) are MyST too: :func:`read_yaml`
reads a YAML file's values as Markdown and gives their pieces at the file's lines.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from markdown_it import MarkdownIt
from markdown_it.renderer import RendererHTML
from markdown_it.token import Token
from myst_parser.config.main import MdParserConfig
from myst_parser.parsers.mdit import create_md_parser
from ruamel.yaml import YAML
from ruamel.yaml.error import YAMLError

from handbog.data import core

if TYPE_CHECKING:
    from sphinx.application import Sphinx

#: What a piece of text is: the page's own words, a block's title, a role's content, the
#: visible text of a role with a target (``{doc}`text <target>```), or a block's options.
Kind = Literal["text", "title", "role", "label", "option"]

#: Directives whose content is not Markdown: code, tables of values, page names.
NOT_MARKDOWN = frozenset(
    "code code-block sourcecode literalinclude csv-table math raw eval-rst toctree "
    "highlight mermaid graphviz".split()
)

#: The handbook's MyST settings (conf.py), for reading outside a build (tests, the CLI).
HANDBOOK_EXTENSIONS = frozenset(
    {"colon_fence", "deflist", "fieldlist", "attrs_inline", "attrs_block"}
)


@dataclass(frozen=True)
class Piece:
    line: int  # 1-based
    column: int  # 1-based
    text: str
    kind: Kind = "text"
    #: inside a block quote (``>``)
    quoted: bool = False
    #: the language of a span marked ``[…]{lang=en}``, else ""
    lang: str = ""
    #: for a role's piece, the role's name
    role: str = ""


@dataclass(frozen=True)
class Directive:
    line: int
    name: str
    #: the fence does not close before the page (or the enclosing block) ends
    unclosed: bool
    options: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Role:
    line: int
    column: int
    name: str
    content: str

    @property
    def unclosed(self) -> bool:
        """The role's closing backtick is missing, so it ran on to the next role's opening
        one: its content ends with that role's name (``{cite:p}`a. Se {doc}``)."""
        return bool(_SWALLOWED.search(self.content))


_SWALLOWED = re.compile(r"\{[\w:+-]+\}$")
#: a role's name and opening backtick left as text: markdown-it found no closing backtick
_LONE_ROLE = re.compile(r"\{([\w:+-]+)\}`")


@dataclass
class Reading:
    #: what was read, every character of it
    source: str = ""
    pieces: list[Piece] = field(default_factory=list)
    directives: list[Directive] = field(default_factory=list)
    roles: list[Role] = field(default_factory=list)
    #: (line, column, name) of roles whose closing backtick is missing
    unclosed_roles: list[tuple[int, int, str]] = field(default_factory=list)
    #: the front matter's text and its first line (after the opening ---), if the page has one
    front_matter: tuple[int, str] | None = None

    def prose(self, keep: Iterable[Kind] = ("text",)) -> Iterator[Piece]:
        wanted = set(keep)
        return (p for p in self.pieces if p.kind in wanted)

    def masked(self, source: str, keep: Iterable[Piece]) -> str:
        """``source`` with every character outside the given pieces blanked, so a rule can
        find a quotation over a line break and still name the line and column."""
        lines = [re.sub(r"[^\n]", " ", line) for line in source.split("\n")]
        for piece in keep:
            row = piece.line - 1
            if 0 <= row < len(lines):
                start = piece.column - 1
                line = lines[row]
                lines[row] = line[:start] + piece.text + line[start + len(piece.text) :]
        return "\n".join(lines)


def parser_config(
    extensions: Iterable[str] = HANDBOOK_EXTENSIONS, heading_anchors: int = 3
) -> MdParserConfig:
    return MdParserConfig(enable_extensions=set(extensions), heading_anchors=heading_anchors)


def config_of_env(env: Any) -> MdParserConfig:
    """The MyST settings of the build, as MyST's parser takes them (``env.myst_config``)."""
    config = getattr(env, "myst_config", None)
    return config if isinstance(config, MdParserConfig) else parser_config()


_PARSERS: dict[str, MarkdownIt] = {}


def _parser(config: MdParserConfig) -> MarkdownIt:
    """One parser per configuration (MdParserConfig is not hashable; its repr shows it all)."""
    key = repr(config)
    if key not in _PARSERS:
        _PARSERS[key] = create_md_parser(config, RendererHTML)
    return _PARSERS[key]


def read_markdown(source: str, config: MdParserConfig | None = None) -> Reading:
    """Every piece, directive and role of a MyST page, at its line and column."""
    reading = Reading(source)
    _read(source.split("\n"), 0, [0] * (source.count("\n") + 1), config or parser_config(), reading)
    return reading


# -- Blocks ------------------------------------------------------------------------------------


_OPTION = re.compile(r"^(\s*):([\w-]+):(.*)$")


def _read(
    lines: list[str], first: int, indents: list[int], config: MdParserConfig, reading: Reading
) -> None:
    """Read ``lines`` (the page, or a block's content) whose first line is line ``first``
    (0-based) of the file, and whose line i lost ``indents[i]`` columns to the block."""
    tokens = _parser(config).parse("\n".join(lines))
    quoted = fields = 0
    for token in tokens:
        if token.type == "blockquote_open":
            quoted += 1
        elif token.type == "blockquote_close":
            quoted -= 1
        elif token.type == "field_list_open":
            fields += 1
        elif token.type == "field_list_close":
            fields -= 1
        elif token.type == "inline" and token.map:
            # a field list (":titel: …" outside a block) is the page's data, not its prose
            kind: Kind = "option" if fields else "text"
            _Inline(lines, first, indents, token, bool(quoted), reading, kind).read()
        elif token.type == "front_matter" and token.map and first == 0:
            reading.front_matter = (token.map[0] + 2, token.content)
        elif token.type in ("fence", "colon_fence") and token.map:
            _fence(lines, first, indents, token, config, reading)


def _fence(
    lines: list[str],
    first: int,
    indents: list[int],
    token: Token,
    config: MdParserConfig,
    reading: Reading,
) -> None:
    start, end = token.map or (0, 0)
    match = re.match(r"^\s*\{([^}\s]*)\}\s*(.*)$", token.info)
    if match is None:  # ```python: code
        return
    name, title = match[1], match[2]
    last = lines[end - 1].strip() if end - 1 > start else ""
    marks = token.markup
    closed = end - 1 > start and set(last) == {marks[0]} and len(last) >= len(marks)
    body_end = end - 1 if closed else end
    # the block's options (":id: PR_X" lines, or a "---" block) are not its content
    row = start + 1
    options: dict[str, str] = {}
    if row < body_end and lines[row].strip() == "---":
        close = next((r for r in range(row + 1, body_end) if lines[r].strip() == "---"), None)
        row = close + 1 if close is not None else row
    else:
        while row < body_end and (option := _OPTION.match(lines[row])):
            options[option[2]] = option[3].strip()
            reading.pieces.append(
                Piece(
                    first + row + 1, indents[row] + len(option[1]) + 1, lines[row].strip(), "option"
                )
            )
            row += 1
    reading.directives.append(Directive(first + start + 1, name, not closed, options))
    if title:
        column = lines[start].find(title)
        reading.pieces.append(Piece(first + start + 1, indents[start] + column + 1, title, "title"))
    if name in NOT_MARKDOWN or row >= body_end:
        return
    # the content, as MyST parses it: without the fence's indentation (a list item's)
    body = lines[row:body_end]
    indent = min((len(b) - len(b.lstrip()) for b in body if b.strip()), default=0)
    fence_indent = len(lines[start]) - len(lines[start].lstrip())
    cut = min(indent, fence_indent)
    _read(
        [b[cut:] for b in body],
        first + row,
        [indents[r] + cut for r in range(row, body_end)],
        config,
        reading,
    )


# -- Inline text -------------------------------------------------------------------------------


class _Inline:
    """One paragraph's (heading's, cell's) inline tokens, found back in its source lines."""

    def __init__(
        self,
        lines: list[str],
        first: int,
        indents: list[int],
        token: Token,
        quoted: bool,
        reading: Reading,
        kind: Kind = "text",
    ) -> None:
        self.kind = kind
        self.lines, self.first, self.indents = lines, first, indents
        self.row, self.col = (token.map or (0, 0))[0], 0
        self.children = token.children or []
        self.quoted = quoted
        self.reading = reading
        self.lang: list[str] = []

    @property
    def line(self) -> str:
        return self.lines[self.row] if self.row < len(self.lines) else ""

    def _piece(self, text: str, kind: Kind = "text", role: str = "") -> None:
        """A piece at the cursor's next occurrence of ``text`` on its line."""
        if not text:
            return
        at = self.line.find(text, self.col)
        if at < 0:  # an escape or an entity: the text is not written as it reads
            at = self.col
        else:
            self.col = at + len(text)
        self.reading.pieces.append(
            Piece(
                self.first + self.row + 1,
                self.indents[self.row] + at + 1 if self.row < len(self.indents) else at + 1,
                text,
                kind,
                self.quoted,
                self.lang[-1] if self.lang else "",
                role,
            )
        )

    def _skip(self, pattern: str) -> None:
        match = re.compile(pattern).search(self.line, self.col)
        if match:
            self.col = match.end()

    def read(self) -> None:
        for child in self.children:
            kind = child.type
            if kind == "text":
                self._piece(child.content, self.kind)
                for lone in _LONE_ROLE.finditer(child.content):
                    piece = self.reading.pieces[-1]
                    where = (piece.line, piece.column + lone.start(), lone[1])
                    self.reading.unclosed_roles.append(where)
            elif kind in ("softbreak", "hardbreak"):
                self.row, self.col = self.row + 1, 0
            elif kind == "code_inline":
                self._skip(re.escape(child.markup) + r".*?" + re.escape(child.markup))
            elif kind == "myst_role":
                self._role(child)
            elif kind == "span_open":
                self.lang.append(str(child.attrs.get("lang", self.lang[-1] if self.lang else "")))
            elif kind == "span_close":
                self.lang.pop() if self.lang else None
                self._skip(r"\]\{[^}]*\}")
            elif kind == "link_close":
                self._skip(r"\]\([^)]*\)|\]\[[^\]]*\]|\]")
            elif kind in ("html_inline", "image", "math_inline"):
                self._skip(re.escape(child.content) if child.content else r"\S+")

    def _role(self, token: Token) -> None:
        name = str(token.meta.get("name", ""))
        match = re.compile(r"\{" + re.escape(name) + r"\}(`+)").search(self.line, self.col)
        if match is None:
            return
        self.reading.roles.append(
            Role(
                self.first + self.row + 1,
                self.indents[self.row] + match.start() + 1,
                name,
                token.content,
            )
        )
        self.col = match.end()
        content = token.content
        target = re.search(r"\s*<[^<>]*>\s*$", content)
        shown = content[: target.start()] if target else content
        self._piece(shown, "label" if target else "role", name)
        self._skip(re.escape(content[len(shown) :]) + match[1])


# -- Data files --------------------------------------------------------------------------------

_YAML_COMMENT = re.compile(r"^\s*#.*$")
#: a mapping key, with the list dashes before it, and a block scalar's indicator after it
_YAML_KEY = re.compile(r"^(\s*(?:-\s+)*)([\w-]+):(\s+[|>][-+]?\s*$)?(?=\s|$)")
_YAML_DASH = re.compile(r"^\s*(?:-\s+)+")
#: a value quoted by YAML itself: the marks are syntax, not quotation marks
_YAML_QUOTED = re.compile(
    r"(?P<lead>(?:^|[:\[{,-])\s*)(?P<q>[\"'])(?P<body>(?:(?!(?P=q)).)*)(?P=q)"
    r"(?=\s*(?:[,}\]#]|$))"
)


def _blank(text: str) -> str:
    return " " * len(text)


def yaml_lines(text: str, skip: Iterable[str] = ()) -> list[str]:
    """A YAML file's lines with only its text values left, in their columns: comments, keys,
    list dashes, YAML's own quoting and the values of the keys in ``skip`` blanked."""
    skipped = set(skip)
    lines = text.split("\n")
    in_skipped: int | None = None  # the indentation of the skipped key
    for index, line in enumerate(lines):
        indent = len(line) - len(line.lstrip())
        if in_skipped is not None:
            if not line.strip() or indent > in_skipped or line.lstrip().startswith("- "):
                lines[index] = _blank(line)
                continue
            in_skipped = None
        if _YAML_COMMENT.match(line):
            lines[index] = _blank(line)
            continue
        key = _YAML_KEY.match(line)
        if key and key[2] in skipped:
            lines[index] = _blank(line)
            in_skipped = len(key[1])
            continue
        if key:
            line = _blank(key.group(0)) + line[key.end() :]
        elif dash := _YAML_DASH.match(line):
            line = _blank(dash.group(0)) + line[dash.end() :]
        line = _YAML_QUOTED.sub(lambda m: m["lead"] + " " + m["body"] + " ", line)
        lines[index] = line
    return lines


def read_yaml(text: str, config: MdParserConfig | None = None, skip: Iterable[str] = ()) -> Reading:
    """The text values of a YAML data file read as MyST, at the file's lines and columns."""
    lines = yaml_lines(text, skip)
    indents = [len(line) - len(line.lstrip()) for line in lines]
    reading = Reading(text)
    _read([line.lstrip() for line in lines], 0, indents, config or parser_config(), reading)
    return reading


# -- In a build --------------------------------------------------------------------------------

#: Fields of the data files whose items are names (of terms, sources, needs), not prose.
NAME_FIELDS = frozenset({"se_ogsaa", "synonymer", "undgaa", "kilde", "tjekker"})

#: The last page read, (docname, source, config) → its reading: every rule of a page reads
#: the same reading at source-read.
_LAST_PAGE: dict[tuple[str, str, str], Reading] = {}


def page(env: Any, docname: str, source: str) -> Reading:
    """The reading of a page's source as Sphinx reads it (``source-read``), once for all
    the rules that look at it."""
    config = config_of_env(env)
    key = (docname, source, repr(config))
    if key not in _LAST_PAGE:
        _LAST_PAGE.clear()
        _LAST_PAGE[key] = read_markdown(source, config)
    return _LAST_PAGE[key]


def data_file(env: Any, path: Path) -> Reading | None:
    """The reading of a YAML data file's text values, kept until the file changes (also
    between builds, with the data files' readings); None for a file that is not valid YAML
    (its own check names that, once)."""
    config = config_of_env(env)

    def make() -> Reading | None:
        try:
            text = path.read_text(encoding="utf-8")
            YAML(typ="safe").load(text)
        except (OSError, UnicodeDecodeError, YAMLError):
            return None
        return read_yaml(text, config, NAME_FIELDS)

    return core.derived(path, f"prosa {core.code_stamp(__file__)} {_stable(config)}", make)


def _stable(config: MdParserConfig) -> str:
    """The settings as the same text in every process: a set's repr follows string hashing,
    which Python seeds anew in each process, and a key that differs is a reading thrown away."""
    return repr(
        [
            (f.name, sorted(value) if isinstance(value := getattr(config, f.name), set) else value)
            for f in dataclasses.fields(config)
        ]
    )


def data_files(env: Any, folders: Iterable[Path]) -> Iterator[tuple[Path, Reading]]:
    """Every readable YAML file of the folders, with its reading."""
    for folder in folders:
        if not folder.is_dir():
            continue
        for path in sorted(folder.glob("*.yaml")):
            reading = data_file(env, path)
            if reading is not None:
                yield path, reading


def data_folders(app: Sphinx) -> list[Path]:
    """The folders of the data files whose texts are MyST: the glossary and the checklists."""
    config = app.config
    glossary = Path(app.confdir, getattr(config, "handbog_glossary_dir", None) or "glossary")
    checklists = getattr(config, "handbog_checklists_dir", None) or "checklists"
    return [glossary, Path(app.confdir, checklists)]
