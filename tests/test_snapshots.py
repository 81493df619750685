"""The HTML each of the handbook's directives produces, kept as snapshots (syrupy).

Each test builds a tiny example project with ``sphinx.testing`` and compares the article body
of its pages with the snapshot in tests/__snapshots__/. A change in what a directive writes
shows up here as a readable diff; when the change is meant, update the snapshots with
``pytest tests/test_snapshots.py --snapshot-update`` and commit them with the change.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

#: The root, and the pages whose article bodies are kept (the directives they hold).
PROJECTS = {
    # kildeliste, sporbarhedstabel, daekning (all four), modeldiagram, need boxes
    "xref-views": ["index", "element", "kilder", "oversigt"],
    # tjekliste, tjeklisteoversigt
    "tjekliste": ["tjeklister/index", "tjeklister/moede", "tjeklister/parathed"],
    # ordliste
    "ordliste": ["ordliste"],
    # sidekilder, year letters in citations and the bibliography
    "sidekilder": ["side", "litteratur"],
}


def article(outdir: Path, page: str) -> str:
    soup = BeautifulSoup((outdir / f"{page}.html").read_text("utf-8"), "html.parser")
    body = soup.find(attrs={"role": "main"})
    assert body is not None, page
    # One element a line, so a snapshot diff points at the element that changed.
    return re.sub(r">\s*<", ">\n<", str(body)).strip() + "\n"


@pytest.mark.parametrize("project", sorted(PROJECTS))
def test_directive_html(project, make_app, rootdir, tmp_path, snapshot):
    import shutil

    src = tmp_path / project
    shutil.copytree(rootdir / f"test-{project}", src)
    app = make_app("html", srcdir=src, freshenv=True)
    app.build()
    assert app._warning.getvalue() == ""
    for page in PROJECTS[project]:
        assert article(Path(app.outdir), page) == snapshot(name=page)
