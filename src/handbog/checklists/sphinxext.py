"""The checklists in the HTML handbook: ``{tjekliste} <id>`` and ``{tjeklisteoversigt}``.

``{tjekliste} <id>`` reads ``checklists/<id>.yaml`` and puts two things on the page:

- one hidden ``tjekpunkt`` need per item (``TJ_<CHECKLIST>_<ITEM>``), whose ``tjekker`` links
  sphinx-needs checks like any other link, so the practices a checklist checks show "tjekkes
  af" and the checklist page shows what each item rests on;
- an accessible form: a ``<fieldset>`` per section and per item, native radio buttons with
  ``<label for>``, help text tied with ``aria-describedby``, a note per item, the context
  (enhed, udfyldt af, dato) and a summary. ``static/checklist/checklist.js`` makes it keep
  answers in the browser (``localStorage``) and export/import the answers file that the
  command line ``handbog tjekliste`` reads too. Without JavaScript the page is a readable,
  printable checklist and says that nothing is saved.

The need's element on the page is the item's fieldset (``id="TJ_…"``): the needs are
hidden, so every link to a checklist item lands on the item in the form.

``{tjeklisteoversigt}`` lists every checklist in ``checklists/`` with its audience, kind and
use, linked to its page. A checklist YAML without a page makes the build warn.

Nothing is generated behind the editor's back: each checklist has a small page of its own in
docs/tjeklister/ that an editor can read and change.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Set
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypedDict

from docutils import nodes
from sphinx.environment.collectors import EnvironmentCollector
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective
from sphinx.util.osutil import relative_uri
from sphinx_needs.api import add_need, get_needs_view
from sphinx_needs.exceptions import InvalidNeedException

from handbog.checklists.answers import PERIOD_FIELD, ROUND_FIELD
from handbog.checklists.contract import FORM_ELEMENT_PREFIX, contract, schema_limits, script_element
from handbog.checklists.errors import ChecklistError
from handbog.checklists.loader import check_file, check_files, checklist_files, load_checklist
from handbog.checklists.model import (
    KIND_LABELS,
    NOT_RELEVANT,
    WHEN,
    WHEN_LABELS,
    YES_NO_SCALE,
    Checklist,
    Item,
    Section,
    need_id,
)
from handbog.checklists.paper import FORM_CLASS, fillable_id, form_label
from handbog.checklists.rounds import PERIOD_PATTERN
from handbog.compat import app_of, note_need_document
from handbog.literature.additions import CLASS as ADDITION_CLASS
from handbog.literature.additions import LABEL as ADDITION_LABEL
from handbog.model import of_app
from handbog.needs.needrefs import need_reference
from handbog.needs.views import note_view_page
from handbog.theme.pdflinks import PDF_DIR, WHOLE, module_of

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

LOGGER = logging.getLogger(__name__)

SCRIPT = "checklist/checklist.js"
#: What the form and the overview page share (the contract, answers files, CPR guard, numbers):
#: loaded before either script (both deferred, so in this order).
SHARED_SCRIPT = "checklist/svarfil.js"
STYLESHEET = "checklist/checklist.css"
#: env.metadata flag of a page that holds a checklist form (its assets are added to it only)
PAGE_FLAG = "handbog-tjekliste"
#: Where an editor writes the page of a checklist, relative to the source folder.
PAGE_FOLDER = "tjeklister"

CONTEXT_FIELDS = (
    ("enhed", "Enhed", "text", "Fx skolens, dagtilbuddets eller teamets navn."),
    ("udfyldt_af", "Udfyldt af", "text", "Navn eller funktion på den eller dem, der udfylder."),
    ("dato", "Dato", "date", ""),
)


# -- Where things are --------------------------------------------------------------------------


def _checklists_dir(app: Sphinx) -> Path:
    """``handbog_checklists_dir`` (relative to conf.py), by default ``checklists`` beside it."""
    folder = Path(app.config.handbog_checklists_dir or "checklists")
    return folder if folder.is_absolute() else Path(app.confdir) / folder


def _shown(path: Path | str) -> str:
    """A path as an editor reads it: relative to the working folder when it lies below it."""
    path = Path(path)
    try:
        rel = os.path.relpath(path)
    except ValueError:
        return str(path)
    return str(path) if rel.startswith("..") else rel


def _warn(message: str, location: Any, subtype: str = "tjekliste") -> None:
    LOGGER.warning(message, location=location, type="handbog", subtype=subtype)


def _warn_problems(error: ChecklistError, consequence: str) -> None:
    """One warning per problem of the loader, located at the YAML file and line."""
    for problem in error.problems:
        where = _shown(problem.path) + (f":{problem.line}" if problem.line else "")
        _warn(f"{problem.message} ({consequence})", where)


# -- HTML nodes --------------------------------------------------------------------------------


class checklist_html(nodes.General, nodes.TextElement):  # noqa: N801 (docutils node naming)
    """An HTML element of the form: ``tag`` and ``attrs``; ``void`` for ``<input>``.

    Form controls have no docutils node; writing them out here keeps the markup exactly as
    the accessibility rules want it (``<label for>``, ``aria-describedby``, fieldsets).
    """


class checklist_need_link(nodes.Inline, nodes.TextElement):  # noqa: N801
    """A link to a need the item checks, filled in when all needs are known."""


class checklist_overview(nodes.General, nodes.Element):  # noqa: N801
    """The list of all checklists, filled in when every checklist page is known."""


class OverviewRow(TypedDict):
    """One checklist in the overview (``checklist_overview["rows"]``, kept in the doctree)."""

    id: str
    title: str
    audience: list[str]
    kind: str
    when: list[str]
    purpose: str


def _el(
    tag: str, *children: nodes.Node | str, classes: Iterable[str] = (), **attrs: Any
) -> checklist_html:
    node = checklist_html(
        tag=tag, attrs={k.rstrip("_").replace("_", "-"): v for k, v in attrs.items()}
    )
    if classes:
        node["attrs"]["class"] = " ".join(classes)
    for child in children:
        node += nodes.Text(child) if isinstance(child, str) else child
    return node


def _void(tag: str, **attrs: Any) -> checklist_html:
    node = _el(tag, **attrs)
    node["void"] = True
    return node


def _attributes(attrs: dict[str, Any]) -> str:
    out = []
    for name, value in attrs.items():
        if value is None or value is False:
            continue
        out.append(f" {name}" if value is True else f' {name}="{escape(str(value), quote=True)}"')
    return "".join(out)


def visit_checklist_html(self: Any, node: checklist_html) -> None:
    self.body.append(f"<{node['tag']}{_attributes(node['attrs'])}>")
    if node.get("void"):
        raise nodes.SkipNode


def depart_checklist_html(self: Any, node: checklist_html) -> None:
    self.body.append(f"</{node['tag']}>")


def visit_passthrough(self: Any, node: nodes.Element) -> None:
    """Other builders (text, LaTeX, man) keep the texts and drop the form controls."""
    if node.get("void"):
        raise nodes.SkipNode


def depart_passthrough(self: Any, node: nodes.Element) -> None:
    pass


# -- The form --------------------------------------------------------------------------------


def _when_text(when: Any) -> str:
    if not when:
        return ""
    items = [when] if isinstance(when, str) else list(when)
    return ", ".join(WHEN_LABELS.get(w, str(w)).lower() for w in items)


#: (value, label, done) of one answer an item can get; done is None for "ikke relevant"
Option = tuple[str, str, bool | None]


def _options(checklist: Checklist) -> list[Option]:
    """(value, label, done) of the answers an item can get."""
    if checklist.kind == "selvvurdering":
        return [
            (step.value, step.label, None if step.value == NOT_RELEVANT else bool(step.done))
            for step in checklist.scale
        ]
    return [
        (step.value, step.label, None if step.value == NOT_RELEVANT else step.done)
        for step in YES_NO_SCALE
    ]


def build_form(
    checklist: Checklist, need_ids: dict[str, str], hidden_needs: dict[str, list[nodes.Node]]
) -> checklist_html:
    """The whole form of one checklist (``need_ids``: item id → TJ ID)."""
    cid = checklist.id
    base = f"hc-{cid}"
    options = _options(checklist)
    form = _el(
        "form",
        # hc-compact: a checklist used at a meeting or step by step is one sheet on paper
        # (pdf.css sets its items as rows); a graded self-assessment keeps room for notes.
        classes=[FORM_CLASS] + ([] if checklist.graded else ["hc-compact"]),
        data_checklist=cid,
        data_version=checklist.version,
        # The checklist contract (handbog.checklists.contract) is embedded in the form: the
        # CPR guard, the limits, the scale and the number rule, read by svarfil.js; the
        # scripts have no copy of their own that could drift.
        data_contract=FORM_ELEMENT_PREFIX + cid,
        aria_label=form_label(checklist.title),
        novalidate=True,
    )
    form += nodes.raw(
        "", script_element(FORM_ELEMENT_PREFIX + cid, contract([checklist])), format="html"
    )
    form += _el(
        "p",
        "Formularen bruger JavaScript til at huske dine svar i denne browser og til at gemme "
        "og hente dem som fil. JavaScript er slået fra, så intet bliver gemt: du kan læse "
        "tjeklisten, udfylde den her uden at gemme eller udskrive den og udfylde den i hånden.",
        classes=["hc-nojs", "handbog-screen-only"],
    )

    # The context of this filling-in.
    context = _el("fieldset", classes=["hc-context"])
    context += _el("legend", "Om udfyldningen")
    context += _el(
        "p",
        "Skriv aldrig navne, CPR-numre eller andre oplysninger om enkelte børn eller familier "
        "i tjeklisten.",
        classes=["hc-privacy"],
        id=f"{base}-privat",
    )
    for name, label, kind, hint in CONTEXT_FIELDS:
        field_id = f"{base}-{name}"
        described = [f"{base}-privat"] if kind == "text" else []
        box = _el("div", classes=["hc-field"])
        box += _el("label", label, for_=field_id)
        box += nodes.Text(" ")  # apart on paper, where the field is not a flex column
        if hint:
            box += _el("span", hint, classes=["hc-hint"], id=f"{field_id}-hint")
            described.insert(0, f"{field_id}-hint")
        box += _void(
            "input",
            type=kind,
            id=field_id,
            name=name,
            autocomplete="off",
            # the answers file's limits (its schema, through the contract)
            maxlength=None if kind == "date" else str(schema_limits()["context_chars"]),
            data_context=name,
            aria_describedby=" ".join(described),
        )
        context += box
    # The round of a repeated assessment (answers format version 2): lets the overview of
    # many files (handbog tjekliste samlet, the overview page) compare rounds by name.
    round_id = f"{base}-{ROUND_FIELD}"
    # Screen-only: the round is for the overview of saved files, which paper has no part in.
    box = _el("div", classes=["hc-field", "handbog-screen-only"])
    box += _el("label", "Runde", for_=round_id)
    box += nodes.Text(" ")
    box += _el(
        "span",
        "Valgfri. Vælg den, når I gentager tjeklisten, så overblikket over flere filer kan "
        "sammenligne runderne.",
        classes=["hc-hint"],
        id=f"{round_id}-hint",
    )
    choice = _el(
        "select",
        id=round_id,
        name=ROUND_FIELD,
        data_context=ROUND_FIELD,
        aria_describedby=f"{round_id}-hint",
    )
    choice += _el("option", "Ingen runde", value="")
    for value in WHEN:
        choice += _el("option", WHEN_LABELS[value], value=value)
    box += choice
    context += box
    # The period (answers format version 3): next year's "før" is another round than this
    # year's. The pattern is the answers schema's (handbog.checklists.rounds).
    period_id = f"{base}-{PERIOD_FIELD}"
    box = _el("div", classes=["hc-field", "handbog-screen-only"])
    box += _el("label", "Periode", for_=period_id)
    box += nodes.Text(" ")
    box += _el(
        "span",
        "Valgfri. Året eller skoleåret, runden hører til, fx 2026 eller 2026/27.",
        classes=["hc-hint"],
        id=f"{period_id}-hint",
    )
    box += _void(
        "input",
        type="text",
        id=period_id,
        name=PERIOD_FIELD,
        autocomplete="off",
        inputmode="numeric",
        maxlength="7",
        pattern=PERIOD_PATTERN.strip("^$"),
        data_context=PERIOD_FIELD,
        aria_describedby=f"{period_id}-hint",
    )
    context += box
    form += context

    # What JavaScript adds: save/load files, reset, print, and the status of each.
    actions = _el(
        "div",
        classes=["hc-actions", "handbog-screen-only"],
        role="group",
        aria_label="Gem, hent og udskriv",
        hidden=True,
    )
    actions += _el(
        "button",
        "Gem fil",
        type="button",
        data_action="export",
        aria_describedby=f"{base}-filhjaelp",
    )
    actions += _el(
        "button",
        "Hent fil",
        type="button",
        data_action="import",
        aria_describedby=f"{base}-filhjaelp",
    )
    actions += _el("button", "Nulstil", type="button", data_action="reset")
    actions += _el("button", "Fortryd nulstilling", type="button", data_action="undo", hidden=True)
    actions += _el("button", "Udskriv", type="button", data_action="print")
    actions += _void(
        "input",
        type="file",
        accept=".json,application/json",
        hidden=True,
        tabindex="-1",
        data_role="import-file",
        aria_label="Vælg en fil med svar",
    )
    actions += _el(
        "p",
        "Svarene gemmes kun i denne browser. Gem fil lægger dem i en fil på din enhed, som du "
        "kan hente igen her eller bruge med kommandoen handbog tjekliste.",
        classes=["hc-hint"],
        id=f"{base}-filhjaelp",
    )
    actions += _el("p", classes=["hc-status"], role="status", data_role="status")
    form += actions
    # Stays while the browser cannot store the answers; the status line above changes with
    # every action and must not be where this is said.
    warning = _el(
        "div",
        classes=["hc-storage", "handbog-screen-only"],
        role="alert",
        data_role="storage",
        hidden=True,
    )
    warning += _el("p", data_role="storage-text")
    warning += _el("button", "Gem fil nu", type="button", data_action="export")
    form += warning
    # The link's address depends on the page's PDF module: set in resolve().
    fillable = _el(
        "p",
        "Vil I hellere udfylde på computeren uden browseren? Hent ",
        classes=["hc-fillable", "handbog-screen-only"],
    )
    fillable += _el("a", "tjeklisterne som udfyldbar PDF", data_fillable="1")
    fillable += nodes.Text(": sæt kryds og skriv noter i PDF'en, og gem eller udskriv den.")
    form += fillable

    if checklist.kind == "selvvurdering":
        form += _el("p", _scale_text(options), classes=["hc-scale"])

    # The overview comes before the items, so that a long form on a phone is not needed to
    # see where the team stands; a link after the last item leads back to it.
    summary = _el(
        "section",
        classes=["hc-summary", "handbog-screen-only"],
        aria_labelledby=f"{base}-overblik",
        hidden=True,
    )
    summary += _el("h2", "Overblik", id=f"{base}-overblik")
    summary += _el("p", classes=["hc-progress"], aria_live="polite", data_role="progress")
    summary += _el("div", classes=["hc-sections"], data_role="sections")
    missing = _el("details", classes=["hc-missing-box"])
    missing += _el("summary", "Det mangler", data_role="missing-count")
    missing += _el("div", classes=["hc-missing"], data_role="missing")
    summary += missing
    form += summary

    for section in checklist.sections:
        form += _section(checklist, section, options, need_ids, hidden_needs, base)

    form += _next_steps(base)

    back = _el("p", classes=["hc-to-summary", "handbog-screen-only"], hidden=True)
    back += _el("a", "Til overblikket over tjeklisten", href=f"#{base}-overblik")
    form += back
    # The warning above the form is far from the item being answered on a phone (4,250 px
    # above the last one): while it stands, a one-line reminder with its button stays at
    # the bottom of the screen all the way down the form (checklist.css, which also leaves
    # it off paper). No role: the alert above has said it once; this is not read again.
    reminder = _el(
        "div",
        classes=["hc-storage-bar", "handbog-screen-only"],
        data_role="storage-bar",
        hidden=True,
    )
    reminder += _el("p", "Svarene bliver ikke gemt i denne browser.")
    reminder += _el("button", "Gem fil nu", type="button", data_action="export")
    form += reminder
    return form


#: The closing box of every checklist: what happens next, who does it, and when.
NEXT_STEPS_TITLE = "Næste skridt – hvem – hvornår"
NEXT_STEPS_COLUMNS = (("hvad", "Hvad"), ("hvem", "Hvem"), ("hvornaar", "Hvornår"))
NEXT_STEPS_ROWS = 3


def _next_steps(base: str) -> checklist_html:
    """A table with empty rows to agree on the next steps, on paper and in the fillable PDF.

    It is not saved with the answers (the answers file has no place for it), so the
    browser shows it only when the page is printed (checklist.css).
    """
    box = _el("div", classes=["hc-next"])
    table = _el("table", classes=["hc-next-table"])
    table += _el("caption", NEXT_STEPS_TITLE)
    head = _el("tr")
    for _key, label in NEXT_STEPS_COLUMNS:
        head += _el("th", label, scope="col")
    table += _el("thead", head)
    body = _el("tbody")
    for row in range(1, NEXT_STEPS_ROWS + 1):
        line = _el("tr")
        for key, label in NEXT_STEPS_COLUMNS:
            cell = _el("td")
            # name: the field's name in the fillable PDF; maxlength: as the context fields
            cell += _void(
                "input",
                type="text",
                name=f"{base}-naeste-{row}-{key}",
                maxlength=str(schema_limits()["context_chars"]),
                autocomplete="off",
                aria_label=f"Næste skridt {row}: {label.lower()}",
            )
            line += cell
        body += line
    table += body
    box += table
    return box


def _help(text: str, node_id: str) -> checklist_html:
    """An item's help text; the handbook's own advice in it (after the words "Håndbogens
    tilføjelse", as the checklists write it) carries the one markup of literature.additions, so
    it looks as it does on the pages and in the glossary."""
    paragraph = _el("p", classes=["hc-help"], id=node_id)
    marker = ADDITION_LABEL.rstrip(":")
    before, found, after = text.partition(marker)
    if not found:
        paragraph += nodes.Text(text)
        return paragraph
    rest = after.lstrip(":.").strip()
    if before:
        paragraph += nodes.Text(before)
    addition = _el("span", classes=[ADDITION_CLASS])
    addition += _el(
        "strong", marker + (":" if rest else "."), classes=[f"{ADDITION_CLASS}__maerke"]
    )
    if rest:
        addition += nodes.Text(" " + rest)
    paragraph += addition
    return paragraph


def _scale_text(options: list[Option]) -> str:
    """The scale in one sentence: from the lowest to the highest step, and which count."""
    labels = [label for _value, label, _done in options]
    done = [f"»{label}«" for _value, label, is_done in options if is_done]
    text = f"Svar på en skala fra »{labels[0]}« til »{labels[-1]}«."
    if done:
        joined = done[0] if len(done) == 1 else ", ".join(done[:-1]) + " og " + done[-1]
        text += f" Som på plads tæller {joined}."
    return text


def _section(
    checklist: Checklist,
    section: Section,
    options: list[Option],
    need_ids: dict[str, str],
    hidden_needs: dict[str, list[nodes.Node]],
    base: str,
) -> checklist_html:
    box = _el("fieldset", classes=["hc-section"], id=f"{base}-{section.id}")
    legend = _el("legend", section.title)
    when = _when_text(section.when)
    if when and when not in section.title.casefold():
        legend += _el("span", f" ({when})", classes=["hc-when"])
    box += legend
    if section.who:
        box += _el("p", f"Hvem: {section.who}", classes=["hc-who"])
    for item in section.items:
        box += _item(checklist, item, options, need_ids[item.id], hidden_needs[item.id], base)
    return box


def _item(
    checklist: Checklist,
    item: Item,
    options: list[Option],
    tj_id: str,
    hidden: list[nodes.Node],
    base: str,
) -> checklist_html:
    item_base = f"{base}-{item.id}"
    described = []
    if item.help:
        described.append(f"{item_base}-hjaelp")
    box = _el(
        "fieldset",
        # handbog-lokal: the same border as a local need's box (handbog-kommune.css, pdf.css)
        classes=["hc-item", "handbog-lokal"] if item.local_mark else ["hc-item"],
        id=tj_id,
        data_item=item.id,
        aria_describedby=" ".join(described) or None,
    )
    box += _el("legend", item.text, classes=["hc-text"])
    if item.local_mark:
        # the marker in words, as on a local box: colour alone reaches no one on paper
        marker = _el("p", classes=["hc-local", "handbog-lokalt"])
        marker += _el("strong", item.local_mark)
        box += marker
    for need_node in hidden:  # removed by sphinx-needs once it knows where the need sits
        box += need_node
    if item.help:
        box += _help(item.help, f"{item_base}-hjaelp")
    choices = _el("div", classes=["hc-options"])
    for value, label, _done in options:
        radio_id = f"{item_base}-{value}"
        # pdf-choice: the PDF stylesheet (static/print/pdf.css) spaces the answers on paper
        choice = _el("span", classes=["hc-option", "pdf-choice"])
        choice += _void(
            "input",
            type="radio",
            id=radio_id,
            name=item_base,
            value=value,
        )
        choice += _el("label", label, for_=radio_id)
        choices += choice
    box += choices
    note_id = f"{item_base}-note"
    note = _el("div", classes=["hc-note"])
    note += _el("label", "Note", for_=note_id)
    # The error message (<id>-fejl) is added by the script when a note is refused: a page
    # with 40 items stays light.
    note += _el(
        "textarea",
        id=note_id,
        rows="2",
        maxlength=str(schema_limits()["note_chars"]),
        # which item the note belongs to is the fieldset's data-item: one copy per item
        # keeps a long checklist page inside its weight budget
        data_note=True,
    )
    box += note
    meta = _el("p", classes=["hc-meta"])
    meta += _el("span", tj_id, classes=["hc-id"])
    if item.tjekker:
        # the separator goes with the ID where paper leaves the ID out (pdf.css)
        meta += _el("span", " · ", classes=["hc-id-sep"])
        meta += nodes.Text("Tjekker: ")
        for index, target in enumerate(item.tjekker):
            if index:
                meta += nodes.Text(", ")
            link = checklist_need_link(
                "",
                target,
                target=target,
                source_path=str(checklist.source),
                source_line=item.line,
                tj_id=tj_id,
            )
            meta += link
    box += meta
    return box


# -- Directives --------------------------------------------------------------------------------


def _load(app: Sphinx, checklist_id: str) -> tuple[Path, Checklist | None]:
    """The checklist's file and the checklist, or None after a warning at the YAML line."""
    folder = _checklists_dir(app)
    candidates = [folder / f"{checklist_id}.yaml", folder / f"{checklist_id}.yml"]
    path = next((p for p in candidates if p.is_file()), candidates[0])
    if not path.is_file():
        return path, None
    try:
        return path, load_checklist(path, of_app(app))
    except ChecklistError as error:
        _warn_problems(error, "tjeklisten er ikke vist")
        return path, None


class ChecklistDirective(SphinxDirective):
    """``{tjekliste} <id>``: the checklist ``checklists/<id>.yaml`` as needs and a form."""

    required_arguments = 1
    has_content = False

    def run(self) -> list[nodes.Node]:
        app = app_of(self.env)
        checklist_id = self.arguments[0].strip()
        pages = _pages(self.env)
        if pages.get(checklist_id, self.env.docname) != self.env.docname:
            _warn(
                f"tjeklisten {checklist_id!r} vises allerede på {pages[checklist_id]}. En "
                "tjekliste har én side: fjern den ene {tjekliste}.",
                (self.env.docname, self.lineno),
            )
            return []
        pages[checklist_id] = self.env.docname
        path, checklist = _load(app, checklist_id)
        # Editing (or creating) the YAML file makes Sphinx read this page again.
        self.env.note_dependency(str(path))
        if checklist is None:
            if not path.is_file():
                known = ", ".join(p.stem for p in checklist_files(path.parent)) or "ingen"
                _warn(
                    f"{{tjekliste}} {checklist_id}: filen {_shown(path)} findes ikke. Ret "
                    f"navnet (tjeklister i {_shown(path.parent)}: {known}) eller opret filen.",
                    (self.env.docname, self.lineno),
                )
            return [self._failed(checklist_id, path)]
        if checklist.id != checklist_id:
            _warn(
                f"{{tjekliste}} {checklist_id}: filen {_shown(path)} har id {checklist.id!r}. "
                "Id og filnavn skal være ens.",
                (self.env.docname, self.lineno),
            )
        self.env.metadata[self.env.docname][PAGE_FLAG] = True
        # sphinx-needs only post-processes need nodes on documents it knows hold needs.
        note_need_document(self.env, self.env.docname)
        need_ids, hidden = self._needs(app, checklist)
        return [build_form(checklist, need_ids, hidden)]

    def _needs(
        self, app: Sphinx, checklist: Checklist
    ) -> tuple[dict[str, str], dict[str, list[nodes.Node]]]:
        ids: dict[str, str] = {}
        hidden: dict[str, list[nodes.Node]] = {}
        for _section, item in checklist.items():
            tj_id = need_id(checklist, item)
            ids[item.id] = tj_id
            # a municipal edition's item is a local need that adapts what it checks
            # (handbog.kommune), so it is traced and checked like the edition's other ones
            need_type, link = ("lokal", "tilpasser") if item.local_id else ("tjekpunkt", "tjekker")
            try:
                hidden[item.id] = add_need(
                    app,
                    self.state,
                    self.env.docname,
                    self.lineno,
                    title=item.text,
                    id=tj_id,
                    content=item.help or "",
                    hide=True,
                    need_type=need_type,
                    tjekliste=checklist.id,
                    **{link: list(item.tjekker)},  # type: ignore[arg-type]
                )
            except InvalidNeedException as error:
                _warn(
                    f"{tj_id}: {error.message} Ret punktet '{item.id}'.",
                    f"{_shown(checklist.source)}:{item.line}",
                )
                hidden[item.id] = []
        return ids, hidden

    def _failed(self, checklist_id: str, path: Path) -> nodes.Node:
        """Shown instead of the form, so a broken checklist is never silently missing."""
        note = nodes.admonition(classes=["error"])
        note += nodes.title(text="Tjeklisten kan ikke vises")
        note += nodes.paragraph(
            text=f"Tjeklisten {checklist_id!r} ({_shown(path)}) har fejl; se advarslerne fra "
            "byggeriet."
        )
        return note


class ChecklistOverviewDirective(SphinxDirective):
    """``{tjeklisteoversigt}``: every checklist with audience, kind, use and a link."""

    has_content = False

    def run(self) -> list[nodes.Node]:

        app = app_of(self.env)
        paths = checklist_files(_checklists_dir(app))
        info = of_app(app)
        sound = []
        for path in paths:
            self.env.note_dependency(str(path))
            # A file with problems of its own is reported by its page (or for having none).
            if check_file(path, info)[0] is not None:
                sound.append(path)
        checklists, problems = check_files(sound, info)
        for problem in problems:  # what only shows across files: ids used twice
            where = _shown(problem.path) + (f":{problem.line}" if problem.line else "")
            _warn(f"{problem.message} (tjeklisten mangler i oversigten)", where)
        rows: list[OverviewRow] = [
            {
                "id": c.id,
                "title": c.title,
                "audience": list(c.audience),
                "kind": c.kind,
                "when": list(c.when),
                "purpose": c.purpose,
            }
            for c in checklists.values()
        ]
        # The page links to the checklist pages: have it written again when they change.
        note_view_page(self.env, self.env.docname)
        _overviews(self.env).add(self.env.docname)
        node = checklist_overview(rows=rows)
        self.set_source_info(node)
        return [node]


# -- Resolving links ----------------------------------------------------------------------------


def _uri(app: Sphinx, fromdoc: str, todoc: str) -> str:
    return app.builder.get_relative_uri(fromdoc, todoc)


def _resolve_need_links(app: Sphinx, doctree: nodes.document, fromdoc: str) -> None:
    needs = get_needs_view(app)
    for node in list(doctree.findall(checklist_need_link)):
        target = node["target"]
        need = needs.get(target)
        if need is None or not need.get("docname"):
            _warn(
                f"{node['tj_id']}: tjekker {target}, som ikke findes. Ret 'tjekker' i punktet, "
                "eller opret behovet på den side, der beskriver praksissen.",
                f"{_shown(node['source_path'])}:{node['source_line']}",
            )
            node.replace_self(_el("span", target, classes=["hc-unknown"]))
            continue
        ref = need_reference(
            app.builder, fromdoc, need, need["title"], need["id"], classes=["hc-checks"]
        )
        # The reader needs the practice's title; its ID stays in the link (its title
        # attribute and its target), for editors, without a second copy on the page.
        node.replace_self(ref)


def _overview(app: Sphinx, fromdoc: str, rows: list[OverviewRow]) -> nodes.Node:
    """One entry per checklist: a list reads better than a wide table on a phone."""
    if not rows:
        return nodes.paragraph(text="Der er ingen tjeklister endnu.")
    pages = _pages(app.env)
    entries = nodes.bullet_list(classes=["handbog-tjeklister"])
    for data in sorted(rows, key=lambda r: r["title"].casefold()):
        entry = nodes.list_item()
        head = nodes.paragraph()
        strong = nodes.strong()
        docname = pages.get(data["id"])
        if docname:
            ref = nodes.reference("", "", internal=True, refuri=_uri(app, fromdoc, docname))
            ref += nodes.Text(data["title"])
            strong += ref
        else:
            strong += nodes.Text(data["title"])
        head += strong
        entry += head
        kind = KIND_LABELS.get(data["kind"], data["kind"])
        entry += nodes.paragraph(
            text=f"{kind}. Til: {', '.join(data['audience'])}. Bruges: {_when_text(data['when'])}."
        )
        entry += nodes.paragraph(text=data["purpose"])
        entries += entry
    return entries


def _resolve_fillable_links(app: Sphinx, doctree: nodes.document, fromdoc: str) -> None:
    """Point the form's link at the fillable PDF of the page's module; without a module of
    its own (only in the whole handbook, which has no fillable variant) the line goes."""
    module = module_of(app.config, fromdoc)
    for node in list(doctree.findall(checklist_html)):
        if "data-fillable" not in node["attrs"]:
            continue
        if module is WHOLE or app.builder.format != "html":
            node.parent.parent.remove(node.parent)
            continue
        target = f"{PDF_DIR}/{fillable_id(module['id'])}.pdf"
        node["attrs"]["href"] = relative_uri(app.builder.get_target_uri(fromdoc), target)


def resolve(app: Sphinx, doctree: nodes.document, fromdoc: str) -> None:
    _resolve_need_links(app, doctree, fromdoc)
    _resolve_fillable_links(app, doctree, fromdoc)
    for node in list(doctree.findall(checklist_overview)):
        node.replace_self(_overview(app, fromdoc, node["rows"]))


# -- Every checklist has a page ------------------------------------------------------------------


def check_every_checklist_has_a_page(app: Sphinx, env: BuildEnvironment) -> None:
    folder = _checklists_dir(app)
    shown = _pages(env)
    for path in checklist_files(folder):
        if path.stem not in shown:
            _warn(
                f"tjeklisten {path.stem!r} har ingen side. Tilføj docs/{PAGE_FOLDER}/"
                f"{path.stem}.md med en kort indledning og ```{{tjekliste}} {path.stem}``` "
                "og sæt den i indholdsfortegnelsen i docs/tjeklister/index.md.",
                f"{_shown(path)}:1",
            )


# -- Assets only where a form is ------------------------------------------------------------------


def add_assets(
    app: Sphinx,
    pagename: str,
    templatename: str,
    context: dict[str, Any],
    doctree: nodes.document | None,
) -> None:
    if app.builder.format != "html" or not app.env.metadata.get(pagename, {}).get(PAGE_FLAG):
        return
    app.add_css_file(STYLESHEET, priority=910)
    app.add_js_file(SHARED_SCRIPT, priority=909, loading_method="defer")
    app.add_js_file(SCRIPT, priority=910, loading_method="defer")


# -- Environment bookkeeping (parallel reads and incremental builds) ------------------------------


# The attributes below are this extension's own, which BuildEnvironment does not declare: they
# are read and set in the environment's ``__dict__`` (pickled with it), as ``env.<name>`` would be.


def _pages(env: BuildEnvironment) -> dict[str, str]:
    """Checklist id → the page showing it: ``env.handbog_checklist_pages``."""
    pages: dict[str, str] = vars(env).setdefault("handbog_checklist_pages", {})
    return pages


def _overviews(env: BuildEnvironment) -> set[str]:
    """The pages showing the overview: ``env.handbog_checklist_overviews``."""
    overviews: set[str] = vars(env).setdefault("handbog_checklist_overviews", set())
    return overviews


def _init_env(env: BuildEnvironment) -> None:
    _pages(env)
    _overviews(env)


class ChecklistCollector(EnvironmentCollector):
    """Which page shows which checklist, which pages show the overview, and the files seen.

    Stored in the environment; a change of shape needs a new ``handbog.ENV_VERSION``.
    """

    def clear_doc(self, app: Sphinx, env: BuildEnvironment, docname: str) -> None:
        pages = _pages(env)
        for key in [k for k, d in pages.items() if d == docname]:
            del pages[key]
        _overviews(env).discard(docname)

    def merge_other(
        self, app: Sphinx, env: BuildEnvironment, docnames: Set[str], other: BuildEnvironment
    ) -> None:
        _init_env(env)
        pages = _pages(env)
        for key, doc in getattr(other, "handbog_checklist_pages", {}).items():
            if doc in docnames:
                pages[key] = doc
        overviews: set[str] = getattr(other, "handbog_checklist_overviews", set())
        _overviews(env).update(overviews & docnames)

    def process_doc(self, app: Sphinx, doctree: nodes.document) -> None:
        """Nothing to do: the directives note their pages while the page is read."""

    def get_outdated_docs(
        self,
        app: Sphinx,
        env: BuildEnvironment,
        added: Set[str],
        changed: Set[str],
        removed: Set[str],
    ) -> list[str]:
        """A checklist file added or removed: read the overview again (it lists the files,
        and reading makes the build check that every checklist has a page)."""
        _init_env(env)
        files = sorted(p.name for p in checklist_files(_checklists_dir(app)))
        ours = vars(env)  # see _pages
        before: list[str] | None = ours.get("handbog_checklist_files")
        ours["handbog_checklist_files"] = files
        if before is None or before == files:
            return []
        return sorted(_overviews(env) & env.found_docs)


def setup(app: Sphinx) -> None:
    app.add_config_value("handbog_checklists_dir", "checklists", "env", types=[str])
    passthrough = (visit_passthrough, depart_passthrough)
    app.add_node(
        checklist_html,
        html=(visit_checklist_html, depart_checklist_html),
        latex=passthrough,
        text=passthrough,
        man=passthrough,
        texinfo=passthrough,
    )
    app.add_node(checklist_need_link)
    app.add_node(checklist_overview)
    app.add_directive("tjekliste", ChecklistDirective)
    app.add_directive("tjeklisteoversigt", ChecklistOverviewDirective)
    app.connect("builder-inited", lambda a: _init_env(a.env))
    app.add_env_collector(ChecklistCollector)
    app.connect("env-check-consistency", check_every_checklist_has_a_page)
    app.connect("doctree-resolved", resolve)
    app.connect("html-page-context", add_assets)
