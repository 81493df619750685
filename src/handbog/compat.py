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
import gzip
import inspect
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

import cbor2

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


#: What Pagefind writes before the CBOR of its gzip-compressed metadata file.
_PAGEFIND_SIGNATURE = b"pagefind_dcd"


def pagefind_index_parts(bundle: Path) -> tuple[list[tuple[str, str]], dict[str, str]]:
    """The parts of a Pagefind index as (first word, file below ``bundle``), in order, and
    each filter's file: the search fetches the part a word is in while the reader types it,
    alongside Pagefind's WebAssembly, instead of after it (soeg.js). Pagefind has no public
    list of its files; they are in its metadata file (``pagefind.<language>_<hash>.pf_meta``):
    gzip, a signature, and CBOR of ``[version, pages, [[first, last, file], …], [[filter,
    file], …], …]``. (The handbook is in one language, so there is one such file.)"""
    found: list[tuple[str, str]] = []
    filters: dict[str, str] = {}
    for meta in sorted(bundle.glob("pagefind.*.pf_meta")):
        data = gzip.decompress(meta.read_bytes())
        if not data.startswith(_PAGEFIND_SIGNATURE):
            raise CompatibilityError("Pagefinds metadatafil", f"{meta.name} har ny signatur")
        try:
            read = cbor2.loads(data[len(_PAGEFIND_SIGNATURE) :])
            found += [(str(first), f"index/{code}.pf_index") for first, _, code in read[2]]
            filters.update({str(name): f"filter/{code}.pf_filter" for name, code in read[3]})
        except (cbor2.CBORDecodeError, IndexError, TypeError, ValueError) as exc:
            raise CompatibilityError("Pagefinds metadatafil", f"{meta.name}: {exc}") from exc
    files = [name for _, name in found] + list(filters.values())
    missing = [name for name in files if not (bundle / name).is_file()]
    if missing:
        raise CompatibilityError("Pagefinds indeks", f"{missing[0]} findes ikke")
    return found, filters
