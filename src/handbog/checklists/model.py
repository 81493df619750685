"""The checklist data model: what a checklist YAML file means once it has been checked.

The loader (:mod:`handbog.checklists.loader`) builds these objects; the Sphinx directive, the
browser form, the engine and the command line only read them. They are frozen, so one loaded
checklist can be shared safely between them.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from handbog import model as _model

#: The three kinds of checklist (DESIGN.md "Checklists").
#: do-confirm: do the work from memory, then stop and confirm nothing was missed;
#: read-do: read each item and do it in order; selvvurdering: a graded self-assessment.
KINDS: tuple[str, ...] = ("do-confirm", "read-do", "selvvurdering")

#: When a checklist or section is used: before, during, after (a meeting, an implementation).
WHEN: tuple[str, ...] = ("foer", "under", "efter")
WHEN_LABELS: dict[str, str] = {"foer": "Før", "under": "Under", "efter": "Efter"}

KIND_LABELS: dict[str, str] = {
    # Plain Danish for what the two kinds ask of the reader (the English names are the
    # checklist literature's, and stay in the data as its keys).
    "do-confirm": "Tjek bagefter",
    "read-do": "Trin for trin",
    "selvvurdering": "Selvvurdering",
}

#: The answer value for "does not apply here": it counts neither as done nor as missing.
NOT_RELEVANT = "ikke-relevant"


def checkable_types(info: _model.Model) -> tuple[str, ...]:
    """The need types an item may check: the target types of ``tjekker`` in the project's
    ubproject.toml (never a source or another checklist item)."""
    return info.links["tjekker"].target_types


def checkable_prefixes(info: _model.Model) -> tuple[str, ...]:
    """The need-ID prefixes of :func:`checkable_types`."""
    return info.prefixes(checkable_types(info))


@dataclass(frozen=True)
class ScaleStep:
    """One step of the response scale. ``done`` marks the steps that count as "på plads"."""

    value: str
    label: str
    done: bool


#: The fixed scale of do-confirm and read-do checklists (not written in their YAML files).
YES_NO_SCALE: tuple[ScaleStep, ...] = (
    ScaleStep("ja", "Ja", True),
    ScaleStep("nej", "Nej", False),
    ScaleStep(NOT_RELEVANT, "Ikke relevant", False),
)


@dataclass(frozen=True)
class Item:
    """One checklist item. ``line`` is its 1-based line in the YAML file (for messages)."""

    id: str
    text: str
    help: str | None
    tjekker: list[str]
    line: int
    #: a municipal edition's own item (handbog.kommune): its LO_ need ID and its marker
    #: (»Lokalt i Eksempel Kommune«); "" for the core's items
    local_id: str = ""
    local_mark: str = ""

    @property
    def label(self) -> str:
        """The text as every list of items shows it: a local item says so, in words, so it
        reads as local on a screen reader, in a terminal and on a black-and-white print."""
        return f"{self.text} ({self.local_mark})" if self.local_mark else self.text


@dataclass(frozen=True)
class Section:
    """A pause point or group of items, e.g. "Før mødet", with who does it."""

    id: str
    title: str
    when: str | None
    who: str | None
    items: list[Item]
    line: int = field(default=0, compare=False)


@dataclass(frozen=True)
class Checklist:
    id: str
    title: str
    version: int
    audience: list[str]
    kind: str
    when: list[str]
    purpose: str
    scale: list[ScaleStep]
    sections: list[Section]
    source: Path

    def items(self) -> Iterator[tuple[Section, Item]]:
        """Every item in order, with the section it belongs to."""
        for section in self.sections:
            for item in section.items:
                yield section, item

    def item(self, item_id: str) -> Item | None:
        """The item with this id, or None."""
        for _section, item in self.items():
            if item.id == item_id:
                return item
        return None

    def step(self, value: str) -> ScaleStep | None:
        """The scale step with this value, or None."""
        for step in self.scale:
            if step.value == value:
                return step
        return None

    @property
    def graded(self) -> bool:
        """True for a graded self-assessment (its own scale, scored as a level)."""
        return self.kind == "selvvurdering"

    @property
    def kind_label(self) -> str:
        return KIND_LABELS[self.kind]


def need_id(checklist: Checklist | str, item: Item | str) -> str:
    """The sphinx-needs ID of a checklist item: ``TJ_<CHECKLIST>_<ITEM>``, upper-case, '-'→'_'.

    >>> need_id("foraeldremoede", "sig-det-tidligt")
    'TJ_FORAELDREMOEDE_SIG_DET_TIDLIGT'
    """
    if isinstance(item, Item) and item.local_id:
        # a municipal edition's item is a local need of its own (handbog.kommune)
        return item.local_id
    checklist_id = checklist if isinstance(checklist, str) else checklist.id
    item_id = item if isinstance(item, str) else item.id
    return f"TJ_{checklist_id}_{item_id}".upper().replace("-", "_")
