"""The damage matrix: every kind of file an editor touches × every kind of damage an editor does.

Each cell takes a real file of the handbook (a page and its front matter, a checklist, a
glossary term, an answers file, docs/litteratur.bib, ubproject.toml, CHANGELOG.md), damages a
copy the way an editor does (a wrong encoding, broken syntax, a misspelt key or option, a value
of the wrong type, an unclosed block or role, a duplicate, a misspelt name from the information
model), runs what reads that file (the build, ``handbog tjekliste valider``, ``handbog ordliste
valider``, the model and edition readers) and asserts: a Danish message naming the file and a
line, never a traceback, never silence. The build's messages are compared with the same build
of the undamaged file, so only what the damage caused counts.

A cell that does not apply says why (:data:`NOT_APPLICABLE`). A cell the handbook does not
catch yet is marked ``xfail(strict=True)`` with what is missing (:data:`KNOWN_GAPS`): the matrix
runs in full, and a gap that gets fixed turns the test red until its mark is removed.
"""

from __future__ import annotations

import io
import json
import re
import shutil
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from types import SimpleNamespace

import pytest
from conftest import REPO
from docutils.parsers.rst import directives, roles

from handbog import cli, version
from handbog.checks.modelfile import check_model

#: The real files the damage is done to.
PAGE = REPO / "docs" / "forudsaetninger" / "uden-myndighed.md"
CHECKLIST = REPO / "checklists" / "kompetencer.yaml"
TERM = REPO / "glossary" / "dagtilbud.yaml"
ANSWERS = REPO / "tests" / "data" / "overblik" / "skole-a-under.json"
BIB = REPO / "docs" / "litteratur.bib"
MODEL = REPO / "ubproject.toml"
CHANGELOG = REPO / "CHANGELOG.md"

DAMAGES = ("encoding", "syntax", "key", "type", "unclosed", "duplicate", "model-name")
#: A Danish word most messages use; an English message has none of them.
_DANISH = re.compile(r"(?i)\b(ikke|skal|mangler|findes|ret|kan|er|har|står|linje|mente)\b")


def _replace(text: str, old: str, new: str) -> str:
    assert old in text, old
    return text.replace(old, new, 1)


def _latin1(path: Path) -> None:
    path.write_bytes(path.read_text("utf-8").encode("cp1252", errors="replace"))


def _then_latin1(change: Callable[[Path], None]) -> Callable[[Path], None]:
    def both(path: Path) -> None:
        change(path)
        _latin1(path)

    return both


def _edit(old: str, new: str) -> Callable[[Path], None]:
    def change(path: Path) -> None:
        path.write_text(_replace(path.read_text("utf-8"), old, new), "utf-8")

    return change


def _transform(how: Callable[[str], str]) -> Callable[[Path], None]:
    def change(path: Path) -> None:
        path.write_text(how(path.read_text("utf-8")), "utf-8")

    return change


def _duplicate_need_block(text: str) -> str:
    start = text.index("```{forudsaetning}")
    end = text.index("```\n", start + 3) + 4
    return text[:end] + "\n" + text[start:end] + text[end:]


def _duplicate_bib_entry(text: str) -> str:
    start = text.index("@")
    end = text.index("\n}\n", start) + 3
    return text[:end] + "\n" + text[start:end] + text[end:]


def _duplicate_checklist_item(text: str) -> str:
    lines = text.split("\n")
    first = next(i for i, line in enumerate(lines) if re.match(r"^\s+- id: ", line))
    indent = len(lines[first]) - len(lines[first].lstrip())
    end = next(
        i
        for i in range(first + 1, len(lines))
        if lines[i].strip() and len(lines[i]) - len(lines[i].lstrip()) <= indent
    )
    return "\n".join(lines[:end] + lines[first:end] + lines[end:])


def _first_bib_key(text: str) -> str:
    return re.search(r"@\w+\{([^,]+),", text)[1]  # type: ignore[index]


def _bib_keywords(text: str) -> str:
    return re.sub(r"keywords\s*=\s*\{systematisk\}", "keywords = {systematsk}", text, count=1)


# -- What each kind of file is damaged with ----------------------------------------------------

CELLS: dict[str, dict[str, Callable[[Path], None]]] = {
    "page": {
        "encoding": _latin1,
        # an option line without its closing colon
        "syntax": _edit(":understoetter: KE_", ":understoetter KE_"),
        "key": _edit(":understoetter:", ":understoeter:"),
        "type": _edit(":afsnit: 2.3", ":afsnit: to"),
        "unclosed": _edit("vive2023`", "vive2023"),
        "duplicate": _transform(_duplicate_need_block),
        "model-name": _edit("```{forudsaetning}", "```{forudsaetnig}"),
    },
    "page-unclosed-block": {
        "unclosed": _edit("uden dens accept.\n```\n", "uden dens accept.\n\n"),
    },
    "front matter": {
        "syntax": _edit("og:description: Forudsætningen", 'og:description: "Forudsætningen'),
        "key": _edit("og:description:", "og:descripton:"),
        "type": _edit("og:description: Forudsætningen", "og:description:\n  - Forudsætningen"),
        "unclosed": _edit("i skole og dagtilbud.\n---\n", "i skole og dagtilbud.\n\n"),
        "duplicate": _edit("og:description:", "og:description: x\nog:description:"),
    },
    "checklist": {
        "encoding": _latin1,
        "syntax": _edit("\nmaalgruppe:\n  - ", "\nmaalgruppe:\n\t- "),
        "key": _edit("\ntitel:", "\ntitl:"),
        "type": _transform(lambda t: re.sub(r"\nversion: \d+", "\nversion: to", t, count=1)),
        "unclosed": _transform(lambda t: re.sub(r"\ntitel: (.*)", r'\ntitel: "\1', t, count=1)),
        "duplicate": _transform(_duplicate_checklist_item),
        "model-name": _transform(lambda t: re.sub(r"(tjekker: \[?)(\w\w)_", r"\1\2X_", t, count=1)),
    },
    "glossary term": {
        "encoding": _latin1,
        "syntax": _edit("\ndefinition:", "\n definition:"),
        "key": _edit("\ndefinition:", "\ndefinitoin:"),
        "type": _edit("\nterm: ", "\nterm:\n  - "),
        "unclosed": _edit("\nterm: ", '\nterm: "'),
        "duplicate": _transform(lambda t: t + "\n" + t.split("\n")[1] + "\n"),
        "model-name": _transform(
            lambda t: re.sub(r"\bKI_", "KX_", t, count=1) if "KI_" in t else t
        ),
    },
    "answers file": {
        # the file has no letter beyond ASCII: an editor writes one (»lærer«) and saves the
        # file as Windows-1252, or the damage would change nothing
        "encoding": _then_latin1(_edit('"leder og team"', '"leder og lærer"')),
        "syntax": _edit('"answers": {', '"answers": {,'),
        "key": _edit('"answers":', '"answer":'),
        "type": _edit('"format_version": 2', '"format_version": "to"'),
        "unclosed": _transform(lambda t: t.rstrip().rstrip("}")),
        "duplicate": _edit('"answers": {', '"answers": {}, "answers": {'),
        "model-name": _edit('"checklist": "boerneinddragelse"', '"checklist": "boerneindragelse"'),
    },
    "litteratur.bib": {
        "encoding": _latin1,
        "syntax": _transform(
            lambda t: re.sub(r"(\n\s*title\s*=\s*\{[^\n]*\}),", r"\1", t, count=1)
        ),
        "key": _transform(lambda t: re.sub(r"\n(\s*)author(\s*=)", r"\n\1auhtor\2", t, count=1)),
        "type": _transform(
            lambda t: re.sub(r"year\s*=\s*\{?\d{4}\}?", "year = {tyve}", t, count=1)
        ),
        "unclosed": _transform(lambda t: t.replace("\n}\n", "\n\n", 1)),
        "duplicate": _transform(_duplicate_bib_entry),
        "model-name": _transform(_bib_keywords),
    },
    "ubproject.toml": {
        "encoding": _latin1,
        "syntax": _edit('prefix = "PR_"', 'prefix = "PR_'),
        "key": _edit('prefix = "PR_"', 'prefx = "PR_"'),
        "type": _edit('prefix = "PR_"', "prefix = 3"),
        "unclosed": _edit("[needs.links.realiserer]", "[needs.links.realiserer"),
        "duplicate": _edit("[needs.links.bygger_paa]", "[needs.links.realiserer]"),
        "model-name": _edit('target_types = ["kilde"]', 'target_types = ["kidle"]'),
    },
    "CHANGELOG.md": {
        "encoding": _latin1,
        "syntax": _transform(lambda t: re.sub(r"^## Udgave", "##Udgave", t, count=1, flags=re.M)),
        "key": _transform(lambda t: re.sub(r"^## Udgave", "## Udgav", t, count=1, flags=re.M)),
        "type": _transform(
            lambda t: re.sub(r"^## Udgave \S+", "## Udgave næste", t, count=1, flags=re.M)
        ),
        "duplicate": _transform(
            lambda t: re.sub(r"^(## Udgave .*)$", r"\1\n\n\1", t, count=1, flags=re.M)
        ),
    },
}

#: Cells that cannot happen, and why.
NOT_APPLICABLE: dict[tuple[str, str], str] = {
    ("front matter", "encoding"): "the front matter is part of the page: the page's cell",
    ("front matter", "model-name"): "a page's front matter names nothing from the model",
    ("CHANGELOG.md", "unclosed"): "Markdown headings have nothing to close",
    ("CHANGELOG.md", "model-name"): "the changelog names nothing from the model",
}

#: Cells the handbook does not catch yet: what happens instead, and whose code it is.
KNOWN_GAPS: dict[tuple[str, str], str] = {
    ("answers file", "duplicate"): "a key written twice is silent: json keeps the last one "
    "(handbog.checklists.answers)",
}


@dataclass
class Outcome:
    """What a reader of the file said: its messages (new ones only, for a build)."""

    messages: list[str]
    crashed: str = ""


# -- Running what reads each kind of file ------------------------------------------------------


def _build(make_app: Callable, src: Path) -> list[str]:
    warning = io.StringIO()
    # a build stopped while it starts is not cleaned up by sphinx.testing: keep docutils'
    # registries as they were, for the tests after it
    saved = dict(directives._directives), dict(roles._roles)  # type: ignore[attr-defined]
    try:
        make_app("html", srcdir=src, freshenv=True, warning=warning).build()
    except SystemExit:
        # the build stopped on purpose, after its message (a file it cannot read)
        directives._directives.clear()  # type: ignore[attr-defined]
        directives._directives.update(saved[0])  # type: ignore[attr-defined]
        roles._roles.clear()  # type: ignore[attr-defined]
        roles._roles.update(saved[1])  # type: ignore[attr-defined]
    text = re.sub(r"\x1b\[[0-9;]*m", "", warning.getvalue())
    if "Traceback" in text or "Extension error" in text:
        raise RuntimeError(text)
    # the place is the part that depends on the folder: keep the file's name and line
    return [re.sub(r"^\S*/", "", line) for line in text.splitlines() if "WARNING" in line]


def _project(rootdir: Path, tmp_path: Path) -> Path:
    src = tmp_path / "projekt"
    shutil.copytree(rootdir / "test-ok", src)
    shutil.copy(PAGE, src / "side.md")
    (src / "index.md").write_text(
        (src / "index.md").read_text("utf-8") + "\n```{toctree}\nside\n```\n", "utf-8"
    )
    with (src / "conf.py").open("a", encoding="utf-8") as conf:
        conf.write(
            f"\nhandbog_rapport_indhold = {str(REPO / 'src/handbog/data/rapport-indhold.yaml')!r}\n"
        )
        conf.write(f"handbog_glossary_dir = {str(REPO / 'glossary')!r}\n")
        conf.write("myst_heading_anchors = 3\n")
        conf.write(
            'myst_enable_extensions = ["colon_fence", "deflist", "fieldlist", "attrs_inline", '
            '"attrs_block"]\n'
        )
    return src


_BASELINES: dict[str, list[str]] = {}


def _built(kind: str, make_app: Callable, rootdir: Path, tmp_path: Path, damage) -> Outcome:
    """The page (and its front matter) as side.md, the bibliography as refs.bib, in a small
    project with the handbook's MyST settings, glossary and report sections."""
    name = "refs.bib" if kind == "litteratur.bib" else "side.md"
    if kind not in _BASELINES:
        base = _project(rootdir, tmp_path / "baseline")
        if kind == "litteratur.bib":
            shutil.copy(BIB, base / "refs.bib")
        _BASELINES[kind] = _build(make_app, base)
    src = _project(rootdir, tmp_path)
    if kind == "litteratur.bib":
        shutil.copy(BIB, src / "refs.bib")
    damage(src / name)
    try:
        found = _build(make_app, src)
    except RuntimeError as exc:
        return Outcome([], str(exc))
    before = list(_BASELINES[kind])
    new = []
    for line in found:
        if line in before:
            before.remove(line)
        else:
            new.append(line)
    return Outcome([line for line in new if line.startswith(name)])


def _cli(argv: list[str], capsys, monkeypatch) -> Outcome:
    monkeypatch.chdir(REPO)
    try:
        code = cli.main(argv)
    except BaseException:  # noqa: BLE001 - a traceback is what the cell looks for
        return Outcome([], traceback.format_exc())
    captured = capsys.readouterr()
    lines = (captured.out + captured.err).splitlines()
    return Outcome(lines if code else [])


def _checked_file(kind: str, tmp_path: Path, capsys, monkeypatch, damage) -> Outcome:
    if kind == "glossary term":
        folder = tmp_path / "glossary"
        shutil.copytree(REPO / "glossary", folder)
        damage(folder / TERM.name)
        outcome = _cli(
            ["ordliste", "valider", str(folder), "--docs", str(REPO / "docs")], capsys, monkeypatch
        )
        outcome.messages = [m for m in outcome.messages if TERM.name in m]
        return outcome
    source = {"checklist": CHECKLIST, "answers file": ANSWERS}[kind]
    copy = tmp_path / source.name
    shutil.copy(source, copy)
    damage(copy)
    outcome = _cli(["tjekliste", "valider", str(copy)], capsys, monkeypatch)
    outcome.messages = [m for m in outcome.messages if source.name in m]
    return outcome


def _model(tmp_path: Path, damage, caplog) -> Outcome:
    """The build's check of the model (handbog.checks.modelfile), which runs before anything
    else reads the file."""
    copy = tmp_path / "ubproject.toml"
    shutil.copy(MODEL, copy)
    damage(copy)
    app = SimpleNamespace(confdir=str(tmp_path), config=SimpleNamespace(needs_from_toml=copy.name))
    caplog.clear()
    try:
        check_model(app, app.config)
    except SystemExit:
        pass  # stopped after its message
    except BaseException:  # noqa: BLE001
        return Outcome([], traceback.format_exc())
    return Outcome(
        [
            f"{getattr(r, 'location', '')}: {r.getMessage()}"
            for r in caplog.records
            if r.levelname == "WARNING"
        ]
    )


def _changelog(tmp_path: Path, damage) -> Outcome:
    copy = tmp_path / "CHANGELOG.md"
    shutil.copy(CHANGELOG, copy)
    damage(copy)
    try:
        problems = version.changelog_problems(tmp_path) + version.release_problems(
            version.edition(tmp_path), "https://handbog.dk/", True
        )
    except BaseException:  # noqa: BLE001
        return Outcome([], traceback.format_exc())
    return Outcome([f"{where}: {what}" for where, what in problems if where])


# -- The matrix --------------------------------------------------------------------------------


def _cases() -> list:
    cases = []
    for kind, damages in CELLS.items():
        for damage, how in damages.items():
            marks = []
            if (kind, damage) in KNOWN_GAPS:
                marks.append(pytest.mark.xfail(reason=KNOWN_GAPS[kind, damage], strict=True))
            cases.append(pytest.param(kind, damage, how, id=f"{kind}-{damage}", marks=marks))
    return cases


def test_every_cell_is_damaged_or_says_why_not():
    kinds = {kind.removesuffix("-unclosed-block") for kind in CELLS}
    for kind in kinds:
        for damage in DAMAGES:
            made = damage in CELLS.get(kind, {})
            assert made or (kind, damage) in NOT_APPLICABLE, (kind, damage)
            assert not (made and (kind, damage) in NOT_APPLICABLE), (kind, damage)


@pytest.mark.parametrize(("kind", "damage", "how"), _cases())
def test_the_damage_is_a_danish_message_with_file_and_line(
    kind, damage, how, make_app, rootdir, tmp_path, capsys, monkeypatch, caplog
):
    if kind in ("page", "page-unclosed-block", "front matter", "litteratur.bib"):
        outcome = _built(kind, make_app, rootdir, tmp_path, how)
    elif kind == "ubproject.toml":
        outcome = _model(tmp_path, how, caplog)
    elif kind == "CHANGELOG.md":
        outcome = _changelog(tmp_path, how)
    else:
        outcome = _checked_file(kind, tmp_path, capsys, monkeypatch, how)
    assert not outcome.crashed, outcome.crashed
    assert outcome.messages, "ingen besked: skaden gik ubemærket hen"
    placed = [m for m in outcome.messages if re.search(r"\.(md|yaml|json|bib|toml):\d+", m)]
    assert placed, f"ingen besked med fil og linje: {outcome.messages}"
    danish = [m for m in placed if _DANISH.search(m.split(": ", 1)[-1])]
    assert danish, f"ingen dansk besked: {placed}"
    if kind in ("page", "page-unclosed-block", "front matter", "litteratur.bib"):
        assert any("[handbog." in m for m in danish), f"kun andre pakkers beskeder: {placed}"


def test_the_matrix_size():
    """Kinds × damages as the note reports it: cells made, and not applicable."""
    made = sum(len(d) for d in CELLS.values())
    assert made + len(NOT_APPLICABLE) >= 8 * len(DAMAGES)
    assert json.dumps({"celler": made, "ikke relevante": len(NOT_APPLICABLE)})
