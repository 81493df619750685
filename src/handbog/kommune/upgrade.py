"""What changed in the core between two editions, for a municipal edition that builds on it.

The report compares two ``needs.json`` files (the core's data as sphinx-needs writes it) and
names, in Danish:

- the core needs the local content links to (``tilpasser``) whose text, evidence or checklist
  items have changed;
- the core needs that are gone, with the new ID when one with the same title exists (renamed);
- what is new in the core.

``handbog kommune sammenlign FØR EFTER`` prints it from two ``needs.json``; ``handbog kommune
opdater --til X`` from the edition's ``kerne.json`` (:class:`Snapshot`: the core edition it was
last built on, every core need's title, and the fields of the core needs the local ones adapt)
and the installed core's needs, before it moves the edition to X. The snapshot is what lets
the upgrade compare without the old core, and what names the old title of a box's anchor
that is gone (:func:`anchor_hint`).
"""

from __future__ import annotations

import difflib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from handbog.data.core import Problem

#: What a reader of a practice relies on: its text, what it rests on, and what checks it.
COMPARED = {
    "title": "titlen",
    "content": "teksten",
    "grundlag": "grundlaget",
    "bygger_paa": "kilderne",
    "afsnit": "afsnittet i rapporten",
    "realiserer": "det, den realiserer",
    "tjekker_back": "tjeklistepunkterne",
}


class NeedsFileError(Exception):
    def __init__(self, problem: Problem) -> None:
        super().__init__(str(problem))
        self.problem = problem


def read_needs(path: Path) -> tuple[str, dict[str, Mapping[str, Any]]]:
    """The version and the needs of a ``needs.json`` (the current version's)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        version = str(data.get("current_version", ""))
        needs = data["versions"][version]["needs"]
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
        raise NeedsFileError(
            Problem(
                path,
                0,
                0,
                f"filen kan ikke læses som needs.json ({type(exc).__name__}). Brug den needs.json, "
                "som bygningen af håndbogen skriver i HTML-mappen.",
            )
        ) from exc
    return version, {str(k): v for k, v in needs.items()}


@dataclass
class Report:
    before: str
    after: str
    #: core ID -> what changed (in a reader's words), for the needs local content links to
    changed: dict[str, list[str]] = field(default_factory=dict)
    #: core ID -> the new ID with the same title, or "" when it is simply gone
    removed: dict[str, str] = field(default_factory=dict)
    #: new core IDs -> their title
    new: dict[str, str] = field(default_factory=dict)
    #: the local needs that link to each core ID in ``changed`` or ``removed``
    used_by: dict[str, list[str]] = field(default_factory=dict)

    def markdown(self, edition_name: str) -> str:
        """The report as a page (MyST Markdown) and as the terminal shows it."""
        lines = [
            f"# Fra kernens udgave {self.before or '?'} til {self.after or '?'}",
            "",
            f"Hvad der er ændret i håndbogens kerne, set fra {edition_name}.",
            "",
            "## Ændret, og det lokale bygger på det",
            "",
        ]
        lines += [
            f"- {i}: {', '.join(what)} er ændret. Lokalt: {', '.join(self.used_by.get(i, []))}."
            for i, what in sorted(self.changed.items())
        ] or ["Intet af det, det lokale bygger på, er ændret."]
        lines += ["", "## Fjernet eller omdøbt", ""]
        lines += [
            f"- {i}: " + (f"omdøbt til {new}." if new else "findes ikke længere.")
            + (f" Lokalt: {', '.join(self.used_by[i])}." if self.used_by.get(i) else "")
            for i, new in sorted(self.removed.items())
        ] or ["Intet er fjernet."]  # fmt: skip
        lines += ["", "## Nyt i kernen", ""]
        lines += [f"- {i}: {title}" for i, title in sorted(self.new.items())] or ["Intet nyt."]
        return "\n".join(lines) + "\n"


def _value(need: Mapping[str, Any], key: str) -> Any:
    value = need.get(key)
    if isinstance(value, list):
        return sorted(map(str, value))
    return " ".join(str(value).split()) if value is not None else None


def compare(
    before: tuple[str, Mapping[str, Mapping[str, Any]]],
    after: tuple[str, Mapping[str, Mapping[str, Any]]],
    local_types: Iterable[str] = ("lokal",),
) -> Report:
    """The report from the core's needs before and after; the local needs (of ``local_types``)
    in either file are left out of "new" and "removed", and say what they link to."""
    local = set(local_types)
    old = {i: n for i, n in before[1].items() if n.get("type") not in local}
    new = {i: n for i, n in after[1].items() if n.get("type") not in local}
    uses: dict[str, list[str]] = {}
    for need_id, need in {**before[1], **after[1]}.items():
        if need.get("type") in local:
            for target in need.get("tilpasser") or []:
                uses.setdefault(str(target), []).append(need_id)
    report = Report(before[0], after[0])
    by_title = {str(n.get("title")): i for i, n in new.items() if i not in old}
    for need_id, need in old.items():
        if need_id not in new:
            report.removed[need_id] = by_title.get(str(need.get("title")), "")
            continue
        what = [
            word for key, word in COMPARED.items() if _value(need, key) != _value(new[need_id], key)
        ]
        if what and need_id in uses:
            report.changed[need_id] = what
    renamed = set(report.removed.values())
    report.new = {
        i: str(n.get("title", "")) for i, n in new.items() if i not in old and i not in renamed
    }
    report.used_by = {
        i: sorted(set(uses[i])) for i in [*report.changed, *report.removed] if i in uses
    }
    return report


# -- The core edition an edition builds on, recorded in the edition ---------------------------

#: Beside kommune.toml: the core edition the edition builds on and a snapshot of the core's
#: needs it links to, so an upgrade compares without the old core (nor a network).
LOCK = "kerne.json"
#: The fields a snapshot keeps of each linked core need: what the report compares.
KEPT = ("type", *COMPARED)


@dataclass
class Snapshot:
    """What an edition knew about its core when it was last built or upgraded."""

    edition: str
    #: every core need's ID -> its title (what is new, removed or renamed is read from these)
    titles: dict[str, str] = field(default_factory=dict)
    #: each local need -> the core needs it adapts (``tilpasser``)
    local: dict[str, list[str]] = field(default_factory=dict)
    #: the core needs the local ones adapt, with the fields the report compares
    needs: dict[str, dict[str, Any]] = field(default_factory=dict)
    #: the needs the last upgrade found gone -> their title then, so that a box anchored to
    #: one is still pointed to the nearest title after the edition has moved
    gone: dict[str, str] = field(default_factory=dict)

    @property
    def complete(self) -> bool:
        """Whether the snapshot holds the core's needs (``ny`` records the edition only)."""
        return bool(self.titles)

    def as_needs(self) -> tuple[str, dict[str, Mapping[str, Any]]]:
        """The snapshot in the shape of a ``needs.json``'s needs, for :func:`compare`."""
        needs: dict[str, Mapping[str, Any]] = {
            i: {"title": t, **self.needs.get(i, {})} for i, t in self.titles.items()
        }
        for need_id, targets in self.local.items():
            needs[need_id] = {"type": "lokal", "tilpasser": targets}
        return self.edition, needs

    def to_json(self) -> str:
        data = {
            "_om": "Skrevet af handbog kommune ny, byg og opdater: den udgave af kernen, "
            "udgaven bygger på, og det i kernen, det lokale bygger på. Rettes ikke i hånden.",
            "udgave": self.edition,
            "lokalt": self.local,
            "linket": self.needs,
            "titler": self.titles,
            "fjernet": self.gone,
        }
        return json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n"


def snapshot(
    edition: str, needs: Mapping[str, Mapping[str, Any]], local_types: Iterable[str] = ("lokal",)
) -> Snapshot:
    """The snapshot of a ``needs.json``'s needs: a core's alone, or an edition's (whose local
    needs say what they adapt)."""
    local = set(local_types)
    result = Snapshot(edition)
    for need_id, need in sorted(needs.items()):
        if need.get("type") in local:
            result.local[need_id] = sorted(map(str, need.get("tilpasser") or []))
        else:
            result.titles[need_id] = str(need.get("title", ""))
    linked = {target for targets in result.local.values() for target in targets}
    result.needs = {
        i: {key: needs[i][key] for key in KEPT if key in needs[i]}
        for i in sorted(linked)
        if i in needs
    }
    return result


def moved(core: tuple[str, Mapping[str, Mapping[str, Any]]], known: Snapshot) -> Snapshot:
    """The snapshot after an upgrade: a new core's ``needs.json`` (``core``), seen from the
    edition's local needs as ``known`` records them (the local files do not change)."""
    local = {i: {"type": "lokal", "tilpasser": t} for i, t in known.local.items()}
    return snapshot(core[0], {**core[1], **local})


def read_lock(folder: Path) -> Snapshot | None:
    """The edition's ``kerne.json``; None when it has none."""
    path = folder / LOCK
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return Snapshot(
            str(data["udgave"]),
            {str(k): str(v) for k, v in data.get("titler", {}).items()},
            {str(k): [str(t) for t in v] for k, v in data.get("lokalt", {}).items()},
            {str(k): dict(v) for k, v in data.get("linket", {}).items()},
            {str(k): str(v) for k, v in data.get("fjernet", {}).items()},
        )
    except FileNotFoundError:
        return None
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
        raise NeedsFileError(
            Problem(
                path,
                0,
                0,
                f"{LOCK} kan ikke læses ({type(exc).__name__}). Filen skrives af handbog "
                "kommune; hent den seneste version fra udgavens git-historik (git checkout "
                f"-- {LOCK}), eller slet den og byg udgaven igen med den kerne, den bygger på.",
            )
        ) from exc


def write_lock(folder: Path, snap: Snapshot) -> None:
    path = folder / LOCK
    text = snap.to_json()
    if not path.is_file() or path.read_text(encoding="utf-8") != text:
        path.write_text(text, encoding="utf-8")


def nearest_by_title(
    title: str, titles: Mapping[str, str], exclude: Iterable[str] = ()
) -> tuple[str, str] | None:
    """The need (ID, title) whose title is closest to ``title``, if any is close."""
    skip = set(exclude)
    candidates = {t: i for i, t in titles.items() if i not in skip and t}
    found = difflib.get_close_matches(title, list(candidates), n=1, cutoff=0.5)
    return (candidates[found[0]], found[0]) if found else None


def anchor_hint(anchor: str, core_titles: Mapping[str, str], folder: Path) -> str:
    """For a box whose anchor is gone: the title it had in the core edition the edition was
    last built on (``kerne.json``) and the core need with the nearest title now; "" if the
    edition has no record of it."""
    try:
        known = read_lock(folder)
    except NeedsFileError:
        return ""
    old = (known.titles.get(anchor) or known.gone.get(anchor)) if known else None
    if known is None or not old:
        return ""
    near = nearest_by_title(old, core_titles)
    where = f" Det nærmeste sted nu er {near[0]} »{near[1]}«." if near else ""
    when = "Før" if anchor in known.gone else f"I udgave {known.edition}"
    return f" {when} hed den »{old}«.{where}"
