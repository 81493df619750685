"""The Sphinx side of a municipal edition, loaded only by an edition's configuration.

- every page names the edition and the core it is based on (``handbog_identitet`` in the
  page template);
- a local need's box is marked »Lokalt i <kommune>« at the start of its evidence line, and
  its container carries the class ``handbog-lokal`` (the stylesheet's marker, on screen and
  on paper);
- ``{udeladt-lokalt}`` shows, where a left-out core practice would have been and on the
  coverage page, that it is left out and why;
- the local needs are checked by the core's own rules (:func:`handbog.needs.traceability.problems`),
  but reported at the local file and line where they are written: sphinx-needs records a box
  included into a core page under the core page.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.application import Sphinx
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective
from sphinx_needs.api import get_needs_view

from handbog.kommune import config
from handbog.model import of_app
from handbog.needs.traceability import problems

LOGGER = logging.getLogger(__name__)
CONFIG = "handbog_kommune"
STYLESHEET = "handbog-kommune.css"


def _edition(app: Sphinx) -> dict[str, Any]:
    value: dict[str, Any] = getattr(app.config, CONFIG, None) or {}
    return value


class LeftOutDirective(SphinxDirective):
    """```{udeladt-lokalt} PR_X`` with ``:titel:``: the reason, from kommune.toml.

    With ``:sted:`` it stands where the practice would have been and carries its ID, so the
    links from checklists and the traceability pages still land there."""

    required_arguments = 1
    option_spec = {"titel": directives.unchanged, "sted": directives.flag}

    def run(self) -> list[nodes.Node]:
        edition = _edition(self.env.app)
        need_id = self.arguments[0]
        reason = edition.get("udeladt", {}).get(need_id, "")
        title = self.options.get("titel", need_id)
        box = nodes.admonition(classes=["handbog-udeladt"])
        if "sted" in self.options:
            box["ids"].append(need_id)
        box += nodes.title("", f"Udeladt lokalt: {title}")
        para = nodes.paragraph()
        para += nodes.Text(
            f"{edition.get('navn', '')} har udeladt denne praksis ({need_id}) i sin udgave. "
            f"Begrundelse: {reason}"
        )
        box += para
        return [box]


def identity(app: Sphinx, _page: str, _template: str, context: dict[str, Any], _doc: Any) -> None:
    edition = _edition(app)
    if edition:
        # both editions' numbers and dates (sphinxconf reads them from each CHANGELOG)
        dated = app.config.handbog_pdf_udgave or {}
        context["handbog_identitet"] = config.dated_identity(
            edition["genitiv"],
            dated.get("edition") or "",
            dated.get("date") or "",
            edition.get("kerne_udgave") or "",
            dated.get("core_date") or "",
        )


def mark_local(app: Sphinx, doctree: nodes.document, _docname: str) -> None:
    """»Lokalt i <kommune>« first in the evidence line of every local need's box (the link
    »Giv besked om denne praksis« is :mod:`handbog.needs.feedback`'s, core and local)."""
    edition = _edition(app)
    info = of_app(app)
    local_types = set(info.local_types)
    needs = get_needs_view(app)
    for container in doctree.findall(nodes.container):
        if "need_container" not in container["classes"]:
            continue
        box = next(iter(container.findall(nodes.table)), None)
        if box is None:
            continue
        need = next((needs[i] for i in box["ids"] if i in needs), None)
        if need is None:
            continue
        if need["type"] not in local_types:
            continue
        container["classes"].append("handbog-lokal")
        marker = nodes.paragraph(classes=["handbog-evidence", "handbog-lokalt"])
        marker += nodes.strong("", f"Lokalt i {edition.get('navn', '')}")
        footer = next(
            (
                entry
                for row in box.findall(nodes.row)
                if "footer" in row["classes"]
                for entry in row.findall(nodes.entry)
            ),
            None,
        )
        if footer is not None:
            footer.insert(0, marker)
        else:
            container.insert(0, marker)


def check_local(app: Sphinx, _builder: Any = None) -> None:
    """The core's rules on the local needs, each reported at its local file and line."""
    edition = _edition(app)
    info = of_app(app)
    needs = get_needs_view(app)
    where: dict[str, list[Any]] = edition.get("lokale_id", {})
    for need, message, subtype in problems(needs, info):
        if need["type"] not in info.local_types:
            continue
        path, line = where.get(need["id"], (None, None))
        location = f"{path}:{line}" if path else (need["docname"], need["lineno"])
        LOGGER.warning(
            f"{need['id']}: {message}", location=location, type="handbog", subtype=subtype
        )


def _static_path(_app: Sphinx, config: Any) -> None:
    config.html_static_path.append(str(Path(__file__).parent / "static"))


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_config_value(CONFIG, {}, "env", types=[dict])
    app.add_directive("udeladt-lokalt", LeftOutDirective)
    app.connect("html-page-context", identity)
    # after handbog.needs.needboxes has laid out the boxes (doctree-resolved, priority 700)
    app.connect("doctree-resolved", mark_local, priority=710)
    # with handbog.needs.traceability, after sphinx-needs has resolved the links (priority 500)
    app.connect("write-started", check_local, priority=600)
    app.connect("config-inited", _static_path)
    app.add_css_file(STYLESHEET)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
