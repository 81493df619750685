"""»Giv besked om denne praksis«: a prefilled report under every practice, core and local.

A reader who finds a practice wrong or unclear reports it where it is read. The link opens a
new issue with the edition, the page and the need ID already written, so the editors know
what it is about without asking back. It goes to whoever owns the need:

- ``handbog_issues``: where reports about the handbook's own (core) needs go; the core's
  ``conf.py`` sets it from the repository's address; a municipal edition sends them to its own
  editors, who pass them on (:mod:`handbog.kommune.sphinxconf` says why);
- ``handbog_issues_lokal``: where reports about a municipal edition's local needs go (set by
  :mod:`handbog.kommune.sphinxconf` from ``kommune.toml``);
- ``handbog_identitet``: how the report names the edition; "" names the core by its release.

Without an address there is no link: a link to nowhere is worse than none. Paper has no use
for a link to a web form, so the print stylesheets hide it (``handbog-feedback``).
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from docutils import nodes
from sphinx.application import Sphinx
from sphinx_needs.api import get_needs_view

from handbog.model import of_app

#: The class of the paragraph with the link (hidden in print by pdf.css and handbog.css).
CLASS = "handbog-feedback"
LABEL = "Giv besked om denne praksis"


def edition_text(app: Sphinx) -> str:
    """The edition as a report names it: the municipal edition's line, else the core's."""
    named: str = app.config.handbog_identitet or ""
    if named:
        return named
    release = app.config.release or ""
    return f"Praksishåndbogen, udgave {release}" if release else "Praksishåndbogen, arbejdsudgave"


def address(need: Any, page: str, edition: str, to: str, whose: str) -> str:
    """The prefilled report about ``need`` on ``page`` for the issue address ``to``; "" when
    there is no address."""
    if not to:
        return ""
    body = (
        f"Udgave: {edition}\n"
        f"Side: {page}\n"
        f"ID: {need['id']} ({whose})\n\n"
        "Hvad er forkert, uklart eller mangler?\n"
    )
    query = urlencode({"title": f"{need['id']}: {need['title']}", "body": body})
    return f"{to}{'&' if '?' in to else '?'}{query}"


def add_links(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """The link under the box of every practice and every local need on the page."""
    core_to: str = app.config.handbog_issues or ""
    local_to: str = app.config.handbog_issues_lokal or ""
    if not core_to and not local_to:
        return
    info = of_app(app)
    local_types = set(info.local_types)
    wanted = local_types | set(info.practice_types)
    needs = get_needs_view(app)
    base = app.config.html_baseurl or ""
    page = f"{base}{docname}.html" if base else f"{docname}.html"
    edition = edition_text(app)
    local_whose = app.config.handbog_lokal_ejer or "den lokale udgave"
    for container in list(doctree.findall(nodes.container)):
        if "need_container" not in container["classes"]:
            continue
        box = next(iter(container.findall(nodes.table)), None)
        need = next((needs[i] for i in box["ids"] if i in needs), None) if box else None
        if need is None or need["type"] not in wanted:
            continue
        local = need["type"] in local_types
        to = local_to if local else core_to
        whose = local_whose if local else "den fælles del af håndbogen"
        if link := address(need, page, edition, to, whose):
            para = nodes.paragraph(classes=[CLASS])
            para += nodes.reference("", LABEL, refuri=link)
            container += para


def setup(app: Sphinx) -> None:
    app.add_config_value("handbog_issues", "", "env", types=[str])
    app.add_config_value("handbog_issues_lokal", "", "env", types=[str])
    app.add_config_value("handbog_identitet", "", "env", types=[str])
    app.add_config_value("handbog_lokal_ejer", "", "env", types=[str])
    # after handbog.needs.needboxes has laid out the boxes (doctree-resolved, priority 700)
    app.connect("doctree-resolved", add_links, priority=705)
