"""Year letters for works with the same authors and year, as the report writes them."""

from __future__ import annotations

import pybtex.database

from handbog.bibstyle import disambiguate_years

BIB = r"""
@book{villumsen2011a, author = {Villumsen, A. M.}, year = {2011}, title = {A}}
@book{villumsen2011b, author = {Villumsen, A. M.}, year = {2011}, title = {B}}
@book{villumsen2015, author = {Villumsen, A. M.}, year = {2015}, title = {C}}
@book{isaksson2020a, author = {Isaksson, C.}, year = {2020}, title = {D}}
@book{isaksson2020b, editor = {Isaksson, C. and Blom, B.}, year = {2020}, title = {E}}
@misc{vive2023, author = {{VIVE}}, year = {2023}, title = {F}}
@misc{vive2023web, author = {{VIVE}}, year = {2023}, title = {G}}
"""


def _entries():
    return pybtex.database.parse_string(BIB, "bibtex").entries


def test_same_authors_and_year_get_letters_in_key_order():
    entries = _entries()
    years = disambiguate_years(entries)
    assert years["villumsen2011a"] == "2011a"
    assert years["villumsen2011b"] == "2011b"
    assert years["vive2023"] == "2023a" and years["vive2023web"] == "2023b"
    assert entries["vive2023web"].fields["year"] == "2023b"


def test_a_work_alone_in_its_year_or_by_other_authors_keeps_its_year():
    years = disambiguate_years(_entries())
    assert years["villumsen2015"] == "2015"
    # an author alone and the same author with an editor are different citations
    assert years["isaksson2020a"] == "2020" and years["isaksson2020b"] == "2020"


def test_lettering_twice_gives_the_same_years():
    entries = _entries()
    first = disambiguate_years(entries)
    assert disambiguate_years(entries) == first
