"""Per-build state, kept one way.

What must outlive the process (a rebuild is a new process) is kept in Sphinx's build
environment, which Sphinx pickles and merges after a parallel read; the modules keep it under
``env.handbog_*`` names and their environment collectors purge and merge it.

What is needed only while one application builds (a handler's bookkeeping between two events,
an index worked out once a build) is kept here, in one registry per running application, one
object per kind: :func:`of_build` gives the object of its class, made on first use, and
:func:`forget` drops it so the next build starts afresh. The registry holds the application
weakly: the tests run many applications in one process, and a finished one takes its state
with it. ``tests/test_state.py`` fails when a module keeps state another way.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar

if TYPE_CHECKING:
    from sphinx.application import Sphinx


T = TypeVar("T")

_BUILDS: weakref.WeakKeyDictionary[Sphinx, dict[type, object]] = weakref.WeakKeyDictionary()


def of_build(app: Sphinx, kind: type[T], make: Callable[[], T] | None = None) -> T:
    """The running build's object of class ``kind``; ``make()`` (or ``kind()``) on first use."""
    kinds = _BUILDS.setdefault(app, {})
    found = kinds.get(kind)
    if found is None:
        found = kinds[kind] = (make or kind)()
    if not isinstance(found, kind):
        raise TypeError(f"{kind.__name__} expected in the build's state, found {found!r}")
    return found


def forget(app: Sphinx, kind: type) -> None:
    """Drop the build's object of class ``kind``: the next :func:`of_build` makes a new one."""
    _BUILDS.get(app, {}).pop(kind, None)
