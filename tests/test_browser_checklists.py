"""The checklist forms of the built handbook, used in Debian's Chromium through Playwright.

A reader ticks items and writes notes; the answers must survive a reload, travel through an
exported file into a fresh browser profile, be reachable from the keyboard alone, refuse
CPR-like text, and never leave 127.0.0.1. The expectations (items, values, versions) are read
from the checklist YAML files through the loader, and the answers file is read back with the
same format the command line uses.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import quality
from browser_support import browser, serve, site  # noqa: F401 - pytest fixtures
from conftest import REPO

from handbog.checklists import load_checklist
from handbog.checklists.answers import AnswerSet, check_against, dump_answers, parse_answers
from handbog.checklists.errors import AnswersError
from handbog.data.privacy import mask_cpr

pytestmark = pytest.mark.browser

MEETING = "foraeldremoede"  # a DO-CONFIRM checklist: ja / nej / ikke relevant
GRADED = "forudsaetninger"  # a graded self-assessment with its own scale
SCRIPT = REPO / "src" / "handbog" / "static" / "checklist" / "checklist.js"
SHARED = SCRIPT.parent / "svarfil.js"
CPR_LIKE = "010203-1234"
EXAMPLE = Path(__file__).parent / "roots" / "test-tjekliste"  # its "moede" is in version 2


def _checklist(name: str):
    return load_checklist(REPO / "checklists" / f"{name}.yaml")


def _url(site: str, name: str) -> str:  # noqa: F811
    return f"{site}tjeklister/{name}.html"


def _open(context, site: str, name: str):  # noqa: F811
    page = context.new_page()
    page.on("dialog", lambda dialog: dialog.accept())
    page.goto(_url(site, name), wait_until="networkidle")
    return page


def _radio(name: str, item: str, value: str) -> str:
    return f"#hc-{name}-{item}-{value}"


def _note(name: str, item: str) -> str:
    return f"#hc-{name}-{item}-note"


def _shown_answers(page) -> dict:
    """What the form shows: item id → (checked value or None, note)."""
    return page.evaluate(
        """() => Object.fromEntries([...document.querySelectorAll('fieldset.hc-item')].map(
            box => [box.dataset.item, [
                (box.querySelector('input[type=radio]:checked') || {value: null}).value,
                box.querySelector('textarea').value]]))"""
    )


def _fill_some(page, name: str, checklist) -> dict:
    """Answer the first three items differently and write a note; return what was entered."""
    items = [item for _section, item in checklist.items()][:3]
    values = [step.value for step in checklist.scale]
    entered = {}
    for index, item in enumerate(items):
        value = values[index % len(values)]
        page.check(_radio(name, item.id, value))
        entered[item.id] = value
    page.fill(_note(name, items[0].id), "Lokalet var for lille; næste gang i biblioteket.")
    page.fill(f"#hc-{name}-enhed", "Team Øst")
    page.fill(f"#hc-{name}-dato", "2025-03-01")
    return entered


def _export(page) -> dict:
    with page.expect_download() as download:
        page.click("[data-action=export]")
    return json.loads(Path(download.value.path()).read_text(encoding="utf-8"))


def _import(page, path: Path) -> None:
    with page.expect_file_chooser() as chooser:
        page.click("[data-action=import]")
    chooser.value.set_files(str(path))


# -- The tests ---------------------------------------------------------------------------------


def test_the_script_has_no_cpr_pattern_of_its_own():
    """The browser reads privacy.py's patterns from the checklist contract the form embeds
    (see tests/test_checklist_contract.py), through svarfil.js, whose fallback fails closed."""
    script = SCRIPT.read_text("utf-8")
    shared = SHARED.read_text("utf-8")
    assert "0[1-9]" not in script and "0[1-9]" not in shared
    assert "S.guard(contract)" in script
    assert "contract.cpr.fail_closed" in shared
    # what a phone downloads (minified in the build, see handbog.theme.assets): the page weight
    # budget of a checklist page leaves this much for the form's scripts
    import rjsmin

    size = sum(len(rjsmin.jsmin(s).encode("utf-8")) for s in (script, shared))
    assert size < 30_000  # the whole page stays under its budget: tests/test_page_weight.py


def test_answers_survive_a_reload(browser, site):  # noqa: F811
    checklist = _checklist(MEETING)
    context = browser.new_context()
    try:
        page = _open(context, site, MEETING)
        entered = _fill_some(page, MEETING, checklist)
        before = _shown_answers(page)
        page.reload(wait_until="networkidle")
        after = _shown_answers(page)
        assert after == before
        assert {k: v[0] for k, v in after.items() if v[0]} == entered
        assert page.input_value(f"#hc-{MEETING}-enhed") == "Team Øst"
        total = len(list(checklist.items()))
        assert page.inner_text("[data-role=progress]").startswith(f"3 af {total} punkter")
        # the summary links every unmet item to the pages of the needs it checks
        missing = page.locator("[data-role=missing] li")
        unmet = [i for i, v in after.items() if v[0] != "ja" and v[0] != "ikke-relevant"]
        assert missing.count() == len(unmet)
        first = missing.first.locator("a").nth(1).get_attribute("href")
        assert re.match(r"\.\./[a-z-]+/[a-z-]+\.html#(PR|HR|FO|KE|OP)_", first), first
    finally:
        context.close()


def test_export_then_import_into_a_fresh_profile(browser, site, tmp_path):  # noqa: F811
    checklist = _checklist(GRADED)
    first = browser.new_context(accept_downloads=True)
    try:
        page = _open(first, site, GRADED)
        _fill_some(page, GRADED, checklist)
        shown = _shown_answers(page)
        data = _export(page)
    finally:
        first.close()
    # the file is the answers format the command line reads
    assert data["format"] == "handbog-tjeklistesvar"
    assert data["format_version"] == 1
    assert data["checklist"] == GRADED
    assert data["checklist_version"] == checklist.version
    assert data["context"] == {"enhed": "Team Øst", "dato": "2025-03-01"}  # empty ones left out
    assert set(data["answers"]) == {item.id for _s, item in checklist.items()}
    assert {k: [a["value"], a["note"]] for k, a in data["answers"].items()} == shown
    for stamp in ("created", "updated"):
        assert re.match(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$", data[stamp]), data[stamp]
    # the command line reads the file without a complaint
    answer_set = parse_answers(json.dumps(data), "svar.json")
    assert check_against(answer_set, checklist) == []
    assert {k: a.value for k, a in answer_set.answers.items()} == {
        k: v[0] for k, v in shown.items()
    }
    path = tmp_path / "svar.json"
    path.write_text(json.dumps(data), encoding="utf-8")

    second = browser.new_context(accept_downloads=True)  # a new profile: empty storage
    try:
        page = _open(second, site, GRADED)
        assert all(v == [None, ""] for v in _shown_answers(page).values())
        _import(page, path)
        page.wait_for_function("document.querySelector('[data-role=status]').textContent")
        assert "er hentet" in page.inner_text("[data-role=status]")
        assert _shown_answers(page) == shown
        assert page.input_value(f"#hc-{GRADED}-dato") == "2025-03-01"
        page.reload(wait_until="networkidle")
        assert _shown_answers(page) == shown
        again = _export(page)
        assert again["answers"] == data["answers"]
        assert again["created"] == data["created"]
    finally:
        second.close()


def test_a_file_from_the_command_line_opens_in_the_browser(browser, site, tmp_path):  # noqa: F811
    checklist = _checklist(GRADED)
    items = [item for _section, item in checklist.items()]
    answer_set = AnswerSet.new(checklist, {"enhed": "Forvaltningen", "dato": "2025-02-03"})
    answer_set.set(items[0].id, checklist.scale[-1].value, "Besluttet i direktionen.")
    answer_set.set(items[1].id, checklist.scale[0].value)
    path = tmp_path / "fra-kommandolinjen.json"
    path.write_text(dump_answers(answer_set), encoding="utf-8")
    context = browser.new_context()
    try:
        page = _open(context, site, GRADED)
        _import(page, path)
        page.locator("[data-role=status]").filter(has_text="er hentet").wait_for()
        shown = _shown_answers(page)
        assert shown[items[0].id] == [checklist.scale[-1].value, "Besluttet i direktionen."]
        assert shown[items[1].id] == [checklist.scale[0].value, ""]
        assert page.input_value(f"#hc-{GRADED}-enhed") == "Forvaltningen"
    finally:
        context.close()


def test_import_of_another_checklist_changes_nothing(browser, site, tmp_path):  # noqa: F811
    context = browser.new_context(accept_downloads=True)
    try:
        page = _open(context, site, GRADED)
        path = tmp_path / "andet.json"
        path.write_text(json.dumps(_export(page)), encoding="utf-8")
        page = _open(context, site, MEETING)
        _fill_some(page, MEETING, _checklist(MEETING))
        before = _shown_answers(page)
        _import(page, path)
        status = page.locator("[data-role=status]")
        status.filter(has_text="kan ikke hentes").wait_for()
        text = status.inner_text()
        assert GRADED in text and MEETING in text and "Intet er ændret" in text
        assert _shown_answers(page) == before
        # not JSON at all
        path.write_text("dette er ikke json", encoding="utf-8")
        _import(page, path)
        status.filter(has_text="ikke gyldig JSON").wait_for()
        assert _shown_answers(page) == before
    finally:
        context.close()


def test_a_file_of_the_current_version_with_an_unknown_item_is_refused(browser, site, tmp_path):  # noqa: F811
    """As on the command line: in a file of the checklist's own version an item it does not
    have is an error (answers carried over from an older version keep that version)."""
    checklist = _checklist(MEETING)
    first = next(item for _section, item in checklist.items())
    data = {
        "format": "handbog-tjeklistesvar",
        "format_version": 1,
        "checklist": MEETING,
        "checklist_version": checklist.version,
        "context": {"enhed": "Team Vest"},
        "answers": {
            first.id: {"value": "nej", "note": ""},
            "et-gammelt-punkt": {"value": "ja", "note": "fra en ældre udgave"},
        },
        "created": "2025-01-01T10:00:00+01:00",
        "updated": "2025-01-02T10:00:00+01:00",
    }
    path = tmp_path / "gammel.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(AnswersError, match="et-gammelt-punkt"):
        check_against(parse_answers(json.dumps(data)), checklist)
    future = dict(data, checklist_version=checklist.version + 1, answers={})
    future_path = tmp_path / "fremtid.json"
    future_path.write_text(json.dumps(future), encoding="utf-8")
    context = browser.new_context(accept_downloads=True)
    try:
        page = _open(context, site, MEETING)
        _import(page, path)
        status = page.locator("[data-role=status]")
        status.filter(has_text="kan ikke hentes").wait_for()
        assert "et-gammelt-punkt" in status.inner_text()
        assert "Intet er ændret" in status.inner_text()
        assert not page.is_checked(_radio(MEETING, first.id, "nej"))
        _import(page, future_path)
        status.filter(has_text=f"version {checklist.version + 1}").wait_for()
        assert "kan ikke hentes" in status.inner_text()
    finally:
        context.close()


def test_a_checklist_can_be_completed_with_the_keyboard_alone(browser, site):  # noqa: F811
    checklist = _checklist(MEETING)
    total = len(list(checklist.items()))
    context = browser.new_context()
    try:
        page = _open(context, site, MEETING)
        page.focus(f"#hc-{MEETING}-dato")  # the last field before the items
        in_form = "() => !!document.activeElement.closest('form.handbog-checklist')"
        arrow_used = False
        for _ in range(total * 12):
            page.keyboard.press("Tab")
            if not page.evaluate(in_form):
                break
            active = page.evaluate(
                "() => { const a = document.activeElement; return [a.type || a.tagName, "
                "a.name, !!document.querySelector(`input[name='${a.name}']:checked`)]; }"
            )
            if active[0] == "radio" and not active[2]:
                page.keyboard.press("Space")
                if not arrow_used:  # the arrow keys move between the answers of one item
                    page.keyboard.press("ArrowRight")
                    checked = page.evaluate("() => document.activeElement.value")
                    assert checked == "nej"
                    page.keyboard.press("ArrowLeft")
                    arrow_used = True
                outline = page.evaluate(
                    "() => getComputedStyle(document.activeElement).outlineStyle"
                )
                assert outline != "none", "tastaturfokus skal være synligt på svarknapperne"
        answers = _shown_answers(page)
        assert all(value == "ja" for value, _note in answers.values()), answers
        assert arrow_used
        assert page.inner_text("[data-role=progress]").startswith(f"{total} af {total} punkter")
        assert page.locator("[data-role=missing] li").count() == 0
    finally:
        context.close()


def test_notes_and_context_refuse_a_cpr_number(browser, site):  # noqa: F811
    checklist = _checklist(MEETING)
    item = next(item for _section, item in checklist.items())
    context = browser.new_context(accept_downloads=True)
    try:
        page = _open(context, site, MEETING)
        note = page.locator(_note(MEETING, item.id))
        note.fill("Aftalt at mødes igen om tre uger.")
        note.fill(f"Barnet har CPR {CPR_LIKE}")
        error = page.locator(f"{_note(MEETING, item.id)}-fejl")
        assert error.is_visible()
        assert "CPR-nummer" in error.inner_text()
        assert note.get_attribute("aria-invalid") == "true"
        assert f"{_note(MEETING, item.id)[1:]}-fejl" in note.get_attribute("aria-describedby")
        enhed = page.locator(f"#hc-{MEETING}-enhed")
        enhed.fill("0102031234")
        assert page.locator(f"#hc-{MEETING}-enhed-fejl").is_visible()
        stored = page.evaluate("() => JSON.stringify(localStorage)")
        assert "1234" not in stored
        assert "Aftalt at mødes igen om tre uger." in stored
        assert CPR_LIKE not in json.dumps(_export(page))
        page.reload(wait_until="networkidle")
        assert note.input_value() == "Aftalt at mødes igen om tre uger."
        # ordinary numbers are fine
        note.fill("3 møder i 2024, telefon 12 34 56 78")
        assert not page.locator(f"{_note(MEETING, item.id)}-fejl").is_visible()
        assert note.get_attribute("aria-invalid") is None
    finally:
        context.close()


def test_a_corrupt_saved_value_is_kept_and_reported(browser, site):  # noqa: F811
    checklist = _checklist(MEETING)
    key = f"handbog-tjekliste:{MEETING}:v{checklist.version}"
    context = browser.new_context()
    try:
        page = _open(context, site, MEETING)
        page.evaluate("([k]) => localStorage.setItem(k, '{ikke json')", [key])
        page.reload(wait_until="networkidle")
        status = page.inner_text("[data-role=status]")
        assert "kunne ikke læses" in status
        stored = page.evaluate("() => Object.assign({}, localStorage)")
        backups = [k for k in stored if k.startswith(key + ":beskadiget:")]
        assert backups and stored[backups[0]] == "{ikke json"
        assert backups[0] in status
        # the form works again and saves under the normal key
        first = next(item for _section, item in checklist.items())
        page.check(_radio(MEETING, first.id, "ja"))
        saved = json.loads(page.evaluate("([k]) => localStorage.getItem(k)", [key]))
        assert saved["answers"][first.id]["value"] == "ja"
    finally:
        context.close()


def test_nothing_leaves_127_0_0_1(browser, site, tmp_path):  # noqa: F811
    context = browser.new_context(accept_downloads=True)
    traffic = quality.watch_traffic(context, site)
    try:
        page = _open(context, site, MEETING)
        _fill_some(page, MEETING, _checklist(MEETING))
        path = tmp_path / "svar.json"
        path.write_text(json.dumps(_export(page)), encoding="utf-8")
        _import(page, path)
        page.click("[data-action=reset]")  # confirmed by the dialog handler of _open
        page.wait_for_load_state("networkidle")
        assert all(v == [None, ""] for v in _shown_answers(page).values())
        keys = page.evaluate("() => Object.keys(localStorage)")
        assert any(k.endswith(":nulstillet") for k in keys), keys  # the answers before reset
        assert traffic.local, "siden blev ikke hentet"
        assert traffic.outside == []
        assert context.cookies() == []
    finally:
        context.close()


def test_without_javascript_the_checklist_is_readable_and_says_why(browser, site):  # noqa: F811
    context = browser.new_context(java_script_enabled=False)
    try:
        page = _open(context, site, MEETING)
        assert page.locator(".hc-nojs").is_visible()
        assert not page.locator(".hc-actions").is_visible()
        assert not page.locator(".hc-summary").is_visible()
        assert page.locator("fieldset.hc-item").count() == len(list(_checklist(MEETING).items()))
    finally:
        context.close()


def test_fits_a_phone_and_prints_without_buttons(browser, site):  # noqa: F811
    context = browser.new_context(viewport={"width": 360, "height": 740})
    try:
        page = _open(context, site, GRADED)
        width = page.evaluate("() => document.documentElement.scrollWidth")
        assert width <= 360, f"siden er {width} px bred på en 360 px skærm"
        page.emulate_media(media="print")
        assert not page.locator(".hc-actions").is_visible()
        assert not page.locator(".hc-summary").is_visible()
        box = page.evaluate(
            "() => { const r = document.querySelector('.hc-option input');"
            " const s = getComputedStyle(r); return [s.appearance, s.borderTopStyle]; }"
        )
        assert box == ["none", "solid"], box  # an empty box to tick on paper
    finally:
        context.close()


# -- A checklist in a new version (the example project) ------------------------------------------


@pytest.fixture(scope="module")
def example_site(tmp_path_factory):
    out = tmp_path_factory.mktemp("tjekliste-eksempel")
    env = {**os.environ, "PYTHONPATH": str(EXAMPLE.parent)}
    cmd = [
        sys.executable,
        "-m",
        "sphinx",
        "-b",
        "html",
        "-q",
        "-d",
        str(out / "doctrees"),
        str(EXAMPLE),
        str(out / "html"),
    ]
    proc = subprocess.run(cmd, capture_output=True, text=True, env=env, cwd=REPO)
    assert proc.returncode == 0, proc.stderr
    with serve(out / "html") as url:
        yield url


def test_answers_to_the_previous_version_are_carried_over(browser, example_site):  # noqa: F811
    checklist = load_checklist(EXAMPLE / "checklists" / "moede.yaml")
    assert checklist.version == 2
    old_key, new_key = "handbog-tjekliste:moede:v1", "handbog-tjekliste:moede:v2"
    old = {
        "format": "handbog-tjeklistesvar",
        "format_version": 1,
        "checklist": "moede",
        "checklist_version": 1,
        "context": {"enhed": "Team Nord"},
        "answers": {
            "inviter": {"value": "ja", "note": "Sendt i uge 3"},
            "fjernet-punkt": {"value": "nej", "note": ""},
        },
        "created": "2024-05-01T09:00:00Z",
        "updated": "2024-05-02T09:00:00Z",
    }
    context = browser.new_context()
    try:
        page = _open(context, example_site, "moede")
        assert page.evaluate("([k]) => localStorage.getItem(k)", [new_key]) is None
        page.evaluate("([k, v]) => localStorage.setItem(k, v)", [old_key, json.dumps(old)])
        page.reload(wait_until="networkidle")
        status = page.inner_text("[data-role=status]")
        assert "version 1" in status and "fjernet-punkt" in status
        assert page.is_checked(_radio("moede", "inviter", "ja"))
        assert page.input_value(_note("moede", "inviter")) == "Sendt i uge 3"
        assert page.input_value("#hc-moede-enhed") == "Team Nord"
        stored = {
            k: json.loads(v)
            for k, v in page.evaluate("() => Object.assign({}, localStorage)").items()
        }
        assert stored[old_key] == old  # the old version is left as it was
        # the answer to the removed item keeps the state in version 1, so that the command
        # line carries it over (a warning) instead of refusing an unknown item of version 2
        assert stored[new_key]["checklist_version"] == 1
        assert stored[new_key]["answers"]["fjernet-punkt"] == {"value": "nej", "note": ""}
        warnings = check_against(parse_answers(json.dumps(stored[new_key])), checklist)
        assert "Ført over: 1 svar (inviter)" in warnings[0].message
    finally:
        context.close()


def _report_table(markdown: str) -> list[list[str]]:
    """The rows (header first) of the per-section table in the command line's report."""
    lines = markdown.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("| Afsnit |"))
    rows = []
    for line in lines[start:]:
        if not line.startswith("|"):
            break
        if not line.startswith("| ---"):
            rows.append([cell.strip() for cell in line.strip("|").split("|")])
    return rows


@pytest.mark.parametrize("name", [MEETING, GRADED])
def test_the_browser_counts_what_the_command_line_counts(browser, site, tmp_path, name):  # noqa: F811
    """One set of numbers: the form's overview (its progress line, its table per section and
    its two lists of what is missing) shows what `handbog tjekliste rapport` reports for the
    same answers, for every value of the scale."""
    from handbog.checklists.engine import evaluate
    from handbog.checklists.model import need_id
    from handbog.checklists.report import assessment_markdown

    checklist = _checklist(name)
    items = [item for _section, item in checklist.items()]
    values = [step.value for step in checklist.scale]
    answer_set = AnswerSet.new(checklist)
    # Every scale value at least once, and every fourth item left unanswered.
    for index, item in enumerate(items):
        if index % 4 != 3:
            answer_set.set(item.id, values[index % len(values)])
    path = tmp_path / f"{name}.json"
    path.write_text(dump_answers(answer_set), encoding="utf-8")
    assessment = evaluate(checklist, answer_set)
    total = assessment.total
    report = _report_table(assessment_markdown(assessment))
    context = browser.new_context()
    try:
        page = _open(context, site, name)
        _import(page, path)
        page.locator("[data-role=status]").filter(has_text="er hentet").wait_for()
        progress = page.locator("[data-role=progress]").inner_text()
        counts = [int(n) for n in re.findall(r"\b\d+\b(?!,)", progress.split("Samlet")[0])]
        expected = [total.answered, total.total, total.done]
        expected += [] if checklist.graded else [total.not_relevant]
        assert counts == [*expected, total.missing, total.unanswered], progress
        table = page.evaluate(
            """() => [...document.querySelectorAll('[data-role=sections] tr')].map(
                row => [...row.cells].map(cell => cell.textContent.trim()))"""
        )
        assert table[1:] == report[1:]  # every section: the same counts, shares and levels
        assert table[0] == report[0]  # and the same columns
        shown = {
            state: [
                href.rsplit("#", 1)[-1]
                for href in page.locator(
                    f"[data-role=missing] ul[data-state={state}] > li > a:first-child"
                ).evaluate_all("links => links.map(a => a.getAttribute('href'))")
            ]
            for state in ("missing", "unanswered")
        }
        assert shown["missing"] == [need_id(checklist, r.item) for r in assessment.unmet()]
        assert shown["unanswered"] == [need_id(checklist, r.item) for r in assessment.unanswered()]
        summary = page.locator("[data-role=missing-count]").inner_text()
        assert f"{len(assessment.unmet())} ikke på plads" in summary
    finally:
        context.close()


# -- The CPR guard while typing (issue 14) ------------------------------------------------------

# Made-up numbers in every format privacy.py lists (day 01, month 01, year 90).
CPR_FORMATS = [
    "0101901234",
    "010190-1234",
    "010190\u20111234",  # non-breaking hyphen
    "010190\u20131234",  # en dash
    "010190 1234",
    "010190/1234",
    "01 01 90 12 34",
    "01.01.90-1234",
    "01-01-90-1234",
]
ORDINARY_NUMBERS = [
    "1.1.2024",
    "01-01-2024",
    "2024-01-01",
    "i 2024",
    "12.500 kr.",
    "+45 12 34 56 78",
    "kl. 12:30",
]


def _risky_prefixes(number: str) -> list[str]:
    """Every beginning of ``number`` with six digits or more."""
    return [
        number[:end]
        for end in range(1, len(number) + 1)
        if sum(ch.isdigit() for ch in number[:end]) >= 6
    ]


def _strings(value) -> list[str]:
    if isinstance(value, str):
        try:
            return [value, *_strings(json.loads(value))]
        except ValueError:
            return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    return []


def _stored_texts(page) -> list[str]:
    """Every string in localStorage: the raw values and every string inside them."""
    return _strings(page.evaluate("() => Object.assign({}, localStorage)"))


def _leaks(texts: list[str], number: str) -> list[str]:
    risky = _risky_prefixes(number)
    return [prefix for prefix in risky if any(prefix in text for text in texts)]


def test_no_keystroke_stores_the_beginning_of_a_cpr_number(browser, site):  # noqa: F811
    checklist = _checklist(MEETING)
    item = next(item for _section, item in checklist.items())
    fields = [_note(MEETING, item.id), f"#hc-{MEETING}-enhed"]
    context = browser.new_context(accept_downloads=True)
    try:
        page = _open(context, site, MEETING)
        for number in CPR_FORMATS:
            for selector in fields:
                field = page.locator(selector)
                field.fill("Barnet har cpr ")
                field.focus()
                page.keyboard.press("End")
                for ch in number:
                    page.keyboard.type(ch)
                    leaks = _leaks(_stored_texts(page), number)
                    assert leaks == [], f"{selector}: {number!r} gemt som {leaks}"
                assert field.input_value() == "Barnet har cpr " + number
                error = page.locator(f"{selector}-fejl")
                assert error.is_visible()
                assert "Gemmes ikke" in error.inner_text()
                assert "CPR-nummer" in error.inner_text()
                assert field.get_attribute("aria-invalid") == "true"
                # the last safe value is what is stored
                stored = json.loads(
                    page.evaluate(
                        "([k]) => localStorage.getItem(k)",
                        [f"handbog-tjekliste:{MEETING}:v{checklist.version}"],
                    )
                )
                kept = (
                    stored["answers"][item.id]["note"]
                    if selector.endswith("-note")
                    else stored["context"]["enhed"]
                )
                assert kept.startswith("Barnet har cpr ")
                assert sum(ch.isdigit() for ch in kept) <= 5, kept
            # export: the file holds neither field's number
            exported = _export(page)
            assert _leaks(_strings(exported), number) == [], number
            assert "ligner et CPR-nummer" in page.inner_text("[data-role=status]")
            # print: without beforeprint the style sheet hides a held field's text ...
            page.emulate_media(media="print")
            for selector in fields:
                fill = page.eval_on_selector(
                    selector, "el => getComputedStyle(el).webkitTextFillColor"
                )
                assert fill == "rgba(0, 0, 0, 0)", (selector, fill)
            page.emulate_media(media="screen")
            # ... and beforeprint puts the last safe value in its place (afterprint back)
            page.evaluate("() => window.dispatchEvent(new Event('beforeprint'))")
            for selector in fields:
                shown = page.locator(selector).input_value()
                assert _leaks([shown], number) == [], (selector, shown)
            page.evaluate("() => window.dispatchEvent(new Event('afterprint'))")
            assert page.locator(fields[0]).input_value().endswith(number)
            # reload: the fields show what was stored, not the number
            page.reload(wait_until="networkidle")
            for selector in fields:
                shown = page.locator(selector).input_value()
                assert _leaks([shown], number) == [], (selector, shown)
    finally:
        context.close()


def test_ordinary_numbers_typed_key_by_key_are_stored(browser, site):  # noqa: F811
    checklist = _checklist(MEETING)
    item = next(item for _section, item in checklist.items())
    key = f"handbog-tjekliste:{MEETING}:v{checklist.version}"
    context = browser.new_context()
    try:
        page = _open(context, site, MEETING)
        for number in ORDINARY_NUMBERS:
            for selector, path in (
                (_note(MEETING, item.id), ("answers", item.id, "note")),
                (f"#hc-{MEETING}-enhed", ("context", "enhed")),
            ):
                field = page.locator(selector)
                field.fill("Mødet ")
                field.focus()
                page.keyboard.press("End")
                page.keyboard.type(number)
                stored = json.loads(page.evaluate("([k]) => localStorage.getItem(k)", [key]))
                for part in path:
                    stored = stored[part]
                assert stored == "Mødet " + number, (selector, stored)
                assert not page.locator(f"{selector}-fejl").is_visible()
                assert field.get_attribute("aria-invalid") is None
    finally:
        context.close()


def test_a_stored_beginning_of_a_cpr_number_is_removed_on_load(browser, site):  # noqa: F811
    """Answers saved by the old form, which stored '…010190-123' while the last digit was
    missing, lose that text when the page opens; the rest stays. In the other copies of the
    checklist (backups, older versions) the digits are masked."""
    checklist = _checklist(MEETING)
    items = [item for _section, item in checklist.items()]
    key = f"handbog-tjekliste:{MEETING}:v{checklist.version}"
    saved = AnswerSet.new(checklist).to_json()
    saved["answers"] = {
        items[0].id: {"value": "ja", "note": "Barnet har cpr 010190-123"},
        items[1].id: {"value": "nej", "note": "Lokalet var for lille."},
    }
    saved["context"] = {"enhed": "01.01.90-12"}
    backup = dict(saved, context={"enhed": "Team 01 01 90 1"})
    context = browser.new_context()
    try:
        page = _open(context, site, MEETING)
        page.evaluate("([k, v]) => localStorage.setItem(k, v)", [key, json.dumps(saved)])
        page.evaluate(
            "([k, v]) => localStorage.setItem(k, v)", [key + ":nulstillet", json.dumps(backup)]
        )
        page.evaluate("([k]) => localStorage.setItem(k, '{ikke json 010190-12')", [key + ":x"])
        page.reload(wait_until="networkidle")
        assert _leaks(_stored_texts(page), "01 01 90 12 34") == []
        assert _leaks(_stored_texts(page), "0101901234") == []
        assert _leaks(_stored_texts(page), "01.01.90-1234") == []
        shown = _shown_answers(page)
        assert shown[items[0].id] == ["ja", ""]
        assert shown[items[1].id] == ["nej", "Lokalet var for lille."]
        assert page.input_value(f"#hc-{MEETING}-enhed") == ""
        assert "slettet fra browseren" in page.inner_text("[data-role=status]")
        kept = json.loads(page.evaluate("([k]) => localStorage.getItem(k)", [key + ":nulstillet"]))
        assert kept["context"]["enhed"] == "Team [fjernet]"  # as "handbog tjekliste rens" masks
        assert kept["answers"][items[1].id]["note"] == "Lokalet var for lille."
    finally:
        context.close()


# -- Storage that tells the truth, undo for Nulstil (issue 14) ---------------------------------

FILL_STORAGE = """() => {
    // Fill the site's storage as other pages and old backups could: chunks of shrinking size
    // until not even one more character fits.
    let size = 1 << 20, n = 0;
    while (size >= 1) {
        try { localStorage.setItem('fyld-' + n++, 'x'.repeat(size)); } catch (e) { size >>= 1; }
    }
}"""


def _stored(page) -> dict:
    return page.evaluate("() => Object.assign({}, localStorage)")


def test_a_full_storage_is_said_and_stays_said(browser, site, tmp_path):  # noqa: F811
    checklist = _checklist(MEETING)
    items = [item for _section, item in checklist.items()]
    key = f"handbog-tjekliste:{MEETING}:v{checklist.version}"
    context = browser.new_context(accept_downloads=True)
    try:
        page = _open(context, site, MEETING)
        page.check(_radio(MEETING, items[0].id, "ja"))
        saved = page.evaluate("([k]) => localStorage.getItem(k)", [key])
        warning = page.locator("[data-role=storage]")
        assert not warning.is_visible()
        page.evaluate(FILL_STORAGE)
        page.fill(_note(MEETING, items[1].id), "Drøftet på teammødet.")
        assert warning.is_visible()
        text = warning.inner_text()
        assert "ikke gemt" in text and "fuldt" in text and "Gem fil nu" in text
        assert page.evaluate("([k]) => localStorage.getItem(k)", [key]) == saved
        # the warning outlives the status line and further answers
        page.check(_radio(MEETING, items[1].id, "nej"))
        assert warning.is_visible()
        # an import while nothing can be stored: shown, and said not to be stored
        other = AnswerSet.new(checklist)
        other.set(items[2].id, "ja")
        path = tmp_path / "svar.json"
        path.write_text(dump_answers(other), encoding="utf-8")
        _import(page, path)
        status = page.locator("[data-role=status]")
        status.filter(has_text="svar.json").wait_for()
        assert "er hentet" not in status.inner_text()
        assert "ikke gemt" in status.inner_text()
        assert _shown_answers(page)[items[2].id] == ["ja", ""]
        assert page.evaluate("([k]) => localStorage.getItem(k)", [key]) == saved
        page.check(_radio(MEETING, items[1].id, "nej"))
        page.fill(_note(MEETING, items[1].id), "Drøftet på teammødet.")
        # "Gem fil nu" saves what the form shows, stored or not
        with page.expect_download() as download:
            warning.get_by_role("button", name="Gem fil nu").click()
        data = json.loads(Path(download.value.path()).read_text(encoding="utf-8"))
        assert data["answers"][items[1].id] == {"value": "nej", "note": "Drøftet på teammødet."}
        # room again: the next change is stored and the warning goes
        page.evaluate(
            "() => Object.keys(localStorage).filter(k => k.startsWith('fyld-'))"
            ".forEach(k => localStorage.removeItem(k))"
        )
        page.check(_radio(MEETING, items[3].id, "ja"))
        assert not warning.is_visible()
        stored = json.loads(page.evaluate("([k]) => localStorage.getItem(k)", [key]))
        assert stored["answers"][items[1].id]["note"] == "Drøftet på teammødet."
    finally:
        context.close()


def test_an_import_the_storage_cannot_hold_changes_nothing(browser, site, tmp_path):  # noqa: F811
    checklist = _checklist(MEETING)
    items = [item for _section, item in checklist.items()]
    key = f"handbog-tjekliste:{MEETING}:v{checklist.version}"
    big = AnswerSet.new(checklist)
    for item in items:
        big.set(item.id, "ja", "Lang note om, hvordan mødet gik. " * 55)  # within the limits
    path = tmp_path / "fuld.json"
    path.write_text(dump_answers(big), encoding="utf-8")
    context = browser.new_context()
    try:
        page = _open(context, site, MEETING)
        _fill_some(page, MEETING, checklist)
        page.evaluate(FILL_STORAGE)
        before, saved = (
            _shown_answers(page),
            page.evaluate("([k]) => localStorage.getItem(k)", [key]),
        )
        _import(page, path)
        status = page.locator("[data-role=status]")
        status.filter(has_text="fuld.json").wait_for()
        text = status.inner_text()
        assert "kan ikke hentes" in text and "Intet er ændret" in text, text
        assert _shown_answers(page) == before
        assert page.evaluate("([k]) => localStorage.getItem(k)", [key]) == saved
        page.reload(wait_until="networkidle")
        assert _shown_answers(page) == before
    finally:
        context.close()


def test_a_browser_that_refuses_storage_is_said_before_the_first_answer(browser, site):  # noqa: F811
    context = browser.new_context()
    # as in a private window of some browsers: storage is there but refuses every write
    context.add_init_script(
        "Storage.prototype.setItem = function () {"
        " throw new DOMException('nej', 'SecurityError'); };"
    )
    try:
        page = _open(context, site, MEETING)
        warning = page.locator("[data-role=storage]")
        assert warning.is_visible()
        assert "tillader ikke" in warning.inner_text()
        first = next(item for _section, item in _checklist(MEETING).items())
        page.check(_radio(MEETING, first.id, "ja"))
        assert warning.is_visible()
        assert "gemt" not in page.inner_text("[data-role=status]")
    finally:
        context.close()


@pytest.mark.parametrize("name", [MEETING, GRADED])
def test_the_storage_warning_is_on_screen_at_the_last_item_of_a_phone(browser, site, name):  # noqa: F811
    """The warning above the form was 4,250 px above the last item on a phone: a short
    reminder of it, with its button, is on screen wherever the reader is in the form, does
    not cover the answer being given, rests after the form at its end, and is not a live
    region that is read out again with every answer."""
    context = browser.new_context(viewport={"width": 390, "height": 844}, accept_downloads=True)
    context.add_init_script(
        "Storage.prototype.setItem = function () {"
        " throw new DOMException('nej', 'SecurityError'); };"
    )
    try:
        page = _open(context, site, name)
        bar = page.locator("[data-role=storage-bar]")
        assert bar.get_attribute("role") is None and bar.get_attribute("aria-live") is None
        assert bar.locator("[role], [aria-live]").count() == 0
        items = page.locator("fieldset.hc-item")
        for item in (items.nth(items.count() // 2), items.last):
            item.evaluate("e => e.scrollIntoView({block: 'center'})")
            item.locator("input[type=radio]").first.check()
            box = bar.bounding_box()
            assert box is not None and 0 <= box["y"] and box["y"] + box["height"] <= 844, box
            assert box["height"] <= 100, box  # one line and a button, not the whole warning
            # the answer being given is not under it
            assert item.locator("input[type=radio]").first.evaluate(
                "r => { const b = r.getBoundingClientRect();"
                " const at = document.elementFromPoint(b.x + b.width / 2, b.y + b.height / 2);"
                " return !at.closest('[data-role=storage-bar]'); }"
            )
        # the page's end: it rests below the last item instead of over it
        page.evaluate("window.scrollTo(0, document.documentElement.scrollHeight)")
        assert (
            bar.bounding_box()["y"]
            >= items.last.bounding_box()["y"] + items.last.bounding_box()["height"]
        )
        with page.expect_download() as download:
            bar.get_by_role("button", name="Gem fil nu").click()
        saved = json.loads(Path(download.value.path()).read_text(encoding="utf-8"))
        assert saved["checklist"] == _checklist(name).id
        # not printed
        page.emulate_media(media="print")
        assert not bar.is_visible()
    finally:
        context.close()


def test_a_too_large_file_is_refused_before_anything_changes(browser, site, tmp_path):  # noqa: F811
    from handbog.checklists.answers import MAX_FILE_BYTES

    checklist = _checklist(MEETING)
    items = [item for _section, item in checklist.items()]
    big = AnswerSet.new(checklist).to_json()
    big["answers"][items[0].id] = {"value": "ja", "note": "Lang note. " * 500_000}  # 5 MB
    path = tmp_path / "stor.json"
    path.write_text(json.dumps(big), encoding="utf-8")
    assert path.stat().st_size > MAX_FILE_BYTES
    context = browser.new_context()
    try:
        page = _open(context, site, MEETING)
        _fill_some(page, MEETING, checklist)
        before, stored = _shown_answers(page), _stored(page)
        _import(page, path)
        status = page.locator("[data-role=status]")
        status.filter(has_text="kan ikke hentes").wait_for()
        text = status.inner_text()
        assert "fylder" in text and "Intet er ændret" in text and len(text) < 300, text
        assert _shown_answers(page) == before
        assert _stored(page) == stored
    finally:
        context.close()


def test_messages_stay_short_whatever_the_file_holds(browser, example_site, tmp_path):  # noqa: F811
    """A file of an older version with thousands of items the form lacks is carried over
    (as on the command line), and the message names a few of them, not all."""
    answers = {f"punkt-{n}": {"value": "ja", "note": ""} for n in range(20_000)}
    data = {
        "format": "handbog-tjeklistesvar",
        "format_version": 1,
        "checklist": "moede",
        "checklist_version": 1,
        "answers": answers,
    }
    path = tmp_path / ("svar-" + "x" * 200 + ".json")  # near the longest name a disk allows
    path.write_text(json.dumps(data), encoding="utf-8")
    context = browser.new_context()
    try:
        page = _open(context, example_site, "moede")
        _import(page, path)
        status = page.locator("[data-role=status]")
        status.filter(has_text="version 1").wait_for()
        text = status.inner_text()
        assert "punkt-0" in text and "og 19995 andre" in text
        assert len(text) < 600, len(text)
        # another checklist's name of any length
        data["checklist"] = "y" * 5000
        path.write_text(json.dumps(data), encoding="utf-8")
        _import(page, path)
        status.filter(has_text="kan ikke hentes").wait_for()
        assert len(status.inner_text()) < 400
    finally:
        context.close()


def test_nulstil_can_be_undone(browser, site):  # noqa: F811
    checklist = _checklist(GRADED)
    context = browser.new_context()
    try:
        page = _open(context, site, GRADED)
        undo = page.locator("[data-action=undo]")
        assert not undo.is_visible()
        _fill_some(page, GRADED, checklist)
        filled = _shown_answers(page)
        page.click("[data-action=reset]")
        assert all(v == [None, ""] for v in _shown_answers(page).values())
        assert "Fortryd" in page.inner_text("[data-role=status]")
        assert undo.is_visible()
        page.reload(wait_until="networkidle")  # the backup survives a reload
        assert undo.is_visible()
        undo.click()
        assert _shown_answers(page) == filled
        assert page.input_value(f"#hc-{GRADED}-enhed") == "Team Øst"
        assert "hentet igen" in page.inner_text("[data-role=status]")
        assert not undo.is_visible()
        page.reload(wait_until="networkidle")
        assert _shown_answers(page) == filled
    finally:
        context.close()


def test_the_overview_is_near_the_top_on_a_phone(browser, site):  # noqa: F811
    context = browser.new_context(viewport={"width": 390, "height": 844})
    try:
        page = _open(context, site, "opstart")
        overview = page.locator(".hc-summary")
        first_item = page.locator("fieldset.hc-item").first
        assert overview.bounding_box()["y"] < first_item.bounding_box()["y"]
        # reachable from the end of the form, and the page never scrolls sideways
        page.locator(".hc-to-summary a").click()
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        rows = page.locator("[data-role=sections] tbody tr")
        assert rows.count() == len(_checklist("opstart").sections)
    finally:
        context.close()


def test_the_round_travels_in_the_file_the_overview_reads(browser, site, tmp_path):  # noqa: F811
    """A round chosen in the form is written as answers format version 2, which the command
    line (and so the overview of many files) reads; a file without a round stays version 1."""
    from handbog.checklists.answers import ROUND_FIELD

    checklist = _checklist(GRADED)
    context = browser.new_context(accept_downloads=True)
    try:
        page = _open(context, site, GRADED)
        _fill_some(page, GRADED, checklist)
        assert _export(page)["format_version"] == 1
        page.select_option(f"#hc-{GRADED}-{ROUND_FIELD}", "efter")
        data = _export(page)
        assert data["format_version"] == 2 and data["context"][ROUND_FIELD] == "efter"
        answer_set = parse_answers(json.dumps(data), "svar.json")
        assert check_against(answer_set, checklist) == []
        assert answer_set.context[ROUND_FIELD] == "efter"
        path = tmp_path / "svar.json"
        path.write_text(json.dumps(data), encoding="utf-8")
        page.click("[data-action=reset]")
        _import(page, path)
        page.locator("[data-role=status]").filter(has_text="er hentet").wait_for()
        assert page.input_value(f"#hc-{GRADED}-{ROUND_FIELD}") == "efter"
        # a round the handbook does not know is refused, and nothing changes
        data["context"][ROUND_FIELD] = "senere"
        path.write_text(json.dumps(data), encoding="utf-8")
        _import(page, path)
        page.locator("[data-role=status]").filter(has_text="kan ikke hentes").wait_for()
        assert "foer, under, efter" in page.inner_text("[data-role=status]")
        assert page.input_value(f"#hc-{GRADED}-{ROUND_FIELD}") == "efter"
    finally:
        context.close()


def test_a_file_with_a_cpr_like_note_opens_masked_and_saves_clean(browser, site, tmp_path):  # noqa: F811
    """The way out of issue 22: a file the overview refuses for a CPR-like note opens in the
    form with that number masked (as 'handbog tjekliste rens' masks it), the form names the
    notes, and the clean copy it saves holds every other answer and note unchanged."""
    checklist = _checklist(MEETING)
    items = [item for _section, item in checklist.items()]
    answer_set = AnswerSet.new(checklist, {"enhed": "Eksempel Kommune, Team Vest"})
    for n, item in enumerate(items):
        answer_set.set(item.id, ["ja", "nej"][n % 2], f"Note {n} om mødet.")
    data = json.loads(dump_answers(answer_set))
    data["answers"][items[1].id]["note"] = f"Ringede til {CPR_LIKE} bagefter."
    data["answers"][items[2].id]["note"] = "Mødet 01.02." + "03 kl. 10."
    path = tmp_path / "afvist.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    expected = {
        item.id: [data["answers"][item.id]["value"], mask_cpr(data["answers"][item.id]["note"])]
        for item in items
    }
    assert expected[items[1].id][1] == "Ringede til [fjernet] bagefter."
    context = browser.new_context(accept_downloads=True)
    try:
        page = _open(context, site, MEETING)
        _import(page, path)
        status = page.locator("[data-role=status]")
        status.filter(has_text="afvist.json").wait_for()
        said = status.inner_text()
        assert "er hentet" in said and "CPR-nummer" in said and "Gem fil" in said, said
        assert items[1].id in said and items[2].id in said and items[0].id not in said, said
        assert "hc-status-error" in (status.get_attribute("class") or "")
        assert _shown_answers(page) == expected
        body = page.inner_text("body")
        assert CPR_LIKE not in body and "01.02.03" not in body
        clean = _export(page)
        assert {k: [a["value"], a["note"]] for k, a in clean["answers"].items()} == expected
        assert clean["context"]["enhed"] == "Eksempel Kommune, Team Vest"
        assert CPR_LIKE not in json.dumps(clean)
        # the command line takes the clean copy as it is
        clean_path = tmp_path / "ren.json"
        clean_path.write_text(json.dumps(clean, ensure_ascii=False), encoding="utf-8")
        assert check_against(parse_answers(clean_path.read_text("utf-8")), checklist) == []
        page.reload(wait_until="networkidle")
        assert _shown_answers(page) == expected
    finally:
        context.close()
    fresh = browser.new_context()
    try:
        page = _open(fresh, site, MEETING)
        _import(page, clean_path)
        status = page.locator("[data-role=status]")
        status.filter(has_text="ren.json").wait_for()
        assert "CPR-nummer" not in status.inner_text()
        assert _shown_answers(page) == expected
    finally:
        fresh.close()
