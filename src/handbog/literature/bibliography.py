"""The handbook's BibTeX file, read in one place.

sphinxcontrib-bibtex parses docs/litteratur.bib for the build (the ``cite`` domain's
``bibdata``). What the handbook needs besides lives here, and nothing else outside
sphinxcontrib-bibtex reads a .bib file: the keys, for checks that run without a build; the
line an entry starts on, for messages; how the report cites a work ("Jensen, Brix & Studstrup
(2019)"); the letters that tell apart works with the same authors and year (2019a, 2019b);
and the fields of the report the PDF colophon names.
"""

from __future__ import annotations

import re
import string
from collections.abc import Iterable, Mapping, Set
from pathlib import Path
from typing import NamedTuple

import pybtex.database
import pybtex.errors
from pybtex.database import Entry
from pybtex.scanner import PybtexSyntaxError

#: ``@type{key,``: where an entry starts (never ``@string{name = …}`` nor ``@comment{…}``).
_ENTRY_START = re.compile(r"@\w+\s*\{\s*([^,\s]+)\s*,")


def entry_keys(bibfile: Path) -> set[str]:
    """The keys of the entries in ``bibfile``, as pybtex reads them; none if there is no file.

    A file pybtex cannot read raises its ``PybtexError``, which names the file and line.
    """
    if not bibfile.exists():
        return set()
    return set(pybtex.database.parse_file(bibfile, bib_format="bibtex").entries)


def entry_fields(bibfile: Path, key: str) -> dict[str, str]:
    """The fields of one entry as written, without BibTeX's braces; none if it is missing.

    The PDF colophon names the report it builds on this way (handbog.theme.pdflinks)."""
    if not bibfile.exists():
        return {}
    # a broken file has its own message (syntax_problems); here it only lacks the entry
    with pybtex.errors.capture():
        entry = pybtex.database.parse_file(bibfile, bib_format="bibtex").entries.get(key)
    if entry is None:
        return {}
    return {name: value.replace("{", "").replace("}", "") for name, value in entry.fields.items()}


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


#: The ``keywords`` of the entries that are the report's own bibliography (Bilag 2): listed
#: whole on the literature page, so they need not be cited. Values of the model's ``soegning``.
REPORT_LIST = ("systematisk", "baggrund")

#: pybtex's descriptions of common mistakes, in Danish.
_BIB_PROBLEMS = {
    "premature end of file": "filen slutter, før posten er lukket (der mangler en '}')",
    "'=' expected": "der mangler et '=' mellem feltets navn og værdi",
    "'}' or ',' expected": "der mangler et komma efter et felt, eller en '}' til sidst",
    "'}' expected": "der mangler et komma efter et felt, eller en '}' til sidst",
    "',' expected": "der mangler et komma efter posten nøgle",
    "entry key expected": "posten mangler sin nøgle (fx 'hansen2020,')",
    "field name expected": "der mangler et feltnavn (står der et komma for meget?)",
    "repeated bibliograhpy entry": "nøglen står to gange",
    "repeated bibliography entry": "nøglen står to gange",
}


class BibProblem(NamedTuple):
    line: int  # where the broken entry begins
    what: str  # in Danish
    entry: str  # " (posten 'x', …)" for the message, or ""
    key: str  # the broken entry's key, or ""


def syntax_problems(bibfile: Path) -> list[BibProblem]:
    """Every mistake pybtex finds in ``bibfile``: the line to fix, a Danish description and
    which entry it is in.

    pybtex stops at the first error unless its errors are captured; then it skips the broken
    entry and goes on, so an editor sees every broken entry at once. The line is where the
    broken entry begins (pybtex notices an unclosed entry only at the end of the file).
    """
    if not bibfile.exists():
        return []
    with pybtex.errors.capture() as errors:
        pybtex.database.parse_file(bibfile, bib_format="bibtex")
    starts = sorted((line, key) for key, line in entry_lines(bibfile).items())
    found: list[BibProblem] = []
    for error in errors:
        english = str(error)
        plain = english.split(": ", 1)[-1] if isinstance(error, PybtexSyntaxError) else english
        danish = next((d for k, d in _BIB_PROBLEMS.items() if k in plain), plain)
        noticed: int = getattr(error, "lineno", None) or 0
        if not noticed and "repeated" in plain:
            # no position: the second entry with the key is the one to rename or remove
            key = plain.rsplit(": ", 1)[-1].strip()
            line = ([*_entry_starts(bibfile, key)[1:], 1])[0]
            found.append(BibProblem(line, danish, f" (posten {key!r} står også længere oppe)", ""))
            continue
        before = [(line, key) for line, key in starts if line <= noticed] if noticed else []
        line, key = before[-1] if before else (noticed, "")
        entry = f" (posten {key!r}, pybtex så fejlen på linje {noticed})" if key else ""
        found.append(BibProblem(line or 1, danish, entry, key))
    return found


def _entry_starts(bibfile: Path, key: str) -> list[int]:
    return [
        number
        for number, line in enumerate(bibfile.read_text(encoding="utf-8").splitlines(), 1)
        if any(match[1] == key for match in _ENTRY_START.finditer(line))
    ]


def unused_entries(entries: Mapping[str, Entry], used: Set[str]) -> list[str]:
    """The keys of entries neither used (cited, or built on by a need) nor part of the report's
    bibliography (``keywords`` = one of :data:`REPORT_LIST`), in the order of the file."""
    return [
        key
        for key, entry in entries.items()
        if key not in used
        and not {w.strip() for w in entry.fields.get("keywords", "").split(",")} & set(REPORT_LIST)
    ]


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


def need_id_for_key(key: str, prefix: str) -> str:
    """The kilde need ID of a BibTeX key, with the prefix of the type in the model
    (``info.types[SOURCE_TYPE].prefix``): ``jensen2019`` → ``KI_JENSEN2019``."""
    return prefix + re.sub(r"[^A-Z0-9]+", "_", key.upper()).strip("_")
