"""A link from a page to a need: the one place that knows a need's address, and how its ID is shown.

A need's anchor is its ID on the page that defines it (sphinx-needs puts ``id="PR_…"`` on the
box), so the address is the page's URI relative to the linking page plus ``#`` and the ID.
Where a list shows a need to readers, the title is the link and the ID a quiet handle beside
it (:func:`titled`): readers can still quote and search an ID, but it does not shout.
"""

from __future__ import annotations

from typing import Any

from docutils import nodes


def need_uri(builder: Any, fromdoc: str, need: Any) -> str:
    return f"{builder.get_relative_uri(fromdoc, need['docname'])}#{need['id']}"


def need_reference(
    builder: Any,
    fromdoc: str,
    need: Any,
    text: str,
    title: str | None = None,
    classes: list[str] | None = None,
) -> nodes.reference:
    """A reference node to ``need`` showing ``text``; the tooltip is ``title`` or its title."""
    ref = nodes.reference(
        "",
        "",
        internal=True,
        refuri=need_uri(builder, fromdoc, need),
        reftitle=title or need["title"],
        classes=classes or [],
    )
    ref += nodes.Text(text)
    return ref


def quiet_id(need_id: str) -> nodes.inline:
    """A need ID as a quiet handle: small, copyable, kept whole, never hyphenated (the
    stylesheets style ``handbog-id``; the search leaves it out of its snippets)."""
    return nodes.inline("", need_id, classes=["handbog-id"])


def titled(
    builder: Any, fromdoc: str, need: Any, classes: list[str] | None = None
) -> list[nodes.Node]:
    """A need as a reader meets it in a list: its title as the link, its ID beside it."""
    if not need.get("docname"):
        return [nodes.Text(need["title"] + " "), quiet_id(need["id"])]
    return [
        need_reference(builder, fromdoc, need, need["title"], need["id"], classes),
        nodes.Text(" "),
        quiet_id(need["id"]),
    ]
