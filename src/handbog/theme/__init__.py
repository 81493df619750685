"""What surrounds the content in the browser, on top of furo's templates and Sphinx events.

Danish labels and light pages (:mod:`.assets`), a few joined style sheets per page, the shared
ones cached across pages (:mod:`.cssbundle`), the navigation tree built once
(:mod:`.navigation`), the Pagefind search (:mod:`.search`) and each page's link to its training
PDF, with the list of PDF modules (:mod:`.pdflinks`).
"""
