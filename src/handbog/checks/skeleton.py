"""The page skeleton: every core-element and prerequisite page has the same sections, in order."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from docutils import nodes

from handbog import compat, model
from handbog.messages import warn

if TYPE_CHECKING:
    from sphinx.application import Sphinx

#: The sections of every core-element and prerequisite page, in this order (DESIGN.md,
#: docs/_templates/kerneelement-side.md). ``handbog_page_skeleton`` in conf.py.
SKELETON = (
    "Definition",
    "Faglig begrundelse",
    "Praksisbeskrivelse",
    "Hjælperedskaber",
    "Sammenhæng med resten af modellen",
    "Tjeklister",
    "Kilder",
)


# -- Page skeletons ------------------------------------------------------------------------------


def skeleton_problems(
    titles: Sequence[tuple[str, int | None]], skeleton: Sequence[str] = SKELETON
) -> list[tuple[str, int | None, dict[str, str]]]:
    """The page's level-2 headings (title, line) against the skeleton: every one there, in
    order; other headings between them are allowed. (message key, line, values)."""
    names = [t for t, _line in titles]
    order = " → ".join(skeleton)
    found: list[tuple[str, int | None, dict[str, str]]] = []
    missing = [wanted for wanted in skeleton if wanted not in names]
    if missing:
        found.append(
            (
                "skelet-mangler",
                None,
                {
                    "noun": "overskriften" if len(missing) == 1 else "overskrifterne",
                    "names": ", ".join(f"'## {m}'" for m in missing),
                    "order": order,
                },
            )
        )
    position = -1
    for wanted in (w for w in skeleton if w in names):
        index = names.index(wanted)
        if index < position:
            found.append(("skelet-orden", titles[index][1], {"title": wanted, "order": order}))
        position = max(position, index)
    return found


def h2_sections(doctree: nodes.document) -> list[tuple[str, int | None]]:
    """The titles of the sections right below the page title, with their lines."""
    found = []
    for top in (c for c in doctree.children if isinstance(c, nodes.section)):
        for section in (c for c in top.children if isinstance(c, nodes.section)):
            title = section.next_node(nodes.title)
            if title is not None:
                found.append((" ".join(title.astext().split()), title.line or section.line))
    return found


def check_skeleton(app: Sphinx, doctree: nodes.document) -> None:
    skeleton = app.config.handbog_page_skeleton
    if not skeleton:
        return
    docname = app.env.docname
    info = model.of_app(app)
    elements = [
        n
        for n in compat.needs_after_reading(app).values()
        if n.get("docname") == docname and n["type"] in info.element_types
    ]
    if not elements:
        return
    need = min(elements, key=lambda n: n.get("lineno") or 0)
    for key, line, values in skeleton_problems(h2_sections(doctree), skeleton):
        warn(key, (docname, line or need.get("lineno")), need_id=need["id"], **values)
