"""The handbook's own traceability rules (handbog.needs.traceability.problems), on made-up needs.

The rules and their wording come from the information model (ubproject.toml); these tests
check the messages an editor gets for each kind of mistake.
"""

from __future__ import annotations

from conftest import REPO

from handbog import model
from handbog.needs.traceability import problems

MODEL = model.load(REPO / "ubproject.toml")


def _need(need_id: str, need_type: str, **fields: object) -> dict:
    need = {"id": need_id, "type": need_type, "docname": "side", "lineno": 4}
    return {**need, "content": "Hvad fagfolkene gør.", **fields}


def _messages(*needs: dict) -> list[tuple[str, str, str]]:
    by_id = {n["id"]: n for n in needs}
    return [(need["id"], message, kind) for need, message, kind in problems(by_id, MODEL)]


def test_a_sound_practice_has_no_problems():
    found = _messages(
        _need("KE_A", "kerneelement"),
        _need("KI_A", "kilde", art="interviews", bygger_paa_back=["PR_A"]),
        _need("PR_A", "praksis", realiserer=["KE_A"], bygger_paa=["KI_A"], grundlag=["interviews"]),
    )
    assert found == []


def test_a_practice_missing_everything_gets_one_message_per_requirement():
    found = _messages(_need("PR_A", "praksis"))
    assert [kind for _id, _m, kind in found] == ["sporbarhed"] * 3
    messages = [m for _id, m, _kind in found]
    assert messages[0] == "mangler mindst én kilde i :bygger_paa: (KI_…)."
    assert messages[2] == (
        "mangler hvad den hviler på i :grundlag: "
        "(litteratur, interviews, casebesoeg, normativ, forfatterne, ikke_angivet)."
    )


def test_a_wrong_prefix_names_the_type_with_its_article():
    found = _messages(
        _need("PR_VAERKTOEJ", "redskab", realiserer=["KE_A"], bygger_paa=["KI_A"]),
        _need("KE_A", "kerneelement"),
        _need("KI_A", "kilde", art="interviews", bygger_paa_back=["PR_VAERKTOEJ"]),
    )
    assert ("PR_VAERKTOEJ", "et hjælperedskab skal have et ID, der begynder med 'HR_'.", "id") in (
        found
    )


def test_a_dead_link_suggests_the_nearest_id():
    found = _messages(
        _need("KE_FORAELDRE", "kerneelement"),
        _need("KI_A", "kilde", art="interviews", bygger_paa_back=["PR_A"]),
        _need(
            "PR_A",
            "praksis",
            realiserer=["KE_FORALDRE"],
            bygger_paa=["KI_A"],
            grundlag=["interviews"],
        ),
    )
    assert len(found) == 1
    need_id, message, kind = found[0]
    assert (need_id, kind) == ("PR_A", "link")
    assert message.startswith(
        ":realiserer: peger på KE_FORALDRE, som ikke findes. Mente du KE_FORAELDRE?"
    )


def test_a_hand_written_source_needs_its_kind_and_a_use():
    found = _messages(_need("KI_B", "kilde"), _need("KI_C", "kilde", art="kommunal"))
    assert ("KI_B", "mangler :art: (interviews, casebesoeg, kommunal, projekt).", "kilde") in found
    assert any(i == "KI_C" and "kilden bruges ikke" in m for i, m, _k in found)


def test_a_value_the_field_does_not_allow_lists_every_allowed_value_in_readers_words():
    found = _messages(
        _need("KE_A", "kerneelement"),
        _need("KI_A", "kilde", art="interviews", bygger_paa_back=["PR_A"]),
        _need("PR_A", "praksis", realiserer=["KE_A"], bygger_paa=["KI_A"], grundlag=["interview"]),
    )
    assert len(found) == 1, found
    need_id, message, kind = found[0]
    field = MODEL.fields["grundlag"]
    assert (need_id, kind) == ("PR_A", "sporbarhed")
    assert message.startswith(
        ":grundlag: 'interview' er ikke en tilladt værdi. Mente du 'interviews'?"
    )
    # every value of the model, each with the word a reader sees when it differs
    for value in field.values:
        assert value in message
        assert field.word(value) in message


def test_a_practice_without_text_is_named():
    found = _messages(
        _need("KE_A", "kerneelement"),
        _need("KI_A", "kilde", art="interviews", bygger_paa_back=["PR_A"]),
        _need(
            "PR_A",
            "praksis",
            content="",
            realiserer=["KE_A"],
            bygger_paa=["KI_A"],
            grundlag=["interviews"],
        ),
    )
    assert [(i, k) for i, _m, k in found] == [("PR_A", "sporbarhed")]
    assert "ingen tekst" in found[0][1]


def test_a_link_to_the_wrong_type_names_the_types_and_the_nearest_right_one():
    found = _messages(
        _need("KE_A", "kerneelement"),
        _need("KI_A", "kilde", art="interviews", bygger_paa_back=["PR_A"]),
        _need("PR_A", "praksis", realiserer=["KI_A"], bygger_paa=["KI_A"], grundlag=["interviews"]),
    )
    assert [(i, k) for i, _m, k in found] == [("PR_A", "link")]
    message = found[0][1]
    assert message.startswith(":realiserer: peger på KI_A, som er en kilde (KI_);")
    assert "et kerneelement (KE_)" in message and "Mente du KE_A?" in message
