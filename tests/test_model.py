"""handbog.model: the information model read from ubproject.toml, and its own consistency."""

from __future__ import annotations

import copy
import json
import os
import re
import shutil
import tomllib
from pathlib import Path

import pytest
from conftest import REPO, ROOTS

from handbog import model

with open(REPO / "ubproject.toml", "rb") as _stream:
    DATA = tomllib.load(_stream)


def test_the_handbooks_model_has_the_seven_types_and_five_links():
    """Plus the municipal edition's local type and its link to the core (handbog.kommune)."""
    info = model.load(REPO / "ubproject.toml")
    assert {t.prefix for t in info.types.values()} == {
        "FO_", "KE_", "PR_", "HR_", "KI_", "TJ_", "OP_", "LO_"
    }  # fmt: skip
    assert set(info.links) == {
        "realiserer", "bygger_paa", "understoetter", "haenger_sammen_med", "tjekker", "tilpasser"
    }  # fmt: skip
    assert info.local_types == ("lokal",)
    assert info.element_types == ("forudsaetning", "kerneelement")
    assert info.practice_types == ("praksis", "redskab")


def test_every_allowed_value_has_exactly_one_word():
    grounds = model.load(REPO / "ubproject.toml").fields["grundlag"]
    assert grounds.multiple
    assert grounds.values == tuple(DATA["needs"]["fields"]["grundlag"]["schema"]["items"]["enum"])
    assert grounds.word("casebesoeg") == "casebesøg"
    assert grounds.word("ukendt") == "ukendt"  # shown as it is, never dropped


def test_a_value_without_a_word_stops_the_build_with_a_danish_message():
    data = copy.deepcopy(DATA)
    del data["handbog"]["ord"]["grundlag"]["normativ"]
    with pytest.raises(model.ModelError, match=r"feltet 'grundlag' tillader .*normativ"):
        model.from_toml(data)


def test_a_requirement_of_an_unknown_field_is_refused():
    data = copy.deepcopy(DATA)
    data["handbog"]["krav"]["praksis"].append({"felt": "kilder", "mangler": "x"})
    with pytest.raises(model.ModelError, match="'kilder'"):
        model.from_toml(data)


def test_missing_message_lists_the_allowed_values():
    info = model.load(REPO / "ubproject.toml")
    grounds = next(r for r in info.requirements["praksis"] if r.option == "grundlag")
    assert info.missing_message(grounds).endswith(
        "(litteratur, interviews, casebesoeg, normativ, forfatterne, ikke_angivet)"
    )


def test_the_checklist_schema_allows_exactly_what_tjekker_may_point_at():
    """The JSON Schema editors get in their editor is a copy of the model's rule: keep it so."""
    info = model.load(REPO / "ubproject.toml")
    expected = info.id_pattern(info.links["tjekker"].target_types)
    schema = json.loads(
        (REPO / "src" / "handbog" / "schemas" / "checklist.schema.json").read_text("utf-8")
    )
    patterns = re.findall(r'"pattern": "(\^\((?:[A-Z]{2}\|?)+\)[^"]*)"', json.dumps(schema))
    assert patterns, "checklist.schema.json har intet ID-mønster for tjekker"
    assert {p.replace("\\\\", "\\") for p in patterns} == {expected}


def test_types_are_named_with_their_article_in_messages():
    info = model.load(REPO / "ubproject.toml")
    assert info.types["redskab"].with_article == "et hjælperedskab"
    assert info.described(["praksis", "redskab", "kerneelement"]) == (
        "en praksis (PR_), et hjælperedskab (HR_) eller et kerneelement (KE_)"
    )


def test_a_type_without_an_article_is_refused():
    data = copy.deepcopy(DATA)
    del data["handbog"]["kendeord"]["redskab"]
    with pytest.raises(model.ModelError, match="kendeord.*redskab"):
        model.from_toml(data)


def test_a_word_starts_a_heading_with_a_capital():
    grounds = model.load(REPO / "ubproject.toml").fields["grundlag"]
    assert grounds.heading("normativ") == "Normativt argument"
    assert grounds.heading("ukendt") == "Ukendt"


def test_grundlag_can_say_the_report_gives_no_basis_or_the_authors_own_knowledge():
    """Issue 10: `normativ` is not a stand-in for "no source given"."""
    grounds = model.load(REPO / "ubproject.toml").fields["grundlag"]
    assert grounds.word("ikke_angivet") == "ikke angivet i rapporten"
    assert grounds.word("forfatterne") == "forfatternes eget kendskab eller skøn"


# -- Which model: the project's, never one beside the package ----------------------------------


def test_the_project_is_the_nearest_folder_with_the_model(tmp_path):
    (tmp_path / "ubproject.toml").write_text("", encoding="utf-8")
    (tmp_path / "docs" / "under").mkdir(parents=True)
    assert model.find_project(tmp_path / "docs" / "under") == tmp_path.resolve()
    assert model.find_project(tmp_path) == tmp_path.resolve()
    assert model.find_project(Path("/")) is None


def test_a_changed_model_is_read_again(tmp_path):
    path = tmp_path / "ubproject.toml"
    text = (REPO / "ubproject.toml").read_text(encoding="utf-8")
    path.write_text(text, encoding="utf-8")
    assert model.load(path).types["praksis"].prefix == "PR_"
    path.write_text(text.replace('prefix = "PR_"', 'prefix = "PRX_"'), encoding="utf-8")
    os.utime(path, ns=(path.stat().st_atime_ns, path.stat().st_mtime_ns + 10**9))
    assert model.load(path).types["praksis"].prefix == "PRX_"


def test_the_build_reads_the_model_of_the_project_it_builds(make_app, tmp_path):
    """A test root with a model of its own (practices are PRX_, not PR_): its checklist, its
    needs and its pages are read with that model, not the repository's, and build without a
    warning. With the repository's model the same root fails."""
    src = tmp_path / "eget-model"
    shutil.copytree(ROOTS / "test-tjekliste", src)
    text = (REPO / "ubproject.toml").read_text(encoding="utf-8")
    text = text.replace('prefix = "PR_"', 'prefix = "PRX_"').replace("|PR|", "|PRX|")
    (src / "ubproject.toml").write_text(text, encoding="utf-8")
    conf = (src / "conf.py").read_text(encoding="utf-8")
    (src / "conf.py").write_text(conf + '\nneeds_from_toml = "ubproject.toml"\n', "utf-8")
    for page in [src / "praksis.md", *(src / "checklists").glob("*.yaml")]:
        page.write_text(page.read_text(encoding="utf-8").replace("PR_", "PRX_"), "utf-8")

    app = make_app("html", srcdir=src, freshenv=True)
    app.build()
    assert app.warning.getvalue().strip() == ""
    data = json.loads((app.outdir / "needs.json").read_text("utf-8"))
    needs = data["versions"][data["current_version"]]["needs"]
    assert needs["PRX_TEST"]["type"] == "praksis"
    assert needs["TJ_MOEDE_INVITER"]["tjekker"] == ["PRX_TEST"]
    assert "TJ_MOEDE_INVITER" in needs["PRX_TEST"]["tjekker_back"]

    (src / "conf.py").write_text(conf, "utf-8")  # base_conf: the repository's model
    app = make_app("html", srcdir=src, freshenv=True)
    app.build()
    assert "'PRX_TEST' er ikke gyldigt" in app.warning.getvalue()
