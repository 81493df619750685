"""Shared fixtures: the real handbook built once per session, and tiny example projects.

The handbook is built strictly (``-W --keep-going -n``) into a temporary folder; tests read
its HTML, needs.json and warnings instead of building again.
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
