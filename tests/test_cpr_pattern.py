"""The CPR guard of handbog.data.privacy: every accepted and refused example of its
docstring, every keystroke of the refused ones, and the one definition shared with the browser.

All numbers here are made up (day 01, month 01, year 90 and the like); none belongs to anyone.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess

import pytest

from handbog.data import privacy
from handbog.data.privacy import (
    CPR_PATTERN,
    CPR_START_PATTERN,
    could_become_cpr,
    cpr_problem,
    cpr_refusal,
    looks_like_cpr,
)

#: Whole CPR-like numbers, in every format the docstring lists (all made up).
WHOLE = [
    "0101901234",
    "010190-1234",
    "010190\u20111234",  # non-breaking hyphen
    "010190\u20131234",  # en dash
    "010190\u20141234",  # em dash
    "010190\u22121234",  # minus sign
    "010190\u00a01234",  # no-break space
    "010190 1234",
    "010190 - 1234",
    "010190.1234",
    "010190/1234",
    "010190-12 34",
    "01 01 90 12 34",
    "01.01.90-1234",
    "01-01-90-1234",
    "01/01/90 1234",
    "01.01.90.12.34",
    "01\u201101\u201190\u20111234",
    "Barnet har cpr 010190-1234",
    "nr. 5 010190-1234",
    "cpr:0101901111",
    "se 311299-0001.",
]
#: The beginning of one: refused, but not a whole number.
START = [
    "010190",
    "010190-12",
    "Barnet har cpr 010190-123",
    "01 01 90",
    "01.01.90-123",
    "01.01.24",
    "24-12-25",
    "01012024",
    "21019012",
    "+45 21019012",
    "21 01 90 12",
    "01-01-20",
]
#: Ordinary numbers: accepted.
ORDINARY = [
    "",
    "1.1.2024",
    "01.01.2024",
    "01-01-2024",
    "2024-01-01",
    "2024-01-01 12:30",
    "mødet 22-11-2026 kl. 10",
    "2024",
    "12:30",
    "kl. 10.30",
    "12.500 kr.",
    "1.250.000 kr.",
    "12.100.000 kr.",
    "+45 12 34 56 78",
    "+45 21 01 90 12",
    "tlf. 12 34 56 78",
    "12345678901",
    "320190-1234",  # day 32
    "011390-1234",  # month 13
    "3 møder i 2024, telefon 12 34 56 78",
]


@pytest.mark.parametrize("text", WHOLE)
def test_whole_cpr_like_numbers_are_refused(text: str) -> None:
    assert looks_like_cpr(text)
    assert could_become_cpr(text)
    message = cpr_problem(text, "noten")
    assert message is not None and message.startswith("noten: teksten ligner et CPR-nummer")


@pytest.mark.parametrize("text", START)
def test_the_beginning_of_one_is_refused(text: str) -> None:
    assert not looks_like_cpr(text)
    assert could_become_cpr(text)
    message = cpr_problem(text, "enhed")
    assert message is not None and "begyndelsen på et CPR-nummer" in message
    refusal = cpr_refusal(text)
    assert refusal is not None and refusal.startswith("Teksten indeholder")


@pytest.mark.parametrize("text", ORDINARY)
def test_ordinary_numbers_are_accepted(text: str) -> None:
    assert not looks_like_cpr(text)
    assert not could_become_cpr(text)
    assert cpr_problem(text, "noten") is None
    assert cpr_refusal(text) is None


def _digits(text: str) -> int:
    return sum(ch.isdigit() for ch in text)


@pytest.mark.parametrize("text", [t for t in WHOLE if t[0].isdigit()])
def test_every_keystroke_with_six_digits_or_more_is_refused(text: str) -> None:
    for end in range(1, len(text) + 1):
        typed = "Barnet har cpr " + text[:end]
        if _digits(text[:end]) >= 6:
            assert could_become_cpr(typed), repr(typed)


@pytest.mark.parametrize("text", ORDINARY)
def test_ordinary_numbers_are_refused_at_most_for_a_moment(text: str) -> None:
    """Typed key by key, an ordinary number is accepted once it is complete (a four-digit-year
    date may be held for one keystroke: '01-01-20' could still become a CPR number)."""
    typed = "Mødet " + text
    assert not could_become_cpr(typed)


def test_the_patterns_are_portable_to_javascript() -> None:
    for pattern in (CPR_PATTERN, CPR_START_PATTERN):
        assert "\\d" not in pattern  # \d matches other digits in Python
        assert "(?<" not in pattern  # no look-behind (older Safari)
        assert "(?P" not in pattern  # no named groups in Python syntax
        assert re.compile(pattern).search("x 010190-1234 y")


def test_every_whole_number_also_matches_the_start_pattern() -> None:
    assert all(re.search(CPR_START_PATTERN, text) for text in WHOLE)


def test_the_docstring_lists_the_examples() -> None:
    doc = privacy.__doc__ or ""
    for example in ("01 01 90 12 34", "01.01.90-1234", "01-01-90-1234", "+45 12 34 56 78"):
        assert example in doc
    for example in ("1.1.2024", "01-01-2024", "2024-01-01", "12.500 kr.", "12:30"):
        assert example in doc


def test_javascript_reads_the_patterns_as_python_does() -> None:
    """The same pattern strings, compiled by JavaScript's RegExp (Node), give the same answer
    for every example: the common subset of the two dialects holds."""
    node = shutil.which("node") or shutil.which("nodejs")
    if node is None:
        pytest.skip("Node.js findes ikke på maskinen")
    texts = WHOLE + START + ORDINARY
    script = (
        "const [whole, start, texts] = JSON.parse(require('fs').readFileSync(0, 'utf8'));"
        "const w = new RegExp(whole), s = new RegExp(start);"
        "console.log(JSON.stringify(texts.map(t => [w.test(t), s.test(t)])));"
    )
    result = subprocess.run(
        [node, "-e", script],
        input=json.dumps([CPR_PATTERN, CPR_START_PATTERN, texts]),
        capture_output=True,
        text=True,
        check=True,
    )
    expected = [[looks_like_cpr(t), could_become_cpr(t)] for t in texts]
    assert json.loads(result.stdout) == expected
