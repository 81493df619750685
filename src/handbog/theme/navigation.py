"""Furo's navigation tree, built once per build instead of once per page.

Furo puts the whole site's navigation on every page: for each page it asks Sphinx for the
global toctree (a deep copy of every page's toc, rendered by docutils) and then rewrites that
HTML with BeautifulSoup (checkboxes to fold the branches). Both steps cost time in proportion
to the number of pages, on every one of them, so the HTML build grew with the square of the
handbook's size (``nox -s bench``: half of a 10× build went here).

The tree differs from page to page in two things only: where its links point (they are
relative to the page) and which branch is marked as the current one. So this module lets
Sphinx and furo build the tree once, from the root page (which marks nothing), and then, for
each page, makes the links relative to that page and marks its branch the way Sphinx and furo
do: ``current`` on the page's ``<a>``, on every ``<li>`` and ``<ul>`` above it, the fold-out box
of those ``<li>`` checked, and ``current-page`` on the last marked ``<li>``.

The result is byte for byte what furo writes. The first page at each folder depth (with and
without a marked branch) is also built the slow way and compared; if the two ever differ (another
Sphinx or furo version), the rest of the build uses the slow way, with an info message.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from furo.navigation import get_navigation_tree
from sphinx.util import logging
from sphinx.util.osutil import relative_uri

from handbog.compat import global_toctree, has_global_toctree
from handbog.state import forget, of_build

if TYPE_CHECKING:
    from docutils import nodes
    from sphinx.application import Sphinx

LOGGER = logging.getLogger(__name__)

#: What furo asks Sphinx for (furo._compute_navigation_tree).
FURO_TOCTREE = {"collapse": False, "titles_only": True, "maxdepth": -1, "includehidden": True}

_TAG = re.compile(r"<(/?)(ul|li|a|input)(\s[^>]*)?>")
_CLASS = re.compile(r'\bclass="([^"]*)"')
_HREF = re.compile(r'\bhref="([^"]*)"')
_URL = re.compile(r"^[a-z][a-z0-9+.-]*:", re.I)


def _classes(attrs: str) -> list[str]:
    """The class names in a tag's attributes."""
    found = _CLASS.search(attrs)
    return found.group(1).split() if found else []


class Unsupported(Exception):
    """The tree has a shape this module does not rewrite; furo's own way is used."""


@dataclass
class _Slot:
    """One tag of the tree that may change from page to page."""

    kind: str  # "ul", "li", "a", "input"
    tag: str
    position: int
    href: str = ""
    owner: int = -1  # for "input": the <li> it sits in


@dataclass
class Template:
    """The tree as furo writes it for the root page, cut where pages differ."""

    parts: list[str | int] = field(default_factory=list)  # literal text or a slot index
    slots: list[_Slot] = field(default_factory=list)
    #: target URI → (the <a> slot, the <li>/<ul> slots above it), for each link to it
    entries: dict[str, list[tuple[int, tuple[int, ...]]]] = field(default_factory=dict)

    @classmethod
    def parse(cls, tree: str) -> Template:
        if re.search(r'class="[^"]*\bcurrent\b', tree) or "checked" in tree:
            raise Unsupported("the root page marks a branch as current")
        template = cls()
        stack: list[int] = []
        at = 0
        for match in _TAG.finditer(tree):
            closing, name, attrs = match.group(1), match.group(2), match.group(3) or ""
            template.parts.append(tree[at : match.start()])
            at = match.end()
            if closing:
                if name in ("ul", "li"):
                    if not stack or template.slots[stack[-1]].kind != name:
                        raise Unsupported(f"unbalanced </{name}>")
                    stack.pop()
                template.parts.append(match.group(0))
                continue
            slot = _Slot(name, match.group(0), len(template.slots))
            if name in ("ul", "li"):
                stack.append(slot.position)
            elif name == "a":
                classes = _classes(attrs)
                href = _HREF.search(attrs)
                if "internal" not in classes or href is None or href.group(1).startswith("#"):
                    template.parts.append(match.group(0))  # external or in-page: as it is
                    continue
                if _URL.match(href.group(1)) or re.search(r"[&<>]", href.group(1)):
                    raise Unsupported(f"link {href.group(1)!r}")
                slot.href = href.group(1)
                template.entries.setdefault(slot.href.partition("#")[0], []).append(
                    (slot.position, tuple(stack))
                )
            elif name == "input":
                if "toctree-checkbox" not in _classes(attrs):
                    template.parts.append(match.group(0))
                    continue
                if not stack or template.slots[stack[-1]].kind != "li":
                    raise Unsupported("a fold-out box outside an <li>")
                slot.owner = stack[-1]
            template.slots.append(slot)
            template.parts.append(slot.position)
        if stack:
            raise Unsupported("unclosed <ul> or <li>")
        template.parts.append(tree[at:])
        return template

    def render(self, page_uri: str) -> str:
        """The tree as furo writes it on the page whose URI is ``page_uri``."""
        current_links: set[int] = set()
        marked: set[int] = set()
        for link, above in self.entries.get(page_uri, []):
            current_links.add(link)
            marked.update(above)
        marked_items = [i for i in marked if self.slots[i].kind == "li"]
        current_page = max(marked_items, default=-1)
        out: list[str] = []
        for part in self.parts:
            if isinstance(part, str):
                out.append(part)
                continue
            slot = self.slots[part]
            if slot.kind == "a":
                out.append(self._link(slot, page_uri, part in current_links))
            elif slot.kind == "li":
                out.append(self._item(slot, part in marked, part == current_page))
            elif slot.kind == "ul":
                out.append(_add_class(slot.tag, "current") if part in marked else slot.tag)
            else:  # the fold-out box: checked on the marked branch (furo)
                tag = slot.tag
                if slot.owner in marked:
                    tag = tag.replace(' class="', ' checked="" class="', 1)
                out.append(tag)
        return "".join(out)

    @staticmethod
    def _link(slot: _Slot, page_uri: str, current: bool) -> str:
        path, _, anchor = slot.href.partition("#")
        if current:
            href = "#" + anchor if anchor else "#"
            tag = _CLASS.sub(lambda m: f'class="current {m.group(1)}"', slot.tag, count=1)
        else:
            href = (relative_uri(page_uri, path) or "#") + (f"#{anchor}" if anchor else "")
            tag = slot.tag
        if re.search(r'[&<>"]', href):
            raise Unsupported(f"link {href!r}")
        return _HREF.sub(lambda _m: f'href="{href}"', tag, count=1)

    @staticmethod
    def _item(slot: _Slot, marked: bool, current_page: bool) -> str:
        if not marked:
            return slot.tag

        def classes(match: re.Match[str]) -> str:
            names = match.group(1).split()
            names.insert(1, "current")  # Sphinx: after toctree-lN; furo's come after
            if current_page:
                names.append("current-page")
            return f'class="{" ".join(names)}"'

        return _CLASS.sub(classes, slot.tag, count=1)


def _add_class(tag: str, name: str) -> str:
    if _CLASS.search(tag):
        return _CLASS.sub(lambda m: f'class="{m.group(1)} {name}"', tag, count=1)
    return tag[:-1] + f' class="{name}">'


# -- Wiring it into the build --------------------------------------------------------------------


@dataclass
class _State:
    enabled: bool = True
    root_tree: str | None = None  # the toctree HTML Sphinx gives the root page
    furo_tree: str | None = None  # ... and what furo makes of it
    template: Template | None = None
    #: (folder depth, has a marked branch) of the pages compared with furo's own tree
    checked: set[tuple[int, bool]] = field(default_factory=set)


def _state(app: Sphinx) -> _State:
    # per running application (tests run several in one process), reset for each build
    return of_build(app, _State)


def _reset(app: Sphinx, *_args: Any) -> None:
    forget(app, _State)


def _give_up(app: Sphinx, why: str) -> None:
    _state(app).enabled = False
    LOGGER.info(f"handbog.theme.navigation: furo bygger navigationen side for side ({why}).")


def _usable(app: Sphinx) -> bool:
    builder = app.builder
    return (
        _state(app).enabled
        and app.config.handbog_fast_navigation
        and builder.name == "html"
        and app.config.html_theme == "furo"
        and has_global_toctree(builder)
        and "/" not in builder.get_target_uri(app.config.root_doc)
    )


def before_furo(
    app: Sphinx,
    pagename: str,
    templatename: str,
    context: dict[str, Any],
    doctree: nodes.document | None,
) -> None:
    """Give furo the root page's tree (furo caches what it makes of one and the same tree)."""
    toctree = context.get("toctree")
    if toctree is None or not _usable(app):
        return
    state = _state(app)
    if state.root_tree is None:
        state.root_tree = global_toctree(app.builder, app.config.root_doc, **FURO_TOCTREE)
    root_tree = state.root_tree

    def shared(**kwargs: Any) -> str:
        return root_tree if kwargs == FURO_TOCTREE else toctree(**kwargs)

    context["_handbog_toctree"] = toctree
    context["toctree"] = shared


def after_furo(
    app: Sphinx,
    pagename: str,
    templatename: str,
    context: dict[str, Any],
    doctree: nodes.document | None,
) -> None:
    """Turn the shared tree into this page's, and give the templates Sphinx's toctree back."""
    toctree = context.pop("_handbog_toctree", None)
    if toctree is None:
        return
    context["toctree"] = toctree
    state = _state(app)
    tree = context.get("furo_navigation_tree")
    if not state.enabled or not isinstance(tree, str) or not tree:
        return
    if state.furo_tree is None:
        state.furo_tree = get_navigation_tree(state.root_tree or "")
    if tree != state.furo_tree:  # furo did not use the shared tree: leave furo's own
        return
    uri = app.builder.get_target_uri(pagename)
    try:
        if state.template is None:
            state.template = Template.parse(tree)
        fast = state.template.render(uri)
    except Unsupported as why:
        _give_up(app, str(why))
        context["furo_navigation_tree"] = _slow(toctree)
        return
    sample = (uri.count("/"), uri in state.template.entries)
    if sample not in state.checked:
        state.checked.add(sample)
        slow = _slow(toctree)
        if slow != fast:
            _give_up(app, f"afvigelse på {pagename}")
            fast = slow
    context["furo_navigation_tree"] = fast


def _slow(toctree: Any) -> str:

    tree: str = get_navigation_tree(toctree(**FURO_TOCTREE))  # furo has no type information
    return tree


def setup(app: Sphinx) -> None:
    # Off: furo builds the tree for every page itself (same HTML, slower); for comparisons.
    app.add_config_value("handbog_fast_navigation", True, "", types=[bool])
    # furo's own handler runs at the default priority, 500; handbog.theme.assets translates the
    # finished tree at 900.
    app.connect("html-page-context", before_furo, priority=499)
    app.connect("html-page-context", after_furo, priority=501)
    app.connect("builder-inited", _reset)
    app.connect("write-started", _reset)
