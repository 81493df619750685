"""No personal data in the handbook's own pages: a CPR-like number stops the build.

The checklists and the glossary are checked where their YAML is read (handbog.data.core);
this module checks each page as Sphinx reads it, with the same definition of a CPR-like
number as the checklist forms (handbog.data.privacy). Unlike the other rules over
:mod:`handbog.checks.reader`, it reads every character of the page, not only the prose: a number in
a code block, an option or a comment is published all the same.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from handbog import messages
from handbog.checks import reader
from handbog.data.privacy import SOURCE_MESSAGE, cpr_lines

if TYPE_CHECKING:
    from sphinx.application import Sphinx


def check_source(app: Sphinx, docname: str, source: list[str]) -> None:
    reading = reader.page(app.env, docname, source[0])
    for line, column in cpr_lines(reading.source):
        messages.warn("personoplysninger", (docname, line), column=column, what=SOURCE_MESSAGE)


def setup(app: Sphinx) -> None:
    app.connect("source-read", check_source)
