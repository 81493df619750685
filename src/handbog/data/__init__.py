"""The handbook's data files.

:mod:`.core` reads and checks every kind of data file the same way; each kind keeps only its
own rules. The checklists and their answers (:mod:`handbog.checklists`) are built on it.
"""
