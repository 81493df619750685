"""Every text drawn on a coloured shape in the overview's charts has at least WCAG's 4.5:1.

axe does not check text in SVG, so the ratio is computed here from the markup itself, on the
charts 'handbog tjekliste samlet' writes (the page draws the same markup: test_aggregate_browser
compares them). Text in currentColor follows the page's own text colour, which the page's
contrast checks cover.
"""

from __future__ import annotations

import re

from test_aggregate import CHECKLIST, GOOD

from handbog.checklists import aggregate

MINIMUM = 4.5


def luminance(colour: str) -> float:
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def ratio(one: str, other: str) -> float:
    dark, light = sorted((luminance(one), luminance(other)))
    return (light + 0.05) / (dark + 0.05)


def test_known_ratios():
    assert round(ratio("#000000", "#ffffff"), 1) == 21.0
    assert round(ratio("#ffffff", "#3182bd"), 2) == 4.15  # the pair issue 22 measured


def test_every_text_on_a_coloured_cell_is_readable():
    reading = aggregate.read_files(GOOD, {CHECKLIST.id: CHECKLIST})
    html = aggregate.fragment(aggregate.aggregate(reading))
    pairs = re.findall(
        r'<rect [^>]*fill="(#[0-9a-fA-F]{6})"[^>]*/><text [^>]*fill="(#[0-9a-fA-F]{6})"', html
    )
    assert len(pairs) >= 40  # every cell of the heat map with a figure
    measured = {(cell, text): ratio(cell, text) for cell, text in pairs}
    print("\n" + "\n".join(f"{c} / {t}: {r:.2f}:1" for (c, t), r in sorted(measured.items())))
    assert {pair: r for pair, r in measured.items() if r < MINIMUM} == {}
    # and every step of the scale, whether this corpus reaches it or not
    for cell, text in zip(aggregate.HEAT_COLOURS, aggregate.HEAT_TEXT, strict=True):
        assert ratio(cell, text) >= MINIMUM, (cell, text)


#: furo's page background in its light and dark theme (--color-background-primary)
PAGES = {"light": "#ffffff", "dark": "#131416"}
#: WCAG 1.4.11: graphics a reader needs (the series' lines, bars and markers) reach 3:1
GRAPHICS_MINIMUM = 3.0


def test_every_series_colour_stands_out_on_the_light_and_the_dark_page():
    measured = {
        (colour, theme): ratio(colour, page)
        for colour in aggregate.SERIES_COLOURS
        for theme, page in PAGES.items()
    }
    print("\n" + "\n".join(f"{c} ({t}): {r:.2f}:1" for (c, t), r in measured.items()))
    assert {key: r for key, r in measured.items() if r < GRAPHICS_MINIMUM} == {}
