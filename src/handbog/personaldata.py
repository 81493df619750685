"""No personal data in the handbook's own pages: a CPR-like number stops the build.

The checklists and the glossary are checked where their YAML is read (handbog.data.core);
this module checks each page's source as Sphinx reads it, with the same definition of a
CPR-like number as the checklist forms (handbog.checklists.privacy).
"""

from __future__ import annotations

from sphinx.application import Sphinx
from sphinx.util import logging

from handbog.checklists.privacy import SOURCE_MESSAGE, cpr_lines

LOGGER = logging.getLogger(__name__)


def check_source(app: Sphinx, docname: str, source: list[str]) -> None:
    for line, column in cpr_lines(source[0]):
        LOGGER.warning(
            f"kolonne {column}: {SOURCE_MESSAGE}",
            location=(docname, line),
            type="handbog",
            subtype="personoplysninger",
        )


def setup(app: Sphinx) -> None:
    app.connect("source-read", check_source)
