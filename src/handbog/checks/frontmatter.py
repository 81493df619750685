"""A page's front matter (the lines between --- at its top): YAML that cannot be read, or a
front matter that is never closed, is one Danish message at its line. MyST says "Malformed
YAML" in English at line 1, or reads an unclosed one as a line and a page of text."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ruamel.yaml import YAML
from ruamel.yaml.error import MarkedYAMLError, YAMLError

from handbog.checks import reader
from handbog.data.core import did_you_mean, yaml_error
from handbog.messages import warn
from handbog.theme.search import DESCRIPTION_KEY, PAGE_WORDS

#: The names a page's front matter may have, each read by someone: a misspelt one would be kept
#: as page metadata that nothing reads, silently.
FRONT_MATTER_KEYS = frozenset(
    {
        # Sphinx's file-wide metadata
        "tocdepth",
        "nocomments",
        "orphan",
        "nosearch",
        # MyST: settings for one page, and the page's title
        "myst",
        "title",
        # the handbook's own (handbog.theme.search)
        PAGE_WORDS,
        DESCRIPTION_KEY,
    }
)

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


def unknown_keys(reading: reader.Reading) -> list[tuple[int, str]]:
    """(line, name) of every top-level name of a readable front matter that nothing reads."""
    if reading.front_matter is None:
        return []
    first, text = reading.front_matter
    try:
        data = YAML(typ="safe").load(text)
    except YAMLError:
        return []  # problem() names it
    if not isinstance(data, dict):
        return []
    lines = text.splitlines()
    found = []
    for key in data:
        if str(key) in FRONT_MATTER_KEYS:
            continue
        at = next((n for n, line in enumerate(lines) if line.startswith(f"{key}:")), 0)
        found.append((first + at, str(key)))
    return found


def check_page(app: Sphinx, docname: str, source: list[str]) -> None:
    reading = reader.page(app.env, docname, source[0])
    found = problem(source[0], reading)
    if found is not None:
        line, what = found
        warn("forside", (docname, line), what=what)
        return
    known = ", ".join(sorted(FRONT_MATTER_KEYS))
    for line, name in unknown_keys(reading):
        hint = did_you_mean(name, FRONT_MATTER_KEYS)
        warn("forside-felt", (docname, line), name=name, hint=hint, known=known)


def setup(app: Sphinx) -> None:
    app.connect("source-read", check_page)
