"""The glossary: one YAML file per term, its rules (:mod:`.data`, also used by the command
line) and the ``{ordliste}`` directive with its environment collector (:mod:`.directive`).
"""
