"""literature.bibliography: keys, entry lines, short citations and year letters of a BibTeX file."""

from __future__ import annotations

from pathlib import Path

import pybtex.database
import pytest
from pybtex.exceptions import PybtexError

from handbog.literature.bibliography import (
    citation_names,
    entry_keys,
    entry_lines,
    lettered,
    short_citation,
)

REPO = Path(__file__).resolve().parents[1]

BIB = r"""% Text outside entries is a comment to BibTeX.
@string{forlag = "Testforlaget"}

@book{villumsen2011a, author = {Villumsen, A. M.}, year = {2011}, title = {A}}
@book{villumsen2011b, author = {Villumsen, A. M.}, year = {2011}, title = {B}}
@book{villumsen2015, author = {Villumsen, A. M.}, year = {2015}, title = {C}}
@book{isaksson2020a, author = {Isaksson, C.}, year = {2020}, title = {D}}
@book{isaksson2020b, editor = {Isaksson, C. and Blom, B.}, year = {2020}, title = {E}}
@misc{vive2023,
  author = {{VIVE}},
  year   = {2023},
  title  = {F},
}
@Misc{ vive2023web ,
  author = {{VIVE}}, year = {2023}, title = {G}, publisher = forlag}
@misc{viborgnd, author = {{Viborg Kommune}}, title = {H}}
@book{jensen2019, author = {Jensen, B. and Brix, M. and Studstrup, I.}, year = {2019}, title = {I}}
@book{hansen2021, author = {Hansen, A. and Berg, B. and Dahl, C. and Eng, E.}, year = {2021},
  title = {J}}
"""


@pytest.fixture
def bibfile(tmp_path: Path) -> Path:
    path = tmp_path / "litteratur.bib"
    path.write_text(BIB, encoding="utf-8")
    return path


def _entries():
    return pybtex.database.parse_string(BIB, "bibtex").entries


def _years(entries) -> dict[str, str]:
    return {e.key: e.fields.get("year", "") for e in entries}


def test_entry_keys_are_the_keys_pybtex_reads(bibfile):
    keys = entry_keys(bibfile)
    assert keys == set(_entries())
    assert "vive2023web" in keys and "forlag" not in keys
    assert entry_keys(bibfile.with_name("findes-ikke.bib")) == set()


def test_entry_keys_of_a_broken_file_raise_pybtex_s_error(bibfile):
    bibfile.write_text(BIB + "\n@book{villumsen2015, title = {Dublet}, year = {2015}}\n")
    with pytest.raises(PybtexError):
        entry_keys(bibfile)


def test_entry_lines_point_to_where_each_entry_starts(bibfile):
    lines = entry_lines(bibfile)
    text = bibfile.read_text(encoding="utf-8").splitlines()
    for key in _entries():
        assert key in text[lines[key] - 1], key
    assert lines["villumsen2011a"] == 4
    assert lines["vive2023"] == 9  # the entry starts there; its fields follow
    assert lines["vive2023web"] == 14  # upper-case type, spaces around the key
    assert "forlag" not in lines
    assert lines.get("findes_ikke", 1) == 1


def test_the_real_bibliography_has_a_line_for_every_key():
    bib = REPO / "docs" / "litteratur.bib"
    assert set(entry_lines(bib)) >= entry_keys(bib)


def test_short_citation_names_as_the_report_does():
    entries = _entries()
    assert short_citation(entries["villumsen2015"]) == "Villumsen (2015)"
    assert short_citation(entries["jensen2019"]) == "Jensen, Brix & Studstrup (2019)"
    assert short_citation(entries["hansen2021"]) == "Hansen et al. (2021)"
    assert short_citation(entries["isaksson2020b"]) == "Isaksson & Blom (2020)"  # editors
    assert short_citation(entries["vive2023"]) == "VIVE (2023)"  # no braces
    assert short_citation(entries["viborgnd"]) == "Viborg Kommune (u.å.)"
    assert citation_names(entries["viborgnd"]) == ["Viborg Kommune"]


def test_same_authors_and_year_get_letters_in_key_order():
    years = _years(lettered(_entries().values()))
    assert years["villumsen2011a"] == "2011a"
    assert years["villumsen2011b"] == "2011b"
    assert years["vive2023"] == "2023a" and years["vive2023web"] == "2023b"


def test_a_work_alone_in_its_year_or_by_other_authors_keeps_its_year():
    years = _years(lettered(_entries().values()))
    assert years["villumsen2015"] == "2015"
    # an author alone and the same author with an editor are different citations
    assert years["isaksson2020a"] == "2020" and years["isaksson2020b"] == "2020"
    assert years["viborgnd"] == ""


def test_lettering_copies_and_keeps_order_type_and_names():
    entries = _entries()
    result = lettered(entries.values())
    assert [e.key for e in result] == list(entries)
    assert entries["villumsen2011a"].fields["year"] == "2011"  # the parsed entry is unchanged
    copy = next(e for e in result if e.key == "vive2023web")
    assert copy is not entries["vive2023web"] and copy.original_type == "Misc"
    assert copy.persons == entries["vive2023web"].persons
    assert list(copy.fields) == list(entries["vive2023web"].fields)  # year stays in its place
    assert short_citation(copy) == "VIVE (2023b)"
    # works with no letter are the entries themselves
    assert next(e for e in result if e.key == "villumsen2015") is entries["villumsen2015"]


def test_lettering_twice_gives_the_same_years():
    once = lettered(_entries().values())
    assert _years(lettered(once)) == _years(once)
