"""The termbase (handbog.termbase): words the handbook avoids, listed with ``undgaa`` in the
glossary, are named with file, line and the word to use, outside quotations."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from handbog.checklists.model import KIND_LABELS
from handbog.checks.termbase import Rule, checklist_kind_rules, find, read_rules

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


def test_a_fence_does_not_pair_its_backticks_with_a_later_role():
    """A block's ``` used to pair with the next role's backtick, so the role's word was read as
    prose (and the block's own text was skipped)."""
    text = (
        "```{praksis} En praksis\n:id: PR_X\n\nTekst om fagprofessionelle.\n```\n\n"
        "Rapporten siger {term}`fagprofessionelle`.\n"
    )
    assert [(h.line, h.word) for h in find(text, RULES)] == [(4, "fagprofessionelle")]


def test_only_whole_words_and_phrases_across_a_line_break_count():
    text = "fagprofessionelles og fagprofessionellejer\nde træffer afgørelser\nover familien"
    hits = find(text, RULES)
    assert [(h.line, h.word.split()[0]) for h in hits] == [(2, "afgørelser")]


def test_the_handbooks_glossary_lists_the_deliberate_words():
    rules = {rule.avoid: rule.use for rule in read_rules(REPO / "glossary")}
    assert rules["fagprofessionelle"] == "fagfolk"
    assert rules["afgørelser over"] == "afgørelser om"
    terms = {rule.source for rule in read_rules(REPO / "glossary")}
    assert len(terms) <= 8, "hold listen kort og bevidst"


#: One broken sentence per kind of word on the list (issue 10), with the glossary term (or,
#: for the checklist kinds, the kind) whose rule must name it.
BROKEN = [
    ("Siden viser alle praksisser under elementet.", "praksisser", "praksis.yaml"),
    ("Modellen er ikke kvalificeret af interessenter.", "ikke kvalificeret", "kvalificering.yaml"),
    ("Det kræver tid under implementeringen.", "implementeringen", "implementering.yaml"),
    ("Barnet har rum, stemme, tilhører og indflydelse.", "stemme, tilhører", "lundys-model.yaml"),
    ("De mødes, og ingen træffer afgørelse over familien.", "afgørelse over", "myndighed.yaml"),
    ("Tjeklisten er af typen gør og bekræft.", "gør og bekræft", "termbase.py"),
    ("Tjeklisten er af typen læs – gør.", "læs – gør", "termbase.py"),
]


@pytest.mark.parametrize(("sentence", "word", "listed_in"), BROKEN)
def test_each_kind_of_avoided_word_is_named_with_the_word_to_use(sentence, word, listed_in):
    rules = read_rules(REPO / "glossary") + checklist_kind_rules()
    hits = find(sentence, rules)
    assert [h.word for h in hits][:1] == [word]
    assert hits[0].rule.source.name == listed_in
    assert f"skriv '{hits[0].rule.use}' i stedet" in hits[0].message(REPO)


def test_the_checklist_kinds_calques_point_to_the_kinds_plain_labels():
    uses = {rule.avoid: rule.use for rule in checklist_kind_rules()}
    assert uses["gør og bekræft"] == KIND_LABELS["do-confirm"]
    assert uses["læs og gør"] == KIND_LABELS["read-do"]


def test_no_false_alarm_on_the_verb_tilhører_or_on_qualified_staff():
    rules = read_rules(REPO / "glossary") + checklist_kind_rules()
    text = (
        "Beslutningen tilhører familien, og kvalificerede medarbejdere lytter.\n"
        "Vi læser og gør os klogere; al praksis tjekkes.\n"
    )
    assert find(text, rules) == []


def test_the_handbooks_own_text_uses_none_of_the_avoided_words():
    rules = read_rules(REPO / "glossary") + checklist_kind_rules()
    pages = sorted((REPO / "docs").rglob("*.md"))
    hits = [
        f"{p.relative_to(REPO)}:{h.line} {h.word}"
        for p in pages
        for h in find(p.read_text(encoding="utf-8"), rules)
    ]
    assert hits == []


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
