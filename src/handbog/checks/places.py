"""Where a message points: a page's lines that hold a text, and a place as the editor reads it."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from handbog.data.core import display_path

if TYPE_CHECKING:
    from sphinx.application import Sphinx


def lines_of(app: Sphinx, docname: str, text: str) -> list[int]:
    """The lines of a page's source that hold ``text``, once per time it stands there."""
    try:
        source = Path(app.env.doc2path(docname)).read_text(encoding="utf-8")
    except OSError:
        return []
    return [n for n, line in enumerate(source.splitlines(), 1) for _ in range(line.count(text))]


def place(app: Sphinx, docname: str, line: int | None) -> str:
    path = display_path(app.env.doc2path(docname), Path(app.confdir))
    return f"{path}:{line}" if line else path


def first_line(app: Sphinx, docname: str, text: str) -> int | None:
    return next(iter(lines_of(app, docname, text)), None)
