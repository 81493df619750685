"""A release build as the publisher makes it (issue 23): the covers carry the handbook's address
as text and as a QR code that reads as that address.

Slow: the real handbook is built with HANDBOG_RELEASE=1 and an address, strict as the
publisher builds it, and one small module is printed. No QR decoder is installed (no pyzbar or
zxing in the environment), so the printed code is read the way a scanner reads it: the cover
is rendered to pixels, the symbol is found by its dark edges (the finder patterns), and every
module is sampled at its centre. The result must be exactly the matrix segno (the library the
cover uses) makes for the module's address, which a scanner decodes to that address.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import pytest
import segno
from conftest import REPO

MM = 72 / 25.4
#: A documentation address (RFC 5737, TEST-NET-1): it passes the release check, which refuses
#: the example hosts (example.org), and it is nobody's real site.
ADDRESS = "https://192.0.2.10/haandbog/"
CONTACT = "https://192.0.2.10/haandbog/rettelser"
MODULE = "samarbejdsrelationer"
EPOCH = "1700000000"


def _environment(**values: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("HANDBOG_", "READTHEDOCS"))}
    return {**env, "SOURCE_DATE_EPOCH": EPOCH, **values}


@pytest.fixture(scope="module")
def release(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The HTML of a release build, and the PDF of one module printed from it."""
    html = tmp_path_factory.mktemp("release") / "html"
    env = _environment(HANDBOG_RELEASE="1", HANDBOG_BASEURL=ADDRESS, HANDBOG_KONTAKT=CONTACT)
    build = subprocess.run(
        [sys.executable, "-m", "sphinx", "-b", "html", "-c", str(REPO), "-W", "--keep-going"]
        + ["-n", "-q", str(REPO / "docs"), str(html)],
        capture_output=True,
        text=True,
        env=env,
        cwd=REPO,
    )
    assert build.returncode == 0, build.stderr
    printed = subprocess.run(
        [sys.executable, "-m", "handbog", "pdf", str(html), "--only", MODULE, "--jobs", "1"],
        capture_output=True,
        text=True,
        env=env,
    )
    assert printed.returncode == 0, printed.stderr
    return html


def _printed_code(path: Path, size: int) -> list[list[bool]]:
    """The QR code drawn on the cover, read module by module from a 600 dpi rendering."""
    pdf = pdfium.PdfDocument(str(path))
    try:
        page = pdf[0]
        squares = []
        for obj in page.get_objects(max_depth=5):
            left, bottom, right, top = obj.get_bounds()
            square = abs((right - left) - (top - bottom)) < 3 * MM
            if (
                obj.type == pdfium_c.FPDF_PAGEOBJ_PATH
                and square
                and 15 * MM < right - left < 40 * MM
            ):
                squares.append((left, bottom, right, top))
        assert len(squares) == 1, f"the cover draws one QR code, found {squares}"
        left, bottom, right, top = squares[0]
        scale = 600 / 72
        image = page.render(scale=scale, grayscale=True).to_pil().convert("L")
        height = page.get_height()
        margin = 2 * MM  # inside the code's quiet zone of 4 modules
        crop = image.crop(
            (
                int((left - margin) * scale),
                int((height - top - margin) * scale),
                int((right + margin) * scale),
                int((height - bottom + margin) * scale),
            )
        )
    finally:
        pdf.close()
    pixels = crop.load()
    dark = [(x, y) for y in range(crop.height) for x in range(crop.width) if pixels[x, y] < 128]
    x0, x1 = min(x for x, _y in dark), max(x for x, _y in dark)
    y0, y1 = min(y for _x, y in dark), max(y for _x, y in dark)
    module_x, module_y = (x1 - x0 + 1) / size, (y1 - y0 + 1) / size
    assert abs(module_x - module_y) < 0.05 * module_x, "the code is square"
    return [
        [
            pixels[int(x0 + (column + 0.5) * module_x), int(y0 + (row + 0.5) * module_y)] < 128
            for column in range(size)
        ]
        for row in range(size)
    ]


@pytest.mark.slow
def test_a_release_cover_carries_the_address_and_a_qr_code_that_reads_as_it(release):
    manifest = json.loads((release / "pdf-moduler.json").read_text("utf-8"))
    assert manifest["baseurl"] == ADDRESS
    module = next(m for m in manifest["modules"] if m["id"] == MODULE)
    online = ADDRESS + module["pages"][0]["html"]
    path = release / "pdf" / f"{MODULE}.pdf"
    pdf = pdfium.PdfDocument(str(path))
    try:
        cover = "".join(pdf[0].get_textpage().get_text_range().split())  # the address may wrap
    finally:
        pdf.close()
    assert f"Online{online.split('://', 1)[1]}" in cover
    code = segno.make(online, error="m", micro=False)
    expected = [[bool(bit) for bit in row] for row in code.matrix]
    printed = _printed_code(path, len(expected))
    wrong = sum(
        a != b
        for row_a, row_b in zip(printed, expected, strict=True)
        for a, b in zip(row_a, row_b, strict=True)
    )
    assert wrong == 0, f"{wrong} of {len(expected) ** 2} modules differ from the address's code"
