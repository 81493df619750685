"""What the HTML form and the PDF build both need to know about checklists on paper.

Kept apart from :mod:`handbog.checklists.sphinxext` (Sphinx, sphinx-needs) and from
:mod:`handbog.pdf` (WeasyPrint), so each side imports it without loading the other.
"""

from __future__ import annotations

#: The class of a checklist's ``<form>`` (written by the directive, found by the PDF build).
FORM_CLASS = "handbog-checklist"

#: A module's fillable PDF: ``pdf/<module>-udfyldbar.pdf`` beside ``pdf/<module>.pdf``.
FILLABLE_SUFFIX = "-udfyldbar"


def fillable_id(module_id: str) -> str:
    """The id (and file stem) of a module's fillable variant.

    >>> fillable_id("tjeklister")
    'tjeklister-udfyldbar'
    """
    return f"{module_id}{FILLABLE_SUFFIX}"
