"""Read ``pdf-moduler.json``, the list of PDF modules the HTML build writes.

:mod:`handbog.theme.pdflinks` writes the manifest at the end of every HTML build; this module only
reads and checks it, so the PDF build never has to import Sphinx's environment.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from handbog.theme.pdflinks import MANIFEST, WHOLE

from .errors import PdfBuildError


@dataclass(frozen=True)
class Page:
    doc: str
    title: str
    html: str  # path relative to the HTML output folder, e.g. "kerneelementer/index.html"
    part: str = ""  # the part of the whole handbook it is printed in ("" in a module)


@dataclass(frozen=True)
class Module:
    id: str
    title: str
    pages: tuple[Page, ...]
    #: what the cover says the PDF is, above its title (pdflinks decides)
    kicker: str = ""

    @property
    def is_whole_handbook(self) -> bool:
        return self.id == WHOLE["id"]


@dataclass(frozen=True)
class LocalEdition:
    """A municipal edition's identity in print (handbog.kommune): whose edition, which, and
    from when, and the core's edition and date it is based on."""

    line: str  # »Eksempel Kommunes udgave · baseret på Praksishåndbogen, udgave 2026.1«
    name: str
    genitive: str
    edition: str
    date: str
    core_edition: str
    core_date: str


@dataclass(frozen=True)
class Manifest:
    html_dir: Path
    project: str
    version: str
    date: str  # as Sphinx formats ``today``: dd.mm.yyyy
    baseurl: str
    language: str
    pdf_dir: str
    modules: tuple[Module, ...]
    #: authors and organisations of the references, never hyphenated
    names: tuple[str, ...] = ()
    build: str = ""  # the commit the PDFs are printed from (colophon)
    repo_url: str | None = None  # where readers report mistakes, when known
    kontakt: str = ""  # the edition's address for corrections (e-mail or page), when set
    based_on: str = ""  # the report's reference (colophon)
    local: LocalEdition | None = None  # a municipal edition's (cover and colophon)

    def module(self, module_id: str) -> Module:
        for module in self.modules:
            if module.id == module_id:
                return module
        known = ", ".join(m.id for m in self.modules)
        raise PdfBuildError(
            f"Ukendt PDF-modul {module_id!r}. Kendte moduler: {known}. "
            f"(Unknown PDF module {module_id!r}.)"
        )

    @property
    def output_dir(self) -> Path:
        return self.html_dir / self.pdf_dir


def load_manifest(html_dir: Path) -> Manifest:
    path = Path(html_dir) / MANIFEST
    if not path.is_file():
        raise PdfBuildError(
            f"Fandt ikke {path}. Byg HTML-udgaven først (sphinx-build -b html …), den skriver "
            f"listen over PDF-moduler. (Manifest {MANIFEST} not found: build the HTML first.)"
        )
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        modules = tuple(
            Module(
                id=m["id"],
                title=m["title"],
                kicker=m.get("kicker") or "",
                pages=tuple(
                    Page(p["doc"], p["title"], p["html"], p.get("part") or "") for p in m["pages"]
                ),
            )
            for m in data["modules"]
        )
        return Manifest(
            html_dir=Path(html_dir),
            project=data["project"],
            version=data["version"],
            date=data["date"],
            baseurl=data["baseurl"],
            language=data.get("language") or "da",
            pdf_dir=data.get("pdf_dir") or "pdf",
            modules=modules,
            names=tuple(str(n) for n in data.get("names") or ()),
            build=data.get("build") or "",
            repo_url=data.get("repo_url") or None,
            kontakt=data.get("kontakt") or "",
            based_on=data.get("based_on") or "",
            local=LocalEdition(**data["kommune"]) if data.get("kommune") else None,
        )
    except (ValueError, KeyError, TypeError) as error:
        raise PdfBuildError(
            f"{path} kan ikke læses ({type(error).__name__}: {error}). Byg HTML-udgaven igen. "
            f"(Manifest is malformed.)"
        ) from error
