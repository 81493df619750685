"""Shared fixtures: the real handbook built once per session, and tiny example projects.

The handbook is built strictly (``-W --keep-going -n``) into a temporary folder; tests read
its HTML, needs.json and warnings instead of building again. That build is what makes a test
slow, so every test that uses it is marked ``slow`` here (see pytest_collection_modifyitems).
"""

from __future__ import annotations

import functools
import json
import os
import subprocess
import sys
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from handbog.project import strict_html_command
from handbog.theme import accessibility

pytest_plugins = ("sphinx.testing.fixtures",)

REPO = Path(__file__).resolve().parents[1]
ROOTS = Path(__file__).resolve().parent / "roots"
sys.path.insert(0, str(ROOTS))  # the example projects import base_conf
# The benchmark is a script, not part of the package; test_bench.py imports it as `bench`.
sys.path.insert(0, str(REPO / "benchmarks"))


@pytest.fixture(scope="session")
def rootdir() -> Path:
    """Where sphinx.testing finds the ``test-*`` example projects."""
    return ROOTS


@dataclass
class BuiltHandbook:
    html: Path
    doctrees: Path
    returncode: int
    warnings: str

    @functools.cached_property
    def needs(self) -> dict[str, dict[str, Any]]:
        """needs.json, parsed once (tests read it inside loops); shared, so never change it."""
        data = json.loads((self.html / "needs.json").read_text(encoding="utf-8"))
        version = data["current_version"]
        return {i: with_defaults(n) for i, n in data["versions"][version]["needs"].items()}


@functools.cache
def _model() -> dict[str, Any]:
    with open(REPO / "ubproject.toml", "rb") as stream:
        return tomllib.load(stream)["needs"]


def with_defaults(need: dict[str, Any]) -> dict[str, Any]:
    """needs.json leaves out fields at their default (json_remove_defaults in ubproject.toml);
    put them back the way a reader of the file would: empty links, empty list fields."""
    model = _model()
    filled = dict(need)
    for link in model.get("links", {}):
        filled.setdefault(link, [])
        filled.setdefault(f"{link}_back", [])
    for name, spec in model.get("fields", {}).items():
        filled.setdefault(name, [] if spec.get("schema", {}).get("type") == "array" else None)
    return filled


def build_handbook(out: Path, *extra: str) -> BuiltHandbook:
    html, doctrees = out / "html", out / "doctrees"
    cmd = strict_html_command(REPO, REPO / "docs", html, doctrees, "-q", *extra)
    env = {**os.environ, "SOURCE_DATE_EPOCH": os.environ.get("SOURCE_DATE_EPOCH", "1700000000")}
    proc = subprocess.run(cmd, capture_output=True, text=True, env=env, cwd=REPO)
    return BuiltHandbook(html, doctrees, proc.returncode, proc.stderr)


@pytest.fixture(scope="session")
def handbook(tmp_path_factory: pytest.TempPathFactory) -> BuiltHandbook:
    """The whole handbook, built strictly once for the session."""
    return build_handbook(tmp_path_factory.mktemp("handbook"))


@pytest.hookimpl(tryfirst=True)  # before -m deselects: the marker must be there to count
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark ``slow`` every test that needs the whole handbook built, also through another
    fixture, so that a new test on ``handbook`` cannot slip into the fast lane unmarked.

    Browser tests keep only their own marker: their lane (``-m "browser and not slow"``)
    checks a sample of the built pages; the full sweeps are marked ``slow`` in their file.
    """
    for item in items:
        uses_handbook = "handbook" in getattr(item, "fixturenames", ())
        if uses_handbook and item.get_closest_marker("browser") is None:
            item.add_marker(pytest.mark.slow)


#: What the accessibility tests measured in this session, written to the results file the
#: accessibility statement quotes (handbog.theme.accessibility) when the session ends. Not
#: before: every build in one session must read the same file, or the statement page (and
#: with it the search index) differs between the session's builds, which the reproducible-
#: and parallel-build tests compare.
ACCESSIBILITY_RESULTS: list[tuple[str, dict[str, Any]]] = []


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    for key, result in ACCESSIBILITY_RESULTS:
        accessibility.record(accessibility.results_path("", REPO), key, result)
