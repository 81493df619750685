"""The handbook's BibTeX file, read in one place.

sphinxcontrib-bibtex parses docs/litteratur.bib for the build (the ``cite`` domain's
``bibdata``). What the handbook needs besides lives here, and nothing else outside
sphinxcontrib-bibtex reads a .bib file: the keys, for checks that run without a build; the
line an entry starts on, for messages; how the report cites a work ("Jensen, Brix & Studstrup
(2019)"); and the letters that tell apart works with the same authors and year (2019a, 2019b).
"""

from __future__ import annotations

import re
import string
from collections.abc import Iterable
from pathlib import Path

import pybtex.database
from pybtex.database import Entry

#: ``@type{key,``: where an entry starts (never ``@string{name = …}`` nor ``@comment{…}``).
_ENTRY_START = re.compile(r"@\w+\s*\{\s*([^,\s]+)\s*,")


def entry_keys(bibfile: Path) -> set[str]:
    """The keys of the entries in ``bibfile``, as pybtex reads them; none if there is no file.

    A file pybtex cannot read raises its ``PybtexError``, which names the file and line.
    """
    if not bibfile.exists():
        return set()
    return set(pybtex.database.parse_file(bibfile, bib_format="bibtex").entries)


def entry_lines(bibfile: Path) -> dict[str, int]:
    """The line each entry starts on, by key, so a message can point into the file.

    pybtex keeps no line numbers, so this is the one place that reads BibTeX by pattern: the
    first line with ``@type{key,`` for each key. Look keys up with ``.get(key, 1)``.
    """
    lines: dict[str, int] = {}
    for number, line in enumerate(bibfile.read_text(encoding="utf-8").splitlines(), 1):
        for match in _ENTRY_START.finditer(line):
            lines.setdefault(match[1], number)
    return lines


def citation_names(entry: Entry) -> list[str]:
    """The names a citation shows: the authors' last names, else the editors', else the key.

    Corporate authors are protected with braces in BibTeX (``{{EVA}}``); the braces are markup.
    """
    persons = entry.persons.get("author") or entry.persons.get("editor") or []
    names = [" ".join(p.last_names).replace("{", "").replace("}", "") for p in persons]
    return names or [entry.key]


def short_citation(entry: Entry) -> str:
    """The form the report itself cites in, e.g. "Jensen, Brix & Studstrup (2019)".

    Give it an entry from :func:`lettered` to get the year's letter too: "Villumsen (2011a)".
    """
    names = citation_names(entry)
    if len(names) == 1:
        who = names[0]
    elif len(names) <= 3:
        who = ", ".join(names[:-1]) + " & " + names[-1]
    else:
        who = names[0] + " et al."
    return f"{who} ({entry.fields.get('year', 'u.å.')})"


def lettered(entries: Iterable[Entry]) -> list[Entry]:
    """The entries, with a letter after the year of works with the same authors and year.

    As the report writes them: 2019a, 2019b. Letters follow the BibTeX keys, which the handbook
    names after the report (``socialstyrelsen2019a`` is its "Socialstyrelsen (2019a)"). Entries
    that get a letter are copies: the entries themselves belong to sphinxcontrib-bibtex (and
    its cache), so they stay as the .bib file has them. Lettering lettered entries changes
    nothing, as the letter is worked out from the year's four digits.
    """
    entries = list(entries)
    groups: dict[tuple[tuple[str, ...], str], list[str]] = {}
    for entry in entries:
        year = re.match(r"\d{4}", entry.fields.get("year", ""))
        if year:
            groups.setdefault((tuple(citation_names(entry)), year[0]), []).append(entry.key)
    years = {
        key: year + letter
        for (_names, year), keys in groups.items()
        if len(keys) > 1
        for letter, key in zip(string.ascii_lowercase, sorted(keys), strict=False)
    }
    return [_with_year(e, years[e.key]) if e.key in years else e for e in entries]


def _with_year(entry: Entry, year: str) -> Entry:
    copy = Entry(entry.original_type, fields=entry.fields, persons=entry.persons)
    copy.fields["year"] = year  # the constructor copied the fields; the persons are shared
    copy.key = entry.key
    return copy
