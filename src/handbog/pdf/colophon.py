"""The colophon at the end of every module: who publishes, what it builds on, the licence,
how to cite it and where to report a mistake.

Every statement is one the project can stand behind: the publisher is the handbook's own
editors in its repository (no organisation is named); VIVE's reuse terms are quoted from
the report's own colophon (seed 001) and cited; the licence is the one the package declares
(pyproject.toml, read through the installed metadata); the repository's address and the
public address are printed only when the build knows them.
"""

from __future__ import annotations

from importlib import metadata

from bs4 import BeautifulSoup, Tag

from handbog import version

from .cover import (
    PUBLISHER,
    VIVE_SHORT,
    core_edition,
    edition_line,
    local_edition,
    online_page,
)
from .manifest import Manifest, Module

COLOPHON_ID = "pdf::kolofon"
#: The heading, also the running header of its page(s).
TITLE = "Om denne udgave"

#: The report's reuse terms, word for word from its colophon (VIVE, 2023, seed 001).
VIVE_REUSE = "VIVEs publikationer kan frit citeres med tydelig kildeangivelse."
VIVE_COPYRIGHT = "© VIVE og forfatterne, 2023"


def licence() -> str:
    """The licence the package declares (pyproject.toml), or "" when none is declared."""
    try:
        declared = metadata.metadata("handbog").get_all("License") or [""]
    except metadata.PackageNotFoundError:
        return ""
    return str(declared[0])


def build_colophon(soup: BeautifulSoup, manifest: Manifest, module: Module) -> Tag:
    section = soup.new_tag("section", attrs={"class": "pdf-colophon", "id": COLOPHON_ID})
    heading = soup.new_tag("h1")
    heading.string = TITLE
    section.append(heading)
    listing = soup.new_tag("dl", attrs={"class": "pdf-colophon__list"})
    section.append(listing)

    def row(term: str, *parts: str | Tag) -> None:
        dt = soup.new_tag("dt")
        dt.string = term
        dd = soup.new_tag("dd")
        for part in parts:
            dd.append(part)
        listing.extend([dt, dd])

    def link(url: str) -> Tag:
        anchor = soup.new_tag("a", attrs={"href": url, "class": "pdf-link-external"})
        anchor.string = url.split("://", 1)[-1]
        return anchor

    what = "hele håndbogen" if module.is_whole_handbook else f"modulet »{module.title}«"
    local = manifest.local
    if local is None:
        row("Udgave", f"{edition_line(manifest)}. Denne PDF er {what}.")
    else:
        row(
            "Udgave",
            f"{local.line}. {local.genitive} udgave: {local_edition(local)}. Kernen: "
            f"{core_edition(local)}. Trykt {manifest.date}. Denne PDF er {what}.",
        )
    repo = manifest.repo_url
    publisher = (
        PUBLISHER
        if local is None
        else (f"{local.name} for de lokale sider og bokse, {PUBLISHER.lower()} for resten")
    )
    row(
        "Udgiver",
        f"{publisher}. Håndbogen er åben: tekst, tjeklister og værktøjet, der bygger "
        "den, ligger i ét kodedepot, hvor redaktionen vedligeholder den",
        *((" (", link(repo), ").") if repo else (".",)),
    )
    report = f" {manifest.based_on}" if manifest.based_on else ""
    row(
        "Bygger på",
        f"{VIVE_SHORT}.{report} {VIVE_COPYRIGHT}. Om genbrug skriver rapporten: "
        f"»{VIVE_REUSE}« (VIVE, 2023, rapportens kolofon). Håndbogen gengiver rapportens "
        "model med egne ord og henviser til de afsnit, den bygger på.",
    )
    declared = licence()
    row(
        "Licens",
        f"{declared}. »Indhold« er håndbogens egen tekst, »kode« er værktøjet, der bygger "
        "den. Rapportens tekst og figurer er VIVE's og forfatternes, se ovenfor."
        if declared
        else "Håndbogens egen tekst har endnu ingen besluttet licens. Rapportens tekst og "
        "figurer er VIVE's og forfatternes, se ovenfor.",
    )
    year = manifest.date.rsplit(".", 1)[-1]
    address = online_page(manifest, module)
    row(
        "Sådan citerer du",
        f"Håndbogens redaktion ({year}). {manifest.project}. Åben praksishåndbog, "
        + (f"udgave {manifest.version}" if manifest.version else version.NO_EDITION)
        + ("" if address else "."),
        *((". ", link(manifest.baseurl)) if address else ()),
    )
    if manifest.kontakt:
        address = manifest.kontakt
        target = address if "@" not in address or "://" in address else f"mailto:{address}"
        anchor = soup.new_tag("a", href=target)
        anchor.string = address
        row(
            "Rettelser",
            "Har du fundet en fejl eller en uklarhed, så skriv til ",
            anchor,
            ". Nævn udgaven og siden.",
        )
    elif repo:
        row(
            "Rettelser",
            "Har du fundet en fejl eller en uklarhed, så skriv til redaktionen som en sag "
            "(»issue«) i kodedepotet: ",
            link(f"{repo.rstrip('/')}/issues"),
            ". Nævn udgaven og siden.",
        )
    else:
        row(
            "Rettelser",
            # A build without an address says so rather than pointing at a person; a
            # release cannot be built without one (pdflinks.check_identity).
            "Denne udgave er bygget uden en adresse til rettelser. Nævn udgaven og siden, når "
            "du giver håndbogens redaktion besked.",
        )
    return section
