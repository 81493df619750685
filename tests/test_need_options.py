"""sphinx-needs' own options of a need block (handbog.checks.needs.NEEDS_OPTIONS) are what
sphinx-needs accepts: the list is short and kept by hand, because sphinx-needs has no public
list of them, so this test holds it against the installed sphinx-needs both ways."""

from __future__ import annotations

import io
import re

from sphinx_needs.data import NeedsCoreFields
from test_editor_messages import _append, _project

from handbog.checks import needs

#: A value each option takes without another complaint (a layout or template that exists).
VALUES = {"collapse": "false", "hide": "false", "jinja_content": "false", "delete": "false"}
#: The list as the package has it (the test widens it while it runs).
OWN = needs.NEEDS_OPTIONS
#: Every name that might be an option: sphinx-needs' core fields (most of which it fills
#: itself), the package's list, and the options sphinx-needs reads before the others.
_CANDIDATES = sorted(set(NeedsCoreFields) | OWN | {"title_from_content"})


def _refused(make_app, rootdir, tmp_path, monkeypatch) -> set[str]:
    """The options sphinx-needs itself calls unknown, of every candidate."""
    monkeypatch.setattr(needs, "NEEDS_OPTIONS", frozenset(_CANDIDATES))
    src = _project(rootdir, tmp_path)
    for n, name in enumerate(_CANDIDATES):
        if name in ("id", "layout", "template", "pre_template", "post_template", "style"):
            continue  # accepted below by what they do, not by a value that may not exist
        value = VALUES.get(name, "x")
        _append(
            src / "index.md",
            f"\n```{{kerneelement}} Prøve {n}\n:id: KE_PROEVE{n}\n:{name}: {value}\n```\n",
        )
    warning = io.StringIO()
    app = make_app("html", srcdir=src, freshenv=True, warning=warning)
    app.build()
    text = re.sub(r"\x1b\[[0-9;]*m", "", warning.getvalue())
    assert "Traceback" not in text
    return set(re.findall(r"Unknown option '([\w-]+)'", text))


def test_the_hand_kept_options_are_what_sphinx_needs_accepts(
    make_app, rootdir, tmp_path, monkeypatch
):
    refused = _refused(make_app, rootdir, tmp_path, monkeypatch)
    tested = {c for c in _CANDIDATES if c not in ("layout", "template", "pre_template")}
    tested -= {"post_template", "style", "id"}
    accepted = tested - refused
    assert OWN & tested == accepted, (sorted((OWN & tested) - accepted), sorted(accepted - OWN))
