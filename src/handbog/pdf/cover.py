"""The cover page of a module: handbook title, module title, edition and date, and – when the
handbook's public address is known – the module's online page as text and as a QR code.

Without an address (HANDBOG_BASEURL unset) the cover says nothing about being online: no
invented host, no QR code.
"""

from __future__ import annotations

from datetime import datetime
from urllib.parse import quote, urljoin

import segno
from bs4 import BeautifulSoup, Tag

from handbog import version
from handbog.theme.pdflinks import MODULE_KICKER

from .manifest import LocalEdition, Manifest, Module

COVER_ID = "pdf::forside"
#: The report, as a reader cites it: the covers, the colophon and the handouts say it so.
VIVE_SHORT = "VIVE (2023)"
#: Who publishes the handbook (conf.py's author), as the cover and the colophon name it.
PUBLISHER = "Håndbogens redaktion"


def edition_line(manifest: Manifest) -> str:
    """ "Udgave 2026.1 · 01.12.2026": the same words as the HTML footer (handbog.theme.pdflinks)."""
    return version.edition_line(manifest.version, manifest.date)


def local_edition(local: LocalEdition) -> str:
    """ "1 af december 2026": the municipal edition's number and date."""
    return f"{local.edition or version.NO_EDITION} af {local.date}"


def core_edition(local: LocalEdition) -> str:
    """ "Praksishåndbogen, udgave 2026.1 af december 2026": the core it is based on."""
    edition = f"udgave {local.core_edition}" if local.core_edition else version.NO_EDITION
    date = f" af {local.core_date}" if local.core_date else ""
    return f"Praksishåndbogen, {edition}{date}"


def online_page(manifest: Manifest, module: Module) -> str | None:
    """The address of the module's first page (the whole handbook: the front page)."""
    if not manifest.baseurl:
        return None
    if module.is_whole_handbook or not module.pages:
        return manifest.baseurl
    return urljoin(manifest.baseurl, quote(module.pages[0].html))


def qr_code(soup: BeautifulSoup, url: str) -> Tag:
    """The address as a QR code, inline SVG (no file, no network), with a text alternative."""
    # error level M: readable with a smudge or a fold; the code has a quiet zone of 4 modules
    code = segno.make(url, error="m", micro=False)
    svg = code.svg_inline(
        scale=1, border=4, omitsize=True, title=f"QR-kode til {url}", svgclass="pdf-cover__qr"
    )
    parsed = BeautifulSoup(svg, "html.parser").find("svg")
    assert isinstance(parsed, Tag)  # segno always writes one <svg>
    parsed["role"] = "img"
    parsed["aria-label"] = f"QR-kode til modulet online: {url}"
    return parsed


def build_cover(soup: BeautifulSoup, manifest: Manifest, module: Module) -> Tag:
    cover = soup.new_tag(
        "section",
        attrs={
            "class": "pdf-cover",
            "id": COVER_ID,
            # every other page's footer repeats it (pdf.css: string-set)
            "data-edition": edition_line(manifest)
            if manifest.local is None
            # the footer has room for as much as the core's line
            else f"Lokal udgave {manifest.local.edition} · {manifest.date}",
        },
    )

    def add(tag: str, css_class: str, text: str) -> Tag:
        element = soup.new_tag(tag, attrs={"class": css_class})
        element.string = text
        cover.append(element)
        return element

    add(
        "p",
        "pdf-cover__kicker",
        module.kicker or MODULE_KICKER,
    )
    add("p", "pdf-cover__project", manifest.project)
    local = manifest.local
    if local is not None:
        # whose edition this is, said the way the WHO asks of a local checklist: based on …
        add("p", "pdf-cover__identity", local.line)
    # The running header takes the module title from here (pdf.css: string-set).
    add("p", "pdf-cover__module", module.title)

    url = online_page(manifest, module)
    facts = soup.new_tag("dl", attrs={"class": "pdf-cover__facts"})
    rows = [
        ("Udgave", manifest.version or version.NO_EDITION),
        ("Dato", manifest.date),
        ("Udgiver", PUBLISHER),
        ("Bygger på", VIVE_SHORT),
    ]
    if local is not None:
        rows[0:1] = [("Udgave", local_edition(local)), ("Kernen", core_edition(local))]
        rows[3] = ("Udgiver", f"{local.name} og {PUBLISHER.lower()}")
    if url is not None:
        rows.append(("Online", url.split("://", 1)[-1]))
    for term, value in rows:
        dt = soup.new_tag("dt")
        dt.string = term
        dd = soup.new_tag("dd")
        dd.string = value
        facts.extend([dt, dd])
    cover.append(facts)
    if url is not None:
        cover.append(qr_code(soup, url))

    add(
        "p",
        "pdf-cover__note",
        "Udskrift af den digitale håndbog. Henvisninger til sider uden for modulet står med "
        + (
            "deres webadresse eller det modul, de er trykt i. "
            if url is not None
            else "det modul, de er trykt i. "
        )
        + "ID'er som PR_FS_TILLID_MOEDER navngiver praksis, redskaber, kilder og "
        "tjekpunkter, så de kan findes igen i håndbogen.",
    )
    return cover


def created_meta(created: datetime | None) -> str:
    """The <meta> lines that give a printed file its creation date (PDF metadata), or ""."""
    if created is None:
        return ""
    stamp = created.isoformat()
    return (
        f'<meta name="dcterms.created" content="{stamp}">\n'
        f'<meta name="dcterms.modified" content="{stamp}">'
    )
