"""Files that are not saved as UTF-8: one Danish message at the line of the first byte that is
not, instead of a traceback (Sphinx reads a page, tomllib the model and pybtex the
bibliography as UTF-8 and stop with an exception on anything else, e.g. a file saved as
Windows-1252 by an editor on Windows)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from handbog.data.core import display_path, utf8_problem
from handbog.messages import warn

if TYPE_CHECKING:
    from sphinx.application import Sphinx


def check_file(path: Path, base: Path) -> bool:
    """Whether ``path`` is UTF-8; if not, the message at its first byte that is not."""
    try:
        found = utf8_problem(path.read_bytes())
    except OSError:
        return True  # a missing file is the reader's own message
    if found is None:
        return True
    line, column = found
    warn("tegnsaet", f"{display_path(path, base)}:{line}", column=column)
    return False


def check_pages(app: Sphinx, env: Any, docnames: list[str]) -> None:
    """Before Sphinx reads the pages: every page that is not UTF-8 is named, and the build
    stops (Sphinx can neither read such a page nor leave it out)."""
    base = Path(app.confdir)
    bad = [d for d in docnames if not check_file(Path(env.doc2path(d)), base)]
    if bad:
        raise SystemExit(2)


def setup(app: Sphinx) -> None:
    app.connect("env-before-read-docs", check_pages)
