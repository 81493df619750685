"""Rounds of a repeated assessment: a period and a phase, for example »2026 · før«.

The one rule for what a round is, used by the overview of many files (:mod:`.aggregate` and,
through the checklist contract, ``static/checklist/overblik.js``) and by the command line's
``udfyld --runde``:

* A file's round is its ``context.periode`` (a year or a school year, may be empty) and its
  ``context.runde`` (the phase: foer, under, efter). Files of one unit answered on different
  days belong to the same round: the date never splits or numbers rounds.
* Rounds are ordered by period (a file without a period first), then by phase.
* A file without a phase has no round. When some files have a round, such a file is not
  counted (it would otherwise be pooled with a round it may not belong to) and is named with
  the way to give it one; when no file has a round, all files are one round, »Uden runde«,
  and a unit with files from more than one date is named.
"""

from __future__ import annotations

import re
from typing import Any

from .model import WHEN, WHEN_LABELS

#: The title of the one round of files that have none.
NO_ROUND = "Uden runde"
#: A period as the answers schema allows it: a year, or a school year such as 2026/27.
PERIOD_PATTERN = r"^[0-9]{4}(/[0-9]{2})?$"
#: How a round is named: the period and the phase, or the phase alone without a period.
TITLE = "{period} · {phase}"
#: The sortable key of a round in the CSV: the period (»-« without one, which sorts first),
#: the phase's place and its id, so that sorting the text sorts the rounds in time.
KEY = "{period} {place} {phase}"
NO_PERIOD_KEY = "-"
NO_ROUND_KEY = "uden-runde"


def phase_of(text: str) -> str | None:
    """'før', 'Foer', 'efter' → the phase's id, or None."""
    wanted = text.strip().lower()
    for phase in WHEN:
        if wanted in (phase, WHEN_LABELS[phase].lower()):
            return phase
    return None


def title(period: str, phase: str | None) -> str:
    if phase is None:
        return NO_ROUND
    label = WHEN_LABELS[phase]
    return TITLE.format(period=period, phase=label.lower()) if period else label


def key(period: str, phase: str | None) -> str:
    if phase is None:
        return NO_ROUND_KEY
    return KEY.format(period=period or NO_PERIOD_KEY, place=WHEN.index(phase) + 1, phase=phase)


def order(period: str, phase: str) -> tuple[str, int]:
    return (period, WHEN.index(phase))


class RoundError(ValueError):
    """A round the user typed that is not one (the message is Danish)."""


def parse(text: str) -> tuple[str, str]:
    """'2026 før', '2026/27 · efter', 'før 2026' or 'under' → (period, phase)."""
    words = [w for w in re.split(r"[\s·:,]+", text.strip()) if w]
    periods = [w for w in words if re.fullmatch(PERIOD_PATTERN, w)]
    phases = [p for p in (phase_of(w) for w in words) if p]
    if len(words) != len(periods) + len(phases) or len(phases) != 1 or len(periods) > 1:
        choices = ", ".join(WHEN_LABELS[p].lower() for p in WHEN)
        raise RoundError(
            f"runden '{text}' kan ikke læses. Skriv en fase ({choices}), gerne med året eller "
            "skoleåret foran, fx '2026 før' eller '2026/27 efter'."
        )
    return (periods[0] if periods else "", phases[0])


def contract_part() -> dict[str, Any]:
    """The rule for the browser (overblik.js reads it from the checklist contract)."""
    return {
        "phases": list(WHEN),
        "no_round": NO_ROUND,
        "title": TITLE,
        "key": KEY,
        "no_period_key": NO_PERIOD_KEY,
        "no_round_key": NO_ROUND_KEY,
        "period_pattern": PERIOD_PATTERN,
    }


__all__ = ["NO_ROUND", "PERIOD_PATTERN", "RoundError", "contract_part", "key", "parse", "title"]
