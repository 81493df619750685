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

import json
import os
import re
import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from ruamel.yaml import YAML
from ruamel.yaml.error import YAMLError

from handbog.data.core import Problem, did_you_mean, display_path
from handbog.kommune import upgrade
from handbog.kommune.config import Edition
from handbog.kommune.core import Core
from handbog.messages import text
from handbog.model import Model

#: The edition's own folders: local pages and local boxes.
PAGES = "sider"
BOXES = "bokse"
#: Beside the composed conf.py: where each local need is written (read by sphinxconf).
LOCAL_IDS = "lokale-id.json"
#: Where the local pages and the generated pages sit in the composed source folder.
LOCAL_DOCS = "lokalt"

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


@dataclass
class Plan:
    """What the composed source folder holds, and what stops the build."""

    boxes: dict[Path, list[Box]] = field(default_factory=dict)
    left_out: dict[Path, list[tuple[NeedBlock, str]]] = field(default_factory=dict)
    #: local need ID -> (the local file, the line of its ID), for the Sphinx side's messages
    local_ids: dict[str, tuple[str, int]] = field(default_factory=dict)
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
    for box_list in result.boxes.values():
        for box in box_list:
            result.local_ids.update({i: (str(box.path), n) for i, n in box.ids})
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
        end = anchors[box.anchor].end
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
        '```{needtable}\n:types: lokal\n:columns: id as "ID";title as "Titel";tilpasser as '
        '"Tilpasser"\n:style: table\n```\n\n'
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
    _write(root / LOCAL_IDS, json.dumps(plan.local_ids, ensure_ascii=False, indent=1) + "\n")
    _write(
        root / "conf.py",
        "# Lavet af handbog kommune byg ud fra kommune.toml; rettes ikke her.\n"
        "from handbog.kommune.sphinxconf import configure\n\n"
        f"configure(globals(), kerne={str(core.root)!r}, udgave={str(edition.folder)!r})\n",
    )
    return root, docs, paths
