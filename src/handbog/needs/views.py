"""Traceability views computed from all needs: tables, coverage and the model diagram.

Three directives, each a placeholder filled in at resolve time, when every need is known:

``{sporbarhedstabel} KE_…``
    The practices and tools that realise one core element or prerequisite, with what they
    rest on (``grundlag``, sources) and the checklist items that check them.
``{daekning} grundlag|kilder|uden-tjekpunkt|ubrugte-kilder``
    Coverage: practices by ``grundlag``, sources by how much rests on them, practices no
    checklist item checks, and sources nothing rests on.
``{modeldiagram}``
    The model as inline SVG (no Graphviz or PlantUML binary), with ``role="img"``,
    ``<title>``/``<desc>`` and the same structure as a nested list beside it. ``:niveau:
    model`` draws only the prerequisites around the core elements (the report's figure 3.1,
    which is missing from its text); the default, ``fuld``, adds practices and tools.

Why the events below: the needs are global, but Sphinx only writes the pages it read again.
A page showing aggregates, or a need whose back links changed because another page changed,
would keep stale content in an incremental build. After reading, every need's "display
fingerprint" (its own data, the titles of what it links to and what links to it) is compared
with the previous build's, and the affected pages are written again.
"""

from __future__ import annotations

import hashlib
import html
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence, Set
from typing import TYPE_CHECKING, Any

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.environment.collectors import EnvironmentCollector
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective
from sphinx_needs.api import get_needs_view

from handbog.compat import needs_after_reading
from handbog.model import of_app
from handbog.needs.diagram import group_svg, model_svg
from handbog.needs.needrefs import need_reference, quiet_id, titled
from handbog.state import of_build
from handbog.theme.pdflinks import reading_order

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

LOGGER = logging.getLogger(__name__)

#: fields whose values a need shows (part of its display fingerprint)
SHOWN_FIELDS = ("grundlag", "art", "soegning", "tjekliste", "bibkey", "afsnit")
COVERAGE_KINDS = ("grundlag", "kilder", "uden-tjekpunkt", "ubrugte-kilder")


# -- Placeholders and directives ---------------------------------------------------------------


class trace_view(nodes.General, nodes.Element):  # noqa: N801 (docutils node naming)
    """Replaced at resolve time by a table, a list or a diagram (``kind``, ``target``)."""


def note_view_page(env: BuildEnvironment, docname: str) -> None:
    """Mark a page as showing data from many needs, so it is rewritten when they change."""
    _views(env).setdefault(docname, [])


class _ViewDirective(SphinxDirective):
    def _placeholder(self, kind: str, target: str = "", **options: Any) -> trace_view:
        note_view_page(self.env, self.env.docname)
        node = trace_view(kind=kind, target=target, **options)
        self.set_source_info(node)
        return node


class ElementTableDirective(_ViewDirective):
    """``{sporbarhedstabel} KE_…``: one core element or prerequisite and what realises it."""

    required_arguments = 1

    def run(self) -> list[nodes.Node]:
        target = self.arguments[0].strip()
        node = self._placeholder("tabel", target)
        _views(self.env)[self.env.docname].append(target)
        return [node]


class CoverageDirective(_ViewDirective):
    """``{daekning} grundlag``: one of the coverage overviews."""

    required_arguments = 1

    def run(self) -> list[nodes.Node]:
        kind = self.arguments[0].strip()
        if kind not in COVERAGE_KINDS:
            LOGGER.warning(
                f"{{daekning}} kender ikke {kind!r}. Skriv en af: {', '.join(COVERAGE_KINDS)}.",
                location=(self.env.docname, self.lineno),
                type="handbog",
                subtype="sporbarhed",
            )
            return []
        return [self._placeholder("daekning", kind)]


class DiagramDirective(_ViewDirective):
    """``{modeldiagram}``: the model drawn from the needs, with a text alternative."""

    option_spec = {"niveau": lambda arg: directives.choice(arg, ("model", "fuld"))}

    def run(self) -> list[nodes.Node]:
        level = self.options.get("niveau", "fuld")
        serial = self.env.new_serialno("handbog-diagram")
        return [self._placeholder("diagram", level, serial=serial)]


# -- Small node builders ----------------------------------------------------------------------


def _link(app: Sphinx, fromdoc: str, need: Any, text: str | None = None) -> nodes.Node:
    """A link to ``need`` showing ``text``; without it, its title with its ID as a quiet
    handle beside it (never a bare ID: a reader cannot tell what one is)."""
    if text is None:
        return nodes.inline("", "", *titled(app.builder, fromdoc, need))
    if not need.get("docname"):
        return nodes.Text(text)
    return need_reference(app.builder, fromdoc, need, text)


def _joined(items: Iterable[nodes.Node], empty: str = "–") -> nodes.paragraph:
    para = nodes.paragraph()
    for index, item in enumerate(items):
        if index:
            para += nodes.Text(", ")
        para += item
    if not para.children:
        para += nodes.Text(empty)
    return para


def _cell_label(header: str) -> nodes.raw:
    """The column's header for a cell, shown before it when the table reflows on a phone
    (handbog.css). In an attribute, not in the text: a wide screen shows the header row, and
    the cell's text (read by the tests, the search and the PDF) stays the cell's own."""
    label = html.escape(header, quote=True)
    return nodes.raw(
        "", f'<span class="handbog-cell-label" data-label="{label}"></span>', format="html"
    )


def trace_table(
    headers: Sequence[str], rows: Sequence[Sequence[nodes.Node]], classes: list[str]
) -> nodes.container:
    """The table in a box of its own that scrolls sideways if it must (furo's table wrapper,
    which furo adds only to tables that exist before ``doctree-resolved``), so the page itself
    never does; on a phone the rows reflow into blocks, each cell after its column's name.
    Every table on the traceability pages is made here (also those of literature.additions and
    handbog.needs.reportsections)."""
    table = nodes.table(classes=["handbog-sporbarhed", *classes])
    group = nodes.tgroup(cols=len(headers))
    table += group
    for _ in headers:
        group += nodes.colspec(colwidth=1)
    head = nodes.thead()
    row = nodes.row()
    for header in headers:
        row += nodes.entry("", nodes.paragraph(text=header))
    head += row
    group += head
    body = nodes.tbody()
    for cells in rows:
        row = nodes.row()
        for index, cell in enumerate(cells):
            if index and isinstance(cell, nodes.Element):
                cell.insert(0, _cell_label(headers[index]))
            row += nodes.entry("", cell)
        body += row
    group += body
    return nodes.container("", table, classes=["table-wrapper", "handbog-scrollbox"])


class _Order(dict[str, int]):
    """docname → position in the reading order (set for each build by :func:`_note_order`)."""


def _by_place(app: Sphinx, needs: Iterable[Any]) -> list[Any]:
    """In the order a reader meets them: pages in toctree order, then by line."""
    order = of_build(app, _Order)

    def key(need: Any) -> tuple[int, str, int, str]:
        doc = need.get("docname") or ""
        return (order.get(doc, len(order)), doc, need.get("lineno") or 0, need["id"])

    return sorted(needs, key=key)


def _note_order(app: Sphinx, env: Any) -> None:

    order = of_build(app, _Order)
    order.clear()
    order.update({doc: i for i, doc in enumerate(reading_order(env, app.config.root_doc))})


def _backs(
    app: Sphinx, needs: Any, need: Any, link: str, types: Iterable[str] | None = None
) -> list[Any]:
    found = [needs[i] for i in need.get(f"{link}_back") or [] if i in needs]
    if types is not None:
        found = [n for n in found if n["type"] in types]
    return _by_place(app, found)


def _checks(app: Sphinx, fromdoc: str, checks: list[Any]) -> nodes.paragraph:
    """Checklist items grouped by checklist: "Mødet med forældrene (3)", linked to the first.

    Compact on a phone; each item's own ID is on the practice's card ("tjekkes af").
    """
    groups: dict[str, list[Any]] = {}
    for check in checks:
        groups.setdefault(check.get("docname") or "", []).append(check)
    items = []
    for doc, members in groups.items():
        title = app.env.titles[doc].astext() if doc in app.env.titles else doc
        items.append(_link(app, fromdoc, members[0], f"{title} ({len(members)})"))
    return _joined(items, empty="ingen")


# -- {sporbarhedstabel} --------------------------------------------------------------------------


def element_table(app: Sphinx, fromdoc: str, needs: Any, element: Any) -> list[nodes.Node]:
    out: list[nodes.Node] = []
    intro = nodes.paragraph()
    intro += nodes.Text(f"{element['type_name']}: ")
    intro += _link(app, fromdoc, element)
    intro += nodes.Text(".")
    if element["type"] == "kerneelement":
        supporters = _backs(app, needs, element, "understoetter")
        if supporters:
            intro += nodes.Text(" Understøttes af ")
            intro += _joined(_link(app, fromdoc, n, n["title"]) for n in supporters).children
            intro += nodes.Text(".")
    else:
        supported = [needs[i] for i in element.get("understoetter") or [] if i in needs]
        if supported:
            intro += nodes.Text(" Understøtter ")
            intro += _joined(_link(app, fromdoc, n, n["title"]) for n in supported).children
            intro += nodes.Text(".")
    direct = _backs(app, needs, element, "tjekker")
    if direct:
        intro += nodes.Text(f" Tjekkes direkte af {len(direct)} tjekpunkter: ")
        intro += _checks(app, fromdoc, direct).children
        intro += nodes.Text(".")
    out.append(intro)
    info = of_app(app)
    realisers = _backs(app, needs, element, "realiserer", info.practice_types)
    if not realisers:
        out.append(nodes.paragraph(text="Ingen praksis eller hjælperedskab realiserer det endnu."))
        return out
    rows = []
    for need in realisers:
        first = nodes.paragraph()
        first += _link(app, fromdoc, need, need["title"])
        first += nodes.Text(f" ({need['type_name'].lower()}) ")
        first += quiet_id(need["id"])
        grounds = ", ".join(info.fields["grundlag"].heading(g) for g in need.get("grundlag") or [])
        grounds = grounds or "–"
        sources = [needs[i] for i in need.get("bygger_paa") or [] if i in needs]
        checks = _backs(app, needs, need, "tjekker")
        rows.append(
            [
                first,
                nodes.paragraph(text=grounds),
                _joined(_link(app, fromdoc, s, s["title"]) for s in sources),
                _checks(app, fromdoc, checks),
            ]
        )
    headers = ["Praksis eller redskab", "Grundlag", "Bygger på", "Tjekpunkter"]
    out.append(trace_table(headers, rows, ["handbog-sporbarhed--element"]))
    return out


# -- {daekning} ----------------------------------------------------------------------------------


def coverage_grounds(app: Sphinx, fromdoc: str, needs: Any) -> list[nodes.Node]:
    info = of_app(app)
    practices = _by_place(app, [n for n in needs.values() if n["type"] in info.practice_types])
    grounds = info.fields["grundlag"]
    rows = []
    for key, label in [*((k, grounds.heading(k)) for k in grounds.values), ("", "Ikke angivet")]:
        hits = [
            n
            for n in practices
            if (key in (n.get("grundlag") or [])) or (not key and not n.get("grundlag"))
        ]
        if not key and not hits:
            continue
        rows.append(
            [
                nodes.paragraph(text=label),
                nodes.paragraph(text=str(len(hits))),
                _joined(_link(app, fromdoc, n) for n in hits),
            ]
        )
    out: list[nodes.Node] = [
        nodes.paragraph(
            text=f"{len(practices)} arbejdsgange og hjælperedskaber. En praksis kan hvile på "
            "flere slags grundlag og tælles da i hver række."
        ),
        trace_table(["Grundlag", "Antal", "Praksis og redskaber"], rows, ["handbog-daekning"]),
    ]
    only_normative = [n for n in practices if list(n.get("grundlag") or []) == ["normativ"]]
    if only_normative:
        para = nodes.paragraph(
            text=f"{len(only_normative)} hviler alene på et normativt argument (ikke på "
            "litteratur, interviews eller casebesøg): "
        )
        para += _joined(_link(app, fromdoc, n) for n in only_normative).children
        para += nodes.Text(".")
        out.append(para)
    return out


def coverage_sources(app: Sphinx, fromdoc: str, needs: Any) -> list[nodes.Node]:
    used = []
    for source in needs.values():
        if source["type"] != "kilde":
            continue
        resting = _backs(app, needs, source, "bygger_paa")
        if resting:
            used.append((source, resting))
    used.sort(key=lambda pair: (-len(pair[1]), pair[0]["title"].casefold()))
    rows = [
        [
            _joined([_link(app, fromdoc, source, source["title"])]),
            nodes.paragraph(text=str(len(resting))),
            _joined(_link(app, fromdoc, n) for n in resting),
        ]
        for source, resting in used
    ]
    if not rows:
        return [nodes.paragraph(text="Intet bygger på en kilde endnu.")]
    return [
        nodes.paragraph(
            text=f"{len(rows)} kilder bærer mindst én praksis, ét redskab eller ét "
            "opmærksomhedspunkt; flest først."
        ),
        trace_table(["Kilde", "Antal", "Hvad bygger på den"], rows, ["handbog-daekning"]),
    ]


def coverage_unchecked(app: Sphinx, fromdoc: str, needs: Any) -> list[nodes.Node]:
    kinds = of_app(app).practice_types
    unchecked = _by_place(
        app,
        [n for n in needs.values() if n["type"] in kinds and not n.get("tjekker_back")],
    )
    if not unchecked:
        return [
            nodes.paragraph(
                text="Al praksis og alle hjælperedskaber tjekkes af mindst ét tjekpunkt."
            )
        ]
    listing = nodes.bullet_list()
    for need in unchecked:
        para = nodes.paragraph()
        para += _link(app, fromdoc, need)
        elements = [needs[i] for i in need.get("realiserer") or [] if i in needs]
        para += nodes.Text(" (realiserer ")
        para += _joined(_link(app, fromdoc, e, e["title"]) for e in elements).children
        para += nodes.Text(")")
        listing += nodes.list_item("", para)
    intro = nodes.paragraph(
        text=f"{len(unchecked)} arbejdsgange og hjælperedskaber tjekkes ikke af nogen tjekliste:"
    )
    return [intro, listing]


def coverage_unused(app: Sphinx, fromdoc: str, needs: Any) -> list[nodes.Node]:
    unused = [n for n in needs.values() if n["type"] == "kilde" and not n.get("bygger_paa_back")]
    if not unused:
        return [nodes.paragraph(text="Alle kilder bærer mindst én praksis.")]
    groups: dict[str, list[Any]] = defaultdict(list)
    for source in unused:
        groups[source.get("soegning") or source.get("art") or ""].append(source)
    out: list[nodes.Node] = [
        nodes.paragraph(
            text=f"{len(unused)} kilder bærer endnu ingen praksis, intet redskab og intet "
            "opmærksomhedspunkt. For litteraturen er det forventeligt: rapporten tager hele "
            "søgningens resultat med i sin litteraturliste, men bruger kun en del af den."
        )
    ]
    searches = of_app(app).fields["soegning"]
    order = [*searches.values, *sorted(k for k in groups if k not in searches.words)]
    listing = nodes.bullet_list()
    for key in order:
        if key not in groups:
            continue
        sources = sorted(groups[key], key=lambda n: n["title"].casefold())
        label = searches.heading(key) if key in searches.words else key or "Andre kilder"
        para = nodes.paragraph(text=f"{label} ({len(sources)}): ")
        para += _joined(_link(app, fromdoc, s, s["title"]) for s in sources).children
        listing += nodes.list_item("", para)
    out.append(listing)
    return out


COVERAGE: dict[str, Callable[[Any, str, Any], list[nodes.Node]]] = {
    "grundlag": coverage_grounds,
    "kilder": coverage_sources,
    "uden-tjekpunkt": coverage_unchecked,
    "ubrugte-kilder": coverage_unused,
}


# -- {modeldiagram} ----------------------------------------------------------------------------


def _elements(app: Sphinx, needs: Any) -> tuple[list[Any], list[Any]]:
    prerequisites = _by_place(app, [n for n in needs.values() if n["type"] == "forudsaetning"])
    elements = _by_place(app, [n for n in needs.values() if n["type"] == "kerneelement"])
    return prerequisites, elements


def _text_alternative(app: Sphinx, fromdoc: str, needs: Any, level: str) -> nodes.Node:
    prerequisites, elements = _elements(app, needs)
    practice_types = of_app(app).practice_types
    outer = nodes.bullet_list(classes=["handbog-diagram-tekst"])
    for label, group in (("Forudsætninger", prerequisites), ("Kerneelementer", elements)):
        item = nodes.list_item("", nodes.paragraph(text=label))
        inner = nodes.bullet_list()
        for element in group:
            para = nodes.paragraph()
            para += _link(app, fromdoc, element, element["title"])
            supported = [needs[i] for i in element.get("understoetter") or [] if i in needs]
            if supported:
                para += nodes.Text(" – understøtter ")
                para += _joined(_link(app, fromdoc, s, s["title"]) for s in supported).children
            sub = nodes.list_item("", para)
            if level == "fuld":
                children = _backs(app, needs, element, "realiserer", practice_types)
                if children:
                    leaves = nodes.bullet_list()
                    for child in children:
                        leaf = nodes.paragraph()
                        leaf += nodes.Text(f"{child['type_name']}: ")
                        leaf += _link(app, fromdoc, child)
                        leaves += nodes.list_item("", leaf)
                    sub += leaves
            inner += sub
        item += inner
        outer += item
    return outer


def diagram(app: Sphinx, fromdoc: str, needs: Any, level: str, serial: int) -> list[nodes.Node]:
    prerequisites, elements = _elements(app, needs)
    info = of_app(app)
    uid = f"handbog-diagram-{serial}"
    if level == "model":
        svg = model_svg(prerequisites, elements, uid, info)
        wrapper = f'<div class="handbog-diagram handbog-diagram--model">{svg}</div>'
    else:
        svgs = []
        for index, element in enumerate([*prerequisites, *elements]):
            supported = [needs[i] for i in element.get("understoetter") or [] if i in needs]
            children = _backs(app, needs, element, "realiserer", info.practice_types)
            svg = group_svg(element, supported, children, f"{uid}-{index}", info)
            svgs.append(f'<div class="handbog-diagram handbog-diagram--fuld">{svg}</div>')
        wrapper = "\n".join(svgs)
    figure = nodes.container(classes=["handbog-diagram-figur"])
    figure += nodes.raw("", wrapper, format="html")
    caption = nodes.paragraph(classes=["handbog-diagram-forklaring"])
    caption += nodes.strong(text="Figuren som tekst:")
    figure += caption
    figure += _text_alternative(app, fromdoc, needs, level)
    return [figure]


# -- Resolving -----------------------------------------------------------------------------------


def resolve(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    placeholders = list(doctree.findall(trace_view))
    if not placeholders:
        return
    needs = get_needs_view(app)
    element_types = of_app(app).element_types
    for node in placeholders:
        kind, target = node["kind"], node["target"]
        if kind == "tabel":
            element = needs.get(target)
            if element is None or element["type"] not in element_types:
                wanted = sorted(i for i, n in needs.items() if n["type"] in element_types)
                LOGGER.warning(
                    f"{{sporbarhedstabel}} {target}: er ikke et kerneelement eller en "
                    f"forudsætning. Skriv et af disse ID'er: {', '.join(wanted)}.",
                    location=node,
                    type="handbog",
                    subtype="sporbarhed",
                )
                node.replace_self(nodes.paragraph(text=target))
                continue
            box = nodes.container(
                classes=["handbog-sporbarhedstabel"],
                ids=["sporbarhed-" + target.lower().replace("_", "-")],
            )
            box += element_table(app, docname, needs, element)
            node.replace_self(box)
        elif kind == "daekning":
            box = nodes.container(classes=["handbog-daekning", f"handbog-daekning--{target}"])
            box += COVERAGE[target](app, docname, needs)
            node.replace_self(box)
        else:
            node.replace_self(diagram(app, docname, needs, target, node["serial"]))


def check_every_element_has_a_table(app: Sphinx, _builder: Any = None) -> None:
    """When the handbook has element tables at all, every FO and KE must have one."""
    views: dict[str, list[str]] = vars(app.env).get("handbog_views", {})
    shown = {t for targets in views.values() for t in targets}
    if not shown:
        return
    home = max(views, key=lambda d: len(views[d]))
    needs = get_needs_view(app)
    element_types = of_app(app).element_types
    for need_id in sorted(i for i, n in needs.items() if n["type"] in element_types):
        if need_id not in shown:
            LOGGER.warning(
                f"{need_id} har ingen sporbarhedstabel. Tilføj et afsnit med "
                f"```{{sporbarhedstabel}} {need_id}``` på {home}.",
                location=(home, 1),
                type="handbog",
                subtype="sporbarhed",
            )


# -- Incremental builds ------------------------------------------------------------------------


def fingerprints(needs: Any, links: Iterable[str]) -> dict[str, str]:
    """Per need, a hash of everything its rendering shows, including its back links."""
    # What a box shows of a need it links to or that links to it: its title, and for the
    # checklist lines of a need box (handbog.needs.needboxes) the page and checklist it is on.
    titles = {i: (n["title"], n.get("docname"), n.get("tjekliste")) for i, n in needs.items()}
    back: dict[str, list[tuple[str, str, Any]]] = defaultdict(list)
    own: dict[str, tuple[Any, ...]] = {}
    for need_id, need in needs.items():
        found = []
        for link in links:
            for target in need.get(link) or []:
                found.append((link, target, titles.get(target, "")))
                back[target].append((link, need_id, titles[need_id]))
        fields = tuple(repr(need.get(f)) for f in SHOWN_FIELDS)
        own[need_id] = (need["type"], need["title"], need.get("docname"), fields, sorted(found))
    return {i: hashlib.sha1(repr((own[i], sorted(back[i]))).encode()).hexdigest() for i in own}


def pages_to_rewrite(
    before: dict[str, str] | None, now: dict[str, str], needs: Any, view_pages: Iterable[str]
) -> set[str]:
    if before is None:
        return set()
    changed = {i for i in before.keys() | now.keys() if before.get(i) != now.get(i)}
    if not changed:
        return set()
    pages = set(view_pages)
    pages |= {needs[i]["docname"] for i in changed if i in needs and needs[i].get("docname")}
    return pages


class ViewsCollector(EnvironmentCollector):
    """Which pages show views (and of which elements), and each need's display fingerprint.

    Stored in the environment (``env.handbog_views``, ``env.handbog_need_prints``), so a
    change of their shape needs a new ``env_version`` in :func:`handbog.setup`.
    """

    def clear_doc(self, app: Sphinx, env: BuildEnvironment, docname: str) -> None:
        _views(env).pop(docname, None)

    def merge_other(
        self, app: Sphinx, env: BuildEnvironment, docnames: Set[str], other: BuildEnvironment
    ) -> None:
        theirs = getattr(other, "handbog_views", {})
        _views(env).update({doc: theirs[doc] for doc in docnames if doc in theirs})

    def process_doc(self, app: Sphinx, doctree: nodes.document) -> None:
        """Nothing to do: the directives note their pages while the page is read."""

    def get_updated_docs(self, app: Sphinx, env: BuildEnvironment) -> list[str]:
        """After reading: the pages whose shown needs changed because another page changed."""
        needs = needs_after_reading(app)
        now = fingerprints(needs, of_app(app).links)
        ours = vars(env)  # see _views
        before: dict[str, str] | None = ours.get("handbog_need_prints")
        ours["handbog_need_prints"] = now
        return sorted(pages_to_rewrite(before, now, needs, _views(env)) & env.found_docs)


def _views(env: BuildEnvironment) -> dict[str, list[str]]:
    """Page → the elements whose tables it shows: ``env.handbog_views``.

    The attribute is this extension's own, which BuildEnvironment does not declare; it is
    read and set in the environment's ``__dict__`` (pickled with it), as ``env.<name>``
    would be.
    """
    views: dict[str, list[str]] = vars(env).setdefault("handbog_views", {})
    return views


def setup(app: Sphinx) -> None:
    app.add_node(trace_view)
    app.add_directive("sporbarhedstabel", ElementTableDirective)
    app.add_directive("daekning", CoverageDirective)
    app.add_directive("modeldiagram", DiagramDirective)
    app.add_env_collector(ViewsCollector)
    app.connect("env-check-consistency", _note_order)
    app.connect("doctree-resolved", resolve)
    app.connect("write-started", check_every_element_has_a_table, priority=650)
