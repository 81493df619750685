"""No personal data in the handbook's own sources: a CPR-like number in a page, a checklist or a
glossary term stops the build (and `handbog … valider`) at its file and line. The numbers here
are made up and fit no real person (day 01, serial 0000)."""

from __future__ import annotations

import pytest


@pytest.mark.sphinx("html", testroot="cpr-side")
def test_a_cpr_like_number_on_a_page_stops_the_build_at_its_line(app):
    app.build()
    warnings = [w for w in app._warning.getvalue().splitlines() if "CPR" in w]
    assert len(warnings) == 1, warnings
    assert "index.md:3:" in warnings[0] and "kolonne 46" in warnings[0]
    assert "personoplysninger" in warnings[0]


def test_a_cpr_like_number_in_a_data_file_is_a_problem_at_its_line(tmp_path):
    from handbog.data.core import read_yaml
    from handbog.glossary.data import DATA_FORMAT

    path = tmp_path / "begreb.yaml"
    path.write_text(
        f"{DATA_FORMAT.schema_comment}\nterm: eksempel\ndefinition: Fx 01.01.90-0000.\n",
        encoding="utf-8",
    )
    _data, problems = read_yaml(path, DATA_FORMAT)
    assert [(p.line, p.column) for p in problems] == [(3, 16)]
    assert "CPR-nummer" in problems[0].message
