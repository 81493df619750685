"""Sphinx extension and tools for the handbook on social workers in school and daycare.

``handbog`` is loaded as a Sphinx extension from conf.py; each submodule has one job and
registers itself through its own ``setup(app)``, called from :func:`setup` below.
"""

from __future__ import annotations

import importlib
from typing import Any

__version__ = "0.1.0"

#: Raise when the shape of what the extension stores in the environment changes.
ENV_VERSION = 4

#: Submodules that register directives, events or config values, in the order they load.
SPHINX_MODULES: tuple[str, ...] = (
    "handbog.messages",
    "handbog.checks",
    "handbog.bibstyle",
    "handbog.sources",
    "handbog.citations",
    "handbog.traceability",
    "handbog.reportsections",
    "handbog.additions",
    "handbog.summary",
    "handbog.checks.termbase",
    "handbog.checks.quotes",
    "handbog.pdflinks",
    "handbog.glossary",
    "handbog.views",
    "handbog.needboxes",
    "handbog.relations",
    "handbog.checks.personaldata",
    "handbog.checklists.sphinxext",
    "handbog.checklists.overview_page",
    "handbog.navigation",
    "handbog.search",
    "handbog.assets",
    "handbog.cssbundle",
    "handbog.rereading",
    "handbog.architecture",
)


def setup(app: Any) -> dict[str, Any]:
    app.setup_extension("sphinx_needs")
    app.setup_extension("sphinxcontrib.bibtex")
    app.setup_extension("sphinx_design")
    for name in SPHINX_MODULES:
        importlib.import_module(name).setup(app)
    return {
        "version": __version__,
        # The extension keeps its own data in the environment (views, glossary and checklist
        # bookkeeping); a new value makes Sphinx read every page again after a change of its
        # shape instead of using a pickled environment that no longer fits.
        "env_version": ENV_VERSION,
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
