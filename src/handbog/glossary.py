"""The ``{ordliste}`` directive: the glossary's terms (glossary/*.yaml) rendered by Sphinx.

The terms become Sphinx' own glossary nodes (``sphinx.addnodes.glossary`` and
``make_glossary_term``), so ``{term}`` works from every page, in the PDF and in the index.
Synonyms and inflected forms are registered as extra names of the same term: they resolve to
the term's headword and appear in the index as "se …" entries.

The terms, their files and their checks are :mod:`handbog.data.glossary`; every problem is a
build warning at the YAML file and line, as ``handbog ordliste valider`` reports it too.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from docutils import nodes
from docutils.statemachine import StringList
from sphinx import addnodes
from sphinx.domains.std import make_glossary_term
from sphinx.environment.collectors import EnvironmentCollector
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

from handbog.data.core import Problem, did_you_mean, display_path
from handbog.data.glossary import (
    SCHEMA_PATH,
    SOURCE_ID,
    Term,
    check_sources,
    glossary_files,
    initial,
    load_glossary,
)
from handbog.needrefs import need_reference

LOGGER = logging.getLogger(__name__)


class glossary_source(nodes.Inline, nodes.TextElement):  # noqa: N801 (docutils node naming)
    """A ``kilde`` ID of a term, linked to its source need once all needs are known."""


def glossary_folder(config: Any) -> Path:
    """The glossary folder; made absolute (relative to conf.py) when the config is read."""
    return Path(config.handbog_glossary_dir)


def _resolve_folder(app: Any, config: Any) -> None:
    config.handbog_glossary_dir = str(Path(app.confdir, config.handbog_glossary_dir).resolve())


def _where(path: Path, line: int, config: Any) -> str:
    """ "glossary/x.yaml:3": relative to the folder holding conf.py and glossary/."""
    return f"{display_path(path, glossary_folder(config).parent)}:{line}"


def _warn(problem: Problem, config: Any) -> None:
    LOGGER.warning(
        problem.message,
        location=_where(problem.path, problem.line, config),
        type="handbog",
        subtype="ordliste",
    )


class GlossaryDirective(SphinxDirective):
    """``{ordliste}``: every term of glossary/ as Sphinx glossary entries, sorted Danish-style."""

    has_content = False

    def run(self) -> list[nodes.Node]:
        folder = glossary_folder(self.config)
        terms, problems = load_glossary(folder)
        bibkeys = set(self.env.get_domain("cite").bibdata.data.entries)
        problems.extend(check_sources(terms, None, bibkeys))
        for problem in problems:
            _warn(problem, self.config)
        # Editing, adding or removing a term file rebuilds this page (see _outdated_docs).
        for path in glossary_files(folder):
            self.env.note_dependency(str(path.resolve()))
        self.env.note_dependency(str(SCHEMA_PATH))
        self.env.handbog_glossary[self.env.docname] = {
            "files": [p.name for p in glossary_files(folder)],
            "names": sorted(name.casefold() for t in terms for name in t.names),
        }
        if any(SOURCE_ID.match(s) for t in terms for s in t.sources):
            # source titles come from the needs: rewrite this page when they change
            from handbog.views import note_view_page

            note_view_page(self.env, self.env.docname)
        if not terms:
            return [nodes.paragraph(text="Ordlisten er tom.")]
        glossary = addnodes.glossary()
        glossary.document = self.state.document
        glossary["sorted"] = False  # already sorted, the Danish way (æ, ø, å last)
        dlist = nodes.definition_list(classes=["glossary", "handbog-ordliste"])
        first_of_letter: dict[str, str] = {}
        for term in terms:
            item = self._entry(term, bibkeys)
            first_of_letter.setdefault(initial(term.term), item[0]["ids"][0])
            dlist += item
        glossary += dlist
        return [self._letter_index(first_of_letter), glossary]

    def _entry(self, term: Term, bibkeys: set[str]) -> nodes.definition_list_item:
        source = str(term.path)
        head = make_glossary_term(
            self.env,
            [nodes.Text(term.term)],
            None,
            source,
            term.line("term"),
            node_id=None,
            document=self.state.document,
        )
        head.rawsource = term.term
        node_id = head["ids"][0]
        std = self.env.domains.standard_domain
        for index, synonym in enumerate(term.synonyms):
            location = _where(term.path, term.line("synonymer", index), self.config)
            # the synonym is a second name of the same target: {term} finds the headword
            std._note_term(synonym, node_id, location=location)
            see = ("see", f"{synonym}; {term.term}", node_id, "", None)
            head += addnodes.index(entries=[see])
        definition = nodes.definition()
        definition += self._parse(term.definition, term, "definition")
        if term.quote:
            definition += self._quote(term, bibkeys)
        if term.addition:
            addition = self._parse(
                f"**Håndbogens tilføjelse:** {term.addition}", term, "tilfoejelse"
            )
            box = nodes.container("", *addition, classes=["handbog-ordliste-tilfoejelse"])
            definition += box
        if term.synonyms:
            para = nodes.paragraph(classes=["handbog-ordliste-synonymer"])
            para += nodes.emphasis(text="Også: ")
            para += nodes.Text(", ".join(term.synonyms) + ".")
            definition += para
        if term.see_also:
            refs = ", ".join(f"{{term}}`{name}`" for name in term.see_also)
            definition += self._parse(f"*Se også:* {refs}.", term, "se_ogsaa")
        if term.sources:
            definition += self._sources(term, bibkeys)
        return nodes.definition_list_item("", head, definition)

    def _parse(self, text: str, term: Term, *field: str | int) -> list[nodes.Node]:
        """Parse MyST text from a term file; every node points back to the file and line."""
        container = nodes.Element()
        container.document = self.state.document
        self.state.nested_parse(StringList(text.splitlines(), str(term.path)), 0, container)
        line = term.line(*field)
        for child in container.children:
            for node in child.findall():
                if isinstance(node, nodes.Element) or hasattr(node, "source"):
                    node.source, node.line = str(term.path), line
        return list(container.children)

    def _quote(self, term: Term, bibkeys: set[str]) -> nodes.Node:
        quote = term.quote
        assert quote is not None
        cite = f"{{cite:t}}`{quote.bibkey}`" if quote.bibkey in bibkeys else quote.bibkey
        page = f", s. {quote.page}" if quote.page else ""
        block = nodes.block_quote(classes=["handbog-ordliste-citat"])
        block += self._parse(f"“{quote.text}”", term, "citat")
        block += self._parse(f"— {cite}{page}", term, "citat")
        return block

    def _sources(self, term: Term, bibkeys: set[str]) -> nodes.Node:
        """ "Kilde: …" in the order of the file: citations, and source IDs linked later."""
        para = nodes.paragraph(classes=["handbog-ordliste-kilde"])
        para += nodes.emphasis(text="Kilde:")
        for index, source in enumerate(term.sources):
            para += nodes.Text(", " if index else " ")
            line = term.line("kilde", index)
            if SOURCE_ID.match(source):
                node = glossary_source(source, source, need_id=source)
                node.source, node.line = str(term.path), line
                para += node
            elif source in bibkeys:
                parsed = self._parse(f"{{cite:t}}`{source}`", term, "kilde", index)
                para += parsed[0].children if parsed else nodes.Text(source)
            else:  # already reported by check_sources; shown as written, never dropped
                para += nodes.Text(source)
        para += nodes.Text(".")
        return para

    @staticmethod
    def _letter_index(first_of_letter: dict[str, str]) -> nodes.Node:
        """A row of letters that jump to the first term of each letter (handy on a phone)."""
        para = nodes.paragraph(classes=["handbog-ordliste-bogstaver"])
        para += nodes.Text("Spring til: ")
        for index, (letter, node_id) in enumerate(first_of_letter.items()):
            if index:
                para += nodes.Text(" · ")
            para += nodes.reference(letter, letter, refid=node_id)
        return para


def resolve_sources(app: Any, doctree: nodes.document, docname: str) -> None:
    """Link each term's source IDs to their source needs; warn about unknown ones."""
    placeholders = list(doctree.findall(glossary_source))
    if not placeholders:
        return
    from sphinx_needs.api import get_needs_view

    needs = get_needs_view(app)
    for node in placeholders:
        need_id = node["need_id"]
        need = needs.get(need_id)
        if need is None:
            hint = did_you_mean(need_id, needs, n=2, quote=False)
            LOGGER.warning(
                f"'kilde' nævner {need_id}, som ikke findes.{hint} Ret ID'et (kilderne står "
                "på Sporbarhed > Kilder), eller tilføj værket til docs/litteratur.bib.",
                location=_where(Path(node.source), node.line, app.config),
                type="handbog",
                subtype="ordliste",
            )
            node.replace_self(nodes.Text(need_id))
            continue
        node.replace_self(need_reference(app.builder, docname, need, need["title"], need_id))


# -- Keeping pages fresh in incremental builds ---------------------------------------------------
# note_dependency rebuilds the glossary page when a term file changes. Two cases it misses:
# a term file added or removed (the page depends on the folder), and pages whose {term}
# references point to a term that was renamed or removed (they must be written again, so a
# dangling reference is reported and no stale link survives).


def _init_env(env: Any) -> None:
    if not hasattr(env, "handbog_glossary"):
        env.handbog_glossary = {}
    if not hasattr(env, "handbog_term_refs"):
        env.handbog_term_refs = {}


def _names(env: Any) -> set[str]:
    return {name for data in env.handbog_glossary.values() for name in data["names"]}


def pages_to_rewrite(before: set[str] | None, env: Any) -> list[str]:
    """The pages whose {term} targets appeared or vanished since ``before``."""
    now = _names(env)
    if before is None or before == now:
        return []
    # a name that disappeared leaves dangling references; one that appeared mends them
    changed = before ^ now
    return [doc for doc, targets in env.handbog_term_refs.items() if changed & set(targets)]


class GlossaryCollector(EnvironmentCollector):
    """Which page shows the glossary (with its files and names) and which terms each page uses.

    Stored in the environment; a change of shape needs a new ``handbog.ENV_VERSION``.
    """

    names_before: set[str] | None = None

    def clear_doc(self, app: Any, env: Any, docname: str) -> None:
        _init_env(env)
        env.handbog_glossary.pop(docname, None)
        env.handbog_term_refs.pop(docname, None)

    def merge_other(self, app: Any, env: Any, docnames: set[str], other: Any) -> None:
        _init_env(env)
        for doc in docnames:
            for attr in ("handbog_glossary", "handbog_term_refs"):
                value = getattr(other, attr, {}).get(doc)
                if value is not None:
                    getattr(env, attr)[doc] = value

    def process_doc(self, app: Any, doctree: nodes.document) -> None:
        env = app.env
        _init_env(env)
        targets = {
            node["reftarget"].casefold()
            for node in doctree.findall(addnodes.pending_xref)
            if node.get("refdomain") == "std" and node.get("reftype") == "term"
        }
        if targets:
            env.handbog_term_refs[env.docname] = sorted(targets)
        else:
            env.handbog_term_refs.pop(env.docname, None)

    def get_outdated_docs(
        self, app: Any, env: Any, added: set[str], changed: set[str], removed: set[str]
    ) -> list[str]:
        """The glossary page when a term file was added or removed."""
        _init_env(env)
        files = [p.name for p in glossary_files(glossary_folder(app.config))]
        self.names_before = _names(env)
        return [doc for doc, data in env.handbog_glossary.items() if data["files"] != files]

    def get_updated_docs(self, app: Any, env: Any) -> list[str]:
        _init_env(env)
        return pages_to_rewrite(self.names_before, env)


def setup(app: Any) -> None:
    app.add_config_value("handbog_glossary_dir", "glossary", "env", types=[str])
    app.connect("config-inited", _resolve_folder)
    app.add_node(glossary_source)
    app.add_directive("ordliste", GlossaryDirective)
    app.connect("builder-inited", lambda a: _init_env(a.env))
    app.add_env_collector(GlossaryCollector)
    app.connect("doctree-resolved", resolve_sources)
