"""Incremental builds, as ``nox -s html`` and ``nox -s live`` run them: a page is read again
only when its own source changed (or it warned, handbog.rereading), and a page made from the
whole handbook is written again, with what the other pages now hold, without being read."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

from bs4 import BeautifulSoup
from conftest import ROOTS

_READ = re.compile(r"^reading sources\.\.\. \[\s*\d+%\] (\S+)", re.M)
_WRITTEN = re.compile(r"^writing output\.\.\. \[\s*\d+%\] (\S+)", re.M)


def _build(src: Path) -> tuple[list[str], list[str]]:
    """(pages read, pages written) by a strict build in a fresh process."""
    cmd = [sys.executable, "-m", "sphinx", "-b", "html", "-W", "--keep-going", "-n"]
    env = {**os.environ, "PYTHONPATH": f"{ROOTS}{os.pathsep}{os.environ.get('PYTHONPATH', '')}"}
    proc = subprocess.run(
        [*cmd, "-d", str(src / "_dt"), str(src), str(src / "_build")],
        capture_output=True,
        text=True,
        env=env,
    )
    assert proc.returncode == 0, proc.stderr
    out = re.sub(r"\x1b\[[0-9;]*[A-Za-z]", "", proc.stdout).replace("\r", "\n")
    return _READ.findall(out), _WRITTEN.findall(out)


def _text(path: Path) -> str:
    return " ".join(BeautifulSoup(path.read_text("utf-8"), "html.parser").get_text(" ").split())


def test_a_summary_is_written_again_not_read_again(tmp_path: Path) -> None:
    src = tmp_path / "resume"
    shutil.copytree(ROOTS / "test-resume", src)
    read, written = _build(src)
    assert "resume" in read and "resume" in written
    assert "En anden praksis" in _text(src / "_build" / "resume.html")

    # nothing changed: nothing is read, nothing written
    assert _build(src) == ([], [])

    # a practice renamed on the element's page: only that page is read; the summary, made
    # from the needs, is written again with the new name
    page = src / "element.md"
    page.write_text(
        page.read_text("utf-8").replace("En anden praksis", "En omdøbt praksis"), "utf-8"
    )
    read, written = _build(src)
    assert read == ["element"]
    assert "resume" in written
    text = _text(src / "_build" / "resume.html")
    assert "En omdøbt praksis" in text and "En anden praksis" not in text

    # and the next build has nothing to do again
    assert _build(src) == ([], [])
