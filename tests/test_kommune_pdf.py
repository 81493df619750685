"""``handbog kommune byg`` builds the PDFs with the HTML, so the pages' PDF links are never
dead: the worked example built as an editor builds it, without options."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import urljoin

import pytest
from conftest import REPO

pytestmark = pytest.mark.slow

EXAMPLE = REPO / "eksempler" / "eksempel-kommune"
ENV = {k: v for k, v in os.environ.items() if k not in {"HANDBOG_KERNE", "HANDBOG_PROJEKT"}}


@pytest.fixture(scope="module")
def html(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("kommune-pdf") / "eksempel-kommune"
    shutil.copytree(EXAMPLE, folder, ignore=shutil.ignore_patterns("build", "kerne.json"))
    result = subprocess.run(
        [sys.executable, "-m", "handbog", "kommune", "byg", "--kerne", str(REPO), "--stille"],
        cwd=folder, capture_output=True, text=True, encoding="utf-8", env=ENV, timeout=1800,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr[-4000:]
    return folder / "build" / "html"


def test_every_pdf_link_on_every_page_finds_its_pdf(html: Path):
    links: dict[str, list[str]] = {}
    for page in html.rglob("*.html"):
        rel = page.relative_to(html).as_posix()
        for href in re.findall(r'href="([^"#?]+\.pdf)"', page.read_text(encoding="utf-8")):
            links.setdefault(urljoin(rel, href), []).append(rel)
    assert "pdf/haandbog.pdf" in links  # the pages link to the PDFs at all
    dead = {target: pages[:3] for target, pages in links.items() if not (html / target).is_file()}
    assert dead == {}


def test_the_pdfs_carry_the_local_box(html: Path):
    """The module with the coordinator's box prints it, marked as local."""
    text = subprocess.run(
        ["pdftotext", "-layout", str(html / "pdf" / "samarbejdsrelationer.pdf"), "-"],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    flat = " ".join(text.split())
    # the box's title and its ID share a line in print, so the title is broken around the ID
    assert "LOKAL PRAKSIS : Ring til koordinatoren i LO_EKSEMPEL_KOORDINATOR" in flat
    assert "Lokalt i Eksempel Kommune" in flat
