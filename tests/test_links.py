"""Markdown links between pages: a link to a page or a heading that does not exist fails the
build with one Danish message at its line, with the nearest page or anchor.

MyST's own warning for these (``myst.xref_missing``) is suppressed (handbog.messages.REPLACED);
these tests show the handbook's check still catches what MyST caught, also a heading anchor
on another page (issue 21: that one once built without a word).
"""

from __future__ import annotations

import pytest
from test_editor_messages import _append, _build, _line_of, _one_message, _project


def test_the_sound_links_build_without_a_word(make_app, rootdir, tmp_path):
    """Links to another page's headings, to its page and to this page's heading resolve."""
    src = _project(rootdir, tmp_path, "links")
    status, lines, text = _build(make_app, src)
    assert (status, lines) == (0, []), text
    html = (src / "_build" / "html" / "index.html").read_text("utf-8")
    assert 'href="kerneelementer/kompetencer.html#faglig-begrundelse"' in html


#: (what the editor writes, what the message says is wrong, the nearest valid name)
BROKEN_LINKS = [
    pytest.param(
        "[x](kerneelementer/kompetencer.md#no-such-heading)",
        "ankeret findes ikke på kerneelementer/kompetencer.md",
        "",
        id="anchor-on-another-page",
    ),
    pytest.param(
        "[x](kerneelementer/kompetencer.md#faglig-begrundlse)",
        "ankeret findes ikke på kerneelementer/kompetencer.md",
        " Mente du 'faglig-begrundelse'?",
        id="misspelt-anchor-on-another-page",
    ),
    pytest.param(
        "[x](kerneelementer/../kerneelementer/kompetencer.md#maalgruppe)",
        "ankeret findes ikke på kerneelementer/kompetencer.md",
        " Mente du 'målgruppe'?",
        id="anchor-on-another-page-by-a-relative-path",
    ),
    pytest.param(
        "[x](#om-sidn)",
        "ankeret findes ikke på siden",
        " Mente du 'om-siden'?",
        id="anchor-on-the-same-page",
    ),
    pytest.param(
        "[x](kerneelementer/kompetence.md)",
        "siden findes ikke",
        " Mente du 'kerneelementer/kompetencer'?",
        id="missing-page",
    ),
    pytest.param(
        "[x](kerneelementer/kompetence.md#maalgruppe)",
        "siden findes ikke",
        " Mente du 'kerneelementer/kompetencer'?",
        id="missing-page-with-an-anchor",
    ),
]


@pytest.mark.parametrize(("link", "what", "hint"), BROKEN_LINKS)
def test_a_broken_link_is_one_danish_message_at_its_line(
    make_app, rootdir, tmp_path, link, what, hint
):
    src = _project(rootdir, tmp_path, "links")
    page = src / "index.md"
    _append(page, f"\nEn sætning før.\nOg et link: {link} her.\n")
    message = _one_message(make_app, src, "link-ukendt", "index.md", _line_of(page, link))
    target = link.split("](", 1)[1].rstrip(")").lstrip("#")
    assert f"linket til {target!r} virker ikke: {what}.{hint} Ret linket" in message


def test_two_uses_of_one_broken_anchor_are_one_message(make_app, rootdir, tmp_path):
    src = _project(rootdir, tmp_path, "links")
    page = src / "index.md"
    link = "[x](kerneelementer/kompetencer.md#faglig-begrundlse)"
    _append(page, f"\nFørst {link}.\n\nSå igen {link}.\n")
    message = _one_message(make_app, src, "link-ukendt", "index.md", _line_of(page, "Først"))
    assert f"1 andet sted bruger det samme: index.md:{_line_of(page, 'Så igen')}" in message
