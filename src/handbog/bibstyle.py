"""Danish author–year citation and bibliography styles for sphinxcontrib-bibtex.

Registered as pybtex/sphinxcontrib-bibtex plugins so conf.py can name them:
``bibtex_default_style = "handbog"`` and ``bibtex_reference_style = "handbog_forfatter_aar"``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import pybtex.plugin
from pybtex.richtext import Tag, Text
from pybtex.style import FormattedEntry
from pybtex.style.template import Node
import sphinxcontrib.bibtex.plugin
from pybtex.style.formatting.unsrt import Style as UnsrtStyle
from sphinxcontrib.bibtex.style.referencing import BracketStyle, PersonStyle
from sphinxcontrib.bibtex.style.referencing.author_year import AuthorYearReferenceStyle


def _round() -> BracketStyle:
    return BracketStyle(left="(", right=")")


def _danish_persons() -> PersonStyle:
    # The report cites "Jensen, Brix & Studstrup (2019)" and "Hansen et al. (2021)".
    return PersonStyle(sep=", ", sep2=" & ", last_sep=" & ", other=" et al.")


@dataclass
class DanishAuthorYearStyle(AuthorYearReferenceStyle):
    bracket_parenthetical: BracketStyle = field(default_factory=_round)
    bracket_textual: BracketStyle = field(default_factory=_round)
    bracket_author: BracketStyle = field(default_factory=_round)
    bracket_year: BracketStyle = field(default_factory=_round)
    bracket_label: BracketStyle = field(default_factory=_round)
    person: PersonStyle = field(default_factory=_danish_persons)


#: What the bibliography says after each entry, by its BibTeX ``keywords``: the report
#: marks the references its systematic search found; the handbook adds its own sources.
PROVENANCE = {
    "systematisk": "Fundet ved rapportens systematiske litteratursøgning.",
    "rapport": "Rapporten, som håndbogen bygger på.",
    "seed": "Håndbogens egen kilde; står ikke i rapportens litteraturliste.",
}


#: The few English words of pybtex's unsrt templates, in Danish. They are swapped in the
#: template tree, before formatting merges them with titles and names.
DANISH_WORDS = {
    "In": "I",
    "editor": "red.",
    "editors": "red.",
    "pages": "s.",
    "page": "s.",
    "Technical Report": "Rapport",
    "PhD thesis": "Ph.d.-afhandling",
    "Master's thesis": "Specialeafhandling",
    "edition": "udg.",
    "volume": "bind",
    "number": "nr.",
    "of": "af",
    " and ": " & ",
    ", and ": " & ",
}


SEPARATORS = {"sep", "sep2", "last_sep"}


def _danish(node: Any) -> Any:
    if isinstance(node, str):
        return DANISH_WORDS.get(node, node)
    if isinstance(node, Node):
        # Only literal text and separators: args name fields and roles ("editor", "volume").
        node.children = [_danish(child) for child in node.children]
        node.kwargs = {
            key: _danish(value) if key in SEPARATORS else value for key, value in node.kwargs.items()
        }
    return node


class DanishBibliographyStyle(UnsrtStyle):
    default_sorting_style = "author_year_title"
    default_label_style = "alpha"
    default_name_style = "lastfirst"

    def format_entry(self, label, entry, bib_data=None):  # type: ignore[override]
        context = {"entry": entry, "style": self, "bib_data": bib_data}
        template = _danish(getattr(self, f"get_{entry.type}_template")(entry))
        formatted = FormattedEntry(entry.key, template.format_data(context), label)
        words = {w.strip() for w in entry.fields.get("keywords", "").split(",")}
        notes = [PROVENANCE[w] for w in sorted(words) if w in PROVENANCE]
        if notes:
            formatted.text = Text(formatted.text, " ", Tag("em", " ".join(notes)))
        return formatted


def _citation_names(entry: Any) -> tuple[str, ...]:
    persons = entry.persons.get("author") or entry.persons.get("editor") or []
    names = tuple(" ".join(p.last_names) for p in persons)
    return names or (entry.fields.get("author", "") or entry.fields.get("editor", ""),)


def disambiguate_years(entries: Any) -> dict[str, str]:
    """Give works with the same authors and year a letter: 2019a, 2019b (as the report does).

    Letters follow the BibTeX keys, which the handbook names after the report
    (``socialstyrelsen2019a`` is the report's "Socialstyrelsen (2019a)"). Idempotent: the
    year is set from its four digits each time, so a cached bibliography is not lettered twice.
    Returns the new years by key.
    """
    groups: dict[tuple[tuple[str, ...], str], list[str]] = {}
    for key, entry in entries.items():
        match = re.match(r"\d{4}", entry.fields.get("year", ""))
        if match:
            groups.setdefault((_citation_names(entry), match[0]), []).append(key)
    lettered: dict[str, str] = {}
    for (_names, year), keys in groups.items():
        for position, key in enumerate(sorted(keys)):
            new = year + ("abcdefghijklmnopqrstuvwxyz"[position] if len(keys) > 1 else "")
            entries[key].fields["year"] = new
            lettered[key] = new
    return lettered


def _disambiguate(app: Any) -> None:
    domain = app.env.get_domain("cite")
    disambiguate_years(domain.bibdata.data.entries)


def setup(app: Any) -> None:
    # Registered at run time (not only as entry points) so an uninstalled checkout and the
    # tests' example projects find the styles too; a second registration is a no-op.
    pybtex.plugin.register_plugin("pybtex.style.formatting", "handbog", DanishBibliographyStyle)
    sphinxcontrib.bibtex.plugin.register_plugin(
        "sphinxcontrib.bibtex.style.referencing", "handbog_forfatter_aar", DanishAuthorYearStyle
    )
    # After sphinxcontrib-bibtex has read (or taken from its cache) the BibTeX file.
    app.connect("builder-inited", _disambiguate, priority=600)
