"""The Danish styles: found as entry points, and year letters as the report writes them."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from importlib.metadata import entry_points

import pybtex.database
import pybtex.plugin
import pytest
from pybtex.plugin import find_plugin

from handbog.literature import bibstyle

BIB = r"""
@book{villumsen2011b, author = {Villumsen, A. M.},
  year = {2011}, title = {Bog B}, publisher = {Forlag}}
@book{villumsen2011a, author = {Villumsen, A. M.},
  year = {2011}, title = {Bog A}, publisher = {Forlag}}
@book{villumsen2015, author = {Villumsen, A. M.},
  year = {2015}, title = {Bog C}, publisher = {Forlag}}
"""


def test_the_styles_are_entry_points_found_without_registering_them():
    # A fresh interpreter that has not imported handbog: only the installed entry points
    # can tell pybtex and sphinxcontrib-bibtex where the styles are.
    code = textwrap.dedent(
        """
        import sys
        import pybtex.plugin
        import sphinxcontrib.bibtex.plugin
        assert "handbog.literature.bibstyle" not in sys.modules
        style = pybtex.plugin.find_plugin("pybtex.style.formatting", "handbog")
        reference = sphinxcontrib.bibtex.plugin.find_plugin(
            "sphinxcontrib.bibtex.style.referencing", "handbog_forfatter_aar"
        )
        print(style.__qualname__, reference.__qualname__)
        """
    )
    found = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.split()
    assert found == ["DanishBibliographyStyle", "DanishAuthorYearStyle"]
    (style,) = entry_points(group="pybtex.style.formatting", name="handbog")
    assert style.load() is bibstyle.DanishBibliographyStyle
    (reference,) = entry_points(
        group="sphinxcontrib.bibtex.style.referencing", name="handbog_forfatter_aar"
    )
    assert reference.load() is bibstyle.DanishAuthorYearStyle


def test_registered_plugins_and_making_a_style_cost_no_entry_point_scan(monkeypatch):
    bibstyle._register_plugins()

    def scan(**_kwargs):
        raise AssertionError("pybtex scanned the installed packages' entry points")

    monkeypatch.setattr(pybtex.plugin, "entry_points", scan)
    # the class itself, or a build's subclass with its project's notes (_configure_style)
    assert issubclass(
        find_plugin("pybtex.style.formatting", "handbog"), bibstyle.DanishBibliographyStyle
    )
    from pybtex.backends.plaintext import Backend as Plaintext

    assert find_plugin("pybtex.backends", "plaintext") is Plaintext
    style = bibstyle.DanishBibliographyStyle()  # its name, label and sorting styles too
    assert type(style.label_style).__module__ == "pybtex.style.labels.alpha"
    assert type(style.name_style).__module__ == "pybtex.style.names.lastfirst"


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
            extensions = ["sphinxcontrib.bibtex", "handbog.literature.bibstyle"]
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
