"""A saved answers file is named after its unit, period, round and date, in the form as by
'udfyld' (answers.file_name; the form reads the rule from the contract): files of many units
then never come out as one name and its »(1)« copies. Typed into the form key by key, as a
user does, and saved with »Gem fil«.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from browser_support import browser, site  # noqa: F401 - pytest fixtures

from handbog.checklists.answers import PERIOD_FIELD, ROUND_FIELD, file_name

pytestmark = pytest.mark.browser

GRADED = "forudsaetninger"


@pytest.mark.parametrize(
    ("unit", "period", "phase", "day"),
    [
        ("Børnehuset Solsikken", "2026/27", "foer", "2026-09-01"),
        ("Nordskolen, indskolingen", "", "efter", "2027-06-10"),
        ("Ø", "2026", "", "2026-01-15"),
    ],
)
def test_the_form_names_the_file_as_udfyld_does(browser, site, unit, period, phase, day):  # noqa: F811
    context = browser.new_context(accept_downloads=True)
    try:
        page = context.new_page()
        page.on("dialog", lambda dialog: dialog.accept())
        page.goto(f"{site}tjeklister/{GRADED}.html", wait_until="networkidle")
        page.locator(f"#hc-{GRADED}-enhed").press_sequentially(unit)
        if period:
            page.locator(f"#hc-{GRADED}-{PERIOD_FIELD}").press_sequentially(period)
        if phase:
            page.select_option(f"#hc-{GRADED}-{ROUND_FIELD}", phase)
        page.fill(f"#hc-{GRADED}-dato", day)
        with page.expect_download() as download:
            page.click("[data-action=export]")
        data = json.loads(Path(download.value.path()).read_text(encoding="utf-8"))
        expected = file_name(GRADED, data["context"])
        assert download.value.suggested_filename == expected
        assert data["context"]["enhed"] == unit and data["context"].get(PERIOD_FIELD, "") == period
        assert data["format_version"] == (3 if period else 2 if phase else 1)
    finally:
        context.close()
