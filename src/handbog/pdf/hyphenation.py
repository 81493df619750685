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

#: Text that is never hyphenated (pdf.css sets ``hyphens: manual`` there): a soft hyphen
#: would make it breakable.
_KEEP_WHOLE = (
    "code, pre, kbd, tt, h1, h2, h3, h4, h5, h6, dt, caption, .caption, .admonition-title, "
    ".needs-id, .handbog-id, .pdf-url, .needs_title, .pdf-cover, svg, style, script, title"
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
    wanted = sorted({n for n in names if n}, key=len, reverse=True)
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
