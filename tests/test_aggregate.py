"""'handbog tjekliste samlet': many answers files of one checklist in one overview.

The corpus (tests/data/overblik/) is the self-assessment 'boerneinddragelse' (version 2, scale
0-3, på plads from 2) in four units and three rounds: 12 files, one more person in Dagtilbud
D's last round, one file of the older checklist version 1 (Skole A, før: it has no answer to
the item 'samtalemetode-overvejet', which version 2 added) and one broken file. The expected
figures below are worked out by hand from the files, never by the code under test.

Section 1 has items 1.1-1.6, section 2 items 2.1-2.6. What each file answers (section 1 |
section 2; one number: every item of the section):

    unit          før                    under                       efter
    Skole A       1 | 1 (2.2 missing)    2 | 1                       3 | 3
    Skole B       0 | 0                  0 0 1 1 1 1 | 1             2 | 1 1 2 2 2 2
    Dagtilbud C   2 | 1                  2 | 2                       3 | 2
    Dagtilbud D   1, 1.4 unanswered | 1   2 | 1 1 1 2 2 2             2 | 2 and 3 | 1 (two people)
"""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest
from conftest import REPO

from handbog.checklists import aggregate, load_checklist
from handbog.checklists.answers import AnswerSet, read_answers, write_answers
from handbog.cli import EXIT_OK, EXIT_PROBLEMS, main

CORPUS = Path(__file__).parent / "data" / "overblik"
BROKEN = CORPUS / "skole-b-efter-beskadiget.json"
GOOD = sorted(p for p in CORPUS.glob("*.json") if p != BROKEN)
CHECKLIST = load_checklist(REPO / "checklists" / "boerneinddragelse.yaml")
CPR_LIKE = "010203-" + "1234"
#: Okabe and Ito's palette, which the charts' series use (written out, not imported), with its
#: orange and sky blue darkened for contrast on a white page
SERIES = {
    "#0072B2",
    "#D55E00",
    "#009E73",
    "#CC79A7",
    "#B07A00",
    "#3C8DC0",
}  # split, so the repository holds no CPR-like text


def run(*args: str) -> int:
    return main(["tjekliste", "--tjeklister", str(REPO / "checklists"), *args])


def excel_rows(path: Path) -> list[dict[str, str]]:
    """Read the CSV as Danish Excel does: UTF-8 only with a BOM, ';' between fields."""
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), "uden BOM læser Excel filen som Windows-1252"
    reader = csv.DictReader(io.StringIO(raw[3:].decode("utf-8"), newline=""), delimiter=";")
    return list(reader)


def excel_number(cell: str) -> float:
    """A number as Danish Excel reads it: a decimal comma, no point."""
    assert re.fullmatch(r"-?[0-9]+,[0-9]{2}", cell), cell
    return float(cell.replace(",", "."))


def figure(rows: list[dict[str, str]], runde: str, enhed: str, afsnit: int, punkt: str = ""):
    found = [
        r
        for r in rows
        if r["Runde"] == runde
        and r["Enhed"] == enhed
        and r["Afsnit"].startswith(f"{afsnit} ")
        and (r["Punkt"].startswith(f"{punkt} ") if punkt else r["Punkt"] == "")
    ]
    assert len(found) == 1, (runde, enhed, afsnit, punkt, found)
    return found[0]


@pytest.fixture(scope="module")
def outputs(tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("overblik")
    files = {"html": folder / "o.html", "md": folder / "o.md", "csv": folder / "o.csv"}
    code = run(
        "samlet",
        *map(str, GOOD),
        "--html",
        str(files["html"]),
        "--md",
        str(files["md"]),
        "--csv",
        str(files["csv"]),
    )
    assert code == EXIT_OK
    return files


def test_the_corpus_has_twelve_files_and_more():
    data = [json.loads(p.read_text(encoding="utf-8")) for p in GOOD]
    units = {d["context"]["enhed"] for d in data}
    rounds = {d["context"]["runde"] for d in data}
    assert len(GOOD) >= 12 and len(units) == 4 and rounds == {"foer", "under", "efter"}
    assert any(d["checklist_version"] < CHECKLIST.version for d in data)
    with pytest.raises(json.JSONDecodeError):
        json.loads(BROKEN.read_text(encoding="utf-8"))


def test_csv_opens_in_danish_excel_with_the_hand_computed_figures(outputs):
    rows = excel_rows(outputs["csv"])
    assert list(rows[0]) == [
        "Rundenøgle",
        "Runde",
        "Første dato",
        "Sidste dato",
        "Enhed",
        "Afsnit",
        "Punkt",
        "Niveau",
        "Antal svarfiler",
    ]
    for row in rows:  # every level is empty (no answers) or a number with a decimal comma
        assert row["Niveau"] == "" or 0 <= excel_number(row["Niveau"]) <= 3

    def level(*where: object) -> float:
        return excel_number(figure(rows, *where)["Niveau"])  # type: ignore[arg-type]

    # Every unit counts the same: the mean of the four units' levels.
    assert level("Før", "Alle enheder", 2) == pytest.approx((1 + 0 + 1 + 1) / 4, abs=0.005)
    assert level("Under", "Alle enheder", 1) == pytest.approx((2 + 4 / 6 + 2 + 2) / 4, abs=0.005)
    # Two people in Dagtilbud D: their answers are pooled (6 × 2 and 6 × 1 over 12 answers).
    assert level("Efter", "Dagtilbud D", 2) == pytest.approx((6 * 2 + 6 * 1) / 12, abs=0.005)
    assert figure(rows, "Efter", "Dagtilbud D", 2)["Antal svarfiler"] == "2"
    assert level("Efter", "Alle enheder", 2) == pytest.approx(
        (3 + 10 / 6 + 2 + 18 / 12) / 4, abs=0.005
    )
    # The old version's file has no answer to the item version 2 added: left out of the mean.
    assert figure(rows, "Før", "Skole A", 2, "2.2")["Niveau"] == ""
    assert level("Før", "Alle enheder", 2, "2.2") == pytest.approx((0 + 1 + 1) / 3, abs=0.005)
    # ... but its other answers are carried over and count.
    assert level("Før", "Skole A", 2) == pytest.approx(5 / 5, abs=0.005)
    # An unanswered item is left out too (Dagtilbud D, 1.4, før).
    assert level("Før", "Alle enheder", 1, "1.4") == pytest.approx((1 + 0 + 2) / 3, abs=0.005)
    first = figure(rows, "Før", "Alle enheder", 1)
    assert (first["Rundenøgle"], first["Første dato"], first["Sidste dato"]) == (
        "- 1 foer",
        "2026-01-12",
        "2026-01-20",
    )


def test_markdown_shows_levels_changes_distribution_and_units_furthest_away(outputs):
    text = outputs["md"].read_text(encoding="utf-8")
    # Section 2: før 0.75, under (1 + 1 + 2 + 1.5) / 4 = 1.375, efter 2.0417; the change
    # 2.0417 - 1.375 = 0.667, since før 2.0417 - 0.75 = 1.29; lowest unit in the last round:
    # Dagtilbud D with 1.5 (< 2). Før rests on 23 of 4 × 6 answers (Skole A has no 2.2).
    assert (
        "| 2 Procedurer og ledelse | 0,8 (23 af 24 svar) | 1,4 | 2,0 | +0,7 | +1,3 | "
        "Dagtilbud D (1,5) |" in text
    )
    # Section 1 efter: (3 + 2 + 3 + 2.5) / 4 = 2.625, since før (1 + 0 + 2 + 1) / 4 = 1: 1.625;
    # no unit is below på plads (2). Før rests on 23 of 24 answers (Dagtilbud D left 1.4 open).
    assert re.search(
        r"\| 1 Rum, stemme, tilhørere og indflydelse \| 1,0 \(23 af 24 svar\) \| 1,7 \| 2,6 \| "
        r"\+1,0 \| \+1,6 \| – \|",
        text,
    )
    # Item 2.1 in the last round, five files: Skole A 3, Skole B 1, C 2, D 2 and 1.
    assert (
        "Ikke i gang: 0 · Begyndt: 2 · Langt hen ad vejen: 2 · På plads: 1 · ubesvaret: 0" in text
    )
    # The trend of one unit, with the change since the round before.
    assert (
        "| Skole B: 1 Rum, stemme, tilhørere og indflydelse | 0,0 | 0,7 | 2,0 | +1,3 | +2,0 |"
        in text
    )
    # Dagtilbud D før: section 1 rests on 5 of its 6 answers.
    assert "| Dagtilbud D: 1 Rum, stemme, tilhørere og indflydelse | 1,0 (5 af 6 svar) |" in text
    assert "version 1 af tjeklisten" in text  # the older file is carried over, and it says so
    # What moved in each unit on item 2.1 (under → efter): C 2 → 2, D 1 → (2 + 1) / 2,
    # A 1 → 3, B 1 → 1.
    item = "2.1 Som udgangspunkt drøfter vi ikke et barn, uden at barnet selv er med."
    assert f"| {item} | 0,0 | +0,5 | +2,0 | 0,0 |" in text


class _Charts(HTMLParser):
    """The charts of the HTML overview: each svg's role, labels, title and description."""

    def __init__(self) -> None:
        super().__init__()
        self.svgs: list[dict] = []
        self.ids: dict[str, str] = {}
        self.stack: list[str] = []
        self.after_figure: list[str] = []
        self._in_figure = False
        self._last_figure_closed = False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "svg":
            self.svgs.append({**a, "dashes": set(), "markers": set()})
        if self.svgs and tag == "path" and "stroke-dasharray" in a:
            self.svgs[-1]["dashes"].add(a["stroke-dasharray"])
        if self.svgs and tag in ("rect", "circle") and a.get("fill", "").upper() in SERIES:
            self.svgs[-1]["markers"].add(tag)
        if "id" in a:
            self.stack.append(a["id"])
        if tag == "table" and self._last_figure_closed:
            self.after_figure.append(a.get("class", ""))
        if tag in ("h3", "figure"):
            self._last_figure_closed = False

    def handle_endtag(self, tag):
        if tag == "figure":
            self._last_figure_closed = True

    def handle_data(self, data):
        if self.stack:
            self.ids.setdefault(self.stack.pop(), data)


def test_every_chart_has_a_text_alternative_and_a_table_under_it(outputs):
    page = outputs["html"].read_text(encoding="utf-8")
    charts = _Charts()
    charts.feed(page)
    # bars (two sections), trend, a trend per unit (four units), heat map
    assert len(charts.svgs) == 7
    for svg in charts.svgs:
        assert svg["role"] == "img"
        title, desc = svg["aria-labelledby"].split()
        assert charts.ids[title].strip() and len(charts.ids[desc]) > 80
    assert len(charts.after_figure) == 4  # a data table right after each figure
    # The rounds' bars differ by the marker at their end as well as by colour (a second cue).
    assert charts.svgs[0]["aria-labelledby"].startswith("ho-soejler-")
    assert charts.svgs[0]["markers"] == {"circle", "rect"}  # (and a triangle, a path)
    # The sections' lines in the trend differ by dash pattern as well as by colour (the first
    # is solid, with no dash pattern).
    assert charts.svgs[1]["dashes"] == {"6 3"}
    assert 'lang="da"' in page and "@media print" in page and "currentColor" in page
    assert "prefers-color-scheme: dark" in page


def test_a_broken_file_stops_with_its_name_unless_accepted(tmp_path, capsys):
    out = tmp_path / "o.md"
    assert run("samlet", *map(str, GOOD), str(BROKEN), "--md", str(out)) == EXIT_PROBLEMS
    err = capsys.readouterr().err
    assert BROKEN.name in err and "ikke gyldig JSON" in err and "--accepter-fejl" in err
    assert "Traceback" not in err and not out.exists()
    code = run("samlet", *map(str, GOOD), str(BROKEN), "--md", str(out), "--accepter-fejl")
    assert code == EXIT_OK
    assert "ikke talt med" in capsys.readouterr().err
    text = out.read_text(encoding="utf-8")
    assert f"{BROKEN.name} er ikke talt med" in text and "13 svarfiler" in text


def test_a_file_of_another_checklist_is_refused(tmp_path, capsys):
    other = json.loads(GOOD[0].read_text(encoding="utf-8"))
    other.update(checklist="forudsaetninger", checklist_version=1, answers={})
    path = tmp_path / "forudsaetninger.json"
    path.write_text(json.dumps(other), encoding="utf-8")
    assert run("samlet", *map(str, GOOD), str(path), "--csv", str(tmp_path / "o.csv")) == (
        EXIT_PROBLEMS
    )
    err = capsys.readouterr().err
    assert path.name in err and "kun svar til én tjekliste" in err


def test_the_cpr_guard_applies_to_every_file(tmp_path, capsys):
    data = json.loads(GOOD[0].read_text(encoding="utf-8"))
    data["answers"]["trygt-rum"]["note"] = f"Se {CPR_LIKE}"
    path = tmp_path / "med-nummer.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    assert run("samlet", str(path), *map(str, GOOD), "--md", str(tmp_path / "o.md")) == (
        EXIT_PROBLEMS
    )
    err = capsys.readouterr().err
    assert path.name in err and "CPR-nummer" in err
    # Skipped knowingly, the number is never copied into the overview.
    out = tmp_path / "o.md"
    assert run("samlet", str(path), *map(str, GOOD), "--md", str(out), "--accepter-fejl") == 0
    assert CPR_LIKE not in out.read_text(encoding="utf-8")


def test_without_an_output_file_the_terminal_gets_a_summary(tmp_path):
    # As a coordinator runs it: a real process in a terminal 120 columns wide.
    import os
    import subprocess
    import sys

    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "handbog",
            "tjekliste",
            "--tjeklister",
            str(REPO / "checklists"),
            "samlet",
            *map(str, GOOD),
        ],
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=tmp_path,
        timeout=60,
        env={**os.environ, "COLUMNS": "120", "NO_COLOR": "1", "PYTHONIOENCODING": "utf-8"},
    )
    assert result.returncode == EXIT_OK, result.stderr
    out = result.stdout
    assert "13 svarfiler fra 4 enheder i 3 runder" in " ".join(out.split())
    assert "Hvem er talt med" in out and "skole-a-foer.json" in out
    assert "Niveau pr. runde" in out and "Dagtilbud D" in out
    assert "--html" in out and not list(tmp_path.iterdir())  # nothing written


def test_without_round_labels_all_files_are_one_round_and_pooled_dates_are_named(tmp_path, capsys):
    for source in GOOD:
        data = json.loads(source.read_text(encoding="utf-8"))
        del data["context"]["runde"]
        data["format_version"] = 1
        (tmp_path / source.name).write_text(json.dumps(data, ensure_ascii=False), "utf-8")
    out = tmp_path / "o.csv"
    assert run("samlet", *map(str, sorted(tmp_path.glob("*.json"))), "--csv", str(out)) == 0
    rows = excel_rows(out)
    # Never numbered by date: one round, and the coordinator is told which units it pooled.
    assert {r["Runde"] for r in rows} == {"Uden runde"}
    err = capsys.readouterr().err
    assert "Skole A har filer fra 3 datoer (skole-a-efter.json" in err.replace("\n", " ")
    assert "ingen af filerne har en runde" in err


def test_a_round_label_needs_format_version_2_and_old_files_stay_valid(tmp_path):
    answers = AnswerSet.new(CHECKLIST, {"enhed": "Skole A", "runde": "under"})
    path = write_answers(answers, tmp_path / "svar.json")
    assert json.loads(path.read_text(encoding="utf-8"))["format_version"] == 2
    assert read_answers(path, CHECKLIST).context["runde"] == "under"
    plain = write_answers(AnswerSet.new(CHECKLIST, {"enhed": "Skole A"}), tmp_path / "v1.json")
    assert json.loads(plain.read_text(encoding="utf-8"))["format_version"] == 1
    shutil.copy(GOOD[0], tmp_path / "kopi.json")
    assert read_answers(tmp_path / "kopi.json", CHECKLIST).context["enhed"]


def test_a_yes_no_checklist_counts_ja_as_1_and_leaves_ikke_relevant_out(tmp_path):
    meeting = load_checklist(REPO / "checklists" / "foraeldremoede.yaml")
    ids = [item.id for _section, item in meeting.items()]
    for unit, values in (("Skole X", ["ja"] * len(ids)), ("Skole Y", ["nej"] * len(ids))):
        answers = AnswerSet.new(meeting, {"enhed": unit, "dato": "2026-03-02"})
        for item_id, value in zip(ids, values, strict=True):
            answers.set(item_id, value)
        answers.set(ids[0], "ikke-relevant")
        write_answers(answers, tmp_path / f"{unit}.json")
    out = tmp_path / "o.md"
    assert run("samlet", *map(str, sorted(tmp_path.glob("*.json"))), "--md", str(out)) == 0
    text = out.read_text(encoding="utf-8")
    assert "fra 0 (Nej) til 1 (Ja); på plads fra 1 (Ja)" in text
    first = meeting.sections[0]
    # Section 1 without its first item (ikke relevant): Skole X 1, Skole Y 0; together 0.5.
    assert f"| 1 {first.title} | 0,5 | – | Skole Y (0,0) |" in text
    assert "i 1 runde;" in text and "Uden runde" in text  # no round labels: one round


def test_the_notes_are_shown_per_item_unit_and_round(outputs):
    import json

    text = outputs["md"].read_text(encoding="utf-8")
    notes = [
        (p, item, answer["note"])
        for p in GOOD
        for item, answer in json.loads(p.read_text(encoding="utf-8"))["answers"].items()
        if answer.get("note")
    ]
    assert notes  # the corpus has notes
    part = text.split("## Noter fra enhederne", 1)[1]
    for path, _item, note in notes:
        unit = json.loads(path.read_text(encoding="utf-8"))["context"]["enhed"]
        assert any(unit in line and note in line for line in part.splitlines()), (unit, note)


def _bars(svg: str) -> list[tuple[float, str]]:
    """(width, fill) of each bar: the rects 14 high (a marker is 8 or 9)."""
    return [
        (float(width), fill)
        for width, fill in re.findall(
            r'<rect x="20\.0" y="[\d.]+" width="([\d.]+)" height="14" '
            r'fill="(#[0-9A-F]{6})"/>',
            svg,
        )
    ]


def test_few_sections_get_bars_whose_length_is_the_level_and_five_get_a_radar(tmp_path):
    overview = aggregate.aggregate(aggregate.read_files(GOOD, {CHECKLIST.id: CHECKLIST}))
    parts = aggregate.parts(overview)
    chart = next(p for p in parts if p.heading == "Niveau pr. runde")
    assert "Søjlediagram" in chart.chart_caption and 'id="ho-soejler-titel"' in chart.chart
    bars = _bars(chart.chart)
    expected = [
        (overview.sections[r][s.id], aggregate.SERIES_COLOURS[r])
        for s in CHECKLIST.sections
        for r in range(len(overview.rounds))
        if overview.sections[r][s.id] is not None
    ]
    assert len(bars) == len(expected) > 4
    for (width, fill), (level, colour) in zip(bars, expected, strict=True):
        # 0 to the top level spans 280 units; svg_number rounds to a tenth
        assert fill == colour and abs(width - 280 * float(level) / overview.top) <= 0.05
    for section in CHECKLIST.sections:
        assert section.title[:40] in chart.chart  # titled, not numbered as the radar was

    opstart = load_checklist(REPO / "checklists" / "opstart.yaml")
    assert len(opstart.sections) >= aggregate.RADAR_MIN_SECTIONS
    files = []
    for n, (round_, day) in enumerate([("foer", "2026-01-12"), ("efter", "2026-06-01")]):
        answers = AnswerSet.new(
            opstart, {"enhed": "Eksempel Skole", "dato": day, "runde": round_, "periode": "2026"}
        )
        for section in opstart.sections:
            answers.set(section.items[0].id, opstart.scale[n + 1].value)
        files.append(write_answers(answers, tmp_path / f"opstart-{round_}.json"))
    radar = aggregate.parts(aggregate.aggregate(aggregate.read_files(files, {"opstart": opstart})))
    chart = next(p for p in radar if p.heading == "Niveau pr. runde")
    assert "Radardiagram" in chart.chart_caption and 'id="ho-radar-titel"' in chart.chart
