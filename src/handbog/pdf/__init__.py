"""PDF modules for trainers, printed with WeasyPrint from the HTML build (no TeX).

The HTML build writes ``pdf-moduler.json`` (:mod:`handbog.theme.pdflinks`); from it this package
makes ``pdf/<module>.pdf`` for every module and ``pdf/haandbog.pdf`` for the whole handbook:

* :mod:`.manifest` reads the list of modules;
* :mod:`.pages` takes the article out of each built page and drops what only works on a
  screen;
* :mod:`.links` decides where every link points on paper (inside the module, or a URL);
* :mod:`.literature` gathers the pages' references into one list at the end;
* :mod:`.cover` and :mod:`.toc` make the cover and the table of contents;
* :mod:`.assemble` puts it together as one HTML document;
* :mod:`.render` lays it out with WeasyPrint and ``static/print/pdf.css``, offline;
* :mod:`.build` runs modules in parallel; the command is ``handbog pdf build/html``.
"""

from __future__ import annotations

from .build import ModuleResult, build_module, build_modules
from .errors import PdfBuildError

__all__ = ["ModuleResult", "PdfBuildError", "build_module", "build_modules"]
