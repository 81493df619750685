"""Danish author–year citation and bibliography styles for sphinxcontrib-bibtex.

Registered as pybtex/sphinxcontrib-bibtex plugins so conf.py can name them:
``bibtex_default_style = "handbog"`` and ``bibtex_reference_style = "handbog_forfatter_aar"``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pybtex.plugin
from pybtex.richtext import Tag, Text
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
    "seed": "Håndbogens egen kilde; står ikke i rapportens litteraturliste.",
}


class DanishBibliographyStyle(UnsrtStyle):
    default_sorting_style = "author_year_title"
    default_label_style = "alpha"

    def format_entry(self, label, entry, bib_data=None):  # type: ignore[override]
        formatted = super().format_entry(label, entry, bib_data=bib_data)
        words = {w.strip() for w in entry.fields.get("keywords", "").split(",")}
        notes = [PROVENANCE[w] for w in sorted(words) if w in PROVENANCE]
        if notes:
            formatted.text = Text(formatted.text, " ", Tag("em", " ".join(notes)))
        return formatted


def setup(_app: object) -> None:
    # Registered at run time (not only as entry points) so an uninstalled checkout and the
    # tests' example projects find the styles too; a second registration is a no-op.
    pybtex.plugin.register_plugin("pybtex.style.formatting", "handbog", DanishBibliographyStyle)
    sphinxcontrib.bibtex.plugin.register_plugin(
        "sphinxcontrib.bibtex.style.referencing", "handbog_forfatter_aar", DanishAuthorYearStyle
    )
