"""The fillable PDF of a module with checklists: the same pages, with PDF form fields.

WeasyPrint turns ``<input>``, ``<textarea>`` and ``<select>`` into AcroForm fields when it
renders with ``pdf_forms=True``; the paper version draws them as empty boxes instead. A
module gets a fillable variant, ``pdf/<module>-udfyldbar.pdf``, when one of its pages holds
a checklist form (:data:`handbog.checklists.paper.FORM_CLASS`); the whole handbook never
does (it is for reading, and its forms would repeat the module's).
"""

from __future__ import annotations

import re
from dataclasses import replace

from handbog.checklists.paper import FORM_CLASS, fillable_id

from .manifest import Manifest, Module

_FORM = re.compile(rf'<form\b[^>]*\bclass="(?:[^"]* )?{re.escape(FORM_CLASS)}[ "]')

#: What the cover and the PDF's title add to the module's title.
TITLE_SUFFIX = " – udfyldbar PDF"


def has_checklist_form(manifest: Manifest, module: Module) -> bool:
    """Whether a page of the module holds a checklist form (read from the built HTML)."""
    if module.is_whole_handbook:
        return False
    for page in module.pages:
        path = manifest.html_dir / page.html
        if path.is_file() and _FORM.search(path.read_text(encoding="utf-8")):
            return True
    return False


def fillable_variant(module: Module) -> Module:
    """The module as its fillable PDF: same pages, its own id (file name) and title."""
    return replace(module, id=fillable_id(module.id), title=module.title + TITLE_SUFFIX)
