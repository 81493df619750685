"""A parallel build (``-j 2``) gives the serial build's handbook.

The extension declares itself safe for parallel reading and writing; under ``-W`` Sphinx
would turn a refusal ("not safe for parallel reading, doing serial read") into an error.
What each worker reads is merged back (sphinx-needs' needs; ``env-merge-info`` in
glossary.py, views.py and checklists/sphinxext.py), so a merge that loses or reorders
something shows up here as a page, needs.json or search index unlike the serial build's.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import quality
from conftest import BuiltHandbook, build_handbook

pytestmark = pytest.mark.slow


def test_a_parallel_build_equals_the_serial_build(handbook: BuiltHandbook, tmp_path: Path) -> None:
    parallel = build_handbook(tmp_path, "-j", "2")
    assert (parallel.html / "index.html").is_file(), parallel.warnings
    # The same warnings (none, when the handbook is sound), whatever order the workers print.
    assert parallel.returncode == handbook.returncode
    assert sorted(parallel.warnings.splitlines()) == sorted(handbook.warnings.splitlines())

    problems = quality.tree_differences(
        handbook.html, parallel.html, exclude=quality.UNSTABLE_OUTPUT
    )
    assert problems == [], "\n".join(problems)
