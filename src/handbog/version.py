"""Version and date of the handbook, from git when there is history, else stable fallbacks.

Reproducible builds honour SOURCE_DATE_EPOCH; without it the date of the last commit is
used, so two builds of one commit print the same date on the PDF cover.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

FALLBACK_VERSION = "0.1"
# 2023-01-01, the year of the VIVE report: used only outside a git checkout.
FALLBACK_EPOCH = 1672531200


def _git(root: Path, *args: str) -> str | None:
    try:
        out = subprocess.run(
            ["git", *args], cwd=root, capture_output=True, text=True, timeout=10, check=True
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return out.stdout.strip() or None


def source_date_epoch(root: Path) -> int:
    stamp = _git(root, "log", "-1", "--format=%ct")
    return int(stamp) if stamp and stamp.isdigit() else FALLBACK_EPOCH


def handbook_version(root: Path, mark_dirty: bool = False) -> str:
    """``0.1+<tag or commit>``; with ``mark_dirty``, ``-dirty`` when files are uncommitted.

    Sphinx's ``release`` takes the version without the mark: a change of ``release`` makes
    Sphinx read every page again, and the first edit after a commit would otherwise rebuild
    the whole handbook. The printed PDFs carry the mark (``handbog_printed_version``).
    """
    args = ["describe", "--tags", "--always", *(["--dirty"] if mark_dirty else [])]
    described = _git(root, *args)
    return f"{FALLBACK_VERSION}+{described}" if described else FALLBACK_VERSION
