"""Need boxes as readers see them: field values in words, no empty rows, stable IDs.

sphinx-needs renders each need with the layout of ubproject.toml into docutils nodes at
``doctree-resolved``. Right after that, on those nodes (not on the finished HTML):

- a field's key (``casebesoeg``; needs.json and the tests keep the keys) becomes the word the
  information model gives it ("casebesøg");
- a layout row with nothing in it (an element or a source has no fields) is dropped;
- the box's container, which sphinx-needs names ``SNCB-`` + a random uuid4, is named after the
  need it holds, so two builds of one commit are byte-identical.
"""

from __future__ import annotations

from typing import Any

from docutils import nodes

from handbog.model import of_app

CONTAINER_PREFIX = "SNCB-"


def _in_words(doctree: nodes.document, words: dict[str, dict[str, str]]) -> None:
    for field in doctree.findall(nodes.inline):
        name = next((c[len("needs_") :] for c in field["classes"] if c.startswith("needs_")), "")
        if name not in words:
            continue
        for value in field.findall(nodes.inline):
            if "needs_data" in value["classes"] and value.astext() in words[name]:
                value.children = [nodes.Text(words[name][value.astext()])]


def _drop_empty_rows(doctree: nodes.document) -> None:
    for row in list(doctree.findall(nodes.row)):
        if "need" in row["classes"] and not row.astext().strip():
            row.parent.remove(row)


def _stable_ids(doctree: nodes.document) -> None:
    serial = 0
    for container in doctree.findall(nodes.container):
        if "need_container" not in container["classes"]:
            continue
        ids = container["ids"]
        if not ids or not ids[0].startswith(CONTAINER_PREFIX):
            continue
        table = next(iter(container.findall(nodes.table)), None)
        if table is not None and table["ids"]:
            ids[0] = CONTAINER_PREFIX + table["ids"][0]
        else:
            serial += 1
            ids[0] = f"{CONTAINER_PREFIX}{serial}"


def tidy(app: Any, doctree: nodes.document, _docname: str) -> None:
    info = of_app(app)
    _in_words(doctree, {name: dict(f.words) for name, f in info.fields.items() if f.words})
    _drop_empty_rows(doctree)
    _stable_ids(doctree)


def setup(app: Any) -> None:
    # After sphinx-needs has built the boxes (process_need_nodes, priority 500).
    app.connect("doctree-resolved", tidy, priority=700)
