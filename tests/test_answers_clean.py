"""'handbog tjekliste rens': the way out for an answers file refused for a CPR-like text.

The file is made as a user makes it (an answers file saved by 'udfyld'), then damaged the way
issue 22 met it: a note with a CPR-like number. It is refused everywhere, with a message that
names the file, the note and this command; 'rens' writes a clean copy beside it, never over it,
and the copy opens and counts in the overview.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from test_checklist_cli import lines, tjekliste

from handbog.data.privacy import MASK, could_become_cpr, mask_cpr

CPR_LIKE = "010203-" + "1234"  # split, so the repository holds no CPR-like text


@pytest.fixture
def refused(tmp_path: Path) -> Path:
    path = tmp_path / "nordskolen.json"
    made = tjekliste(
        "udfyld",
        "moede",
        "--svar",
        str(path),
        "--runde",
        "2026 før",
        cwd=tmp_path,
        stdin=lines("Nordskolen", "leder", "2026-02-03", "j", "god snak"),
    )
    assert made.returncode == 0, made.stderr
    data = json.loads(path.read_text(encoding="utf-8"))
    item = next(iter(data["answers"]))
    data["answers"][item]["note"] = f"ringede til {CPR_LIKE} bagefter"
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")
    return path


def test_a_refused_file_names_the_note_and_the_way_out(refused: Path, tmp_path: Path):
    result = tjekliste("rapport", str(refused), cwd=tmp_path)
    assert result.returncode != 0 and "Traceback" not in result.stderr
    said = " ".join(result.stderr.split())
    assert refused.name in said and "noten til" in said
    assert f"handbog tjekliste rens {refused.name}" in said


def test_rens_writes_a_clean_copy_and_never_touches_the_original(refused: Path, tmp_path: Path):
    before = refused.read_bytes()
    result = tjekliste("rens", str(refused), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    copy = refused.with_name("nordskolen-renset.json")
    assert refused.read_bytes() == before
    assert "noten til" in result.stdout and str(copy) in " ".join(result.stdout.split())
    data = json.loads(copy.read_text(encoding="utf-8"))
    notes = [a["note"] for a in data["answers"].values()]
    assert f"ringede til {MASK} bagefter" in notes
    assert data["context"]["runde"] == "foer" and data["context"]["periode"] == "2026"
    # The copy is an ordinary answers file: the report and the overview take it.
    assert tjekliste("rapport", str(copy), cwd=tmp_path).returncode == 0
    out = tmp_path / "o.csv"
    summary = tjekliste("samlet", str(copy), "--csv", str(out), cwd=tmp_path)
    assert summary.returncode == 0, summary.stderr
    # A second run refuses to overwrite the copy, and says how to choose another name.
    again = tjekliste("rens", str(refused), cwd=tmp_path)
    assert again.returncode != 0 and "findes allerede" in again.stderr and "-o" in again.stderr
    assert copy.read_text(encoding="utf-8") == json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def test_rens_on_a_clean_file_writes_nothing(tmp_path: Path):
    path = tmp_path / "ren.json"
    made = tjekliste(
        "udfyld", "moede", "--svar", str(path), cwd=tmp_path, stdin=lines("Nordskolen", "", "")
    )
    assert made.returncode == 0, made.stderr
    result = tjekliste("rens", str(path), cwd=tmp_path)
    assert result.returncode == 0 and "intet, der ligner et CPR-nummer" in result.stdout
    assert sorted(p.name for p in tmp_path.iterdir()) == ["ren.json"]


def test_rens_refuses_what_is_not_an_answers_file(tmp_path: Path):
    other = tmp_path / "andet.json"
    other.write_text('{"navn": "noget andet"}', encoding="utf-8")
    result = tjekliste("rens", str(other), cwd=tmp_path)
    assert result.returncode != 0 and "ikke en svarfil" in result.stderr
    assert "Traceback" not in result.stderr
    missing = tjekliste("rens", str(tmp_path / "findes-ikke.json"), cwd=tmp_path)
    assert missing.returncode != 0 and "findes ikke" in missing.stderr


@pytest.mark.parametrize(
    "text",
    [
        f"spurgt om {CPR_LIKE}",
        "0102 03 1234",
        "mødet 01.02.03 kl. 10",
        "to numre: 010203 og 020304-5678",
    ],
)
def test_masking_leaves_nothing_the_guard_refuses(text: str):
    masked = mask_cpr(text)
    assert could_become_cpr(text) and not could_become_cpr(masked) and MASK in masked


@pytest.mark.parametrize("text", ["år 2024", "tlf +45 12 34 56 78", "uge 12, 3 møder"])
def test_masking_leaves_other_numbers_alone(text: str):
    assert mask_cpr(text) == text
