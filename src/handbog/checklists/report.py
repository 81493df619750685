"""Reports in Danish: one assessment, or a before/after comparison, as Markdown or HTML.

The Markdown is the one source; the HTML is rendered from it with markdown-it (raw HTML in
user notes is escaped, never passed through), so the two formats always say the same.

Items that are not in place link to the handbook pages of the needs they check. The links come
from the built handbook's ``needs.json`` (``id`` → ``docname``) and a base URL: by default the
relative path from the report to ``build/html``, or ``--base-url`` for the published handbook.
"""

from __future__ import annotations

import html
import json
import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from markdown_it import MarkdownIt

from .engine import (
    CHANGE_LABELS,
    CHANGED,
    IMPROVED,
    UNCHANGED,
    WORSENED,
    Assessment,
    Comparison,
    ItemChange,
    ItemResult,
    Score,
)
from .model import Checklist, Section
from .scoring import number, percent

FOOTER = (
    "Rapporten er lavet med håndbogens tjeklisteværktøj. Den viser, hvordan I har arbejdet, og "
    "indeholder ingen oplysninger om enkelte børn eller familier."
)


@dataclass(frozen=True)
class NeedLink:
    id: str
    title: str
    url: str


# -- Links to the handbook -------------------------------------------------------------------


def load_need_links(needs_json: Path | str, base_url: str) -> dict[str, NeedLink]:
    """need ID → link, from sphinx-needs' ``needs.json`` (its current version)."""
    data = json.loads(Path(needs_json).read_text(encoding="utf-8"))
    versions: dict[str, Any] = data.get("versions", {})
    current = data.get("current_version")
    version: dict[str, Any] = versions.get(current) or next(iter(versions.values()), {})
    needs: dict[str, Any] = version.get("needs", {})
    base = base_url if not base_url or base_url.endswith("/") else base_url + "/"
    links: dict[str, NeedLink] = {}
    for need_id, need in needs.items():
        docname = need.get("docname")
        if not docname:
            continue
        links[need_id] = NeedLink(
            need_id, str(need.get("title") or need_id), f"{base}{docname}.html#{need_id}"
        )
    return links


def relative_base_url(html_dir: Path | str, output: Path | str | None) -> str:
    """The relative URL from the folder a report is written to (or the working folder) to the
    built HTML handbook, with a trailing slash."""
    start = Path(output).resolve().parent if output else Path.cwd()
    relative = os.path.relpath(Path(html_dir).resolve(), start)
    return Path(relative).as_posix().rstrip("/") + "/"


# -- Formatting helpers ----------------------------------------------------------------------


def _escape(text: str) -> str:
    """Text safe inside Markdown (and inside a table cell)."""
    out = []
    for char in text.replace("\r", " ").replace("\n", " "):
        if char in "\\`*_[]<>|#":
            out.append("\\" + char)
        else:
            out.append(char)
    return "".join(out)


def _percent(score: Score) -> str:
    """The share of the relevant items in place, by the one number rule (:mod:`.scoring`)."""
    return percent(score.done, score.relevant)


def _links(need_ids: Iterable[str], links: dict[str, NeedLink]) -> str:
    parts = []
    for need_id in need_ids:
        link = links.get(need_id)
        if link:
            parts.append(f"[{_escape(link.title)}]({link.url}) ({need_id})")
        else:
            parts.append(need_id)
    return "; ".join(parts)


def _level(score: Score, checklist: Checklist) -> str:
    if score.mean is None or score.level is None:
        return "–"
    top = len(checklist.scale) - 1
    return f"{number(score.mean)} af {top} ({_escape(score.level.label)})"


def _section_heading(section: Section) -> str:
    return _escape(section.title)


def _context_rows(assessment: Assessment) -> list[tuple[str, str]]:
    context = assessment.answers.context
    return [
        ("Enhed", context.get("enhed", "") or "–"),
        ("Udfyldt af", context.get("udfyldt_af", "") or "–"),
        ("Dato", context.get("dato", "") or assessment.answers.updated[:10]),
    ]


def _summary_sentence(score: Score) -> str:
    text = (
        f"**{score.done} af {score.relevant} relevante punkter er på plads ({_percent(score)}).**"
    )
    extra = []
    if score.missing:
        extra.append(f"{score.missing} er ikke på plads")
    if score.not_relevant:
        extra.append(f"{score.not_relevant} {_plural(score.not_relevant, 'er ikke relevant')}")
    if score.unanswered:
        extra.append(f"{score.unanswered} {_plural(score.unanswered, 'er ubesvaret')}")
    if extra:
        text += " " + _join(extra) + "."
    return text


def _plural(count: int, phrase: str) -> str:
    """Danish plural of the predicates used here: 'er ubesvaret' → 'er ubesvarede'."""
    if count == 1:
        return phrase
    if phrase.endswith("ubesvaret"):
        return phrase[: -len("et")] + "ede"
    return phrase + "e"


def _join(parts: list[str]) -> str:
    """'a, b og c'."""
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " og " + parts[-1]


def _item_line(result: ItemResult, links: dict[str, NeedLink], with_answer: bool = True) -> str:
    line = f"- {_escape(result.item.label)}"
    if with_answer:
        line += f" — svar: **{_escape(result.answer_label)}**"
    if result.note:
        line += f"  \n  Note: {_escape(result.note)}"
    line += f"  \n  Læs mere: {_links(result.tjekker, links)}"
    return line


# -- One assessment --------------------------------------------------------------------------


def assessment_markdown(assessment: Assessment, links: dict[str, NeedLink] | None = None) -> str:
    links = links or {}
    checklist = assessment.checklist
    total = assessment.total
    lines = [f"# Rapport: {_escape(checklist.title)}", ""]
    lines += ["| | |", "| --- | --- |"]
    lines.append(
        f"| Tjekliste | {_escape(checklist.title)} ({checklist.id}, version {checklist.version}) |"
    )
    lines.append(f"| Art | {checklist.kind_label} |")
    for label, value in _context_rows(assessment):
        lines.append(f"| {label} | {_escape(value)} |")
    lines += ["", "## Samlet status", "", _summary_sentence(total), ""]
    if checklist.graded:
        lines += [f"**Samlet niveau: {_level(total, checklist)}.**", ""]
    # A self-assessment has no "ikke relevant" answer; it has a level instead.
    if checklist.graded:
        header = "| Afsnit | På plads | Ikke på plads | Ubesvaret | Andel på plads | Niveau |"
        rule = "| --- | ---: | ---: | ---: | ---: | --- |"
    else:
        header = (
            "| Afsnit | På plads | Ikke på plads | Ikke relevant | Ubesvaret | Andel på plads |"
        )
        rule = "| --- | ---: | ---: | ---: | ---: | ---: |"
    lines += [header, rule]
    for section in assessment.sections:
        score = section.score
        cells = [_section_heading(section.section), str(score.done), str(score.missing)]
        if not checklist.graded:
            cells.append(str(score.not_relevant))
        cells += [str(score.unanswered), _percent(score)]
        if checklist.graded:
            cells.append(_level(score, checklist))
        lines.append("| " + " | ".join(cells) + " |")
    lines.append("")

    lines += ["## Det mangler", ""]
    unmet = assessment.unmet()
    if not unmet:
        lines += ["Alle besvarede punkter er på plads.", ""]
    for section in assessment.sections:
        missing = [r for r in section.items if r in unmet]
        if missing:
            lines += [f"### {_section_heading(section.section)}", ""]
            lines += [_item_line(r, links) for r in missing]
            lines.append("")

    unanswered = assessment.unanswered()
    if unanswered:
        lines += ["## Ubesvarede punkter", ""]
        for section in assessment.sections:
            rest = [r for r in section.items if r in unanswered]
            if rest:
                lines += [f"### {_section_heading(section.section)}", ""]
                lines += [_item_line(r, links, with_answer=False) for r in rest]
                lines.append("")

    lines += ["## Alle svar", ""]
    for section in assessment.sections:
        lines.append(f"### {_section_heading(section.section)}")
        lines.append("")
        if section.section.who:
            lines += [f"*Hvem: {_escape(section.section.who)}*", ""]
        lines += ["| Punkt | Svar | Note |", "| --- | --- | --- |"]
        for result in section.items:
            lines.append(
                f"| {_escape(result.item.label)} | {_escape(result.answer_label)} | "
                f"{_escape(result.note) or ' '} |"
            )
        lines.append("")

    notes = [w.message for w in assessment.answers.warnings]
    if notes:
        lines += ["## Bemærkninger", ""]
        lines += [f"- {_escape(n)}" for n in notes]
        lines.append("")
    lines += ["---", "", f"*{FOOTER}*", ""]
    return "\n".join(lines)


# -- Before and after ------------------------------------------------------------------------


def _change_table(changes: Iterable[ItemChange], checklist: Checklist) -> list[str]:
    lines = ["| Afsnit | Punkt | Før | Efter |", "| --- | --- | --- | --- |"]
    for change in changes:
        lines.append(
            f"| {_escape(change.section.title)} | {_escape(change.item.label)} | "
            f"{_escape(change.before.answer_label)} | {_escape(change.after.answer_label)} |"
        )
    return [*lines, ""]


def comparison_markdown(comparison: Comparison, links: dict[str, NeedLink] | None = None) -> str:
    links = links or {}
    checklist = comparison.checklist
    before, after = comparison.before, comparison.after
    lines = [f"# Sammenligning: {_escape(checklist.title)}", ""]
    lines += ["| | Før | Efter |", "| --- | --- | --- |"]
    for (label, old_text), (_label, new_text) in zip(
        _context_rows(before), _context_rows(after), strict=True
    ):
        lines.append(f"| {label} | {_escape(old_text)} | {_escape(new_text)} |")
    lines.append(
        f"| Tjeklisteversion | {before.answers.checklist_version} | "
        f"{after.answers.checklist_version} |"
    )
    lines += ["", "## Overblik", ""]
    summary = comparison.summary
    lines.append(
        f"- Punkter forbedret: {summary[IMPROVED]}, forværret: {summary[WORSENED]}, "
        f"ændret: {summary[CHANGED]}, uændret: {summary[UNCHANGED]}."
    )
    lines.append(
        f"- På plads: {before.total.done} af {before.total.relevant} "
        f"({_percent(before.total)}) før, {after.total.done} af "
        f"{after.total.relevant} ({_percent(after.total)}) efter."
    )
    if checklist.graded:
        lines.append(
            f"- Samlet niveau: {_level(before.total, checklist)} før, "
            f"{_level(after.total, checklist)} efter."
        )
    lines.append("")
    lines += ["## Afsnit for afsnit", ""]
    header = "| Afsnit | På plads før | På plads efter |"
    rule = "| --- | ---: | ---: |"
    if checklist.graded:
        header += " Niveau før | Niveau efter |"
        rule += " --- | --- |"
    lines += [header, rule]
    for old, new in comparison.section_pairs():
        row = f"| {_section_heading(old.section)} | {_percent(old.score)} | {_percent(new.score)} |"
        if checklist.graded:
            row += f" {_level(old.score, checklist)} | {_level(new.score, checklist)} |"
        lines.append(row)
    lines.append("")
    for kind, heading in (
        (IMPROVED, "Forbedret"),
        (WORSENED, "Forværret"),
        (CHANGED, "Ændret"),
    ):
        changes = comparison.of_kind(kind)
        if changes:
            lines += [f"## {heading}", ""]
            lines += _change_table(changes, checklist)
    still = after.not_in_place()
    lines += ["## Stadig ikke på plads", ""]
    if not still:
        lines += ["Alle punkter er på plads i den seneste vurdering.", ""]
    else:
        lines += [_item_line(r, links) for r in still]
        lines.append("")
    notes = [f"Før: {w.message}" for w in before.answers.warnings]
    notes += [f"Efter: {w.message}" for w in after.answers.warnings]
    if notes:
        lines += ["## Bemærkninger", ""]
        lines += [f"- {_escape(n)}" for n in notes]
        lines.append("")
    lines += ["---", "", f"*{FOOTER}*", ""]
    return "\n".join(lines)


# -- HTML ------------------------------------------------------------------------------------

_STYLE = """
body { font-family: system-ui, sans-serif; max-width: 60rem; margin: 2rem auto; padding: 0 1rem;
       line-height: 1.5; color: #1a1a1a; }
table { border-collapse: collapse; margin: 1rem 0; }
th, td { border: 1px solid #999; padding: .3rem .6rem; text-align: left; vertical-align: top; }
th { background: #eee; }
a { color: #0b5394; }
"""


def to_html(markdown_text: str, title: str) -> str:
    """A standalone, accessible HTML page (lang="da") rendered from the report's Markdown."""
    renderer = MarkdownIt("commonmark", {"html": False}).enable("table")
    body = renderer.render(markdown_text)
    return (
        "<!DOCTYPE html>\n"
        '<html lang="da">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{html.escape(title)}</title>\n<style>{_STYLE}</style>\n</head>\n"
        f"<body>\n<main>\n{body}</main>\n</body>\n</html>\n"
    )


def render(markdown_text: str, fmt: str, title: str) -> str:
    return to_html(markdown_text, title) if fmt == "html" else markdown_text


__all__ = [
    "CHANGE_LABELS",
    "NeedLink",
    "assessment_markdown",
    "comparison_markdown",
    "load_need_links",
    "relative_base_url",
    "render",
    "to_html",
]
