"""The handbook's data files read and checked one way, for every kind of file.

:mod:`.core` reads YAML with line numbers and checks it against the JSON schemas, and
:mod:`.privacy` keeps CPR-like numbers out of every data and answers file; the glossary
(:mod:`handbog.glossary.data`) and the checklists (:mod:`handbog.checklists`) are built on them.
"""
