"""How the handbook is built, and which files make up the project.

The one strict build command and the project's file list, used by noxfile.py, the tests and
benchmarks/bench.py alike, so that all three build the handbook the same way. Standard
library only: noxfile.py imports this module before anything is installed.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

#: Warnings are errors, yet Sphinx reports every one before failing; every reference is checked.
STRICT = ("-W", "--keep-going", "-n")
#: Never part of the project outside a git checkout: build output, environments, caches.
SKIP_DIRS = frozenset({".git", ".nox", ".venv", "build", "_build", "__pycache__", "node_modules"})


def strict_html_command(
    confdir: Path,
    srcdir: Path,
    outdir: Path,
    doctrees: Path,
    *extra: str,
    python: str = sys.executable,
) -> list[str]:
    """The strict ``sphinx-build -b html`` of the handbook, as a command line.

    ``python`` is the interpreter that runs Sphinx: nox passes ``"python"`` (its session's
    environment); the tests and the benchmark the interpreter they run in.
    """
    return [
        python, "-m", "sphinx", "-b", "html", "-c", str(confdir), *STRICT, *extra,
        "-d", str(doctrees), str(srcdir), str(outdir),
    ]  # fmt: skip


def project_files(repo: Path) -> list[str]:
    """The working tree's files that git knows or would add (ignored ones left out).

    Outside a git checkout: every file, less build output, environments and caches.
    """
    try:
        out = subprocess.run(
            ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
            cwd=repo,
            capture_output=True,
            check=True,
        ).stdout.decode()
    except (OSError, subprocess.CalledProcessError):
        found: list[str] = []
        for folder, dirs, files in os.walk(repo):
            dirs[:] = [d for d in dirs if d not in SKIP_DIRS and not d.endswith(".egg-info")]
            found += [str(Path(folder, f).relative_to(repo)) for f in files]
        return sorted(found)
    return sorted({f for f in out.split("\0") if f and (repo / f).is_file()})
