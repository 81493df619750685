"""Literature sources as needs, generated from the one BibTeX file.

The ``kildeliste`` directive turns every BibTeX entry into a ``kilde`` need with the ID
``KI_<KEY>`` so that a reference never exists in two spellings: the BibTeX entry is the
source of truth, the need is derived from it. A hand-written ``kilde`` need that claims to
be literature is refused (see :mod:`handbog.needs.traceability`).
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from docutils import nodes
from docutils.parsers.rst import directives
from pybtex.plugin import find_plugin
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective
from sphinx_needs.api import InvalidNeedException, MarkupContent, add_need

from handbog.checks import report_duplicate
from handbog.compat import app_of, note_need_document
from handbog.literature.bibliography import entry_lines, lettered, need_id_for_key, short_citation
from handbog.model import of_app

if TYPE_CHECKING:
    from sphinx.application import Sphinx

LOGGER = logging.getLogger(__name__)


#: The need type of a source (ubproject.toml); its prefix begins every source's ID.
SOURCE_TYPE = "kilde"


def search_kind(entry: Any, kinds: Iterable[str]) -> str | None:
    """The one value of the ``soegning`` field the entry's ``keywords`` name, else None."""
    words = {w.strip() for w in entry.fields.get("keywords", "").split(",")}
    found = [k for k in kinds if k in words]
    return found[0] if len(found) == 1 else None


class SourceListDirective(SphinxDirective):
    """``{kildeliste}``: one ``kilde`` need per BibTeX entry, filtered by ``keywords``."""

    has_content = False
    option_spec = {"soegning": directives.unchanged}

    def run(self) -> list[nodes.Node]:
        domain = self.env.get_domain("cite")
        bibdata = domain.bibdata  # type: ignore[attr-defined]
        wanted = {w.strip() for w in self.options.get("soegning", "").split(",") if w.strip()}
        style = find_plugin("pybtex.style.formatting", self.config.bibtex_default_style)()
        result: list[nodes.Node] = []
        info = of_app(app_of(self.env))
        kinds = info.fields["soegning"].values
        prefix = info.types[SOURCE_TYPE].prefix
        # sphinx-needs only post-processes need nodes on documents it knows hold needs.
        note_need_document(self.env, self.env.docname)
        for bibfile in bibdata.bibfiles:
            self.env.note_dependency(str(bibfile))
        bibpath = Path(next(iter(bibdata.bibfiles)))
        lines = entry_lines(bibpath)
        # With the years' letters, as in the bibliography and the citations: "Villumsen (2011a)".
        entries = lettered(bibdata.data.entries.values())
        formatted = {e.key: e for e in style.format_entries(entries)}
        markdown = find_plugin("pybtex.backends", "markdown")()  # looked up once, not per entry
        for entry in entries:
            key = entry.key
            kind = search_kind(entry, kinds)
            if kind is None:
                LOGGER.warning(
                    f"BibTeX-posten {key!r} skal have præcis én af keywords = "
                    f"{{{'}, {'.join(kinds)}}}. Ret feltet keywords i posten; "
                    "kilden er ikke lavet.",
                    location=f"{bibpath}:{lines.get(key, 1)}",
                    type="handbog",
                    subtype="kilde",
                )
                continue
            if wanted and kind not in wanted:
                continue
            text = formatted[key].text.render(markdown)
            need_id = need_id_for_key(key, prefix)
            if not report_duplicate(self.env, need_id, (self.env.docname, self.lineno)):
                continue
            try:
                result.extend(
                    add_need(
                        app_of(self.env),
                        self.state,
                        self.env.docname,
                        self.lineno,
                        need_type=SOURCE_TYPE,
                        title=short_citation(entry),
                        id=need_id,
                        content=MarkupContent(
                            text, markup=".md", source=(str(bibpath.resolve()), lines.get(key, 1))
                        ),
                        art="litteratur",
                        bibkey=key,
                        soegning=kind,
                    )
                )
            except InvalidNeedException as exc:
                # never a traceback: the entry's line and sphinx-needs' reason
                LOGGER.warning(
                    f"BibTeX-posten {key!r} kan ikke blive kilden {need_id}: {exc.message}. "
                    "Ret posten; kilden er ikke lavet.",
                    location=f"{bibpath}:{lines.get(key, 1)}",
                    type="handbog",
                    subtype="kilde",
                )
        return result


def setup(app: Sphinx) -> None:
    app.add_directive("kildeliste", SourceListDirective)
