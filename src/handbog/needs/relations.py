"""»Sammenhæng med resten af modellen«: the boxes on an element's page, made from the needs.

An element's page ends with two cards: the prerequisites a core element rests on (or the core
elements a prerequisite supports), and the elements of its own kind it is connected with. Both
lists come from the model, so a page cannot claim a link the model lacks::

    ```{sammenhaeng} KE_FORAELDRESAMARBEJDE
    - FO_UDEN_MYNDIGHED: uden myndighed tør forældrene mere.
    - KE_SAMARBEJDSRELATIONER: fagfolkenes respekt for hinanden styrker tilliden.
    ```

The editor writes only why each link matters. A prerequisite and a core element are linked
by ``understoetter``; two elements of one kind by ``haenger_sammen_med`` (the report's own
cross-references, in either direction) or by a practice or tool that realises both. A line
for an element the model does not link fails the build, unless the whole line is marked as
the handbook's own addition: then the reader sees it as one. A linked element without a line
is listed all the same, with the practices it shares when there are any.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx.util.docutils import SphinxDirective
from sphinx_needs.api import get_needs_view

from handbog import messages
from handbog.literature.additions import CLASS as ADDITION_CLASS
from handbog.model import Model, of_app
from handbog.needs.needrefs import titled
from handbog.needs.views import note_view_page

if TYPE_CHECKING:
    from sphinx.application import Sphinx

#: The link between two elements of one kind that the report makes itself.
SAME_KIND_LINK = "haenger_sammen_med"
#: The link from a prerequisite to the core elements it supports.
SUPPORT_LINK = "understoetter"

#: The cards' headings, by the page's element type: (the other kind, the same kind).
HEADINGS: dict[str, tuple[str, str]] = {
    "kerneelement": ("Forudsætninger, det hviler på", "Kerneelementer, det hænger sammen med"),
    "forudsaetning": (
        "Kerneelementer, forudsætningen understøtter",
        "Forudsætninger, den hænger sammen med",
    ),
}
#: What an empty card says: the model has no such link, which is information for the reader.
EMPTY: dict[str, tuple[str, str]] = {
    "kerneelement": (
        "Rapporten knytter ingen af forudsætningerne direkte til dette kerneelement.",
        "Rapporten forbinder ikke selv dette kerneelement med et andet.",
    ),
    "forudsaetning": (
        "Rapporten knytter ikke forudsætningen til et bestemt kerneelement.",
        "Rapporten forbinder ikke selv denne forudsætning med en anden.",
    ),
}


class relation_list(nodes.General, nodes.Element):  # noqa: N801 (docutils node naming)
    """A card's list, filled in when every need is known (``element``, ``card``: 0 or 1)."""


class relation_note(nodes.General, nodes.Element):  # noqa: N801 (docutils node naming)
    """The editor's words on why one link matters (``target``), with their source line."""


class RelationsDirective(SphinxDirective):
    """``{sammenhaeng} KE_…``: the two cards, with the editor's reasons as ``- ID: tekst``."""

    required_arguments = 1
    has_content = True

    def run(self) -> list[nodes.Node]:
        element = self.arguments[0].strip()
        kind = of_app(self.env.app).type_of_id(element)
        if kind is None or kind.name not in HEADINGS:
            raise self.error(
                f"sammenhaeng {element}: skriv ID'et på en forudsætning (FO_…) eller et "
                "kerneelement (KE_…)."
            )
        note_view_page(self.env, self.env.docname)
        notes = self._notes()
        first, second = HEADINGS[kind.name]
        # sphinx-design draws the cards, from the markup an editor would write (backtick
        # fences: they need no MyST extension that a project might not enable)
        grid = self.parse_text_to_nodes(
            "````{grid} 1 1 2 2\n:gutter: 2\n\n"
            f"```{{grid-item-card}} {first}\nPLADSHOLDER\n```\n\n"
            f"```{{grid-item-card}} {second}\nPLADSHOLDER\n```\n````\n"
        )
        holders = [
            p for node in grid for p in node.findall(nodes.paragraph) if p.astext() == "PLADSHOLDER"
        ]
        for card, holder in enumerate(holders):
            placeholder = relation_list(element=element, card=card)
            self.set_source_info(placeholder)
            placeholder += notes
            holder.replace_self(placeholder)
            notes = []  # every note sits once in the doctree, under the first card
        return grid

    def _notes(self) -> list[relation_note]:
        found: list[relation_note] = []
        for node in self.parse_content_to_nodes():
            items = node.findall(nodes.list_item) if isinstance(node, nodes.bullet_list) else []
            for item in items:
                found.append(self._note(item))
            if not isinstance(node, nodes.bullet_list):
                raise self.error(
                    f"sammenhaeng {self.arguments[0]}: skriv hver begrundelse som et punkt, "
                    "»- KE_…: tekst«."
                )
        return found

    def _note(self, item: nodes.list_item) -> relation_note:
        paragraph = item.next_node(nodes.paragraph)
        first = paragraph.next_node(nodes.Text) if paragraph is not None else None
        target, _colon, rest = str(first or "").partition(":")
        if paragraph is None or first is None or not _colon or " " in target.strip():
            raise self.error(
                f"sammenhaeng {self.arguments[0]}: et punkt begynder ikke med et ID og kolon, "
                f"fx »- FO_UDEN_MYNDIGHED: …« ({item.astext()[:40]!r})."
            )
        first.parent.replace(first, nodes.Text(rest.lstrip()))
        note = relation_note(target=target.strip())
        note.source, note.line = item.source, item.line or self.lineno
        note += paragraph.children
        return note


def related(model: Model, needs: Any, element: Any) -> tuple[list[str], dict[str, list[str]]]:
    """The elements of the other kind linked by ``understoetter``, and those of the same
    kind, each with the practices and tools that realise both (empty: the report's own
    cross-reference)."""
    element_id = element["id"]
    if element["type"] == "forudsaetning":
        other = [i for i in element.get(SUPPORT_LINK) or [] if i in needs]
    else:
        other = [i for i, n in needs.items() if element_id in (n.get(SUPPORT_LINK) or [])]
    same: dict[str, list[str]] = {}
    for target in element.get(SAME_KIND_LINK) or []:
        same.setdefault(target, [])
    for need_id, need in needs.items():
        if element_id in (need.get(SAME_KIND_LINK) or []):
            same.setdefault(need_id, [])
    for need_id, need in needs.items():
        if need["type"] not in model.practice_types:
            continue
        realised = need.get("realiserer") or []
        if element_id in realised:
            for target in realised:
                # an unknown ID is reported by the link check; it links nothing here
                if (
                    target != element_id
                    and target in needs
                    and needs[target]["type"] == element["type"]
                ):
                    same.setdefault(target, []).append(need_id)
    same = {i: same[i] for i in sorted(same) if i in needs and needs[i]["type"] == element["type"]}
    return sorted(other), same


def _page_link(app: Sphinx, fromdoc: str, need: Any) -> nodes.Node:
    docname = need["docname"]
    title = app.env.titles[docname].astext() if docname in app.env.titles else need["title"]
    return nodes.reference(
        "", title, internal=True, refuri=app.builder.get_relative_uri(fromdoc, docname)
    )


def _is_addition(note: relation_note) -> bool:
    content = [c for c in note.children if not (isinstance(c, nodes.Text) and not c.strip())]
    return (
        len(content) == 1
        and isinstance(content[0], nodes.inline)
        and ADDITION_CLASS in content[0]["classes"]
    )


def _entries(
    app: Sphinx,
    fromdoc: str,
    needs: Any,
    linked: Iterable[str],
    shared: dict[str, list[str]],
    notes: dict[str, relation_note],
) -> nodes.bullet_list:
    listing = nodes.bullet_list()
    for target in linked:
        paragraph = nodes.paragraph()
        paragraph += _page_link(app, fromdoc, needs[target])
        note = notes.get(target)
        if note is not None:
            paragraph += nodes.Text(": ")
            paragraph += note.children
        elif shared.get(target):
            paragraph += nodes.Text(": begge realiseres af ")
            for n, practice in enumerate(shared[target]):
                paragraph += nodes.Text(", " if n else "")
                paragraph += titled(app.builder, fromdoc, needs[practice])
            paragraph += nodes.Text(".")
        listing += nodes.list_item("", paragraph)
    return listing


def resolve(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    placeholders = list(doctree.findall(relation_list))
    if not placeholders:
        return
    needs = get_needs_view(app)
    model = of_app(app)
    notes = {n["target"]: n for p in placeholders for n in p.findall(relation_note)}
    by_element: dict[str, list[relation_list]] = {}
    for placeholder in placeholders:
        by_element.setdefault(placeholder["element"], []).append(placeholder)
    for element_id, cards in by_element.items():
        element = needs.get(element_id)
        if element is None:
            messages.warn("sammenhaeng-ukendt", cards[0], target=element_id)
            for card in cards:
                card.replace_self(nodes.paragraph())
            continue
        other, same = related(model, needs, element)
        known = set(other) | set(same)
        additions = []
        for target, note in notes.items():
            if target in known:
                continue
            if target in needs and _is_addition(note):
                additions.append(target)
                continue
            messages.warn(
                "sammenhaeng-uden-link",
                (docname, note.line),
                element=element_id,
                target=target,
            )
        for card in cards:
            linked = other if card["card"] == 0 else list(same)
            kind = element["type"]
            if card["card"] == 1:
                linked += [t for t in additions if needs[t]["type"] == kind]
            else:
                linked += [t for t in additions if needs[t]["type"] != kind]
            if linked:
                card.replace_self(_entries(app, docname, needs, linked, same, notes))
            else:
                card.replace_self(nodes.paragraph(text=EMPTY[kind][card["card"]]))


def setup(app: Sphinx) -> None:
    app.add_node(relation_list)
    app.add_node(relation_note)
    app.add_directive("sammenhaeng", RelationsDirective)
    app.connect("doctree-resolved", resolve)
