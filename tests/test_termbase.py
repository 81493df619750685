"""The termbase (handbog.termbase): words the handbook avoids, listed with ``undgaa`` in the
glossary, are named with file, line and the word to use, outside quotations."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from handbog.termbase import Rule, find, read_rules

REPO = Path(__file__).resolve().parents[1]
RULES = [
    Rule("fagprofessionelle", "fagfolk", Path("glossary/fagprofessionel.yaml")),
    Rule("afgørelser over", "afgørelser om", Path("glossary/myndighed.yaml")),
]


def _warnings(app) -> str:
    return app.warning.getvalue() if hasattr(app, "warning") else app._warning.getvalue()


def test_an_avoided_word_is_found_with_its_line_column_and_the_word_to_use():
    hits = find("Første linje.\nHer mødes Fagprofessionelle hver uge.\n", RULES)
    assert [(h.line, h.column, h.word) for h in hits] == [(2, 11, "Fagprofessionelle")]
    message = hits[0].message()
    assert "skriv 'fagfolk' i stedet" in message and "fagprofessionel.yaml" in message


def test_quotations_code_roles_and_options_keep_the_sources_word():
    text = (
        "> Blokcitat med fagprofessionelle.\n"
        'Rapporten skriver »fagprofessionelle«, „fagprofessionelle“ og "fagprofessionelle".\n'
        "Se {term}`fagprofessionelle` og `fagprofessionelle`.\n"
        ":titel: fagprofessionelle\n"
    )
    assert find(text, RULES) == []


def test_only_whole_words_and_phrases_across_a_line_break_count():
    text = "fagprofessionelles og fagprofessionellejer\nde træffer afgørelser\nover familien"
    hits = find(text, RULES)
    assert [(h.line, h.word.split()[0]) for h in hits] == [(2, "afgørelser")]


def test_the_handbooks_glossary_lists_the_deliberate_words():
    rules = {rule.avoid: rule.use for rule in read_rules(REPO / "glossary")}
    assert rules["fagprofessionelle"] == "fagfolk"
    assert rules["afgørelser over"] == "afgørelser om"
    assert len(rules) <= 10, "hold listen kort og bevidst"


@pytest.mark.sphinx("html", testroot="termer")
def test_the_build_names_avoided_words_in_pages_and_glossary_but_not_in_quotes(app):
    app.build()
    warnings = re.sub(r"\x1b\[[0-9;]*m", "", _warnings(app)).splitlines()
    lines = [line for line in warnings if "[handbog.termer]" in line]
    assert len(lines) == len(warnings), "andre advarsler end termlistens"
    where = sorted(line.split(": WARNING")[0].split("/termer/")[-1] for line in lines)
    # the page: line 3 (prose), line 8 (inflected), line 9 (a phrase over a line break); the
    # other term's definition; not the quotation, the {term} role, the term's own file or
    # the list of related terms
    assert where == ["glossary/moede.yaml:4", "index.md:3", "index.md:8", "index.md:9"]
    assert all("skriv 'fagfolk' i stedet" in line for line in lines)
