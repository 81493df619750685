"""The information model's elements (needs) on the pages, built on sphinx-needs.

Directives and post-transforms that run once all needs are collected: the reader's need boxes
(:mod:`.needboxes`), links to a need (:mod:`.needrefs`), the »Sammenhæng« boxes
(:mod:`.relations`), the traceability rules (:mod:`.traceability`), the traceability tables
and the model diagram (:mod:`.views`, :mod:`.diagram`), one-page summaries (:mod:`.summary`)
and the report's sections (:mod:`.reportsections`).
"""
