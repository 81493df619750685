"""The one number rule (handbog.checklists.scoring): exact levels, half up, decimal comma.

The report, the overview and the browser show the same figures because they all use it; these
are the rule's own cases, computed by hand.
"""

from __future__ import annotations

from fractions import Fraction

import pytest
from conftest import REPO

from handbog.checklists import load_checklist
from handbog.checklists.answers import AnswerSet
from handbog.checklists.engine import evaluate
from handbog.checklists.report import assessment_markdown
from handbog.checklists.scoring import mean, number, percent, rounded, signed


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (Fraction(9, 4), "2,3"),  # 2, 2, 2 and 3: the case of issue 21
        (Fraction(3, 4), "0,8"),
        (Fraction(1, 4), "0,3"),
        (Fraction(21, 8), "2,6"),  # 2,625 → 2,6 (not a tie at one decimal)
        (Fraction(23, 20), "1,2"),  # 1,15: a tie that the float 1.15 (1.1499…) would lose
        (Fraction(-1, 4), "-0,3"),  # away from zero: a fall of 0,25 looks as large as a rise
        (Fraction(-1, 40), "0,0"),  # never "-0,0"
        (Fraction(2, 3), "0,7"),
        (3, "3,0"),
    ],
)
def test_one_decimal_half_up_on_the_exact_value(value, shown):
    assert number(value) == shown


def test_two_decimals_percent_changes_and_no_figure():
    assert number(Fraction(1, 3), 2) == "0,33"
    assert number(Fraction(9, 8), 2) == "1,13"  # 1,125
    assert [percent(1, 8), percent(3, 8), percent(0, 0)] == ["13 %", "38 %", "–"]
    assert [signed(0), signed(Fraction(2, 3)), signed(-1), signed(None)] == [
        "0,0",
        "+0,7",
        "-1,0",
        "–",
    ]
    assert signed(Fraction(-1, 40)) == "0,0"
    assert str(rounded(Fraction(5, 2), 0)) == "3"


def test_means_are_exact_fractions():
    assert mean([2, 2, 2, 3]) == Fraction(9, 4)
    assert mean([None, 1, None]) == 1
    assert mean([None]) is None
    assert mean([Fraction(21, 10), Fraction(12, 5)]) == Fraction(9, 4)  # 2,1 and 2,4


def test_the_report_shows_2_25_as_2_3():
    checklist = load_checklist(REPO / "checklists" / "kompetencer.yaml")
    section = checklist.sections[0]
    answers = AnswerSet.new(checklist)
    values = [step.value for step in checklist.scale]
    for item, position in zip(section.items, [2, 2, 2, 3], strict=False):
        answers.set(item.id, values[position])
    markdown = assessment_markdown(evaluate(checklist, answers))
    assert "| 2,3 af " in markdown
    assert "2,2 af" not in markdown
