"""Rounds a coordinator can trust: the accidents of issue 22 with rounds, on the command line.

The corpus is tests/data/overblik (four units, the phases før, under and efter, no period).
Each test makes one accident from it as a coordinator would meet it (a file saved without a
round, next year's »før«, one unit answering on two days) and checks that no figure of the
other files changes and that the file is named. The page gives the same figures and messages
(tests/test_overview_accidents.py).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from test_aggregate import GOOD, excel_rows, run
from test_checklist_cli import lines, saved, tjekliste

from handbog.checklists import rounds


def _copy(folder: Path, source: Path, name: str | None = None, **context: str | None) -> Path:
    data = json.loads(source.read_text(encoding="utf-8"))
    for key, value in context.items():
        if value is None:
            data["context"].pop(key, None)
        else:
            data["context"][key] = value
    data["format_version"] = 3 if "periode" in data["context"] else 2
    if "runde" not in data["context"]:
        data["format_version"] = 1
    path = folder / (name or source.name)
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")
    return path


def _csv(tmp_path: Path, files: list[Path], name: str) -> list[dict[str, str]]:
    out = tmp_path / f"{name}.csv"
    assert run("samlet", *map(str, files), "--csv", str(out)) == 0
    return excel_rows(out)


def _figures(rows: list[dict[str, str]], wanted: str) -> dict[tuple[str, ...], str]:
    return {
        (r["Enhed"], r["Afsnit"], r["Punkt"]): r["Niveau"] for r in rows if r["Runde"] == wanted
    }


def test_a_file_without_a_round_is_left_out_and_named_never_renumbered(tmp_path, capsys):
    clean = _csv(tmp_path, GOOD, "ren")
    stray = _copy(tmp_path, GOOD[0], "nordskolen-uden-runde.json", runde=None, enhed="Nordskolen")
    rows = _csv(tmp_path, [*GOOD, stray], "med")
    err = capsys.readouterr().err
    # The same three rounds and every figure as without the file: nothing renumbered.
    assert {r["Runde"] for r in rows} == {"Før", "Under", "Efter"}
    assert rows == clean
    assert "nordskolen-uden-runde.json: filen har ingen runde" in err
    assert "Vælg runden i formularen" in err and "udfyld --runde" in err
    md = tmp_path / "o.md"
    assert run("samlet", *map(str, [*GOOD, stray]), "--md", str(md)) == 0
    text = md.read_text(encoding="utf-8")
    assert "1 fil uden runde er ikke talt med: nordskolen" in text.replace("\\", "")
    # Named in the participation table as not counted, and in no figure.
    mentioned = [line for line in text.splitlines() if "Nordskolen" in line]
    assert len(mentioned) == 1 and "| Nordskolen | nej: ingen runde |" in mentioned[0], mentioned


def test_next_years_foer_is_a_round_of_its_own(tmp_path):
    clean = _csv(tmp_path, GOOD, "ren")
    foer = next(p for p in GOOD if p.name == "dagtilbud-c-foer.json")
    later = _copy(tmp_path, foer, "naeste-aar.json", periode="2027", dato="2027-01-12")
    rows = _csv(tmp_path, [*GOOD, later], "med")
    keys = sorted({(r["Rundenøgle"], r["Runde"]) for r in rows})
    assert keys == [
        ("- 1 foer", "Før"),
        ("- 2 under", "Under"),
        ("- 3 efter", "Efter"),
        ("2027 1 foer", "2027 · før"),
    ]
    # This year's »før« keeps its figures; the sortable key sorts the rounds in time.
    assert _figures(rows, "Før") == _figures(clean, "Før")
    assert [k for k, _title in keys] == sorted(k for k, _title in keys)


def test_one_unit_answering_on_two_days_stays_one_round(tmp_path):
    first = _copy(tmp_path, GOOD[0], "a.json", enhed="Nordskolen", runde="foer", dato="2026-01-30")
    second = _copy(tmp_path, GOOD[0], "b.json", enhed="Nordskolen", runde="foer", dato="2026-02-02")
    rows = _csv(tmp_path, [first, second], "to-dage")
    assert {(r["Runde"], r["Første dato"], r["Sidste dato"]) for r in rows} == {
        ("Før", "2026-01-30", "2026-02-02")
    }
    assert {r["Antal svarfiler"] for r in rows if r["Enhed"] == "Nordskolen"} == {"2"}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("før", ("", "foer")),
        ("2026 før", ("2026", "foer")),
        ("2026 · Før", ("2026", "foer")),
        ("2026/27 efter", ("2026/27", "efter")),
        ("under 2027", ("2027", "under")),
        ("foer", ("", "foer")),
    ],
)
def test_a_typed_round_is_read(text, expected):
    assert rounds.parse(text) == expected


@pytest.mark.parametrize("text", ["", "senere", "2026", "før efter", "26 før", "2026 2027 før"])
def test_a_round_that_is_not_one_gets_a_danish_message(text):
    with pytest.raises(rounds.RoundError, match="kan ikke læses. Skriv en fase"):
        rounds.parse(text)


def test_udfyld_saves_the_round_given_with_runde(tmp_path):
    answers = tmp_path / "svar.json"
    result = tjekliste(
        "udfyld",
        "moede",
        "--svar",
        str(answers),
        "--runde",
        "2026/27 før",
        cwd=tmp_path,
        stdin=lines("Nordskolen", "leder", "2026-09-01"),
    )
    assert result.returncode == 0, result.stderr
    data = saved(answers)
    assert data["format_version"] == 3
    assert data["context"] == {
        "enhed": "Nordskolen",
        "udfyldt_af": "leder",
        "dato": "2026-09-01",
        "runde": "foer",
        "periode": "2026/27",
    }
    wrong = tjekliste(
        "udfyld",
        "moede",
        "--svar",
        str(tmp_path / "x.json"),
        "--runde",
        "senere",
        cwd=tmp_path,
        stdin="",
    )
    assert wrong.returncode != 0
    assert "runden 'senere' kan ikke læses" in wrong.stderr
    assert "Traceback" not in wrong.stderr and not (tmp_path / "x.json").exists()


def test_udfyld_names_a_new_file_after_its_unit_round_and_date(tmp_path):
    for _ in range(2):
        result = tjekliste(
            "udfyld",
            "moede",
            "--runde",
            "2026 før",
            cwd=tmp_path,
            stdin=lines("Børnehuset Solsikken", "leder", "2026-01-15", "j"),
        )
        assert result.returncode == 0, result.stderr
    name = "tjekliste-moede-boernehuset-solsikken-2026-foer-2026-01-15"
    # the second is never written over the first
    assert sorted(p.name for p in tmp_path.iterdir()) == [f"{name}-2.json", f"{name}.json"]
    assert saved(tmp_path / f"{name}.json")["context"]["enhed"] == "Børnehuset Solsikken"
    assert f"{name}-2.json" in result.stdout
