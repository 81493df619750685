"""A municipality's own edition of the handbook, built on the installed core, never a copy.

``config`` reads ``kommune.toml``; ``core`` finds the installed core's content; ``staging``
composes the folder Sphinx builds; ``sphinxconf`` is the edition's configuration on top of
the core's; ``sphinxext`` marks local content, shows left-out practices and reports local
needs at their own file; ``cli`` is ``handbog kommune``. The editors' page is
docs/projekt/kommuneudgave.md.
"""
