"""The accessibility statement quotes what the tests measured (handbog.theme.accessibility):
the results file the browser tests write, read by ``{tilgaengelighed-maalt}`` on a small
Sphinx project; without a file it says nothing was measured, never a promise."""

from __future__ import annotations

import html
import json
import re
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from handbog.theme import accessibility

PAGE = """# Tilgængelighed

```{tilgaengelighed-maalt}
```
"""


def _build(tmp_path: Path, results: Path | None, *options: str) -> tuple[str, str]:
    src = tmp_path / "src"
    src.mkdir(exist_ok=True)
    (src / "index.md").write_text(PAGE, encoding="utf-8")
    value = str(results) if results else str(tmp_path / "findes-ikke" / accessibility.RESULTS)
    (src / "conf.py").write_text(
        'extensions = ["myst_parser", "handbog.theme.accessibility"]\n'
        'language = "da"\n'
        f"handbog_tilgaengelighed_maaling = {value!r}\n",
        encoding="utf-8",
    )
    out = tmp_path / "html"
    proc = subprocess.run(
        [sys.executable, "-m", "sphinx", "-b", "html", "-q", *(options or ["-E"]), str(src),
         str(out)],
        capture_output=True, text=True, encoding="utf-8", timeout=300,
    )  # fmt: skip
    assert "Traceback" not in proc.stderr, proc.stderr
    page = (out / "index.html").read_text(encoding="utf-8")
    text = html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page)))
    return text, proc.stderr


def test_without_results_the_page_says_nothing_was_measured(tmp_path: Path):
    text, stderr = _build(tmp_path, None)
    assert stderr == ""
    assert "Ikke målt: da siderne blev bygget, fandtes der ingen resultater" in text
    assert "brud fundet" not in text


def test_the_page_quotes_each_measured_check_with_date_and_result(tmp_path: Path):
    results = tmp_path / "build" / accessibility.RESULTS
    common = {"axe": "4.10.2", "udgave": "2026.1", "bygning": "abc1234"}
    accessibility.record(
        results, "axe-sample-light",
        {**common, "sider_valgt": "sample", "tema": "light", "sider": 6, "fund": 0},
    )  # fmt: skip
    accessibility.record(
        results, "axe-all-dark",
        {**common, "sider_valgt": "all", "tema": "dark", "sider": 57, "fund": 2},
    )  # fmt: skip
    text, stderr = _build(tmp_path, results)
    assert stderr == ""
    assert "Ikke målt" not in text
    day = accessibility._danish_date(date.today().isoformat())
    assert (
        f"{day}: axe-core 4.10.2 (reglerne for WCAG 2.1 A og AA, også kontrast) på en "
        "stikprøve med én side af hver slags (6 sider) i lyst tema, udgave 2026.1, bygning "
        "abc1234: ingen brud fundet." in text
    )
    assert "på alle sider (57 sider) i mørkt tema" in text and "2 brud fundet." in text


def test_recording_one_check_keeps_the_others(tmp_path: Path):
    results = tmp_path / accessibility.RESULTS
    base = {"axe": "4", "sider_valgt": "all", "sider": 1, "fund": 0}
    accessibility.record(results, "a", {**base, "tema": "light"})
    accessibility.record(results, "b", {**base, "tema": "dark"})
    accessibility.record(results, "a", {**base, "tema": "light", "fund": 3})
    data = json.loads(results.read_text(encoding="utf-8"))
    assert set(data["tjek"]) == {"a", "b"} and data["tjek"]["a"]["fund"] == 3


@pytest.mark.parametrize("content", ["{ikke json", '{"tjek": {"x": {"dato": "i går"}}}'])
def test_a_broken_results_file_is_a_danish_warning_naming_it(tmp_path: Path, content: str):
    results = tmp_path / accessibility.RESULTS
    results.write_text(content, encoding="utf-8")
    text, stderr = _build(tmp_path, results)
    assert f"{results} kan ikke læses som resultater af tilgængelighedstestene" in stderr
    assert "index.md:3" in stderr and "[handbog.tilgaengelighed]" in stderr
    assert "brud fundet" not in text


def test_a_rebuild_reads_the_page_again_when_results_appear_and_change(tmp_path: Path):
    """Incremental builds, as an editor's: no stale »Ikke målt« after the tests have run,
    and no page read again while nothing changed."""
    results = tmp_path / "build" / accessibility.RESULTS
    base = {"axe": "4", "sider_valgt": "all", "tema": "light", "sider": 3, "udgave": ""}
    text, stderr = _build(tmp_path, results, "-n")
    assert "Ikke målt" in text and stderr == ""
    accessibility.record(results, "a", {**base, "fund": 0})
    text, _ = _build(tmp_path, results, "-n")
    assert "ingen brud fundet" in text
    accessibility.record(results, "a", {**base, "fund": 4})
    text, _ = _build(tmp_path, results, "-n")
    assert "4 brud fundet" in text
