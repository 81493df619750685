"""The benchmark's logic (benchmarks/bench.py), without timing anything.

The synthetic N× handbook must be a valid project with N× the content, the report must
compute the ratios and goals from the timings it is given, and the copy of the project must
leave the working tree alone. No test here asserts how long anything takes.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import bench  # benchmarks/bench.py (conftest.py puts the folder on sys.path)
import pybtex.database
import pytest

from handbog.project import project_files

REPO = Path(__file__).resolve().parents[1]

# -- A small, valid project in the handbook's layout ---------------------------------------------

MINI = {
    "conf.py": """
        extensions = ["myst_parser", "sphinx_needs", "sphinxcontrib.bibtex", "handbog"]
        project = "Minihåndbog"
        language = "da"
        root_doc = "index"
        exclude_patterns = ["_build", "_templates", "**/README.md"]
        nitpicky = True
        needs_from_toml = "ubproject.toml"
        bibtex_bibfiles = ["docs/litteratur.bib"]
        bibtex_default_style = "handbog"
        bibtex_reference_style = "handbog_forfatter_aar"
        handbog_pdf_modules = []
        html_theme = "furo"
        # The element page is kept short: no page skeleton (handbog.checks.SKELETON).
        handbog_page_skeleton = []
        # Its needs name no section of the report (handbog.needs.reportsections).
        handbog_rapport_indhold = ""
    """,
    "docs/index.md": """
        # Minihåndbog

        ```{toctree}
        kerneelementer/element
        tjeklister/index
        litteratur
        ```
    """,
    "docs/kerneelementer/element.md": """
        # Et kerneelement

        ```{kerneelement} Et element
        :id: KE_TEST
        ```

        Hansen viser det {cite:p}`hansen2020`, og Jensen siger det samme {cite:p}`jensen2019`.

        ## Praksisbeskrivelse

        ```{praksis} Mød forældrene i øjenhøjde
        :id: PR_TEST
        :realiserer: KE_TEST
        :bygger_paa: KI_HANSEN2020, KI_JENSEN2019
        :grundlag: litteratur

        Fagfolkene taler med forældrene som ligeværdige.
        ```

        ```{redskab} Fælles referater
        :id: HR_TEST
        :realiserer: KE_TEST
        :bygger_paa: KI_JENSEN2019

        Et fælles referat af hvert møde.
        ```

        ## Kilder

        ```{sidekilder}
        ```
    """,
    "docs/tjeklister/index.md": """
        # Tjeklister

        ```{tjeklisteoversigt}
        ```

        ```{toctree}
        moede
        ```
    """,
    "docs/tjeklister/moede.md": """
        # Mødet

        Se {doc}`../kerneelementer/element`.

        ```{tjekliste} moede
        ```
    """,
    "docs/litteratur.md": """
        # Litteratur

        ```{kildeliste}
        ```

        ```{bibliography}
        :all:
        ```
    """,
    "docs/litteratur.bib": """
        @book{hansen2020,
          author    = {Hansen, Anna},
          title     = {{En testbog}},
          year      = {2020},
          publisher = {Testforlaget},
          keywords  = {systematisk},
        }

        @article{jensen2019,
          author   = {Jensen, B. and Brix, C.},
          year     = {2019},
          title    = {{Tillid mellem forældre og fagfolk}},
          journal  = {Tidsskrift},
          volume   = {2},
          pages    = {26-31},
          keywords = {baggrund},
        }
    """,
    "checklists/moede.yaml": """
        # yaml-language-server: $schema=../src/handbog/schemas/checklist.schema.json
        id: moede
        titel: Mødet med forældrene
        version: 1
        maalgruppe: [socialfaglig medarbejder]
        art: do-confirm
        hvornaar: [foer]
        formaal: >-
          En lille tjekliste til testene.
        afsnit:
          - id: foer-moedet
            titel: Før mødet
            hvornaar: foer
            punkter:
              - id: inviter
                tekst: Forældrene er inviteret i god tid.
                tjekker: [PR_TEST]
              - id: referat
                tekst: Der er aftalt, hvem der skriver referat.
                tjekker: [HR_TEST]
    """,
}


def make_project(root: Path) -> Path:
    for rel, text in MINI.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip(), encoding="utf-8")
    shutil.copy(REPO / "ubproject.toml", root / "ubproject.toml")
    return root


@pytest.fixture(scope="module")
def mini_builds(tmp_path_factory):
    """The project built strictly at 1× and, from a copy, at 3× (built once for the module)."""
    work = tmp_path_factory.mktemp("bench")
    one = make_project(work / "1x")
    big = make_project(work / "3x")
    added = bench.generate(big, bench.count_sources(big), 3)
    steps = {
        "1x": bench.sphinx_html(one, work / "out-1x", "1×"),
        "3x": bench.sphinx_html(big, work / "out-3x", "3×"),
    }
    return work, one, big, added, steps


def test_the_mini_project_is_valid(mini_builds):
    _work, _one, _big, _added, steps = mini_builds
    step = steps["1x"]
    assert step.ok and step.returncode == 0, step.problems
    assert step.warnings == 0
    assert len(step.read) == len(step.written) == 5


def test_the_baseline_is_plain_sphinx_with_the_same_packages_on_the_same_pages(mini_builds):
    work, one, _big, _added, _steps = mini_builds
    step = bench.sphinx_baseline(one, work / "baseline")
    assert step.ok and step.returncode == 0, step.problems
    # the same pages, read and written by Sphinx without the handbook's extension
    assert len(step.read) == len(step.written) == 5
    conf = (work / "baseline" / "conf" / "conf.py").read_text(encoding="utf-8")
    assert "handbog" not in conf and "html_theme" not in conf  # Sphinx's default theme
    namespace: dict[str, object] = {}
    exec(conf, namespace)  # noqa: S102 (the file the benchmark wrote, read back)
    assert namespace["extensions"] == list(bench.BASELINE_EXTENSIONS)
    assert namespace["needs_from_toml"] == str((one / "ubproject.toml").resolve())
    # the needs parse: the element page's practice and tool are on the baseline's page
    page = (work / "baseline" / "html" / "kerneelementer" / "element.html").read_text("utf-8")
    assert "PR_TEST" in page and "HR_TEST" in page
    # the handbook's own blocks are unknown there: warnings, no failure
    assert step.warnings > 0


def test_synthetic_project_builds_strictly_without_warnings(mini_builds):
    _work, _one, _big, _added, steps = mini_builds
    step = steps["3x"]
    assert step.ok and step.returncode == 0, step.problems
    assert step.warnings == 0


def test_synthetic_project_has_three_times_the_content(mini_builds):
    work, one, big, added, _steps = mini_builds
    base = bench.count_built(one, work / "out-1x" / "html")
    scaled = bench.count_built(big, work / "out-3x" / "html")
    assert base == bench.Content(pages=5, practices=2, sources=2, checklists=1, items=2)
    assert scaled == bench.Content(pages=15, practices=6, sources=6, checklists=3, items=6)
    assert added == bench.Content(pages=10, practices=4, sources=4, checklists=2, items=4)
    assert set(scaled.times(base).values()) == {3.0}
    # what the files say before building and what the build made of them agree
    assert bench.count_sources(big) == scaled


def test_synthetic_needs_link_to_what_exists(mini_builds):
    work, _one, _big, _added, _steps = mini_builds
    import json

    data = json.loads((work / "out-3x" / "html" / "needs.json").read_text(encoding="utf-8"))
    needs = data["versions"][data["current_version"]]["needs"]
    synthetic = {i: n for i, n in needs.items() if "_SYN_" in i}
    assert len(synthetic) == 4
    for need in synthetic.values():
        assert need["realiserer"] == ["KE_TEST"]
        assert need["bygger_paa"] and all(s in needs for s in need["bygger_paa"])
    copies = [n for n in needs.values() if n["type"] == "tjekpunkt" and "SYN" in n["id"]]
    assert len(copies) == 4
    assert all(t in synthetic for n in copies for t in n["tjekker"])


def test_the_original_files_of_the_copy_keep_their_content(mini_builds):
    _work, _one, big, _added, _steps = mini_builds
    # the generator appends to index pages and the BibTeX file; it rewrites no page
    original = textwrap.dedent(MINI["docs/kerneelementer/element.md"]).lstrip()
    assert (big / "docs/kerneelementer/element.md").read_text(encoding="utf-8") == original
    bib = (big / "docs/litteratur.bib").read_text(encoding="utf-8")
    assert bib.startswith(textwrap.dedent(MINI["docs/litteratur.bib"]).lstrip())


def test_cloned_sources_are_distinct_valid_bibtex():
    text = textwrap.dedent(MINI["docs/litteratur.bib"])
    entries = bench.bib_entries(text)
    assert [(k, key) for k, key, _ in entries] == [
        ("book", "hansen2020"),
        ("article", "jensen2019"),
    ]
    clones = bench._clone_sources(entries, 5)
    keys = [key for key, _ in clones]
    assert len(set(keys)) == 5 and not set(keys) & {"hansen2020", "jensen2019"}
    parsed = pybtex.database.parse_string("\n".join(body for _, body in clones), "bibtex")
    assert sorted(parsed.entries) == sorted(keys)
    assert [parsed.entries[k].type for k in keys] == ["book", "article"] * 2 + ["book"]
    assert parsed.entries[keys[1]].fields["journal"] == "Tidsskrift"
    assert "Syntetisk kopi 1" in parsed.entries[keys[1]].fields["title"]


def test_bib_entries_skip_strings_and_comments():
    text = '@string{vive = "VIVE"}\n@comment{x}\n@misc{a2020,\n  title = {A},\n}\n'
    assert [key for _, key, _ in bench.bib_entries(text)] == ["a2020"]


def test_spread_is_even_and_complete():
    assert bench._spread(7, 3) == [2, 2, 3]
    assert bench._spread(2, 4) == [0, 1, 0, 1]
    assert sum(bench._spread(390, 351)) == 390


# -- Counting what Sphinx prints -----------------------------------------------------------------


def test_count_warnings_prefers_sphinx_summary():
    assert bench.count_warnings("", "build finished with problems, 49 warnings.") == 49
    assert bench.count_warnings("a.md:1: WARNING: x\nb.md:2: ERROR: y\n") == 2
    assert bench.count_warnings("") == 0


def test_pages_read_and_written_are_parsed():
    out = textwrap.dedent(
        """
        reading sources... [100%] kerneelementer/foraeldresamarbejde
        writing output... [ 50%] kerneelementer/foraeldresamarbejde
        writing output... [100%] kerneelementer/index
        """
    )
    assert bench._READ.findall(out) == ["kerneelementer/foraeldresamarbejde"]
    assert bench._WRITTEN.findall(out) == [
        "kerneelementer/foraeldresamarbejde",
        "kerneelementer/index",
    ]
    pdf = "PDF   haandbog                     136 sider  52.16 s (samling 2.14 s)  x.pdf\n"
    assert bench._PDF_LINE.findall(pdf) == [("haandbog", "136", "52.16")]


# -- Ratios, goals and the report ----------------------------------------------------------------


def _result(factor: int = 10, **overrides: bench.Step) -> bench.Result:
    steps = {
        "full": bench.Step("HTML 1×, ren bygning", seconds=10.0, cpu=9.0, read=["a"] * 39),
        "noop": bench.Step("HTML 1×, uden ændringer", seconds=1.5, cpu=1.5),
        "incremental": bench.Step(
            "HTML 1×, efter ændring af x.md", seconds=2.5, cpu=2.25, read=["x"], written=["x", "y"]
        ),
        "pdf": bench.Step(
            "PDF", seconds=25.0, cpu=45.0, pdfs=[("haandbog", 136, 20.0), ("modul", 10, 5.0)]
        ),
        "scaled": bench.Step("HTML 10×, ren bygning", seconds=120.0, cpu=108.0),
        "baseline": bench.Step("Sphinx med de samme pakker", seconds=5.0, cpu=4.5, warnings=200),
    }
    steps.update(overrides)
    base = bench.Content(39, 39, 71, 9, 158)
    scaled = bench.Content(390, 390, 710, 90, 1580)
    return bench.Result(steps, base, scaled, factor)


def test_ratios_are_computed_from_the_given_times():
    result = _result()
    assert result.ratio("incremental", "full") == pytest.approx(0.25)
    assert result.ratio("incremental", "full", cpu=True) == pytest.approx(0.25)
    assert result.ratio("pdf", "full") == pytest.approx(2.5)
    assert result.ratio("pdf", "full", cpu=True) == pytest.approx(5.0)
    assert result.ratio("scaled", "full") == pytest.approx(12.0)
    assert result.ratio("missing", "full") is None


def test_goals_are_judged_against_their_limits():
    rows = {row[0]: (row[1], row[3], row[4]) for row in bench.goal_rows(_result())}
    assert rows["trinvis / ren HTML-bygning"] == (pytest.approx(0.25), 0.2, "**ikke nået**")
    assert rows["alle PDF'er / ren HTML-bygning"] == (pytest.approx(2.5), 3.0, "nået")
    assert rows["10× indhold / 1× indhold"] == (pytest.approx(12.0), 10.0, "**ikke nået**")
    assert rows["uden ændringer / ren HTML-bygning (gulvet)"] == (
        pytest.approx(0.15),
        0.1,
        "**ikke nået**",
    )
    assert rows["ren HTML-bygning / Sphinx med de samme pakker"] == (
        pytest.approx(2.0),
        1.3,
        "**ikke nået**",
    )
    fast = bench.goal_rows(_result(full=bench.Step("HTML 1×", seconds=6.5, cpu=6.0)))
    assert fast[4][1:] == (pytest.approx(1.3), pytest.approx(6.0 / 4.5), 1.3, "nået")
    fine = bench.goal_rows(_result(scaled=bench.Step("HTML 10×", seconds=100.0)))
    _label, wall, _cpu, limit, judged = fine[2]
    assert (wall, limit, judged) == (pytest.approx(10.0), 10.0, "nået")  # ≤: met at the limit


def test_the_factor_sets_the_scaling_goal():
    rows = bench.goal_rows(_result(factor=5, scaled=bench.Step("HTML 5×", seconds=45.0)))
    assert rows[2][0] == "5× indhold / 1× indhold"
    assert rows[2][3] == 5.0 and rows[2][4] == "nået"


def test_a_failed_or_missing_step_is_not_measured():
    broken = bench.Step("PDF", seconds=1.0, ok=False, note="ingen PDF blev bygget")
    rows = bench.goal_rows(_result(pdf=broken))
    assert rows[1][1] is None and rows[1][4] == "ikke målt"
    result = _result()
    del result.steps["pdf"]
    assert bench.goal_rows(result)[1][4] == "ikke målt"
    assert "Ikke målt, fordi bygningen fejlede: PDF." in bench.report(_result(pdf=broken))


def test_report_shows_times_ratios_pages_and_warnings():
    warned = bench.Step("HTML 1×, ren bygning", seconds=10.0, cpu=9.0, returncode=1, warnings=49)
    text = bench.report(_result(full=warned), when="01.12.2026", commit="abc1234")
    assert text.startswith("Målt 01.12.2026 på `abc1234` med `nox -s bench`")
    assert "| HTML 1×, ren bygning | 10,0 | 9,0 | 0 / 0 | 49 (exit 1) |" in text
    assert "| trinvis / ren HTML-bygning | 0,25 | 0,25 | ≤ 0,2 | **ikke nået** |" in text
    assert "| alle PDF'er / ren HTML-bygning | 2,50 | 5,00 | ≤ 3,0 | nået |" in text
    assert "| 10× indhold / 1× indhold | 12,00 | 12,00 | ≤ 10,0 | **ikke nået** |" in text
    assert (
        "| uden ændringer / ren HTML-bygning (gulvet) | 0,15 | 0,17 | ≤ 0,1 | **ikke nået** |"
        in text
    )
    assert (
        "| ren HTML-bygning / Sphinx med de samme pakker | 2,00 | 2,00 | ≤ 1,3 | **ikke nået** |"
        in text
    )
    # the baseline's warnings are expected (the handbook's blocks are unknown to it)
    assert "| Sphinx med de samme pakker | 5,0 | 4,5 | 0 / 0 | (200) |" in text
    assert "læst: x; skrevet: x, y" in text
    assert "hele håndbogen 136 sider, 20,0 s" in text
    assert "| sider | 39 | 390 | 10,0 |" in text
    assert "Håndbogen byggede med 49 advarsler" in text


def test_report_names_the_load_of_the_machine():
    result = _result()
    result.load = (2.25, 3.5)
    assert "belastning 2,2 før og 3,5 efter" in bench.report(result, when="01.12.2026")
    assert "belastning" not in bench.report(_result(), when="01.12.2026")


def test_report_flags_warnings_the_synthetic_content_adds():
    scaled = bench.Step("HTML 10×, ren bygning", seconds=100.0, returncode=1, warnings=3)
    assert "giver 3 advarsler mere end 1×" in bench.report(_result(scaled=scaled))
    assert "det syntetiske indhold giver ingen advarsler" in bench.report(_result())


def test_paired_runs_alternate_and_keep_the_fastest_of_each():
    order: list[str] = []
    times = {"a": iter([3.0, 1.0]), "b": iter([2.0, 4.0])}

    def measure(name: str):
        def run() -> bench.Step:
            order.append(name)
            return bench.Step(name, seconds=next(times[name]))

        return run

    prepared: list[int] = []
    a, b = bench.paired_best_of(2, measure("a"), measure("b"), lambda: prepared.append(1))
    assert order == ["a", "b", "a", "b"] and len(prepared) == 4
    assert (a.seconds, b.seconds) == (1.0, 2.0) and a.runs == b.runs == 2


def test_best_of_keeps_the_fastest_successful_run():
    times = iter([3.0, 1.0, 2.0])
    prepared = []
    step = bench.best_of(
        3, lambda: bench.Step("x", seconds=next(times)), lambda: prepared.append(1)
    )
    assert step.seconds == 1.0 and step.runs == 3 and len(prepared) == 3
    outcomes = iter([bench.Step("x", seconds=1.0, ok=False), bench.Step("x", seconds=5.0)])
    assert bench.best_of(2, lambda: next(outcomes)).seconds == 5.0


# -- The page and the copy ---------------------------------------------------------------------


def test_update_page_replaces_only_the_marked_block(tmp_path):
    page = tmp_path / "ydeevne.md"
    page.write_text(f"# Side\n\nFør.\n\n{bench.BEGIN}\ngammelt\n{bench.END}\n\nEfter.\n", "utf-8")
    bench.update_page(page, "| nyt | 1 |")
    assert page.read_text("utf-8") == (
        f"# Side\n\nFør.\n\n{bench.BEGIN}\n| nyt | 1 |\n{bench.END}\n\nEfter.\n"
    )
    page.write_text("# Ingen markeringer\n", "utf-8")
    with pytest.raises(SystemExit):
        bench.update_page(page, "x")


def test_the_real_page_has_the_markers():
    text = (REPO / bench.PAGE).read_text(encoding="utf-8")
    assert text.count(bench.BEGIN) == 1 and text.count(bench.END) == 1


def _git(cwd: Path, *args: str) -> str:
    return subprocess.run(
        ["git", *args], cwd=cwd, capture_output=True, text=True, check=True
    ).stdout


@pytest.mark.skipif(shutil.which("git") is None, reason="git er ikke installeret")
def test_copy_is_the_working_tree_and_leaves_it_alone(tmp_path):
    repo = tmp_path / "repo"
    repo.mkdir()
    _git(repo, "init", "-q")
    for name, text in {"a.md": "a", "b.md": "b", "c.md": "c", ".gitignore": "build/\n"}.items():
        (repo / name).write_text(text, encoding="utf-8")
    _git(repo, "add", ".")
    _git(repo, "-c", "user.name=t", "-c", "user.email=t@example.invalid", "commit", "-qm", "x")
    (repo / "a.md").write_text("ændret", encoding="utf-8")  # modified, not committed
    (repo / "b.md").unlink()  # deleted, not committed
    (repo / "ny.md").write_text("ny", encoding="utf-8")  # untracked
    (repo / "build").mkdir()
    (repo / "build" / "x.html").write_text("output", encoding="utf-8")  # ignored
    status = _git(repo, "status", "--porcelain")

    dest = tmp_path / "kopi"
    assert bench.copy_project(repo, dest) is True
    assert (dest / "a.md").read_text(encoding="utf-8") == "ændret"
    assert not (dest / "b.md").exists()
    assert (dest / "c.md").read_text(encoding="utf-8") == "c"
    assert (dest / "ny.md").read_text(encoding="utf-8") == "ny"
    assert not (dest / "build").exists()
    assert _git(dest, "log", "--format=%s") == "x\n"  # the history came along
    assert _git(repo, "status", "--porcelain") == status  # the working tree is untouched


def test_keep_folder_may_not_be_inside_the_project(tmp_path):
    with pytest.raises(SystemExit):
        bench.main(["--repo", str(tmp_path), "--keep", str(tmp_path / "build" / "bench")])


def test_project_files_outside_git_leave_out_output_and_environments(tmp_path):
    for rel in ("docs/index.md", "build/html/index.html", ".venv/bin/python", "x.egg-info/PKG"):
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text("x", encoding="utf-8")
    # tmp_path is no git checkout, so git ls-files fails and the walk is used
    assert project_files(tmp_path) == ["docs/index.md"]


def test_the_benchmark_runs_as_the_script_nox_starts():
    # `nox -s bench` runs the file, not a module: its import of handbog.project must work so
    proc = subprocess.run(
        [sys.executable, str(REPO / "benchmarks" / "bench.py"), "--help"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert proc.stdout.startswith("usage: python benchmarks/bench.py")
    assert "--update-page" in proc.stdout
