"""The data-file core: reading YAML with positions, the schema check in Danish, the one
Problem type, display_path and the nearest-key suggestion, tested without any kind's rules."""

from __future__ import annotations

from pathlib import Path

import pytest

from handbog.data.core import (
    DataFormat,
    Problem,
    did_you_mean,
    display_path,
    json_positions,
    position,
    read_yaml,
    schema_problems,
)

#: A format of the core's own, on the glossary's schema: only the core is under test here.
FORMAT = DataFormat(
    "glossary.schema.json",
    fields="'term: …', 'definition: …'",
    when_empty="Skriv noget.",
    pattern_help={"kilde": "et kilde-ID (KI_X)"},
)
HEADER = FORMAT.schema_comment + "\n"


@pytest.fixture(autouse=True)
def _in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)


def _file(body: str, header: str = HEADER) -> Path:
    path = Path("data") / "et-begreb.yaml"
    path.parent.mkdir(exist_ok=True)
    path.write_text(header + body, encoding="utf-8")
    return path


def _check(body: str) -> list[Problem]:
    path = _file(body)
    data, problems = read_yaml(path, FORMAT)
    assert data is not None, problems
    return problems + schema_problems(path, data, FORMAT)


# -- Reading YAML ------------------------------------------------------------------------------


def test_yaml_syntax_error_names_the_line_where_the_quote_opens() -> None:
    path = _file('term: "et begreb\ndefinition: En definition, der er lang nok.\n')
    data, (problem,) = read_yaml(path, FORMAT)
    assert data is None
    assert (problem.line, problem.column) == (2, 7)  # the opening quote, not the end of file
    assert problem.message.startswith(
        "filen er ikke gyldig YAML: en tekst i anførselstegn bliver ikke lukket ("
    )
    assert str(problem).startswith("data/et-begreb.yaml:2:7: filen er ikke gyldig YAML")


def test_tab_indentation_is_named_in_danish() -> None:
    path = _file("term: x\nkilde:\n\t- KI_X\n")
    _, (problem,) = read_yaml(path, FORMAT)
    assert problem.line == 4
    assert "en tabulator er brugt til indrykning" in problem.message


def test_first_line_must_point_at_the_schema() -> None:
    path = _file("term: et begreb\n", header="")
    data, (problem,) = read_yaml(path, FORMAT)
    assert data == {"term": "et begreb"}
    assert str(problem) == (
        "data/et-begreb.yaml:1:1: første linje skal pege på skemaet, så editoren kan hjælpe: "
        f"indsæt '{FORMAT.schema_comment}' som linje 1."
    )
    assert FORMAT.schema_comment.endswith("$schema=../src/handbog/schemas/glossary.schema.json")


def test_empty_file_list_and_missing_file_each_say_what_to_do() -> None:
    assert [p.message for p in read_yaml(_file(""), FORMAT)[1]] == ["filen er tom. Skriv noget."]
    assert [p.message for p in read_yaml(_file("- a\n- b\n"), FORMAT)[1]] == [
        "filen skal være en række felter ('term: …', 'definition: …'), ikke en liste eller en "
        "enkelt værdi."
    ]
    data, (problem,) = read_yaml(Path("findes-ikke.yaml"), FORMAT)
    assert data is None
    assert str(problem) == "findes-ikke.yaml: filen findes ikke. Tjek stien."


def test_positions_of_values_items_and_block_scalars() -> None:
    data, _ = read_yaml(
        _file("term: x\nkilde:\n  - KI_A\n  - KI_B\ndefinition: >-\n  Lang tekst.\n"), FORMAT
    )
    assert position(data, ["term"]) == (2, 7)
    assert position(data, ["kilde", 1]) == (5, 5)
    # a folded text starts on the line after '>-'; its column is not kept
    assert position(data, ["definition"]) == (7, 0)
    # a path that does not exist: the nearest known parent
    assert position(data, ["kilde", 9]) == (4, 3)


# -- The schema check --------------------------------------------------------------------------


def test_schema_error_has_line_column_and_a_danish_message() -> None:
    (problem,) = _check(
        "term: et begreb\ndefinition: En definition, der er lang nok.\nkilde: KI_X\n"
    )
    assert (problem.line, problem.column) == (4, 8)
    assert problem.message == (
        "kilde: skal være en liste, ikke 'KI_X'. Skriv det som en liste: '- værdi' på hver sin "
        "linje under feltet."
    )
    assert str(problem) == f"data/et-begreb.yaml:4:8: {problem.message}"


def test_a_list_item_is_named_by_its_number_and_the_pattern_is_explained() -> None:
    (problem,) = _check(
        "term: et begreb\ndefinition: En definition, der er lang nok.\n"
        "kilde:\n  - KI_X\n  - ki_y z\n"
    )
    assert (problem.line, problem.column) == (6, 5)
    assert problem.message == "kilde nr. 2: 'ki_y z' er ikke gyldigt; skal være et kilde-ID (KI_X)."


def test_misspelt_key_is_reported_once_at_the_key_with_mente_du() -> None:
    (problem,) = _check("term: et begreb\ndefinitoin: En definition, der er lang nok.\n")
    assert (problem.line, problem.column) == (3, 1)
    assert problem.message.startswith("ukendt felt 'definitoin' — mente du 'definition'? ")
    assert "tilladte felter her: citat, definition, kilde" in problem.message
    # …and not a second time as the missing 'definition' it was meant to be
    assert "mangler" not in problem.message


def test_missing_field_points_where_the_fields_begin() -> None:
    (problem,) = _check("term: et begreb\n")
    assert (problem.line, problem.column) == (2, 1)
    assert problem.message.startswith("feltet 'definition' mangler. Tilføj 'definition: …': ")


def test_json_is_located_through_the_same_positions() -> None:
    text = '{\n  "a": 1,\n  "svar": {\n    "x": {"value": "ja"}\n  }\n}\n'
    data = json_positions(text)
    assert position(data, ["svar", "x", "value"]) == (4, 20)
    assert json_positions('{"a": 1, "a": 2}') is None  # ruamel.yaml refuses; json does not


# -- Problem, display_path and suggestions -----------------------------------------------------


def test_problem_renders_only_the_known_parts_of_its_place() -> None:
    path = Path("data/x.yaml")
    assert str(Problem(path, 3, 5, "besked")) == "data/x.yaml:3:5: besked"
    assert str(Problem(path, 3, 0, "besked")) == "data/x.yaml:3: besked"
    assert str(Problem(path, 0, 0, "besked")) == "data/x.yaml: besked"


def test_display_path(tmp_path: Path) -> None:
    assert display_path(tmp_path / "glossary" / "x.yaml") == "glossary/x.yaml"
    assert display_path("glossary/x.yaml") == "glossary/x.yaml"
    assert display_path(tmp_path / "a" / "x.yaml", base=tmp_path / "a") == "x.yaml"
    # outside the working folder: the path as given, not a chain of '../'
    outside = tmp_path.parent / "andet" / "x.yaml"
    assert display_path(outside) == str(outside)
    assert display_path(tmp_path / "..x.yaml") == "..x.yaml"


def test_did_you_mean() -> None:
    options = ["tidlig indsats", "indsats", "myndighed"]
    assert did_you_mean("tidlig indsat", options) == " Mente du 'tidlig indsats'?"
    assert did_you_mean("indsatser", options, n=2) == " Mente du 'indsats' eller 'tidlig indsats'?"
    assert did_you_mean("KI_HANSEN2021", {"KI_HANSEN2020"}, quote=False) == (
        " Mente du KI_HANSEN2020?"
    )
    assert did_you_mean("noget helt andet", options) == ""
