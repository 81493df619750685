"""The ``{ordliste}`` directive: the glossary's terms (glossary/*.yaml) rendered by Sphinx.

The terms become Sphinx' own glossary nodes (``sphinx.addnodes.glossary`` and
``make_glossary_term``), so ``{term}`` works from every page, in the PDF and in the index.
Synonyms and inflected forms are registered as extra names of the same term: they resolve to
the term's headword and appear in the index as "se …" entries.

The terms, their files and their checks are :mod:`handbog.glossary.data`; every problem is a
build warning at the YAML file and line, as ``handbog ordliste valider`` reports it too.
"""

from __future__ import annotations

from collections.abc import Set
from pathlib import Path
from typing import TYPE_CHECKING, TypedDict

from docutils import nodes
from docutils.statemachine import StringList
from sphinx import addnodes
from sphinx.domains.std import make_glossary_term
from sphinx.environment.collectors import EnvironmentCollector
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective
from sphinx_needs.api import get_needs_view
from sphinxcontrib.bibtex.domain import BibtexDomain

from handbog.data.core import Problem, did_you_mean, display_path
from handbog.glossary.data import (
    SCHEMA_PATH,
    SOURCE_ID,
    Term,
    check_sources,
    glossary_files,
    initial,
    load_glossary,
    slug,
)
from handbog.needs.needrefs import need_reference
from handbog.needs.views import note_view_page

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config
    from sphinx.environment import BuildEnvironment

LOGGER = logging.getLogger(__name__)


class glossary_source(nodes.Inline, nodes.TextElement):  # noqa: N801 (docutils node naming)
    """A ``kilde`` ID of a term, linked to its source need once all needs are known."""


def glossary_folder(config: Config) -> Path:
    """The glossary folder; made absolute (relative to conf.py) when the config is read."""
    return Path(config.handbog_glossary_dir)


def _resolve_folder(app: Sphinx, config: Config) -> None:
    config.handbog_glossary_dir = str(Path(app.confdir, config.handbog_glossary_dir).resolve())


def _where(path: Path, line: int, config: Config) -> str:
    """ "glossary/x.yaml:3": relative to the folder holding conf.py and glossary/."""
    return f"{display_path(path, glossary_folder(config).parent)}:{line}"


def _warn(problem: Problem, config: Config) -> None:
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
        cite = self.env.get_domain("cite")
        assert isinstance(cite, BibtexDomain)  # sphinxcontrib.bibtex's, a dependency
        bibkeys = set(cite.bibdata.data.entries)
        problems.extend(check_sources(terms, None, bibkeys))
        # A file that cannot be read is told once the pages are read, with the pages that use
        # its term (their {term} links are not reported again): one mistake, one message.
        unreadable = {p.stem for p in glossary_files(folder)} - {t.path.stem for t in terms}
        _unreadable(self.env)[self.env.docname] = [
            (str(p.path), p.line, p.message, p.path.stem)
            for p in problems
            if p.path.stem in unreadable
        ]
        for problem in problems:
            if problem.path.stem not in unreadable:
                _warn(problem, self.config)
        # Editing, adding or removing a term file rebuilds this page (see _outdated_docs).
        for path in glossary_files(folder):
            self.env.note_dependency(str(path.resolve()))
        self.env.note_dependency(str(SCHEMA_PATH))
        _glossary_pages(self.env)[self.env.docname] = {
            "files": [p.name for p in glossary_files(folder)],
            "names": sorted(name.casefold() for t in terms for name in t.names),
        }
        if any(SOURCE_ID.match(s) for t in terms for s in t.sources):
            # source titles come from the needs: rewrite this page when they change

            note_view_page(self.env, self.env.docname)
        if not terms:
            return [nodes.paragraph(text="Ordlisten er tom.")]
        glossary = addnodes.glossary()
        glossary.document = self.state.document
        glossary["sorted"] = False  # already sorted, the Danish way (æ, ø, å last)
        dlist = nodes.definition_list(classes=["glossary", "handbog-ordliste"])
        first_of_letter: dict[str, str] = {}
        for term in terms:
            item, node_id = self._entry(term, bibkeys)
            first_of_letter.setdefault(initial(term.term), node_id)
            dlist += item
        glossary += dlist
        return [self._letter_index(first_of_letter), glossary]

    def _entry(self, term: Term, bibkeys: set[str]) -> tuple[nodes.definition_list_item, str]:
        """The term's entry, and the id of its headword."""
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
        for index, synonym in enumerate(term.synonyms):
            # The synonym is a second name of the same target, so {term} finds the headword:
            # registered through Sphinx's public make_glossary_term with the headword's id;
            # the term node it returns is not shown (the entry lists synonyms in its text).
            make_glossary_term(
                self.env,
                [nodes.Text(synonym)],
                None,
                source,
                term.line("synonymer", index),
                node_id=node_id,
                document=self.state.document,
            )
            see = ("see", f"{synonym}; {term.term}", node_id, "", None)
            head += addnodes.index(entries=[see])
        definition = nodes.definition()
        if term.local:
            # the same words as a local box's marker (handbog.kommune.sphinxext)
            marker = nodes.paragraph(classes=["handbog-evidence", "handbog-lokalt"])
            marker += nodes.strong("", term.local)
            definition += marker
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
        return nodes.definition_list_item("", head, definition), node_id

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
        block += self._parse(f"»{quote.text}«", term, "citat")
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


def resolve_sources(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Link each term's source IDs to their source needs; warn about unknown ones."""
    placeholders = list(doctree.findall(glossary_source))
    if not placeholders:
        return

    needs = get_needs_view(app)
    for node in placeholders:
        need_id = node["need_id"]
        need = needs.get(need_id)
        if need is None:
            source, line = node.source, node.line
            assert source is not None and line is not None  # GlossaryDirective._sources sets them
            hint = did_you_mean(need_id, needs, n=2, quote=False)
            LOGGER.warning(
                f"'kilde' nævner {need_id}, som ikke findes.{hint} Ret ID'et (kilderne står "
                "på Sporbarhed > Kilder), eller tilføj værket til docs/litteratur.bib.",
                location=_where(Path(source), line, app.config),
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


class GlossaryPage(TypedDict):
    """What the environment keeps of a page showing the glossary."""

    files: list[str]  # the names of the term files it was made from
    names: list[str]  # every name of every term, casefolded and sorted


# The attributes below are this extension's own, which BuildEnvironment does not declare: they
# are read and set in the environment's ``__dict__`` (pickled with it), as ``env.<name>`` would be.


def _glossary_pages(env: BuildEnvironment) -> dict[str, GlossaryPage]:
    """Page → the glossary it shows: ``env.handbog_glossary``."""
    pages: dict[str, GlossaryPage] = vars(env).setdefault("handbog_glossary", {})
    return pages


def _term_refs(env: BuildEnvironment) -> dict[str, list[str]]:
    """Page → the {term} targets it refers to, casefolded and sorted: ``env.handbog_term_refs``."""
    refs: dict[str, list[str]] = vars(env).setdefault("handbog_term_refs", {})
    return refs


def terms_used(env: BuildEnvironment, docname: str) -> list[str]:
    """The {term} targets of a page, casefolded (a headword or a synonym)."""
    return list(_term_refs(env).get(docname, ()))


def _unreadable(env: BuildEnvironment) -> dict[str, list[tuple[str, int, str, str]]]:
    """Glossary page → the problems of the term files that could not be read (path, line,
    message, file name without .yaml): ``env.handbog_glossary_unreadable``."""
    found: dict[str, list[tuple[str, int, str, str]]] = vars(env).setdefault(
        "handbog_glossary_unreadable", {}
    )
    return found


def _init_env(env: BuildEnvironment) -> None:
    _glossary_pages(env)
    _term_refs(env)
    _unreadable(env)


def report_unreadable(app: Sphinx, env: BuildEnvironment) -> None:
    """The problems of unreadable term files, each with the pages that use the term."""

    users: dict[str, set[str]] = {}
    for doc, targets in _term_refs(env).items():
        for target in targets:
            users.setdefault(slug(target), set()).add(doc)
    for _page, problems in sorted(_unreadable(env).items()):
        for path, line, message, stem in problems:
            pages = sorted(users.get(stem, ()))
            if pages:
                shown = ", ".join(str(env.doc2path(d).name) for d in pages[:5])
                more = " …" if len(pages) > 5 else ""
                count = "1 side" if len(pages) == 1 else f"{len(pages)} sider"
                message += (
                    f" Begrebet bruges på {count} ({shown}{more}); henvisningerne virker igen, "
                    "når filen er rettet."
                )
            _warn(Problem(Path(path), line, 0, message), app.config)


def _names(env: BuildEnvironment) -> set[str]:
    return {name for data in _glossary_pages(env).values() for name in data["names"]}


def pages_to_rewrite(before: set[str] | None, env: BuildEnvironment) -> list[str]:
    """The pages whose {term} targets appeared or vanished since ``before``."""
    now = _names(env)
    if before is None or before == now:
        return []
    # a name that disappeared leaves dangling references; one that appeared mends them
    changed = before ^ now
    return [doc for doc, targets in _term_refs(env).items() if changed & set(targets)]


class GlossaryCollector(EnvironmentCollector):
    """Which page shows the glossary (with its files and names) and which terms each page uses.

    Stored in the environment; a change of shape needs a new ``handbog.ENV_VERSION``.
    """

    names_before: set[str] | None = None

    def clear_doc(self, app: Sphinx, env: BuildEnvironment, docname: str) -> None:
        _init_env(env)
        _glossary_pages(env).pop(docname, None)
        _term_refs(env).pop(docname, None)
        _unreadable(env).pop(docname, None)

    def merge_other(
        self, app: Sphinx, env: BuildEnvironment, docnames: Set[str], other: BuildEnvironment
    ) -> None:
        _init_env(env)
        ours = vars(env)  # see _glossary_pages
        for doc in docnames:
            for attr in ("handbog_glossary", "handbog_term_refs", "handbog_glossary_unreadable"):
                value = getattr(other, attr, {}).get(doc)
                if value is not None:
                    ours[attr][doc] = value

    def process_doc(self, app: Sphinx, doctree: nodes.document) -> None:
        env = app.env
        _init_env(env)
        targets = {
            node["reftarget"].casefold()
            for node in doctree.findall(addnodes.pending_xref)
            if node.get("refdomain") == "std" and node.get("reftype") == "term"
        }
        if targets:
            _term_refs(env)[env.docname] = sorted(targets)
        else:
            _term_refs(env).pop(env.docname, None)

    def get_outdated_docs(
        self,
        app: Sphinx,
        env: BuildEnvironment,
        added: Set[str],
        changed: Set[str],
        removed: Set[str],
    ) -> list[str]:
        """The glossary page when a term file was added or removed."""
        _init_env(env)
        files = [p.name for p in glossary_files(glossary_folder(app.config))]
        self.names_before = _names(env)
        return [doc for doc, data in _glossary_pages(env).items() if data["files"] != files]

    def get_updated_docs(self, app: Sphinx, env: BuildEnvironment) -> list[str]:
        _init_env(env)
        return pages_to_rewrite(self.names_before, env)


def setup(app: Sphinx) -> None:
    app.add_config_value("handbog_glossary_dir", "glossary", "env", types=[str])
    app.connect("config-inited", _resolve_folder)
    app.add_node(glossary_source)
    app.add_directive("ordliste", GlossaryDirective)
    app.connect("builder-inited", lambda a: _init_env(a.env))
    app.add_env_collector(GlossaryCollector)
    app.connect("doctree-resolved", resolve_sources)
    app.connect("env-updated", report_unreadable)
