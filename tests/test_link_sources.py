"""Which types may have which link is the model's ([handbog.krav]: the types that must have a
link are the ones that have it), and the build checks it; tests/xrefcheck.py reads the same
rule for its check of the built needs."""

from __future__ import annotations

from conftest import REPO
from test_editor_messages import _edit, _line_of, _one_message, _project

from handbog import model
from handbog.checks.needs import link_sources


def test_the_link_sources_come_from_the_models_requirements():
    sources = link_sources(model.load(REPO / "ubproject.toml"))
    assert set(sources["realiserer"]) == {"praksis", "redskab"}
    assert set(sources["tjekker"]) == {"tjekpunkt"}


def test_a_link_the_type_may_not_have_is_one_danish_message(make_app, rootdir, tmp_path):
    src = _project(rootdir, tmp_path)
    page = src / "index.md"
    _edit(page, ":realiserer: KE_TEST\n", ":realiserer: KE_TEST\n:understoetter: KE_TEST\n")
    message = _one_message(make_app, src, "link-kilde", "index.md", _line_of(page, "{praksis}"))
    assert ":understoetter: hører ikke til en praksis: kun en forudsætning (FO_)" in message
