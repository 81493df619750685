"""Markdown links to a page or an anchor that does not exist, on this page or another."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote

from docutils import nodes
from sphinx import addnodes
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util import docname_join

from handbog import compat
from handbog.checks.places import lines_of, place
from handbog.data.core import did_you_mean
from handbog.messages import others, warn

if TYPE_CHECKING:
    from sphinx.application import Sphinx


class PageLinks(SphinxPostTransform):
    """Links to another page (``[tekst](side.md#anker)``) whose page or anchor does not exist:
    one Danish message with the nearest anchor of that page, before MyST's resolver, whose
    English warning (``myst.xref_missing``) is suppressed. MyST turns such a link into a link
    to the page with an id it does not have, so :class:`DeadAnchors` cannot see it afterwards.
    MyST accepts an anchor when it is a heading's slug, a section's id or a label of the page;
    so does this."""

    default_priority = 8  # before MyST's resolver (9)

    def run(self, **kwargs: Any) -> None:
        env = self.env
        app = compat.app_of(env)
        docname = env.docname
        seen: dict[str, list[int | None]] = {}
        hints: dict[str, tuple[str, str]] = {}
        for node in self.document.findall(addnodes.pending_xref):
            if node.get("reftype") != "myst" or node.get("refdomain") != "doc":
                continue
            page: str = node["reftarget"]
            anchor: str | None = node.get("reftargetid")
            if page not in env.all_docs:
                target = page
                hints[target] = ("siden findes ikke", did_you_mean(page, sorted(env.found_docs)))
            elif anchor and anchor not in (known := page_anchors(env, page)):
                target = f"{page}#{anchor}"
                shown = place(app, page, None)
                # the headings' anchors first: what an editor writes ("målgruppe"), not the
                # section's id ("malgruppe"), though MyST takes both
                hint = did_you_mean(anchor, known.headings) or did_you_mean(anchor, known.others)
                hints[target] = (f"ankeret findes ikke på {shown}", hint)
            else:
                continue
            seen.setdefault(target, []).append(node.line)
        for target, where in seen.items():
            tail = "#" + target.partition("#")[2] if "#" in target else target.rpartition("/")[2]
            lines = iter(lines_of(app, docname, tail))
            places = [(docname, _at_or_after(lines, line)) for line in where]
            first, *rest = places
            what, hint = hints[target]
            warn(
                "link-ukendt",
                first,
                target=_written_link(app, docname, first[1], tail) or target,
                what=what,
                hint=hint,
                others=others([place(app, d, n) for d, n in rest]),
            )


def _at_or_after(lines: Iterator[int], line: int | None) -> int | None:
    """The next line that holds the link, not before the line MyST gave (its paragraph's)."""
    for found in lines:
        if line is None or found >= line:
            return found
    return line


def _written_link(app: Sphinx, docname: str, line: int | None, tail: str) -> str | None:
    """The link's target as the page writes it (``../side.md#anker``), found on its line."""
    if line is None:
        return None
    try:
        text = Path(app.env.doc2path(docname)).read_text(encoding="utf-8").splitlines()[line - 1]
    except (OSError, IndexError):
        return None
    pattern = r"\]\(<?([^()<>\s]*" + re.escape(tail) + r")"
    match = re.search(pattern, text)
    return match[1] if match else None


@dataclass(frozen=True)
class Anchors:
    """The anchors of a page: its headings' slugs, and its section ids and labels."""

    headings: list[str]
    others: list[str]

    def __contains__(self, anchor: object) -> bool:
        return anchor in self.headings or anchor in self.others


def page_anchors(env: Any, docname: str) -> Anchors:
    """What a link may name after ``#`` on a page, as MyST resolves it (``env.metadata``'s
    ``myst_slugs``, which MyST writes for its resolver): its headings' slugs, its sections'
    ids and its labels."""
    slugs: dict[str, tuple[Any, str, str]] = env.metadata.get(docname, {}).get("myst_slugs", {})
    ids = {section_id for _line, section_id, _text in slugs.values()}
    std = env.domaindata.get("std", {})
    for store in ("labels", "anonlabels"):
        for name, entry in std.get(store, {}).items():
            if entry[0] == docname:
                ids |= {name, entry[1]}
    return Anchors(sorted(slugs), sorted(ids - set(slugs)))


class DeadAnchors(SphinxPostTransform):
    """Links MyST could not resolve (``[tekst](#anker)``, ``[tekst](side.md)``): one Danish
    message with the nearest anchor or page. MyST's own warning is suppressed; what it leaves
    behind is a link to an id the page does not have, which is what this looks for, after
    every reference is resolved. (A link to an anchor on another page is
    :class:`PageLinks`'.)"""

    default_priority = 11  # after MyST's resolver (9) and Sphinx's (10)

    def run(self, **kwargs: Any) -> None:
        ids = set(self.document.ids)
        docname = self.env.docname
        app = compat.app_of(self.env)
        seen: dict[str, list[int | None]] = {}
        for node in self.document.findall(nodes.reference):
            refid = node.get("refid")
            if not refid or refid in ids or node.get("refuri"):
                continue
            seen.setdefault(unquote(refid), []).append(node.line)
        for target, where in seen.items():
            lines = iter(
                lines_of(app, docname, f"({target})")
                or lines_of(app, docname, f"({target}")
                or lines_of(app, docname, target)
            )
            places = [(docname, line or next(lines, None)) for line in where]
            first, *rest = places
            # MyST keeps only the target: "side.md", "side.md#anker" or "anker"; a page it
            # could not find is not a page of the project
            page, _hash, anchor = target.partition("#") if "#" in target else ("", "", target)
            if anchor.endswith(".md"):
                page, anchor = anchor, ""
            if page:
                near = did_you_mean(_docpath(docname, page), sorted(self.env.found_docs))
                what = "siden findes ikke"
            else:
                near = did_you_mean(anchor, sorted(ids))
                what = "ankeret findes ikke på siden"
            warn(
                "link-ukendt",
                first,
                target=target,
                what=what,
                hint=near,
                others=others([place(app, d, n) for d, n in rest]),
            )


def _docpath(refdoc: str, target: str) -> str:
    """A link's page as a document name: "../a/b.md" from "x/y" → "a/b"."""
    path = target[:-3] if target.endswith(".md") else target
    return docname_join(refdoc, path)
