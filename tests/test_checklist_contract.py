"""The checklist contract (handbog.checklists.contract): the pages embed what Python computes,
and the browser scripts keep no copy of it.

The browser's parity with the command line is tests/test_checklist_parity.py; this is the
fast half: the form page and the overview page carry exactly :func:`contract`'s output, and
static/checklist/*.js hold none of its values (limits, versions, patterns, messages) as
constants of their own.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import REPO

from handbog.checklists import load_checklist
from handbog.checklists.contract import OVERVIEW_ELEMENT_ID, contract
from handbog.checklists.loader import check_files, checklist_files
from handbog.checklists.overview_page import page_html
from handbog.checklists.scoring import done_threshold, ranks, top

ROOTS = Path(__file__).parent / "roots"
SCRIPTS = sorted((REPO / "src" / "handbog" / "static" / "checklist").glob("*.js"))


def _embedded(soup: BeautifulSoup, element_id: str) -> dict:
    script = soup.select_one(f"script#{element_id}")
    assert script is not None and script["type"] == "application/json"
    return json.loads(script.string)


@pytest.mark.sphinx("html", testroot="tjekliste")
def test_every_form_embeds_the_contract_python_computes(app):
    app.build()
    folder = ROOTS / "test-tjekliste" / "checklists"
    seen = 0
    for page in sorted((Path(app.outdir) / "tjeklister").glob("*.html")):
        soup = BeautifulSoup(page.read_text("utf-8"), "html.parser")
        scripts = [tag.get("src", "").split("?")[0] for tag in soup.select("script[src]")]
        if soup.select("form.handbog-checklist"):
            # the shared module is loaded, before the form's script (both deferred)
            shared = scripts.index("../_static/checklist/svarfil.js")
            assert shared < scripts.index("../_static/checklist/checklist.js")
        for form in soup.select("form.handbog-checklist"):
            checklist = load_checklist(folder / f"{form['data-checklist']}.yaml")
            assert _embedded(soup, form["data-contract"]) == contract([checklist])
            seen += 1
    assert seen >= 2  # a yes/no list and a self-assessment


def test_the_overview_page_embeds_the_contract_of_every_checklist():
    checklists, problems = check_files(checklist_files(REPO / "checklists"))
    assert not problems
    soup = BeautifulSoup(page_html(checklists), "html.parser")
    assert soup.select_one(".ho-app")["data-contract"] == OVERVIEW_ELEMENT_ID
    embedded = _embedded(soup, OVERVIEW_ELEMENT_ID)
    assert embedded == contract(list(checklists.values()), overview=True)
    # the rules the browser counts by are the engine's
    for checklist in checklists.values():
        spec = embedded["checklists"][checklist.id]
        assert {s["value"]: s["rank"] for s in spec["scale"]} == ranks(checklist)
        assert (spec["top"], spec["threshold"]) == (top(checklist), done_threshold(checklist))
        assert spec["graded"] == checklist.graded


def _code(script: Path) -> str:
    """The script without its comments and string literals: what it computes with."""
    text = script.read_text(encoding="utf-8")
    text = re.sub(r"/\*.*?\*/", " ", text, flags=re.S)
    text = re.sub(r"//[^\n]*", " ", text)
    return re.sub(r'"(?:[^"\\\n]|\\.)*"', '""', text)


def _numbers(script: Path) -> set[float]:
    return {float(n) for n in re.findall(r"(?<![\w.])\d+(?:\.\d+)?(?![\w.])", _code(script))}


@pytest.mark.parametrize("script", SCRIPTS, ids=lambda p: p.name)
def test_no_script_keeps_a_copy_of_the_contract(script):
    shared = contract([load_checklist(REPO / "checklists" / "kompetencer.yaml")], overview=True)
    text = script.read_text(encoding="utf-8")
    # the limits and units that could have been typed in as numbers
    numbers = _numbers(script)
    for name in ("file_bytes", "note_chars"):
        assert shared["limits"][name] not in numbers, (script.name, name)
    assert shared["number"]["megabyte"] not in numbers
    # the format, its versions, the CPR patterns and the messages, as text
    assert shared["format"]["name"] not in text
    assert "FORMAT_VERSIONS" not in text and "[1, 2]" not in text
    assert shared["date_pattern"][1:-1] not in text
    for pattern in shared["cpr"].values():
        assert pattern not in text
    for template in shared["messages"].values():
        fixed = max(re.split(r"\{\w+\}", template), key=len).strip()
        assert fixed[:30] not in text, (script.name, fixed)
    # no rounding of its own: every figure goes through svarfil.js's number rule
    assert "toFixed" not in _code(script)
    if script.name != "svarfil.js":
        assert "Math.round" not in _code(script)
