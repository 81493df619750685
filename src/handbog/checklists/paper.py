"""What the HTML form and the PDF build both need to know about checklists on paper.

Kept apart from :mod:`handbog.checklists.sphinxext` (Sphinx, sphinx-needs) and from
:mod:`handbog.pdf` (WeasyPrint), so each side imports it without loading the other.
"""

from __future__ import annotations

#: The class of a checklist's ``<form>`` (written by the directive, found by the PDF build).
FORM_CLASS = "handbog-checklist"

#: The form's accessible name is this and the checklist's title; the fillable PDF names its
#: fields after the same title.
FORM_LABEL_PREFIX = "Tjekliste: "


def form_label(title: str) -> str:
    return f"{FORM_LABEL_PREFIX}{title}"


def title_of_form_label(label: str) -> str:
    return label.removeprefix(FORM_LABEL_PREFIX)


#: A module's fillable PDF: ``pdf/<module>-udfyldbar.pdf`` beside ``pdf/<module>.pdf``.
FILLABLE_SUFFIX = "-udfyldbar"


def fillable_id(module_id: str) -> str:
    """The id (and file stem) of a module's fillable variant.

    >>> fillable_id("tjeklister")
    'tjeklister-udfyldbar'
    """
    return f"{module_id}{FILLABLE_SUFFIX}"
