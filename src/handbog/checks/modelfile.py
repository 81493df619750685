"""ubproject.toml: a model that cannot be read stops the build with one Danish message."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from handbog import model
from handbog.checks.encoding import check_file
from handbog.data.core import display_path
from handbog.messages import warn

if TYPE_CHECKING:
    from sphinx.application import Sphinx

# -- ubproject.toml ------------------------------------------------------------------------------


def check_model(app: Sphinx, _config: Any) -> None:
    """Before sphinx-needs reads the file: a model that cannot be read stops the build with one
    message (sphinx-needs would warn in English, every need block would then be an unknown
    directive, and the extension would crash)."""
    path = model.path_of_app(app)
    if not check_file(path, Path(app.confdir)):
        raise SystemExit(2)
    found = model.problem(path)
    if found is None:
        return
    line, what = found
    where = display_path(path, Path(app.confdir))
    # always "file:line": a location without a colon would be taken for a page
    location = f"{where}:{line or 1}"
    if what.startswith("ubproject.toml"):  # a ModelError: the file reads, but contradicts itself
        warn("model-modsigelse", location, what=what)
    else:
        warn("model-toml", location, what=what)
    # Not an exception: Sphinx would print a traceback and ask to report a bug in Sphinx.
    raise SystemExit(2)
