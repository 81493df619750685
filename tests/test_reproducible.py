"""Reproducible build: two clean builds of the same sources give byte-identical output.

The project (the files git tracks or would add) is copied once and then copied again into a
second folder with a different path; each copy is built from scratch with the same
SOURCE_DATE_EPOCH and a random hash seed. Everything in the HTML output must be equal, byte
for byte: pages, needs.json, the search index, objects.inv, pdf-moduler.json, _static/.
"""

from __future__ import annotations

import shutil

import pytest
import quality
from conftest import REPO

pytestmark = pytest.mark.slow

# What to look for when a file differs (the usual cause in this project).
HINTS = {
    ".buildinfo": (
        "konfigurationens hash afhænger af projektmappen: en værdi i conf.py eller i en "
        "Sphinx-udvidelse indeholder en absolut sti (fx html_static_path eller "
        "templates_path); brug en sti relativ til conf.py"
    ),
}


def _with_hints(problems: list[str]) -> list[str]:
    return [
        f"{p}\n    Mulig årsag: {HINTS[p.split(':')[0]]}" if p.split(":")[0] in HINTS else p
        for p in problems
    ]


def test_two_clean_builds_in_different_folders_are_identical(tmp_path):
    first = quality.copy_project(REPO, tmp_path / "a" / "projekt")
    second = tmp_path / "b-en-anden-og-laengere-sti" / "projekt"
    shutil.copytree(first, second)  # the very same sources, even while others edit the repo
    builds = [quality.build_html(src, src.parent / "out") for src in (first, second)]
    for src, build in zip((first, second), builds, strict=True):
        assert (src.parent / "out" / "html" / "index.html").is_file(), build.stderr
    # The warnings are output too: the same, once each copy's folder is named alike.
    warnings = [
        b.stderr.replace(str(src), "<projekt>")
        for src, b in zip((first, second), builds, strict=True)
    ]
    assert warnings[0] == warnings[1]

    problems = quality.tree_differences(
        first.parent / "out" / "html",
        second.parent / "out" / "html",
        exclude=quality.UNSTABLE_OUTPUT,
    )
    assert problems == [], "\n".join(_with_hints(problems))


def test_comparison_fails_on_a_nondeterministic_file(tmp_path):
    for n, stamp in enumerate(("12:00:01", "12:00:02")):
        tree = tmp_path / f"build{n}"
        (tree / "_static").mkdir(parents=True)
        (tree / "index.html").write_text("<p>Samme indhold</p>\n", encoding="utf-8")
        (tree / "_static" / "logo.bin").write_bytes(bytes([0xFF, 0xFE, 0x00, n]))
        (tree / "side.html").write_text(f"<p>Bygget kl. {stamp}</p>\n", encoding="utf-8")
        (tree / ".buildinfo").write_text(f"config: {n}\n", encoding="utf-8")
    (tmp_path / "build1" / "ekstra.html").write_text("<p>Kun i den ene</p>", encoding="utf-8")

    problems = quality.tree_differences(tmp_path / "build0", tmp_path / "build1")
    text = "\n".join(_with_hints(problems))
    assert "side.html: forskellig" in text and "Bygget kl. 12:00:01" in text
    assert "_static/logo.bin: binær fil forskellig" in text
    assert "ekstra.html: kun i anden bygning" in text
    assert "Mulig årsag: konfigurationens hash" in text
    assert "index.html" not in text.replace("side.html", "").replace("ekstra.html", "")
    excluded = quality.tree_differences(
        tmp_path / "build0", tmp_path / "build1", exclude={"side.html", "ekstra.html"}
    )
    assert [p.split(":")[0] for p in excluded] == [".buildinfo", "_static/logo.bin"]
