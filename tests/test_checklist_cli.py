"""``handbog tjekliste``: driven as a user would, through real processes and real stdin."""

from __future__ import annotations

import json
import os
import selectors
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import REPO

from handbog.checklists import load_checklist
from handbog.checklists.answers import AnswerSet, write_answers
from handbog.checklists.model import KIND_LABELS

DATA = Path(__file__).parent / "data" / "checklists"
VALID = DATA / "gyldige"
BROKEN = DATA / "fejl"
ENV = {**os.environ, "COLUMNS": "200", "NO_COLOR": "1", "PYTHONIOENCODING": "utf-8"}


def handbog(*args: str, cwd: Path, stdin: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "handbog", *args],
        cwd=cwd,
        input=stdin,
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=ENV,
        timeout=60,
    )


def tjekliste(*args: str, cwd: Path, stdin: str | None = None, folder: Path = VALID):
    return handbog("tjekliste", "--tjeklister", str(folder), *args, cwd=cwd, stdin=stdin)


def lines(*answers: str) -> str:
    return "".join(f"{answer}\n" for answer in answers)


def saved(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


# -- udfyld: interactive ---------------------------------------------------------------------


def test_fill_interrupted_by_eof_then_resumed(tmp_path: Path) -> None:
    answers = tmp_path / "svar.json"
    first = tjekliste(
        "udfyld",
        "moede",
        "--svar",
        str(answers),
        cwd=tmp_path,
        stdin=lines(
            "Skole Ø, indskoling",  # enhed
            "socialfaglig medarbejder",  # udfyldt af
            "2026-11-22",  # dato
            "?",  # help for the first item
            "maaske",  # not an answer
            "j",
            "barnet 010203-1234",  # refused: looks like a CPR number
            "i god tid",
            "n",
            "",  # no note
        ),  # … and then the input ends
    )
    assert first.returncode == 0, first.stderr
    out = first.stdout
    assert "Hjælp: Spørg forældrene, hvad der passer dem." in out
    assert "Punktet tjekker: PR_FS_LIGEVAERD" in out
    assert "Ukendt svar 'maaske'" in out
    assert "ligner et CPR-nummer" in out
    assert "Inddata sluttede. 2 af 5 punkter er besvaret" in out
    assert "--genoptag" in out
    data = saved(answers)
    assert data["context"] == {
        "enhed": "Skole Ø, indskoling",
        "udfyldt_af": "socialfaglig medarbejder",
        "dato": "2026-11-22",
    }
    assert data["answers"] == {
        "indkaldt": {"value": "ja", "note": "i god tid"},
        "dagsorden": {"value": "nej", "note": ""},
    }
    assert "010203" not in answers.read_text(encoding="utf-8")

    second = tjekliste(
        "udfyld",
        "moede",
        "--svar",
        str(answers),
        "--genoptag",
        cwd=tmp_path,
        stdin=lines(
            "t",  # at 'referent': go back to 'dagsorden'
            "j",  # change it
            "nu i orden",
            "i",  # referent: not relevant
            "",
            "s",  # skip referat-sendt
            "j",  # barnet-orienteret
            "",
        ),
    )
    assert second.returncode == 0, second.stderr
    out = second.stdout
    assert out.index("[3/5]") < out.index("[2/5]")  # resumed at item 3, then went back
    assert "Nuværende svar: Nej" in out
    assert "Status" in out and "1 punkt(er) er ubesvaret" in out
    data = saved(answers)
    assert data["answers"]["dagsorden"] == {"value": "ja", "note": "nu i orden"}
    assert data["answers"]["referent"]["value"] == "ikke-relevant"
    assert data["answers"]["barnet-orienteret"]["value"] == "ja"
    assert "referat-sendt" not in data["answers"]
    assert data["created"] <= data["updated"]

    third = tjekliste(
        "udfyld", "moede", "--svar", str(answers), "--genoptag", cwd=tmp_path, stdin=lines("j", "")
    )
    assert third.returncode == 0, third.stderr
    assert "[4/5]" in third.stdout and "[1/5]" not in third.stdout
    assert saved(answers)["answers"]["referat-sendt"]["value"] == "ja"
    assert "ubesvaret" not in third.stdout


def test_fill_a_self_assessment_with_its_own_scale(tmp_path: Path) -> None:
    answers = tmp_path / "vurdering.json"
    result = tjekliste(
        "udfyld",
        "grader",
        "--svar",
        str(answers),
        cwd=tmp_path,
        stdin=lines("Forvaltningen", "leder", "", "3", "", "j", "2", "", "q"),
    )
    assert result.returncode == 0, result.stderr
    assert "0 = Ikke i gang, 1 = Begyndt, 2 = Langt hen ad vejen, 3 = På plads" in result.stdout
    assert "Ukendt svar 'j'" in result.stdout  # a yes/no key is not on this scale
    data = saved(answers)
    assert {k: v["value"] for k, v in data["answers"].items()} == {"ramme-a": "3", "ramme-b": "2"}
    assert len(data["context"]["dato"]) == 10  # today's date was the default


def _read_until(process: subprocess.Popen, text: str, count: int, timeout: float = 30) -> str:
    """Read the process's stdout until ``text`` has appeared ``count`` times."""
    selector = selectors.DefaultSelector()
    selector.register(process.stdout, selectors.EVENT_READ)
    seen = b""
    deadline = time.monotonic() + timeout
    while seen.decode("utf-8", "ignore").count(text) < count:
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out; output so far:\n{seen.decode()}")
        if selector.select(timeout=1):
            chunk = os.read(process.stdout.fileno(), 4096)
            if not chunk:
                break
            seen += chunk
    return seen.decode("utf-8", "ignore")


@pytest.mark.skipif(sys.platform == "win32", reason="SIGINT to a child process")
def test_fill_interrupted_by_ctrl_c_keeps_every_answer(tmp_path: Path) -> None:
    answers = tmp_path / "svar.json"
    process = subprocess.Popen(
        [sys.executable, "-m", "handbog", "tjekliste", "--tjeklister", str(VALID), "udfyld",
         "moede", "--svar", str(answers)],
        cwd=tmp_path, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        env=ENV,
    )  # fmt: skip
    try:
        process.stdin.write(lines("Skole Ø", "lærer", "2026-11-22", "j", "").encode())
        process.stdin.flush()
        _read_until(process, "[2/5]", 1)  # the first answer is saved before this is asked
        assert saved(answers)["answers"] == {"indkaldt": {"value": "ja", "note": ""}}
        process.send_signal(signal.SIGINT)
        rest = process.communicate(timeout=30)[0].decode()
    finally:
        if process.poll() is None:
            process.kill()
    assert process.returncode == 130
    assert "Afbrudt. 1 af 5 punkter er besvaret" in rest
    assert saved(answers)["answers"]["indkaldt"]["value"] == "ja"
    assert [p.name for p in tmp_path.iterdir()] == ["svar.json"]  # no temporary files left


def test_fill_refuses_to_overwrite_and_to_resume_nothing(tmp_path: Path) -> None:
    existing = tmp_path / "svar.json"
    existing.write_text("{}", encoding="utf-8")
    result = tjekliste("udfyld", "moede", "--svar", str(existing), cwd=tmp_path, stdin="")
    assert result.returncode == 2
    assert "findes allerede" in result.stderr and "--genoptag" in result.stderr
    assert existing.read_text(encoding="utf-8") == "{}"
    result = tjekliste("udfyld", "moede", "--genoptag", cwd=tmp_path, stdin="")
    assert result.returncode == 2
    assert "svar-moede.json findes ikke" in result.stderr


def test_unknown_checklist_and_missing_command_are_usage_errors(tmp_path: Path) -> None:
    result = tjekliste("udfyld", "findes-ikke", cwd=tmp_path, stdin="")
    assert result.returncode == 2
    assert "'findes-ikke' findes ikke" in result.stderr and "grader, moede" in result.stderr
    assert handbog(cwd=tmp_path).returncode == 2
    assert handbog("tjekliste", "udfyld", cwd=tmp_path).returncode == 2


# -- udfyld --fra, rapport, sammenlign -------------------------------------------------------


def _answer_file(tmp_path: Path, name: str, values: dict[str, str], dato: str) -> Path:
    checklist = load_checklist(VALID / "moede.yaml")
    answer_set = AnswerSet.new(checklist, {"enhed": "Skole Ø", "dato": dato})
    for item_id, value in values.items():
        answer_set.set(item_id, value)
    return write_answers(answer_set, tmp_path / name)


def test_fill_from_file_writes_the_report(tmp_path: Path) -> None:
    path = _answer_file(tmp_path, "svar.json", {"indkaldt": "ja", "dagsorden": "nej"}, "2026-11-22")
    result = tjekliste("udfyld", "moede", "--fra", str(path), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "# Rapport: Et prøvemøde" in result.stdout
    data = saved(path)
    data["answers"]["dagsorden"]["value"] = "maaske"
    path.write_text(json.dumps(data), encoding="utf-8")
    result = tjekliste("udfyld", "moede", "--fra", str(path), cwd=tmp_path)
    assert result.returncode == 1
    assert "svar.json" in result.stderr and "'maaske'" in result.stderr


def test_report_markdown_and_html(tmp_path: Path) -> None:
    path = _answer_file(
        tmp_path,
        "svar.json",
        {"indkaldt": "ja", "dagsorden": "nej", "referent": "ja"},
        "2026-11-22",
    )
    result = tjekliste("rapport", str(path), "--base-url", "https://eksempel.dk/", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    text = result.stdout
    for heading in (
        "# Rapport: Et prøvemøde",
        "## Samlet status",
        "## Det mangler",
        "## Alle svar",
    ):
        assert heading in text
    assert "Dagsordenen starter med forældrenes fortælling." in text.split("## Det mangler")[1]
    out = tmp_path / "rapport.html"
    result = tjekliste("rapport", str(path), "--format", "html", "-o", str(out), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    soup = BeautifulSoup(out.read_text(encoding="utf-8"), "html.parser")
    assert soup.html["lang"] == "da"
    assert soup.h1.get_text() == "Rapport: Et prøvemøde"
    assert "Forældrene er indkaldt i god tid." in soup.get_text()


def test_report_links_to_the_built_handbook(tmp_path: Path) -> None:
    """Run in a project (its ubproject.toml, checklists/ and build/html/), the report links to
    that project's built handbook by default."""
    shutil.copy(REPO / "ubproject.toml", tmp_path / "ubproject.toml")
    shutil.copytree(VALID, tmp_path / "checklists")
    html = tmp_path / "build" / "html"
    html.mkdir(parents=True)
    needs = {
        "PR_FS_TILLID_MOEDER": {
            "id": "PR_FS_TILLID_MOEDER",
            "docname": "kerneelementer/foraeldresamarbejde",
            "title": "Retningslinjer for tillid på møder med forældre",
        }
    }
    (html / "needs.json").write_text(
        json.dumps({"current_version": "x", "versions": {"x": {"needs": needs}}}), "utf-8"
    )
    path = _answer_file(tmp_path, "svar.json", {"dagsorden": "nej"}, "2026-11-22")
    reports = tmp_path / "rapporter"
    reports.mkdir()
    out = reports / "r.md"
    result = handbog("tjekliste", "rapport", str(path), "-o", str(out), cwd=reports)
    assert result.returncode == 0, result.stderr
    text = out.read_text(encoding="utf-8")
    expected = "(../build/html/kerneelementer/foraeldresamarbejde.html#PR_FS_TILLID_MOEDER)"
    assert f"[Retningslinjer for tillid på møder med forældre]{expected}" in text


def test_compare_before_and_after(tmp_path: Path) -> None:
    before = _answer_file(
        tmp_path,
        "foer.json",
        {"indkaldt": "nej", "dagsorden": "ja", "referent": "nej"},
        "2026-01-10",
    )
    after = _answer_file(
        tmp_path,
        "efter.json",
        {"indkaldt": "ja", "dagsorden": "nej", "referent": "ja"},
        "2026-11-22",
    )
    result = tjekliste("sammenlign", str(before), str(after), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    text = result.stdout
    assert text.startswith("# Sammenligning: Et prøvemøde")
    assert "| Dato | 2026-01-10 | 2026-11-22 |" in text
    improved = text.split("## Forbedret")[1].split("\n## ")[0]
    assert "Forældrene er indkaldt i god tid." in improved and "Der er en referent." in improved
    worsened = text.split("## Forværret")[1].split("\n## ")[0]
    assert "Dagsordenen starter med forældrenes fortælling." in worsened
    out = tmp_path / "s.html"
    result = tjekliste(
        "sammenlign", str(before), str(after), "--format", "html", "-o", str(out), cwd=tmp_path
    )
    assert result.returncode == 0
    assert "Forværret" in [
        h.get_text() for h in BeautifulSoup(out.read_text("utf-8"), "html.parser").find_all("h2")
    ]


# -- valider, liste --------------------------------------------------------------------------


def test_validate_the_real_checklists(tmp_path: Path) -> None:
    result = handbog("tjekliste", "--tjeklister", str(REPO / "checklists"), "valider", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    count = len(list((REPO / "checklists").glob("*.yaml")))
    assert f"{count} fil(er) kontrolleret" in result.stdout


def test_validate_reports_every_broken_file_and_exits_1(tmp_path: Path) -> None:
    files = [
        BROKEN / "stavefejl.yaml",
        BROKEN / "forkert-praefiks.yaml",
        BROKEN / "yaml-syntaks.yaml",
    ]
    result = tjekliste("valider", *map(str, files), cwd=tmp_path)
    assert result.returncode == 1
    err = result.stderr
    assert "stavefejl.yaml:18:9: ukendt felt 'tjeker' — mente du 'tjekker'?" in err
    assert "forkert-praefiks.yaml:15:" in err and "KI_JENSEN2019" in err
    assert "yaml-syntaks.yaml:14:" in err
    assert "3 problem(er) i 3 fil(er)" in err


def test_validate_answers_files(tmp_path: Path) -> None:
    good = _answer_file(tmp_path, "svar.json", {"indkaldt": "ja"}, "2026-11-22")
    result = tjekliste("valider", str(good), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    data = saved(good)
    data["answers"]["indkaldt"]["note"] = "010203-1234"
    bad = tmp_path / "cpr.json"
    bad.write_text(json.dumps(data, indent=2), encoding="utf-8")
    result = tjekliste("valider", str(bad), cwd=tmp_path)
    assert result.returncode == 1
    assert "cpr.json:" in result.stderr and "CPR-nummer" in result.stderr


def test_list(tmp_path: Path) -> None:
    result = tjekliste("liste", cwd=tmp_path)
    assert result.returncode == 0
    assert "moede" in result.stdout and "Et prøvemøde" in result.stdout
    assert "Selvvurdering" in result.stdout and KIND_LABELS["do-confirm"] in result.stdout


def test_the_installed_script(tmp_path: Path) -> None:
    script = shutil.which("handbog", path=str(Path(sys.executable).parent))
    if script is None:
        pytest.skip("the handbog script is not installed in this environment")
    result = subprocess.run(
        [script, "tjekliste", "--tjeklister", str(VALID), "liste"],
        cwd=tmp_path, capture_output=True, text=True, env=ENV, timeout=60,
    )  # fmt: skip
    assert result.returncode == 0 and "grader" in result.stdout


def test_unwritable_output_is_a_clear_error(tmp_path: Path) -> None:
    path = _answer_file(tmp_path, "svar.json", {"indkaldt": "ja"}, "2026-11-22")
    target = tmp_path / "findes-ikke" / "r.md"
    result = tjekliste("rapport", str(path), "-o", str(target), cwd=tmp_path)
    assert result.returncode == 1
    assert "kunne ikke læse eller skrive" in result.stderr and "r.md" in result.stderr


# -- Damaged answers files: as strict as the browser (issue 14) ------------------------------

ALLOWED = "ja, nej, ikke-relevant"


def _damaged(tmp_path: Path, name: str, change) -> Path:
    path = _answer_file(tmp_path, name, {"indkaldt": "ja", "dagsorden": "nej"}, "2026-11-22")
    data = saved(path)
    change(data)
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")
    return path


def _every_reader(path: Path, tmp_path: Path, *extra: str) -> list[subprocess.CompletedProcess]:
    good = _answer_file(tmp_path, "god.json", {"indkaldt": "ja"}, "2026-01-10")
    return [
        tjekliste("rapport", str(path), *extra, cwd=tmp_path),
        tjekliste("sammenlign", str(good), str(path), *extra, cwd=tmp_path),
        tjekliste("udfyld", "moede", "--fra", str(path), *extra, cwd=tmp_path),
        tjekliste("valider", str(path), *extra, cwd=tmp_path),
    ]


def test_a_checklist_version_it_never_had_is_an_error(tmp_path: Path) -> None:
    path = _damaged(tmp_path, "fremtid.json", lambda d: d.update(checklist_version=7))
    for result in _every_reader(path, tmp_path):
        assert result.returncode == 1, (result.args, result.stderr)
        err = result.stderr
        assert "fremtid.json" in err
        assert "version 7 af tjeklisten 'moede'" in err and "version 1 til 2" in err
        assert "--accepter-fejl" in err
    accepted = tjekliste("rapport", str(path), "--accepter-fejl", cwd=tmp_path)
    assert accepted.returncode == 0, accepted.stderr
    assert "bemærk" in accepted.stderr and "accepteret med --accepter-fejl" in accepted.stderr
    assert "version 7" in accepted.stdout  # the report says so too


def test_a_value_off_the_scale_is_an_error_naming_file_item_and_allowed_values(
    tmp_path: Path,
) -> None:
    path = _damaged(
        tmp_path, "skala.json", lambda d: d["answers"]["dagsorden"].update(value="maaske")
    )
    for result in _every_reader(path, tmp_path):
        assert result.returncode == 1, (result.args, result.stderr)
        err = result.stderr
        assert "skala.json" in err and "'maaske'" in err and "'dagsorden'" in err
        assert f"tilladt er: {ALLOWED}" in err
    accepted = tjekliste("rapport", str(path), "--accepter-fejl", cwd=tmp_path)
    assert accepted.returncode == 0, accepted.stderr
    assert "'maaske'" in accepted.stderr
    assert "4 er ubesvarede" in accepted.stdout  # dagsorden counts as unanswered


def test_an_unknown_item_in_the_current_version_is_an_error(tmp_path: Path) -> None:
    path = _damaged(
        tmp_path,
        "ukendt.json",
        lambda d: d["answers"].update({"opdigtet-punkt": {"value": "ja", "note": ""}}),
    )
    for result in _every_reader(path, tmp_path):
        assert result.returncode == 1, (result.args, result.stderr)
        err = result.stderr
        assert "ukendt.json" in err
        assert "punktet 'opdigtet-punkt' findes ikke i version 2" in err
    accepted = tjekliste("valider", str(path), "--accepter-fejl", cwd=tmp_path)
    assert accepted.returncode == 0, accepted.stderr
    assert "opdigtet-punkt" in accepted.stderr
    # the file is not changed by reading it, accepted or not
    assert "opdigtet-punkt" in saved(path)["answers"]


def test_answers_to_an_older_version_are_carried_over_and_reported(tmp_path: Path) -> None:
    def older(data: dict) -> None:
        data["checklist_version"] = 1
        data["answers"]["fjernet-punkt"] = {"value": "ja", "note": ""}
        data["answers"]["referent"] = {"value": "3", "note": ""}  # off today's scale

    path = _damaged(tmp_path, "gammel.json", older)
    result = tjekliste("rapport", str(path), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    for text in (result.stderr, result.stdout):
        assert "version 1" in text
        assert "Ført over: 2 svar (indkaldt, dagsorden)" in text
        assert "fjernet-punkt" in text
        assert "'3' på punktet 'referent'" in text
    compared = tjekliste(
        "sammenlign",
        str(path),
        str(_answer_file(tmp_path, "ny.json", {"indkaldt": "ja"}, "2026-12-01")),
        cwd=tmp_path,
    )
    assert compared.returncode == 0, compared.stderr
    assert "Ført over" in compared.stdout


def test_fill_refuses_the_beginning_of_a_cpr_number(tmp_path: Path) -> None:
    answers = tmp_path / "svar.json"
    result = tjekliste(
        "udfyld",
        "moede",
        "--svar",
        str(answers),
        cwd=tmp_path,
        stdin=lines(
            "01.01.90-12",  # enhed: the beginning of a (made-up) CPR-like number
            "Skole Ø",
            "",
            "",
            "j",
            "barnet 01 01 90",  # refused
            "mødet 01-01-2024 kl. 12:30, tlf. +45 12 34 56 78",
        ),
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.count("begyndelsen på et CPR-nummer") == 2
    data = saved(answers)
    assert data["context"]["enhed"] == "Skole Ø"
    assert data["answers"]["indkaldt"]["note"] == (
        "mødet 01-01-2024 kl. 12:30, tlf. +45 12 34 56 78"
    )
    text = answers.read_text(encoding="utf-8")
    assert "01.01.90" not in text and "01 01 90" not in text


def test_a_file_larger_than_any_answers_file_is_refused_unread(tmp_path):
    """The browser's limit (the form's data-max-bytes) holds on the command line too."""
    from handbog.checklists.answers import MAX_FILE_BYTES, read_answers
    from handbog.checklists.errors import AnswersError

    path = tmp_path / "stor.json"
    path.write_text('{"note": "' + "x" * MAX_FILE_BYTES + '"}', encoding="utf-8")
    with pytest.raises(AnswersError) as caught:
        read_answers(path)
    message = str(caught.value)
    assert "stor.json" in message and "fylder 1,0 MB" in message and "højst 1,0 MB" in message


def test_the_guide_states_the_limit_the_code_uses():
    from handbog.checklists.answers import MAX_FILE_BYTES

    guide = (REPO / "docs" / "tjeklister" / "index.md").read_text(encoding="utf-8")
    assert f"større end {MAX_FILE_BYTES / 1_000_000:g} MB" in guide
