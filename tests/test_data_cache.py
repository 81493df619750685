"""Each data file is parsed once per version: a build that asks for a glossary term or a
checklist many times parses it once, and a file saved again is parsed again."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from handbog.checks import reader
from handbog.data import core
from handbog.glossary.data import DATA_FORMAT as GLOSSARY
from handbog.glossary.data import read_term

TERM = """\
# yaml-language-server: $schema=../src/handbog/schemas/glossary.schema.json
term: {term}
definition: >-
  En forklaring, som kun testen bruger, og som er lang nok til skemaet.
"""


@pytest.fixture
def parses(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """Every time a file is read from disk and parsed."""
    seen: list[Path] = []
    parse = core._read_yaml

    def counting(path: Path, fmt: core.DataFormat):  # type: ignore[no-untyped-def]
        seen.append(path)
        return parse(path, fmt)

    monkeypatch.setattr(core, "_read_yaml", counting)
    return seen


def _write(path: Path, text: str, mtime_ns: int) -> None:
    path.write_text(text, encoding="utf-8")
    os.utime(path, ns=(mtime_ns, mtime_ns))


def test_an_unchanged_file_is_read_once(tmp_path: Path, parses: list[Path]) -> None:
    path = tmp_path / "skoleleder.yaml"
    _write(path, TERM.format(term="skoleleder"), 1_700_000_000_000_000_000)
    first = read_term(path)
    second = read_term(path)
    assert parses == [path]
    assert first[0] is not None and second[0] is not None
    assert first[0].term == second[0].term == "skoleleder"


def test_a_changed_file_is_read_again(tmp_path: Path, parses: list[Path]) -> None:
    path = tmp_path / "skoleleder.yaml"
    _write(path, TERM.format(term="skoleleder"), 1_700_000_000_000_000_000)
    assert read_term(path)[0].term == "skoleleder"  # type: ignore[union-attr]
    # the same path, new content and a new modification time: as an editor saves it
    _write(path, TERM.format(term="Skoleleder"), 1_700_000_001_000_000_000)
    term, problems = read_term(path)
    assert parses == [path, path]
    assert term is not None and term.term == "Skoleleder"
    assert problems == []


def test_a_file_saved_with_the_same_time_and_size_is_read_again(
    tmp_path: Path, parses: list[Path]
) -> None:
    # an editor that saves twice within one tick of the file system's clock
    path = tmp_path / "skoleleder.yaml"
    _write(path, TERM.format(term="skoleleder"), 1_700_000_000_000_000_000)
    read_term(path)
    replacement = tmp_path / "ny.yaml"
    _write(replacement, TERM.format(term="skoleledeR"), 1_700_000_000_000_000_000)
    replacement.replace(path)
    term, _problems = read_term(path)
    assert len(parses) == 2
    assert term is not None and term.term == "skoleledeR"


def test_the_caller_gets_its_own_copy(tmp_path: Path, parses: list[Path]) -> None:
    path = tmp_path / "skoleleder.yaml"
    _write(path, TERM.format(term="skoleleder"), 1_700_000_000_000_000_000)
    data, problems = core.read_yaml(path, GLOSSARY)
    assert data is not None
    data["term"] = "ændret af kalderen"
    problems.append(core.Problem(path, 1, 1, "tilføjet af kalderen"))
    again, again_problems = core.read_yaml(path, GLOSSARY)
    assert parses == [path]
    assert again is not None and again["term"] == "skoleleder"
    assert again_problems == []
    # positions survive the copy: messages still point at the right line
    assert core.position(again, ["definition"]) == (4, 0)


def test_problems_name_the_file_as_the_caller_does(
    tmp_path: Path, parses: list[Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "skoleleder.yaml"
    _write(path, "term: skoleleder\n", 1_700_000_000_000_000_000)
    _data, problems = core.read_yaml(path, GLOSSARY)
    assert [p.path for p in problems] == [path]
    monkeypatch.chdir(tmp_path)
    _data, problems = core.read_yaml(Path("skoleleder.yaml"), GLOSSARY)
    assert parses == [path]
    assert [p.path for p in problems] == [Path("skoleleder.yaml")]
    assert str(problems[0]).startswith("skoleleder.yaml:1:1: første linje skal pege på skemaet")


def test_a_missing_file_is_a_problem_each_time(tmp_path: Path, parses: list[Path]) -> None:
    path = tmp_path / "findes-ikke.yaml"
    for _ in range(2):
        data, (problem,) = core.read_yaml(path, GLOSSARY)
        assert data is None and "filen findes ikke" in problem.message
    _write(path, TERM.format(term="findes-ikke"), 1_700_000_000_000_000_000)
    data, problems = core.read_yaml(path, GLOSSARY)
    assert data is not None and data["term"] == "findes-ikke" and problems == []


# -- Between builds ------------------------------------------------------------------------------


@pytest.fixture
def store(tmp_path: Path):  # type: ignore[no-untyped-def]
    """Readings kept in a file, as a build keeps them beside its doctrees; a new process
    (the next build) starts with none in memory."""
    path = tmp_path / "doctrees" / "handbog-datafiler.pickle"

    def new_process() -> None:
        core._READS.clear()
        core._DERIVED.clear()
        core.keep_readings(path)

    new_process()
    yield path, new_process
    core.keep_readings(None)


def test_the_next_build_uses_the_kept_reading(tmp_path: Path, parses: list[Path], store) -> None:  # type: ignore[no-untyped-def]
    path, new_process = store
    term = tmp_path / "skoleleder.yaml"
    _write(term, TERM.format(term="skoleleder"), 1_700_000_000_000_000_000)
    read_term(term)
    core.save_readings()
    assert path.is_file() and parses == [term]

    new_process()
    found, problems = read_term(term)
    assert parses == [term]  # not parsed again
    assert found is not None and found.term == "skoleleder" and problems == []
    assert core.position(found.data, ["definition"]) == (4, 0)

    # saved again with a new time: the next process parses it again
    _write(term, TERM.format(term="Skoleleder"), 1_700_000_002_000_000_000)
    new_process()
    found, _problems = read_term(term)
    assert parses == [term, term]
    assert found is not None and found.term == "Skoleleder"


def test_a_build_that_parsed_nothing_does_not_write_the_file_again(
    tmp_path: Path, parses: list[Path], store
) -> None:  # type: ignore[no-untyped-def]
    path, new_process = store
    term = tmp_path / "skoleleder.yaml"
    _write(term, TERM.format(term="skoleleder"), 1_700_000_000_000_000_000)
    read_term(term)
    core.save_readings()
    written = path.stat().st_mtime_ns
    new_process()
    read_term(term)
    os.utime(path, ns=(1, 1))
    core.save_readings()
    assert path.stat().st_mtime_ns == 1 != written  # unchanged readings: not written


def test_readings_kept_by_other_code_or_damaged_are_not_used(
    tmp_path: Path, parses: list[Path], store, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    path, new_process = store
    term = tmp_path / "skoleleder.yaml"
    _write(term, TERM.format(term="skoleleder"), 1_700_000_000_000_000_000)
    read_term(term)
    core.save_readings()
    # the package was updated between the builds: its messages may read differently
    with monkeypatch.context() as patch:
        patch.setattr(core, "_code_digest", lambda: "anden kode")
        new_process()
        read_term(term)
    assert parses == [term, term]
    path.write_bytes(b"ikke en pickle")
    new_process()
    found, _problems = read_term(term)
    assert len(parses) == 3 and found is not None and found.term == "skoleleder"


def test_the_editor_checks_prose_of_a_data_file_is_kept_between_builds(
    tmp_path: Path, store, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    """The prose the editor checks read in the checklists and glossary (reader.data_file):
    a rebuild with no change parsed all of them again, about a second of a 10-second build."""
    _path, new_process = store
    made: list[str] = []
    read = reader.read_yaml

    def counting(text, config=None, skip=()):  # type: ignore[no-untyped-def]
        made.append(text)
        return read(text, config, skip)

    monkeypatch.setattr(reader, "read_yaml", counting)
    term = tmp_path / "skoleleder.yaml"
    _write(term, TERM.format(term="skoleleder"), 1_700_000_000_000_000_000)
    first = reader.data_file(None, term)
    core.save_readings()
    new_process()
    again = reader.data_file(None, term)
    assert len(made) == 1
    assert first is not None and again is not None
    assert [p.text for p in again.pieces] == [p.text for p in first.pieces]
    _write(term, TERM.format(term="Skoleleder"), 1_700_000_001_000_000_000)
    reader.data_file(None, term)
    assert len(made) == 2


def test_the_key_of_a_kept_reading_is_the_same_in_every_process() -> None:
    """A set of MyST extensions prints in an order that follows Python's per-process string
    hashing: a key made from it would never match in the next build."""
    code = "from handbog.checks import reader; print(reader._stable(reader.parser_config()))"
    keys = {
        subprocess.run(
            [sys.executable, "-c", code],
            env={**os.environ, "PYTHONHASHSEED": seed},
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        for seed in ("1", "2", "3")
    }
    assert len(keys) == 1 and "colon_fence" in keys.pop()
