"""Checklists as data: YAML files in checklists/, a loader, an answers format, an engine that
scores and compares assessments, reports, and the ``handbog tjekliste`` command line.

The public API other parts of the project build on (the Sphinx directive, the browser form)::

    from handbog.checklists import load_all, load_checklist, need_id, ChecklistError
"""

from __future__ import annotations

from .errors import AnswersError, ChecklistError, Problem
from .loader import SCHEMA_COMMENT, SCHEMA_PATH, check_file, check_files, load_all, load_checklist
from .model import (
    KINDS,
    NOT_RELEVANT,
    WHEN,
    YES_NO_SCALE,
    Checklist,
    Item,
    ScaleStep,
    Section,
    checkable_prefixes,
    need_id,
)

__all__ = [
    "KINDS",
    "NOT_RELEVANT",
    "SCHEMA_COMMENT",
    "SCHEMA_PATH",
    "WHEN",
    "YES_NO_SCALE",
    "AnswersError",
    "Checklist",
    "ChecklistError",
    "Item",
    "Problem",
    "ScaleStep",
    "Section",
    "checkable_prefixes",
    "check_file",
    "check_files",
    "load_all",
    "load_checklist",
    "need_id",
]
