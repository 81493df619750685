"""The model drawn as inline SVG: no Graphviz or PlantUML binary, readable in dark mode.

Hand-written rather than a diagram library: the two pictures are a few boxes with wrapped
text, and every library on offer needed a binary (Graphviz, PlantUML) or a JavaScript
renderer in the browser, both heavier than this module and neither usable in the PDF.
Text is measured with DejaVu Sans widths so no title runs out of its box.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape
from typing import Any

from handbog.model import Model

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
    outline: str = ""  # the box's line style (:func:`outlines`)


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


#: Line styles for the boxes, given to the model's types in their order. Printed in black and
#: white the types' colours all turn the same light grey; the outline (and the type's name
#: in every box) still tells them apart.
_OUTLINE_STYLES = (
    'stroke-width="2.5" stroke-opacity="0.8"',
    'stroke-width="1.5" stroke-opacity="0.8" stroke-dasharray="8 4"',
    'stroke-width="1" stroke-opacity="0.6"',
    'stroke-width="1.5" stroke-opacity="0.8" stroke-dasharray="2 3"',
    'stroke-width="1" stroke-opacity="0.6" stroke-dasharray="8 3 2 3"',
)


def outlines(info: Model) -> dict[str, str]:
    """The line style of each type of the model (the first five types; others get the
    plain thin line)."""
    return dict(zip(info.types, _OUTLINE_STYLES, strict=False))


def _box(
    x: float, y: float, w: float, fill: str, parts: list[tuple[str, int, bool]], outline: str = ""
) -> Box:
    lines: list[tuple[str, int, bool]] = []
    for text, size, bold in parts:
        wrapped, fitted = _wrap(text, w - 20, size, bold)
        lines.extend((line, fitted, bold) for line in wrapped)
    height = 16 + sum(int(size * 1.3) for _, size, _ in lines)
    return Box(x, y, w, height, fill, lines, outline)


def _svg_box(box: Box) -> str:
    line = box.outline or 'stroke-opacity="0.35"'
    out = [
        f'<rect x="{box.x}" y="{box.y}" width="{box.w}" height="{box.h}" rx="8" '
        f'fill="{box.fill}" stroke="{INK}" {line}/>'
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


def _colours(info: Model) -> dict[str, str]:
    return {name: t.color for name, t in info.types.items()}


def model_svg(
    prerequisites: list[Any],
    elements: list[Any],
    uid: str,
    info: Model,
) -> str:
    """The report's figure 3.1 redrawn: the core elements inside a frame of prerequisites.

    The outer frame is the prerequisites' (one above, the others below the core elements),
    the dashed inner frame holds the core elements. Portrait, 400 units wide: it is read on
    phones first.
    """
    colours = _colours(info)
    outline = outlines(info)
    margin, gap, pad = 2, 10, 8
    inner_x = margin + pad
    inner_w = WIDTH - 2 * inner_x
    boxes: list[Box] = []
    extra: list[str] = []
    y: float = margin + 26  # room for the outer frame's label
    if prerequisites:
        top = _box(
            inner_x,
            y,
            inner_w,
            colours["forudsaetning"],
            [("Forudsætning", 13, False), (prerequisites[0]["title"], 16, True)],
            outline.get("forudsaetning", ""),
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
            outline.get("kerneelement", ""),
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
                outline.get("forudsaetning", ""),
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
    info: Model,
) -> str:
    """One prerequisite or core element with the practices and tools that realise it.

    One picture per element, not one for the whole model: a printed page can break between
    them, and each stays short enough to read on a phone without zooming.
    """
    colours = _colours(info)
    margin, gap, indent = 4, 8, 26
    parts = [
        (f"{element['type_name']} · {element['id']}", 13, False),
        (element["title"], 16, True),
    ]
    if supported:
        parts.append(("Understøtter: " + ", ".join(s["title"] for s in supported), 13, False))
    outline = outlines(info)
    head = _box(
        margin,
        margin,
        WIDTH - 2 * margin,
        colours[element["type"]],
        parts,
        outline.get(element["type"], ""),
    )
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
            outline.get(child["type"], ""),
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
    kinds = (
        "praksis eller hjælperedskab" if len(children) == 1 else "arbejdsgange og hjælperedskaber"
    )
    title = f"{element['type_name']}: {element['title']}"
    desc = (
        f"{element['title']} ({element['id']}) realiseres af {len(children)} {kinds}"
        + (": " + "; ".join(c["title"] for c in children) if children else "")
        + ". Samme indhold står som liste under figurerne."
    )
    return _svg(boxes, lines, y + margin, title, desc, uid)
