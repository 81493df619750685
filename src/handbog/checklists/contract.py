"""The checklist contract: what the browser needs to know about checklists, written by Python.

The form page (:mod:`.sphinxext`) and the overview page (:mod:`.overview_page`) both embed it
as ``<script type="application/json" id="…">``, and ``static/checklist/svarfil.js`` reads it
for both scripts. The browser has no rule of its own: the scale and what counts as done or not
relevant, the ranks and levels, the rounds, the answers file's format versions and limits, the
CPR patterns, the Danish messages about answers files and the number rule all come from here,
and from the modules that own them:

* items, sections, scale: the loaded :class:`~.model.Checklist`;
* ranks, top, *på plads*, the number rule: :mod:`.scoring`;
* format, versions, context fields, messages, the largest file: :mod:`.answers`;
* the longest note and context text: the answers file's JSON schema (``maxLength``);
* the CPR patterns: :mod:`.privacy`.

``tests/test_checklist_contract.py`` checks that the pages embed exactly :func:`contract`'s
output and that the scripts hold no copy of its values.
"""

from __future__ import annotations

import functools
import json
from typing import Any

from handbog.data.privacy import (
    CPR_PATTERN,
    CPR_START_PATTERN,
    MASK,
    MASK_RUN_PATTERN,
    SEPARATORS,
)

from . import aggregate, rounds, units
from .answers import (
    BASE_FORMAT_VERSION,
    CONTEXT_FIELDS,
    DATA_FORMAT,
    FIELD_VERSIONS,
    FILE_NAME,
    FORMAT,
    FORMAT_VERSIONS,
    MAX_FILE_BYTES,
    MEGABYTE_RULE,
    MESSAGES,
    PERIOD_FIELD,
    ROUND_FIELD,
    accepted_versions,
)
from .model import NOT_RELEVANT, WHEN, WHEN_LABELS, Checklist
from .scoring import done_threshold, rank, rule, top

#: The element id of the embedded contract on a form page and on the overview page.
FORM_ELEMENT_PREFIX = "handbog-tjekliste-kontrakt-"
OVERVIEW_ELEMENT_ID = "handbog-overblik-kontrakt"
#: What the browser holds back when the patterns cannot be read: any six digits with at most
#: three other characters between them (stricter than privacy.py, never looser).
FAIL_CLOSED_PATTERN = "[0-9]([^0-9]{0,3}[0-9]){5}"
#: A message built from a damaged file shows at most this much of a name or value, and at
#: most this many names of a list: a damaged file must not fill the screen.
MAX_MESSAGE_PART = 60
MAX_MESSAGE_LIST = 5
#: Where privacy.SEPARATORS stands in the contract's CPR patterns.
SEPARATORS_TOKEN = "{separators}"
#: Messages only the overview of many files gives (a form page leaves them out).
OVERVIEW_ONLY = frozenset({"unknown_checklist", "mixed_checklists", "cpr_way_out"})


@functools.cache
def schema_limits() -> dict[str, int]:
    """The longest note and context text, as the answers schema says (read once, when first
    asked: the fields' maxlength on the form and the contract)."""
    schema = DATA_FORMAT.schema()
    context = schema["properties"]["context"]["properties"]
    answer = schema["properties"]["answers"]["additionalProperties"]["properties"]
    return {
        "note_chars": int(answer["note"]["maxLength"]),
        "context_chars": min(
            int(field["maxLength"]) for field in context.values() if "maxLength" in field
        ),
    }


def _date_pattern() -> str:
    return str(DATA_FORMAT.schema()["properties"]["context"]["properties"]["dato"]["pattern"])


def checklist_contract(checklist: Checklist, texts: bool = True) -> dict[str, Any]:
    """One checklist: its scale with ranks (the label a level names is the step at the index
    it rounds down to, scoring.step_of), and with ``texts`` its sections and items. A form page
    has those in its own markup, and every byte counts against a phone's page budget
    (tests/test_page_weight.py)."""
    return {
        "id": checklist.id,
        "title": checklist.title,
        "version": checklist.version,
        "kind": checklist.kind,
        "graded": checklist.graded,
        "scale": [
            {
                "value": step.value,
                "label": step.label,
                "done": step.done,
                "not_relevant": step.value == NOT_RELEVANT,
                "rank": rank(checklist, step),
            }
            for step in checklist.scale
        ],
        "top": top(checklist),
        "threshold": done_threshold(checklist),
    } | ({"sections": _sections(checklist)} if texts else {})


def _sections(checklist: Checklist) -> list[dict[str, Any]]:
    return [
        {
            "id": section.id,
            "title": section.title,
            # a local item's text carries its marker, so the overview shows it as local;
            # it counts toward the section like any item (docs/projekt/kommuneudgave.md)
            "items": [
                {"id": item.id, "text": item.label, **({"lokal": True} if item.local_id else {})}
                for item in section.items
            ],
        }
        for section in checklist.sections
    ]


def overview_part() -> dict[str, Any]:
    """What the overview page draws with besides the figures: aggregate.py's labels, chart
    styles, CSV head and the style of a saved overview."""
    return {
        "no_unit": aggregate.NO_UNIT,
        "all_units": aggregate.ALL_UNITS,
        "unanswered": aggregate.UNANSWERED_LABEL,
        "series_colours": list(aggregate.SERIES_COLOURS),
        "series_dashes": list(aggregate.SERIES_DASHES),
        "series_markers": list(aggregate.SERIES_MARKERS),
        "radar_min_sections": aggregate.RADAR_MIN_SECTIONS,
        "heat_colours": list(aggregate.HEAT_COLOURS),
        "heat_text": list(aggregate.HEAT_TEXT),
        "page_style": aggregate.PAGE_STYLE,
        "csv_head": list(aggregate.CSV_HEAD),
        "notes_csv_head": list(aggregate.NOTES_CSV_HEAD),
        "plurals": dict(aggregate.PLURALS),
        "lead": dict(aggregate.LEAD_TEXTS),
        "round_messages": dict(aggregate.ROUND_MESSAGES),
        "messages": dict(aggregate.OVERVIEW_MESSAGES),
        "status": dict(aggregate.STATUS),
        "participation_head": list(aggregate.PARTICIPATION_HEAD),
        "rests_on": aggregate.RESTS_ON,
        "since_first": aggregate.SINCE_FIRST,
        "unit_trend": {
            "heading": aggregate.UNIT_TREND_HEADING,
            "caption": aggregate.UNIT_TREND_CAPTION,
            "table": aggregate.UNIT_TREND_TABLE,
            "since_previous": aggregate.SINCE_PREVIOUS,
        },
        "max_unit_columns": aggregate.MAX_UNIT_COLUMNS,
        "unit_group": aggregate.UNIT_GROUP,
        "near": {"distance": aggregate.NEAR_DISTANCE, "length": aggregate.NEAR_LENGTH},
        "round_rule": rounds.contract_part(),
        "units": units.contract_part(),
        "kind_head": aggregate.KIND_HEAD,
        "kind_at": aggregate.KIND_AT,
        "goal": {
            "head": aggregate.GOAL_HEAD,
            "dash": aggregate.GOAL_DASH,
            "dots": aggregate.GOAL_DOTS,
            "caption": aggregate.GOAL_CAPTION,
            "trend_caption": aggregate.GOAL_TREND_CAPTION,
            "desc": aggregate.GOAL_DESC,
        },
    }


def contract(checklists: list[Checklist], overview: bool = False) -> dict[str, Any]:
    """The contract for these checklists: one on a form page (without the texts its markup
    shows), every one on the overview, which also gets :func:`overview_part`."""
    return {
        **({"overview": overview_part()} if overview else {}),
        # the overview checks a file's date itself; the form's date field is the browser's
        **({"date_pattern": _date_pattern()} if overview else {}),
        "format": {
            "name": FORMAT,
            "versions": list(FORMAT_VERSIONS),
            "versions_text": accepted_versions(),
            "base_version": BASE_FORMAT_VERSION,
            "field_versions": dict(FIELD_VERSIONS),
            "context": [*CONTEXT_FIELDS, ROUND_FIELD, PERIOD_FIELD],
            "round_field": ROUND_FIELD,
            "period_field": PERIOD_FIELD,
            "period_pattern": rounds.PERIOD_PATTERN,
            "file_name": FILE_NAME,
        },
        "limits": {
            "file_bytes": MAX_FILE_BYTES,
            **schema_limits(),
            "message_part": MAX_MESSAGE_PART,
            "message_list": MAX_MESSAGE_LIST,
        },
        # privacy.py's patterns as it composes them: its separator class once, and
        # "{separators}" where it stands (the patterns repeat it 14 times).
        "cpr": {
            "separators": SEPARATORS,
            "whole": CPR_PATTERN.replace(SEPARATORS, SEPARATORS_TOKEN),
            "start": CPR_START_PATTERN.replace(SEPARATORS, SEPARATORS_TOKEN),
            "fail_closed": FAIL_CLOSED_PATTERN,
            # privacy.mask_cpr's rule, for the form's way out of a refused file
            "mask": MASK,
            "run": MASK_RUN_PATTERN.replace(SEPARATORS, SEPARATORS_TOKEN),
        },
        "rounds": {w: WHEN_LABELS[w] for w in WHEN},
        "number": {**rule(), **MEGABYTE_RULE},
        "messages": {
            key: text for key, text in MESSAGES.items() if overview or key not in OVERVIEW_ONLY
        },
        "checklists": {c.id: checklist_contract(c, texts=overview) for c in checklists},
    }


def script_element(element_id: str, data: dict[str, Any]) -> str:
    """The contract as a JSON script element (never ``</script>`` inside it)."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":")).replace("<", "\\u003c")
    return f'<script type="application/json" id="{element_id}">{text}</script>'


__all__ = [
    "FAIL_CLOSED_PATTERN",
    "FORM_ELEMENT_PREFIX",
    "OVERVIEW_ELEMENT_ID",
    "checklist_contract",
    "contract",
    "schema_limits",
    "script_element",
]
