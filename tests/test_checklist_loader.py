"""Checklist YAML files: the real ones load, and broken ones give messages that name the file,
the line and the problem (issue 4)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import jsonschema
import pytest
from conftest import REPO

from handbog import model
from handbog.checklists import (
    SCHEMA_COMMENT,
    SCHEMA_PATH,
    ChecklistError,
    check_file,
    load_all,
    load_checklist,
    need_id,
)
from handbog.checklists.model import KINDS, NOT_RELEVANT, WHEN, checkable_prefixes, checkable_types

CHECKLISTS = REPO / "checklists"
DATA = Path(__file__).parent / "data" / "checklists"
BROKEN = DATA / "fejl"

#: The checklists the handbook promises (DESIGN.md "Checklists", issue 4).
REQUIRED = {
    "forudsaetninger",
    "kompetencer",
    "foraeldresamarbejde",
    "boerneinddragelse",
    "samarbejdsrelationer",
    "foraeldremoede",
    "boernedeltagelse",
    "opstart",
    "effektmaaling",
}


def _needs_defined_in_docs() -> set[str]:
    """The need IDs the pages declare (``:id:`` of a need directive), read without a build."""
    docs = CHECKLISTS.parent / "docs"
    return {
        match
        for page in docs.rglob("*.md")
        if "_templates" not in page.parts
        for match in re.findall(r"^:id: ([A-Z][A-Z0-9_]+)\s*$", page.read_text("utf-8"), re.M)
    }


AGREED_NEEDS = _needs_defined_in_docs()


def line_of(path: Path, marker: str, occurrence: int = 1) -> int:
    """The 1-based line of the n-th line containing ``marker`` in a fixture."""
    hits = [
        number
        for number, text in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if marker in text
    ]
    assert len(hits) >= occurrence, f"{marker!r} not in {path}"
    return hits[occurrence - 1]


def problems_of(path: Path) -> list:
    with pytest.raises(ChecklistError) as info:
        load_checklist(path)
    return info.value.problems


# -- The real checklists ---------------------------------------------------------------------


def test_every_real_checklist_loads() -> None:
    checklists = load_all(CHECKLISTS)
    assert REQUIRED <= set(checklists)
    assert list(checklists) == sorted(checklists)
    for checklist_id, checklist in checklists.items():
        assert checklist.id == checklist_id
        assert checklist.source.name == f"{checklist_id}.yaml"
        assert checklist.kind in KINDS
        assert set(checklist.when) <= set(WHEN)


def test_real_checklists_start_with_the_schema_comment() -> None:
    for path in sorted(CHECKLISTS.glob("*.yaml")):
        assert path.read_text(encoding="utf-8").splitlines()[0] == SCHEMA_COMMENT, path


def test_real_checklists_are_short_and_every_item_checks_an_agreed_need() -> None:
    assert {"FO_UDEN_MYNDIGHED", "PR_FS_TILLID_MOEDER", "OP_NOEGLETAL"} <= AGREED_NEEDS
    for checklist in load_all(CHECKLISTS).values():
        for section in checklist.sections:
            assert 5 <= len(section.items) <= 9, (checklist.id, section.id, len(section.items))
        for _section, item in checklist.items():
            assert item.tjekker, (checklist.id, item.id)
            unknown = set(item.tjekker) - AGREED_NEEDS
            assert not unknown, (checklist.id, item.id, unknown)


def test_the_kinds_the_design_asks_for() -> None:
    checklists = load_all(CHECKLISTS)
    assert checklists["forudsaetninger"].kind == "selvvurdering"
    assert checklists["forudsaetninger"].when == ["foer", "under", "efter"]
    assert checklists["foraeldremoede"].kind == "do-confirm"
    assert [s.when for s in checklists["foraeldremoede"].sections] == ["foer", "under", "efter"]
    assert checklists["opstart"].kind == "read-do"
    # the parents' meeting checks the trust guidelines and saying early there is no authority
    checked = {t for _s, item in checklists["foraeldremoede"].items() for t in item.tjekker}
    assert {"PR_FS_TILLID_MOEDER", "PR_FS_SIG_DET_TIDLIGT"} <= checked
    # children's participation covers Lundy's four elements
    checked = {t for _s, item in checklists["boernedeltagelse"].items() for t in item.tjekker}
    assert {"PR_BI_RUM", "PR_BI_STEMME", "PR_BI_TILHOERER", "PR_BI_INDFLYDELSE"} <= checked
    # the effects checklist says plainly that the report shows no such effects
    effects = checklists["effektmaaling"]
    assert "ikke svar på" in effects.purpose
    assert "OP_NOEGLETAL" in {t for _s, item in effects.items() for t in item.tjekker}


def test_yes_no_scale_is_implicit_and_graded_scale_comes_from_the_file() -> None:
    meeting = load_checklist(DATA / "gyldige" / "moede.yaml")
    assert [s.value for s in meeting.scale] == ["ja", "nej", NOT_RELEVANT]
    assert [s.done for s in meeting.scale] == [True, False, False]
    graded = load_checklist(DATA / "gyldige" / "grader.yaml")
    assert [(s.value, s.done) for s in graded.scale] == [
        ("0", False),
        ("1", False),
        ("2", True),
        ("3", True),
    ]
    assert graded.scale[2].label == "Langt hen ad vejen"


def test_model_fields_and_item_lines() -> None:
    path = DATA / "gyldige" / "moede.yaml"
    checklist = load_checklist(path)
    assert (checklist.id, checklist.version, checklist.kind) == ("moede", 2, "do-confirm")
    assert checklist.audience == ["socialfaglig medarbejder"]
    assert checklist.source == path
    first = checklist.sections[0]
    assert (first.id, first.title, first.when, first.who) == (
        "foer",
        "Før",
        "foer",
        "Den, der indkalder",
    )
    assert checklist.sections[1].who is None
    pairs = [(s.id, i.id) for s, i in checklist.items()]
    assert pairs[0] == ("foer", "indkaldt") and pairs[-1] == ("efter", "barnet-orienteret")
    for _section, item in checklist.items():
        assert item.line == line_of(path, f"- id: {item.id}")
    assert checklist.item("indkaldt").help == "Spørg forældrene, hvad der passer dem."
    assert checklist.item("dagsorden").help is None
    assert checklist.item("referat-sendt").tjekker == [
        "PR_SF_DELTE_REFERATER",
        "HR_FS_SAMARBEJDSPROCEDURER",
    ]


def test_need_id() -> None:
    checklist = load_checklist(DATA / "gyldige" / "moede.yaml")
    item = checklist.item("referat-sendt")
    assert need_id(checklist, item) == "TJ_MOEDE_REFERAT_SENDT"
    assert need_id("foraeldremoede", "sig-det-tidligt") == "TJ_FORAELDREMOEDE_SIG_DET_TIDLIGT"
    needs_regex = re.compile(r"^(FO|KE|PR|HR|KI|TJ|OP)_[A-Z0-9]+(_[A-Z0-9]+)*$")
    for checklist in load_all(CHECKLISTS).values():
        for _section, item in checklist.items():
            assert needs_regex.match(need_id(checklist, item))


# -- Broken files ----------------------------------------------------------------------------

CASES = [
    # (fixture, marker on the line the message must name, occurrence, words the message has)
    ("yaml-syntaks.yaml", 'tekst: "Et punkt', 1, ["ikke gyldig YAML", "anførselstegn"]),
    ("stavefejl.yaml", "tjeker:", 1, ["ukendt felt 'tjeker'", "mente du 'tjekker'"]),
    ("dublet-punkt.yaml", "- id: referat", 2, ["punkt-id 'referat' er brugt to gange"]),
    ("forkert-skala.yaml", "Delvis OK", 1, ["'Delvis OK' er ikke gyldigt", "små bogstaver"]),
    ("dublet-skala.yaml", 'vaerdi: "1", tekst: På plads', 1, ["skalaværdien '1'", "to gange"]),
    ("mangler-tjekker.yaml", "- id: to", 1, ["feltet 'tjekker' mangler", "punkt 'to'"]),
    ("forkert-praefiks.yaml", "KI_JENSEN2019", 1, ["'KI_JENSEN2019' er ikke gyldigt", "PR_"]),
]


@pytest.mark.parametrize(("name", "marker", "occurrence", "words"), CASES)
def test_broken_file_names_file_line_and_problem(
    name: str, marker: str, occurrence: int, words: list[str]
) -> None:
    path = BROKEN / name
    problems = problems_of(path)
    expected_line = line_of(path, marker, occurrence)
    matching = [p for p in problems if p.line == expected_line]
    assert matching, [str(p) for p in problems]
    problem = matching[0]
    assert problem.path == path
    assert problem.column >= 1
    for word in words:
        assert word in problem.message, problem.message
    # the printed form starts with file:line:column
    assert str(problem).startswith(f"{Path(str(problem).split(':')[0])}:{expected_line}:")
    assert str(problem).split(":")[0].endswith(name)


def test_error_carries_location_of_its_first_problem() -> None:
    path = BROKEN / "stavefejl.yaml"
    with pytest.raises(ChecklistError) as info:
        load_checklist(path)
    error = info.value
    first = error.problems[0]
    assert (error.path, error.line, error.column, error.message) == (
        first.path,
        first.line,
        first.column,
        first.message,
    )
    text = str(error)
    assert text.count("\n") == len(error.problems) - 1
    assert re.search(r"stavefejl\.yaml:\d+:\d+: ukendt felt 'tjeker' — mente du 'tjekker'\?", text)


def test_all_problems_of_a_file_are_reported_at_once() -> None:
    path = BROKEN / "flere-fejl.yaml"
    problems = problems_of(path)
    lines = {p.line: p.message for p in problems}
    assert "skal være mindst 1" in lines[line_of(path, "version: 0")]
    assert "må ikke have 'skala'" in lines[line_of(path, "skala:")]
    assert "'pr_fs_ligevaerd' er ikke gyldigt" in lines[line_of(path, "pr_fs_ligevaerd")]
    assert len(problems) == 3


def test_duplicate_checklist_id_across_files() -> None:
    folder = DATA / "dublet-id"
    with pytest.raises(ChecklistError) as info:
        load_all(folder)
    (problem,) = info.value.problems
    assert problem.path == folder / "b.yaml"
    assert problem.line == line_of(folder / "b.yaml", "id: samme")
    assert "'samme'" in problem.message and "a.yaml" in problem.message


def _write(folder: Path, name: str, body: str) -> Path:
    path = folder / name
    path.write_text(SCHEMA_COMMENT + "\n" + body, encoding="utf-8")
    return path


MINIMAL = """\
id: {id}
titel: En tjekliste
version: 1
maalgruppe: [leder]
art: do-confirm
hvornaar: [foer]
formaal: En lille tjekliste til en test af indlæsningen.
afsnit:
  - id: a
    titel: Afsnit
    {when}punkter:
      - id: {item}
        tekst: Et punkt.
        tjekker: [PR_FS_LIGEVAERD]
"""


def test_need_ids_must_not_clash_across_checklists(tmp_path: Path) -> None:
    _write(tmp_path, "a.yaml", MINIMAL.format(id="a", item="b-c", when=""))
    second = _write(tmp_path, "a-b.yaml", MINIMAL.format(id="a-b", item="c", when=""))
    with pytest.raises(ChecklistError) as info:
        load_all(tmp_path)
    (problem,) = info.value.problems
    assert "TJ_A_B_C" in problem.message
    assert problem.line == line_of(second, "- id: c")


def test_section_used_at_a_time_the_checklist_does_not_name(tmp_path: Path) -> None:
    path = _write(
        tmp_path, "x.yaml", MINIMAL.format(id="x", item="p", when="hvornaar: efter\n    ")
    )
    (problem,) = problems_of(path)
    assert problem.line == line_of(path, "hvornaar: efter")
    assert "'efter'" in problem.message and "hvornaar" in problem.message


def test_missing_schema_comment_is_reported_on_line_1(tmp_path: Path) -> None:
    path = tmp_path / "x.yaml"
    path.write_text(MINIMAL.format(id="x", item="p", when=""), encoding="utf-8")
    checklist, problems = check_file(path)
    assert checklist is None
    assert [p.line for p in problems] == [1]
    assert SCHEMA_COMMENT in problems[0].message


def test_a_graded_checklist_needs_a_scale_with_done_and_not_done_steps(tmp_path: Path) -> None:
    body = MINIMAL.format(id="x", item="p", when="").replace(
        "art: do-confirm", "art: selvvurdering"
    )
    path = _write(tmp_path, "x.yaml", body)
    (problem,) = problems_of(path)
    assert "skal have en 'skala'" in problem.message
    assert problem.line == line_of(path, "art: selvvurdering")
    scale = (
        "skala:\n"
        '  - {vaerdi: "0", tekst: Nej, paa_plads: true}\n'
        '  - {vaerdi: "1", tekst: Ja, paa_plads: true}\n'
    )
    path = _write(
        tmp_path, "y.yaml", body.replace("id: x", "id: y").replace("afsnit:", scale + "afsnit:")
    )
    (problem,) = problems_of(path)
    assert "både trin" in problem.message
    assert problem.line == line_of(path, "skala:")


# -- The schema ------------------------------------------------------------------------------


def _descriptions(node, trail="") -> list[str]:
    """Paths of schema properties that lack a description."""
    missing = []
    if isinstance(node, dict):
        for name, prop in node.get("properties", {}).items():
            if isinstance(prop, dict) and "description" not in prop:
                missing.append(f"{trail}.{name}")
            missing += _descriptions(prop, f"{trail}.{name}")
        for name, sub in node.get("$defs", {}).items():
            missing += _descriptions(sub, f"{trail}$defs.{name}")
    return missing


@pytest.mark.parametrize("name", ["checklist.schema.json", "answers.schema.json"])
def test_schemas_are_valid_and_describe_every_field_in_danish(name: str) -> None:
    path = SCHEMA_PATH.parent / name
    schema = json.loads(path.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert _descriptions(schema) == []
    assert re.search(r"[æøå]", json.dumps(schema, ensure_ascii=False))


def test_schema_and_loader_agree_on_checkable_prefixes() -> None:
    """The schema file's pattern (what editors see while typing) is the handbook's model's."""
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    pattern = schema["$defs"]["punkt"]["properties"]["tjekker"]["items"]["pattern"]
    info = model.load(REPO / "ubproject.toml")
    assert pattern == info.id_pattern(checkable_types(info))
    for prefix in checkable_prefixes(info):
        assert re.match(pattern, prefix + "X")
    for prefix in ("KI_", "TJ_"):
        assert not re.match(pattern, prefix + "X")
