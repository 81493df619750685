"""Sphinx configuration for the handbook.

Built from the repository root with ``sphinx-build -c . docs <out>`` so that the root
(where this file, checklists/ and glossary/ live) is never scanned as source.
"""

from __future__ import annotations

import os
import sys
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent
# The package is installed (editable) by nox; the fallback lets a bare sphinx-build work too.
sys.path.insert(0, str(ROOT / "src"))

from handbog import version as _version  # noqa: E402

# -- Project -------------------------------------------------------------------------
project = "Socialfaglige medarbejdere i skole og dagtilbud"
author = "Håndbogens redaktion"
_build_time = datetime.fromtimestamp(
    int(os.environ.get("SOURCE_DATE_EPOCH", _version.source_date_epoch(ROOT))), tz=timezone.utc
)
copyright = f"{_build_time.year}, {author}. Indholdet bygger på VIVE (2023)"
release = version = _version.handbook_version(ROOT)
today = _build_time.strftime("%d.%m.%Y")

language = "da"
root_doc = "index"
exclude_patterns = ["_build", "_templates", "**/README.md"]
templates_path = ["_templates"]

extensions = [
    "myst_parser",
    "sphinx_design",
    "sphinx_needs",
    "sphinxcontrib.bibtex",
    "handbog",
]

# -- Strictness ------------------------------------------------------------------------
nitpicky = True
myst_heading_anchors = 3
myst_enable_extensions = ["colon_fence", "deflist", "fieldlist", "attrs_inline", "attrs_block"]
suppress_warnings: list[str] = []

# -- sphinx-needs: the whole information architecture lives in ubproject.toml ----------
needs_from_toml = "ubproject.toml"

# -- References --------------------------------------------------------------------------
bibtex_bibfiles = ["docs/litteratur.bib"]
bibtex_default_style = "handbog"
bibtex_reference_style = "handbog_forfatter_aar"

# -- HTML ------------------------------------------------------------------------------
html_theme = "furo"
html_title = "Socialfaglige medarbejdere i skole og dagtilbud"
html_short_title = "Håndbog: socialfaglige medarbejdere"
html_baseurl = os.environ.get("HANDBOG_BASEURL", "https://handbog.example.invalid/")
html_search_language = "da"
html_last_updated_fmt = "%d.%m.%Y"
html_copy_source = False
html_show_sourcelink = False
html_theme_options = {
    "navigation_with_keys": True,
    "top_of_page_buttons": [],
}

# -- Handbook extension ------------------------------------------------------------------
# PDF modules for trainers: each is a list of documents, printed in this order.
handbog_pdf_modules = [
    {
        "id": "introduktion",
        "title": "Introduktion og modellen",
        "docs": ["index", "om-modellen/index", "om-modellen/metode", "kerneelementer/index"],
    },
    {
        "id": "forudsaetninger",
        "title": "Forudsætninger",
        "docs": ["forudsaetninger/index"],
    },
    {
        "id": "socialfaglige-kompetencer",
        "title": "Kerneelement: Socialfaglige kompetencer",
        "docs": ["kerneelementer/socialfaglige-kompetencer"],
    },
    {
        "id": "foraeldresamarbejde",
        "title": "Kerneelement: Forældresamarbejde",
        "docs": ["kerneelementer/foraeldresamarbejde"],
    },
    {
        "id": "boerneinddragelse",
        "title": "Kerneelement: Børneinddragelse",
        "docs": ["kerneelementer/boerneinddragelse"],
    },
    {
        "id": "samarbejdsrelationer",
        "title": "Kerneelement: Kontinuerlige samarbejdsrelationer",
        "docs": ["kerneelementer/samarbejdsrelationer"],
    },
    {
        "id": "erfaringer",
        "title": "Erfaringer og opmærksomhedspunkter",
        "docs": ["erfaringer/index", "opmaerksomhedspunkter"],
    },
    {
        "id": "tjeklister",
        "title": "Tjeklister",
        "docs": ["tjeklister/index"],
    },
]
