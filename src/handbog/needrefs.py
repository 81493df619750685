"""A link from a page to a need: the one place that knows a need's address.

A need's anchor is its ID on the page that defines it (sphinx-needs puts ``id="PR_…"`` on the
box), so the address is the page's URI relative to the linking page plus ``#`` and the ID.
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
