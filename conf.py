"""Sphinx configuration for the handbook.

Built from the repository root with ``sphinx-build -c . docs <out>`` so that the root
(where this file, checklists/ and glossary/ live) is never scanned as source.
"""

from __future__ import annotations

import os
import sys
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent
# The package is installed (editable) by nox; the fallback lets a bare sphinx-build work too.
sys.path.insert(0, str(ROOT / "src"))

from handbog import version as _version  # noqa: E402

# -- Project -------------------------------------------------------------------------
project = "Socialfaglige medarbejdere i skole og dagtilbud"
author = "Håndbogens redaktion"
_build_time = datetime.fromtimestamp(
    int(os.environ.get("SOURCE_DATE_EPOCH", _version.source_date_epoch(ROOT))), tz=UTC
)
copyright = f"{_build_time.year}, {author}. Indholdet bygger på VIVE (2023)"
# The edition is the top entry of CHANGELOG.md (handbog.version says why).
release = version = _version.edition(ROOT)
# In the PDFs' metadata: the commit, "-dirty" for uncommitted files (changes rebuild nothing).
handbog_build = _version.build_id(ROOT, mark_dirty=True)
# HANDBOG_RELEASE=1 or Read the Docs: the build stops without the public address (README).
handbog_release_build = _version.is_release_build()
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
    "sphinx_last_updated_by_git",
    "handbog",
]

# -- Strictness ------------------------------------------------------------------------
nitpicky = True
myst_heading_anchors = 3
myst_enable_extensions = ["colon_fence", "deflist", "fieldlist", "attrs_inline", "attrs_block"]
suppress_warnings: list[str] = []
# Quotation marks are typed as they print, »…« (handbog.checks.quotes checks the sources): docutils'
# Danish smartquotes turned an apostrophe into "‹" ("Weitz‹ bog"). Dashes and "..." stay.
smartquotes_action = "De"

# -- sphinx-needs: the whole information architecture lives in ubproject.toml ----------
needs_from_toml = "ubproject.toml"
# Every need from the report names a section that exists in the report's table of contents:
# the one the package ships (handbog_rapport_indhold names another file, "" turns it off).

# -- References --------------------------------------------------------------------------
bibtex_bibfiles = ["docs/litteratur.bib"]
bibtex_default_style = "handbog"
bibtex_reference_style = "handbog_forfatter_aar"

# -- HTML ------------------------------------------------------------------------------
html_theme = "furo"
html_title = "Socialfaglige medarbejdere i skole og dagtilbud"
html_short_title = "Håndbog: socialfaglige medarbejdere"
# The public address, from HANDBOG_BASEURL only; "" leaves every online reference out.
html_baseurl = _version.public_address()
html_search_language = "da"
html_last_updated_fmt = "%d.%m.%Y"
html_copy_source = False
html_show_sourcelink = False
# "Last changed" per page from git; a page without history shows the build date instead.
git_last_updated_timezone = "Europe/Copenhagen"
git_untracked_show_sourcelink = True
if not (ROOT / ".git").exists():
    suppress_warnings += ["git.subprocess_error", "git.command_not_found"]

# Where readers send corrections, named in every PDF's colophon: an e-mail address or a page.
handbog_kontakt = os.environ.get("HANDBOG_KONTAKT", "").strip()
# The edit link needs to know where the repository is hosted. CI services say so in their
# environment (GitHub Actions, Read the Docs); without it the page shows no edit button
# rather than a made-up address.
_clone_url = os.environ.get("READTHEDOCS_GIT_CLONE_URL", "")
_repo_url = (
    os.environ.get("HANDBOG_REPO_URL")
    or (
        f"https://github.com/{os.environ['GITHUB_REPOSITORY']}/"
        if os.environ.get("GITHUB_REPOSITORY")
        else None
    )
    or (_clone_url.removesuffix(".git") + "/" if _clone_url.startswith("https://") else None)
)
html_theme_options = {
    "navigation_with_keys": True,
    "top_of_page_buttons": ["edit"] if _repo_url else [],
}
# where a reader's »Giv besked om denne praksis« goes (handbog.needs.feedback): the
# repository's issues when it is known, else no link
handbog_issues = f"{_repo_url.rstrip('/')}/issues/new" if _repo_url else ""
if _repo_url:
    html_theme_options.update(
        source_repository=_repo_url,
        source_branch=os.environ.get("HANDBOG_REPO_BRANCH", "main"),
        source_directory="docs/",
    )

# -- Handbook extension ------------------------------------------------------------------
# PDF modules for trainers: each is a list of documents, printed in this order. The teaching
# page comes first: a trainer prepares from it before reading the content.
handbog_pdf_modules = [
    {
        "id": "introduktion",
        "title": "Introduktion og modellen",
        "docs": [
            "undervisning/introduktion",
            "index",
            "om-modellen/index",
            "om-modellen/begreber",
            "om-modellen/metode",
            "om-modellen/undervisning",
            "undervisning/index",
            "kerneelementer/index",
        ],
    },
    {
        "id": "forudsaetninger",
        "title": "Forudsætninger",
        "docs": [
            "undervisning/forudsaetninger",
            "forudsaetninger/index",
            "forudsaetninger/strategisk-ramme",
            "forudsaetninger/faelles-boernesyn",
            "forudsaetninger/uden-myndighed",
            "undervisning/resume-strategisk-ramme",
            "undervisning/resume-faelles-boernesyn",
            "undervisning/resume-uden-myndighed",
        ],
    },
    {
        "id": "socialfaglige-kompetencer",
        "title": "Kerneelement: Socialfaglige kompetencer",
        "docs": [
            "undervisning/socialfaglige-kompetencer",
            "kerneelementer/socialfaglige-kompetencer",
            "undervisning/resume-socialfaglige-kompetencer",
        ],
    },
    {
        "id": "foraeldresamarbejde",
        "title": "Kerneelement: Forældresamarbejde",
        "docs": [
            "undervisning/foraeldresamarbejde",
            "kerneelementer/foraeldresamarbejde",
            "undervisning/resume-foraeldresamarbejde",
        ],
    },
    {
        "id": "boerneinddragelse",
        "title": "Kerneelement: Børneinddragelse",
        "docs": [
            "undervisning/boerneinddragelse",
            "kerneelementer/boerneinddragelse",
            "undervisning/resume-boerneinddragelse",
        ],
    },
    {
        "id": "samarbejdsrelationer",
        "title": "Kerneelement: Kontinuerlige samarbejdsrelationer",
        "docs": [
            "undervisning/samarbejdsrelationer",
            "kerneelementer/samarbejdsrelationer",
            "undervisning/resume-samarbejdsrelationer",
        ],
    },
    {
        "id": "erfaringer",
        "title": "Erfaringer og opmærksomhedspunkter",
        "docs": [
            "undervisning/erfaringer",
            "erfaringer/index",
            "erfaringer/casekommuner",
            "erfaringer/koebenhavn-daginstitutioner",
            "erfaringer/fremskudte-socialraadgivere",
            "erfaringer/screeningsprojektet",
            "opmaerksomhedspunkter",
        ],
    },
    {
        "id": "tjeklister",
        "title": "Tjeklister",
        "docs": [
            "undervisning/tjeklister",
            "tjeklister/index",
            "tjeklister/forudsaetninger",
            "tjeklister/opstart",
            "tjeklister/kompetencer",
            "tjeklister/foraeldresamarbejde",
            "tjeklister/foraeldremoede",
            "tjeklister/boerneinddragelse",
            "tjeklister/boernedeltagelse",
            "tjeklister/samarbejdsrelationer",
            "tjeklister/effektmaaling",
        ],
    },
]

# The whole handbook (haandbog.pdf) is a trainer's book in parts: part title -> the modules
# above that make it up, in this order. A page in no module follows the page before it when
# it is in the same folder, else it goes under "Opslag" at the end. The editors' pages
# (the folders of handbog_pdf_editors) are left out of it and make a PDF of their own.
handbog_pdf_parts = {
    "Modellen": ["introduktion"],
    "Forudsætninger": ["forudsaetninger"],
    "Kerneelementer": [
        "socialfaglige-kompetencer",
        "foraeldresamarbejde",
        "boerneinddragelse",
        "samarbejdsrelationer",
    ],
    "Erfaringer": ["erfaringer"],
    "Tjeklister": ["tjeklister"],
}
# Pages that are tools for the browser: on paper they would print their controls and the
# message that JavaScript is off. They are in no PDF and offer none.
handbog_pdf_screen_only = ["tjeklister/overblik"]
handbog_pdf_editors = {
    "id": "redaktoerer",
    "title": "Til redaktører",
    "folders": ["projekt/", "sporbarhed/"],
}


def _last_updated_fallback(app, pagename, templatename, context, doctree):
    """No date from git (a new page, or no history at all): show the build date."""
    if context.get("last_updated") is None and "page_source_suffix" in context:
        context["last_updated"] = today


def setup(app):
    app.connect("html-page-context", _last_updated_fallback, priority=900)
