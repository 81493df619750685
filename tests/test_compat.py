"""Every private API the package still uses (handbog.compat) has the shape it expects.

If one of these fails after an upgrade, the message says which name changed; fix
src/handbog/compat.py (or pin the package) before anything else.
"""

from __future__ import annotations

import asyncio
import gzip
from pathlib import Path

import pytest

from handbog import compat
from handbog.theme import search


def test_add_doc_guard_accepts_the_installed_sphinx_needs():
    add_doc = compat._add_doc()
    assert callable(add_doc)


def test_add_doc_guard_refuses_a_changed_signature(monkeypatch):
    import sphinx_needs.utils

    compat._add_doc.cache_clear()
    monkeypatch.setattr(sphinx_needs.utils, "add_doc", lambda docname, env: None)
    try:
        with pytest.raises(compat.CompatibilityError, match="add_doc"):
            compat._add_doc()
    finally:
        compat._add_doc.cache_clear()


def test_app_of_finds_the_application_of_an_environment():
    class Env:
        _app = object()

    assert compat.app_of(Env()) is Env._app  # type: ignore[arg-type]


def test_app_of_says_what_changed_when_the_private_name_is_gone():
    with pytest.raises(compat.CompatibilityError, match="_app"):
        compat.app_of(object())  # type: ignore[arg-type]


@pytest.mark.sphinx("html", testroot="ok")
def test_env_still_has_the_private_app_attribute(app):
    # sphinx.testing's ``app`` fixture: the real Sphinx the handbook runs on.
    assert compat.app_of(app.env) is app


def test_needs_data_guard_finds_the_names_it_reads():
    data = compat._needs_data()
    assert hasattr(data, "get_needs_mutable") and hasattr(data, "needs_is_post_processed")


@pytest.mark.sphinx("html", testroot="ok")
def test_needs_after_reading_does_not_freeze_the_needs(app):
    app.build()
    # After a build sphinx-needs has frozen the needs itself: the view is returned.
    needs = compat.needs_after_reading(app)
    assert needs and all(need["id"] == need_id for need_id, need in needs.items())


@pytest.mark.sphinx("html", testroot="ok")
def test_global_toctree_is_what_the_page_template_gets(app):
    app.build()
    assert compat.has_global_toctree(app.builder)
    html = compat.global_toctree(app.builder, app.config.root_doc, collapse=False, maxdepth=-1)
    assert isinstance(html, str)


def test_global_toctree_guard_names_the_missing_method():
    with pytest.raises(compat.CompatibilityError, match="_get_local_toctree"):
        compat.global_toctree(object(), "index")
    assert not compat.has_global_toctree(object())


def test_need_directive_guard_finds_the_directive_of_every_need_type():
    directive = compat.need_directive()
    assert callable(directive.run)


def test_need_directive_guard_refuses_a_directive_without_run(monkeypatch):
    import sphinx_needs.directives.need

    compat.need_directive.cache_clear()
    monkeypatch.setattr(sphinx_needs.directives.need, "NeedDirective", type("X", (), {}))
    try:
        with pytest.raises(compat.CompatibilityError, match="NeedDirective"):
            compat.need_directive()
    finally:
        compat.need_directive.cache_clear()


def test_a_need_can_be_looked_up_while_reading(make_app, rootdir, tmp_path):
    import shutil

    src = tmp_path / "ok"
    shutil.copytree(rootdir / "test-ok", src)
    app = make_app("html", srcdir=src, freshenv=True)
    seen = {}

    def look(app, docname, source):
        # index.md is the only page: nothing is collected before it is read
        seen["before"] = compat.need_while_reading(app.env, "PR_TEST")

    def read(app, doctree):
        seen["read"] = compat.need_while_reading(app.env, "PR_TEST")

    app.connect("source-read", look)
    app.connect("doctree-read", read)
    app.builder.read()
    assert seen["before"] is None
    assert seen["read"] is not None and seen["read"]["id"] == "PR_TEST"


def test_the_registered_directive_and_role_names_are_read_from_docutils():
    directives, roles = compat.registered_directives(), compat.registered_roles()
    assert {"note", "admonition", "image"} <= directives
    assert {"emphasis", "abbreviation"} <= roles


def test_the_registries_say_what_changed_when_their_shape_changes(monkeypatch):
    from docutils.parsers.rst import directives, roles

    monkeypatch.setattr(directives, "_directives", None)
    with pytest.raises(compat.CompatibilityError, match="_directives"):
        compat.registered_directives()
    monkeypatch.setattr(roles, "_roles", None)
    with pytest.raises(compat.CompatibilityError, match="_roles"):
        compat.registered_roles()


def _indexed(folder: Path) -> Path:
    words = " ".join(f"ord{i}x{chr(97 + i % 26)}" for i in range(3000))
    (folder / "side.html").write_text(
        "<html lang='da'><body><main data-pagefind-body><h1>Side</h1>"
        f"<p>Barnet og forældrene. {words}</p>"
        '<span hidden data-pagefind-filter="gruppe:hovedside"></span>'
        '<span hidden data-pagefind-filter="art:Kerneelement"></span></main></body></html>',
        "utf-8",
    )
    asyncio.run(search._index(folder))
    return folder / "pagefind"


def test_pagefind_index_parts_are_read_from_the_installed_pagefinds_files(tmp_path: Path):
    bundle = _indexed(tmp_path)
    parts, filters = compat.pagefind_index_parts(bundle)
    assert parts, "no parts read"
    assert [first for first, _ in parts] == sorted(first for first, _ in parts)
    assert {file for _, file in parts} == {
        f"index/{path.name}" for path in (bundle / "index").glob("*.pf_index")
    }
    assert set(filters) == {"gruppe", "art"}
    assert all((bundle / file).is_file() for file in filters.values())


def test_pagefind_index_parts_says_when_pagefinds_format_changed(tmp_path: Path):
    bundle = _indexed(tmp_path)
    meta = next(bundle.glob("pagefind.*.pf_meta"))
    meta.write_bytes(gzip.compress(b"pagefind_xyz" + gzip.decompress(meta.read_bytes())[12:]))
    with pytest.raises(compat.CompatibilityError, match="signatur"):
        compat.pagefind_index_parts(bundle)
