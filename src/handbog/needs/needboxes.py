"""Need boxes as readers see them: statement, one evidence line, the full trace one tap away.

sphinx-needs renders each need with the layout of ubproject.toml into docutils nodes at
``doctree-resolved``. Right after that, on those nodes (not on the finished HTML):

- a field's key (``casebesoeg``; needs.json and the tests keep the keys) becomes the word the
  information model gives it ("casebesøg");
- a layout row with nothing in it (an element or a source has no fields) is dropped;
- under the statement of a need that is not itself a source comes one quiet *evidence line*:
  the sources it rests on as author–year links ("Bygger på Lundy (2007), …"), the report
  section when the need has an ``afsnit`` ("VIVE (2023a), afsnit 3.3"), and ``grundlag`` in
  the model's words; then one line per checklist that checks it ("Tjekkes i tjeklisten
  »…« (3 punkter)"), linking to the checklist. Every link both ways (what sphinx-needs' layout
  puts in the footer) stays one tap away in a native ``<details>``: keyboard and screen
  readers know it, and it works without JavaScript. A source's own box keeps its links open:
  what rests on a source is what its box is for (on the traceability page "Kilder");
- a need ID is a quiet handle: its own small element (``handbog-id``), so the stylesheets can
  keep it whole and unhyphenated and the search can leave it out of its snippets;
- the page's short summary ("Kort fortalt", an admonition with the class ``tip``) that follows
  the box of a core element or prerequisite moves above it, so a reader on a phone meets the
  summary before any trace;
- the box's container, which sphinx-needs names ``SNCB-`` + a random uuid4, is named after the
  need it holds, so two builds of one commit are byte-identical.

needs.json, the traceability pages and the coverage views keep every link: this only changes
how a box shows them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx_needs.api import get_needs_view

from handbog.model import Model, of_app
from handbog.needs.needrefs import need_reference, quiet_id

if TYPE_CHECKING:
    from sphinx.application import Sphinx

CONTAINER_PREFIX = "SNCB-"

#: The ``soegning`` value of the report the handbook is built on (VIVE 2023): the source a
#: need's ``afsnit`` (report section) refers to.
REPORT = "rapport"
#: The link types the evidence line and the checklist lines are made of, and the fields.
SOURCES, CHECKS = "bygger_paa", "tjekker"
GROUNDS, SECTIONS, CHECKLIST = "grundlag", "afsnit", "tjekliste"

#: The class of everything in a box that is trace (not statement, not evidence line).
TRACE = "handbog-trace"

#: "Titel (ID)", as sphinx-needs writes a link with ``show_link_title`` and ``show_link_id``.
_TITLE_AND_ID = re.compile(r"^(?P<title>.*\S)\s+\((?P<id>[A-Z][A-Z0-9]*_[A-Z0-9_]+)\)$", re.S)


# -- A native disclosure ------------------------------------------------------------------------


class trace_details(nodes.General, nodes.Element):  # noqa: N801 (docutils node naming)
    """``<details>``: the full trace of a need, closed."""


class trace_summary(nodes.General, nodes.TextElement):  # noqa: N801 (docutils node naming)
    """``<summary>``: what opens it."""


def _visit_details(self: Any, node: trace_details) -> None:
    self.body.append(self.starttag(node, "details"))


def _depart_details(self: Any, _node: trace_details) -> None:
    self.body.append("</details>\n")


def _visit_summary(self: Any, node: trace_summary) -> None:
    self.body.append(self.starttag(node, "summary", suffix=""))


def _depart_summary(self: Any, _node: trace_summary) -> None:
    self.body.append("</summary>\n")


def _skip(_self: Any, _node: nodes.Element) -> None:
    """Other writers show the content as it is."""


# -- Field words, empty rows, stable ids (unchanged) -----------------------------------------


def _in_words(doctree: nodes.document, words: dict[str, dict[str, str]]) -> None:
    for field in doctree.findall(nodes.inline):
        name = next((c[len("needs_") :] for c in field["classes"] if c.startswith("needs_")), "")
        if name not in words:
            continue
        for value in field.findall(nodes.inline):
            if "needs_data" in value["classes"] and value.astext() in words[name]:
                value.children = [nodes.Text(words[name][value.astext()])]


def _drop_empty_rows(doctree: nodes.document) -> None:
    for row in list(doctree.findall(nodes.row)):
        if "need" in row["classes"] and not row.astext().strip():
            row.parent.remove(row)


def _stable_ids(doctree: nodes.document) -> None:
    serial = 0
    for container in doctree.findall(nodes.container):
        if "need_container" not in container["classes"]:
            continue
        ids = container["ids"]
        if not ids or not ids[0].startswith(CONTAINER_PREFIX):
            continue
        table = next(iter(container.findall(nodes.table)), None)
        if table is not None and table["ids"]:
            ids[0] = CONTAINER_PREFIX + table["ids"][0]
        else:
            serial += 1
            ids[0] = f"{CONTAINER_PREFIX}{serial}"


# -- IDs as quiet handles ------------------------------------------------------------------------


def _quiet_ids(root: nodes.Element, needs: Any) -> None:
    """A box head's ID and each "Titel (ID)" link (in a box's links, or sphinx-needs' ``need``
    role in running text): the ID in its own small element."""
    for inline in root.findall(nodes.inline):
        if "needs-id" in inline["classes"] and "handbog-id" not in inline["classes"]:
            inline["classes"].append("handbog-id")
    for ref in list(root.findall(nodes.reference)):
        match = _TITLE_AND_ID.match(ref.astext())
        if match is None or match["id"] not in needs or len(ref.children) != 1:
            continue
        ref.children = []
        ref += nodes.Text(match["title"] + " ")
        ref += quiet_id(match["id"])


# -- The evidence line and the checklist lines ---------------------------------------------


def _joined(parts: Sequence[nodes.Node | str], last: str = ", ") -> list[nodes.Node]:
    out: list[nodes.Node] = []
    for index, part in enumerate(parts):
        if index:
            out.append(nodes.Text(last if index == len(parts) - 1 else ", "))
        out.append(nodes.Text(part) if isinstance(part, str) else part)
    return out


def _values(value: Any) -> list[str]:
    if not value:
        return []
    if isinstance(value, str):
        return [v.strip() for v in value.split(",") if v.strip()]
    return [str(v) for v in value]


def _source_link(app: Sphinx, fromdoc: str, source: Any) -> nodes.Node:
    """A source as its author–year citation (a literature source's title is the BibTeX
    file's short citation, see literature.sources), linked to the source's need: its address is
    its ID, which stays put when the bibliography changes (the bibliography's own anchors are
    numbered, and a page that is not read again would keep a stale one). The page's "Kilder"
    list has the full reference, on screen and on paper."""
    return need_reference(app.builder, fromdoc, source, source["title"], classes=["handbog-source"])


def _report(needs: Any, info: Model) -> Any | None:
    if REPORT not in (info.fields.get("soegning") and info.fields["soegning"].words or {}):
        return None
    return next((n for n in needs.values() if n.get("soegning") == REPORT), None)


def evidence_line(
    app: Sphinx, fromdoc: str, need: Any, needs: Any, info: Model
) -> nodes.paragraph | None:
    """ "Bygger på Lundy (2007), … · VIVE (2023a), afsnit 3.3 · Grundlag: litteratur"."""
    sources = [needs[i] for i in _values(need.get(SOURCES)) if i in needs]
    sections = _values(need.get(SECTIONS)) if SECTIONS in info.fields else []
    report = _report(needs, info) if sections else None
    if report is not None:
        sources = [s for s in sources if s["id"] != report["id"]]
    segments: list[list[nodes.Node]] = []
    if sources:
        links = [_source_link(app, fromdoc, s) for s in sources]
        segments.append([nodes.Text("Bygger på "), *_joined(links)])
    if sections:
        section_text = "afsnit " + "".join(n.astext() for n in _joined(sections, " og "))
        if report is not None:
            segments.append([_source_link(app, fromdoc, report), nodes.Text(", " + section_text)])
        else:
            segments.append([nodes.Text("Rapportens " + section_text)])
    grounds = _values(need.get(GROUNDS))
    if grounds and GROUNDS in info.fields:
        field = info.fields[GROUNDS]
        segments.append([nodes.Text("Grundlag: " + ", ".join(field.word(g) for g in grounds))])
    if not segments:
        return None
    para = nodes.paragraph(classes=["handbog-evidence"])
    for index, segment in enumerate(segments):
        if index:
            para += nodes.inline("", " · ", classes=["handbog-evidence__sep"])
        para.extend(segment)
    return para


def checklist_lines(app: Sphinx, fromdoc: str, need: Any, needs: Any) -> list[nodes.paragraph]:
    """One line per checklist whose items check the need, linked to the checklist's page."""
    groups: dict[tuple[str, str], list[Any]] = {}
    for check_id in _values(need.get(f"{CHECKS}_back")):
        check = needs.get(check_id)
        if check is None or not check.get("docname"):
            continue
        groups.setdefault((check["docname"], check.get(CHECKLIST) or ""), []).append(check)
    titles = app.env.titles
    lines = []
    for (doc, _checklist), items in groups.items():
        title = titles[doc].astext() if doc in titles else doc
        para = nodes.paragraph(classes=["handbog-checks", TRACE])
        para += nodes.Text("Tjekkes i tjeklisten ")
        # The quotes inside the link: on paper the page number follows the title's end.
        para += nodes.reference(
            "",
            f"»{title}«",
            internal=True,
            refuri=app.builder.get_relative_uri(fromdoc, doc),
            classes=["handbog-checklist"],
        )
        count = f"{len(items)} {'punkt' if len(items) == 1 else 'punkter'}"
        para += nodes.Text(" (")
        para += nodes.inline("", count, classes=["handbog-checks__count"])
        para += nodes.Text(")")
        lines.append(para)
    return sorted(lines, key=lambda p: p.astext().casefold())


def _footer(box: nodes.table) -> nodes.entry | None:
    for row in box.findall(nodes.row):
        if "footer" in row["classes"]:
            return next(iter(row.findall(nodes.entry)), None)
    return None


def _link_count(footer: nodes.Element) -> int:
    return sum(1 for _ in footer.findall(nodes.reference))


def compact(
    app: Sphinx, fromdoc: str, box: nodes.table, need: Any, needs: Any, info: Model
) -> None:
    """Statement, evidence line and checklist lines; every link behind one ``<details>``."""
    footer = _footer(box)
    if footer is None:
        return
    trace = list(footer.children)
    count = _link_count(footer)
    footer.children = []
    evidence = evidence_line(app, fromdoc, need, needs, info)
    if evidence is not None:
        footer += evidence
    footer.extend(checklist_lines(app, fromdoc, need, needs))
    if count:
        details = trace_details(classes=[TRACE])
        details += trace_summary("", f"Hele sporet ({count} {'link' if count == 1 else 'links'})")
        details.extend(trace)
        footer += details
    footer["classes"].append("handbog-need-footer")


def _boxes(doctree: nodes.document) -> Iterable[nodes.table]:
    for table in doctree.findall(nodes.table):
        if "need" in table["classes"] and table["ids"]:
            yield table


# -- "Kort fortalt" before any trace -------------------------------------------------------------


def _next_element(node: nodes.Node) -> nodes.Node | None:
    sibling = node.next_node(descend=False, siblings=True, ascend=False)
    while isinstance(sibling, (nodes.target, nodes.comment, nodes.Text)):
        sibling = sibling.next_node(descend=False, siblings=True, ascend=False)
    return sibling


def summary_first(doctree: nodes.document, element_ids: set[str]) -> None:
    """Move a short summary (an admonition with the class ``tip``) that directly follows the
    box of a core element or prerequisite above the box."""
    for container in list(doctree.findall(nodes.container)):
        if "need_container" not in container["classes"] or container.parent is None:
            continue
        box = next(iter(container.findall(nodes.table)), None)
        if box is None or not set(box["ids"]) & element_ids:
            continue
        after = _next_element(container)
        if isinstance(after, nodes.Admonition) and "tip" in after["classes"]:
            parent = container.parent
            parent.remove(after)
            parent.insert(parent.index(container), after)


# -- The transform -------------------------------------------------------------------------------


def tidy(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    info = of_app(app)
    _in_words(doctree, {name: dict(f.words) for name, f in info.fields.items() if f.words})
    _drop_empty_rows(doctree)
    _stable_ids(doctree)
    boxes = list(_boxes(doctree))
    needs = get_needs_view(app)
    _quiet_ids(doctree, needs)
    if not boxes:
        return
    source_types = set(info.links[SOURCES].target_types) if SOURCES in info.links else set()
    elements = set()
    for box in boxes:
        need = needs.get(box["ids"][0])
        if need is None:
            continue
        if need["type"] not in source_types:
            compact(app, docname, box, need, needs, info)
        if need["type"] in info.element_types:
            elements.add(need["id"])
    summary_first(doctree, elements)


def setup(app: Sphinx) -> None:
    passthrough = (_skip, _skip)
    app.add_node(
        trace_details,
        html=(_visit_details, _depart_details),
        latex=passthrough,
        text=passthrough,
        man=passthrough,
        texinfo=passthrough,
    )
    app.add_node(
        trace_summary,
        html=(_visit_summary, _depart_summary),
        latex=passthrough,
        text=passthrough,
        man=passthrough,
        texinfo=passthrough,
    )
    # After sphinx-needs has built the boxes (process_need_nodes, priority 500).
    app.connect("doctree-resolved", tidy, priority=700)
