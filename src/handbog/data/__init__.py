"""The handbook's data files: the glossary and the checklists with their answers.

:mod:`.core` reads and checks every kind of file the same way; :mod:`.glossary` holds the
glossary's own rules. The checklists live in :mod:`handbog.checklists`, built on the core.
"""
