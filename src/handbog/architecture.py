"""The developers' page on the build, made from the running extension itself.

``{byggetrin}`` lists the handbook's event handlers in the order Sphinx calls them, from what
is registered in the running application; ``{pakkens-dele}`` lists the package's modules with
the first line of each docstring, from the installed package. So the architecture page
(docs/projekt/arkitektur.md) cannot describe a build or a tree that no longer exists.
"""

from __future__ import annotations

import ast
import inspect
import re
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx.events import EventManager
from sphinx.util.docutils import SphinxDirective

if TYPE_CHECKING:
    from sphinx.application import Sphinx

#: Sphinx's events in the order an HTML build fires them (sphinx.events.core_events, with the
#: HTML builder's own events where they happen: page context per page, extra pages at the
#: end). Events of other packages that the handbook listens to follow, in registration order.
RUN_ORDER: tuple[str, ...] = (
    "config-inited",
    "builder-inited",
    "env-get-outdated",
    "env-before-read-docs",
    "env-purge-doc",
    "source-read",
    "include-read",
    "doctree-read",
    "env-merge-info",
    "env-updated",
    "env-get-updated",
    "env-check-consistency",
    "write-started",
    "doctree-resolved",
    "missing-reference",
    "warn-missing-reference",
    "html-page-context",
    "html-collect-pages",
    "build-finished",
)

#: What each phase of the build is for, in the editor's words (the list's group headings).
PHASES: dict[str, str] = {
    "config-inited": "Opsætning",
    "env-get-outdated": "Læsning af siderne",
    "env-updated": "Når alle sider er læst",
    "write-started": "Skrivning af siderne",
    "build-finished": "Til sidst",
}


def _own(handler: Callable[..., Any]) -> bool:
    return (getattr(handler, "__module__", None) or "").startswith("handbog")


def _name(handler: Callable[..., Any]) -> str:
    return f"{handler.__module__}.{getattr(handler, '__qualname__', repr(handler))}"


def _summary(obj: object) -> str:
    # The handler's own docstring only: inspect.getdoc() would show a collector method's
    # inherited upstream text, which says nothing about what the handbook does there.
    own = getattr(obj, "__doc__", None)
    return _first_paragraph(inspect.cleandoc(own)) if own else ""


def _first_paragraph(doc: str) -> str:
    """The docstring's first paragraph as plain text: the page is read, not the source."""
    text = doc.strip().split("\n\n", 1)[0].replace("\n", " ")
    text = re.sub(r":\w+:`~?\.?([^`]+)`", r"\1", text)  # :class:`~.model.Checklist`
    return text.replace("``", "")


def handlers_in_order(events: EventManager) -> list[tuple[str, int, Callable[..., Any]]]:
    """(event, priority, handler) for every handler of the handbook, in the order they run."""
    # EventManager.listeners is the registry Sphinx itself emits from (sorted by priority,
    # then by registration); reading it shows exactly what runs.
    listeners = events.listeners
    order = list(RUN_ORDER) + [e for e in listeners if e not in RUN_ORDER]
    found: list[tuple[str, int, Callable[..., Any]]] = []
    for event in order:
        own = [lst for lst in listeners.get(event, []) if _own(lst.handler)]
        found += [(event, lst.priority, lst.handler) for lst in sorted(own, key=_priority)]
    return found


def _priority(listener: Any) -> int:
    return int(listener.priority)


def _literal(text: str) -> nodes.literal:
    return nodes.literal(text, text)


def _english(text: str) -> nodes.inline:
    """A docstring's words, marked as English (``lang="en"``: docutils writes the class
    ``language-en`` as the attribute), so that a screen reader reads them as English and the
    quotation check lets them keep English quotation marks."""
    return nodes.inline(text, text, classes=["language-en"])


def _item(*parts: nodes.Node | str) -> nodes.list_item:
    paragraph = nodes.paragraph()
    for part in parts:
        paragraph += nodes.Text(part) if isinstance(part, str) else part
    return nodes.list_item("", paragraph)


class BuildStepsDirective(SphinxDirective):
    """``{byggetrin}``: the handbook's event handlers, grouped by phase, in running order."""

    has_content = False

    def run(self) -> list[nodes.Node]:
        steps = handlers_in_order(self.env.events)
        events = list(dict.fromkeys(event for event, _p, _h in steps))
        priorities = sorted({priority for _e, priority, _h in steps})
        intro = nodes.paragraph(
            text=f"Håndbogen har {len(steps)} funktioner på {len(events)} hændelser, "
            f"ordnet med {len(priorities)} forskellige prioriteter "
            f"({', '.join(str(p) for p in priorities)}; Sphinx' standard er 500, og et lavere "
            "tal kører først)."
        )
        result: list[nodes.Node] = [intro]
        listing = nodes.bullet_list()
        for event in events:
            if event in PHASES:
                result += [listing, nodes.rubric(text=PHASES[event])]
                listing = nodes.bullet_list()
            inner = nodes.bullet_list()
            for handler_event, priority, handler in steps:
                if handler_event == event:
                    summary = _summary(handler)
                    described = (": ", _english(summary)) if summary else ()
                    inner += _item(_literal(_name(handler)), f" ({priority})", *described)
            entry = _item(_literal(event))
            entry += inner
            listing += entry
        result.append(listing)
        return [node for node in result if not isinstance(node, nodes.bullet_list) or node]


class PartsDirective(SphinxDirective):
    """``{pakkens-dele}``: the package's modules, folder by folder, with what each is for."""

    has_content = False

    def run(self) -> list[nodes.Node]:
        root = Path(__file__).parent
        listing = nodes.bullet_list()
        for path in sorted(root.rglob("*.py"), key=lambda p: (p.parent != root, p.parts)):
            name = ".".join(("handbog", *path.relative_to(root).with_suffix("").parts))
            name = name.removesuffix(".__init__")
            # The docstring is read from the source, not by importing: the PDF modules import
            # WeasyPrint, which the HTML build otherwise never loads.
            tree = ast.parse(path.read_text(encoding="utf-8"))
            listing += _item(_literal(name), ": ", _english(_summary_of(tree)))
        return [listing]


def _summary_of(tree: ast.Module) -> str:
    return _first_paragraph(ast.get_docstring(tree) or "")


def setup(app: Sphinx) -> None:
    app.add_directive("byggetrin", BuildStepsDirective)
    app.add_directive("pakkens-dele", PartsDirective)
