"""Keep personal data about children out of checklist answers.

Notes and context fields in an answers file are free text. The handbook's rule is that they
describe how the work was done, never a child or a family. A Danish personal identity number
(CPR number) is the clearest sign that someone is about to break that rule, so text that looks
like one is refused, with an explanation in Danish.

The same check runs in the browser form (JavaScript) and on the command line (this module),
so :data:`CPR_PATTERN` is written in the common subset of Python's ``re`` and JavaScript's
``RegExp``: only ``[0-9]`` (not ``\\d``, which matches other digits in Python), a plain group
instead of a look-behind, and ``\\u`` escapes that both understand. Port it verbatim::

    const CPR_PATTERN = new RegExp(<the string below>);   // no flags
"""

from __future__ import annotations

import re

#: A CPR-like number: DDMMYY followed by four digits, with an optional separator (space,
#: hyphen, en dash or no-break space) between the two parts. Day 01–31, month 01–12. The
#: number must not be part of a longer run of digits (a phone number or an amount).
CPR_PATTERN = (
    r"(^|[^0-9])"
    r"(0[1-9]|[12][0-9]|3[01])"  # day
    r"(0[1-9]|1[0-2])"  # month
    r"[0-9]{2}"  # year
    r"[-\u2013\u00a0 ]?"  # optional separator
    r"[0-9]{4}"  # serial number
    r"(?![0-9])"
)
_CPR = re.compile(CPR_PATTERN)

#: What the user is told when a text is refused.
CPR_MESSAGE = (
    "teksten ligner et CPR-nummer og kan ikke gemmes. Tjeklisternes svar må ikke indeholde "
    "personoplysninger om børn eller familier: skriv om, hvordan I har arbejdet, ikke om hvem. "
    "Fjern nummeret og skriv igen."
)


def looks_like_cpr(text: str | None) -> bool:
    """True if ``text`` contains something shaped like a Danish CPR number."""
    return text is not None and _CPR.search(text) is not None


def cpr_problem(text: str | None, field: str) -> str | None:
    """A Danish message naming ``field`` if its text looks like a CPR number, else None."""
    if looks_like_cpr(text):
        return f"{field}: {CPR_MESSAGE}"
    return None
