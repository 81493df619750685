"""Keep personal data about children out of checklist answers.

Notes and context fields in an answers file are free text. The handbook's rule is that they
describe how the work was done, never a child or a family. A Danish personal identity number
(CPR number, DDMMÅÅ-LLLL) is the clearest sign that someone is about to break that rule, so
text that looks like one, or like the beginning of one, is refused, with an explanation in
Danish.

One definition, two places
--------------------------

This module is the only definition. The browser does not carry a copy: the checklist
contract (:mod:`.contract`), which every checklist form and the overview page embed, holds
:data:`CPR_PATTERN` and :data:`CPR_START_PATTERN`, and ``svarfil.js`` builds its ``RegExp``
objects from them (no flags) for ``checklist.js`` and ``overblik.js``. A copy that a test
compares character by character can still be edited and forgotten until the test runs; data
written at build time cannot drift at all. The patterns are therefore written in the
common subset of Python's ``re`` and JavaScript's ``RegExp``: only ``[0-9]`` (not ``\\d``,
which matches other digits in Python), plain groups instead of look-behind (older Safari lacks
it), and ``\\u`` escapes that both understand.

What counts as a separator
--------------------------

Between the parts of the number (day, month, year, serial number) a writer may put up to three
of: space, no-break space (U+00A0), thin space (U+2009), narrow no-break space (U+202F),
hyphen-minus, hyphen (U+2010), non-breaking hyphen (U+2011), figure dash (U+2012), en dash
(U+2013), em dash (U+2014), horizontal bar (U+2015), minus sign (U+2212), small and full-width
hyphen-minus (U+FE63, U+FF0D), full stop and slash.

Refused (:func:`looks_like_cpr`: a whole CPR-like number)
--------------------------------------------------------

A valid day (01–31) and month (01–12), two year digits and four serial digits, not part of a
longer run of digits, in one of two shapes:

* the date written together: ``0101901234``, ``010190-1234``, ``010190‑1234`` (U+2011),
  ``010190–1234``, ``010190 1234``, ``010190 - 1234``, ``010190.1234``, ``010190/1234``,
  ``010190-12 34``;
* the date in separated pairs, with a separator also after the year: ``01 01 90 12 34``,
  ``01.01.90-1234``, ``01-01-90-1234``, ``01/01/90 1234``, ``01.01.90.12.34``.

Refused while typing and in files (:func:`could_become_cpr`: the beginning of one)
------------------------------------------------------------------------------

Anything that could still grow into the above: a valid DDMMÅÅ of six digits in one of the two
shapes, anywhere in the text (the cursor can be moved back), whatever follows: ``010190``,
``010190-12``, ``01 01 90``, ``01.01.90-123``. The browser never stores, exports or prints such
a value; it keeps the last value that was safe and says so next to the field. Consequences,
on purpose:

* a date with a two-digit year (``01.01.24``, ``24-12-25``) is refused: it *is* the first half
  of a CPR number. Write the year with four digits;
* a date written without separators (``01012024``) and eight-digit numbers in one run whose
  first six digits form a valid date (``21019012``, also after ``+45``) are refused;
* a phone number in pairs *without* ``+45`` whose first six digits form a valid date
  (``21 01 90 12``) is refused; write ``+45`` in front of it;
* while a four-digit-year date is typed, it is held back for one keystroke (``01-01-20`` could
  become ``01-01-20 12 34``); it is stored as soon as the next digit makes it a year.

Accepted (and why)
------------------

* dates with a four-digit year: ``1.1.2024``, ``01.01.2024``, ``01-01-2024``, ``2024-01-01``,
  ``2024-01-01 12:30`` – in separated pairs, a year followed directly by a digit is a
  four-digit year, not the year of a CPR number; an ISO date starts with the year;
* years (``2024``), times (``12:30``, ``kl. 10.30``: no month 30), amounts (``12.500 kr.``,
  ``1.250.000 kr.``: no valid day and month in the right places), counts;
* phone numbers with ``+45`` in pairs (``+45 12 34 56 78``, ``+45 21 01 90 12``): a pair that
  follows another number and a separator continues that number, so it cannot start a date;
* longer runs of digits (``12345678901``): a CPR number is not part of a longer number.

What is not caught (known limits): a CPR number in separated pairs directly after another
number and a separator (``nr. 5 01 01 90 12 34``; written together, ``nr. 5 010190-1234``, it
is caught), other groupings (``010 190 1234``), and numbers spelled out in words. The check is
a guard against slips, not a guarantee; the rule in the form's text is what matters.
"""

from __future__ import annotations

import re

#: The separator characters (see the module docstring), as the inside of a character class.
SEPARATORS = "\\-\\u2010-\\u2015\\u2212\\ufe63\\uff0d./ \\u00a0\\u2009\\u202f"
_SEP = f"[{SEPARATORS}]"
_DAY = "(0[1-9]|[12][0-9]|3[01])"
_MONTH = "(0[1-9]|1[0-2])"
_YEAR = "[0-9]{2}"
# Before a number written together: anything but a digit.
_LOOSE = "(^|[^0-9])"
# Before a number in separated pairs: not a digit or '+', and not a separator that itself
# follows a digit or '+' (so the pairs of '+45 21 01 90 12' or '2024-01-01 12:30' do not
# start a date).
_STRICT = f"(^|[^0-9+{SEPARATORS}]|(^|[^0-9+]){_SEP}+)"
_TOGETHER = f"{_DAY}{_MONTH}{_SEP}{{0,3}}{_YEAR}"
_PAIRS = f"{_DAY}{_SEP}{{1,3}}{_MONTH}{_SEP}{{1,3}}{_YEAR}"
_SERIAL = f"[0-9]{{2}}{_SEP}{{0,3}}[0-9]{{2}}(?![0-9])"

#: A whole CPR-like number (see the module docstring for what it accepts and refuses).
CPR_PATTERN = f"{_LOOSE}{_TOGETHER}{_SEP}{{0,3}}{_SERIAL}|{_STRICT}{_PAIRS}{_SEP}{{1,3}}{_SERIAL}"
#: The beginning of a CPR-like number: a valid DDMMÅÅ in either shape, whatever follows. Every
#: text that matches :data:`CPR_PATTERN` matches this one too.
CPR_START_PATTERN = f"{_LOOSE}{_TOGETHER}|{_STRICT}{_PAIRS}(?![0-9])"

_CPR = re.compile(CPR_PATTERN)
_CPR_START = re.compile(CPR_START_PATTERN)

#: What the user is told when a text is refused.
CPR_MESSAGE = (
    "teksten ligner et CPR-nummer og kan ikke gemmes. Tjeklisternes svar må ikke indeholde "
    "personoplysninger om børn eller familier: skriv om, hvordan I har arbejdet, ikke om hvem. "
    "Fjern nummeret og skriv igen."
)
#: What the user is told when a text holds the beginning of a CPR-like number.
CPR_START_MESSAGE = (
    "teksten indeholder noget, der ligner begyndelsen på et CPR-nummer (seks cifre, der kan "
    "læses som en dato DDMMÅÅ), og kan ikke gemmes. Tjeklisternes svar må ikke indeholde "
    "personoplysninger om børn eller familier. Skriv årstal med fire cifre (fx 01.01.2024) og "
    "telefonnumre med +45 foran."
)


def looks_like_cpr(text: str | None) -> bool:
    """True if ``text`` contains something shaped like a whole Danish CPR number."""
    return text is not None and _CPR.search(text) is not None


def could_become_cpr(text: str | None) -> bool:
    """True if ``text`` contains a CPR-like number or the beginning of one (a valid DDMMÅÅ)."""
    return text is not None and _CPR_START.search(text) is not None


def cpr_problem(text: str | None, field: str) -> str | None:
    """A Danish message naming ``field`` if its text looks like a CPR number or the beginning
    of one, else None."""
    if looks_like_cpr(text):
        return f"{field}: {CPR_MESSAGE}"
    if could_become_cpr(text):
        return f"{field}: {CPR_START_MESSAGE}"
    return None


def cpr_refusal(text: str | None) -> str | None:
    """The message (capitalised, without a field name) if ``text`` must be refused, else None."""
    message = cpr_problem(text, "")
    return message[2:3].upper() + message[3:] if message else None


#: What an editor is told when a page, a checklist or a glossary term holds a CPR-like number.
SOURCE_MESSAGE = (
    "teksten ligner et CPR-nummer. Håndbogen må ikke indeholde personoplysninger om børn eller "
    "familier, heller ikke i eksempler: fjern nummeret, eller skriv et eksempel uden cifre (fx "
    "»DDMMÅÅ-XXXX«)."
)


def cpr_lines(text: str) -> list[tuple[int, int]]:
    """Line and column (1-based) of every CPR-like number in ``text``, for the build's check
    of the handbook's own sources. Only whole numbers: a page may well hold a date."""
    found = []
    for number, line in enumerate(text.splitlines(), 1):
        for match in _CPR.finditer(line):
            # the match may start with the character before the number
            first_digit = next(i for i, c in enumerate(match.group(0)) if c.isdigit())
            found.append((number, match.start() + first_digit + 1))
    return found


#: What a masked CPR-like number becomes (``handbog tjekliste rens``): no digits, so the
#: cleaned text passes the guard, and plainly marked, so the reader sees that text was taken
#: out.
MASK = "[fjernet]"
#: The digits and separators that run on from the start of a CPR-like number: what
#: :func:`mask_cpr` replaces (the form's way out masks with the same rule, through the
#: checklist contract).
MASK_RUN_PATTERN = f"[0-9]+({_SEP}*[0-9]+)*"
_DIGITS_AND_SEPARATORS = re.compile(MASK_RUN_PATTERN)


def mask_cpr(text: str) -> str:
    """``text`` with every CPR-like number, or the beginning of one, replaced by :data:`MASK`,
    together with the digits and separators that run on from it (a whole number is masked,
    never half of it)."""
    for _ in range(len(text)):  # every turn masks at least one digit
        match = _CPR_START.search(text)
        if match is None:
            return text
        first = match.start() + next(i for i, c in enumerate(match.group(0)) if c.isdigit())
        run = _DIGITS_AND_SEPARATORS.match(text, first)
        end = run.end() if run else match.end()
        text = text[:first] + MASK + text[end:]
    return text
