"""Cross-reference checks on a built handbook, as plain functions.

The same functions run on the real build (tests/test_crossrefs.py, ``handbook`` fixture) and on
small broken examples (synthetic HTML, needs, sources), which prove that each check fails
with a message naming the file (and line where it can), the ID and the fix.

Every function returns a list of :class:`Finding`; an empty list means all is well.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from fnmatch import fnmatch
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from bs4 import BeautifulSoup

from handbog import checks, messages, model
from handbog.checks.needs import link_sources
from handbog.literature.bibliography import entry_keys

#: The sections of every core-element and prerequisite page, in this order: the extension's
#: own rule (handbog.checks), which the build checks on every page.
SKELETON = checks.SKELETON

MODEL = model.load(Path(__file__).resolve().parents[1] / "ubproject.toml")
_TARGETS = {name: link.target_types for name, link in MODEL.links.items()}
#: the types that may have each link: the build's own rule (handbog.checks.needs)
_SOURCES = {name: set(types) for name, types in link_sources(MODEL).items()}

#: link → (allowed source types and target types, both from the model, what the editor should
#: do)
LINK_RULES: dict[str, tuple[set[str], set[str], str]] = {
    "realiserer": (
        _SOURCES["realiserer"],
        set(_TARGETS["realiserer"]),
        "en praksis eller et hjælperedskab realiserer et kerneelement (KE_) eller en "
        "forudsætning (FO_)",
    ),
    "bygger_paa": (
        _SOURCES["bygger_paa"],
        set(_TARGETS["bygger_paa"]),
        "en praksis, et hjælperedskab eller et opmærksomhedspunkt bygger på kilder (KI_)",
    ),
    "understoetter": (
        _SOURCES["understoetter"],
        set(_TARGETS["understoetter"]),
        "en forudsætning (FO_) understøtter kerneelementer (KE_)",
    ),
    "tjekker": (
        _SOURCES["tjekker"],
        set(_TARGETS["tjekker"]),
        "et tjekpunkt (TJ_) tjekker en praksis, et redskab, en forudsætning, et kerneelement "
        "eller et opmærksomhedspunkt – aldrig en kilde",
    ),
}

NEED_ID = re.compile(MODEL.id_regex)
CITE_ROLE = re.compile(r"\{cite(?::[a-z]+)?\}`([^`]+)`")
EXTERNAL = ("http:", "https:", "mailto:", "tel:", "javascript:", "data:", "//", "ftp:")
#: Generated after the HTML build by another step (the PDF modules); checked there.
LATER_ARTEFACTS = ("pdf/*.pdf",)


@dataclass(frozen=True)
class Finding:
    """One problem: where (file, optional line), which ID, what is wrong and what to do."""

    file: str
    message: str
    line: int | None = None
    need_id: str | None = None

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where}: {self.need_id + ': ' if self.need_id else ''}{self.message}"


def _near(word: str, candidates: Iterable[str]) -> str:
    near = difflib.get_close_matches(word, sorted(candidates), n=2, cutoff=0.6)
    return f" Mente du {' eller '.join(near)}?" if near else ""


def _source_of(page: Path, html_root: Path, docs: Path | None) -> str:
    """The Markdown file an HTML page was built from (what the editor must open)."""
    rel = page.relative_to(html_root).with_suffix("")
    if docs is not None:
        for suffix in (".md", ".rst"):
            source = docs / rel.with_suffix(suffix)
            if source.exists():
                return f"docs/{rel.as_posix()}{suffix}"
    return f"{html_root.name}/{page.relative_to(html_root).as_posix()}"


# -- 1. Internal links and anchors in the HTML ---------------------------------------------------


class _Anchors:
    """The ids of each HTML file, read once."""

    def __init__(self) -> None:
        self._cache: dict[Path, set[str]] = {}

    def __call__(self, page: Path) -> set[str]:
        if page not in self._cache:
            soup = BeautifulSoup(page.read_text("utf-8"), "html.parser")
            ids = {tag["id"] for tag in soup.find_all(id=True)}
            ids |= {tag["name"] for tag in soup.find_all("a", attrs={"name": True})}
            self._cache[page] = ids
        return self._cache[page]


def html_pages(html_root: Path) -> list[Path]:
    skip = ("_static", "_sources", "_images", "_downloads")
    return sorted(
        p
        for p in html_root.rglob("*.html")
        if not any(part in skip for part in p.relative_to(html_root).parts)
    )


def check_links(
    html_root: Path, docs: Path | None = None, ignore: Iterable[str] = LATER_ARTEFACTS
) -> list[Finding]:
    """Every internal ``href`` points to an existing file, and its ``#fragment`` to an id."""
    anchors = _Anchors()
    found: list[Finding] = []
    ignore = tuple(ignore)
    root = html_root.resolve()
    for page in html_pages(html_root):
        soup = BeautifulSoup(page.read_text("utf-8"), "html.parser")
        anchors._cache.setdefault(
            page,
            {t["id"] for t in soup.find_all(id=True)}
            | {t["name"] for t in soup.find_all("a", attrs={"name": True})},
        )
        source = _source_of(page, html_root, docs)
        for link in soup.find_all("a", href=True):
            href = link["href"].strip()
            if not href or href.startswith(EXTERNAL):
                continue
            parts = urlsplit(href)
            if parts.scheme:
                continue
            path, fragment = unquote(parts.path), unquote(parts.fragment)
            target = (page.parent / path).resolve() if path else page.resolve()
            if path.endswith("/") or target.is_dir():
                target = target / "index.html"
            text = " ".join(link.get_text(" ", strip=True).split())[:60] or href
            need_id = fragment if NEED_ID.match(fragment or "") else None
            try:
                rel_target = target.relative_to(root).as_posix()
            except ValueError:
                rel_target = str(target)
            if not target.exists():
                if any(fnmatch(rel_target, pattern) for pattern in ignore):
                    continue
                found.append(
                    Finding(
                        source,
                        f"lenken '{text}' ({href}) peger på {rel_target}, som ikke findes. Ret "
                        "lenken (siden kan være flyttet eller omdøbt), eller opret siden.",
                        need_id=need_id,
                    )
                )
                continue
            if fragment and target.suffix == ".html" and fragment not in anchors(target):
                hint = _near(fragment, anchors(target))
                found.append(
                    Finding(
                        source,
                        f"lenken '{text}' ({href}) peger på ankeret #{fragment}, som ikke findes "
                        f"på {rel_target}.{hint} Ret ankeret: en overskrift, et begreb eller et "
                        "ID kan være omdøbt.",
                        need_id=need_id,
                    )
                )
    return found


# -- 2. Need links resolve and respect the allowed types ------------------------------------------


def _need_file(need: Mapping[str, Any]) -> tuple[str, int | None]:
    if need.get("bibkey"):  # generated from the BibTeX file by {kildeliste}
        return "docs/litteratur.bib", None
    docname = need.get("docname")
    if not docname:
        return "(ekstern)", None
    return f"docs/{docname}{need.get('doctype') or '.md'}", need.get("lineno")


def _of_types(needs: Mapping[str, Mapping[str, Any]], types: set[str]) -> list[str]:
    """IDs a link may point to: suggestions never propose a target of the wrong type."""
    return [i for i, n in needs.items() if n["type"] in types]


def check_need_links(needs: Mapping[str, Mapping[str, Any]]) -> list[Finding]:
    found: list[Finding] = []
    for need_id, need in sorted(needs.items()):
        file, line = _need_file(need)
        for link, (sources, targets, rule) in LINK_RULES.items():
            values = need.get(link) or []
            if values and need["type"] not in sources:
                found.append(
                    Finding(
                        file,
                        f"en {need['type']} må ikke have :{link}: ({rule}). Fjern linket, eller "
                        "flyt det til det rigtige element.",
                        line,
                        need_id,
                    )
                )
            for target in values:
                other = needs.get(target)
                if other is None:
                    found.append(
                        Finding(
                            file,
                            f":{link}: peger på {target}, som ikke findes."
                            f"{_near(target, _of_types(needs, targets))} "
                            "Ret ID'et, eller opret elementet (litteratur: tilføj posten til "
                            "docs/litteratur.bib).",
                            line,
                            need_id,
                        )
                    )
                elif other["type"] not in targets:
                    found.append(
                        Finding(
                            file,
                            f":{link}: peger på {target}, som er en {other['type']}, men {rule}. "
                            "Peg på et element af den rigtige type.",
                            line,
                            need_id,
                        )
                    )
    return found


# -- 3. No orphan pages ------------------------------------------------------------------------


def reachable(root: str, toctree_includes: Mapping[str, Iterable[str]]) -> set[str]:
    seen: set[str] = set()
    stack = [root]
    while stack:
        doc = stack.pop()
        if doc in seen:
            continue
        seen.add(doc)
        stack.extend(toctree_includes.get(doc, []))
    return seen


def check_orphans(
    found_docs: Iterable[str], toctree_includes: Mapping[str, Iterable[str]], root: str = "index"
) -> list[Finding]:
    """Every page can be reached from the front page through the tables of contents."""
    reached = reachable(root, toctree_includes)
    found = []
    for doc in sorted(set(found_docs) - reached):
        parent = doc.rsplit("/", 1)[0] + "/index" if "/" in doc else root
        name = doc.rsplit("/", 1)[-1]
        found.append(
            Finding(
                f"docs/{doc}.md",
                f"siden kan ikke nås fra forsiden gennem indholdsfortegnelserne (toctree). "
                f"Tilføj '{name}' til en toctree, fx i docs/{parent}.md, så læserne kan finde "
                "den.",
            )
        )
    return found


# -- 4. Core-element and prerequisite pages follow the skeleton ------------------------------------


def h2_titles(page: Path) -> list[str]:
    soup = BeautifulSoup(page.read_text("utf-8"), "html.parser")
    main = soup.find("article") or soup
    titles = []
    for h2 in main.find_all("h2"):
        for link in h2.find_all("a", class_="headerlink"):
            link.decompose()
        titles.append(" ".join(h2.get_text(" ", strip=True).split()))
    return titles


def _heading_line(source: Path | None, title: str) -> int | None:
    if source is None or not source.exists():
        return None
    for number, line in enumerate(source.read_text("utf-8").splitlines(), 1):
        if re.match(r"^##\s+" + re.escape(title) + r"\s*$", line):
            return number
    return None


def check_skeleton(
    doc: str, titles: list[str], element_id: str, source: Path | None = None
) -> list[Finding]:
    """The skeleton's H2s all appear, in order (other H2s between them are allowed): the
    build's own rule and message (handbog.checks.skeleton_problems), on the built HTML."""
    numbered = [(title, _heading_line(source, title)) for title in titles]
    return [
        Finding(f"docs/{doc}.md", messages.text(key, **values), line, element_id)
        for key, line, values in checks.skeleton_problems(numbered, SKELETON)
    ]


# -- 5. Every citation key exists in the BibTeX file ------------------------------------------


def bib_keys(bib: Path) -> set[str]:
    return entry_keys(bib)


def check_citations(sources: Iterable[Path], keys: set[str], base: Path) -> list[Finding]:
    found = []
    for source in sources:
        for number, line in enumerate(source.read_text("utf-8").splitlines(), 1):
            for match in CITE_ROLE.finditer(line):
                for key in (k.strip() for k in match.group(1).split(",")):
                    if key and key not in keys:
                        found.append(
                            Finding(
                                source.relative_to(base).as_posix(),
                                f"{{cite}} nævner nøglen '{key}', som ikke står i "
                                f"docs/litteratur.bib.{_near(key, keys)} Ret nøglen, eller "
                                "tilføj posten til docs/litteratur.bib.",
                                number,
                            )
                        )
    return found


def citing_sources(docs: Path) -> list[Path]:
    """The handbook's pages (templates are not built and may cite placeholder keys)."""
    return sorted(p for p in docs.rglob("*.md") if "_templates" not in p.relative_to(docs).parts)


# -- 6. Every need a checklist item refers to exists ----------------------------------------------


def _id_strings(data: Any, path: tuple[Any, ...] = ()) -> Iterable[tuple[str, Any, tuple]]:
    """Every string in a YAML document that looks like a need ID, with its parent and key."""
    if isinstance(data, Mapping):
        for key, value in data.items():
            if isinstance(value, str) and NEED_ID.match(value.strip()):
                yield value.strip(), data, (*path, key)
            else:
                yield from _id_strings(value, (*path, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            if isinstance(value, str) and NEED_ID.match(value.strip()):
                yield value.strip(), data, (*path, index)
            else:
                yield from _id_strings(value, (*path, index))


def check_checklist_needs(
    checklist_files: Iterable[Path], needs: Mapping[str, Any], base: Path
) -> list[Finding]:
    """Every need ID written in a checklist file (the needs its items check) exists."""
    from ruamel.yaml import YAML

    found = []
    for path in checklist_files:
        data = YAML(typ="rt").load(path.read_text("utf-8"))
        for need_id, parent, where in _id_strings(data):
            if need_id in needs:
                continue
            key = where[-1]
            lc = getattr(parent, "lc", None)
            try:
                line = (lc.item(key) if isinstance(key, int) else lc.value(key))[0] + 1
            except (AttributeError, KeyError, TypeError):
                line = None
            found.append(
                Finding(
                    path.relative_to(base).as_posix(),
                    f"tjeklisten henviser til {need_id}, som ikke findes i håndbogen."
                    f"{_near(need_id, needs)} Ret ID'et (alle ID'er står under Sporbarhed), "
                    "eller opret praksissen på dens side.",
                    line,
                    need_id,
                )
            )
    return found
