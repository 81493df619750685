"""Truthful evidence (issue 10): `normativ` is the report's own normative argument, not a
stand-in for "the report gives no source". The report argues normatively in the sections
listed in src/handbog/data/normative-afsnit.yaml, and only needs from those sections may say
so."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML

from handbog.needs.reportsections import DEFAULT_TOC, read_toc

DATA = DEFAULT_TOC.parent / "normative-afsnit.yaml"
SEED = Path(__file__).resolve().parents[2] / "shared" / "seeds"


def normative_sections() -> dict[str, dict[str, Any]]:
    data = YAML(typ="safe").load(DATA.read_text(encoding="utf-8"))
    return {str(entry["nummer"]): entry for entry in data["afsnit"]}


def misplaced_normativ(needs: Iterable[Mapping[str, Any]], sections: set[str]) -> list[str]:
    """The needs that claim the report's normative argument although none of their report
    sections makes one, as "ID (afsnit …)"."""
    return [
        f"{need['id']} (afsnit {', '.join(need.get('afsnit') or []) or 'ingen'})"
        for need in needs
        if "normativ" in (need.get("grundlag") or [])
        and not sections & set(need.get("afsnit") or [])
    ]


def test_the_normative_sections_are_sections_of_the_report():
    toc, problems = read_toc(DEFAULT_TOC)
    assert toc is not None and problems == []
    data = YAML(typ="safe").load(DATA.read_text(encoding="utf-8"))
    assert data["rapport"] == toc.report_key
    sections = normative_sections()
    assert sections, "ingen normative afsnit"
    for number, entry in sections.items():
        assert number in toc.sections, f"afsnit {number} står ikke i rapport-indhold.yaml"
        assert entry["emne"] in toc.title(number)


@pytest.mark.skipif(not SEED.is_dir(), reason="kilderne (../shared/seeds) ligger ikke ved siden af")
def test_each_normative_section_is_quoted_word_for_word_from_the_report():
    report = " ".join(next(SEED.glob("001_*.txt")).read_text(encoding="utf-8").split())
    for number, entry in normative_sections().items():
        assert " ".join(str(entry["citat"]).split()) in report, number


def test_a_normativ_need_outside_the_normative_sections_is_named():
    sections = set(normative_sections())
    needs = [
        {"id": "PR_SF_EKSEMPEL", "grundlag": ["normativ"], "afsnit": ["2.1"]},
        {"id": "PR_BI_RUM", "grundlag": ["litteratur", "normativ"], "afsnit": ["3.3"]},
        {"id": "PR_FS_BOERNESYN", "grundlag": ["normativ"], "afsnit": ["3.2", "2.2"]},
        {"id": "HR_BI_EKSEMPEL", "grundlag": ["ikke_angivet"], "afsnit": ["3.3"]},
        {"id": "OP_UDEN_AFSNIT", "grundlag": ["normativ"]},
    ]
    assert misplaced_normativ(needs, sections) == [
        "PR_SF_EKSEMPEL (afsnit 2.1)",
        "OP_UDEN_AFSNIT (afsnit ingen)",
    ]


def test_normativ_only_where_the_report_argues_normatively(handbook):
    needs = handbook.needs.values()
    assert any("normativ" in (n.get("grundlag") or []) for n in needs), "intet er normativt"
    assert misplaced_normativ(needs, set(normative_sections())) == []
