"""Danish hyphenation exceptions for the PDFs: listed words break where the list says.

WeasyPrint hyphenates with pyphen's da_DK patterns, which know syllables but not compound
words, so it prints "Socialrå-dgivere" and "kernee-lementer". The words it gets wrong are
listed once, with their correct break points, in ``handbog/data/orddeling.yaml``; this module
puts soft hyphens (U+00AD) at those points in the assembled document. A word with soft
hyphens is broken only there (CSS Text 3, ``hyphens: auto``; WeasyPrint follows it).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from importlib import resources

from bs4 import BeautifulSoup, Tag
from bs4.element import Comment, NavigableString
from ruamel.yaml import YAML

SOFT_HYPHEN = "\u00ad"
#: The shortest word WeasyPrint hyphenates (pdf.css: ``hyphenate-limit-chars: 6 3 3``).
SHORTEST_HYPHENATED = 6

#: Text that is never hyphenated (pdf.css sets ``hyphens: manual`` there): a soft hyphen
#: would make it breakable. A module's name in a hint is hyphenated (pdf.css), so it gets the
#: list's break points too (»Tjek-lister«, not pyphen's »Tje-klister«).
_KEEP_WHOLE = (
    "code, pre, kbd, tt, h1, h2, h3, h4, h5, h6, dt, caption, .caption, .admonition-title, "
    ".needs-id, .handbog-id, .pdf-url:not(.pdf-url--module), .needs_title, .pdf-cover, svg, "
    "style, script, title"
)


@dataclass(frozen=True)
class Exceptions:
    #: lower-case word start -> the same letters with "-" at the allowed breaks
    words: dict[str, str]
    #: the wrong breaks the PDFs printed, as "Socialrå-dgivere"
    wrong: tuple[str, ...]


@cache
def exceptions() -> Exceptions:
    text = resources.files("handbog.data").joinpath("orddeling.yaml").read_text("utf-8")
    data = YAML(typ="safe").load(text)
    words = {str(w).replace("-", "").lower(): str(w).lower() for w in data.get("ord") or []}
    return Exceptions(words, tuple(str(w) for w in data.get("forkerte") or []))


@cache
def _pattern() -> re.Pattern[str] | None:
    words = sorted(exceptions().words, key=len, reverse=True)
    if not words:
        return None
    # A listed word at the start of a word; the rest of the word follows unbroken.
    return re.compile(rf"(?<![\wæøåÆØÅ])({'|'.join(map(re.escape, words))})", re.IGNORECASE)


def hyphenate(text: str) -> str:
    """``text`` with soft hyphens at the listed break points of every listed word."""
    pattern = _pattern()
    if pattern is None:
        return text
    words = exceptions().words

    def soft(match: re.Match[str]) -> str:
        found = match.group(1)
        marked = words[found.lower()]
        out, index = [], 0
        for part in marked.split("-"):
            out.append(found[index : index + len(part)])
            index += len(part)
        return SOFT_HYPHEN.join(out)

    return pattern.sub(soft, text)


def apply_exceptions(root: Tag, names: Iterable[str] = ()) -> None:
    """Put the soft hyphens of the exception list into every text of ``root`` that may be
    hyphenated, and keep ``names`` (the references' authors) whole: each is wrapped in a
    ``span.pdf-name``, which pdf.css does not hyphenate."""
    pattern = _pattern()
    kept = {id(tag) for tag in root.select(_KEEP_WHOLE)}
    if pattern is not None:
        for node in list(root.find_all(string=pattern)):
            if isinstance(node, Comment) or any(id(p) in kept for p in node.parents):
                continue
            node.replace_with(NavigableString(hyphenate(str(node))))
    # A name too short to be hyphenated needs no span, and a span costs: WeasyPrint breaks
    # lines badly at an inline box's edge (Kozea/WeasyPrint#1614), which left »de« alone on a
    # line before »VIVE« (issue 23).
    wanted = sorted({n for n in names if len(n) >= SHORTEST_HYPHENATED}, key=len, reverse=True)
    if not wanted:
        return
    name = re.compile(rf"(?<![\wæøåÆØÅ])(?:{'|'.join(map(re.escape, wanted))})(?![\wæøåÆØÅ])")
    soup = _soup_of(root)
    for node in list(root.find_all(string=name)):
        if isinstance(node, Comment) or any(id(p) in kept for p in node.parents):
            continue
        text, at = str(node), 0
        parts: list[NavigableString | Tag] = []
        for match in name.finditer(text):
            parts.append(NavigableString(text[at : match.start()]))
            span = soup.new_tag("span", attrs={"class": "pdf-name"})
            span.string = match.group(0)
            parts.append(span)
            at = match.end()
        parts.append(NavigableString(text[at:]))
        node.replace_with(*[p for p in parts if str(p)])


def _soup_of(tag: Tag) -> BeautifulSoup:
    top: Tag = tag
    while top.parent is not None:
        top = top.parent
    assert isinstance(top, BeautifulSoup)
    return top


#: An ID of the information model or a checklist (``PR_BI_RUM``, ``TJ_OPSTART_2_1``): at
#: least one underscore between capitals or digits.
_ID = re.compile(r"(?<![\w])[A-ZÆØÅ][A-ZÆØÅ0-9]*(?:_[A-ZÆØÅ0-9]+)+(?![\w])")

#: pdf.css neither hyphenates an ID nor cuts it between two letters: it wraps at its <wbr>.
ID_CLASS = "pdf-id"

#: Where a break opportunity would change what the text is, not only where it may break.
_NO_BREAKS = "svg, style, script, title, textarea, option"


def id_break_points(root: Tag) -> None:
    """Let a long ID break only after an underscore (``PR_BI_``/``RUM``), never inside a part.

    Without a break opportunity an ID in a narrow table cell either runs past the margin
    (``overflow-wrap: break-word`` does not shrink a column's minimum width) or, with
    ``anywhere``, is cut at any letter (issue 23: 33 broken IDs in the editors' PDF). A
    ``<wbr>`` is an opportunity only: the printed and the copied text stay the same. The ID is
    wrapped in ``span.pdf-id``, which pdf.css keeps from hyphens and from a cut between
    letters (WeasyPrint's ``break-word`` cut ``PROCEDU``/``RER`` although a ``<wbr>`` was near).
    """
    soup = _soup_of(root)
    skipped = {id(tag) for tag in root.select(_NO_BREAKS)}
    for node in list(root.find_all(string=_ID)):
        if isinstance(node, Comment) or any(id(p) in skipped for p in node.parents):
            continue
        text, at = str(node), 0
        parts: list[NavigableString | Tag] = []
        for match in _ID.finditer(text):
            pieces = match.group(0).split("_")
            parts.append(NavigableString(text[at : match.start()]))
            span = soup.new_tag("span", attrs={"class": ID_CLASS})
            for piece in pieces[:-1]:
                span.append(NavigableString(piece + "_"))
                span.append(soup.new_tag("wbr"))
            span.append(NavigableString(pieces[-1]))
            parts.append(span)
            at = match.end()
        parts.append(NavigableString(text[at:]))
        node.replace_with(*[p for p in parts if not isinstance(p, NavigableString) or str(p)])
    _path_break_points(root, soup, skipped)


#: A page's or a file's path in a table (``kerneelementer/foraeldresamarbejde``).
_PATH = re.compile(r"(?<![\w/])[\w.-]+(?:/[\w.-]+)+/?")

#: A Python name in code (``handbog.checks.quotes.check_page``).
_DOTTED = re.compile(r"(?<![\w.])[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)+")


def _path_break_points(root: Tag, soup: BeautifulSoup, skipped: set[int]) -> None:
    """Let a path in a table cell wrap after each »/«, and a dotted Python name in code after
    each ».«: without them a column of build measurements ran 15 mm past the editors' page
    edge, and a list of hook functions 4.6 mm (issue 23)."""
    cells = {id(tag) for tag in root.select("td, th")}
    codes = {id(tag) for tag in root.select("code")}
    for pattern, mark, where in ((_PATH, "/", cells), (_DOTTED, ".", codes)):
        for node in list(root.find_all(string=pattern)):
            parents = {id(p) for p in node.parents}
            if isinstance(node, Comment) or parents & skipped or not parents & where:
                continue
            text, at = str(node), 0
            parts: list[NavigableString | Tag] = []
            for match in pattern.finditer(text):
                pieces = match.group(0).split(mark)
                parts.append(NavigableString(text[at : match.start()]))
                for piece in pieces[:-1]:
                    parts.append(NavigableString(piece + mark))
                    parts.append(soup.new_tag("wbr"))
                parts.append(NavigableString(pieces[-1]))
                at = match.end()
            parts.append(NavigableString(text[at:]))
            node.replace_with(*[p for p in parts if not isinstance(p, NavigableString) or str(p)])
