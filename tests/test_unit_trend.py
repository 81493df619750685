"""The trend per unit (issue 22): a small multiple per unit and each unit's change per section
since the first and since the previous round, in 'samlet --html' and '--md'.

The corpus of test_aggregate.py (4 units × 3 rounds). The figures the charts and the table
show are read back from the written files and must be aggregate.py's own unit levels, and the
hand-computed ones of test_aggregate.py's docstring where it gives them.
"""

from __future__ import annotations

import json
import re
from html import unescape
from xml.etree import ElementTree

import pytest
from test_aggregate import GOOD, run

from handbog.checklists import aggregate
from handbog.checklists.aggregate import read_files
from handbog.checklists.scoring import number, signed

SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture(scope="module")
def overview() -> aggregate.Overview:
    from test_aggregate import CHECKLIST

    return aggregate.aggregate(read_files(GOOD, {CHECKLIST.id: CHECKLIST}))


@pytest.fixture(scope="module")
def written(tmp_path_factory) -> dict[str, str]:
    folder = tmp_path_factory.mktemp("enheder")
    assert (
        run(
            "samlet",
            *map(str, GOOD),
            "--html",
            str(folder / "o.html"),
            "--md",
            str(folder / "o.md"),
        )
        == 0
    )
    return {k: (folder / f"o.{k}").read_text(encoding="utf-8") for k in ("html", "md")}


def _unit_charts(page: str) -> list[ElementTree.Element]:
    block = page.split('<div class="ho-multiples">', 1)[1].split("</figure>", 1)[0]
    return [ElementTree.fromstring(svg) for svg in re.findall(r"<svg.*?</svg>", block, re.S)]


def test_every_unit_has_a_chart_with_its_levels_per_round(overview, written):
    charts = _unit_charts(written["html"])
    assert [c.find(f"{SVG}title").text for c in charts] == [
        f"Udvikling i {u}" for u in overview.units
    ]
    assert len(overview.units) == 4 and len(overview.rounds) == 3
    for chart, unit in zip(charts, overview.units, strict=True):
        texts = [t.text for t in chart.iter(f"{SVG}text")]
        # the rounds are labelled by their title (period and phase), under the plot
        assert [r.title for r in overview.rounds] == [
            t for t in texts if t in {r.title for r in overview.rounds}
        ]
        assert unit in texts  # its name, visible on the chart and on a saved copy
        desc = chart.find(f"{SVG}desc").text
        for n, section in enumerate(overview.checklist.sections, 1):
            levels = ", ".join(
                f"{r.title}: {number(overview.unit_sections[i].get(unit, {}).get(section.id))}"
                for i, r in enumerate(overview.rounds)
            )
            assert f"{n} {section.title}: {levels}" in desc
        # one line a section, a marker a known level
        assert len([p for p in chart.iter(f"{SVG}path") if p.get("fill") == "none"]) == 2


def test_the_table_gives_change_since_first_and_previous_as_aggregate_computes(overview, written):
    rows = re.findall(r"^\| (.+?: [12] .+?) \| (.+?) \| (.+?) \| (.+?) \|$", written["md"], re.M)
    wanted = {}
    for unit in overview.units:
        for n, section in enumerate(overview.checklist.sections, 1):
            v = [overview.unit_sections[i].get(unit, {}).get(section.id) for i in range(3)]
            wanted[f"{unit}: {n} {section.title}"] = (
                number(v[2]),
                signed(v[2] - v[1]),
                signed(v[2] - v[0]),
            )
    table = written["md"].split("## Udvikling pr. enhed", 1)[1].split("\n## ", 1)[0]
    found = {r[0]: r[1:] for r in rows if f"| {r[0]} |" in table}
    assert found == wanted
    # the hand-computed figures (test_aggregate.py): Skole B, section 1: 0,0 → 0,7 → 2,0
    assert found["Skole B: 1 Rum, stemme, tilhørere og indflydelse"] == ("2,0", "+1,3", "+2,0")
    assert "Seneste runde: Efter" in table and aggregate.SINCE_FIRST in table


def test_markdown_describes_every_unit_chart(overview, written):
    table = written["md"].split("## Udvikling pr. enhed", 1)[1].split("\n## ", 1)[0]
    for unit in overview.units:
        assert f"*Linjediagram over niveauet i {unit} for hvert afsnit" in unescape(table)


def test_a_unit_missing_from_a_round_has_no_line_through_it(tmp_path):
    skipped = [p for p in GOOD if p.name != "skole-a-under.json"]
    out = tmp_path / "o.html"
    assert run("samlet", *map(str, skipped), "--html", str(out)) == 0
    charts = _unit_charts(out.read_text(encoding="utf-8"))
    skole_a = next(c for c in charts if c.find(f"{SVG}title").text == "Udvikling i Skole A")
    assert "Under: –" in skole_a.find(f"{SVG}desc").text
    # the two known rounds are still joined, and the missing one has no marker
    markers = [e for e in skole_a.iter() if e.tag in (f"{SVG}circle", f"{SVG}rect")]
    assert len(markers) == 2 * 2 + 2  # 2 rounds × 2 sections, and the legend's two


def test_many_units_are_split_into_groups_with_every_figure_kept(overview):
    """Above MAX_UNIT_COLUMNS units the heat map's and the changes' tables come in groups of
    units; every group keeps the item column and the columns about all units, and no figure is
    lost or moved to another unit."""
    wide = aggregate.Part(
        "Punkter",
        "",
        "",
        "Tabel",
        ["Punkt", *[f"E{n:02d}" for n in range(14)], "Alle enheder", "Længst fra på plads"],
        [["1.1", *[f"{n},0" for n in range(14)], "2,0", "–"]],
        "ho-varme",
    )
    many = aggregate.Overview.__new__(aggregate.Overview)
    object.__setattr__(many, "units", [f"E{n:02d}" for n in range(14)])
    groups = aggregate.unit_groups(many, wide, 2)
    size = aggregate.MAX_UNIT_COLUMNS
    assert [len(g.head) - 3 for g in groups] == [size, size, 14 - 2 * size]
    assert groups[-1].heading == f"Punkter (enhed {2 * size + 1}–14 af 14)"
    seen = {}
    for group in groups:
        assert group.head[0] == "Punkt" and group.head[-2:] == [
            "Alle enheder",
            "Længst fra på plads",
        ]
        assert group.rows[0][-2:] == ["2,0", "–"]
        seen.update(zip(group.head[1:-2], group.rows[0][1:-2], strict=True))
    assert seen == {f"E{n:02d}": f"{n},0" for n in range(14)}
    # the corpus's four units stay one part
    assert aggregate.unit_groups(overview, wide, 2) == [wide]


def test_six_rounds_with_periods_are_labelled_in_two_rows(tmp_path):
    """Two years of før, under and efter: the labels »2026 · før« … do not fit side by side,
    so every other one sits a line lower, and all six are on the chart."""
    files = []
    for year in ("2026", "2027"):
        for path in GOOD:
            data = json.loads(path.read_text(encoding="utf-8"))
            if data["context"]["enhed"] != "Skole B":
                continue
            data["format_version"] = 3
            data["context"]["periode"] = year
            data["context"]["dato"] = year + data["context"]["dato"][4:]
            copy = tmp_path / f"{year}-{path.name}"
            copy.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
            files.append(copy)
    out = tmp_path / "o.html"
    assert run("samlet", *map(str, files), "--html", str(out)) == 0
    (chart,) = _unit_charts(out.read_text(encoding="utf-8"))
    labels = [t for t in chart.iter(f"{SVG}text") if "·" in (t.text or "")]
    assert [t.text for t in labels] == [
        f"{y} · {phase}" for y in ("2026", "2027") for phase in ("før", "under", "efter")
    ]
    rows = [float(t.get("y")) for t in labels]
    assert rows[0::2] == [rows[0]] * 3 and rows[1::2] == [rows[0] + 13] * 3
