"""The folder Sphinx builds a municipal edition from, composed under the edition's ``build/``.

Sphinx reads one source folder, so ``handbog kommune byg`` lays one out: the core's pages as
symbolic links to the installed core (never copies in the edition's repository), the local
pages as a link to the edition's ``sider/``, and, only for the core pages where local content
goes in, a copy in ``build/`` with the local box included (MyST's ``{include}``) after the need
it is anchored to, or with the left-out practice hidden and the reason shown in its place.
The configuration is a two-line ``conf.py`` that runs the core's and then
:func:`handbog.kommune.sphinxconf.configure`.

Everything an editor can get wrong here (an anchor that is gone, a local ID without the
edition's prefix, a left-out practice that does not exist) is a :class:`Problem` naming the
local file and line, with the nearest valid name; the build does not start until they are
fixed.
"""

from __future__ import annotations

import io
import json
import os
import re
import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path, PurePosixPath

import pybtex.database
import pybtex.errors
from pybtex.exceptions import PybtexError
from ruamel.yaml import YAML
from ruamel.yaml.error import YAMLError

from handbog import version
from handbog.checklists.errors import ChecklistError
from handbog.checklists.loader import checklist_files, load_all
from handbog.checklists.model import checkable_types
from handbog.data.core import Problem, did_you_mean, display_path
from handbog.glossary.data import DATA_FORMAT, glossary_files, load_glossary, read_term
from handbog.kommune import upgrade
from handbog.kommune.config import Edition, LocalItem
from handbog.kommune.core import Core
from handbog.literature.bibliography import entry_keys, entry_lines
from handbog.messages import text
from handbog.model import Model

#: The edition's own folders: local pages and local boxes.
PAGES = "sider"
BOXES = "bokse"
#: Beside the composed conf.py: where each local need is written (read by sphinxconf).
LOCAL_IDS = "lokale-id.json"
#: Where the local pages and the generated pages sit in the composed source folder.
LOCAL_DOCS = "lokalt"
#: Beside the composed conf.py: the core's checklists with the edition's items put in.
CHECKLISTS = "tjeklister"
#: The edition's own glossary terms (one YAML file per term, as the core's), and, beside the
#: composed conf.py, the core's glossary with them put in.
GLOSSARY = "ordliste"
#: The edition's own sources, beside kommune.toml; each entry has ``keywords = {lokal}``.
SOURCES = "kilder.bib"
#: The provenance keyword of a local source (ubproject.toml, [handbog.ord.soegning]).
LOCAL_SOURCE = "lokal"

_OPEN = re.compile(r"^\s*(?P<fence>`{3,}|:{3,})\s*(?:\{(?P<name>[\w-]+)\}\s*(?P<arg>.*))?$")
_OPTION = re.compile(r"^\s*:(?P<key>[\w-]+):\s*(?P<value>.*)$")


@dataclass(frozen=True)
class NeedBlock:
    """A need directive in a MyST file: its type, ID, title and lines (0-based)."""

    path: Path
    directive: str
    need_id: str
    title: str
    start: int
    id_line: int
    end: int


def need_blocks(path: Path, directives: set[str]) -> Iterator[NeedBlock]:
    """The need directives (of ``directives``) written in ``path``, with their ID."""
    lines = path.read_text(encoding="utf-8").splitlines()
    stack: list[tuple[str, str | None, str, int, int | None, str | None]] = []
    for number, line in enumerate(lines):
        stripped = line.strip()
        if stack:
            fence, name, arg, start, id_line, need_id = stack[-1]
            closes = stripped and set(stripped) == {fence[0]} and len(stripped) >= len(fence)
            if closes:
                stack.pop()
                if name in directives and need_id and id_line is not None:
                    yield NeedBlock(path, name, need_id, arg, start, id_line, number)
                continue
            option = _OPTION.match(line)
            if option and option["key"] == "id" and need_id is None and name in directives:
                stack[-1] = (fence, name, arg, start, number, option["value"].strip())
                continue
        opened = _OPEN.match(line)
        if opened and (opened["name"] or opened["fence"][0] == "`"):
            stack.append((opened["fence"], opened["name"], (opened["arg"] or "").strip(), number,
                          None, None))  # fmt: skip


@dataclass(frozen=True)
class Box:
    """A local box: its file, the core need it follows, and the lines its body starts at."""

    path: Path
    anchor: str
    anchor_line: int
    body_start: int
    ids: tuple[tuple[str, int], ...]
    #: for an anchor at a heading (``side.md#Overskrift``): the 0-based line of the core page
    #: the box goes after, the last line of the heading's section; None after a need
    after: int | None = None


@dataclass
class Plan:
    """What the composed source folder holds, and what stops the build."""

    boxes: dict[Path, list[Box]] = field(default_factory=dict)
    left_out: dict[Path, list[tuple[NeedBlock, str]]] = field(default_factory=dict)
    #: local need ID -> (the local file, the line of its ID), for the Sphinx side's messages
    local_ids: dict[str, tuple[str, int]] = field(default_factory=dict)
    #: checklist id -> the edition's items for it, in kommune.toml's order
    items: dict[str, list[LocalItem]] = field(default_factory=dict)
    #: every local need for the coverage page: (ID, title, what it adapts, where it stands)
    coverage: list[tuple[str, str, tuple[str, ...], str]] = field(default_factory=list)
    #: the core's need titles, for the coverage page's links
    core_titles: dict[str, str] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)


def _front_matter(path: Path) -> tuple[dict[str, object], int, list[Problem]]:
    """The front matter of a box file, the number of its lines, and its problems."""
    lines = path.read_text(encoding="utf-8").splitlines()
    if not lines or lines[0].strip() != "---":
        return {}, 0, []
    end = next((n for n in range(1, len(lines)) if lines[n].strip() == "---"), None)
    if end is None:
        return {}, 0, [Problem(path, 1, 0, "oplysningerne øverst (---) lukkes ikke. Tilføj ---.")]
    try:
        data = YAML(typ="safe").load("\n".join(lines[1:end])) or {}
    except YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 2 if mark is not None else 1
        return {}, end + 1, [Problem(path, line, 0, "linjen kan ikke læses (skriv anker: ID).")]
    if not isinstance(data, dict):
        return {}, end + 1, [Problem(path, 2, 0, "skriv oplysningerne som anker: PR_….")]
    return data, end + 1, []


def _line_of(path: Path, key: str) -> int:
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if line.strip().startswith(f"{key}:"):
            return number
    return 1


def core_pages(core: Core) -> list[Path]:
    """The core's pages (its templates for editors are not pages)."""
    return [
        page
        for page in sorted(core.docs.rglob("*.md"))
        if "_templates" not in page.relative_to(core.docs).parts
    ]


def plan(edition: Edition, core: Core, model: Model) -> Plan:
    """Read the core's pages and the edition's files, and decide what to compose."""
    result = Plan()
    directives = set(model.types)
    local = set(model.local_types)
    core_needs: dict[str, NeedBlock] = {}
    for page in core_pages(core):
        for block in need_blocks(page, directives - local):
            core_needs[block.need_id] = block
    result.core_titles = {i: b.title for i, b in core_needs.items()}
    for path in sorted((edition.folder / BOXES).glob("*.md")):
        data, body_start, problems = _front_matter(path)
        result.problems += problems
        if problems:
            continue
        anchor = str(data.get("anker", "")).strip()
        if not anchor:
            result.problems.append(
                Problem(
                    path,
                    1,
                    0,
                    "boksen siger ikke, hvor den skal stå. Skriv øverst i filen:\n---\n"
                    "anker: PR_…\n---\nmed ID'et på den praksis i kernen, boksen skal stå efter.",
                )
            )
            continue
        ids = tuple((b.need_id, b.id_line + 1) for b in need_blocks(path, directives))
        box = Box(path, anchor, _line_of(path, "anker"), body_start, ids)
        if "#" in anchor:
            placed, problem = _at_heading(box, core)
            if problem is not None:
                result.problems.append(problem)
            else:
                result.boxes.setdefault(placed[0], []).append(placed[1])
            continue
        if anchor not in core_needs:
            result.problems.append(
                Problem(
                    path,
                    box.anchor_line,
                    0,
                    text(
                        "kommune-anker",
                        anchor=anchor,
                        edition=core.edition or "uden nummer",
                        hint=_anchor_hint(anchor, core_needs, edition.folder),
                    ),
                )
            )
            continue
        result.boxes.setdefault(core_needs[anchor].path, []).append(box)
    for page in sorted((edition.folder / PAGES).rglob("*.md")):
        for written in need_blocks(page, directives):
            result.local_ids[written.need_id] = (str(page), written.id_line + 1)
            doc = (
                PurePosixPath("/", LOCAL_DOCS, PAGES) / page.relative_to(edition.folder / PAGES)
            ).with_suffix("")
            place = f"På den lokale side {{doc}}`{doc}`"
            result.coverage.append((written.need_id, written.title, _adapts(written), place))
    for box_list in result.boxes.values():
        for box in box_list:
            result.local_ids.update({i: (str(box.path), n) for i, n in box.ids})
            for written in need_blocks(box.path, directives):
                if box.after is None:
                    anchor = _link(box.anchor, result.core_titles.get(box.anchor, box.anchor))
                    place = f"I en boks efter {anchor}"
                else:
                    page_name, _, heading = box.anchor.partition("#")
                    doc = PurePosixPath("/", page_name.strip().lstrip("/")).with_suffix("")
                    place = f"I en boks under »{heading.strip()}« på {{doc}}`{doc}`"
                result.coverage.append((written.need_id, written.title, _adapts(written), place))
    for need_id, (where, line) in result.local_ids.items():
        if not need_id.startswith(edition.id_prefix):
            result.problems.append(
                Problem(
                    Path(where),
                    line,
                    0,
                    text(
                        "kommune-lokalt-id",
                        need_id,
                        prefix=edition.id_prefix,
                        example=edition.id_prefix + need_id.split("_")[-1],
                    ),
                )
            )
    result.problems += changelog_problems(edition)
    result.problems += _plan_items(edition, core, model, core_needs, result)
    result.problems += _glossary_problems(edition, core)
    result.problems += _source_problems(edition, core)
    practices = {i: b for i, b in core_needs.items() if b.directive in model.practice_types}
    for gone in edition.left_out:
        found = practices.get(gone.need_id)
        if found is None:
            result.problems.append(
                Problem(
                    edition.file,
                    gone.line,
                    0,
                    text(
                        "kommune-udeladt",
                        gone.need_id,
                        hint=did_you_mean(gone.need_id, practices),
                    ),
                )
            )
            continue
        result.left_out.setdefault(found.path, []).append((found, gone.reason))
    return result


def _plan_items(
    edition: Edition, core: Core, model: Model, core_needs: dict[str, NeedBlock], result: Plan
) -> list[Problem]:
    """Check the edition's checklist items against the core's checklists and needs, and put
    each in the plan under its checklist."""
    if not edition.items:
        return []
    try:
        checklists = load_all(core.root / "checklists", model)
    except ChecklistError as error:  # the core's own checklists: its build says the same
        return list(error.problems)
    checkable = set(checkable_types(model))
    targets = {i: b for i, b in core_needs.items() if b.directive in checkable}
    problems: list[Problem] = []
    for item in edition.items:
        result.local_ids[item.need_id] = (str(edition.file), item.lines["id"])
        checklist = checklists.get(item.checklist)
        if checklist is None:
            problems.append(
                Problem(
                    edition.file,
                    item.lines["tjekliste"],
                    0,
                    text(
                        "kommune-tjekliste",
                        item.need_id,
                        what=f"tjeklisten {item.checklist!r}",
                        where="kernen",
                        hint=did_you_mean(item.checklist, checklists),
                        known=", ".join(checklists),
                    ),
                )
            )
            continue
        sections = [section.id for section in checklist.sections]
        if item.section not in sections:
            problems.append(
                Problem(
                    edition.file,
                    item.lines["afsnit"],
                    0,
                    text(
                        "kommune-tjekliste",
                        item.need_id,
                        what=f"afsnittet {item.section!r}",
                        where=f"tjeklisten {checklist.id!r}",
                        hint=did_you_mean(item.section, sections),
                        known=", ".join(sections),
                    ),
                )
            )
            continue
        unknown = [target for target in item.checks if target not in targets]
        for target in unknown:
            problems.append(
                Problem(
                    edition.file,
                    item.lines["tjekker"],
                    0,
                    text(
                        "kommune-tjekker",
                        item.need_id,
                        target=target,
                        hint=did_you_mean(target, targets),
                    ),
                )
            )
        if not unknown:
            result.items.setdefault(checklist.id, []).append(item)
            title = next(s.title for s in checklist.sections if s.id == item.section)
            place = f"Tjekpunkt i »{checklist.title}«, afsnittet »{title}«"
            result.coverage.append((item.need_id, item.text, item.checks, place))
    return problems


_HEADING = re.compile(r"^(?P<marks>#{1,6})\s+(?P<text>.+?)\s*#*\s*$")


def headings(page: Path) -> list[tuple[str, int, int]]:
    """The headings of a MyST page outside fenced blocks: (text, level, 0-based line)."""
    found: list[tuple[str, int, int]] = []
    fence = ""
    for number, line in enumerate(page.read_text(encoding="utf-8").splitlines()):
        stripped = line.strip()
        if fence:
            if stripped and set(stripped) == {fence[0]} and len(stripped) >= len(fence):
                fence = ""
            continue
        opened = _OPEN.match(line)
        if opened:
            fence = opened["fence"]
            continue
        if heading := _HEADING.match(line):
            found.append((heading["text"], len(heading["marks"]), number))
    return found


def _at_heading(box: Box, core: Core) -> tuple[tuple[Path, Box], Problem | None]:
    """A box anchored at ``side.md#Overskrift`` goes last in that heading's section (before
    the next heading of the same or a higher level), so it reads as part of the section."""
    page_name, _, wanted = box.anchor.partition("#")
    pages = {str(p.relative_to(core.docs)): p for p in core_pages(core)}
    page = pages.get(page_name.strip().lstrip("/"))
    if page is None:
        message = text(
            "kommune-anker-overskrift",
            what=f"siden {page_name!r}",
            where=f"kernen (håndbogen, udgave {core.edition or 'uden nummer'})",
            hint=did_you_mean(page_name, pages),
        )
        return (box.path, box), Problem(box.path, box.anchor_line, 0, message)
    found = headings(page)
    index = next(
        (i for i, (t, _l, _n) in enumerate(found) if t.casefold() == wanted.strip().casefold()),
        None,
    )
    if index is None:
        message = text(
            "kommune-anker-overskrift",
            what=f"overskriften {wanted.strip()!r}",
            where=f"siden {page_name}",
            hint=did_you_mean(wanted.strip(), [t for t, _l, _n in found]),
        )
        return (box.path, box), Problem(box.path, box.anchor_line, 0, message)
    _text, level, line = found[index]
    following = next((n for _t, lv, n in found[index + 1 :] if lv <= level), None)
    lines = page.read_text(encoding="utf-8").splitlines()
    last = (following if following is not None else len(lines)) - 1
    while last > line and not lines[last].strip():
        last -= 1
    return (page, replace(box, after=last)), None


def _adapts(block: NeedBlock) -> tuple[str, ...]:
    """The IDs in the block's ``:tilpasser:`` option."""
    lines = block.path.read_text(encoding="utf-8").splitlines()[block.start : block.end]
    for line in lines:
        option = _OPTION.match(line)
        if option and option["key"] == "tilpasser":
            return tuple(i.strip() for i in option["value"].split(",") if i.strip())
    return ()


def _glossary_problems(edition: Edition, core: Core) -> list[Problem]:
    """A local term may not take a name the core's glossary already gives a term: a word
    leads to one term. (The rest of a term file's rules are the glossary's own, checked when
    the composed glossary is read.)"""
    folder = edition.folder / GLOSSARY
    if not folder.is_dir():
        return []
    core_terms, _ = load_glossary(core.root / "glossary")
    taken = {name.casefold(): t.path.name for t in core_terms for name in t.names}
    problems: list[Problem] = []
    for path in glossary_files(folder):
        if not path.read_text(encoding="utf-8").startswith("#"):
            problems.append(Problem(path, 1, 0, text("kommune-begreb-linje1")))
            continue
        term, _found = read_term(path)
        if term is None:  # the glossary's own message names the file and line
            continue
        for index, name in enumerate(term.names):
            if name.casefold() in taken:
                where = term.line("term") if index == 0 else term.line("synonymer", index - 1)
                problems.append(
                    Problem(
                        path,
                        where,
                        0,
                        text("kommune-begreb", name=name, core=taken[name.casefold()]),
                    )
                )
    return problems


def _source_problems(edition: Edition, core: Core) -> list[Problem]:
    """The edition's own sources must say they are local (``keywords = {lokal}``), so the
    bibliography marks them, and may not reuse a key of the core's: a key names one work.
    (A file pybtex cannot read gets the core's own message from the build.)"""
    path = edition.folder / SOURCES
    if not path.is_file():
        return []
    try:
        with pybtex.errors.capture():
            entries = pybtex.database.parse_file(path, bib_format="bibtex").entries
    except PybtexError:
        return []
    core_keys = {key.casefold() for key in entry_keys(core.docs / "litteratur.bib")}
    lines = entry_lines(path)
    problems: list[Problem] = []
    for key, entry in entries.items():
        words = {w.strip() for w in entry.fields.get("keywords", "").split(",")}
        if key.casefold() in core_keys:
            problems.append(
                Problem(path, lines.get(key, 1), 0, text("kommune-kilde-noegle", bibkey=key))
            )
        elif words != {LOCAL_SOURCE}:
            problems.append(
                Problem(path, lines.get(key, 1), 0, text("kommune-kilde-lokal", bibkey=key))
            )
    return problems


def _item_slug(edition: Edition, item: LocalItem) -> str:
    """The item's key in the answer files: ``lokal-`` and the ID's own part (never a core
    item's key, which never starts so)."""
    own = item.need_id.removeprefix(edition.id_prefix).lower().replace("_", "-")
    return f"lokal-{own}"


def _checklist_with_items(edition: Edition, path: Path, items: list[LocalItem]) -> str:
    """The core checklist's YAML with the edition's items put last in their sections."""
    yaml = YAML()  # round-trip: the core's comments and order stay
    yaml.width = 4096
    data = yaml.load(path.read_text(encoding="utf-8"))
    for item in items:
        section = next(s for s in data["afsnit"] if s["id"] == item.section)
        entry: dict[str, object] = {
            "id": _item_slug(edition, item),
            "tekst": item.text,
            "tjekker": list(item.checks),
        }
        if item.help:
            entry["hjaelp"] = item.help
        entry["lokal"] = {"id": item.need_id, "maerke": edition.marker}
        section["punkter"].append(entry)
    out = io.StringIO()
    yaml.dump(data, out)
    return out.getvalue()


def edition_checklists(folder: Path) -> Path | None:
    """For ``handbog tjekliste`` run in an edition's folder: the checklists with the local
    items (written by ``handbog kommune byg``); None when ``folder`` is not an edition."""
    if not (folder / "kommune.toml").is_file():
        return None
    return folder / "build" / "kilde" / CHECKLISTS


def changelog_problems(edition: Edition) -> list[Problem]:
    """The edition's own CHANGELOG must give its number and date: every PDF cover prints them
    beside the core's (handbog.pdf.cover)."""
    path = edition.folder / version.CHANGELOG
    if version.edition(edition.folder) and version.edition_date(edition.folder):
        return []
    lines = path.read_text(encoding="utf-8").splitlines() if path.is_file() else []
    line = next((n for n, t in enumerate(lines, 1) if t.startswith("## ")), 1)
    return [Problem(path, line, 0, text("kommune-aendringslog", changelog=version.CHANGELOG))]


def _anchor_hint(anchor: str, core_needs: dict[str, NeedBlock], folder: Path) -> str:
    """Where a box whose anchor is gone could go: nearest by the title the anchor had in the
    core edition last built (kerne.json), else by the ID's spelling."""
    titles = {i: b.title for i, b in core_needs.items()}
    return upgrade.anchor_hint(anchor, titles, folder) or did_you_mean(anchor, core_needs)


def _composed_page(page: Path, staged: Path, plan: Plan) -> tuple[str, list[tuple[int, int]]]:
    """The core page with the local boxes included after their anchors and the left-out
    practices hidden, their reason in their place; and where lines were put in
    (0-based line of the original they follow, how many)."""
    lines = page.read_text(encoding="utf-8").splitlines()
    after: dict[int, list[str]] = {}
    hide: set[int] = set()
    for block, _reason in plan.left_out.get(page, []):
        hide.add(block.id_line)
        after.setdefault(block.end, []).extend(
            [
                "",
                f"```{{udeladt-lokalt}} {block.need_id}",
                f":titel: {block.title}",
                ":sted:",
                "```",
            ]  # fmt: skip
        )
    anchors = {block.need_id: block for block in need_blocks(page, _directives(page))}
    for box in plan.boxes.get(page, []):
        end = anchors[box.anchor].end if box.after is None else box.after
        relative = os.path.relpath(box.path, staged.parent)
        after.setdefault(end, []).extend(
            ["", "```{include} " + relative, f":start-line: {box.body_start}", "```"]
        )
    out: list[str] = []
    inserted: list[tuple[int, int]] = []
    for number, line in enumerate(lines):
        out.append(line)
        extra = ([":hide:"] if number in hide else []) + (
            [*after[number], ""] if number in after else []
        )
        if extra:
            out.extend(extra)
            inserted.append((number, len(extra)))
    return "\n".join(out) + "\n", inserted


def _directives(page: Path) -> set[str]:
    return {m["name"] for line in page.read_text(encoding="utf-8").splitlines()
            if (m := _OPEN.match(line)) and m["name"]}  # fmt: skip


def _write(path: Path, text: str) -> None:
    """Write only what changed, so Sphinx's incremental build reads only changed pages."""
    if path.is_symlink():
        path.unlink()
    if path.is_file() and path.read_text(encoding="utf-8") == text:
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def _copy(path: Path, source: Path) -> None:
    """Copy only what changed (file and time), so Sphinx rereads only changed pages.

    Copies, not links: MyST resolves a link to a page through a symbolic link to the page's
    real place, outside the source folder, and then finds no page."""
    if path.is_file() and not path.is_symlink():
        known = path.stat()
        new = source.stat()
        if known.st_size == new.st_size and known.st_mtime_ns == new.st_mtime_ns:
            return
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.is_symlink():
        path.unlink()
    shutil.copy2(source, path)


@dataclass
class PathMap:
    """Where a file of the composed folder comes from, so messages name the real file."""

    #: composed file -> (the real file, the lines put in: (line of the original, count))
    files: dict[str, tuple[str, list[tuple[int, int]]]] = field(default_factory=dict)

    def real(self, staged: str, line: int) -> tuple[str, int]:
        """The real file and line for a 1-based line of a composed file."""
        if staged not in self.files:
            return staged, line
        real, inserted = self.files[staged]
        shift = 0
        for after, count in inserted:
            if line - shift > after + 1 + count:
                shift += count
            elif line - shift > after + 1:
                return real, after + 1  # inside what was put in: the anchor's last line
        return real, line - shift

    def translate(self, message: str) -> str:
        """Sphinx's ``path:line:`` at the start of a message, as the real file and line."""

        def swap(found: re.Match[str]) -> str:
            path, line = self.real(found["path"], int(found["line"] or 0))
            return f"{display_path(path)}:{line}:" if found["line"] else f"{display_path(path)}:"

        return _LOCATION.sub(swap, message, count=1)


_LOCATION = re.compile(r"^(?P<path>/[^:\n]+?\.md):(?:(?P<line>\d+):)?", re.MULTILINE)


def local_index(edition: Edition) -> str:
    return (
        f"# Lokalt i {edition.name}\n\n"
        f"Siderne her er {edition.genitive} egne. Resten af håndbogen er den fælles kerne; hvor "
        f"{edition.name} har tilføjet noget til en side i kernen, står det i en boks mærket "
        f"»Lokalt i {edition.name}«.\n\n"
        "```{toctree}\n:maxdepth: 1\n:glob:\n\nsider/*\ndaekning\n```\n"
    )


def _link(need_id: str, title: str) -> str:
    """A link to a need with its whole title (the role's own text cuts it short); the
    characters that would end the role or the table cell are left out of the title."""
    shown = re.sub(r"[`<>|]", "", title).strip() or need_id
    return f"{{need}}`{shown} <{need_id}>`"


def _coverage_table(plan: Plan) -> str:
    """Every local need as a row a reader can follow: what it is, what in the core it adapts,
    and where it stands (a box after a practice, a local page, a checklist)."""
    rows = ["| Lokalt | Tilpasser i kernen | Hvor |", "| --- | --- | --- |"]
    for need_id, title, adapts, place in plan.coverage:
        # an ID the core does not have is shown, not linked: its own message names the
        # local file, and a second one about this generated page would only mislead
        targets = ", ".join(
            _link(t, plan.core_titles[t]) if t in plan.core_titles else f"`{t}`" for t in adapts
        )
        rows.append(f"| {_link(need_id, title)} | {targets or '–'} | {place} |")
    return "\n".join(rows) + "\n"


def coverage_page(edition: Edition, plan: Plan) -> str:
    left_out = [
        f"```{{udeladt-lokalt}} {block.need_id}\n:titel: {block.title}\n```\n"
        for blocks in plan.left_out.values()
        for block, _reason in blocks
    ]
    return (
        f"# Lokal dækning i {edition.name}\n\n"
        f"Her står, hvad {edition.genitive} udgave har tilføjet til kernen, og hvilken praksis "
        "fra kernen udgaven har udeladt, med begrundelsen.\n\n"
        "## Lokale tilføjelser\n\n"
        + (_coverage_table(plan) if plan.coverage else "Udgaven har ikke tilføjet noget.\n")
        + "\n"
        "## Udeladt lokalt\n\n"
        + ("\n".join(left_out) if left_out else "Udgaven har ikke udeladt noget fra kernen.\n")
    )


#: The accessibility page; the core has one, and an edition puts its own in its place.
ACCESSIBILITY = "tilgaengelighed.md"
#: Where a reader in Denmark complains about a public website's accessibility (digst.dk).
COMPLAINTS = (
    "https://digst.dk/digital-inklusion/webtilgaengelighed/oplever-du-ikke-tilgaengeligt-indhold/"
)
STATEMENTS = (
    "https://digst.dk/digital-inklusion/webtilgaengelighed/om-tilgaengelighedserklaeringen/"
)


def _contact(contact: str) -> str:
    """An e-mail address or a web address as a link; anything else as it is written."""
    if re.fullmatch(r"[^@\s]+@[^@\s]+\.[a-z]{2,}", contact):
        return f"[{contact}](mailto:{contact})"
    if re.fullmatch(r"https?://\S+", contact):
        return f"<{contact}>"
    return contact


def accessibility_page(edition: Edition, core_edition: str) -> str:
    """The edition's ``tilgaengelighed`` page, in the structure of a Danish public body's
    accessibility statement, filled from kommune.toml; it names what was measured and what
    was not (the edition's own pages are not tested by the build)."""
    core = f"udgave {core_edition}" if core_edition else "arbejdsudgaven"
    themes = [t for t, c in (("lyst", edition.colour), ("mørkt", edition.colour_dark)) if c]
    colours = (
        f"Kommunens farver er tjekket, da udgaven blev bygget: i {' og '.join(themes)} tema har "
        "links og overskrifter en kontrast på mindst 4,5:1 mod baggrunden.\n\n"
        if themes
        else ""
    )
    return f"""# Tilgængelighed i {edition.genitive} udgave

{edition.name} er ansvarlig for denne udgave af håndbogen. Siden er bygget op, som offentlige
myndigheder i Danmark bygger deres tilgængelighedserklæring op. Som offentlig myndighed laver
{edition.name} sin lovpligtige tilgængelighedserklæring for hele webstedet i
Digitaliseringsstyrelsens værktøj; se [Digitaliseringsstyrelsens side om
tilgængelighedserklæringen]({STATEMENTS}). Denne side beskriver håndbogens del.

## Hvor godt lever udgaven op til kravene

Målet er WCAG 2.1 på niveau A og AA. Siden bygger kun på automatiske målinger, ikke på en
gennemgang ved en person, så den erklærer ikke, at udgaven lever fuldt op til kravene. Den
siger, hvad der er målt. Den fælles del af håndbogen ({core}) er testet i håndbogens eget
projekt, med axe-core i browseren Chromium i lyst og mørkt tema:

```{{tilgaengelighed-maalt}}
```

{edition.genitive} egne sider og bokse er ikke testet automatisk, når udgaven bygges.
Automatiske test finder kun en del af de problemer, en læser kan møde, så siden lover ikke
mere, end der er målt.

{colours}## Det, der ikke er tilgængeligt

Kender du en del af udgaven, som du ikke kan bruge, så meld det, som det står nedenfor.

## Sådan melder du et problem

Skriv til {_contact(edition.accessibility_contact)}. Skriv, hvilken side det drejer sig
om, og hvad du ikke kunne.

## Hvis du ikke får svar

Får du ikke svar inden for 10 arbejdsdage, eller er du ikke tilfreds med svaret, kan du
henvende dig til Digitaliseringsstyrelsen, som fører tilsyn med, at offentlige websteder
overholder webtilgængelighedsloven. Se [Digitaliseringsstyrelsens side om at opleve indhold,
der ikke er tilgængeligt]({COMPLAINTS}).

## Dato

Målingernes datoer står ovenfor. Datoen nederst på siden er datoen, udgaven er bygget.
"""


def compose(edition: Edition, core: Core, plan: Plan, root: Path) -> tuple[Path, Path, PathMap]:
    """Lay out the source folder under ``root``: the configuration folder, the sources, and
    where each composed file comes from."""
    docs = root / "docs"
    wanted: set[Path] = set()
    paths = PathMap()
    sources: list[tuple[Path, Path]] = [
        (page, docs / page.relative_to(core.docs))
        for page in core.docs.rglob("*")
        if page.is_file() and "_build" not in page.relative_to(core.docs).parts
    ]
    pages = edition.folder / PAGES
    if pages.is_dir():
        sources += [
            (page, docs / LOCAL_DOCS / PAGES / page.relative_to(pages))
            for page in pages.rglob("*")
            if page.is_file()
        ]
    for page, staged in sources:
        wanted.add(staged)
        inserted: list[tuple[int, int]] = []
        if page in plan.boxes or page in plan.left_out:
            text, inserted = _composed_page(page, staged, plan)
            _write(staged, text)
        elif page == core.docs / ACCESSIBILITY:
            _write(staged, accessibility_page(edition, core.edition))
        elif page == core.docs / "index.md":
            text = page.read_text(encoding="utf-8").rstrip("\n")
            _write(
                staged,
                f"{text}\n\n```{{toctree}}\n:hidden:\n:caption: {edition.name}\n\n"
                f"{LOCAL_DOCS}/index\n```\n",
            )
        else:
            _copy(staged, page)
        paths.files[str(staged)] = (str(page), inserted)
    for name, text in (
        ("index.md", local_index(edition)),
        ("daekning.md", coverage_page(edition, plan)),
    ):
        _write(docs / LOCAL_DOCS / name, text)
        wanted.add(docs / LOCAL_DOCS / name)
    for folder, _dirs, files in os.walk(docs):
        for name in files:
            path = Path(folder, name)
            if path not in wanted:
                path.unlink()
    # the core's checklists, with the edition's items put in where kommune.toml says
    wanted_lists: set[Path] = set()
    for path in checklist_files(core.root / "checklists"):
        staged = root / CHECKLISTS / path.name
        wanted_lists.add(staged)
        items = plan.items.get(path.stem, [])
        if items:
            _write(staged, _checklist_with_items(edition, path, items))
        else:
            _copy(staged, path)
    for old in (root / CHECKLISTS).glob("*"):
        if old not in wanted_lists:
            old.unlink()
    # the core's glossary and the edition's terms, each marked local at its end (so every
    # line stays where the editor wrote it, and messages name the same line)
    wanted_terms: set[Path] = set()
    for path in glossary_files(core.root / "glossary"):
        wanted_terms.add(root / GLOSSARY / path.name)
        _copy(root / GLOSSARY / path.name, path)
    local_terms = edition.folder / GLOSSARY
    for path in glossary_files(local_terms) if local_terms.is_dir() else []:
        staged = root / GLOSSARY / path.name
        wanted_terms.add(staged)
        # line 1 is the editor's comment (checked in plan): the schema's address goes there
        _comment, _, own = path.read_text(encoding="utf-8").rstrip("\n").partition("\n")
        marker = json.dumps(edition.marker, ensure_ascii=False)
        _write(staged, f"{DATA_FORMAT.schema_comment}\n{own}\nlokal: {marker}\n")
    for old in (root / GLOSSARY).glob("*"):
        if old not in wanted_terms:
            old.unlink()
    # the model beside the checklists, so `handbog tjekliste --tjeklister build/kilde/tjeklister`
    # reads them with the core's model
    _copy(root / "ubproject.toml", core.root / "ubproject.toml")
    _write(root / LOCAL_IDS, json.dumps(plan.local_ids, ensure_ascii=False, indent=1) + "\n")
    _write(
        root / "conf.py",
        "# Lavet af handbog kommune byg ud fra kommune.toml; rettes ikke her.\n"
        "from handbog.kommune.sphinxconf import configure\n\n"
        f"configure(globals(), kerne={str(core.root)!r}, udgave={str(edition.folder)!r})\n",
    )
    return root, docs, paths
