"""A page that warned is read again on the next build, so its warning comes back until fixed.

Sphinx reads only the pages whose source changed since the last build. A warning raised while
reading or writing a page (a MyST or Sphinx warning, or one of the handbook's own checks)
is therefore shown once: the next ``nox -s html`` or ``nox -s live`` build does not read the
page again, prints nothing and passes, with the mistake still in the page. An editor who
missed the first message would never see it again.

So every warning a build shows is remembered with the page it belongs to (by its location,
or the page being read or written when it has none), in a small file beside the doctrees,
and those pages count as changed on the next build (``env-get-outdated``). Re-reading them
raises their warnings again, from whichever package raises them, with no copy of the text
kept here. Once a page builds without a warning, it is forgotten.

A file of its own rather than the pickled environment, because Sphinx pickles the
environment before it writes the pages, and warnings about links appear only while writing.

Pages made from the whole handbook (the summaries, the list of additions, the questions'
trace) are the other case: what they show is filled in when the page is written, from the
needs and notes every page's reading left in the environment, and their own source has not
changed. :func:`write_again_on_change` has them written again, not read again, after a build
that read, added or removed a page and changed what they can show.

The data files (glossary terms, checklists) are not read again either while they have not
changed: their readings are kept beside the doctrees (:func:`handbog.data.core.keep_readings`).
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import logging
import os
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from docutils import nodes
from docutils.utils import get_source_line
from sphinx.util.logging import NAMESPACE, is_suppressed_warning

from handbog import compat
from handbog.data import core
from handbog.state import forget, of_build

if TYPE_CHECKING:
    from sphinx.application import Sphinx

#: Beside the doctrees: it describes the state of the pickled environment next to it.
STATE_FILE = "handbog-sider-med-advarsler.json"
#: Beside the doctrees: the data files' readings, each with the stamp of its file.
READINGS_FILE = "handbog-datafiler.pickle"


class _Remember(logging.Handler):
    """Notes the page of every warning Sphinx will show."""

    def __init__(self, app: Sphinx) -> None:
        super().__init__(level=logging.WARNING)
        self.app = app
        self.docnames: set[str] = set()

    def emit(self, record: logging.LogRecord) -> None:
        config = self.app.config
        kind, subtype = getattr(record, "type", None), getattr(record, "subtype", None)
        if kind and is_suppressed_warning(kind, subtype or "", config.suppress_warnings):
            return
        env = self.app.env
        docname = _docname(env, getattr(record, "location", None))
        if docname is None:
            # a warning about a data file (a glossary or checklist YAML) read for this page,
            # or one without a location: the page being read or written is the one to redo
            docname = env.temp_data.get("docname")
        if docname:
            self.docnames.add(docname)


def _docname(env: Any, location: Any) -> str | None:
    """The page a warning's location names, in any of the forms Sphinx logging accepts."""
    if location is None:
        return None
    if isinstance(location, tuple):
        return location[0] if location[0] in env.found_docs else None
    if isinstance(location, nodes.Node):
        source, _line = get_source_line(location)
        return _doc_of_path(env, source)
    text = str(location)
    if text in env.found_docs:
        return text
    # "path:line", "path:" (a parallel build sends node locations as text)
    return _doc_of_path(env, text.rsplit(":", 1)[0] if ":" in text else text)


def _doc_of_path(env: Any, path: str | None) -> str | None:
    if not path:
        return None
    # a node inside an included file has "file.md:<included>"-style sources; keep the file
    path = path.split("<", 1)[0].rstrip(":")
    try:
        docname = env.path2doc(os.path.abspath(path))
    except (TypeError, ValueError):
        return None
    return docname if docname in env.found_docs else None


def _state(app: Sphinx) -> Path:
    return Path(app.doctreedir) / STATE_FILE


def _load(app: Sphinx) -> set[str]:
    try:
        data = json.loads(_state(app).read_text("utf-8"))
    except (OSError, ValueError):
        return set()
    return {name for name in data if isinstance(name, str)} if isinstance(data, list) else set()


@dataclasses.dataclass
class _Run:
    """This build's bookkeeping (handbog.state), made again at each build's start."""

    handler: _Remember
    #: pages marked by the last build's warnings
    earlier: set[str]
    #: pages this build reads, adds or removes
    redone: set[str] = dataclasses.field(default_factory=set)
    #: pages Sphinx purged in this build: its complete list of changes
    touched: set[str] = dataclasses.field(default_factory=set)
    #: whether what the gathering pages show changed (worked out once a build)
    gathered_changed: bool | None = None


def _start(app: Sphinx) -> None:
    handler = _Remember(app)
    forget(app, _Run)
    of_build(app, _Run, lambda: _Run(handler, _load(app)))
    logging.getLogger(NAMESPACE).addHandler(handler)
    core.keep_readings(Path(app.doctreedir) / READINGS_FILE)


def _touched(app: Sphinx, _env: Any, docname: str) -> None:
    # Sphinx purges every page it reads again, adds or removes, before reading it, in the
    # main process also for a parallel read: this is the build's complete list of changes.
    of_build(app, _Run).touched.add(docname)


def write_again_on_change(app: Sphinx, pages: Callable[[Any], Iterable[str]]) -> None:
    """Have ``pages(env)`` written again when what they gather may have changed.

    For pages whose content is made at ``doctree-resolved`` from what all pages hold: their
    own doctree is still right, so reading them again (as an ``env-get-outdated`` handler
    would have them) costs a parse each and changes nothing. They are written again after a
    build that read, added or removed a page and changed what such a page can show
    (:func:`_gathered`); an edit of a page's prose outside its needs leaves them as they are."""

    def updated(app: Sphinx, env: Any) -> list[str]:
        touched = of_build(app, _Run).touched
        if not touched or not _gathered_changed(app, env):
            return []
        return sorted((set(pages(env)) & set(env.found_docs)) - touched)

    app.connect("env-get-updated", updated)


#: In the environment: the digest of what the gathering pages showed when last written.
_GATHERED = "handbog_gathered_digest"


def _gathered_changed(app: Sphinx, env: Any) -> bool:
    """Whether :func:`_gathered` differs from the last build's (worked out once a build)."""
    run = of_build(app, _Run)
    known = run.gathered_changed
    if known is None:
        now = _gathered(app, env)
        known = vars(env).get(_GATHERED) != now
        # kept in the environment, which Sphinx pickles after this event when a page was read
        vars(env)[_GATHERED] = now
        run.gathered_changed = known
    return known


def _gathered(app: Sphinx, env: Any) -> str:
    """One digest of all a gathering page can show: every need with all its fields, every
    page's title, the {need} references and marked additions each page's reading noted, and
    the stamps of the data files (the glossary's additions). Broader than any one page
    needs, so that a change it misses cannot leave such a page behind."""
    digest = hashlib.sha256()

    def add(value: Any) -> None:
        digest.update(json.dumps(value, sort_keys=True, default=str).encode("utf-8"))
        digest.update(b"\0")

    needs = compat.needs_after_reading(app)
    for need_id in sorted(needs):
        add([need_id, dict(needs[need_id])])
    add({doc: title.astext() for doc, title in env.titles.items()})
    add(getattr(env, "handbog_xrefs", {}))
    add(getattr(env, "handbog_additions", {}))
    add(core.data_file_stamps())
    return digest.hexdigest()


def _outdated(
    app: Sphinx, env: Any, added: Iterable[str], changed: Iterable[str], removed: Iterable[str]
) -> list[str]:
    run = of_build(app, _Run)
    earlier, redone = run.earlier, run.redone
    again = {name for name in earlier if name in env.found_docs}
    # every page read in this build raises its warnings again if the mistake is still there
    redone.update(again, added, changed, removed)
    return sorted(again - set(added) - set(changed))


def _finish(app: Sphinx, _exception: Exception | None) -> None:
    run = of_build(app, _Run)
    handler, earlier, redone = run.handler, run.earlier, run.redone
    logging.getLogger(NAMESPACE).removeHandler(handler)
    # a page not read this time (the build stopped before reading) keeps its mark; a page
    # read again is marked by this build's warnings alone
    remembered = (earlier - redone) | handler.docnames
    remembered &= set(app.env.found_docs)
    path = _state(app)
    if remembered:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(sorted(remembered), ensure_ascii=False), "utf-8")
    elif path.exists():
        path.unlink()
    core.save_readings()


def setup(app: Sphinx) -> None:
    app.connect("builder-inited", _start, priority=100)
    app.connect("env-get-outdated", _outdated)
    app.connect("env-purge-doc", _touched)
    app.connect("build-finished", _finish, priority=900)
