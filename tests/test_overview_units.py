"""The units file of the overview (issue 22): 'handbog tjekliste samlet --enheder enheder.yaml'.

A coordinator lists the units once (name, kind, other spellings). The accidents of issue 22
that the file settles, made from the clean corpus (tests/data/overblik) as a coordinator
meets them: a file whose unit is written another way, a file from a unit missing from the
list, and the mistakes people make in the units file itself (a kind misspelt, a name given
twice, a spelling under two units, broken YAML). Then the filter by kind and the
participation CSV. »Skole A« … »Dagtilbud D« and »Eksempel Kommune« are made-up fixtures.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from conftest import REPO
from test_aggregate import GOOD, excel_rows, run

from handbog.checklists import aggregate, load_checklist
from handbog.checklists.answers import AnswerSet, write_answers
from handbog.checklists.units import read_units
from handbog.cli import EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE

UNITS = """\
# Eksempel Kommune (opdigtede enheder)
enheder:
  - navn: Skole A
    type: skole
    stavemaader:
      - Skole A, indskolingen
  - navn: Skole B
    type: skole
  - navn: Dagtilbud C
    type: dagtilbud
  - navn: Dagtilbud D
    type: dagtilbud
"""


def _units(folder: Path, text: str = UNITS) -> Path:
    path = folder / "enheder.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def _variant(folder: Path, source: str, name: str, unit: str) -> Path:
    data = json.loads((GOOD[0].parent / source).read_text(encoding="utf-8"))
    data["context"]["enhed"] = unit
    path = folder / name
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")
    return path


def _figures(path: Path) -> dict[tuple[str, ...], str]:
    return {
        (r["Rundenøgle"], r["Enhed"], r["Afsnit"], r["Punkt"]): r["Niveau"]
        for r in excel_rows(path)
    }


def test_a_spelling_in_the_units_file_is_counted_under_the_unit_and_named(tmp_path, capsys):
    clean = tmp_path / "rent.csv"
    assert run("samlet", *map(str, GOOD), "--csv", str(clean)) == EXIT_OK
    variant = _variant(tmp_path, "skole-a-under.json", "indskolingen.json", "Skole A, indskolingen")
    files = [*(p for p in GOOD if p.name != "skole-a-under.json"), variant]
    # Without the units file the spelling is a unit of its own: a fifth unit, with a guess.
    alone = tmp_path / "uden.csv"
    assert run("samlet", *map(str, files), "--csv", str(alone)) == EXIT_OK
    assert "Skole A, indskolingen" in {r["Enhed"] for r in excel_rows(alone)}
    assert "Mente du 'Skole A'?" in capsys.readouterr().err
    # With it, every figure is the clean corpus's, and the mapping is said.
    mapped = tmp_path / "med.csv"
    units = _units(tmp_path)
    assert run("samlet", *map(str, files), "--enheder", str(units), "--csv", str(mapped)) == 0
    assert _figures(mapped) == _figures(clean)
    err = " ".join(capsys.readouterr().err.split())
    assert "indskolingen.json: »Skole A, indskolingen« er talt med under »Skole A«" in err
    assert "Mente du" not in err


def test_a_unit_missing_from_the_list_is_named_and_not_counted(tmp_path, capsys):
    units = _units(tmp_path)
    stray = _variant(tmp_path, "skole-b-under.json", "vestskolen.json", "Skole B vest")
    files = [*map(str, GOOD), str(stray)]
    assert run("samlet", *files, "--enheder", str(units), "--csv", str(tmp_path / "x.csv")) == (
        EXIT_PROBLEMS
    )
    err = " ".join(capsys.readouterr().err.split())
    assert "vestskolen.json: enheden 'Skole B vest' står ikke i" in err
    assert "Mente du 'Skole B'?" in err and "tilføj den i" in err
    assert not (tmp_path / "x.csv").exists()
    # Accepted, it is left out (not a unit of its own) and the table says so.
    out = tmp_path / "deltagelse.csv"
    csv_out = tmp_path / "tal.csv"
    assert (
        run(
            "samlet",
            *files,
            "--enheder",
            str(units),
            "--accepter-fejl",
            "--deltagelse",
            str(out),
            "--csv",
            str(csv_out),
        )
        == EXIT_OK
    )
    assert "Skole B vest" not in {r["Enhed"] for r in excel_rows(csv_out)}
    left_out = [r for r in excel_rows(out) if r["Fil"] == "vestskolen.json"]
    assert left_out and left_out[0]["Talt med"].startswith("nej")


@pytest.mark.parametrize(
    ("change", "where", "says"),
    [
        (
            ("type: dagtilbud\n  - navn: Dagtilbud D", "type: dagtilbd\n  - navn: Dagtilbud D"),
            ":10:11:",
            "enheden 'Dagtilbud C' har typen 'dagtilbd', som ikke findes. Mente du 'dagtilbud'?",
        ),
        (
            ("navn: Dagtilbud D", "navn: Skole B"),
            ":11:11:",
            "'Skole B' står både under enheden 'Skole B' (linje 7) og under 'Skole B'",
        ),
        (
            (
                "type: skole\n  - navn: Dagtilbud C",
                "type: skole\n    stavemaader: [skole a]\n  - navn: Dagtilbud C",
            ),
            ":9:19:",
            "'skole a' står både under enheden 'Skole A' (linje 3) og under 'Skole B'",
        ),
        (("- navn: Skole B", '- navn: "Skole B'), ":7:", "ikke gyldig YAML"),
        (
            ("    type: skole\n", "    typ: skole\n"),
            ":4:5:",
            "ukendt felt 'typ' — mente du 'type'?",
        ),
    ],
    ids=["ukendt-type", "samme-navn", "stavemaade-to-steder", "yaml", "felt"],
)
def test_every_mistake_in_the_units_file_names_its_line_and_the_fix(
    tmp_path, capsys, change, where, says
):
    text = UNITS.replace(*change, 1)
    assert text != UNITS
    units = _units(tmp_path, text)
    assert run("samlet", *map(str, GOOD), "--enheder", str(units)) == EXIT_PROBLEMS
    err = " ".join(capsys.readouterr().err.split())
    assert f"enheder.yaml{where}" in err, err
    assert says in err, err
    assert "Traceback" not in err


def test_a_kind_counts_only_its_units_and_says_so(tmp_path, capsys):
    units = _units(tmp_path)
    out, people = tmp_path / "skoler.csv", tmp_path / "deltagelse.csv"
    code = run(
        "samlet",
        *map(str, GOOD),
        "--enheder",
        str(units),
        "--type",
        "skole",
        "--csv",
        str(out),
        "--deltagelse",
        str(people),
        "--md",
        str(tmp_path / "skoler.md"),
    )
    assert code == EXIT_OK
    assert {r["Enhed"] for r in excel_rows(out)} == {"Alle enheder", "Skole A", "Skole B"}
    rows = excel_rows(people)
    assert {r["Type"] for r in rows if r["Talt med"] == "ja"} == {"skole"}
    assert {r["Talt med"] for r in rows if r["Type"] == "dagtilbud"} == {
        "nej: typen dagtilbud er ikke valgt"
    }
    markdown = (tmp_path / "skoler.md").read_text("utf-8")
    assert "Kun enheder af typen skole er talt med" in markdown
    assert "Kun enheder af typen skole er talt med" in " ".join(capsys.readouterr().out.split())
    # In the terminal too.
    assert run("samlet", *map(str, GOOD), "--enheder", str(units), "--type", "skole") == 0
    assert "Kun enheder af typen skole er talt med" in " ".join(capsys.readouterr().out.split())


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["--type", "skole"], "--type kræver en fil med enhederne"),
        (
            ["--type", "skoel", "--enheder", "ENHEDER"],
            "typen 'skoel' findes ikke. Mente du 'skole'?",
        ),
    ],
)
def test_a_kind_without_a_units_file_or_unknown_is_refused_in_danish(tmp_path, capsys, args, says):
    units = _units(tmp_path)
    args = [str(units) if a == "ENHEDER" else a for a in args]
    assert run("samlet", *map(str, GOOD), *args) == EXIT_USAGE
    assert says in " ".join(capsys.readouterr().err.split())


def test_the_participation_csv_has_the_tables_rows_with_iso_dates(tmp_path):
    out, md = tmp_path / "deltagelse.csv", tmp_path / "overblik.md"
    assert run("samlet", *map(str, GOOD), "--deltagelse", str(out), "--md", str(md)) == 0
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and b"\r\n" in raw
    rows = excel_rows(out)
    assert list(rows[0]) == ["Enhed", "Talt med", "Runde", "Dato", "Udfyldt af", "Fil"]
    assert len(rows) == len(GOOD)
    first = next(r for r in rows if r["Fil"] == "skole-a-foer.json")
    assert first["Dato"] == "2026-01-12" and first["Talt med"] == "ja"
    # The same rows as the table in the Markdown file, the date aside.
    table = md.read_text("utf-8").split("## Hvem er talt med", 1)[1].split("\n\n")[1]
    shown = [line.strip("| ").split(" | ") for line in table.splitlines()[2:]]
    assert [[r[k] for k in rows[0] if k != "Dato"] for r in rows] == [
        [c for n, c in enumerate(row) if n != 3] for row in shown
    ]
    # With a units file, the kind follows the unit.
    units = _units(tmp_path)
    assert run("samlet", *map(str, GOOD), "--enheder", str(units), "--deltagelse", str(out)) == 0
    kinds = {(r["Enhed"], r["Type"]) for r in excel_rows(out) if r["Talt med"] == "ja"}
    assert kinds == {
        ("Skole A", "skole"),
        ("Skole B", "skole"),
        ("Dagtilbud C", "dagtilbud"),
        ("Dagtilbud D", "dagtilbud"),
    }


GOALS = UNITS + "maal:\n  boerneinddragelse:\n    lundys-fire-elementer: 2.5\n    procedurer: 2\n"


def test_goals_are_a_column_in_the_tables_and_the_csv_and_a_mark_on_the_charts(tmp_path):
    units = _units(tmp_path, GOALS)
    out = {kind: tmp_path / f"overblik.{kind}" for kind in ("csv", "md", "html")}
    args = [f"--{k}={v}" for k, v in out.items()]
    assert run("samlet", *map(str, GOOD), "--enheder", str(units), *args) == EXIT_OK
    rows = excel_rows(out["csv"])
    sections = {r["Afsnit"]: r["Mål"] for r in rows if not r["Punkt"]}
    assert sections == {
        "1 Rum, stemme, tilhørere og indflydelse": "2,50",
        "2 Procedurer og ledelse": "2,00",
    }
    assert {r["Mål"] for r in rows if r["Punkt"]} == {""}
    markdown = out["md"].read_text("utf-8")
    head = next(line for line in markdown.splitlines() if line.startswith("| Afsnit |"))
    assert head.split(" | ")[-2:] == ["Mål", "Længst fra på plads (seneste runde) |"]
    assert "| 2,5 | " in markdown and "| 2,0 | " in markdown
    assert "Målene: 1 Rum, stemme, tilhørere og indflydelse: 2,5; 2 Procedurer" in markdown
    page = out["html"].read_text("utf-8")
    # the bars run from x=20 (0) to x=300 (3): a goal of 2,5 stands at 253,3, 2 at 206,7
    bars = page.split('id="ho-soejler-titel"', 1)[1].split("</svg>", 1)[0]
    marks = re.findall(r'<line class="ho-maal" x1="([\d.]+)"', bars)
    assert marks == ["253.3", "206.7"]
    trend = page.split('id="ho-trend-titel"', 1)[1].split("</svg>", 1)[0]
    # the trend runs from y=200 (0) to y=20 (3): 2,5 at 50, 2 at 80, in the sections' colours
    assert re.findall(r'<line class="ho-maal" x1="40.0" y1="([\d.]+)"', trend) == ["50.0", "80.0"]
    assert "er målet for afsnittet" in page and "er afsnittenes mål" in page


def test_a_radar_gets_the_goals_figure_only_when_every_section_has_a_goal(tmp_path):
    opstart = load_checklist(REPO / "checklists" / "opstart.yaml")
    files = []
    for round_, day in [("foer", "2026-01-12"), ("efter", "2026-06-01")]:
        answers = AnswerSet.new(opstart, {"enhed": "Skole A", "dato": day, "runde": round_})
        for section in opstart.sections:
            answers.set(section.items[0].id, opstart.scale[1].value)
        files.append(write_answers(answers, tmp_path / f"opstart-{round_}.json"))
    ids = [s.id for s in opstart.sections]
    for given, figures in [(ids, 1), (ids[:-1], 0)]:
        goals = "".join(f"    {i}: 1\n" for i in given)
        units = _units(tmp_path, f"{UNITS}maal:\n  opstart:\n{goals}")
        unit_list = read_units(units)
        reading = aggregate.read_files(files, {"opstart": opstart}, units=unit_list)
        chart = next(
            p for p in aggregate.parts(aggregate.aggregate(reading)) if p.klass == "ho-afsnit"
        )
        assert 'id="ho-radar-titel"' in chart.chart
        assert chart.chart.count('class="ho-maal"') == figures
        assert chart.head[-2] == "Mål" and chart.rows[-1][-2] == ("1,0" if figures else "–")


@pytest.mark.parametrize(
    ("goals", "where", "says"),
    [
        (
            "  boerneinddragelse:\n    procedurer: 4\n",
            ":15:",
            "mål: 4 for afsnittet 'procedurer' ligger uden for tjeklistens skala, som går fra 0 "
            "til 3",
        ),
        (
            "  boerneinddragelse:\n    procedure: 2\n",
            ":15:",
            "har intet afsnit 'procedure'. Mente du 'procedurer'?",
        ),
        (
            "  boerneinddragels:\n    procedurer: 2\n",
            ":14:",
            "ingen tjekliste med id 'boerneinddragels'. Mente du 'boerneinddragelse'?",
        ),
        ("  boerneinddragelse:\n    procedurer: høj\n", ":15:", "skal være"),
    ],
    ids=["uden-for-skalaen", "ukendt-afsnit", "ukendt-tjekliste", "ikke-et-tal"],
)
def test_a_wrong_goal_names_its_line_and_the_fix(tmp_path, capsys, goals, where, says):
    units = _units(tmp_path, f"{UNITS}maal:\n{goals}")
    assert run("samlet", *map(str, GOOD), "--enheder", str(units)) == EXIT_PROBLEMS
    err = " ".join(capsys.readouterr().err.split())
    assert f"enheder.yaml{where}" in err and says in err, err
