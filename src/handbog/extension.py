"""The Sphinx extension's parts, called in a fixed order: what ``handbog.setup`` loads.

Kept apart from ``handbog/__init__.py`` because every ``handbog`` command imports the package
first: the command line should not load Sphinx and the extension's modules it never uses.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import handbog
from handbog import ENV_VERSION, architecture, checks, messages
from handbog.checklists import overview_page, sphinxext
from handbog.checks import personaldata, quotes, rereading, termbase
from handbog.glossary import directive as glossary
from handbog.literature import additions, bibstyle, citations, sources
from handbog.needs import (
    feedback,
    needboxes,
    relations,
    reportsections,
    summary,
    traceability,
    views,
)
from handbog.theme import accessibility, assets, cssbundle, navigation, pdflinks, search

if TYPE_CHECKING:
    from sphinx.application import Sphinx

#: The setup functions of the modules that register directives, events or config values, in
#: the order they run: Sphinx calls handlers of one event and priority in the order they were
#: connected, so this order is part of the build (the architecture page lists the result).
SETUPS: tuple[Callable[[Sphinx], Any], ...] = (
    messages.setup,
    checks.setup,
    bibstyle.setup,
    sources.setup,
    citations.setup,
    traceability.setup,
    reportsections.setup,
    additions.setup,
    summary.setup,
    termbase.setup,
    quotes.setup,
    pdflinks.setup,
    accessibility.setup,
    glossary.setup,
    views.setup,
    needboxes.setup,
    feedback.setup,
    relations.setup,
    personaldata.setup,
    sphinxext.setup,
    overview_page.setup,
    navigation.setup,
    search.setup,
    assets.setup,
    cssbundle.setup,
    rereading.setup,
    architecture.setup,
)


def setup(app: Sphinx) -> dict[str, Any]:
    app.setup_extension("sphinx_needs")
    app.setup_extension("sphinxcontrib.bibtex")
    app.setup_extension("sphinx_design")
    for module_setup in SETUPS:
        module_setup(app)
    return {
        # looked up now, not when the module is imported (handbog.__getattr__)
        "version": handbog.__version__,
        # The extension keeps its own data in the environment (views, glossary and checklist
        # bookkeeping); a new value makes Sphinx read every page again after a change of its
        # shape instead of using a pickled environment that no longer fits.
        "env_version": ENV_VERSION,
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
