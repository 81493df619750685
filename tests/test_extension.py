"""The handbog Sphinx extension on tiny example projects (sphinx.testing fixtures).

Each broken project must fail with a message that names the file, the need ID and the fix.
"""

from __future__ import annotations

import pytest


def _warnings(app) -> str:
    return app.warning.getvalue() if hasattr(app, "warning") else app._warning.getvalue()


@pytest.mark.sphinx("html", testroot="ok")
def test_sound_project_builds_without_warnings(app):
    app.build()
    assert _warnings(app).strip() == ""
    html = (app.outdir / "index.html").read_text("utf-8")
    assert "PR_TEST" in html
    assert "KI_HANSEN2020" in html  # generated from refs.bib by {kildeliste}
    assert "Hansen" in html and "2020" in html


@pytest.mark.sphinx("html", testroot="praksis-uden-kilde")
def test_practice_without_source_names_file_id_and_fix(app):
    app.build()
    warnings = _warnings(app)
    line = next(line for line in warnings.splitlines() if "PR_UDEN_KILDE" in line)
    assert "index.md" in line
    assert "bygger_paa" in line and "kilde" in line
    assert "PR_BRUGER" not in warnings


@pytest.mark.sphinx("html", testroot="ukendt-id")
def test_link_to_unknown_id_names_file_and_id(app):
    app.build()
    warnings = _warnings(app)
    line = next(line for line in warnings.splitlines() if "KI_FINDES_IKKE" in line)
    assert "index.md" in line
    assert "PR_UKENDT" in line


@pytest.mark.sphinx("html", testroot="dublet-id")
def test_duplicate_id_names_both_files(app):
    app.build()
    warnings = _warnings(app)
    lines = [line for line in warnings.splitlines() if "PR_DUBLET" in line]
    assert lines, warnings
    # The warning stands at one place and names the other ("defined at anden:7").
    assert any("index.md" in line and "anden" in line.split("index.md", 1)[1] for line in lines)


@pytest.mark.sphinx("html", testroot="forkert-maal")
def test_checklist_item_may_not_check_a_source(app):
    app.build()
    warnings = _warnings(app)
    line = next(line for line in warnings.splitlines() if "TJ_FORKERT" in line)
    assert "KI_INTERVIEWS" in line
    assert "index.md" in line


@pytest.mark.sphinx("html", testroot="haandskrevet-litteratur")
def test_hand_written_literature_source_is_refused(app):
    app.build()
    line = next(line for line in _warnings(app).splitlines() if "KI_HAANDSKREVET" in line)
    assert "litteratur.bib" in line
