"""The form's way out of a refused file masks as 'handbog tjekliste rens' does.

privacy.mask_cpr is the one rule; the checklist contract carries its patterns and its mask, and
svarfil.js's maskCpr applies them. Node runs the shipped svarfil.js on the contract Python
writes and must give mask_cpr's text for every sample. The numbers are split in the source
(and their dates made up), so the repository holds no CPR-like text.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from handbog.checklists.contract import contract
from handbog.data.privacy import MASK, could_become_cpr, mask_cpr

SVARFIL = Path(__file__).parents[1] / "src" / "handbog" / "static" / "checklist" / "svarfil.js"
NUMBER = "010203-" + "1234"

SAMPLES = [
    f"ringede til {NUMBER} bagefter",
    "0102 03 " + "1234",
    "mødet 01.02.03 kl. 10",
    "to numre: 010203 og 020304-" + "5678",
    "01\u201102\u201103\u2011" + "1234 og mere tekst",
    "01 02 03 12 " + "34",
    f"{NUMBER}{NUMBER}",
    f"({NUMBER}), ({NUMBER})",
    # left alone: no valid date, a four-digit year, a phone number with +45, a long run
    "999999-" + "9999",
    "år 2024",
    "tlf +45 12 34 56 78",
    "uge 12, 3 møder",
    "12345678901",
    "",
]


def _node_masks(texts: list[str]) -> list[str]:
    node = shutil.which("node") or shutil.which("nodejs")
    if node is None:
        pytest.skip("Node.js findes ikke på maskinen")
    script = (
        "globalThis.window = globalThis;"
        f"require({json.dumps(str(SVARFIL))});"
        "const [c, texts] = JSON.parse(require('fs').readFileSync(0, 'utf8'));"
        "console.log(JSON.stringify(texts.map(t => window.handbogSvarfil.maskCpr(c, t))));"
    )
    result = subprocess.run(
        [node, "-e", script],
        input=json.dumps([contract([]), texts]),
        capture_output=True,
        text=True,
        check=True,
    )
    return list(json.loads(result.stdout))


def test_the_browser_masks_every_sample_as_rens_does() -> None:
    expected = [mask_cpr(t) for t in SAMPLES]
    assert _node_masks(SAMPLES) == expected
    # and the samples exercise both sides of the rule
    assert sum(MASK in e for e in expected) >= 6
    assert sum(e == t for e, t in zip(expected, SAMPLES, strict=True)) >= 5
    assert not any(could_become_cpr(e) for e in expected)


def test_the_contract_carries_the_mask_and_no_script_holds_a_copy() -> None:
    cpr = contract([])["cpr"]
    assert cpr["mask"] == MASK and "{separators}" in cpr["run"]
    for script in SVARFIL.parent.glob("*.js"):
        assert MASK not in script.read_text(encoding="utf-8"), script.name
