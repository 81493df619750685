"""Web pages' links to a PDF open it at the page itself (``#page=N``), once the PDFs exist.

Every built page says "hent modulet »…« som PDF" (:func:`handbog.theme.pdflinks.add_pdf_link`).
The HTML is built before the PDFs, so when Sphinx writes the link no page is known yet.
``handbog pdf`` therefore finishes by giving each of those links the page the PDF build
has just laid the page out on (``sidetal.json``): a browser's PDF viewer, pdf.js and most
other readers open a ``#page=N`` link at that page. A link whose PDF was not built keeps
the page it had, or none. Only the link paragraph of each page is touched, and a page
whose links are already right is not written again.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path

from .links import page_key
from .manifest import Manifest

#: The paragraph add_pdf_link writes (one per page, at the top).
_PARAGRAPH = re.compile(r'<p class="handbog-pdf-link">.*?</p>', re.DOTALL)
#: A link to a PDF of the module folder, with or without a page already.
_HREF = re.compile(r'href="(?P<path>(?:\.\./)*(?P<dir>[\w-]+)/(?P<pdf>[\w-]+)\.pdf)(?:#page=\d+)?"')


def link_pages(manifest: Manifest, pages: Mapping[str, Mapping[str, int]]) -> int:
    """Give every page's PDF links their ``#page=N``; the number of pages rewritten."""
    written = 0
    seen: set[str] = set()
    for module in manifest.modules:
        for page in module.pages:
            if page.html in seen:
                continue
            seen.add(page.html)
            path = manifest.html_dir / page.html
            if not path.is_file():
                continue
            text = path.read_text(encoding="utf-8")
            found = _PARAGRAPH.search(text)
            if found is None:
                continue
            paragraph = _with_pages(found.group(0), page_key(page.html), manifest.pdf_dir, pages)
            new = text[: found.start()] + paragraph + text[found.end() :]
            if new != text:
                _write(path, new)
                written += 1
    return written


def _with_pages(
    paragraph: str, doc: str, pdf_dir: str, pages: Mapping[str, Mapping[str, int]]
) -> str:
    def one(match: re.Match[str]) -> str:
        if match["dir"] != pdf_dir:
            return match.group(0)
        number = pages.get(match["pdf"], {}).get(doc)
        return f'href="{match["path"]}#page={number}"' if number else match.group(0)

    return _HREF.sub(one, paragraph)


def _write(path: Path, text: str) -> None:
    partial = path.with_name(f".{path.name}.tmp")
    partial.write_text(text, encoding="utf-8")
    partial.replace(path)  # a reader never loads a half-written page
