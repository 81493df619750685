"""The one number rule of the checklists: ranks, levels, rounding and Danish numbers.

The one-file report (``handbog tjekliste rapport``, ``sammenlign``, ``udfyld``), the overview
of many files (``samlet``: HTML, Markdown and CSV), the browser form and the overview page
all show levels and shares. They show them by this module's rule, and the browser gets the
rule as data in the checklist contract (:mod:`.contract`, ``number``), so that an answers
file with 2, 2, 2 and 3 in one section shows 2,3 everywhere.

Rules
-----

* The *rank* of an answer is its place on a self-assessment's scale (0 for the lowest step),
  1 for ``ja`` and 0 for ``nej``. ``ikke relevant``, an unanswered item and an answer off the
  scale have no rank and are left out of every mean.
* A *level* is the mean rank of the answers counted, kept as an exact fraction
  (:class:`fractions.Fraction`): means of means (a unit's files pooled, then every unit
  counting the same) and changes between rounds stay exact, so no binary floating-point
  residue can move a figure across a rounding boundary.
* The *step* a level names is the scale step it rounds down to (2,9 is still step 2).
* Figures are rounded **half up** (a tie goes away from zero, :data:`decimal.ROUND_HALF_UP`)
  to one decimal (two in the CSV, none for a percentage) and written with a decimal comma.
  That is the rounding a Danish reader learns at school and checks with pen and paper:
  2,25 → 2,3 and 12,5 % → 13 %. Python's ``round``/``format`` round the binary value to
  even, which turned 2,25 into 2,2 in the report while the overview said 2,3.
"""

from __future__ import annotations

import decimal
import math
from collections.abc import Iterable
from fractions import Fraction
from typing import Any

from .model import NOT_RELEVANT, Checklist, ScaleStep

#: A level: an exact mean of ranks.
Level = Fraction

#: Decimals shown for a level (the CSV shows :data:`CSV_DECIMALS`).
DECIMALS = 1
CSV_DECIMALS = 2
#: A percentage is shown without decimals.
PERCENT_DECIMALS = 0
#: The decimal separator of Danish.
SEPARATOR = ","
#: What is shown where there is no figure.
NO_FIGURE = "–"
#: The rounding mode, by the name the :mod:`decimal` module and the contract give it.
ROUNDING = "half-up"


def rank(checklist: Checklist, step: ScaleStep | None) -> int | None:
    """The rank of an answer on the scale, or None if it is not counted."""
    if step is None or step.value == NOT_RELEVANT:
        return None
    if checklist.graded:
        return checklist.scale.index(step)
    return 1 if step.done else 0


def ranks(checklist: Checklist) -> dict[str, int | None]:
    """Each scale step's rank (None: ``ikke relevant``)."""
    return {step.value: rank(checklist, step) for step in checklist.scale}


def top(checklist: Checklist) -> int:
    """The highest rank on the scale."""
    return max(r for r in ranks(checklist).values() if r is not None)


def done_threshold(checklist: Checklist) -> int:
    """The lowest rank that counts as *på plads*."""
    known = ranks(checklist)
    return min(r for s in checklist.scale if s.done and (r := known[s.value]) is not None)


def mean(values: Iterable[Fraction | int | None]) -> Level | None:
    """The exact mean of the known values (None when there are none)."""
    known = [Fraction(v) for v in values if v is not None]
    if not known:
        return None
    return sum(known, Fraction(0)) / len(known)


def step_of(checklist: Checklist, level: Fraction) -> ScaleStep:
    """The scale step a level rounds down to."""
    return checklist.scale[min(math.floor(level), len(checklist.scale) - 1)]


def rounded(value: Fraction | int, decimals: int = DECIMALS) -> decimal.Decimal:
    """``value`` rounded half up (away from zero on a tie) to ``decimals`` places.

    The fraction is divided in a decimal context with far more digits than any checklist can
    need (a ``Fraction`` that is not a finite decimal lies at least 1/denominator away from
    every tie), so the tie test is made on the exact value, never on a binary float.
    """
    exact = Fraction(value)
    with decimal.localcontext() as context:
        context.prec = 60
        quotient = decimal.Decimal(exact.numerator) / decimal.Decimal(exact.denominator)
        result = quotient.quantize(decimal.Decimal(1).scaleb(-decimals), decimal.ROUND_HALF_UP)
    return result if result else abs(result)  # never "-0,0"


def number(value: Fraction | int | None, decimals: int = DECIMALS) -> str:
    """A Danish figure: ``2,3``; ``–`` for no figure."""
    if value is None:
        return NO_FIGURE
    return f"{rounded(value, decimals):f}".replace(".", SEPARATOR)


def signed(value: Fraction | int | None, decimals: int = DECIMALS) -> str:
    """A change: ``+0,5``, ``-0,3``, ``0,0``."""
    if value is None:
        return NO_FIGURE
    text = number(value, decimals)
    return text if text.startswith("-") or not rounded(value, decimals) else "+" + text


def percent(part: int, whole: int) -> str:
    """``part`` of ``whole`` as a percentage: ``13 %``; ``–`` when ``whole`` is 0."""
    if not whole:
        return NO_FIGURE
    return f"{number(Fraction(100 * part, whole), PERCENT_DECIMALS)} %"


def rule() -> dict[str, Any]:
    """The number rule as data, for the browser (the contract's ``number``)."""
    return {
        "decimals": DECIMALS,
        "csv_decimals": CSV_DECIMALS,
        "percent_decimals": PERCENT_DECIMALS,
        "rounding": ROUNDING,
        "separator": SEPARATOR,
        "none": NO_FIGURE,
    }


__all__ = [
    "Level",
    "done_threshold",
    "mean",
    "number",
    "percent",
    "rank",
    "ranks",
    "rounded",
    "rule",
    "signed",
    "step_of",
    "top",
]
