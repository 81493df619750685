"""Build the PDF modules, several at a time, and time each one.

Each module is built in its own worker process (WeasyPrint is single-threaded). The biggest
modules start first, so the whole handbook – the longest job – does not start last and
keep one core busy alone at the end.

A pointer to another module names the page it lands on (»Tjeklister«, s. 26), and that page
is known only once that module is laid out. So the modules are laid out first with a
placeholder of the same width, the pages of every anchor are collected (``sidetal.json``
beside the PDFs), and the modules that point elsewhere are laid out again with the pages.
Should a page move in that second layout, the modules pointing to it are laid out once more.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import sys
import time
from collections.abc import Iterator, Mapping
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from bs4 import Tag

from handbog.checklists.paper import fillable_id
from handbog.theme.pdflinks import MODULE_KICKER

from .assemble import assemble_module
from .errors import PdfBuildError
from .forms import fillable_variant, has_checklist_form
from .handouts import ALL_HANDOUTS, assemble_handouts, handout_id, handout_parts
from .manifest import Manifest, Module, load_manifest
from .pagelinks import link_pages
from .render import SLIDES_STYLESHEET, render_pdf
from .slides import FIGURE, build_deck, deck_id, figure_png, model_figure, slides_html, write_pptx


@dataclass
class ModuleResult:
    module_id: str
    path: Path | None = None
    pages: int = 0
    seconds_assemble: float = 0.0
    seconds_render: float = 0.0
    warnings: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    #: every anchor of the module's PDF → its page
    anchors: dict[str, int] = field(default_factory=dict)
    #: the pages of other modules it printed: (module id, anchor) → page (0: placeholder)
    pages_used: dict[tuple[str, str], int] = field(default_factory=dict)
    fillable: bool = False

    @property
    def seconds(self) -> float:
        return self.seconds_assemble + self.seconds_render

    @property
    def ok(self) -> bool:
        return not self.problems


def creation_date(manifest: Manifest) -> datetime | None:
    """The PDF's date: SOURCE_DATE_EPOCH when set (reproducible builds), else the manifest's."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.strip().isdigit():
        return datetime.fromtimestamp(int(epoch), tz=UTC)
    try:
        return datetime.strptime(manifest.date, "%d.%m.%Y").replace(tzinfo=UTC)
    except ValueError:
        return None  # no date rather than the clock: the output stays reproducible


def build_module(
    html_dir: Path,
    module_id: str,
    fillable: bool = False,
    page_numbers: Mapping[str, Mapping[str, int]] | None = None,
) -> ModuleResult:
    """Assemble and render one module; problems are returned, not raised (for the pool).

    ``fillable``: the module's fillable variant (:mod:`handbog.pdf.forms`) instead.
    ``page_numbers``: the other modules' pages (module id → anchor → page); an empty
    mapping prints a placeholder, None no page at all.
    """
    result = ModuleResult(fillable_id(module_id) if fillable else module_id, fillable=fillable)
    try:
        manifest = load_manifest(html_dir)
        module = manifest.module(module_id)
        if fillable:
            module = fillable_variant(module)
        start = time.perf_counter()
        document = assemble_module(
            manifest,
            module,
            creation_date(manifest),
            fillable=fillable,
            page_numbers=page_numbers,
            pages_used=result.pages_used,
        )
        result.seconds_assemble = time.perf_counter() - start
        target = manifest.output_dir / f"{module.id}.pdf"
        start = time.perf_counter()
        rendered = render_pdf(document, manifest.html_dir, target, forms=fillable)
        result.seconds_render = time.perf_counter() - start
        result.path, result.pages, result.warnings = target, rendered.pages, rendered.warnings
        result.anchors = rendered.anchors
    except PdfBuildError as error:
        result.problems = error.problems
    return result


def default_jobs() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def build_modules(
    html_dir: Path, only: list[str] | None = None, jobs: int | None = None
) -> Iterator[ModuleResult]:
    """Build the modules (all, or those in ``only``); yields each final :class:`ModuleResult`.

    Pages in pointers to other modules come from this build's layout of them, or, for a
    module not built now, from the last build's ``sidetal.json``.
    """
    manifest = load_manifest(html_dir)
    modules = [manifest.module(m) for m in only] if only else list(manifest.modules)
    # Largest first: the order in which they finish matters less than the idle cores.
    # A module with checklists is built twice: on paper and as a fillable PDF.
    tasks = [(m, False) for m in modules]
    tasks += [(m, True) for m in modules if has_checklist_form(manifest, m)]
    tasks.sort(key=lambda task: _size(manifest, task[0]), reverse=True)
    jobs = max(1, min(jobs or default_jobs(), len(tasks)))
    table_file = manifest.output_dir / PAGE_TABLE
    pages = _read_table(table_file)
    for module in modules:
        pages.setdefault(module.id, {})  # laid out now: a placeholder until then
    results: dict[tuple[str, bool], ModuleResult] = {}
    todo = tasks
    for _layout in range(MAX_LAYOUTS):
        for result in _run(manifest, todo, jobs, pages):
            results[(_module_of(result), result.fillable)] = result
            if result.ok and not result.fillable:
                pages[_module_of(result)] = result.anchors
        # A module is done when every page it printed is where it is now.
        todo = [
            task
            for task in tasks
            if any(
                pages.get(module_id, {}).get(anchor) not in (None, page)
                for (module_id, anchor), page in results[(task[0].id, task[1])].pages_used.items()
            )
        ]
        if not todo:
            break
    manifest.output_dir.mkdir(parents=True, exist_ok=True)
    pointers = {
        result.module_id: sorted([m, a, p] for (m, a), p in result.pages_used.items())
        for result in results.values()
        if result.pages_used
    }
    table = {"sider": pages, "henvisninger": pointers}
    table_file.write_text(
        json.dumps(table, ensure_ascii=False, sort_keys=True, indent=0), encoding="utf-8"
    )
    # the web pages' links to a PDF open it at their page (handbog.pdf.pagelinks)
    link_pages(manifest, pages)
    for task in tasks:
        result = results[(task[0].id, task[1])]
        moved = [
            f"{anchor} i »{module_id}« står på s. {pages[module_id][anchor]}, ikke s. {page}"
            for (module_id, anchor), page in result.pages_used.items()
            if pages.get(module_id, {}).get(anchor) not in (None, page)
        ]
        if moved and result.ok:
            result.problems = [
                f"Modul {result.module_id!r}: en sidehenvisning passer ikke efter "
                f"{MAX_LAYOUTS} opsætninger: {moved[0]}. Byg PDF'erne igen."
            ]
        yield result
    # The participants' handouts and the slides hold no page numbers: one layout each.
    yield from build_handouts(html_dir, [m.id for m in modules], everything=not only)
    yield from build_slides(html_dir, [m.id for m in modules])


def build_slides(html_dir: Path, module_ids: list[str]) -> Iterator[ModuleResult]:
    """``praesentation-<modul>.pdf`` and ``.pptx`` for each training module, and the model
    figure alone (``modellen.svg``, ``modellen.png``)."""
    manifest = load_manifest(html_dir)
    figure = ModuleResult(FIGURE)
    start = time.perf_counter()
    try:
        svg = model_figure(manifest.html_dir)
        png = figure_png(svg)
    except PdfBuildError as error:
        figure.problems = error.problems
        yield figure
        return
    manifest.output_dir.mkdir(parents=True, exist_ok=True)
    (manifest.output_dir / f"{FIGURE}.svg").write_text(svg, encoding="utf-8")
    (manifest.output_dir / f"{FIGURE}.png").write_bytes(png)
    figure.path, figure.pages = manifest.output_dir / f"{FIGURE}.svg", 1
    figure.seconds_render = time.perf_counter() - start
    yield figure
    for module_id in module_ids:
        module = manifest.module(module_id)
        if module.is_whole_handbook or module.kicker != MODULE_KICKER:
            continue  # the whole handbook and the editors' PDF are not taught in one go
        result = ModuleResult(deck_id(module.id))
        try:
            start = time.perf_counter()
            deck = build_deck(manifest, module)
            document = slides_html(manifest, deck, svg)
            result.seconds_assemble = time.perf_counter() - start
            start = time.perf_counter()
            target = manifest.output_dir / f"{result.module_id}.pdf"
            rendered = render_pdf(document, manifest.html_dir, target, sheet=SLIDES_STYLESHEET)
            write_pptx(deck, png, target.with_suffix(".pptx"))
            result.seconds_render = time.perf_counter() - start
            result.path, result.pages, result.warnings = target, rendered.pages, rendered.warnings
        except PdfBuildError as error:
            result.problems = error.problems
        yield result


def build_handouts(
    html_dir: Path, module_ids: list[str], everything: bool = True
) -> Iterator[ModuleResult]:
    """``deltager-<modul>.pdf`` for each module with summaries or questions, and, with
    ``everything``, ``deltagermateriale.pdf`` holding all of them."""
    manifest = load_manifest(html_dir)
    found = []
    for module_id in module_ids:
        module = manifest.module(module_id)
        if module.is_whole_handbook:
            continue
        try:
            parts = handout_parts(manifest, module)
        except PdfBuildError as error:
            yield ModuleResult(handout_id(module_id), problems=error.problems)
            continue
        if not parts:
            continue
        found.append((module, parts))
        yield _render_handouts(
            manifest, handout_id(module.id), [(module, parts)], f"Til deltagere: {module.title}"
        )
    if everything and found:
        # parsed again: a part is moved into the document it is rendered in
        again = [(module, handout_parts(manifest, module)) for module, _parts in found]
        yield _render_handouts(manifest, ALL_HANDOUTS, again, "Materiale til deltagere")


def _render_handouts(
    manifest: Manifest, result_id: str, handouts: list[tuple[Module, list[Tag]]], title: str
) -> ModuleResult:
    result = ModuleResult(result_id)
    try:
        start = time.perf_counter()
        document = assemble_handouts(manifest, handouts, title, creation_date(manifest))
        result.seconds_assemble = time.perf_counter() - start
        target = manifest.output_dir / f"{result_id}.pdf"
        start = time.perf_counter()
        rendered = render_pdf(document, manifest.html_dir, target)
        result.seconds_render = time.perf_counter() - start
        result.path, result.pages, result.warnings = target, rendered.pages, rendered.warnings
    except PdfBuildError as error:
        result.problems = error.problems
    return result


#: Beside the PDFs: ``sider``, every module's anchors (module id → anchor → page), and
#: ``henvisninger``, each module's pointers to other modules ([module, anchor, page]).
PAGE_TABLE = "sidetal.json"
#: Layouts at most: with the placeholder, pages rarely move after the second.
MAX_LAYOUTS = 3


def _read_table(path: Path) -> dict[str, dict[str, int]]:
    """The pages of the last build (``sider``); nothing when there is no readable table."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    pages = data.get("sider") if isinstance(data, dict) else None
    return pages if isinstance(pages, dict) else {}


def _module_of(result: ModuleResult) -> str:
    return result.module_id.removesuffix(fillable_id("")) if result.fillable else result.module_id


def _run(
    manifest: Manifest,
    tasks: list[tuple[Module, bool]],
    jobs: int,
    pages: Mapping[str, Mapping[str, int]],
) -> Iterator[ModuleResult]:
    if jobs == 1 or len(tasks) == 1:
        for module, fillable in tasks:
            yield build_module(manifest.html_dir, module.id, fillable, pages)
        return
    # fork: the workers inherit WeasyPrint already imported (about a second each otherwise).
    context = multiprocessing.get_context("fork" if sys.platform == "linux" else None)
    with ProcessPoolExecutor(max_workers=min(jobs, len(tasks)), mp_context=context) as pool:
        futures = [
            pool.submit(build_module, manifest.html_dir, m.id, fillable, pages)
            for m, fillable in tasks
        ]
        for future in futures:
            yield future.result()


def _size(manifest: Manifest, module: Module) -> int:
    total = 0
    for page in module.pages:
        path = manifest.html_dir / page.html
        total += path.stat().st_size if path.is_file() else 0
    return total
