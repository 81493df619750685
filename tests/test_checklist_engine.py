"""Answers files, privacy, scoring, comparisons and reports (issue 4)."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from handbog.checklists import AnswersError, load_checklist
from handbog.checklists.answers import (
    FORMAT,
    FORMAT_VERSION,
    AnswerSet,
    check_against,
    parse_answers,
    read_answers,
    write_answers,
)
from handbog.checklists.engine import (
    CHANGED,
    DONE,
    IMPROVED,
    MISSING,
    NOT_APPLICABLE,
    UNANSWERED,
    UNCHANGED,
    WORSENED,
    compare,
    evaluate,
)
from handbog.checklists.report import (
    assessment_markdown,
    comparison_markdown,
    load_need_links,
    relative_base_url,
    to_html,
)
from handbog.data.core import display_path
from handbog.data.privacy import CPR_PATTERN, looks_like_cpr

DATA = Path(__file__).parent / "data" / "checklists"
MEETING = load_checklist(DATA / "gyldige" / "moede.yaml")
GRADED = load_checklist(DATA / "gyldige" / "grader.yaml")


def answers_for(checklist, values: dict[str, str | None], **context: str) -> AnswerSet:
    answer_set = AnswerSet.new(checklist, context)
    for item_id, value in values.items():
        answer_set.set(item_id, value)
    return answer_set


def file_for(tmp_path: Path, data: dict, name: str = "svar.json") -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")
    return path


def valid_data(**overrides) -> dict:
    data = {
        "format": FORMAT,
        "format_version": 1,
        "checklist": "moede",
        "checklist_version": 2,
        "context": {"enhed": "Skole Ø, indskoling", "udfyldt_af": "lærer", "dato": "2026-11-22"},
        "answers": {"indkaldt": {"value": "ja", "note": "i god tid"}},
        "created": "2026-11-22T10:00:00+01:00",
        "updated": "2026-11-22T10:05:00+01:00",
    }
    data.update(overrides)
    return data


# -- Privacy ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "010203-1234",
        "0102031234",
        "010203 1234",
        "se 311299-0001.",
        "cpr:2412851111",
        "010203–1234",
    ],
)
def test_cpr_like_numbers_are_recognised(text: str) -> None:
    assert looks_like_cpr(text)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "mødet 22-11-2026 kl. 10",
        "tlf. 12 34 56 78",
        "320203-1234",  # day 32
        "011303-1234",  # month 13
        "12345678901",  # eleven digits: not a CPR number
        "budget 1.250.000 kr.",
    ],
)
def test_other_numbers_are_not_cpr(text: str) -> None:
    assert not looks_like_cpr(text)


def test_cpr_pattern_is_portable_to_javascript() -> None:
    # \d matches non-ASCII digits in Python and look-behind is not everywhere in JS
    assert "\\d" not in CPR_PATTERN
    assert "(?<" not in CPR_PATTERN
    assert re.compile(CPR_PATTERN).search("x 010203-1234 y")


# -- Answers files ---------------------------------------------------------------------------


def test_round_trip(tmp_path: Path) -> None:
    answer_set = answers_for(MEETING, {"indkaldt": "ja", "dagsorden": "nej"}, enhed="Skole Ø")
    answer_set.set("referent", "ikke-relevant", "ingen møde i år")
    path = write_answers(answer_set, tmp_path / "svar.json")
    data = json.loads(path.read_text(encoding="utf-8"))
    # without a round (context.runde) the file stays in format version 1 (older readers)
    assert data["format"] == FORMAT and data["format_version"] == 1 < FORMAT_VERSION
    assert data["checklist"] == "moede" and data["checklist_version"] == 2
    assert data["answers"]["referent"] == {"value": "ikke-relevant", "note": "ingen møde i år"}
    assert "Skole Ø" in path.read_text(encoding="utf-8")  # UTF-8, not \u escapes
    again = read_answers(path, MEETING)
    assert again.answers == answer_set.answers
    assert again.context == {"enhed": "Skole Ø"}
    assert again.created == answer_set.created
    assert again.warnings == []


def test_atomic_write_leaves_no_partial_file(tmp_path: Path, monkeypatch) -> None:
    path = tmp_path / "svar.json"
    first = answers_for(MEETING, {"indkaldt": "ja"})
    write_answers(first, path)
    before = path.read_bytes()

    def broken_fsync(fd: int) -> None:
        raise OSError("disken er fuld")

    monkeypatch.setattr(os, "fsync", broken_fsync)
    second = answers_for(MEETING, {"indkaldt": "nej", "dagsorden": "nej"})
    with pytest.raises(OSError, match="disken er fuld"):
        write_answers(second, path)
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["svar.json"]


def test_unknown_items_of_an_older_version_are_kept_and_reported(tmp_path: Path) -> None:
    data = valid_data(checklist_version=1)
    data["answers"]["fjernet-punkt"] = {"value": "ja", "note": "fra en ældre udgave"}
    path = file_for(tmp_path, data)
    answer_set = read_answers(path, MEETING)
    assert "fjernet-punkt" in answer_set.answers
    (warning,) = answer_set.warnings
    assert "fjernet-punkt" in warning.message and "Bevaret" in warning.message
    assert "Ført over" in warning.message
    assessment = evaluate(MEETING, answer_set)
    assert assessment.unknown_items == ["fjernet-punkt"]
    write_answers(answer_set)
    assert json.loads(path.read_text(encoding="utf-8"))["answers"]["fjernet-punkt"] == {
        "value": "ja",
        "note": "fra en ældre udgave",
    }


def test_unknown_items_in_the_current_version_are_an_error(tmp_path: Path) -> None:
    data = valid_data()
    data["answers"]["fjernet-punkt"] = {"value": "ja", "note": ""}
    path = file_for(tmp_path, data)
    with pytest.raises(AnswersError) as info:
        read_answers(path, MEETING)
    assert "punktet 'fjernet-punkt' findes ikke i version 2" in str(info.value)
    assert "--accepter-fejl" in str(info.value)
    # accepted knowingly: kept, reported, not counted
    answer_set = read_answers(path, MEETING, accept_errors=True)
    (warning,) = answer_set.warnings
    assert warning.message.startswith("accepteret med --accepter-fejl: punktet 'fjernet-punkt'")
    assert evaluate(MEETING, answer_set).unknown_items == ["fjernet-punkt"]


@pytest.mark.parametrize("version", [3, 99])
def test_a_version_the_checklist_never_had_is_an_error(tmp_path: Path, version: int) -> None:
    path = file_for(tmp_path, valid_data(checklist_version=version))
    with pytest.raises(AnswersError, match=f"version {version} af tjeklisten 'moede'"):
        read_answers(path, MEETING)
    answer_set = read_answers(path, MEETING, accept_errors=True)
    assert "kun haft version 1 til 2" in answer_set.warnings[0].message


def test_version_zero_is_refused_by_the_schema(tmp_path: Path) -> None:
    with pytest.raises(AnswersError, match="checklist_version: skal være mindst 1"):
        read_answers(file_for(tmp_path, valid_data(checklist_version=0)), MEETING)


def test_newer_format_version_is_refused(tmp_path: Path) -> None:
    path = file_for(tmp_path, valid_data(format_version=FORMAT_VERSION + 1))
    before = path.read_bytes()
    with pytest.raises(AnswersError) as info:
        read_answers(path, MEETING)
    message = str(info.value)
    assert f"formatversion {FORMAT_VERSION + 1}" in message
    assert "kun læse version 1, 2 og 3" in message  # every version it reads, as the browser says
    assert info.value.line == 3  # "format_version" is on line 3 of the indented file
    assert path.read_bytes() == before


def test_checklist_version_mismatch_is_a_warning(tmp_path: Path) -> None:
    data = valid_data(checklist_version=1)
    data["answers"]["dagsorden"] = {"value": "3", "note": ""}  # not on today's scale
    answer_set = read_answers(file_for(tmp_path, data), MEETING)
    messages = [w.message for w in answer_set.warnings]
    assert any("version 1" in m and "version 2" in m and "Ført over" in m for m in messages)
    assert any("'3'" in m and "ubesvaret" in m for m in messages)
    assert answer_set.value("dagsorden") == "3"  # kept
    result = {r.item.id: r for r in evaluate(MEETING, answer_set).results()}
    assert result["dagsorden"].state == UNANSWERED


def test_invalid_value_for_the_same_version_is_an_error(tmp_path: Path) -> None:
    data = valid_data()
    data["answers"]["dagsorden"] = {"value": "maaske", "note": ""}
    with pytest.raises(AnswersError, match="'maaske' på punktet 'dagsorden'"):
        read_answers(file_for(tmp_path, data), MEETING)


def test_answers_for_another_checklist_are_refused(tmp_path: Path) -> None:
    answer_set = read_answers(file_for(tmp_path, valid_data()))
    with pytest.raises(AnswersError, match="hører til tjeklisten 'moede', ikke 'grader'"):
        check_against(answer_set, GRADED)


def test_broken_json_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "svar.json"
    path.write_text('{\n  "format": "handbog-tjeklistesvar",\n  "answers": {,}\n}\n', "utf-8")
    with pytest.raises(AnswersError) as info:
        read_answers(path)
    assert info.value.line == 3
    assert "ikke gyldig JSON" in info.value.message
    assert str(info.value).startswith(f"{display_path(path)}:3:"), str(info.value)


def test_schema_problems_are_all_reported_with_lines() -> None:
    data = valid_data(context={"enhed": "x", "dato": "22-11-2026"})
    data["answers"]["dagsorden"] = {"value": "ja", "kommentar": "typo"}
    text = json.dumps(data, ensure_ascii=False, indent=2)
    with pytest.raises(AnswersError) as info:
        parse_answers(text, "svar.json")
    problems = {p.message: p.line for p in info.value.problems}
    lines = text.splitlines()
    date_message = next(m for m in problems if "ÅÅÅÅ-MM-DD" in m)
    assert '"dato"' in lines[problems[date_message] - 1]
    key_message = next(m for m in problems if "'kommentar'" in m)
    assert "'dagsorden'" in key_message
    assert '"dagsorden"' in lines[problems[key_message] - 1]


def test_cpr_is_refused_in_notes_and_context(tmp_path: Path) -> None:
    answer_set = AnswerSet.new(MEETING)
    with pytest.raises(AnswersError, match="ligner et CPR-nummer"):
        answer_set.set("indkaldt", "ja", "barnet 010203-1234")
    assert "indkaldt" not in answer_set.answers
    answer_set.context["enhed"] = "0102031234"
    with pytest.raises(AnswersError, match="enhed: teksten ligner et CPR-nummer"):
        write_answers(answer_set, tmp_path / "svar.json")
    assert not (tmp_path / "svar.json").exists()
    data = valid_data()
    data["answers"]["dagsorden"] = {"value": "nej", "note": "se 010203 1234"}
    text = json.dumps(data, ensure_ascii=False, indent=2)
    with pytest.raises(AnswersError) as info:
        parse_answers(text, "svar.json")
    (problem,) = info.value.problems
    assert "CPR" in problem.message and "'dagsorden'" in problem.message
    assert "010203 1234" in text.splitlines()[problem.line - 1]


# -- Scoring ---------------------------------------------------------------------------------


def test_scoring_a_yes_no_checklist() -> None:
    answer_set = answers_for(
        MEETING,
        {"indkaldt": "ja", "dagsorden": "nej", "referent": "ikke-relevant", "referat-sendt": "ja"},
    )
    assessment = evaluate(MEETING, answer_set)
    states = {r.item.id: r.state for r in assessment.results()}
    assert states == {
        "indkaldt": DONE,
        "dagsorden": MISSING,
        "referent": NOT_APPLICABLE,
        "referat-sendt": DONE,
        "barnet-orienteret": UNANSWERED,
    }
    first, second = (s.score for s in assessment.sections)
    assert (first.done, first.missing, first.not_relevant, first.unanswered) == (1, 1, 1, 0)
    assert first.share_done == pytest.approx(1 / 2)  # not relevant is left out
    assert (second.done, second.unanswered, second.complete) == (1, 1, False)
    total = assessment.total
    assert (total.total, total.done, total.relevant, total.answered) == (5, 2, 4, 4)
    assert total.mean is None and total.level is None
    unmet = assessment.unmet()
    assert [r.item.id for r in unmet] == ["dagsorden"]
    assert unmet[0].tjekker == ["PR_FS_TILLID_MOEDER"]
    assert [r.item.id for r in assessment.not_in_place()] == ["dagsorden", "barnet-orienteret"]


def test_scoring_a_self_assessment() -> None:
    answer_set = answers_for(GRADED, {"ramme-a": "3", "ramme-b": "1", "syn-a": "0", "syn-b": "2"})
    assessment = evaluate(GRADED, answer_set)
    frame, view = (s.score for s in assessment.sections)
    assert frame.mean == pytest.approx(2.0)
    assert frame.level.label == "Langt hen ad vejen"
    assert view.mean == pytest.approx(1.0)  # (0 + 2) / 2; the unanswered item is left out
    assert view.level.label == "Begyndt"
    assert assessment.total.mean == pytest.approx(1.5)
    assert assessment.total.level.value == "1"
    assert (assessment.total.done, assessment.total.missing) == (2, 2)
    not_yet = [r.item.id for r in assessment.not_in_place()]
    assert not_yet == ["ramme-b", "syn-a", "syn-c"]


def test_nothing_answered() -> None:
    assessment = evaluate(GRADED, AnswerSet.new(GRADED))
    assert assessment.total.unanswered == 5
    assert assessment.total.mean is None
    assert assessment.total.share_done == 0


# -- Comparing -------------------------------------------------------------------------------


def test_compare_yes_no() -> None:
    before = answers_for(
        MEETING, {"indkaldt": "nej", "dagsorden": "ja", "referent": "ja", "referat-sendt": "ja"}
    )
    after = answers_for(
        MEETING,
        {
            "indkaldt": "ja",
            "dagsorden": "nej",
            "referent": "ikke-relevant",
            "referat-sendt": "ja",
            "barnet-orienteret": "ja",
        },
    )
    comparison = compare(MEETING, before, after)
    changes = {c.item.id: c.change for c in comparison.items}
    assert changes == {
        "indkaldt": IMPROVED,
        "dagsorden": WORSENED,
        "referent": CHANGED,
        "referat-sendt": UNCHANGED,
        "barnet-orienteret": CHANGED,
    }
    assert comparison.summary == {IMPROVED: 1, WORSENED: 1, UNCHANGED: 1, CHANGED: 2}
    assert [c.label for c in comparison.of_kind(IMPROVED)] == ["forbedret"]


def test_compare_graded() -> None:
    before = answers_for(GRADED, {"ramme-a": "1", "ramme-b": "2", "syn-a": "0", "syn-b": "3"})
    after = answers_for(GRADED, {"ramme-a": "3", "ramme-b": "2", "syn-a": "1", "syn-b": "2"})
    comparison = compare(GRADED, before, after)
    changes = {c.item.id: c.change for c in comparison.items}
    assert changes == {
        "ramme-a": IMPROVED,
        "ramme-b": UNCHANGED,
        "syn-a": IMPROVED,
        "syn-b": WORSENED,
        "syn-c": UNCHANGED,
    }
    (frame_before, frame_after), _ = comparison.section_pairs()
    assert frame_before.score.mean == pytest.approx(1.5)
    assert frame_after.score.mean == pytest.approx(2.5)


# -- Reports ---------------------------------------------------------------------------------


def fake_needs(tmp_path: Path) -> Path:
    needs = {
        "PR_FS_TILLID_MOEDER": {
            "id": "PR_FS_TILLID_MOEDER",
            "docname": "kerneelementer/foraeldresamarbejde",
            "title": "Retningslinjer for tillid på møder med forældre",
        },
        "PR_BI_INDFLYDELSE": {
            "id": "PR_BI_INDFLYDELSE",
            "docname": "kerneelementer/boerneinddragelse",
            "title": "Indflydelse",
        },
    }
    data = {"current_version": "1", "versions": {"1": {"needs": needs}}}
    path = tmp_path / "html" / "needs.json"
    path.parent.mkdir()
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def test_need_links_and_relative_base(tmp_path: Path) -> None:
    needs = fake_needs(tmp_path)
    links = load_need_links(needs, "https://example.org/haandbog")
    assert links["PR_BI_INDFLYDELSE"].url == (
        "https://example.org/haandbog/kerneelementer/boerneinddragelse.html#PR_BI_INDFLYDELSE"
    )
    out = tmp_path / "rapporter" / "r.md"
    out.parent.mkdir()
    assert relative_base_url(needs.parent, out) == "../html/"


def test_assessment_report_in_markdown_and_html(tmp_path: Path) -> None:
    answer_set = answers_for(
        MEETING,
        {"indkaldt": "ja", "dagsorden": "nej", "referent": "ja", "referat-sendt": "ja"},
        enhed="Skole Ø, indskoling",
        udfyldt_af="socialfaglig medarbejder",
        dato="2026-11-22",
    )
    answer_set.set("dagsorden", "nej", "glemt <script>alert(1)</script> | igen")
    links = load_need_links(fake_needs(tmp_path), "../html/")
    text = assessment_markdown(evaluate(MEETING, answer_set), links)
    for heading in ("# Rapport: Et prøvemøde", "## Samlet status", "## Det mangler"):
        assert heading in text
    assert "## Ubesvarede punkter" in text  # barnet-orienteret
    assert "**3 af 5 relevante punkter er på plads (60 %).**" in text
    missing = text.split("## Det mangler")[1].split("## Ubesvarede punkter")[0]
    assert "Dagsordenen starter med forældrenes fortælling." in missing
    assert "(../html/kerneelementer/foraeldresamarbejde.html#PR_FS_TILLID_MOEDER)" in missing
    assert "Indkaldt" not in missing and "i god tid" not in missing
    page = to_html(text, "Rapport")
    soup = BeautifulSoup(page, "html.parser")
    assert soup.html["lang"] == "da"
    assert soup.find("script") is None  # the note's markup is shown, not run
    assert "<script>alert(1)</script>" in soup.get_text()
    assert [h.get_text() for h in soup.find_all("h2")][:2] == ["Samlet status", "Det mangler"]
    link = soup.find("a", href=re.compile("PR_FS_TILLID_MOEDER"))
    assert link.get_text() == "Retningslinjer for tillid på møder med forældre"
    # the note with a table bar stays inside its cell
    row = next(tr for tr in soup.find_all("tr") if "Dagsordenen" in tr.get_text())
    assert len(row.find_all("td")) == 3


def test_self_assessment_report_shows_levels() -> None:
    answer_set = answers_for(GRADED, {"ramme-a": "3", "ramme-b": "1", "syn-a": "0", "syn-b": "2"})
    text = assessment_markdown(evaluate(GRADED, answer_set))
    assert "**Samlet niveau: 1,5 af 3 (Begyndt).**" in text
    assert "| Ramme | 1 | 1 | 0 | 50 % | 2,0 af 3 (Langt hen ad vejen) |" in text
    assert "Ikke relevant" not in text


def test_comparison_report() -> None:
    before = answers_for(GRADED, {"ramme-a": "1", "ramme-b": "2", "syn-a": "0"}, dato="2026-01-10")
    after = answers_for(GRADED, {"ramme-a": "3", "ramme-b": "1", "syn-a": "0"}, dato="2026-11-22")
    text = comparison_markdown(compare(GRADED, before, after))
    assert text.startswith("# Sammenligning: En prøvevurdering")
    assert "| Dato | 2026-01-10 | 2026-11-22 |" in text
    assert "Punkter forbedret: 1, forværret: 1, ændret: 0, uændret: 3." in text
    improved = text.split("## Forbedret")[1].split("##")[0]
    assert "Der er en fælles ramme." in improved and "| Begyndt | På plads |" in improved
    worsened = text.split("## Forværret")[1].split("##")[0]
    assert "Ledelsen er afstemt." in worsened
    still = text.split("## Stadig ikke på plads")[1]
    assert "Ledelsen er afstemt." in still and "Der er et fælles børnesyn." in still
    assert "Der er en fælles ramme." not in still
