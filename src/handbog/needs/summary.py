"""One-page summaries of a core element or a prerequisite, for trainers to hand out.

An editor writes the prose (what it is, why) inside the directive; everything the needs
already hold is made from them when the page is written, so a summary cannot drift from the
element's page::

    ```{resume} KE_FORAELDRESAMARBEJDE
    **Hvad det er.** ...

    **Hvorfor.** ...
    ```

Made from the needs: the element's type and report section, its practices and tools with
the ``grundlag`` the report gives for each (in the model's words), a count of those grounds,
the checklists whose items check the element or its practices (titles from the checklist
pages), and a link to the element's full page. Each summary is a page of its own, so every
PDF module prints it on a page of its own (``.pdf-page`` starts a new page); the teaching
section of the print stylesheet keeps it to one sheet, and tests/test_teaching.py checks
that it fits.
"""

from __future__ import annotations

import posixpath
from collections import Counter
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx.util.docutils import SphinxDirective
from sphinx_needs.api import get_needs_view

from handbog import compat, messages
from handbog.checks import rereading
from handbog.data.core import did_you_mean
from handbog.model import Model, of_app
from handbog.needs.needboxes import CHECKS, GROUNDS, SECTIONS, evidence_line
from handbog.needs.needrefs import titled
from handbog.needs.views import trace_table

if TYPE_CHECKING:
    from sphinx.application import Sphinx

#: The class of a rendered summary, for the print stylesheet and the tests.
CLASS = "handbog-resume"
#: The class of the page (its top section) that holds a summary.
PAGE_CLASS = "handbog-resume-side"
#: The link from a practice to the element it realises (ubproject.toml, [needs.links]).
REALISES = "realiserer"


class resume(nodes.General, nodes.Element):  # noqa: N801 (docutils node naming)
    """Placeholder for the generated parts, filled in once every need is known."""


class ResumeDirective(SphinxDirective):
    """```` ```{resume} KE_… ```` : the summary of one core element or prerequisite."""

    required_arguments = 1
    has_content = True

    def run(self) -> list[nodes.Node]:
        info = of_app(compat.app_of(self.env))
        need_id = self.arguments[0].strip()
        prefixes = info.prefixes(info.element_types)
        if not need_id.startswith(prefixes):
            raise self.error(
                f"resume {need_id}: et resumé handler om {info.described(info.element_types)}."
                f" Skriv ID'et på det element, siden opsummerer."
            )
        if not self.content:
            raise self.error(
                f"resume {need_id} er tom: skriv med egne ord, hvad elementet er, og hvorfor "
                f"det er med i modellen, inde i blokken."
            )
        pages: set[str] = self.env.__dict__.setdefault("handbog_resume_pages", set())
        pages.add(self.env.docname)
        box = nodes.container(classes=[CLASS])
        self.set_source_info(box)
        node = resume(need_id=need_id)
        self.set_source_info(node)
        box += node
        prose = nodes.container(classes=[f"{CLASS}__prosa"])
        prose += self.parse_content_to_nodes()
        box += prose
        return [box]


# -- Made from the needs -------------------------------------------------------------------------


def _ids(value: Any) -> list[str]:
    if not value:
        return []
    if isinstance(value, str):
        return [v.strip() for v in value.split(",") if v.strip()]
    return [str(v) for v in value]


def _realisers(element: Any, needs: Any, info: Model) -> list[Any]:
    """The practices and tools that realise the element: its own page's first, in the order
    the page has them, then those on other pages."""
    found = [needs[i] for i in _ids(element.get(f"{REALISES}_back")) if i in needs]
    found = [n for n in found if n["type"] in info.practice_types]
    return sorted(
        found,
        key=lambda n: (
            n.get("docname") != element.get("docname"),
            n.get("docname") or "",
            n.get("lineno") or 0,
        ),
    )


def _rubric(text: str) -> nodes.rubric:
    return nodes.rubric(text, text, classes=[f"{CLASS}__rubrik"])


def _grounds_words(need: Any, info: Model) -> str:
    if GROUNDS not in info.fields:
        return ""
    return ", ".join(info.fields[GROUNDS].word(g) for g in _ids(need.get(GROUNDS)))


def _practice_list(
    app: Sphinx, fromdoc: str, needs: Iterable[Any], info: Model
) -> nodes.bullet_list:
    items = nodes.bullet_list(classes=[f"{CLASS}__praksis"])
    for need in needs:
        para = nodes.paragraph()
        para.extend(titled(app.builder, fromdoc, need))
        grounds = _grounds_words(need, info)
        if grounds:
            para += nodes.Text(" – ")
            para += nodes.inline("", f"grundlag: {grounds}", classes=[f"{CLASS}__grundlag"])
        items += nodes.list_item("", para)
    return items


def _grounds_count(realisers: list[Any], info: Model) -> nodes.paragraph | None:
    """ "Litteratur 3 · interviews 2 · …", in the order of the model's values."""
    if GROUNDS not in info.fields:
        return None
    field = info.fields[GROUNDS]
    counts = Counter(g for n in realisers for g in _ids(n.get(GROUNDS)))
    if not counts:
        return None
    parts = [f"{field.word(v)} ({counts[v]})" for v in field.values if counts[v]]
    para = nodes.paragraph(classes=[f"{CLASS}__optaelling"])
    para += nodes.Text(
        "Sådan angiver rapporten grundlaget for hver praksis og hvert redskab ovenfor "
        "(antal, hvor én kan have flere): " + ", ".join(parts) + "."
    )
    return para


#: A checklist with at least this many items about the element is one to use with it; the
#: others, with an item or two each, are named in one line, so the page stays one page.
MAIN_CHECKLIST_ITEMS = 3


def _checklist_link(app: Sphinx, fromdoc: str, doc: str) -> nodes.reference:
    titles = app.env.titles
    title = titles[doc].astext() if doc in titles else doc
    return nodes.reference(
        "", title, internal=True, refuri=app.builder.get_relative_uri(fromdoc, doc)
    )


def _checklists(
    app: Sphinx, fromdoc: str, element: Any, realisers: list[Any], needs: Any
) -> list[nodes.Node]:
    """The checklists whose items check the element or one of its practices: those with
    most items as a list, the rest in one line."""
    items: dict[str, set[str]] = {}
    for need in [element, *realisers]:
        for check_id in _ids(need.get(f"{CHECKS}_back")):
            check = needs.get(check_id)
            if check is None or not check.get("docname"):
                continue
            items.setdefault(check["docname"], set()).add(check_id)
    if not items:
        return [nodes.paragraph(text="Ingen tjekliste tjekker endnu dette element.")]
    ranked = sorted(items, key=lambda d: (-len(items[d]), d))
    main = [d for d in ranked if len(items[d]) >= MAIN_CHECKLIST_ITEMS] or ranked[:1]
    rest = [d for d in ranked if d not in main]
    listing = nodes.bullet_list(classes=[f"{CLASS}__tjeklister"])
    for doc in main:
        para = nodes.paragraph()
        para += _checklist_link(app, fromdoc, doc)
        count = len(items[doc])
        para += nodes.Text(f" ({count} {'punkt' if count == 1 else 'punkter'} om emnet)")
        listing += nodes.list_item("", para)
    made: list[nodes.Node] = [listing]
    if rest:
        para = nodes.paragraph(classes=[f"{CLASS}__flere"])
        para += nodes.Text("Et enkelt eller to punkter om emnet står også i ")
        links: list[nodes.Node] = [_checklist_link(app, fromdoc, d) for d in rest]
        for index, link in enumerate(links):
            if index:
                para += nodes.Text(" og " if index == len(links) - 1 else ", ")
            para += link
        para += nodes.Text(".")
        made.append(para)
    return made


def _head(app: Sphinx, fromdoc: str, element: Any, needs: Any, info: Model) -> nodes.paragraph:
    """ "Kerneelement i modellen · VIVE (2023a), afsnit 3.2" (the report's section as the
    need boxes show it)."""
    kind = info.types[element["type"]].title if element["type"] in info.types else ""
    para = nodes.paragraph(classes=[f"{CLASS}__hoved"])
    para += nodes.Text(f"{kind}: ")
    para.extend(titled(app.builder, fromdoc, element))
    # The evidence line without grounds: an element carries none, its practices do.
    shown = {k: v for k, v in element.items() if k in (SECTIONS, "bygger_paa")}
    line = evidence_line(app, fromdoc, {**shown, "id": element["id"]}, needs, info)
    if line is not None:
        para += nodes.Text(" · ")
        para.extend(line.children)
    return para


def _fill(app: Sphinx, docname: str, node: resume, needs: Any, info: Model) -> None:
    need_id = node["need_id"]
    element = needs.get(need_id)
    if element is None or element["type"] not in info.element_types:
        elements = [n["id"] for n in needs.values() if n["type"] in info.element_types]
        messages.warn("resume-ukendt", node, target=need_id, hint=did_you_mean(need_id, elements))
        node.replace_self([])
        return
    realisers = _realisers(element, needs, info)
    practices = [n for n in realisers if n["type"] == info.practice_types[0]]
    tools = [n for n in realisers if n["type"] != info.practice_types[0]]
    made: list[nodes.Node] = [_head(app, docname, element, needs, info)]
    after: list[nodes.Node] = []
    if practices:
        after += [_rubric("Praksis i korte træk"), _practice_list(app, docname, practices, info)]
    if tools:
        after += [_rubric("Redskaber, rapporten nævner"), _practice_list(app, docname, tools, info)]
    counted = _grounds_count(realisers, info)
    if counted is not None:
        after += [_rubric("Hvad det bygger på"), counted]
    after += [_rubric("Tjekliste"), *_checklists(app, docname, element, realisers, needs)]
    more = nodes.paragraph(classes=[f"{CLASS}__mere"])
    more += nodes.Text("Hele beskrivelsen med kilder: ")
    more += nodes.reference(
        "",
        element["title"],
        internal=True,
        refuri=app.builder.get_relative_uri(docname, element["docname"]),
    )
    more += nodes.Text(".")
    after.append(more)
    box = node.parent
    node.replace_self(made)
    box.extend(after)
    # The page's own section carries the class too, so print can set its title smaller.
    section = box.parent
    while section is not None and not isinstance(section, nodes.section):
        section = section.parent
    if section is not None:
        section["classes"].append(PAGE_CLASS)


def resolve(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    placeholders = list(doctree.findall(resume))
    traces = list(doctree.findall(question_trace))
    if not placeholders and not traces:
        return
    needs = get_needs_view(app)
    info = of_app(app)
    for node in placeholders:
        _fill(app, docname, node, needs, info)
    for trace in traces:
        _trace(app, docname, trace, needs, info)


# -- Which questions discuss what -------------------------------------------------------------


class question_trace(nodes.General, nodes.Element):  # noqa: N801 (docutils node naming)
    """Placeholder for the table of what the teaching pages discuss."""


class QuestionTraceDirective(SphinxDirective):
    """```` ```{droeftelser} ```` : each practice, tool and point that a teaching page in the
    same folder links with {need}, and the pages that do; and how many are not discussed."""

    has_content = False

    def run(self) -> list[nodes.Node]:
        pages: set[str] = self.env.__dict__.setdefault("handbog_resume_pages", set())
        pages.add(self.env.docname)
        node = question_trace()
        self.set_source_info(node)
        return [node]


def _discussed(env: Any, folder: str) -> dict[str, list[str]]:
    """{need ID: teaching pages that link it} from the {need} references every page's reading
    recorded (handbog.checks.XrefCollector)."""
    found: dict[str, list[str]] = {}
    xrefs: dict[str, list[tuple[str, str, Any, Any]]] = getattr(env, "handbog_xrefs", {})
    for doc in sorted(xrefs):
        if posixpath.dirname(doc) != folder:
            continue
        for kind, target, _line, _source in xrefs[doc]:
            if kind == "need" and doc not in found.get(target, []):
                found.setdefault(target, []).append(doc)
    return found


def _trace(app: Sphinx, docname: str, node: question_trace, needs: Any, info: Model) -> None:
    discussed = _discussed(app.env, posixpath.dirname(docname))
    # what the model says that a question can discuss: practices, tools and points
    kinds = [t for t in info.report_types if t not in info.element_types]
    subjects = sorted(
        (n for n in needs.values() if n["type"] in kinds),
        key=lambda n: (n.get("docname") or "", n.get("lineno") or 0),
    )
    titles = app.env.titles
    rows: list[list[nodes.Node]] = []
    for need in subjects:
        if need["id"] not in discussed:
            continue
        where = nodes.paragraph()
        for index, doc in enumerate(discussed[need["id"]]):
            if index:
                where += nodes.Text(", ")
            title = titles[doc].astext() if doc in titles else doc
            where += nodes.reference(
                "", title, internal=True, refuri=app.builder.get_relative_uri(docname, doc)
            )
        rows.append([nodes.paragraph("", "", *titled(app.builder, docname, need)), where])
    names = [info.types[t].title.lower() for t in kinds]
    named = " eller ".join([", ".join(names[:-1]), names[-1]]) if len(names) > 1 else names[0]
    count = nodes.paragraph(
        text=f"Spørgsmålene til drøftelse linker til {len(rows)} af modellens "
        f"{len(subjects)} punkter af typen {named}."
    )
    node.replace_self(
        [count, trace_table(["Drøftes", "I spørgsmålene på"], rows, ["handbog-droeftelser"])]
    )


# -- Bookkeeping for incremental builds ---------------------------------------------------------


def _purge(_app: Sphinx, env: Any, docname: str) -> None:
    getattr(env, "handbog_resume_pages", set()).discard(docname)


def _merge(_app: Sphinx, env: Any, docnames: Iterable[str], other: Any) -> None:
    pages: set[str] = env.__dict__.setdefault("handbog_resume_pages", set())
    pages |= set(docnames) & getattr(other, "handbog_resume_pages", set())


def setup(app: Sphinx) -> None:
    app.add_node(resume)
    app.add_directive("resume", ResumeDirective)
    app.add_node(question_trace)
    app.add_directive("droeftelser", QuestionTraceDirective)
    app.connect("env-purge-doc", _purge)
    app.connect("env-merge-info", _merge)
    # A summary is made from needs on other pages: written again when any page changes.
    rereading.write_again_on_change(app, lambda env: getattr(env, "handbog_resume_pages", ()))
    # After sphinx-needs has resolved its own nodes (500) and the need boxes are tidied (700).
    app.connect("doctree-resolved", resolve, priority=750)
