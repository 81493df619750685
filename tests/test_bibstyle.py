"""Year letters as the report writes them: 2011a, 2011b, in citations and bibliography."""

from __future__ import annotations

import textwrap

import pybtex.database
import pytest
from pybtex.plugin import find_plugin

from handbog import bibstyle

BIB = r"""
@book{villumsen2011b, author = {Villumsen, A. M.},
  year = {2011}, title = {Bog B}, publisher = {Forlag}}
@book{villumsen2011a, author = {Villumsen, A. M.},
  year = {2011}, title = {Bog A}, publisher = {Forlag}}
@book{villumsen2015, author = {Villumsen, A. M.},
  year = {2015}, title = {Bog C}, publisher = {Forlag}}
"""


def test_the_bibliography_letters_the_years_and_leaves_the_entries_alone():
    entries = pybtex.database.parse_string(BIB, "bibtex").entries
    style = bibstyle.DanishBibliographyStyle()
    plain = find_plugin("pybtex.backends", "plaintext")()
    texts = [e.text.render(plain) for e in style.format_entries(entries.values())]
    assert texts == [
        "Villumsen, A. M. Bog A. Forlag, 2011a.",
        "Villumsen, A. M. Bog B. Forlag, 2011b.",
        "Villumsen, A. M. Bog C. Forlag, 2015.",
    ]
    assert {e.fields["year"] for e in entries.values()} == {"2011", "2015"}


@pytest.fixture
def cited(make_app, tmp_path):
    (tmp_path / "refs.bib").write_text(BIB, encoding="utf-8")
    (tmp_path / "conf.py").write_text(
        textwrap.dedent(
            """
            extensions = ["sphinxcontrib.bibtex", "handbog.bibstyle"]
            bibtex_bibfiles = ["refs.bib"]
            bibtex_default_style = "handbog"
            bibtex_reference_style = "handbog_forfatter_aar"
            """
        ),
        encoding="utf-8",
    )
    (tmp_path / "index.rst").write_text(
        textwrap.dedent(
            """
            Test
            ====

            :cite:t:`villumsen2011b` og :cite:p:`villumsen2011a,villumsen2015`.

            .. bibliography::
               :all:
            """
        ),
        encoding="utf-8",
    )
    app = make_app("text", srcdir=tmp_path)
    app.build()
    return app


def test_citations_and_bibliography_of_a_build_carry_the_letters(cited):
    assert cited.warning.getvalue().strip() == ""
    text = (cited.outdir / "index.txt").read_text(encoding="utf-8")
    assert "Villumsen (2011b) og (Villumsen, 2011a, Villumsen, 2015)." in text, text
    text = text.replace("\N{NO-BREAK SPACE}", " ")  # between initials
    bibliography = [line for line in text.splitlines() if line.startswith("[")]
    assert bibliography == [
        "[Vil1a] Villumsen, A. M. *Bog A*. Forlag, 2011a.",
        "[Vil1b] Villumsen, A. M. *Bog B*. Forlag, 2011b.",
        "[Vil15] Villumsen, A. M. *Bog C*. Forlag, 2015.",
    ], text
    # sphinxcontrib-bibtex's own copy of the .bib keeps the years as the file has them
    entries = cited.env.get_domain("cite").bibdata.data.entries
    assert entries["villumsen2011a"].fields["year"] == "2011"
