"""Turn an assembled module into a PDF with WeasyPrint, offline and reproducibly.

* Resources load from the HTML build only: the URL fetcher refuses every URL that is not a
  file below the HTML folder or the print stylesheet's folder (and ``data:`` URLs, which
  are inline). Nothing is ever fetched from the network.
* WeasyPrint's warnings (unknown CSS, a missing image, a broken anchor) are collected and
  handed back, so the caller can show or refuse them; WeasyPrint would otherwise only log.
* Every PDF is PDF/UA-1 (WeasyPrint's ``pdf_variant``): a tagged structure tree, the
  document language from ``<html lang>``, and viewers show the title, not the file name.
* The PDF carries no clock time: the creation date comes from the caller (the manifest or
  SOURCE_DATE_EPOCH), and the file identifier is a hash of the content, so two builds of the
  same input give the same bytes.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit
from urllib.request import url2pathname

import weasyprint
from weasyprint.urls import URLFetcher

from .formfix import accessible_names
from .formfix import repair as repair_form

STYLESHEET = resources.files("handbog") / "static" / "print" / "pdf.css"
#: The slides' 16:9 pages (handbog.pdf.slides).
SLIDES_STYLESHEET = resources.files("handbog") / "static" / "print" / "slides.css"
#: Every PDF is tagged for screen readers (structure tree, language, title, bookmarks).
PDF_VARIANT = "pdf/ua-1"


# WeasyPrint has no type information: its classes are Any, and mypy refuses a subclass of Any.
class LocalOnlyFetcher(URLFetcher):  # type: ignore[misc]
    """Fetches ``file:`` URLs below the allowed folders and ``data:`` URLs; nothing else."""

    def __init__(self, *roots: Path) -> None:
        super().__init__(allowed_protocols={"file", "data"})
        self.roots = [Path(root).resolve() for root in roots]

    def fetch(self, url: str, headers: dict[str, str] | None = None) -> Any:
        parts = urlsplit(url)
        if parts.scheme == "file":
            path = Path(url2pathname(parts.path)).resolve()
            if not any(path.is_relative_to(root) for root in self.roots):
                raise ValueError(f"PDF-bygningen læser kun filer fra HTML-bygningen: {url}")
        elif parts.scheme != "data":
            raise ValueError(f"PDF-bygningen henter intet fra nettet: {url}")
        return super().fetch(url, headers)


@dataclass
class RenderResult:
    pages: int
    warnings: list[str] = field(default_factory=list)
    #: every anchor (element id) of the document → the page it is on, counting from 1
    anchors: dict[str, int] = field(default_factory=dict)


class _Collector(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def render_pdf(
    document: str,
    html_dir: Path,
    target: Path,
    forms: bool = False,
    sheet: Traversable = STYLESHEET,
) -> RenderResult:
    """Lay out ``document`` (an assembled module) and write it to ``target``.

    ``forms``: form fields become fields of the PDF (a fillable PDF). ``sheet``: the print
    stylesheet (the slides have their own).
    """
    html_dir = Path(html_dir).resolve()
    with resources.as_file(sheet) as stylesheet:
        fetcher = LocalOnlyFetcher(html_dir, stylesheet.parent)
        collector = _Collector()
        logger = logging.getLogger("weasyprint")
        logger.addHandler(collector)
        try:
            html = weasyprint.HTML(
                string=document, base_url=f"{html_dir.as_uri()}/", url_fetcher=fetcher
            )
            css = weasyprint.CSS(filename=str(stylesheet), url_fetcher=fetcher)
            rendered = html.render(stylesheets=[css], pdf_forms=forms)
            target.parent.mkdir(parents=True, exist_ok=True)
            partial = target.with_name(f".{target.name}.tmp")
            # pdf_identifier=True: an ID derived from the content (reproducible), not random.
            # PDF/UA-1: tagged structure, /Lang from <html lang>, the title shown by viewers.
            rendered.write_pdf(
                partial, pdf_identifier=True, pdf_variant=PDF_VARIANT, pdf_forms=forms
            )
            if forms:
                repair_form(partial, accessible_names(document))
            partial.replace(target)  # readers never see a half-written PDF
        finally:
            logger.removeHandler(collector)
    anchors: dict[str, int] = {}
    for number, page in enumerate(rendered.pages, 1):
        for anchor in page.anchors:
            anchors.setdefault(anchor, number)
    return RenderResult(pages=len(rendered.pages), warnings=collector.messages, anchors=anchors)
