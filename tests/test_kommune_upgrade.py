"""Moving a municipal edition to a new core edition: ``handbog kommune opdater``, the record of
the core edition in ``kerne.json``, and a box whose anchor the new core no longer has.

The upgrade is tested from a pinned older core edition: tests/data/kommune/kerne-2026.0.json
is Eksempel Kommune's ``kerne.json`` as it would be on a core "2026.0" that differs from this
checkout's core in exactly three needs (see the file's ``_om``).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import REPO

from handbog.cli import main
from handbog.kommune import config, staging, upgrade
from handbog.kommune.core import locate
from handbog.model import load as load_model

EXAMPLE = REPO / "eksempler" / "eksempel-kommune"
PINNED = Path(__file__).parent / "data" / "kommune" / "kerne-2026.0.json"
CORE = locate(REPO)
ENV = {k: v for k, v in os.environ.items() if k not in {"HANDBOG_KERNE", "HANDBOG_PROJEKT"}}


@pytest.fixture
def edition(tmp_path: Path) -> Path:
    folder = tmp_path / "eksempel-kommune"
    shutil.copytree(EXAMPLE, folder, ignore=shutil.ignore_patterns("build", upgrade.LOCK))
    return folder


def _plan_problems(folder: Path) -> list[str]:
    edition, problems = config.read(folder)
    assert edition is not None, problems
    return [
        str(p)
        for p in staging.plan(edition, CORE, load_model(CORE.root / "ubproject.toml")).problems
    ]


def _lock(folder: Path, **titles: str) -> None:
    upgrade.write_lock(folder, upgrade.Snapshot("2026.0", titles))


def test_ny_records_the_core_edition(tmp_path: Path, capsys):
    folder = tmp_path / "ny"
    assert (
        main(["kommune", "ny", "Eksempel Kommune", "--mappe", str(folder), "--kerne", str(REPO)])
        == 0
    )
    known = upgrade.read_lock(folder)
    assert known is not None and known.edition == CORE.edition and not known.complete


def test_opdater_to_an_edition_that_is_not_installed_says_how_to_install_it(edition: Path, capsys):
    shutil.copy(PINNED, edition / upgrade.LOCK)
    before = (edition / upgrade.LOCK).read_text(encoding="utf-8")
    code = main(["kommune", "opdater", "--til", "2099.1", str(edition), "--kerne", str(REPO)])
    err = " ".join(capsys.readouterr().err.split())
    assert code == 1
    assert f"den installerede håndbog er udgave {CORE.edition}, ikke 2099.1" in err
    assert "pip install handbog==2099.1 (pakkens version er kernens udgave)" in err
    assert (edition / upgrade.LOCK).read_text(encoding="utf-8") == before
    assert not list((edition / staging.PAGES).glob("opdatering-*"))


def test_opdater_without_a_record_of_the_old_core_asks_for_one_build(edition: Path, capsys):
    _lock(edition)  # what ny writes: the edition, no snapshot yet
    code = main(["kommune", "opdater", "--til", CORE.edition, str(edition), "--kerne", str(REPO)])
    err = " ".join(capsys.readouterr().err.split())
    assert code == 1 and "Byg udgaven én gang" in err


def test_byg_stops_when_the_installed_core_is_not_the_recorded_edition(edition: Path, capsys):
    _lock(edition)
    code = main(["kommune", "byg", str(edition), "--kerne", str(REPO), "--kun-html"])
    err = " ".join(capsys.readouterr().err.split())
    assert code == 1
    assert f"{edition / upgrade.LOCK}: udgaven bygger på kernens udgave 2026.0" in err
    assert f"handbog kommune opdater --til {CORE.edition}" in err
    assert "pip install handbog==2026.0 (pakkens version er kernens udgave)" in err
    assert not (edition / "build").exists()  # stopped before Sphinx


def test_a_box_whose_anchor_is_gone_is_pointed_to_the_nearest_title(edition: Path):
    """The anchor's ID is gone (renamed in the new core); kerne.json knows its old title, and
    the message names the core need whose title is nearest now."""
    box = edition / "bokse" / "koordinator.md"
    box.write_text(
        box.read_text(encoding="utf-8").replace(
            "anker: PR_SR_TILGAENGELIGHED", "anker: PR_SR_KONTAKT"
        ),
        encoding="utf-8",
    )
    _lock(edition, PR_SR_KONTAKT="Sørg for, at medarbejderen er nem at få fat i")
    (problem,) = _plan_problems(edition)
    assert problem.startswith(f"{box}:2: ankeret PR_SR_KONTAKT findes ikke i kernen")
    assert "I udgave 2026.0 hed den »Sørg for, at medarbejderen er nem at få fat i«." in problem
    assert (
        "Det nærmeste sted nu er PR_SR_TILGAENGELIGHED »Sørg for, at medarbejderen er let at få "
        "fat i«." in problem
    )


def test_a_gone_anchor_without_a_record_falls_back_to_the_ids_spelling(edition: Path):
    box = edition / "bokse" / "koordinator.md"
    box.write_text(
        box.read_text(encoding="utf-8").replace(
            "PR_SR_TILGAENGELIGHED\n---", "PR_SR_TILGANGELIGHED\n---"
        ),
        encoding="utf-8",
    )
    (problem,) = _plan_problems(edition)
    assert "Mente du 'PR_SR_TILGAENGELIGHED'?" in problem and "hed den" not in problem


def test_the_snapshot_keeps_titles_the_local_links_and_the_linked_fields():
    needs = {
        "PR_A": {"type": "praksis", "title": "A", "content": "a", "id": "PR_A", "docname": "x"},
        "PR_B": {"type": "praksis", "title": "B", "content": "b"},
        "LO_X_1": {"type": "lokal", "title": "Lokal", "tilpasser": ["PR_A"]},
    }
    snap = upgrade.snapshot("2026.1", needs)
    assert snap.titles == {"PR_A": "A", "PR_B": "B"}
    assert snap.local == {"LO_X_1": ["PR_A"]}
    # only what the report compares, only for what the local content links to
    assert snap.needs == {"PR_A": {"type": "praksis", "title": "A", "content": "a"}}
    assert upgrade.Snapshot("2026.1", **{}).complete is False


def test_a_broken_kerne_json_names_itself_and_the_fix(edition: Path, capsys):
    (edition / upgrade.LOCK).write_text("{ikke json", encoding="utf-8")
    code = main(["kommune", "byg", str(edition), "--kerne", str(REPO), "--kun-html"])
    err = " ".join(capsys.readouterr().err.split())
    assert code == 1 and f"{upgrade.LOCK} kan ikke læses" in err and "git checkout" in err


# -- The real upgrade, from the pinned 2026.0 to this checkout's core ---------------------


def _opdater(folder: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "handbog", "kommune", "opdater", "--til", CORE.edition,
         "--kerne", str(REPO), *extra],
        cwd=folder, capture_output=True, text=True, encoding="utf-8",
        env={**ENV, "COLUMNS": "300"},
        timeout=600,
    )  # fmt: skip


@pytest.mark.slow
def test_upgrading_from_a_pinned_older_core_reports_the_changed_removed_and_new_need(
    edition: Path,
):
    shutil.copy(PINNED, edition / upgrade.LOCK)
    page = edition / staging.PAGES / f"opdatering-{CORE.edition.replace('.', '-')}.md"

    tried = _opdater(edition, "--proev")
    assert tried.returncode == 0, tried.stderr
    assert "Prøvekørsel: intet er skrevet" in tried.stdout
    assert not page.exists()
    assert json.loads((edition / upgrade.LOCK).read_text(encoding="utf-8"))["udgave"] == "2026.0"

    done = _opdater(edition)
    assert done.returncode == 0, done.stderr
    report = page.read_text(encoding="utf-8")
    assert report.strip() in done.stdout  # the terminal shows the same report
    assert report.startswith(f"# Fra kernens udgave 2026.0 til {CORE.edition}\n")
    sections = dict(
        (part.split("\n", 1)[0], part.split("\n", 1)[1].strip())
        for part in report.split("\n## ")[1:]
    )
    new_title = upgrade.read_lock(edition).titles["HR_FS_SAMARBEJDSPROCEDURER"]  # type: ignore[union-attr]
    assert sections == {
        "Ændret, og det lokale bygger på det": (
            "- PR_SR_TILGAENGELIGHED: teksten er ændret. Lokalt: LO_EKSEMPEL_KOORDINATOR."
        ),
        "Fjernet eller omdøbt": (
            "- PR_SR_TESTENS_GAMLE: findes ikke længere. Lokalt: LO_EKSEMPEL_KOORDINATOR."
        ),
        "Nyt i kernen": f"- HR_FS_SAMARBEJDSPROCEDURER: {new_title}",
    }
    # the edition now records the new core, with the local needs as they are written
    known = upgrade.read_lock(edition)
    assert known is not None and known.edition == CORE.edition
    assert "PR_SR_TESTENS_GAMLE" not in known.titles
    assert known.local["LO_EKSEMPEL_KOORDINATOR"] == [
        "PR_SR_TESTENS_GAMLE",
        "PR_SR_TILGAENGELIGHED",
    ]
    assert _opdater(edition).stdout.strip().startswith("Udgaven bygger allerede på")
    # a box anchored to the need that is gone: the build's message still knows its title
    assert known.gone == {
        "PR_SR_TESTENS_GAMLE": "Eksempel: en praksis, der kun fandtes i testens gamle udgave"
    }
    box = edition / "bokse" / "koordinator.md"
    box.write_text(
        box.read_text(encoding="utf-8").replace(
            "anker: PR_SR_TILGAENGELIGHED", "anker: PR_SR_TESTENS_GAMLE"
        ),
        encoding="utf-8",
    )
    (problem,) = _plan_problems(edition)
    assert "Før hed den »Eksempel: en praksis, der kun fandtes i testens gamle udgave«." in problem


def test_opdater_without_til_asks_for_the_edition_in_danish(edition: Path, capsys):
    assert main(["kommune", "opdater", str(edition), "--kerne", str(REPO)]) == 2
    err = " ".join(capsys.readouterr().err.split())
    assert "skriv, hvilken udgave af håndbogen udgaven skal over på" in err
    assert "--til 2026.2" in err
