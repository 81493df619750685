"""The architecture page's lists come from the running build, so they cannot go stale."""

from __future__ import annotations

from pathlib import Path

import pytest

import handbog
from handbog.architecture import RUN_ORDER, handlers_in_order


@pytest.mark.sphinx("html", testroot="arkitektur")
def test_build_steps_list_every_handler_of_the_handbook_once_in_running_order(app):
    app.build()
    assert app.warning.getvalue().strip() == ""
    steps = handlers_in_order(app.events)
    registered = [
        (event, listener.handler)
        for event, listeners in app.events.listeners.items()
        for listener in listeners
        if (getattr(listener.handler, "__module__", None) or "").startswith("handbog")
    ]
    assert sorted(map(repr, registered)) == sorted(repr((e, h)) for e, _p, h in steps)
    events = list(dict.fromkeys(event for event, _p, _h in steps))
    known = [e for e in events if e in RUN_ORDER]
    assert known == sorted(known, key=RUN_ORDER.index)
    for event in events:
        priorities = [p for e, p, _h in steps if e == event]
        assert priorities == sorted(priorities), event
    html = (Path(app.outdir) / "index.html").read_text("utf-8")
    assert "handbog.checks.rereading._outdated" in html
    assert f"{len(steps)} funktioner på {len(events)} hændelser" in html


@pytest.mark.sphinx("html", testroot="arkitektur")
def test_package_parts_list_every_module_of_the_installed_package(app):
    app.build()
    html = (Path(app.outdir) / "index.html").read_text("utf-8")
    root = Path(handbog.__file__).parent
    for path in root.rglob("*.py"):
        name = ".".join(("handbog", *path.relative_to(root).with_suffix("").parts))
        assert f">{name.removesuffix('.__init__')}<" in html, name
    # docstrings are shown as text, without reStructuredText markup
    assert ":class:" not in html and "``" not in html
    # in English, and marked so: for a screen reader, and for the one quotation style of the
    # Danish text (an English quotation keeps its own marks, issue 23)
    assert html.count('<span lang="en">') >= len(list(root.rglob("*.py"))) - 1
