"""Build the PDF modules, several at a time, and time each one.

Each module is built in its own worker process (WeasyPrint is single-threaded). The biggest
modules start first, so the whole handbook – the longest job – does not start last and
keep one core busy alone at the end.
"""

from __future__ import annotations

import multiprocessing
import os
import sys
import time
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from handbog.checklists.paper import fillable_id

from .assemble import assemble_module
from .errors import PdfBuildError
from .forms import fillable_variant, has_checklist_form
from .manifest import Manifest, Module, load_manifest
from .render import render_pdf


@dataclass
class ModuleResult:
    module_id: str
    path: Path | None = None
    pages: int = 0
    seconds_assemble: float = 0.0
    seconds_render: float = 0.0
    warnings: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

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


def build_module(html_dir: Path, module_id: str, fillable: bool = False) -> ModuleResult:
    """Assemble and render one module; problems are returned, not raised (for the pool).

    ``fillable``: the module's fillable variant (:mod:`handbog.pdf.forms`) instead.
    """
    result = ModuleResult(fillable_id(module_id) if fillable else module_id)
    try:
        manifest = load_manifest(html_dir)
        module = manifest.module(module_id)
        if fillable:
            module = fillable_variant(module)
        start = time.perf_counter()
        document = assemble_module(manifest, module, creation_date(manifest), fillable=fillable)
        result.seconds_assemble = time.perf_counter() - start
        target = manifest.output_dir / f"{module.id}.pdf"
        start = time.perf_counter()
        rendered = render_pdf(document, manifest.html_dir, target, forms=fillable)
        result.seconds_render = time.perf_counter() - start
        result.path, result.pages, result.warnings = target, rendered.pages, rendered.warnings
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
    """Build the modules (all, or those in ``only``); yields each :class:`ModuleResult`."""
    manifest = load_manifest(html_dir)
    modules = [manifest.module(m) for m in only] if only else list(manifest.modules)
    # Largest first: the order in which they finish matters less than the idle cores.
    # A module with checklists is built twice: on paper and as a fillable PDF.
    tasks = [(m, False) for m in modules]
    tasks += [(m, True) for m in modules if has_checklist_form(manifest, m)]
    tasks.sort(key=lambda task: _size(manifest, task[0]), reverse=True)
    jobs = max(1, min(jobs or default_jobs(), len(tasks)))
    if jobs == 1:
        for module, fillable in tasks:
            yield build_module(manifest.html_dir, module.id, fillable)
        return
    # fork: the workers inherit WeasyPrint already imported (about a second each otherwise).
    context = multiprocessing.get_context("fork" if sys.platform == "linux" else None)
    with ProcessPoolExecutor(max_workers=jobs, mp_context=context) as pool:
        futures = [
            pool.submit(build_module, manifest.html_dir, m.id, fillable) for m, fillable in tasks
        ]
        for future in futures:
            yield future.result()


def _size(manifest: Manifest, module: Module) -> int:
    total = 0
    for page in module.pages:
        path = manifest.html_dir / page.html
        total += path.stat().st_size if path.is_file() else 0
    return total
