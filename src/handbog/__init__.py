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


def __getattr__(name: str) -> str:
    """``handbog.__version__``: the core's edition (pyproject.toml reads it from CHANGELOG.md
    when the package is built). Looked up when asked, not on import: importing the package
    reads no file (tests/test_installable.py), and the metadata lookup walks sys.path."""
    if name != "__version__":
        raise AttributeError(f"module 'handbog' has no attribute {name!r}")
    try:
        return _metadata.version("handbog")
    except _metadata.PackageNotFoundError:  # a checkout on sys.path, not installed
        return ""


#: Raise when the shape of what the extension stores in the environment changes.
ENV_VERSION = 4


def setup(app: Sphinx) -> dict[str, Any]:
    # Imported here: every command of the command line imports this package first, and
    # loading Sphinx with the extension's modules made ``handbog --help`` three times slower.
    from handbog.extension import setup as setup_extension

    return setup_extension(app)
