"""The Sphinx configuration of a municipal edition: the core's, then what ``kommune.toml`` says.

The composed ``conf.py`` (:mod:`handbog.kommune.staging`) is two lines that call
:func:`configure`, so the core's settings are never copied: the core's own ``conf.py`` runs
first, as it does for the core, and only the edition's identity, colours, logo and addresses
are set on top. The core's data (model, bibliography, glossary, checklists) is named by its
absolute place in the installed core.
"""

from __future__ import annotations

import json
import runpy
from pathlib import Path
from typing import Any

from sphinx.errors import ConfigError

from handbog import version
from handbog.kommune import config
from handbog.kommune.core import Core
from handbog.kommune.staging import CHECKLISTS, GLOSSARY, LOCAL_IDS, SOURCES
from handbog.theme import accessibility

EXTENSION = "handbog.kommune.sphinxext"


def configure(namespace: dict[str, Any], kerne: str, udgave: str) -> None:
    core = Core(Path(kerne))
    settings = runpy.run_path(str(core.root / "conf.py"))
    namespace.update({k: v for k, v in settings.items() if not k.startswith("__")})
    edition, problems = config.read(Path(udgave))
    if edition is None:
        # Sphinx prints a ConfigError's text without a traceback.
        raise ConfigError("\n".join(str(p) for p in problems))
    namespace["needs_from_toml"] = str(core.root / "ubproject.toml")
    # the edition's own sources beside the core's: one bibliography, the local ones marked by
    # their keyword (staging.plan checks it)
    local_sources = Path(udgave) / SOURCES
    namespace["bibtex_bibfiles"] = [str(core.docs / "litteratur.bib")] + (
        [str(local_sources.resolve())] if local_sources.is_file() else []
    )
    # the core's checklists with the edition's own items put in (staging.compose)
    confdir = Path(namespace.get("__file__", udgave)).parent
    composed = confdir / CHECKLISTS
    namespace["handbog_checklists_dir"] = str(
        composed if composed.is_dir() else core.root / "checklists"
    )
    # the core's glossary with the edition's own terms (staging.compose)
    terms = confdir / GLOSSARY
    namespace["handbog_glossary_dir"] = str(terms if terms.is_dir() else core.root / "glossary")
    # the core's measured accessibility, quoted by the edition's statement (its own pages are
    # not measured): the core's results file, beside the core's conf.py
    namespace["handbog_tilgaengelighed_maaling"] = str(
        accessibility.results_path(namespace.get("handbog_tilgaengelighed_maaling", ""), core.root)
    )
    # The composed folder is build output, never a git checkout, so its pages have no history
    # to ask git about; the core's conf.py then shows the build date as "last changed".
    namespace["git_exclude_patterns"] = ["**"]
    namespace["extensions"] = [*namespace.get("extensions", []), EXTENSION]
    # where each local need is written (staging.compose): the messages name that file
    ids_file = Path(namespace.get("__file__", udgave)).parent / LOCAL_IDS
    local_ids = json.loads(ids_file.read_text(encoding="utf-8")) if ids_file.is_file() else {}
    namespace["handbog_kommune"] = {
        **edition.as_config(),
        "kerne_udgave": core.edition,
        "lokale_id": local_ids,
    }
    # The title stays the core's: on a phone furo's header has room for one short title, and
    # the line at the top of every page names the edition (handbog.kommune.sphinxext).
    namespace["project"] = f"{namespace.get('project', '')} · {edition.genitive} udgave"
    if edition.logo is not None:
        namespace["html_logo"] = str(edition.logo)
    if edition.address:
        namespace["html_baseurl"] = edition.address
    namespace["handbog_kontakt"] = edition.contact
    options = dict(namespace.get("html_theme_options", {}))
    # furo's own options for the brand colour; kommune.toml's colours are checked for contrast
    for key, colour in (("light_css_variables", edition.colour),
                        ("dark_css_variables", edition.colour_dark)):  # fmt: skip
        if colour:
            options[key] = {
                **options.get(key, {}),
                "color-brand-primary": colour,
                "color-brand-content": colour,
            }
    # Reports on a core practice (handbog.needs.feedback) go to the edition's own editors, who
    # pass them on: the core's conf.py takes its address from the CI environment
    # (GITHUB_REPOSITORY), which in a municipality's CI names the municipality's repository,
    # so the address it computed here cannot be trusted to be the core's.
    namespace["handbog_issues"] = edition.issues
    namespace["handbog_issues_lokal"] = edition.issues
    namespace["handbog_identitet"] = edition.identity(core.edition)
    namespace["handbog_lokal_ejer"] = f"{edition.genitive} udgave"
    # each edition's number and date are its own CHANGELOG's top heading (staging.plan
    # stops the build when the edition's has none)
    namespace["handbog_pdf_udgave"] = {
        "line": edition.identity(core.edition),
        "name": edition.name,
        "genitive": edition.genitive,
        "edition": version.edition(edition.folder),
        "date": version.edition_date(edition.folder),
        "core_edition": core.edition,
        "core_date": version.edition_date(core.root),
    }
    for key in ("source_repository", "source_branch", "source_directory"):
        options.pop(key, None)
    options["top_of_page_buttons"] = []
    namespace["html_theme_options"] = options
