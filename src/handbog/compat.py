"""Every use of another package's private API, in one place, each behind a version guard.

The rest of the package uses public APIs only (Sphinx, docutils, sphinx-needs' ``api``,
pybtex, furo's template blocks). What is left here has no public equivalent in the versions
pinned in pyproject.toml. Each function checks, the first time it is called, that the
private name still has the shape this module expects; if an upgrade changes it, the build
stops with a message naming this module instead of failing somewhere else or, worse,
silently doing the wrong thing. ``tests/test_compat.py`` calls every guard.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment


class CompatibilityError(RuntimeError):
    """A private API this package relies on has changed shape."""

    def __init__(self, what: str, detail: str) -> None:
        super().__init__(
            f"handbog.compat: {what} har ændret sig ({detail}). Den installerede version passer "
            "ikke til håndbogens udvidelse; ret src/handbog/compat.py eller brug versionerne fra "
            "pyproject.toml."
        )


@functools.cache
def _add_doc() -> Any:
    """sphinx-needs' ``utils.add_doc``: no public API marks a document as holding needs."""
    try:
        from sphinx_needs.utils import add_doc
    except ImportError as exc:  # pragma: no cover - only on an incompatible upgrade
        raise CompatibilityError("sphinx_needs.utils.add_doc", "findes ikke") from exc
    params = list(inspect.signature(add_doc).parameters)
    if params[:2] != ["env", "docname"]:
        raise CompatibilityError("sphinx_needs.utils.add_doc", f"parametre {params}")
    return add_doc


def note_need_document(env: BuildEnvironment, docname: str) -> None:
    """Tell sphinx-needs that ``docname`` holds needs made with ``sphinx_needs.api.add_need``.

    sphinx-needs post-processes (renders) the need nodes only on documents it has noted;
    its own directives note theirs, but ``add_need`` does not.
    """
    _add_doc()(env, docname)


def app_of(env: BuildEnvironment) -> Sphinx:
    """The application of an environment, which ``sphinx_needs.api.add_need`` takes.

    A directive sees the environment, not the application; ``env.app`` is deprecated in
    Sphinx 9 (removed in 11) and the replacement is the private ``env._app``.
    """
    app = getattr(env, "_app", None)
    if app is None:
        raise CompatibilityError("sphinx.environment.BuildEnvironment._app", "findes ikke")
    return app  # type: ignore[no-any-return]


def needs_after_reading(app: Sphinx) -> Mapping[str, Any]:
    """All needs between reading and writing, without freezing them.

    ``sphinx_needs.api.get_needs_view`` post-processes and freezes the needs. Called at
    ``env-get-updated`` (the last moment to add pages to the write list), the frozen state
    would be pickled with the environment, and the next incremental build fails when
    sphinx-needs purges a changed page. So the unfrozen data is read until sphinx-needs
    has frozen it itself.
    """
    from sphinx_needs.api import get_needs_view

    data = _needs_data()(app.env)
    if getattr(data, "needs_is_post_processed", True):
        return get_needs_view(app)
    getter = getattr(data, "get_needs_mutable", None)
    if getter is None:
        raise CompatibilityError("SphinxNeedsData.get_needs_mutable", "findes ikke")
    return getter()  # type: ignore[no-any-return]


@functools.cache
def _needs_data() -> Any:
    try:
        from sphinx_needs.data import SphinxNeedsData
    except ImportError as exc:  # pragma: no cover - only on an incompatible upgrade
        raise CompatibilityError("sphinx_needs.data.SphinxNeedsData", "findes ikke") from exc
    for name in ("needs_is_post_processed", "get_needs_mutable"):
        if not hasattr(SphinxNeedsData, name):
            raise CompatibilityError("sphinx_needs.data.SphinxNeedsData", f"mangler {name}")
    return SphinxNeedsData


def global_toctree(builder: Any, docname: str, **kwargs: Any) -> str:
    """The rendered toctree Sphinx gives ``docname``'s template as ``toctree(**kwargs)``.

    Used by :mod:`handbog.theme.navigation` to build furo's navigation once per build; the
    template function is made per page, and the builder method behind it is private.
    """
    method = getattr(builder, "_get_local_toctree", None)
    if method is None:
        raise CompatibilityError("StandaloneHTMLBuilder._get_local_toctree", "findes ikke")
    return method(docname, **kwargs)  # type: ignore[no-any-return]


def has_global_toctree(builder: Any) -> bool:
    return callable(getattr(builder, "_get_local_toctree", None))


@functools.cache
def need_directive() -> type[Any]:
    """sphinx-needs' ``NeedDirective``, the directive of every need type.

    The handbook registers a subclass under each type's name (:mod:`handbog.checks.needs`) so that a
    duplicate ID is reported where it was made, in Danish, naming both places. sphinx-needs
    has no hook before a need is created; its own message stands at whichever page is read
    second and drops that page's need even when it is the original.
    """
    try:
        from sphinx_needs.directives.need import NeedDirective
    except ImportError as exc:  # pragma: no cover - only on an incompatible upgrade
        raise CompatibilityError(
            "sphinx_needs.directives.need.NeedDirective", "findes ikke"
        ) from exc
    if not callable(getattr(NeedDirective, "run", None)):
        raise CompatibilityError("sphinx_needs.directives.need.NeedDirective", "mangler run")
    return NeedDirective


def need_while_reading(env: BuildEnvironment, need_id: str) -> Mapping[str, Any] | None:
    """The need ``need_id`` as collected so far, while pages are read (None: not yet)."""
    data = _needs_data()(env)
    return data.get_needs_mutable().get(need_id)  # type: ignore[no-any-return]


def _registry(module: Any, name: str) -> Mapping[str, Any]:
    found = getattr(module, name, None)
    if not isinstance(found, dict):
        raise CompatibilityError(f"{module.__name__}.{name}", "er ikke en ordbog")
    return found


def registered_directives() -> frozenset[str]:
    """The directive names registered with docutils in this build: docutils' own and every
    extension's (Sphinx's ``add_directive``). Sphinx can ask whether one name is registered
    (``sphinx.util.docutils.is_directive_registered``), but has no public list of them, which a
    suggestion for a misspelt name needs."""
    from docutils.parsers.rst import directives

    own = _registry(directives, "_directive_registry")
    added = _registry(directives, "_directives")
    return frozenset(own) | frozenset(added)


def registered_roles() -> frozenset[str]:
    """The role names registered with docutils in this build (as
    :func:`registered_directives`; ``sphinx.util.docutils.is_role_registered`` asks for one)."""
    from docutils.parsers.rst import roles

    own = _registry(roles, "_role_registry")
    added = _registry(roles, "_roles")
    return frozenset(own) | frozenset(added)
