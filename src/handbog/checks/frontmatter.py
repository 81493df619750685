"""A page's front matter (the lines between --- at its top): YAML that cannot be read, or a
front matter that is never closed, is one Danish message at its line. MyST says "Malformed
YAML" in English at line 1, or reads an unclosed one as a line and a page of text."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ruamel.yaml import YAML
from ruamel.yaml.error import MarkedYAMLError, YAMLError

from handbog.checks import reader
from handbog.data.core import yaml_error
from handbog.messages import warn

if TYPE_CHECKING:
    from sphinx.application import Sphinx


def problem(source: str, reading: reader.Reading) -> tuple[int, str] | None:
    """(line, what is wrong) of the page's front matter, or None."""
    if reading.front_matter is None:
        if source.startswith("---\n") and source.count("\n---", 1) == 0:
            return 1, "den bliver ikke lukket: der mangler en linje med --- efter den"
        return None
    first, text = reading.front_matter
    try:
        YAML(typ="safe").load(text)
    except MarkedYAMLError as exc:
        # the data files' reading of a YAML mistake, with its Danish words (handbog.data.core)
        line, _column, what = yaml_error(exc)
        return first + line - 1, f"den er ikke gyldig YAML: {what}"
    except YAMLError as exc:
        return first, f"den er ikke gyldig YAML ({exc})"
    return None


def check_page(app: Sphinx, docname: str, source: list[str]) -> None:
    found = problem(source[0], reader.page(app.env, docname, source[0]))
    if found is not None:
        line, what = found
        warn("forside", (docname, line), what=what)


def setup(app: Sphinx) -> None:
    app.connect("source-read", check_page)
