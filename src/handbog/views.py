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
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from html import escape
from typing import Any

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.environment.collectors import EnvironmentCollector
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective
from sphinx_needs.api import get_needs_view

from handbog.compat import needs_after_reading
from handbog.model import load, of_app

LOGGER = logging.getLogger(__name__)

#: fields whose values a need shows (part of its display fingerprint)
SHOWN_FIELDS = ("grundlag", "art", "soegning", "tjekliste", "bibkey")
COVERAGE_KINDS = ("grundlag", "kilder", "uden-tjekpunkt", "ubrugte-kilder")


# -- Placeholders and directives ---------------------------------------------------------------


class trace_view(nodes.General, nodes.Element):  # noqa: N801 (docutils node naming)
    """Replaced at resolve time by a table, a list or a diagram (``kind``, ``target``)."""


def note_view_page(env: Any, docname: str) -> None:
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
        self.env.handbog_views[self.env.docname].append(target)
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


def _capital(word: str) -> str:
    """A field's word at the start of a table cell or heading."""
    return word[:1].upper() + word[1:]


# -- Small node builders ----------------------------------------------------------------------


def _link(app: Any, fromdoc: str, need: Any, text: str | None = None) -> nodes.Node:
    if not need.get("docname"):
        return nodes.Text(text or need["id"])
    uri = app.builder.get_relative_uri(fromdoc, need["docname"]) + "#" + need["id"]
    ref = nodes.reference("", "", internal=True, refuri=uri, reftitle=need["title"])
    ref += nodes.Text(text or need["id"])
    return ref


def _joined(items: Iterable[nodes.Node], empty: str = "–") -> nodes.paragraph:
    para = nodes.paragraph()
    for index, item in enumerate(items):
        if index:
            para += nodes.Text(", ")
        para += item
    if not para.children:
        para += nodes.Text(empty)
    return para


def _table(headers: Sequence[str], rows: list[list[nodes.Node]], classes: list[str]) -> nodes.table:
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
        for cell in cells:
            row += nodes.entry("", cell)
        body += row
    group += body
    return table


#: docname → position in the reading order (set for each build by :func:`_note_order`)
_ORDER: dict[str, int] = {}


def _by_place(needs: Iterable[Any]) -> list[Any]:
    """In the order a reader meets them: pages in toctree order, then by line."""

    def key(need: Any) -> tuple[int, str, int, str]:
        doc = need.get("docname") or ""
        return (_ORDER.get(doc, len(_ORDER)), doc, need.get("lineno") or 0, need["id"])

    return sorted(needs, key=key)


def _note_order(app: Any, env: Any) -> None:
    from handbog.pdflinks import reading_order

    _ORDER.clear()
    _ORDER.update({doc: i for i, doc in enumerate(reading_order(env, app.config.root_doc))})


def _backs(needs: Any, need: Any, link: str, types: Iterable[str] | None = None) -> list[Any]:
    found = [needs[i] for i in need.get(f"{link}_back") or [] if i in needs]
    if types is not None:
        found = [n for n in found if n["type"] in types]
    return _by_place(found)


def _checks(app: Any, fromdoc: str, checks: list[Any]) -> nodes.paragraph:
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


def element_table(app: Any, fromdoc: str, needs: Any, element: Any) -> list[nodes.Node]:
    out: list[nodes.Node] = []
    intro = nodes.paragraph()
    intro += nodes.Text(f"{element['type_name']}: ")
    intro += _link(app, fromdoc, element, f"{element['title']} ({element['id']})")
    intro += nodes.Text(".")
    if element["type"] == "kerneelement":
        supporters = _backs(needs, element, "understoetter")
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
    direct = _backs(needs, element, "tjekker")
    if direct:
        intro += nodes.Text(f" Tjekkes direkte af {len(direct)} tjekpunkter: ")
        intro += _checks(app, fromdoc, direct).children
        intro += nodes.Text(".")
    out.append(intro)
    info = of_app(app)
    realisers = _backs(needs, element, "realiserer", info.practice_types)
    if not realisers:
        out.append(nodes.paragraph(text="Ingen praksis eller hjælperedskab realiserer det endnu."))
        return out
    rows = []
    for need in realisers:
        first = nodes.paragraph()
        first += _link(app, fromdoc, need, need["title"])
        first += nodes.Text(f" ({need['type_name'].lower()}, {need['id']})")
        grounds = ", ".join(
            _capital(info.fields["grundlag"].word(g)) for g in need.get("grundlag") or []
        )
        grounds = grounds or "–"
        sources = [needs[i] for i in need.get("bygger_paa") or [] if i in needs]
        checks = _backs(needs, need, "tjekker")
        rows.append(
            [
                first,
                nodes.paragraph(text=grounds),
                _joined(_link(app, fromdoc, s, s["title"]) for s in sources),
                _checks(app, fromdoc, checks),
            ]
        )
    headers = ["Praksis eller redskab", "Grundlag", "Bygger på", "Tjekpunkter"]
    out.append(_table(headers, rows, ["handbog-sporbarhed--element"]))
    return out


# -- {daekning} ----------------------------------------------------------------------------------


def coverage_grounds(app: Any, fromdoc: str, needs: Any) -> list[nodes.Node]:
    info = of_app(app)
    practices = _by_place(n for n in needs.values() if n["type"] in info.practice_types)
    words = info.fields["grundlag"].words
    rows = []
    for key, label in [*((k, _capital(w)) for k, w in words.items()), ("", "Ikke angivet")]:
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
            text=f"{len(practices)} praksisser og hjælperedskaber. En praksis kan hvile på "
            "flere slags grundlag og tælles da i hver række."
        ),
        _table(["Grundlag", "Antal", "Praksisser og redskaber"], rows, ["handbog-daekning"]),
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


def coverage_sources(app: Any, fromdoc: str, needs: Any) -> list[nodes.Node]:
    used = []
    for source in needs.values():
        if source["type"] != "kilde":
            continue
        resting = _backs(needs, source, "bygger_paa")
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
        _table(["Kilde", "Antal", "Hvad bygger på den"], rows, ["handbog-daekning"]),
    ]


def coverage_unchecked(app: Any, fromdoc: str, needs: Any) -> list[nodes.Node]:
    kinds = of_app(app).practice_types
    unchecked = _by_place(
        n for n in needs.values() if n["type"] in kinds and not n.get("tjekker_back")
    )
    if not unchecked:
        return [
            nodes.paragraph(
                text="Alle praksisser og hjælperedskaber tjekkes af mindst ét tjekpunkt."
            )
        ]
    listing = nodes.bullet_list()
    for need in unchecked:
        para = nodes.paragraph()
        para += _link(app, fromdoc, need, need["title"])
        elements = [needs[i] for i in need.get("realiserer") or [] if i in needs]
        para += nodes.Text(f" ({need['id']}; realiserer ")
        para += _joined(_link(app, fromdoc, e, e["title"]) for e in elements).children
        para += nodes.Text(")")
        listing += nodes.list_item("", para)
    intro = nodes.paragraph(
        text=f"{len(unchecked)} praksisser og hjælperedskaber tjekkes ikke af nogen tjekliste:"
    )
    return [intro, listing]


def coverage_unused(app: Any, fromdoc: str, needs: Any) -> list[nodes.Node]:
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
        label = _capital(searches.words[key]) if key in searches.words else key or "Andre kilder"
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


# -- {modeldiagram}: inline SVG ---------------------------------------------------------------

INK = "#1b1b1b"  # text on the light boxes; lines and loose text use currentColor (dark mode)
WIDTH = 400
FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, 'DejaVu Sans', sans-serif"


@dataclass
class Box:
    x: float
    y: float
    w: float
    h: float
    fill: str
    lines: list[tuple[str, int, bool]]  # text, font size, bold


# Advance widths (in em) of DejaVu Sans and DejaVu Sans Bold, the fonts Debian's Chromium and
# WeasyPrint fall back to here; system-ui fonts elsewhere are narrower. SVG has no line
# breaking, so the text is measured with the widest font it may meet.
_EM_WIDTHS = {
    False: {
        0.29: "'ijlIJ",
        0.34: " .,:;/",
        0.41: "frt()-",
        0.52: "sz–§",
        0.59: "cLkFvxyP",
        0.63: "aoøåTYöäeébdghnpquESü0123456789K",
        0.70: "AVÅBRXZC",
        0.79: "UHNDGOQØ&",
        0.86: "wM",
        0.99: "mæÆW",
    },
    True: {
        0.37: "'ijlIJ/ ",
        0.42: ".,:;-",
        0.49: "f()tr",
        0.60: "–§zcs",
        0.68: "LvxyakåäeEFTé",
        0.73: "oøö0123456789hnuübdgpqSYCPZ",
        0.78: "BAKRVXÅ",
        0.86: "UGDHNOQØ&",
        0.92: "w",
        1.10: "MmæÆW",
    },
}
_CHAR_EM = {
    bold: {char: em for em, chars in table.items() for char in chars}
    for bold, table in _EM_WIDTHS.items()
}


def text_width(text: str, size: float, bold: bool) -> float:
    """The width in px of ``text`` at ``size`` px, never less than DejaVu Sans gives it."""
    widths = _CHAR_EM[bold]
    fallback = 1.0 if bold else 0.9
    return size * sum(widths.get(char, fallback) for char in text)


def _wrap(text: str, width_px: float, size: int, bold: bool) -> tuple[list[str], int]:
    """Lines of at most the box's width; the font shrinks until the longest word fits."""
    words = text.split() or [text]
    while size > 10 and max(text_width(w, size, bold) for w in words) > width_px:
        size -= 1
    lines: list[str] = []
    for word in words:
        # Only a word too long even at the smallest size is split.
        while text_width(word, size, bold) > width_px:
            fits = [n for n in range(1, len(word)) if text_width(word[:n], size, bold) <= width_px]
            cut = fits[-1] if fits else 1
            lines.append(word[:cut])
            word = word[cut:]
        if lines and text_width(f"{lines[-1]} {word}", size, bold) <= width_px:
            lines[-1] = f"{lines[-1]} {word}"
        else:
            lines.append(word)
    return lines, size


def _box(x: float, y: float, w: float, fill: str, parts: list[tuple[str, int, bool]]) -> Box:
    lines: list[tuple[str, int, bool]] = []
    for text, size, bold in parts:
        wrapped, fitted = _wrap(text, w - 20, size, bold)
        lines.extend((line, fitted, bold) for line in wrapped)
    height = 16 + sum(int(size * 1.3) for _, size, _ in lines)
    return Box(x, y, w, height, fill, lines)


def _svg_box(box: Box) -> str:
    out = [
        f'<rect x="{box.x}" y="{box.y}" width="{box.w}" height="{box.h}" rx="8" '
        f'fill="{box.fill}" stroke="{INK}" stroke-opacity="0.35"/>'
    ]
    y = box.y + 8
    for text, size, bold in box.lines:
        y += int(size * 1.3)
        weight = ' font-weight="700"' if bold else ""
        out.append(
            f'<text x="{box.x + 10}" y="{y - size * 0.3:.1f}" font-size="{size}"{weight} '
            f'fill="{INK}">{escape(text)}</text>'
        )
    return "\n".join(out)


def _svg(boxes: list[Box], extra: list[str], height: float, title: str, desc: str, uid: str) -> str:
    body = "\n".join([*extra, *(_svg_box(b) for b in boxes)])
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height:.0f}" '
        f'width="100%" style="max-width:{WIDTH * 1.6:.0f}px;height:auto" role="img" '
        f'focusable="false" aria-labelledby="{uid}-t {uid}-d" font-family="{FONT}">\n'
        f'<title id="{uid}-t">{escape(title)}</title>\n<desc id="{uid}-d">{escape(desc)}</desc>\n'
        f"{body}\n</svg>"
    )


def _colours() -> dict[str, str]:
    return {name: t.color for name, t in load().types.items()}


def model_svg(
    prerequisites: list[Any],
    elements: list[Any],
    uid: str,
    colours: Mapping[str, str] | None = None,
) -> str:
    """The report's figure 3.1 redrawn: the core elements inside a frame of prerequisites.

    The outer frame is the prerequisites' (one above, the others below the core elements),
    the dashed inner frame holds the core elements. Portrait, 400 units wide: it is read on
    phones first.
    """
    colours = colours or _colours()
    margin, gap, pad = 2, 10, 8
    inner_x = margin + pad
    inner_w = WIDTH - 2 * inner_x
    boxes: list[Box] = []
    extra: list[str] = []
    y = margin + 26  # room for the outer frame's label
    if prerequisites:
        top = _box(
            inner_x,
            y,
            inner_w,
            colours["forudsaetning"],
            [("Forudsætning", 13, False), (prerequisites[0]["title"], 16, True)],
        )
        boxes.append(top)
        y += top.h + gap
    frame_top = y
    y += 28
    # One column: two columns of 16 px bold text do not fit "samarbejdsrelationer" on a phone.
    for element in elements:
        box = _box(
            inner_x + gap,
            y,
            inner_w - 2 * gap,
            colours["kerneelement"],
            [("Kerneelement", 13, False), (element["title"], 16, True)],
        )
        boxes.append(box)
        y += box.h + gap
    extra.append(
        f'<rect x="{inner_x}" y="{frame_top}" width="{inner_w}" height="{y - frame_top}" '
        f'rx="10" fill="{colours["kerneelement"]}" fill-opacity="0.25" stroke="currentColor" '
        f'stroke-opacity="0.7" stroke-dasharray="6 4"/>'
        f'<text x="{inner_x + gap}" y="{frame_top + 19}" font-size="13" font-weight="700" '
        f'fill="currentColor">{len(elements)} kerneelementer: selve arbejdet</text>'
    )
    y += gap
    rest = prerequisites[1:]
    if rest:
        w = (inner_w - gap * (len(rest) - 1)) / len(rest)
        bottom = [
            _box(
                inner_x + i * (w + gap),
                y,
                w,
                colours["forudsaetning"],
                [("Forudsætning", 13, False), (p["title"], 16, True)],
            )
            for i, p in enumerate(rest)
        ]
        tallest = max(b.h for b in bottom)
        for b in bottom:
            b.h = tallest
        boxes.extend(bottom)
        y += tallest
    y += pad
    # Drawn first, so it lies under everything else.
    extra.insert(
        0,
        f'<rect x="{margin}" y="{margin}" width="{WIDTH - 2 * margin}" height="{y - margin}" '
        f'rx="14" fill="{colours["forudsaetning"]}" fill-opacity="0.3" stroke="currentColor" '
        f'stroke-opacity="0.7" stroke-width="1.5"/>'
        f'<text x="{inner_x}" y="{margin + 18}" font-size="13" font-weight="700" '
        f'fill="currentColor">{len(prerequisites)} forudsætninger: rammen om arbejdet</text>',
    )
    title = "Modellen: socialfaglige medarbejdere i skole og dagtilbud"
    desc = (
        f"{len(prerequisites)} forudsætninger ({', '.join(p['title'] for p in prerequisites)}) "
        f"danner en ramme omkring {len(elements)} kerneelementer "
        f"({', '.join(e['title'] for e in elements)}). "
        "Samme indhold står som liste under figuren."
    )
    return _svg(boxes, extra, y + margin, title, desc, uid)


def group_svg(
    element: Any,
    supported: list[Any],
    children: list[Any],
    uid: str,
    colours: Mapping[str, str] | None = None,
) -> str:
    """One prerequisite or core element with the practices and tools that realise it.

    One picture per element, not one for the whole model: a printed page can break between
    them, and each stays short enough to read on a phone without zooming.
    """
    colours = colours or _colours()
    margin, gap, indent = 4, 8, 26
    parts = [
        (f"{element['type_name']} · {element['id']}", 13, False),
        (element["title"], 16, True),
    ]
    if supported:
        parts.append(("Understøtter: " + ", ".join(s["title"] for s in supported), 13, False))
    head = _box(margin, margin, WIDTH - 2 * margin, colours[element["type"]], parts)
    boxes, lines = [head], []
    y = margin + head.h + gap
    last_mid = y
    for child in children:
        box = _box(
            margin + indent,
            y,
            WIDTH - 2 * margin - indent,
            colours.get(child["type"], "#EEEEEE"),
            [(f"{child['type_name']} · {child['id']}", 12, False), (child["title"], 14, False)],
        )
        boxes.append(box)
        last_mid = y + min(box.h / 2, 22)
        lines.append(
            f'<path d="M{margin + 12} {last_mid:.1f} H{margin + indent}" '
            'stroke="currentColor" stroke-opacity="0.6" fill="none"/>'
        )
        y += box.h + gap / 2
    if children:
        lines.append(
            f'<path d="M{margin + 12} {margin + head.h} V{last_mid:.1f}" '
            'stroke="currentColor" stroke-opacity="0.6" fill="none"/>'
        )
    kinds = "praksis eller hjælperedskab" if len(children) == 1 else "praksisser og hjælperedskaber"
    title = f"{element['type_name']}: {element['title']}"
    desc = (
        f"{element['title']} ({element['id']}) realiseres af {len(children)} {kinds}"
        + (": " + "; ".join(c["title"] for c in children) if children else "")
        + ". Samme indhold står som liste under figurerne."
    )
    return _svg(boxes, lines, y + margin, title, desc, uid)


def _elements(needs: Any) -> tuple[list[Any], list[Any]]:
    prerequisites = _by_place(n for n in needs.values() if n["type"] == "forudsaetning")
    elements = _by_place(n for n in needs.values() if n["type"] == "kerneelement")
    return prerequisites, elements


def _text_alternative(app: Any, fromdoc: str, needs: Any, level: str) -> nodes.Node:
    prerequisites, elements = _elements(needs)
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
                children = _backs(needs, element, "realiserer", practice_types)
                if children:
                    leaves = nodes.bullet_list()
                    for child in children:
                        leaf = nodes.paragraph()
                        leaf += nodes.Text(f"{child['type_name']}: ")
                        leaf += _link(app, fromdoc, child, child["title"])
                        leaf += nodes.Text(f" ({child['id']})")
                        leaves += nodes.list_item("", leaf)
                    sub += leaves
            inner += sub
        item += inner
        outer += item
    return outer


def diagram(app: Any, fromdoc: str, needs: Any, level: str, serial: int) -> list[nodes.Node]:
    prerequisites, elements = _elements(needs)
    info = of_app(app)
    colours = {name: t.color for name, t in info.types.items()}
    uid = f"handbog-diagram-{serial}"
    if level == "model":
        svg = model_svg(prerequisites, elements, uid, colours)
        wrapper = f'<div class="handbog-diagram handbog-diagram--model">{svg}</div>'
    else:
        svgs = []
        for index, element in enumerate([*prerequisites, *elements]):
            supported = [needs[i] for i in element.get("understoetter") or [] if i in needs]
            children = _backs(needs, element, "realiserer", info.practice_types)
            svg = group_svg(element, supported, children, f"{uid}-{index}", colours)
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


def resolve(app: Any, doctree: nodes.document, docname: str) -> None:
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


def check_every_element_has_a_table(app: Any, _builder: Any = None) -> None:
    """When the handbook has element tables at all, every FO and KE must have one."""
    env = app.env
    shown = {t for targets in env.handbog_views.values() for t in targets}
    if not shown:
        return
    home = max(env.handbog_views, key=lambda d: len(env.handbog_views[d]))
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
    titles = {i: n["title"] for i, n in needs.items()}
    back: dict[str, list[tuple[str, str, str]]] = defaultdict(list)
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

    def clear_doc(self, app: Any, env: Any, docname: str) -> None:
        _views(env).pop(docname, None)

    def merge_other(self, app: Any, env: Any, docnames: set[str], other: Any) -> None:
        theirs = getattr(other, "handbog_views", {})
        _views(env).update({doc: theirs[doc] for doc in docnames if doc in theirs})

    def process_doc(self, app: Any, doctree: nodes.document) -> None:
        """Nothing to do: the directives note their pages while the page is read."""

    def get_updated_docs(self, app: Any, env: Any) -> list[str]:
        """After reading: the pages whose shown needs changed because another page changed."""
        needs = needs_after_reading(app)
        now = fingerprints(needs, of_app(app).links)
        before = getattr(env, "handbog_need_prints", None)
        env.handbog_need_prints = now
        return sorted(pages_to_rewrite(before, now, needs, _views(env)) & env.found_docs)


def _views(env: Any) -> dict[str, list[str]]:
    if not hasattr(env, "handbog_views"):
        env.handbog_views = {}
    return env.handbog_views  # type: ignore[no-any-return]


def setup(app: Any) -> None:
    app.add_node(trace_view)
    app.add_directive("sporbarhedstabel", ElementTableDirective)
    app.add_directive("daekning", CoverageDirective)
    app.add_directive("modeldiagram", DiagramDirective)
    app.add_env_collector(ViewsCollector)
    app.connect("env-check-consistency", _note_order)
    app.connect("doctree-resolved", resolve)
    app.connect("write-started", check_every_element_has_a_table, priority=650)
