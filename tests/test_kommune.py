"""A municipal edition's own files, as an editor writes them: kommune.toml, the boxes and
pages, ``handbog kommune ny``. (The build of the worked example: test_kommune_build.py.)"""

from __future__ import annotations

import shutil
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from conftest import REPO

from handbog.cli import main
from handbog.kommune import config, sphinxconf, staging
from handbog.kommune.core import CORE_ENV, CoreNotFound, locate
from handbog.model import load as load_model
from handbog.needs import feedback

EXAMPLE = REPO / "eksempler" / "eksempel-kommune"


@pytest.fixture
def edition(tmp_path: Path) -> Path:
    """A copy of the worked example, to damage."""
    folder = tmp_path / "eksempel-kommune"
    shutil.copytree(EXAMPLE, folder, ignore=shutil.ignore_patterns("build"))
    return folder


def _problems(folder: Path) -> list[str]:
    edition, problems = config.read(folder)
    assert (edition is None) == bool(problems)
    return [str(p) for p in problems]


def _replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} is not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_the_example_reads_as_eksempel_kommune():
    edition, problems = config.read(EXAMPLE)
    assert problems == []
    assert edition is not None
    assert edition.identity("2026.1") == (
        "Eksempel Kommunes udgave · baseret på Praksishåndbogen, udgave 2026.1"
    )
    assert edition.id_prefix == "LO_EKSEMPEL_"
    assert edition.logo == (EXAMPLE / "logo.svg").resolve()
    assert [o.need_id for o in edition.left_out] == ["HR_BI_SIGNS_OF_SAFETY"]
    assert edition.left_out[0].reason.startswith("Eksemplet viser, hvordan")


def test_genitive():
    assert config.genitive("Eksempel Kommune") == "Eksempel Kommunes"
    assert config.genitive("Eksempelhus") == "Eksempelhus'"


def test_contrast_is_wcag_s():
    assert config.contrast("#000000", "#ffffff") == pytest.approx(21)
    assert config.contrast("#ffffff", "#ffffff") == pytest.approx(1)
    # #777777 on white is the classic just-too-light grey: 4.48:1
    assert config.contrast("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)


def test_a_colour_too_light_names_its_line_and_the_ratio(edition: Path):
    _replace(edition / "kommune.toml", 'farve = "#1f5f8b"', 'farve = "#7fb2d9"')
    (problem,) = _problems(edition)
    line = _line(edition / "kommune.toml", 'farve = "#7fb2d9"')
    assert problem.startswith(f"{edition / 'kommune.toml'}:{line}: ")
    assert "lyst tema" in problem and "4.5:1" in problem and "mørkere" in problem


def test_a_dark_theme_colour_too_dark_asks_for_a_lighter_one(edition: Path):
    _replace(edition / "kommune.toml", 'farve_moerk = "#8cc4ec"', 'farve_moerk = "#1f5f8b"')
    (problem,) = _problems(edition)
    assert "mørkt tema" in problem and "lysere" in problem


def _line(path: Path, text: str) -> int:
    return next(n for n, t in enumerate(path.read_text().splitlines(), 1) if text in t)


def test_a_misspelt_key_names_the_line_and_the_right_key(edition: Path):
    _replace(edition / "kommune.toml", "kontakt =", "kontak =")
    problems = _problems(edition)
    line = _line(edition / "kommune.toml", "kontak =")
    assert any(
        p.startswith(f"{edition / 'kommune.toml'}:{line}: 'kontak' kendes ikke her. Mente du "
                     "'kontakt'?")
        for p in problems
    ), problems  # fmt: skip


def test_a_missing_key_says_what_to_add(edition: Path):
    _replace(edition / "kommune.toml", 'kode = "EKSEMPEL"\n', "")
    problems = _problems(edition)
    assert any("[kommune] mangler 'kode'" in p and "LO_<KODE>" in p for p in problems), problems


def test_a_lower_case_code_is_refused_with_the_fix(edition: Path):
    _replace(edition / "kommune.toml", 'kode = "EKSEMPEL"', 'kode = "eksempel"')
    (problem,) = _problems(edition)
    line = _line(edition / "kommune.toml", 'kode = "eksempel"')
    assert f":{line}: kommune.kode = 'eksempel' kan ikke bruges." in problem
    assert "store bogstaver" in problem


def test_broken_toml_names_the_line(edition: Path):
    _replace(edition / "kommune.toml", 'navn = "Eksempel Kommune"', "navn = Eksempel Kommune")
    (problem,) = _problems(edition)
    assert f"kommune.toml:{_line(edition / 'kommune.toml', 'navn = Eksempel')}:" in problem
    assert "anførselstegn" in problem


def test_a_missing_logo_is_named(edition: Path):
    (edition / "logo.svg").unlink()
    (problem,) = _problems(edition)
    assert "logoet 'logo.svg' findes ikke" in problem


def test_a_folder_without_kommune_toml_says_how_to_make_one(tmp_path: Path):
    (problem,) = _problems(tmp_path)
    assert "ingen kommune.toml" in problem and "handbog kommune ny" in problem


# -- The plan: anchors, local IDs, left-out practices --------------------------------------------


def _plan(folder: Path) -> staging.Plan:
    edition, problems = config.read(folder)
    assert edition is not None, problems
    core = locate(REPO)
    return staging.plan(edition, core, load_model(core.root / "ubproject.toml"))


def test_the_example_plans_three_boxes_and_one_left_out_practice():
    plan = _plan(EXAMPLE)
    assert plan.problems == []
    boxes = {b.path.name: b.anchor for bs in plan.boxes.values() for b in bs}
    assert boxes == {
        "koordinator.md": "PR_SR_TILGAENGELIGHED",
        "moedeforum.md": "PR_SF_LOKAL_MOEDERET",
        "samarbejdsaftale.md": "HR_FS_SAMARBEJDSPROCEDURER",
    }
    ((page, [(block, reason)]),) = plan.left_out.items()
    assert page == REPO / "docs" / "kerneelementer" / "boerneinddragelse.md"
    assert block.need_id == "HR_BI_SIGNS_OF_SAFETY" and reason.startswith("Eksemplet viser")
    # four local needs in pages and boxes and four checklist items, each where it is written
    assert set(plan.local_ids) == {
        "LO_EKSEMPEL_KOORDINATOR",
        "LO_EKSEMPEL_MOEDEFORUM",
        "LO_EKSEMPEL_MOEDEFORUM_HENVISNING",
        "LO_EKSEMPEL_SAMARBEJDSAFTALE",
        "LO_EKSEMPEL_KOORDINATOR_KENDT",
        "LO_EKSEMPEL_MOEDEFORUM_AFTALT",
        "LO_EKSEMPEL_SKABELON_KLAR",
        "LO_EKSEMPEL_KOORDINATOR_KENDES",
    }
    toml = (EXAMPLE / "kommune.toml").read_text("utf-8").splitlines()
    line = toml.index('id = "LO_EKSEMPEL_SKABELON_KLAR"') + 1
    assert plan.local_ids["LO_EKSEMPEL_SKABELON_KLAR"] == (str(EXAMPLE / "kommune.toml"), line)
    assert {c: [i.need_id for i in items] for c, items in plan.items.items()} == {
        "opstart": ["LO_EKSEMPEL_KOORDINATOR_KENDT", "LO_EKSEMPEL_MOEDEFORUM_AFTALT"],
        "foraeldremoede": ["LO_EKSEMPEL_SKABELON_KLAR"],
        "samarbejdsrelationer": ["LO_EKSEMPEL_KOORDINATOR_KENDES"],
    }
    path, line = plan.local_ids["LO_EKSEMPEL_MOEDEFORUM"]
    assert (path, line) == (str(EXAMPLE / "sider" / "moedeforum.md"), 7)


def test_an_anchor_that_is_gone_names_the_box_and_the_nearest_place(edition: Path):
    box = edition / "bokse" / "koordinator.md"
    _replace(box, "anker: PR_SR_TILGAENGELIGHED", "anker: PR_SR_TILGANGELIGHED")
    (problem,) = [str(p) for p in _plan(edition).problems]
    assert problem.startswith(f"{box}:2: ankeret PR_SR_TILGANGELIGHED findes ikke i kernen")
    assert "Mente du 'PR_SR_TILGAENGELIGHED'?" in problem


def test_a_box_without_an_anchor_says_how_to_write_one(edition: Path):
    box = edition / "bokse" / "koordinator.md"
    _replace(box, "anker: PR_SR_TILGAENGELIGHED", "ankre: PR_SR_TILGAENGELIGHED")
    (problem,) = [str(p) for p in _plan(edition).problems]
    assert problem.startswith(f"{box}:1: boksen siger ikke, hvor den skal stå")
    assert "anker: PR_…" in problem


def test_a_local_id_without_the_editions_code_names_file_and_line(edition: Path):
    page = edition / "sider" / "moedeforum.md"
    _replace(page, ":id: LO_EKSEMPEL_MOEDEFORUM", ":id: LO_MOEDEFORUM")
    (problem,) = [str(p) for p in _plan(edition).problems]
    assert problem.startswith(f"{page}:7: det lokale ID LO_MOEDEFORUM skal begynde med "
                              "LO_EKSEMPEL_")  # fmt: skip


def test_leaving_out_what_is_not_a_core_practice_names_kommune_toml(edition: Path):
    toml = edition / "kommune.toml"
    _replace(toml, 'id = "HR_BI_SIGNS_OF_SAFETY"', 'id = "HR_BI_SIGNS_OF_SAFTEY"')
    (problem,) = [str(p) for p in _plan(edition).problems]
    assert problem.startswith(f"{toml}:{_line(toml, 'SAFTEY')}: HR_BI_SIGNS_OF_SAFTEY er ikke")
    assert "Mente du 'HR_BI_SIGNS_OF_SAFETY'?" in problem


def test_the_composed_page_keeps_the_core_page_and_maps_lines_back(tmp_path: Path):
    edition, _ = config.read(EXAMPLE)
    assert edition is not None
    core = locate(REPO)
    plan = staging.plan(edition, core, load_model(core.root / "ubproject.toml"))
    _conf, docs, paths = staging.compose(edition, core, plan, tmp_path / "kilde")
    page = REPO / "docs" / "kerneelementer" / "samarbejdsrelationer.md"
    staged = docs / "kerneelementer" / "samarbejdsrelationer.md"
    original = page.read_text(encoding="utf-8").splitlines()
    composed = staged.read_text(encoding="utf-8").splitlines()
    include = next(n for n, t in enumerate(composed, 1) if t.startswith("```{include}"))
    assert composed[include - 1].endswith("bokse/koordinator.md")
    # every line of the core page is there, and maps back to its own line
    last = len(composed)
    assert paths.real(str(staged), last) == (str(page), len(original))
    assert composed[last - 1] == original[-1]
    # a line inside what was put in points at the anchor's end
    assert paths.real(str(staged), include)[1] < include
    # the core is never copied into the edition's folder
    assert not any(p.is_symlink() for p in docs.rglob("*"))
    assert (docs / "lokalt" / "sider" / "kontakt.md").read_text() == (
        EXAMPLE / "sider" / "kontakt.md"
    ).read_text()
    assert not (EXAMPLE / "docs").exists() and not (EXAMPLE / "kerneelementer").exists()


def test_a_message_of_sphinx_names_the_real_file():
    paths = staging.PathMap({"/b/kilde/docs/x.md": ("/kerne/docs/x.md", [(9, 4)])})
    assert paths.translate("/b/kilde/docs/x.md:3: WARNING: a") == "/kerne/docs/x.md:3: WARNING: a"
    assert paths.translate("/b/kilde/docs/x.md:20: WARNING: a").startswith("/kerne/docs/x.md:16:")
    assert paths.translate("other.md:3: WARNING") == "other.md:3: WARNING"


# -- Where the core is -----------------------------------------------------------------------


def test_a_named_folder_that_is_not_the_core_is_refused(tmp_path: Path, monkeypatch):
    monkeypatch.setenv(CORE_ENV, str(tmp_path))
    with pytest.raises(CoreNotFound, match="er ikke håndbogens kerne"):
        locate()


def test_the_installed_core_is_found_without_naming_it(monkeypatch):
    monkeypatch.delenv(CORE_ENV, raising=False)
    core = locate()
    assert (core.root / "ubproject.toml").is_file()
    assert core.edition


# -- handbog kommune ny -----------------------------------------------------------------------


def test_ny_makes_an_edition_that_plans_cleanly(tmp_path: Path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    assert main(["kommune", "ny", "Prøve Kommune", "--kerne", str(REPO)]) == 0
    folder = tmp_path / "proeve-kommune"
    made = {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()}
    assert made == {
        "kommune.toml", "README.md", "CHANGELOG.md", ".github/workflows/byg.yml", ".gitignore",
        "bokse/eksempel.md", "sider/kontakt.md", "kerne.json",
    }  # fmt: skip
    assert "Prøve Kommunes udgave er oprettet" in capsys.readouterr().out
    edition, problems = config.read(folder)
    assert problems == [] and edition is not None and edition.code == "PROEVE"
    plan = _plan(folder)
    assert plan.problems == []
    assert set(plan.local_ids) == {"LO_PROEVE_EKSEMPEL"}
    # a second time into the same folder overwrites nothing
    assert main(["kommune", "ny", "Prøve Kommune", "--kerne", str(REPO)]) == 2
    assert "findes og er ikke tom" in capsys.readouterr().err


def test_byg_stops_before_sphinx_on_a_problem_and_names_it(edition: Path, capsys):
    _replace(edition / "bokse" / "koordinator.md", "PR_SR_TILGAENGELIGHED", "PR_SR_BORTE")
    assert main(["kommune", "byg", str(edition), "--kerne", str(REPO)]) == 1
    err = capsys.readouterr().err
    assert "koordinator.md:2: ankeret PR_SR_BORTE findes ikke" in err
    assert "Traceback" not in err
    assert not (edition / "build").exists()


def test_a_file_that_is_not_needs_json_is_named(tmp_path: Path, capsys):
    broken = tmp_path / "needs.json"
    broken.write_text("{", encoding="utf-8")
    assert main(["kommune", "sammenlign", str(broken), str(broken), "--udgave", str(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert "needs.json: filen kan ikke læses som needs.json" in err
    assert "Traceback" not in err


def test_a_report_names_the_edition_the_page_and_whose_need_it_is():
    need = {"id": "LO_EKSEMPEL_KOORDINATOR", "title": "Ring til koordinatoren"}
    link = feedback.address(
        need, "side.html", "Eksempel Kommunes udgave", "https://lokal.example/sager/new",
        "Eksempel Kommunes udgave",
    )  # fmt: skip
    assert link.startswith("https://lokal.example/sager/new?title=LO_EKSEMPEL_KOORDINATOR")
    body = parse_qs(urlsplit(link).query)["body"][0]
    assert "ID: LO_EKSEMPEL_KOORDINATOR (Eksempel Kommunes udgave)" in body
    # an address that already has a query gets the report after &
    assert "?x=1&title=" in feedback.address(need, "s", "e", "https://a.example/new?x=1", "w")
    # no address at all: no link rather than a link to nowhere
    assert feedback.address(need, "s", "e", "", "w") == ""


def test_the_accessibility_page_claims_no_colour_check_without_colours(edition: Path):
    toml = edition / "kommune.toml"
    _replace(toml, 'farve = "#1f5f8b"\n', "")
    _replace(toml, 'farve_moerk = "#8cc4ec"\n', "")
    town, problems = config.read(edition)
    assert town is not None, problems
    page = staging.accessibility_page(town, "2026.1")
    assert "kontrast" not in page
    assert "[tilgaengelighed@eksempel-kommune.example](mailto:" in page
    assert "ikke testet automatisk" in " ".join(page.split())


def test_the_editable_install_is_found_with_the_checkouts_src_on_sys_path(monkeypatch):
    """The core's conf.py puts its src/ on sys.path, where setuptools may have left an
    egg-info that records no installation."""
    monkeypatch.delenv(CORE_ENV, raising=False)
    monkeypatch.syspath_prepend(str(REPO / "src"))
    assert (locate().root / "conf.py").is_file()


def test_a_local_term_that_repeats_a_core_term_is_named_at_its_line(edition: Path):
    term = edition / "ordliste" / "eksempelkoordinator.yaml"
    # a synonym the core already uses for one of its terms
    _replace(term, "  - eksempelkoordinatoren", "  - eksempelkoordinatoren\n  - almenområde")
    (problem,) = [str(p) for p in _plan(edition).problems]
    assert problem.startswith(f"{term}:5: 'almenområde' står allerede i kernens ordliste")
    assert "(almenomraadet.yaml)" in problem


def test_a_local_term_file_must_start_with_a_comment(edition: Path):
    term = edition / "ordliste" / "eksempelkoordinator.yaml"
    term.write_text(term.read_text("utf-8").split("\n", 1)[1], encoding="utf-8")
    (problem,) = [str(p) for p in _plan(edition).problems]
    assert problem.startswith(f"{term}:1: første linje skal være en kommentar")


def test_the_composed_glossary_marks_the_local_term_and_keeps_its_lines(edition: Path, tmp_path):
    core = locate(REPO)
    edition_read, _ = config.read(edition)
    assert edition_read is not None
    plan = _plan(edition)
    staging.compose(edition_read, core, plan, tmp_path / "kilde")
    own = (edition / "ordliste" / "eksempelkoordinator.yaml").read_text("utf-8").splitlines()
    composed = (tmp_path / "kilde" / "ordliste" / "eksempelkoordinator.yaml").read_text("utf-8")
    lines = composed.splitlines()
    assert lines[0].startswith("# yaml-language-server: $schema=")
    assert lines[1 : len(own)] == own[1:]  # every line where the editor wrote it
    assert lines[-1] == 'lokal: "Lokalt i Eksempel Kommune"'
    # the core's terms are there unmarked, never copied into the edition's own folder
    assert (tmp_path / "kilde" / "ordliste" / "almenomraadet.yaml").is_file()
    assert "lokal:" not in (tmp_path / "kilde" / "ordliste" / "almenomraadet.yaml").read_text()


def test_a_local_source_must_say_it_is_local_and_not_reuse_a_core_key(edition: Path):
    sources = edition / "kilder.bib"
    _replace(sources, "  keywords = {lokal},", "  keywords = {systematisk},")
    text = sources.read_text("utf-8")
    sources.write_text(
        text + "\n@misc{vive2023,\n  author = {{Eksempel Kommune}},\n  title = {{Noget}},\n"
        "  year = {2026},\n  keywords = {lokal},\n}\n",
        encoding="utf-8",
    )
    lines = sources.read_text("utf-8").splitlines()
    first = lines.index("@misc{eksempelkommune2026,") + 1
    clash = lines.index("@misc{vive2023,") + 1
    problems = [str(p) for p in _plan(edition).problems]
    assert problems == [
        f"{sources}:{first}: posten eksempelkommune2026 skal have keywords = {{lokal}}, så "
        "litteraturlisten viser, at kilden er kommuneudgavens egen. Skriv linjen i posten.",
        f"{sources}:{clash}: nøglen vive2023 bruges allerede i kernens litteraturliste. Giv "
        "den lokale post en anden nøgle, fx med kommunens navn foran.",
    ]


def test_a_box_anchored_at_a_heading_goes_last_in_that_section(edition: Path, tmp_path):
    box = edition / "bokse" / "under-overskrift.md"
    box.write_text(
        "---\nanker: kerneelementer/samarbejdsrelationer.md#Tilgængelighed\n---\n"
        "```{lokal} Telefontider i Eksempel Kommune\n:id: LO_EKSEMPEL_TELEFONTIDER\n"
        ":tilpasser: PR_SR_TILGAENGELIGHED\n\nEn rigtig udgave skriver telefontiderne her.\n"
        "```\n",
        encoding="utf-8",
    )
    plan = _plan(edition)
    assert plan.problems == []
    core = locate(REPO)
    edition_read, _ = config.read(edition)
    assert edition_read is not None
    _root, docs, paths = staging.compose(edition_read, core, plan, tmp_path / "kilde")
    composed = (docs / "kerneelementer" / "samarbejdsrelationer.md").read_text("utf-8")
    lines = composed.splitlines()
    include = next(n for n, t in enumerate(lines) if t.endswith("bokse/under-overskrift.md"))
    # after the section's last line of text and before the next heading of its level
    following = next(t for t in lines[include:] if t.startswith("#"))
    before = [t for t in lines[:include] if t.startswith("#")][-1]
    assert before == "### Tilgængelighed" and following == "### Uden myndighed"
    # a message about a line after the box still names the core page's own line
    original = (REPO / "docs" / "kerneelementer" / "samarbejdsrelationer.md").read_text("utf-8")
    own = original.splitlines().index("### Uden myndighed") + 1
    staged = str(docs / "kerneelementer" / "samarbejdsrelationer.md")
    assert paths.real(staged, lines.index("### Uden myndighed") + 1)[1] == own


def test_a_heading_that_is_not_there_is_named_with_the_nearest(edition: Path):
    box = edition / "bokse" / "koordinator.md"
    _replace(
        box,
        "anker: PR_SR_TILGAENGELIGHED",
        "anker: kerneelementer/samarbejdsrelationer.md#Tilgaengelighed",
    )
    (problem,) = [str(p) for p in _plan(edition).problems]
    assert problem.startswith(
        f"{box}:2: overskriften 'Tilgaengelighed' findes ikke i siden "
        "kerneelementer/samarbejdsrelationer.md. Mente du 'Tilgængelighed'?"
    )
    _replace(box, "samarbejdsrelationer.md#", "samarbejdsrelation.md#")
    (problem,) = [str(p) for p in _plan(edition).problems]
    assert "siden 'kerneelementer/samarbejdsrelation.md' findes ikke i kernen" in problem
    assert "Mente du 'kerneelementer/samarbejdsrelationer.md'?" in problem


def test_checklists_in_an_edition_not_yet_built_say_to_build_it(edition: Path, monkeypatch, capsys):
    monkeypatch.chdir(edition)
    monkeypatch.delenv("HANDBOG_PROJEKT", raising=False)
    assert main(["tjekliste", "liste"]) == 2
    err = " ".join(capsys.readouterr().err.split())
    assert (
        "mappen er en kommuneudgave, men den er ikke bygget endnu. Kør handbog kommune byg" in err
    )
    assert "build/kilde/tjeklister" in err


def test_in_a_municipalitys_ci_core_reports_go_to_the_editions_own_editors(
    edition: Path, tmp_path: Path, monkeypatch
):
    # GitHub Actions names the repository it runs in; in a municipality's CI that is the
    # municipality's, which the core's conf.py would otherwise take for the core's own.
    monkeypatch.setenv("GITHUB_REPOSITORY", "eksempel-kommune/haandbog")
    monkeypatch.delenv("HANDBOG_REPO_URL", raising=False)
    monkeypatch.delenv(CORE_ENV, raising=False)
    namespace: dict[str, object] = {"__file__": str(tmp_path / "conf.py")}
    sphinxconf.configure(namespace, str(locate().root), str(edition))
    local, _ = config.read(edition)
    assert local is not None and local.issues
    assert namespace["handbog_issues"] == local.issues
    assert "eksempel-kommune/haandbog" not in str(namespace["handbog_issues"])


def test_the_line_on_every_page_gives_both_editions_and_their_dates():
    assert config.dated_identity(
        "Eksempel Kommunes", "1", "december 2026", "2026.1", "maj 2026"
    ) == (
        "Eksempel Kommunes udgave 1 (december 2026) · baseret på Praksishåndbogen, "
        "udgave 2026.1 (maj 2026)"
    )
    # a core built from a checkout without an edition says so, and no empty brackets
    assert config.dated_identity("Eksempel Kommunes", "1", "", "", "") == (
        "Eksempel Kommunes udgave 1 · baseret på Praksishåndbogen, arbejdsudgave"
    )
