"""Incremental builds, as ``nox -s html`` and ``nox -s live`` run them: a page is read again
only when its own source changed (or it warned, handbog.checks.rereading), and a page made from the
whole handbook is written again, with what the other pages now hold, without being read."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import ROOTS

from handbog.theme import assets

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
    # another theme than furo keeps Sphinx's own search and its index
    assert (src / "_build" / "searchindex.js").is_file()

    # nothing changed: nothing is read, nothing written
    assert _build(src) == ([], [])

    # prose outside the needs: that page is read and written, the summary left as it is
    page = src / "element.md"
    page.write_text(page.read_text("utf-8") + "\nEn ny sætning om elementet.\n", "utf-8")
    read, written = _build(src)
    assert read == ["element"] and "resume" not in written

    # a practice renamed on the element's page: only that page is read; the summary, made
    # from the needs, is written again with the new name
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


def _search_index(out: Path) -> str:
    """The hash Pagefind gives the Danish index: new when any indexed text changed."""
    entry = json.loads((out / "pagefind" / "pagefind-entry.json").read_text("utf-8"))
    return str(entry["languages"]["da"]["hash"])


def test_the_search_index_is_made_again_only_when_a_page_changed(tmp_path: Path) -> None:
    src = tmp_path / "soeg"
    shutil.copytree(ROOTS / "test-resume", src)
    with (src / "conf.py").open("a", encoding="utf-8") as conf:
        conf.write('\nhtml_theme = "furo"\n')  # the search index is made for furo's pages
    _build(src)
    out = src / "_build"
    entry = out / "pagefind" / "pagefind-entry.json"
    # Pagefind's index replaces Sphinx's own, which is not made; the search page is
    assert not (out / "searchindex.js").exists()
    assert (out / "search.html").is_file()
    first, made = _search_index(out), entry.stat().st_mtime_ns

    # nothing changed: the index is the one made before, untouched
    assert _build(src) == ([], [])
    assert entry.stat().st_mtime_ns == made and _search_index(out) == first

    # a page's text changed: a new index with the new word
    page = src / "andet.md"
    page.write_text(page.read_text("utf-8") + "\nEt helt nyt ord: kvadratrodsfolk.\n", "utf-8")
    _build(src)
    assert _search_index(out) != first

    # the index removed by hand (or the output folder emptied): made again
    shutil.rmtree(out / "pagefind")
    _build(src)
    assert entry.is_file()


def test_sphinx_design_is_trimmed_again_only_when_its_input_changed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out, cache = tmp_path / "html", tmp_path / "doctrees" / assets.TRIM_CACHE
    css = out / "_static" / "sphinx-design.min.css"
    css.parent.mkdir(parents=True)
    full = ".sd-card{padding:1rem}.sd-tab-set{margin:0}"
    page = out / "index.html"
    page.write_text('<div class="sd-card">x</div>', "utf-8")
    trims: list[str] = []
    trim = assets.trim_stylesheet
    monkeypatch.setattr(
        assets, "trim_stylesheet", lambda text, used: trims.append(text) or trim(text, used)
    )
    for _ in range(2):  # Sphinx copies the full sheet again in every build
        css.write_text(full, "utf-8")
        assets.trim_sphinx_design(out, cache)
        assert css.read_text("utf-8") == ".sd-card{padding:1rem}"
    assert len(trims) == 1
    # a page now uses a tab set: trimmed again, and the tab set's rule is kept
    page.write_text('<div class="sd-card sd-tab-set">x</div>', "utf-8")
    css.write_text(full, "utf-8")
    assets.trim_sphinx_design(out, cache)
    assert len(trims) == 2
    assert css.read_text("utf-8") == full


def _counts(path: Path) -> list[list[str]]:
    rows = BeautifulSoup(path.read_text("utf-8"), "html.parser").select(
        "table.handbog-tilfoejelser tbody tr"
    )
    return [[td.get_text(strip=True) for td in row.find_all("td")] for row in rows]


def test_the_list_of_additions_follows_a_new_addition_without_being_read(tmp_path: Path) -> None:
    src = tmp_path / "tilfoejelse"
    shutil.copytree(ROOTS / "test-tilfoejelse", src)
    _build(src)
    overview = src / "_build" / "oversigt.html"
    assert _counts(overview)[-1] == ["I alt", "3"]
    page = src / "side.md"
    page.write_text(
        page.read_text("utf-8") + "\nOg {tilfoejelse}`en ny tilføjelse` til sidst.\n", "utf-8"
    )
    read, written = _build(src)
    assert read == ["side"] and "oversigt" in written
    assert _counts(overview)[-1] == ["I alt", "4"]
