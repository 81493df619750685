"""Directive and role names come from what the running Sphinx has registered: a misspelt
name is one Danish message at its line, suggesting the nearest name that exists in this build
(the handbook's own blocks and roles, docutils', Sphinx's and its extensions'), not the
nearest of a hand-kept list."""

from __future__ import annotations

import pytest
from test_editor_messages import _append, _line_of, _one_message, _project

from handbog.checks import names


@pytest.mark.parametrize(
    ("written", "nearest"),
    [
        ("tilfojelse", "tilfoejelse"),  # the handbook's own (handbog.literature.additions)
        ("resme", "resume"),  # the handbook's own (handbog.needs.summary)
        ("prakis", "praksis"),  # a need type, from ubproject.toml
        ("toctre", "toctree"),  # Sphinx's
        ("admonitio", "admonition"),  # docutils'
        ("tab-sett", "tab-set"),  # sphinx-design's
    ],
)
def test_a_misspelt_block_name_suggests_the_nearest_registered_name(
    make_app, rootdir, tmp_path, written, nearest
):
    src = _project(rootdir, tmp_path, "links")
    page = src / "index.md"
    _append(page, f"\n:::{{{written}}}\nTekst.\n:::\n")
    message = _one_message(
        make_app, src, "ukendt-blok", "index.md", _line_of(page, f"{{{written}}}")
    )
    assert f"blokken {{{written}}} findes ikke. Mente du {nearest!r}?" in message


@pytest.mark.parametrize(
    ("written", "nearest"),
    [
        ("trem", "term"),
        ("tilfojelse", "tilfoejelse"),
        ("cite:pp", "cite:p"),  # a domain's role keeps its prefix
    ],
)
def test_a_misspelt_role_is_one_danish_message_with_the_nearest(
    make_app, rootdir, tmp_path, written, nearest
):
    src = _project(rootdir, tmp_path, "links")
    page = src / "index.md"
    _append(page, f"\nFørst en linje.\nSå {{{written}}}`tekst` her.\n")
    message = _one_message(
        make_app, src, "ukendt-rolle", "index.md", _line_of(page, f"{{{written}}}")
    )
    assert f"rollen {{{written}}} findes ikke. Mente du {nearest!r}?" in message


def test_every_block_the_handbook_registers_is_known(make_app, rootdir, tmp_path):
    app = make_app("dummy", srcdir=_project(rootdir, tmp_path, "links"))
    app.builder.init()
    known = names.directive_names(app)
    # the handbook's own, a need type, sphinx-needs', sphinx-design's, docutils', Sphinx's
    for name in ("tilfoejelse", "resume", "praksis", "needtable", "grid", "note", "toctree"):
        assert name in known, name
    assert {"term", "doc", "need", "cite:p", "tilfoejelse"} <= names.role_names(app)


def test_an_example_inside_a_code_block_is_not_a_block(make_app, rootdir, tmp_path):
    src = _project(rootdir, tmp_path, "links")
    _append(src / "index.md", "\n````md\n```{prakis} Eksempel\n```\nOg {trem}`x`.\n````\n")
    app = make_app("html", srcdir=src, freshenv=True)
    app.build()
    assert app.statuscode == 0 and "prakis" not in app._warning.getvalue()


def test_the_names_are_read_with_the_projects_myst_settings(make_app, rootdir, tmp_path):
    """A project without colon_fence (the small example projects) writes ::: as text: MyST
    runs no block there, and the check names none."""
    src = _project(rootdir, tmp_path)  # test-ok: MyST's default settings
    _append(src / "index.md", "\n:::{notte}\nEn note.\n:::\n")
    app = make_app("html", srcdir=src, freshenv=True)
    app.build()
    assert app.statuscode == 0 and "notte" not in app._warning.getvalue()
