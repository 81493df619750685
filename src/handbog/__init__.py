"""Sphinx extension and tools for the handbook on social workers in school and daycare.

``handbog`` is loaded as a Sphinx extension from conf.py. The package is split by the role a
module plays in the build: :mod:`.needs` (the information model's elements on the pages),
:mod:`.literature` (sources, citations, the handbook's own additions), :mod:`.glossary`,
:mod:`.checklists`, :mod:`.checks` (the editor's messages), :mod:`.theme` (what surrounds the
content in the browser), :mod:`.pdf` and :mod:`.cli`. Each module that takes part in the build
registers itself in its own ``setup(app)``; :mod:`.extension` calls them in a fixed order.
"""

from __future__ import annotations

# a private name: handbog.version is the module of the edition rules
from importlib import metadata as _metadata
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sphinx.application import Sphinx

try:
    # the core's edition (pyproject.toml reads it from CHANGELOG.md when the package is built)
    __version__ = _metadata.version("handbog")
except _metadata.PackageNotFoundError:  # a checkout on sys.path, not installed
    __version__ = ""

#: Raise when the shape of what the extension stores in the environment changes.
ENV_VERSION = 4


def setup(app: Sphinx) -> dict[str, Any]:
    # Imported here: every command of the command line imports this package first, and
    # loading Sphinx with the extension's modules made ``handbog --help`` three times slower.
    from handbog.extension import setup as setup_extension

    return setup_extension(app)
