"""Benchmark of the build, for editors and maintainers (not a test: times vary by machine).

    nox -s bench                              # measure and print
    nox -s bench -- --update-page             # ... and write the figures into the handbook
    nox -s bench -- --factor 5 --repeat 3     # other content factor; best of three runs

A developer's tool, so it lives beside the package, not in it: ``python benchmarks/bench.py``
runs it in an environment where the package is installed (``nox -s bench`` makes one).

Measures, in one run, on copies of the project in a temporary folder (the working tree is
never touched, except ``docs/projekt/ydeevne.md`` with ``--update-page``):

1. a clean strict HTML build (``-b html -c <root> -W --keep-going -n``, as ``nox -s html``);
2. a rebuild with nothing changed: the fixed cost every rebuild pays (start-up, loading the
   environment, what extensions do on every build, indices, search index, needs.json);
3. an incremental rebuild after one page is edited, and which pages Sphinx read and wrote
   again (a needtable or another global view can force every page to be written again);
4. the full PDF build (``python -m handbog pdf <html-dir>``), with each PDF's pages and time;
4a. the worked municipal edition (eksempler/eksempel-kommune) from an empty folder:
   ``handbog kommune ny``, its files, ``handbog kommune byg``; HTML only, and with the PDFs;
5. a synthetic handbook with ``--factor`` times the content (pages, practices and tools,
   sources in the BibTeX file, checklists and their items), its clean build and an
   incremental rebuild of it;
6. the baseline: plain Sphinx with the packages the handbook builds on (myst-parser,
   sphinx-design, sphinx-needs, sphinxcontrib-bibtex) and its default theme, on the same
   ``docs/``, from a generated ``conf.py`` without the handbook's extension. Its clean build
   alternates with the handbook's (with ``--repeat``), so both meet the same load on a
   shared machine. The handbook's own directives and roles are unknown to it: the warnings
   that gives are expected, and it is not built with ``-W``.

Then prints the ratios against the project's goals: clean build ≤ 1,3 × the baseline,
no-change rebuild ≤ 0,1 × clean build, incremental ≤ 0,2 × clean build, all PDFs ≤ 3 ×
clean HTML build, factor × content ≤ factor × time, the municipal edition ≤ 1,2 × the core
(HTML only against the clean HTML build; with PDFs against HTML and PDFs). A build that ends with
warnings (exit 1 under ``-W``) is still measured and the report says so; the synthetic
content itself must add no warnings, and the report shows whether it did.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from handbog.project import project_files, strict_html_command

# The reader's side (benchmarks/web.py) sits beside this file.
sys.path.insert(0, str(Path(__file__).parent))
import search_eval  # noqa: E402
import web as web_bench  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
PAGE = Path("docs/projekt/ydeevne.md")
EDITED_PAGE = Path("docs/kerneelementer/foraeldresamarbejde.md")
BIBFILE = Path("docs/litteratur.bib")
BEGIN, END = "<!-- bench:begin -->", "<!-- bench:end -->"
EPOCH = "1700000000"
#: What the incremental step adds to the edited page (a paragraph, so the content changes).
EDIT = "\nEn ekstra sætning, som målingen af byggetiden har tilføjet (nr. {n}).\n"


# -- The goals -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Goal:
    """``steps[numerator] / steps[denominator] ≤ limit`` (limit ``None``: the factor)."""

    label: str
    numerator: str
    denominator: str
    limit: float | None


GOALS = (
    Goal("trinvis / ren HTML-bygning", "incremental", "full", 0.2),
    Goal("alle PDF'er / ren HTML-bygning", "pdf", "full", 3.0),
    Goal("{f}× indhold / 1× indhold", "scaled", "full", None),
    Goal("uden ændringer / ren HTML-bygning (gulvet)", "noop", "full", 0.1),
    Goal("ren HTML-bygning / Sphinx med de samme pakker", "full", "baseline", 1.3),
    Goal("kommuneudgave fra tom mappe, kun HTML / ren HTML-bygning", "edition_html", "full", 1.2),
    Goal(
        "kommuneudgave fra tom mappe, HTML og PDF'er / kernens HTML og PDF'er",
        "edition",
        "core_all",
        1.2,
    ),
)
#: Shown beside the goals: they explain them, they are not goals themselves.
CONTEXT = (Goal("trinvis / ren HTML-bygning, {f}× indhold", "scaled_incremental", "scaled", None),)
#: The baseline's extensions: the packages the handbook builds on, without the handbook.
BASELINE_EXTENSIONS = ("myst_parser", "sphinx_design", "sphinx_needs", "sphinxcontrib.bibtex")


# -- The project, copied ------------------------------------------------------------------------


def copy_project(repo: Path, dest: Path) -> bool:
    """A copy of the working tree as it is now (uncommitted edits included) in ``dest``.

    With git, the copy is a local clone whose files are then replaced by the working tree's,
    so the build sees the same history (version, "last changed" dates) as the real one.
    Returns whether the copy has that history.
    """
    files = project_files(repo)
    history = (repo / ".git").exists() and shutil.which("git") is not None
    if history:
        proc = subprocess.run(
            ["git", "clone", "--quiet", "--no-hardlinks", str(repo), str(dest)],
            capture_output=True,
        )
        history = proc.returncode == 0
    if history:
        wanted = set(files)
        tracked = subprocess.run(
            ["git", "ls-files", "-z"], cwd=dest, capture_output=True, check=True
        ).stdout.decode()
        for rel in tracked.split("\0"):
            if rel and rel not in wanted and (dest / rel).is_file():
                (dest / rel).unlink()  # deleted in the working tree, not yet committed
    else:
        shutil.rmtree(dest, ignore_errors=True)
    for rel in files:
        target = dest / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(repo / rel, target)
    return history


# -- Timed steps ----------------------------------------------------------------------------


@dataclass
class Step:
    name: str
    seconds: float = 0.0
    cpu: float = 0.0
    returncode: int = 0
    warnings: int = 0
    read: list[str] = field(default_factory=list)
    written: list[str] = field(default_factory=list)
    runs: int = 1
    ok: bool = True
    note: str = ""
    pdfs: list[tuple[str, int, float]] = field(default_factory=list)
    problems: list[str] = field(default_factory=list, repr=False)


def _env(project: Path) -> dict[str, str]:
    env = {**os.environ, "SOURCE_DATE_EPOCH": os.environ.get("SOURCE_DATE_EPOCH", EPOCH)}
    # The copy's package, also for `python -m handbog pdf` (conf.py does the same for Sphinx).
    env["PYTHONPATH"] = os.pathsep.join(
        p for p in (str(project / "src"), os.environ.get("PYTHONPATH")) if p
    )
    env.pop("HANDBOG_STRICT", None)  # as `nox -s build`: WeasyPrint's warnings are reported
    return env


def _run(cmd: list[str], cwd: Path) -> tuple[float, float, subprocess.CompletedProcess]:
    """Wall-clock and CPU seconds (the process and its children) of one command."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    proc = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, env=_env(cwd))
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, proc


_READ = re.compile(r"^reading sources\.\.\. \[\s*\d+%\] (\S+)", re.M)
_WRITTEN = re.compile(r"^writing output\.\.\. \[\s*\d+%\] (\S+)", re.M)
_PROBLEMS = re.compile(r"build finished with problems, (\d+) warnings?")
_PDF_LINE = re.compile(r"^PDF\s+(\S+)\s+(\d+) sider\s+([\d.]+) s", re.M)


def count_warnings(stderr: str, stdout: str = "") -> int:
    """Sphinx's own count when it gives one, else the WARNING/ERROR lines."""
    found = _PROBLEMS.search(stdout + "\n" + stderr)
    if found:
        return int(found.group(1))
    return len(re.findall(r"(?:WARNING|ERROR|CRITICAL):", stderr))


def _problem_lines(stderr: str, limit: int = 8) -> list[str]:
    lines = [line for line in stderr.splitlines() if line.strip()]
    shown = lines[:limit]
    if len(lines) > limit:
        shown.append(f"… ({len(lines)} linjer i alt)")
    return shown


_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")


def _plain(output: str) -> str:
    """Sphinx's progress lines as plain lines: with CI=true it redraws one line with
    ``ESC[2K`` and ``\r`` (even with --no-color), which the patterns above cannot read."""
    return _ANSI.sub("", output).replace("\r", "\n")


def sphinx_html(project: Path, out: Path, name: str) -> Step:
    """A strict HTML build, exactly as ``nox -s html`` runs it, into ``out``."""
    cmd = strict_html_command(project, project / "docs", out / "html", out / "doctrees")
    return _html_step(name, project, cmd, out, ok_codes=(0, 1))


def _html_step(
    name: str, project: Path, cmd: list[str], out: Path, ok_codes: tuple[int, ...], note: str = ""
) -> Step:
    """Run one HTML build and read what it did from its output (pages read and written)."""
    wall, cpu, proc = _run(cmd, project)
    step = Step(
        name=name,
        seconds=wall,
        cpu=cpu,
        returncode=proc.returncode,
        warnings=count_warnings(proc.stderr, proc.stdout),
        read=_READ.findall(_plain(proc.stdout)),
        written=_WRITTEN.findall(_plain(proc.stdout)),
        problems=_problem_lines(proc.stderr),
        note=note,
    )
    if not (out / "html" / "index.html").is_file() or proc.returncode not in ok_codes:
        step.ok = False
        step.note = "bygningen gav ingen HTML"
    return step


def baseline_conf(project: Path, folder: Path) -> Path:
    """A ``conf.py`` in ``folder`` for plain Sphinx on ``project``'s ``docs/``: the
    handbook's language, Markdown settings, information model (ubproject.toml, so the needs
    directives parse) and BibTeX file, the packages it builds on and Sphinx's default
    theme; nothing of the handbook's own extension."""
    conf = {
        "project": "Baseline",
        "language": "da",
        "root_doc": "index",
        "exclude_patterns": ["_build", "_templates", "**/README.md"],
        "extensions": list(BASELINE_EXTENSIONS),
        "myst_heading_anchors": 3,
        "myst_enable_extensions": [
            "colon_fence", "deflist", "fieldlist", "attrs_inline", "attrs_block"
        ],
        "needs_from_toml": str((project / "ubproject.toml").resolve()),
        "bibtex_bibfiles": [str((project / BIBFILE).resolve())],
    }  # fmt: skip
    folder.mkdir(parents=True, exist_ok=True)
    text = "".join(f"{key} = {value!r}\n" for key, value in conf.items())
    (folder / "conf.py").write_text(text, encoding="utf-8")
    return folder


def sphinx_baseline(project: Path, out: Path, name: str = "Sphinx med de samme pakker") -> Step:
    """A clean build of ``project``'s docs/ by plain Sphinx with the handbook's packages."""
    confdir = baseline_conf(project, out / "conf")
    cmd = [
        sys.executable, "-m", "sphinx", "-b", "html", "-c", str(confdir),
        "-d", str(out / "doctrees"), str(project / "docs"), str(out / "html"),
    ]  # fmt: skip
    note = "uden håndbogens udvidelse; dens egne blokke og roller er ukendte her"
    return _html_step(name, project, cmd, out, ok_codes=(0,), note=note)


def pdf_build(html: Path, project: Path) -> Step:
    wall, cpu, proc = _run([sys.executable, "-m", "handbog", "pdf", str(html)], project)
    pdfs = [(m, int(p), float(s)) for m, p, s in _PDF_LINE.findall(proc.stdout)]
    step = Step(
        name="PDF: alle moduler og hele håndbogen",
        seconds=wall,
        cpu=cpu,
        returncode=proc.returncode,
        warnings=proc.stderr.count("advarsel fra WeasyPrint") + proc.stderr.count("FEJL"),
        pdfs=pdfs,
        problems=_problem_lines(proc.stderr),
    )
    if not pdfs:
        step.ok = False
        step.note = "ingen PDF blev bygget"
    return step


EXAMPLE = Path("eksempler/eksempel-kommune")


def edition_build(project: Path, folder: Path, with_pdf: bool) -> Step:
    """The worked example built from an empty folder, as a municipality's editor does it:
    ``handbog kommune ny``, the example's own files in place of the sample ones, then
    ``handbog kommune byg`` (with the PDFs, or ``--kun-html``), with ``project`` as the core."""
    shutil.rmtree(folder, ignore_errors=True)
    folder.parent.mkdir(parents=True, exist_ok=True)
    kommune = [sys.executable, "-m", "handbog", "kommune"]
    core = ["--kerne", str(project)]
    wall, cpu, proc = _run([*kommune, "ny", "Eksempel Kommune", "--mappe", str(folder), *core],
                           project)  # fmt: skip
    start = time.perf_counter()
    for sample in ("bokse", "sider"):
        shutil.rmtree(folder / sample, ignore_errors=True)
    shutil.copytree(project / EXAMPLE, folder, dirs_exist_ok=True,
                    ignore=shutil.ignore_patterns("build", "kerne.json"))  # fmt: skip
    wall += time.perf_counter() - start
    built = subprocess.CompletedProcess(proc.args, proc.returncode, proc.stdout, proc.stderr)
    if proc.returncode == 0:
        extra = [] if with_pdf else ["--kun-html"]
        seconds, used, built = _run([*kommune, "byg", str(folder), *core, *extra], project)
        wall, cpu = wall + seconds, cpu + used
    what = "HTML og PDF'er" if with_pdf else "kun HTML"
    step = Step(
        name=f"Kommuneudgave (eksemplet) fra tom mappe, {what}",
        seconds=wall,
        cpu=cpu,
        returncode=built.returncode,
        warnings=count_warnings(built.stderr, built.stdout),
        read=_READ.findall(_plain(built.stdout)),
        written=_WRITTEN.findall(_plain(built.stdout)),
        problems=_problem_lines(built.stderr),
        note="handbog kommune ny, eksemplets filer og handbog kommune byg",
    )
    if built.returncode != 0 or not (folder / "build" / "html" / "index.html").is_file():
        step.ok = False
        step.note = "udgaven blev ikke bygget"
    return step


def best_of(runs: int, measure: Callable[[], Step], prepare: Callable[[], None] | None = None):
    """``runs`` measurements, the fastest kept: on a shared machine the least disturbed one."""
    best: Step | None = None
    for _ in range(max(1, runs)):
        if prepare is not None:
            prepare()
        step = measure()
        if best is None or (step.ok and (not best.ok or step.seconds < best.seconds)):
            best = step
    assert best is not None
    best.runs = max(1, runs)
    return best


def paired_best_of(
    runs: int,
    first: Callable[[], Step],
    second: Callable[[], Step],
    prepare: Callable[[], None] | None = None,
) -> tuple[Step, Step]:
    """Two measurements taken in turn, ``runs`` times, the fastest of each kept: on a
    shared machine both meet the same load, so their ratio means something."""
    best: list[Step | None] = [None, None]
    for _ in range(max(1, runs)):
        for index, measure in enumerate((first, second)):
            if prepare is not None:
                prepare()
            step = measure()
            kept = best[index]
            if kept is None or (step.ok and (not kept.ok or step.seconds < kept.seconds)):
                best[index] = step
    a, b = best
    assert a is not None and b is not None
    a.runs = b.runs = max(1, runs)
    return a, b


# -- Content, counted -------------------------------------------------------------------------


@dataclass
class Content:
    pages: int = 0
    practices: int = 0
    sources: int = 0
    checklists: int = 0
    items: int = 0

    def times(self, other: Content) -> dict[str, float | None]:
        return {
            k: (getattr(self, k) / getattr(other, k) if getattr(other, k) else None)
            for k in ("pages", "practices", "sources", "checklists", "items")
        }


_BLOCK = re.compile(r"^(`{3,}|:{3,})\{(praksis|redskab)\}", re.M)
_ELEMENT_ID = re.compile(
    r"^(`{3,}|:{3,})\{(?:kerneelement|forudsaetning)\}[^\n]*\n(?::[^\n]*\n)*?:id:\s*(\S+)", re.M
)
_CHECKLIST = re.compile(r"^(`{3,}|:{3,})\{tjekliste\}\s+(\S+)", re.M)
_BIB_ENTRY = re.compile(r"^@(\w+)\s*\{\s*([^,\s]+)\s*,", re.M)


def source_pages(project: Path) -> list[Path]:
    """The pages Sphinx reads: Markdown in docs/, less templates and READMEs (conf.py)."""
    docs = project / "docs"
    return sorted(
        p
        for p in docs.rglob("*.md")
        if not {"_templates", "_build"} & set(p.relative_to(docs).parts[:-1])
        and p.name != "README.md"
    )


def bib_entries(text: str) -> list[tuple[str, str, str]]:
    """(type, key, text) of each entry; @comment, @string and @preamble are not entries."""
    starts = [m for m in _BIB_ENTRY.finditer(text)]
    entries = []
    for index, match in enumerate(starts):
        end = starts[index + 1].start() if index + 1 < len(starts) else len(text)
        kind = match.group(1).lower()
        if kind not in {"comment", "string", "preamble"}:
            entries.append((kind, match.group(2), text[match.start() : end].rstrip() + "\n"))
    return entries


def checklist_items(path: Path) -> int:
    from ruamel.yaml import YAML

    data = YAML(typ="safe").load(path.read_text(encoding="utf-8")) or {}
    return sum(len(s.get("punkter") or []) for s in data.get("afsnit") or [])


def count_sources(project: Path) -> Content:
    """What the project's files hold, counted without building."""
    pages = source_pages(project)
    texts = [p.read_text(encoding="utf-8") for p in pages]
    bib = project / BIBFILE
    lists = sorted((project / "checklists").glob("*.yaml"))
    return Content(
        pages=len(pages),
        practices=sum(len(_BLOCK.findall(t)) for t in texts),
        sources=len(bib_entries(bib.read_text(encoding="utf-8"))) if bib.is_file() else 0,
        checklists=len(lists),
        items=sum(checklist_items(p) for p in lists),
    )


def count_built(project: Path, html: Path) -> Content:
    """What the build made of it: pages from the files, the rest from needs.json."""
    counted = count_sources(project)
    needs_file = html / "needs.json"
    if not needs_file.is_file():
        return counted
    data = json.loads(needs_file.read_text(encoding="utf-8"))
    needs = data["versions"][data["current_version"]]["needs"].values()
    types = [n["type"] for n in needs]
    return Content(
        pages=counted.pages,
        practices=types.count("praksis") + types.count("redskab"),
        sources=sum(1 for n in needs if n["type"] == "kilde" and n.get("bibkey")),
        checklists=counted.checklists,
        items=types.count("tjekpunkt"),
    )


def _profile(project: Path) -> tuple[list[str], float, float]:
    """The elements practices can realise, sources per practice, citations per page."""
    texts = [p.read_text(encoding="utf-8") for p in source_pages(project)]
    anchors = sorted({m.group(2) for t in texts for m in _ELEMENT_ID.finditer(t)})
    links = [
        len([s for s in m.group(1).split(",") if s.strip()])
        for t in texts
        for m in re.finditer(r"^:bygger_paa:(.*)$", t, re.M)
    ]
    cites = sum(len(re.findall(r"\{cite(?::\w+)?\}`", t)) for t in texts)
    return (
        anchors,
        sum(links) / len(links) if links else 1.0,
        cites / len(texts) if texts else 0.0,
    )


# -- The synthetic handbook -------------------------------------------------------------------

FILLER = (
    "Denne side er lavet til en måling af byggetiden og er ikke en del af håndbogen. Den fylder "
    "omtrent som en almindelig side i håndbogen: et par afsnit med henvisninger til kilder, en "
    "kort opsummering, lidt praksis og nogle hjælperedskaber og en liste over sidens kilder. "
)


def _clone_sources(entries: list[tuple[str, str, str]], count: int) -> list[tuple[str, str]]:
    """``count`` copies of the real entries (their mix of types and fields), new keys and
    titles: each copy is a distinct reference, formatted as much work as the original."""
    clones = []
    for i in range(count):
        kind, key, text = entries[i % len(entries)]
        new_key = f"syn{i:05d}{re.sub(r'[^a-z0-9]', '', key.lower())}"
        body = text.replace(key, new_key, 1)
        body = re.sub(
            r"(\btitle\s*=\s*\{+)",
            lambda m, n=i: f"{m.group(1)}Syntetisk kopi {n}: ",
            body,
            count=1,
        )
        clones.append((new_key, body))
    return clones


def _spread(total: int, bins: int) -> list[int]:
    """``total`` things over ``bins`` as evenly as possible."""
    return [(total * (b + 1)) // bins - (total * b) // bins for b in range(bins)]


def generate(project: Path, base: Content, factor: int) -> Content:
    """Add ``(factor - 1) ×`` the content ``base`` counts to the project copy in ``project``.

    Pages, practices and tools, BibTeX sources, checklists and their items all end up as
    ``factor ×`` the original, and the new content is valid: it adds no warnings to a strict
    build. Returns what was added.
    """
    from handbog.literature.bibliography import need_id_for_key
    from handbog.model import load as load_model

    source_prefix = load_model(project / "ubproject.toml").types["kilde"].prefix
    extra = factor - 1
    if extra < 1:
        return Content()
    docs = project / "docs"
    anchors, links_per_practice, cites_per_page = _profile(project)
    if not anchors:
        raise ValueError("projektet har intet kerneelement og ingen forudsætning at realisere")

    # Sources: clones of the real BibTeX entries, appended to the one BibTeX file.
    bib = project / BIBFILE
    entries = bib_entries(bib.read_text(encoding="utf-8"))
    if not entries:
        raise ValueError(f"{BIBFILE} har ingen poster at kopiere")
    clones = _clone_sources(entries, base.sources * extra)
    with bib.open("a", encoding="utf-8") as fh:
        fh.write("\n% --- Syntetiske kilder til måling af byggetiden (benchmarks/bench.py) ---\n\n")
        fh.write("\n".join(body for _, body in clones))
    keys = [key for key, _ in clones] or [entries[0][1]]

    # Checklists: copies of every checklist and of its page, items re-pointed (below).
    checklist_pages = {
        m.group(2): page
        for page in source_pages(project)
        for m in _CHECKLIST.finditer(page.read_text(encoding="utf-8"))
    }
    originals = sorted((project / "checklists").glob("*.yaml"))
    copies = [(n, o) for n in range(1, extra + 1) for o in originals if o.stem in checklist_pages]
    new_checklist_pages = len(copies)

    # Pages: so that all pages together are factor × the original.
    n_pages = max(1, base.pages * extra - new_checklist_pages - 1)
    practices_per_page = _spread(base.practices * extra, n_pages)
    cites_each = _spread(max(0, round(cites_per_page * n_pages)), n_pages)
    per_practice = max(1, round(links_per_practice))

    folder = docs / "syntetisk"
    folder.mkdir()
    practice_ids: list[str] = []
    key_at = 0

    def next_keys(n: int) -> list[str]:
        nonlocal key_at
        chosen = [keys[(key_at + j) % len(keys)] for j in range(n)]
        key_at += n
        return chosen

    names = [f"side-{p:04d}" for p in range(n_pages)]
    for p, name in enumerate(names):
        cited = next_keys(cites_each[p])
        paragraphs = []
        for chunk in range(3):
            mine = cited[chunk::3]
            refs = " ".join(f"{{cite:p}}`{k}`" for k in mine)
            paragraphs.append(f"{FILLER}{FILLER}{refs}".strip())
        neighbour = names[(p + 1) % n_pages]
        blocks = []
        for _ in range(practices_per_page[p]):
            index = len(practice_ids)
            kind, prefix = ("redskab", "HR") if index % 3 == 2 else ("praksis", "PR")
            need_id = f"{prefix}_SYN_{index:05d}"
            practice_ids.append(need_id)
            sources = next_keys(per_practice)
            blocks.append(
                f"```{{{kind}}} Syntetisk {kind} nummer {index}\n:id: {need_id}\n"
                f":realiserer: {anchors[index % len(anchors)]}\n"
                f":bygger_paa: {', '.join(need_id_for_key(k, source_prefix) for k in sources)}\n"
                f":grundlag: litteratur\n:afsnit: 3.3\n\n"
                f"{FILLER}{FILLER}{{cite:p}}`{sources[0]}`\n```\n"
            )
        (folder / f"{name}.md").write_text(
            f"---\nog:description: Syntetisk side {p} til måling af byggetiden.\n---\n\n"
            f"# Syntetisk side {p}\n\n{paragraphs[0]}\n\n"
            "```{admonition} Kort fortalt\n:class: tip\n\n"
            f"- {FILLER}\n- Se også {{doc}}`{neighbour}`.\n```\n\n"
            f"## Baggrund\n\n{paragraphs[1]}\n\n{paragraphs[2]}\n\n"
            "## Praksisbeskrivelse\n\n"
            + ("\n".join(blocks) if blocks else "Ingen praksis på denne side.\n")
            + "\n## Kilder\n\n```{sidekilder}\n```\n",
            encoding="utf-8",
        )
    (folder / "index.md").write_text(
        "# Syntetiske sider\n\nSider lavet til måling af byggetiden.\n\n"
        "```{toctree}\n:maxdepth: 1\n\n" + "\n".join(names) + "\n```\n",
        encoding="utf-8",
    )
    _append_toctree(docs / "index.md", ["syntetisk/index"])

    items = _copy_checklists(project, copies, checklist_pages, practice_ids)
    return Content(
        pages=n_pages + 1 + new_checklist_pages,
        practices=len(practice_ids),
        sources=len(clones),
        checklists=len(copies),
        items=items,
    )


def _append_toctree(page: Path, entries: Iterable[str]) -> None:
    with page.open("a", encoding="utf-8") as fh:
        fh.write("\n\n```{toctree}\n:hidden:\n\n" + "\n".join(entries) + "\n```\n")


def _copy_checklists(
    project: Path,
    copies: list[tuple[int, Path]],
    pages: dict[str, Path],
    practice_ids: list[str],
) -> int:
    """Each (copy number, checklist) as a new checklist file and page; returns the items.

    The items check the synthetic practices (the originals may point at needs the content
    writers have not added yet: their warnings stay the original's, not the copies')."""
    from ruamel.yaml import YAML

    yaml = YAML()
    yaml.width = 100
    targets = practice_ids or ["PR_SYN_00000"]
    target = items = 0
    new_pages: dict[Path, list[str]] = {}
    for number, original in copies:
        data = yaml.load(original.read_text(encoding="utf-8"))
        old_id, new_id = data["id"], f"syn{number}-{data['id']}"
        data["id"] = new_id
        data["titel"] = f"{data['titel']} (syntetisk kopi {number})"[:120]
        for section in data.get("afsnit") or []:
            for item in section.get("punkter") or []:
                item["tjekker"] = [targets[target % len(targets)]]
                target += 1
                items += 1
        with (project / "checklists" / f"{new_id}.yaml").open("w", encoding="utf-8") as fh:
            yaml.dump(data, fh)
        page = pages[old_id]
        text = page.read_text(encoding="utf-8")
        text = _CHECKLIST.sub(
            lambda m, old=old_id, new=new_id: (
                f"{m.group(1)}{{tjekliste}} {new}" if m.group(2) == old else m.group(0)
            ),
            text,
        )
        text = re.sub(r"^# (.+)$", rf"# \1 (syntetisk kopi {number})", text, count=1, flags=re.M)
        copy = page.with_name(f"{new_id}.md")
        copy.write_text(text, encoding="utf-8")
        index = page.parent / "index.md"
        parent = index if index.is_file() and index != page else project / "docs" / "index.md"
        rel = os.path.relpath(copy.with_suffix(""), parent.parent).replace(os.sep, "/")
        new_pages.setdefault(parent, []).append(rel)
    for parent, entries in new_pages.items():
        _append_toctree(parent, sorted(entries))
    return items


# -- The run --------------------------------------------------------------------------------


@dataclass
class Result:
    steps: dict[str, Step]
    base: Content
    scaled: Content
    factor: int
    history: bool = True
    edited: str = ""
    errors: list[str] = field(default_factory=list)
    web: web_bench.WebResult | None = None
    #: the search's evaluation set, run in the built site (benchmarks/search_eval.py)
    search: search_eval.Evaluation | None = None
    #: the machine's load average (1 minute) when the run began and ended
    load: tuple[float, float] | None = None

    def ratio(self, numerator: str, denominator: str, cpu: bool = False) -> float | None:
        a, b = self.steps.get(numerator), self.steps.get(denominator)
        if a is None or b is None or not (a.ok and b.ok):
            return None
        x, y = (a.cpu, b.cpu) if cpu else (a.seconds, b.seconds)
        return x / y if y > 0 else None


def _edit(page: Path) -> Callable[[], None]:
    count = 0

    def edit() -> None:
        nonlocal count
        count += 1
        with page.open("a", encoding="utf-8") as fh:
            fh.write(EDIT.format(n=count))

    return edit


def run(
    repo: Path,
    factor: int,
    with_pdf: bool,
    workdir: Path,
    repeat: int = 1,
    edited: Path = EDITED_PAGE,
    log: Callable[[str], None] = lambda _msg: None,
    with_web: bool = True,
) -> Result:
    steps: dict[str, Step] = {}
    errors: list[str] = []
    load_before = _load()
    one, out = workdir / "1x" / "projekt", workdir / "1x" / "out"
    log("Kopierer projektet …")
    history = copy_project(repo, one)
    if not (one / edited).is_file():
        edited = source_pages(one)[0].relative_to(one)

    def clean(target: Path) -> Callable[[], None]:
        return lambda: shutil.rmtree(target, ignore_errors=True)

    baseline_out = workdir / "1x" / "baseline"
    log("HTML 1×, ren bygning, og Sphinx med de samme pakker, på skift …")

    def fresh(target: Path, build: Callable[[], Step]) -> Callable[[], Step]:
        # Each build starts from its own empty folder; cleaning both before each one deleted
        # the handbook's build before the baseline's, so the "no change" rebuild after it
        # measured a clean build (58 pages read).
        def run() -> Step:
            clean(target)()
            return build()

        return run

    steps["full"], steps["baseline"] = paired_best_of(
        repeat,
        fresh(out, lambda: sphinx_html(one, out, "HTML 1×, ren bygning")),
        fresh(baseline_out, lambda: sphinx_baseline(one, baseline_out)),
    )
    base = count_built(one, out / "html")
    reader = None
    evaluation = None
    if with_web and steps["full"].ok:
        log("Læseren på et langsomt net (Chromium) …")
        reader = web_bench.measure(out / "html")
        log("Søgningen: evalueringssættet (Chromium) …")
        with web_bench.serve(out / "html") as site:
            evaluation = search_eval.evaluate(site)
    log("HTML 1×, uden ændringer …")
    steps["noop"] = best_of(repeat, lambda: sphinx_html(one, out, "HTML 1×, uden ændringer"))
    log(f"HTML 1×, efter ændring af {edited} …")
    steps["incremental"] = best_of(
        repeat,
        lambda: sphinx_html(one, out, f"HTML 1×, efter ændring af {edited.name}"),
        _edit(one / edited),
    )
    if with_pdf and steps["full"].ok:
        log("PDF …")
        steps["pdf"] = best_of(repeat, lambda: pdf_build(out / "html", one))

    if (one / EXAMPLE / "kommune.toml").is_file():
        edition = workdir / "1x" / "kommune" / "eksempel-kommune"
        log("Kommuneudgaven fra en tom mappe, kun HTML …")
        steps["edition_html"] = best_of(repeat, lambda: edition_build(one, edition, False))
        if with_pdf and "pdf" in steps and steps["full"].ok and steps["pdf"].ok:
            log("Kommuneudgaven fra en tom mappe, HTML og PDF'er …")
            steps["edition"] = best_of(repeat, lambda: edition_build(one, edition, True))
            # what the core's own build of both costs, to set beside the edition's
            steps["core_all"] = Step(
                name="Kernen: ren HTML-bygning og alle PDF'er",
                seconds=steps["full"].seconds + steps["pdf"].seconds,
                cpu=steps["full"].cpu + steps["pdf"].cpu,
                note="summen af de to målinger ovenfor",
            )

    big, big_out = workdir / f"{factor}x" / "projekt", workdir / f"{factor}x" / "out"
    scaled = Content()
    log(f"Laver en håndbog med {factor}× indhold …")
    try:
        copy_project(repo, big)
        generate(big, count_sources(big), factor)
    except Exception as error:  # noqa: BLE001 (reported, the other figures still count)
        errors.append(f"Den syntetiske håndbog kunne ikke laves: {error!r}")
    else:
        log(f"HTML {factor}×, ren bygning …")
        steps["scaled"] = best_of(
            repeat,
            lambda: sphinx_html(big, big_out, f"HTML {factor}×, ren bygning"),
            clean(big_out),
        )
        scaled = count_built(big, big_out / "html")
        if steps["scaled"].ok and (big / edited).is_file():
            log(f"HTML {factor}×, efter ændring af {edited} …")
            steps["scaled_incremental"] = best_of(
                repeat,
                lambda: sphinx_html(
                    big, big_out, f"HTML {factor}×, efter ændring af {edited.name}"
                ),
                _edit(big / edited),
            )
    result = Result(steps, base, scaled, factor, history, str(edited), errors, reader)
    result.search = evaluation
    load_after = _load()
    if load_before is not None and load_after is not None:
        result.load = (load_before, load_after)
    return result


def _load() -> float | None:
    """The load average over the last minute (None where the system does not tell)."""
    try:
        return os.getloadavg()[0]
    except (AttributeError, OSError):
        return None


# -- The report -----------------------------------------------------------------------------


def _fmt(value: float | None, digits: int = 2) -> str:
    """A number as Danish readers write it (decimal comma)."""
    return "–" if value is None else f"{value:.{digits}f}".replace(".", ",")


def _pages(names: list[str]) -> str:
    if not names:
        return "ingen"
    shown = ", ".join(names[:3]) + (f" og {len(names) - 3} til" if len(names) > 3 else "")
    return shown


def verdict(value: float | None, limit: float) -> str:
    if value is None:
        return "ikke målt"
    return "nået" if value <= limit else "**ikke nået**"


def goal_rows(result: Result) -> list[tuple[str, float | None, float | None, float, str]]:
    """(label, wall ratio, CPU ratio, limit, verdict) of each goal."""
    rows = []
    for goal in GOALS:
        limit = float(result.factor) if goal.limit is None else goal.limit
        wall = result.ratio(goal.numerator, goal.denominator)
        cpu = result.ratio(goal.numerator, goal.denominator, cpu=True)
        rows.append((goal.label.format(f=result.factor), wall, cpu, limit, verdict(wall, limit)))
    return rows


def report(result: Result, when: str | None = None, commit: str | None = None) -> str:
    s, f = result.steps, result.factor
    base_warnings = s["full"].warnings if "full" in s else 0
    lines = [
        "| Måling | Tid (s) | CPU (s) | Sider læst / skrevet | Advarsler | Bemærkning |",
        "| --- | ---: | ---: | ---: | ---: | --- |",
    ]
    for key, step in s.items():
        counts = (
            f"{len(step.read)} / {len(step.written)}"
            if key != "pdf"
            else f"– / {sum(p for _, p, _ in step.pdfs)} PDF-sider"
        )
        warn = f"{step.warnings}" + (f" (exit {step.returncode})" if step.returncode else "")
        note = step.note
        if key in ("incremental", "scaled_incremental"):
            note = note or f"læst: {_pages(step.read)}; skrevet: {_pages(step.written)}"
        if key == "noop":
            note = note or "det, enhver genbygning koster"
        if key == "baseline":
            warn = f"({step.warnings})"
        if key == "pdf" and step.pdfs:
            whole = [p for p in step.pdfs if p[0] == "haandbog"]
            parts = [p for p in step.pdfs if p[0] != "haandbog"]
            note = note or (
                f"{len(step.pdfs)} PDF'er"
                + (
                    f"; hele håndbogen {whole[0][1]} sider, {_fmt(whole[0][2], 1)} s"
                    if whole
                    else ""
                )
                + (
                    f"; modulerne {sum(p[1] for p in parts)} sider, "
                    f"{_fmt(sum(p[2] for p in parts), 1)} s i alt"
                    if parts
                    else ""
                )
            )
        if key == "scaled" and "full" in s:
            extra = step.warnings - base_warnings
            note = note or (
                "det syntetiske indhold giver ingen advarsler"
                if extra <= 0
                else f"**det syntetiske indhold giver {extra} advarsler mere end 1×**"
            )
        lines.append(
            f"| {step.name} | {_fmt(step.seconds, 1)} | {_fmt(step.cpu, 1)} | {counts} | "
            f"{warn} | {note} |"
        )

    goals = [
        "| Forhold | Målt (tid) | Målt (CPU) | Mål | |",
        "| --- | ---: | ---: | ---: | --- |",
    ]
    for label, wall, cpu, limit, judged in goal_rows(result):
        goals.append(f"| {label} | {_fmt(wall)} | {_fmt(cpu)} | ≤ {_fmt(limit, 1)} | {judged} |")
    for goal in CONTEXT:
        wall = result.ratio(goal.numerator, goal.denominator)
        cpu = result.ratio(goal.numerator, goal.denominator, cpu=True)
        if wall is not None:
            goals.append(
                f"| {goal.label.format(f=f)} | {_fmt(wall)} | {_fmt(cpu)} | | til forklaring |"
            )

    b, sc = result.base, result.scaled
    times = sc.times(b)
    content = [f"| Indhold | 1× | {f}× | Forhold |", "| --- | ---: | ---: | ---: |"]
    for key, label in (
        ("pages", "sider"),
        ("practices", "praksis og hjælperedskaber"),
        ("sources", "kilder i litteratur.bib"),
        ("checklists", "tjeklister"),
        ("items", "tjekpunkter"),
    ):
        content.append(
            f"| {label} | {getattr(b, key)} | {getattr(sc, key)} | {_fmt(times[key], 1)} |"
        )

    machine = (
        f"{platform.python_implementation()} {platform.python_version()}, {os.cpu_count()} kerner"
    )
    head = f"Målt {when or date.today().strftime('%d.%m.%Y')}"
    if commit:
        head += f" på `{commit}`"
    runs = max((st.runs for st in s.values()), default=1)
    head += f" med `nox -s bench` ({machine}"
    if result.load is not None:
        head += f"; belastning {_fmt(result.load[0], 1)} før og {_fmt(result.load[1], 1)} efter"
    head += f"; bedste af {runs} kørsler)." if runs > 1 else ")."
    notes = []
    if base_warnings:
        notes.append(
            f"Håndbogen byggede med {base_warnings} advarsler (en streng bygning ender da med "
            "exit 1); tiderne er målt alligevel."
        )
    if not result.history:
        notes.append("Kopien havde ingen git-historik (datoerne 'sidst ændret' er ikke slået op).")
    notes += result.errors
    failed = [st.name for st in s.values() if not st.ok]
    if failed:
        notes.append("Ikke målt, fordi bygningen fejlede: " + "; ".join(failed) + ".")
    reader = web_bench.report(result.web) if result.web is not None else []
    if result.search is not None:
        reader += search_eval.report(result.search)
    return "\n".join(
        [head, "", *lines, "", *goals, "", *content, *reader, *([""] + notes if notes else [])]
    )


def _commit(repo: Path) -> str | None:
    try:
        out = subprocess.run(
            ["git", "describe", "--tags", "--always", "--dirty"],
            cwd=repo,
            capture_output=True,
            text=True,
            check=True,
        )
    except (OSError, subprocess.CalledProcessError):
        return None
    return out.stdout.strip() or None


def update_page(page: Path, text: str) -> None:
    html = page.read_text(encoding="utf-8")
    if BEGIN not in html or END not in html:
        raise SystemExit(f"{page}: markeringerne {BEGIN} og {END} mangler; sæt dem ind igen.")
    head, rest = html.split(BEGIN, 1)
    _, tail = rest.split(END, 1)
    page.write_text(f"{head}{BEGIN}\n{text}\n{END}{tail}", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python benchmarks/bench.py", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--repo", type=Path, default=ROOT, help="projektets rod (standard: denne)")
    parser.add_argument("--factor", type=int, default=10, help="indholdsfaktor (standard: 10)")
    parser.add_argument(
        "--repeat", type=int, default=1, help="kør hver måling N gange, behold den hurtigste"
    )
    parser.add_argument("--no-pdf", action="store_true", help="spring PDF-målingen over")
    parser.add_argument(
        "--no-web", action="store_true", help="spring målingen i browseren (langsomt net) over"
    )
    parser.add_argument(
        "--edit",
        type=Path,
        default=EDITED_PAGE,
        help=f"siden, der ændres (standard: {EDITED_PAGE})",
    )
    parser.add_argument("--update-page", action="store_true", help=f"skriv tallene i {PAGE}")
    parser.add_argument("--keep", type=Path, help="byg her og behold mappen (ellers midlertidig)")
    args = parser.parse_args(argv)
    repo = args.repo.resolve()
    if args.factor < 2:
        parser.error("--factor skal være mindst 2")

    def log(message: str) -> None:
        print(message, file=sys.stderr, flush=True)

    if args.keep:
        keep = args.keep.resolve()
        if keep == repo or repo in keep.parents:
            parser.error("--keep skal ligge uden for projektet (arbejdsmappen røres ikke)")
        shutil.rmtree(keep, ignore_errors=True)
        keep.mkdir(parents=True)
        result = run(
            repo, args.factor, not args.no_pdf, keep, args.repeat, args.edit, log, not args.no_web
        )
    else:
        with tempfile.TemporaryDirectory(prefix="handbog-bench-") as tmp:
            result = run(
                repo,
                args.factor,
                not args.no_pdf,
                Path(tmp),
                args.repeat,
                args.edit,
                log,
                not args.no_web,
            )
    text = report(result, commit=_commit(repo))
    for step in result.steps.values():
        if step.returncode != 0 or not step.ok:
            log(f"\n{step.name}: exit {step.returncode}, {step.warnings} advarsler. De første:")
            for line in step.problems:
                log(f"  {line}")
    print(text)
    if args.update_page:
        update_page(repo / PAGE, text)
        log(f"\nTallene er skrevet i {PAGE}.")
    return 0 if all(step.ok for step in result.steps.values()) and not result.errors else 1


if __name__ == "__main__":
    raise SystemExit(main())
