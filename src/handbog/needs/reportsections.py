"""The report's table of contents as data, and the check that every need from the report
names a section that exists.

The handbook promises that each core element, prerequisite, practice, tool and attention
point says where in the VIVE report it comes from ("VIVE (2023a), afsnit 3.3"). The section
numbers an editor writes in ``:afsnit:`` are checked against the report's own table of
contents, kept in ``data/rapport-indhold.yaml``, so a typo or a section that does not exist
stops the build with the file, the line and the nearest valid number. Which need types must
have ``:afsnit:`` is the model's (``[handbog.grupper] fra_rapporten`` in ubproject.toml).

The table of contents is the one the package ships (package data) unless conf.py names another
file in ``handbog_rapport_indhold``; ``handbog_rapport_indhold = ""`` turns the check off (the
tiny test projects are not held to the rule).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

from docutils import nodes
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import YAMLError
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective
from sphinx_needs.api import get_needs_view

from handbog import messages
from handbog.data.core import Problem, did_you_mean, display_path
from handbog.model import Model, of_app
from handbog.needs.needrefs import titled
from handbog.needs.views import trace_table

if TYPE_CHECKING:
    from sphinx.application import Sphinx

LOGGER = logging.getLogger(__name__)

#: The report's table of contents as it ships with the package (installed as package data, so
#: a project need not point into the package's source).
DEFAULT_TOC = Path(str(resources.files("handbog") / "data" / "rapport-indhold.yaml"))

#: What an editor may put before a number by habit ("afsnit 3.3", "kapitel 4").
_LEADING_WORDS = ("afsnit", "kapitel", "§")


@dataclass(frozen=True)
class Section:
    number: str  # as the report writes it: "3.3", "Bilag 1"
    title: str
    page: int | None
    line: int  # in the data file, for messages


@dataclass(frozen=True)
class ReportToc:
    path: Path
    #: the BibTeX key of the report (docs/litteratur.bib), for "VIVE (2023a), afsnit 3.3"
    report_key: str
    sections: Mapping[str, Section]

    def title(self, number: str) -> str:
        """The section's title, or "" for a number the report does not have."""
        section = self.sections.get(number)
        return section.title if section else ""

    @property
    def listing(self) -> str:
        return ", ".join(self.sections)


def read_toc(path: Path) -> tuple[ReportToc | None, list[Problem]]:
    """The table of contents in ``path`` and every problem in it (Danish, with the line)."""
    try:
        text = path.read_text(encoding="utf-8")
        data = YAML(typ="rt").load(text)
    except FileNotFoundError:
        return None, [Problem(path, 0, 0, "filen med rapportens indholdsfortegnelse findes ikke.")]
    except YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else 0
        return None, [Problem(path, line, 0, f"filen er ikke gyldig YAML ({exc}).")]
    if not isinstance(data, CommentedMap) or not isinstance(data.get("afsnit"), CommentedSeq):
        message = "filen skal have felterne 'rapport: <BibTeX-nøgle>' og 'afsnit:' med en liste."
        return None, [Problem(path, 1, 1, message)]
    problems: list[Problem] = []
    report_key = data.get("rapport")
    if not isinstance(report_key, str) or not report_key:
        problems.append(Problem(path, 1, 1, "'rapport' skal være rapportens BibTeX-nøgle."))
    sections: dict[str, Section] = {}
    entries: CommentedSeq = data["afsnit"]
    for index, entry in enumerate(entries):
        line = entries.lc.item(index)[0] + 1
        if not isinstance(entry, CommentedMap):
            problems.append(Problem(path, line, 0, "hvert afsnit skal have 'nummer' og 'titel'."))
            continue
        number, title, page = entry.get("nummer"), entry.get("titel"), entry.get("side")
        if not isinstance(number, str) or not number.strip():
            problems.append(
                Problem(
                    path,
                    line,
                    0,
                    f"'nummer' skal være en tekst i anførselstegn, fx \"{number}\", så et "
                    "nummer som 4 eller 3.10 ikke bliver læst som et tal.",
                )
            )
            continue
        if not isinstance(title, str) or not title.strip():
            problems.append(Problem(path, line, 0, f"afsnit {number} mangler 'titel'."))
            continue
        if number in sections:
            first = sections[number].line
            problems.append(
                Problem(path, line, 0, f"afsnit {number} står to gange (også linje {first}).")
            )
            continue
        sections[number] = Section(number, title, page if isinstance(page, int) else None, line)
    toc = ReportToc(path, report_key if isinstance(report_key, str) else "", sections)
    return toc, problems


def _hint(value: str, toc: ReportToc) -> str:
    words = value.split(maxsplit=1)
    if len(words) == 2 and words[0].lower() in _LEADING_WORDS and words[1] in toc.sections:
        return f" Skriv kun nummeret: '{words[1]}'."
    return did_you_mean(value, toc.sections)


def problems(needs: Iterable[Any], info: Model, toc: ReportToc) -> list[tuple[Any, str]]:
    """(need, Danish message) for every need from the report whose ``afsnit`` is missing or
    names a section the report does not have; pure, so tests can call it."""
    where = display_path(toc.path)
    found: list[tuple[Any, str]] = []
    for need in needs:
        ntype = info.types.get(need["type"])
        if ntype is None or ntype.name not in info.report_types:
            continue
        sections = [s.strip() for s in need.get("afsnit") or [] if s.strip()]
        if not sections:
            found.append(
                (
                    need,
                    f"mangler :afsnit: – det eller de afsnit i rapporten, {ntype.with_article} "
                    f"kommer fra, fx ':afsnit: 3.3'. Rapportens afsnit er {toc.listing} "
                    f"(se {where}).",
                )
            )
            continue
        for value in sections:
            if value not in toc.sections:
                found.append(
                    (
                        need,
                        f":afsnit: nævner '{value}', som ikke er et afsnit i rapporten."
                        f"{_hint(value, toc)} Rapportens afsnit er {toc.listing} (se {where}).",
                    )
                )
    return found


def toc_of(app: Sphinx) -> ReportToc | None:
    """The report's table of contents of the project being built, or None when conf.py does
    not name one (``handbog_rapport_indhold``)."""
    toc: ReportToc | None = getattr(app.env, "handbog_report_toc", None)
    return toc


def _load(app: Sphinx) -> None:
    configured = app.config.handbog_rapport_indhold
    vars(app.env)["handbog_report_toc"] = None
    if configured == "":
        return
    path = DEFAULT_TOC if configured is None else Path(app.confdir, configured).resolve()
    toc, found = read_toc(path)
    for problem in found:
        location = f"{display_path(path, Path(app.confdir))}:{problem.line}"
        messages.warn("afsnit-indhold", location, what=problem.message)
    vars(app.env)["handbog_report_toc"] = toc


def check(app: Sphinx, _builder: Any = None) -> None:
    toc = toc_of(app)
    if toc is None:
        return

    for need, message in problems(get_needs_view(app).values(), of_app(app), toc):
        location = (need["docname"], need["lineno"]) if need.get("docname") else None
        messages.warn("afsnit", location, need_id=need["id"], what=message)


# -- The report's sections and what the handbook takes from each ------------------------------


class report_sections(nodes.General, nodes.Element):  # noqa: N801 (docutils node naming)
    """Placeholder for the table of sections, filled in when all needs are known."""


class ReportSectionsDirective(SphinxDirective):
    """``{rapportafsnit}``: the report's table of contents, each section with the core
    elements, prerequisites, practices, tools and attention points that name it."""

    has_content = False

    def run(self) -> list[nodes.Node]:
        node = report_sections()
        self.set_source_info(node)
        return [node]


def sections_table(
    app: Sphinx, docname: str, toc: ReportToc, needs: Iterable[Any]
) -> nodes.container:
    by_section: dict[str, list[Any]] = {number: [] for number in toc.sections}
    for need in sorted(needs, key=lambda n: n["id"]):
        for number in need.get("afsnit") or []:
            if number.strip() in by_section:
                by_section[number.strip()].append(need)
    rows = []
    for number, section in toc.sections.items():
        page = f" (s. {section.page})" if section.page else ""
        links = nodes.paragraph()
        for need in by_section[number]:
            if links.children:
                links += nodes.Text(", ")
            # every ID with its title, the ID a quiet handle (as on the other trace pages)
            links.extend(titled(app.builder, docname, need))
        if not links.children:
            links += nodes.Text("–")
        title = nodes.paragraph(text=section.title + page)
        rows.append([nodes.paragraph(text=number), title, links])
    headers = ["Afsnit", "Titel i rapporten", "Det kommer fra afsnittet"]
    return trace_table(headers, rows, ["handbog-rapportafsnit"])


def resolve(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    placeholders = list(doctree.findall(report_sections))
    if not placeholders:
        return
    toc = toc_of(app)

    for node in placeholders:
        if toc is None:
            # a file that cannot be read has had its message where it was read (_load)
            if app.config.handbog_rapport_indhold == "":
                messages.warn(
                    "afsnit-indhold",
                    node,
                    what="{rapportafsnit} kræver rapportens indholdsfortegnelse, men conf.py "
                    'slår den fra (handbog_rapport_indhold = ""). Slet linjen, så pakkens '
                    "bruges, eller angiv en fil.",
                )
            node.replace_self([])
            continue
        node.replace_self(sections_table(app, docname, toc, get_needs_view(app).values()))


def setup(app: Sphinx) -> None:
    app.add_node(report_sections)
    app.add_directive("rapportafsnit", ReportSectionsDirective)
    app.connect("doctree-resolved", resolve)
    # None: the package's own table of contents; "": no check
    app.add_config_value("handbog_rapport_indhold", None, "env", types=[str, type(None)])
    app.connect("builder-inited", _load)
    # After sphinx-needs has collected and resolved the needs (write-started, priority 500).
    app.connect("write-started", check, priority=600)
