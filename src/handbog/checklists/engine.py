"""Score one assessment and compare two: what is in place, what is missing, what changed.

Counting rules (the same as the browser form's):

* an item is *på plads* when its answer is a scale step with ``done`` (``ja`` for do-confirm
  and read-do; the steps marked ``paa_plads`` for a self-assessment);
* ``ikke-relevant`` counts neither way: it is left out of the share;
* an unanswered item, or one whose answer is not on the scale (an old file), is *ubesvaret*;
* for a self-assessment the *level* of a section is the mean rank on the scale (0 for the
  lowest step) over the answered items, and the label of the step it rounds down to; ranks,
  means and how they are rounded for a reader are :mod:`.scoring`'s, the one number rule of
  the report, the overview and the browser.

Comparisons order answers by their position on the scale (``nej`` below ``ja``); an answer
that cannot be ordered (``ikke-relevant``, unanswered) makes an item *ændret* when it differs.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .answers import AnswerSet
from .model import NOT_RELEVANT, Checklist, Item, ScaleStep, Section
from .scoring import Level, mean, rank, step_of

# Item states
DONE = "done"
MISSING = "missing"
NOT_APPLICABLE = "not-relevant"
UNANSWERED = "unanswered"

STATE_LABELS = {
    DONE: "på plads",
    MISSING: "ikke på plads",
    NOT_APPLICABLE: "ikke relevant",
    UNANSWERED: "ubesvaret",
}

# Changes between two assessments
IMPROVED = "improved"
WORSENED = "worsened"
UNCHANGED = "unchanged"
CHANGED = "changed"

CHANGE_LABELS = {
    IMPROVED: "forbedret",
    WORSENED: "forværret",
    UNCHANGED: "uændret",
    CHANGED: "ændret",
}


@dataclass(frozen=True)
class ItemResult:
    section: Section
    item: Item
    value: str | None
    step: ScaleStep | None
    state: str
    note: str

    @property
    def tjekker(self) -> list[str]:
        return self.item.tjekker

    @property
    def answer_label(self) -> str:
        if self.step is not None:
            return self.step.label
        if self.value is not None:
            return f"{self.value} (ukendt svar)"
        return "–"


@dataclass(frozen=True)
class Score:
    """Counts for a section or the whole checklist."""

    total: int
    done: int
    missing: int
    not_relevant: int
    unanswered: int
    #: exact mean rank over answered items (self-assessments only; None otherwise)
    mean: Level | None = None
    #: the scale step the mean rounds down to (self-assessments only)
    level: ScaleStep | None = None

    @property
    def answered(self) -> int:
        return self.total - self.unanswered

    @property
    def relevant(self) -> int:
        return self.total - self.not_relevant

    @property
    def share_done(self) -> float | None:
        """Share of the relevant items that are in place (None when nothing is relevant)."""
        return self.done / self.relevant if self.relevant else None

    @property
    def complete(self) -> bool:
        return self.unanswered == 0


@dataclass(frozen=True)
class SectionResult:
    section: Section
    items: list[ItemResult]
    score: Score


@dataclass(frozen=True)
class Assessment:
    checklist: Checklist
    answers: AnswerSet
    sections: list[SectionResult]
    total: Score

    def results(self) -> list[ItemResult]:
        return [result for section in self.sections for result in section.items]

    def unmet(self) -> list[ItemResult]:
        """Items answered as not in place, in checklist order."""
        return [r for r in self.results() if r.state == MISSING]

    def unanswered(self) -> list[ItemResult]:
        return [r for r in self.results() if r.state == UNANSWERED]

    def not_in_place(self) -> list[ItemResult]:
        """Everything not yet *på plads*: answered as missing, or not answered at all."""
        return [r for r in self.results() if r.state in (MISSING, UNANSWERED)]

    @property
    def unknown_items(self) -> list[str]:
        """Answers kept in the file for items the checklist does not have."""
        known = {item.id for _section, item in self.checklist.items()}
        return [item_id for item_id in self.answers.answers if item_id not in known]


def _state(step: ScaleStep | None) -> str:
    if step is None:
        return UNANSWERED
    if step.value == NOT_RELEVANT:
        return NOT_APPLICABLE
    return DONE if step.done else MISSING


def _score(checklist: Checklist, results: list[ItemResult]) -> Score:
    counts = {state: 0 for state in STATE_LABELS}
    for result in results:
        counts[result.state] += 1
    average = level = None
    if checklist.graded:
        average = mean(rank(checklist, r.step) for r in results)
        if average is not None:
            level = step_of(checklist, average)
    return Score(
        total=len(results),
        done=counts[DONE],
        missing=counts[MISSING],
        not_relevant=counts[NOT_APPLICABLE],
        unanswered=counts[UNANSWERED],
        mean=average,
        level=level,
    )


def evaluate(checklist: Checklist, answers: AnswerSet) -> Assessment:
    """Score an answer set against its checklist, section by section and in total."""
    sections = []
    everything: list[ItemResult] = []
    for section in checklist.sections:
        results = []
        for item in section.items:
            value = answers.value(item.id)
            step = checklist.step(value) if value is not None else None
            results.append(
                ItemResult(section, item, value, step, _state(step), answers.note(item.id))
            )
        everything += results
        sections.append(SectionResult(section, results, _score(checklist, results)))
    return Assessment(checklist, answers, sections, _score(checklist, everything))


# -- Comparing two assessments ---------------------------------------------------------------


@dataclass(frozen=True)
class ItemChange:
    section: Section
    item: Item
    before: ItemResult
    after: ItemResult
    change: str

    @property
    def label(self) -> str:
        return CHANGE_LABELS[self.change]


@dataclass(frozen=True)
class Comparison:
    checklist: Checklist
    before: Assessment
    after: Assessment
    items: list[ItemChange]
    summary: dict[str, int] = field(default_factory=dict)

    def of_kind(self, change: str) -> list[ItemChange]:
        return [c for c in self.items if c.change == change]

    def section_pairs(self) -> list[tuple[SectionResult, SectionResult]]:
        return list(zip(self.before.sections, self.after.sections, strict=True))


def _change(checklist: Checklist, before: ItemResult, after: ItemResult) -> str:
    if before.value == after.value:
        return UNCHANGED
    old, new = rank(checklist, before.step), rank(checklist, after.step)
    if old is None or new is None:
        return CHANGED
    if new > old:
        return IMPROVED
    if new < old:
        return WORSENED
    return UNCHANGED  # e.g. two different steps with the same rank (never on our scales)


def compare(checklist: Checklist, before: AnswerSet, after: AnswerSet) -> Comparison:
    """Item by item: improved, worsened, unchanged or changed; with a summary count."""
    first, second = evaluate(checklist, before), evaluate(checklist, after)
    changes = [
        ItemChange(old.section, old.item, old, new, _change(checklist, old, new))
        for old, new in zip(first.results(), second.results(), strict=True)
    ]
    summary = {kind: 0 for kind in CHANGE_LABELS}
    for change in changes:
        summary[change.change] += 1
    return Comparison(checklist, first, second, changes, summary)
