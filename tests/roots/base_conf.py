"""Configuration shared by the tiny example projects under tests/roots/."""

from pathlib import Path

REPO = Path(__file__).resolve().parents[2]

extensions = ["myst_parser", "sphinx_needs", "sphinxcontrib.bibtex", "handbog"]
language = "da"
needs_from_toml = str(REPO / "ubproject.toml")
bibtex_bibfiles = ["refs.bib"]
bibtex_default_style = "handbog"
bibtex_reference_style = "handbog_forfatter_aar"
handbog_pdf_modules = []
exclude_patterns = ["_build"]
# The tiny projects keep their pages and needs short: the page skeleton and the rule that a
# practice has a text are checked on their own projects (tests/test_editor_messages.py).
handbog_page_skeleton: list[str] = []
handbog_need_text = False
# Nor are their needs held to the report's table of contents (test-afsnit names it).
handbog_rapport_indhold = ""
