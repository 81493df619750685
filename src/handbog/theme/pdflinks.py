"""Training modules: which pages go into which PDF, and a link from each page to its PDF.

conf.py lists the modules (``handbog_pdf_modules``). At the end of an HTML build this module
writes ``pdf-moduler.json`` into the output folder; :mod:`handbog.pdf` reads it to print one
PDF per module and one for the whole handbook. The PDFs are published beside the HTML, in
``pdf/``, so the site and its printouts travel together. The manifest also carries the
handbook's identity (edition, date, build, public address; :mod:`handbog.version`), which
this module checks before a page is read.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pybtex.database
from docutils import nodes
from pybtex.exceptions import PybtexError
from sphinx.util import logging
from sphinx.util.osutil import relative_uri

from handbog import messages, version
from handbog.literature import bibliography

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config
    from sphinx.environment import BuildEnvironment

LOGGER = logging.getLogger(__name__)

MANIFEST = "pdf-moduler.json"
PDF_DIR = "pdf"
WHOLE = {"id": "haandbog", "title": "Hele håndbogen", "kicker": "Praksishåndbog"}
#: What a module's cover says it is, above its title.
MODULE_KICKER = "Undervisningsmodul"
EDITORS_KICKER = "Til redaktører"


def reading_order(env: BuildEnvironment, root: str) -> list[str]:
    """Documents in the order a reader meets them through the toctrees."""
    order: list[str] = []

    def visit(doc: str) -> None:
        if doc in order:
            return
        order.append(doc)
        for child in env.toctree_includes.get(doc, []):
            visit(child)

    visit(root)
    return order


def module_of(config: Config, docname: str) -> dict[str, Any]:
    modules: list[dict[str, Any]] = config.handbog_pdf_modules
    for module in modules:
        if docname in module["docs"]:
            return module
    if is_editors_page(config, docname):
        return editors_module(config)
    return WHOLE


# -- The trainer's book: parts, and the editors' pages in a PDF of their own ------------------

#: The part of the whole handbook for pages that belong to no part (the glossary, the
#: literature): they are looked up, not taught.
BACK_MATTER = "Opslag"


def editors_module(config: Config) -> dict[str, Any]:
    editors: dict[str, Any] = config.handbog_pdf_editors
    return {"id": editors["id"], "title": editors["title"], "kicker": EDITORS_KICKER}


def is_editors_page(config: Config, docname: str) -> bool:
    editors: dict[str, Any] = config.handbog_pdf_editors
    return any(docname.startswith(folder) for folder in editors.get("folders", []))


def is_screen_only(config: Config, docname: str) -> bool:
    """A page that is a tool for the browser (``handbog_pdf_screen_only``): it is printed in
    no PDF, and it offers none."""
    return docname in config.handbog_pdf_screen_only


def _folder(docname: str) -> str:
    return docname.rpartition("/")[0]


def book_pages(config: Config, order: list[str]) -> list[tuple[str, str]]:
    """The whole handbook's pages with their part: part by part as ``handbog_pdf_parts``
    lists the modules, each module's pages in its order. A page in no module follows the page
    before it in the reading order when both are in the same folder; the others end the book
    under :data:`BACK_MATTER`. Editors' pages and screen-only pages are left out."""
    modules = {m["id"]: m for m in config.handbog_pdf_modules}
    parts: dict[str, list[str]] = config.handbog_pdf_parts
    book: list[tuple[str, str]] = [
        (doc, part)
        for part, ids in parts.items()
        for module_id in ids
        if module_id in modules
        for doc in modules[module_id]["docs"]
        if doc in order
    ]
    placed = {doc for doc, _ in book}
    back: list[tuple[str, str]] = []
    for index, doc in enumerate(order):
        if doc in placed or is_editors_page(config, doc) or is_screen_only(config, doc):
            continue
        before = order[index - 1] if index else ""
        at = next((i for i, (d, _) in enumerate(book) if d == before), None)
        if at is not None and _folder(before) == _folder(doc) and _folder(doc):
            book.insert(at + 1, (doc, book[at][1]))
        else:
            back.append((doc, BACK_MATTER))
        placed.add(doc)
    return book + back


def names_in_references(app: Sphinx) -> list[str]:
    """Authors' surnames and the organisations that wrote the references (words of four
    letters or more, capitalised): the PDFs never hyphenate them ("Vil-lumsen")."""

    names: set[str] = set()
    for bibfile in app.config.bibtex_bibfiles or []:
        try:
            data = pybtex.database.parse_file(Path(app.confdir, bibfile), bib_format="bibtex")
        except (OSError, PybtexError):
            continue  # the bibliography's own check names the problem
        for entry in data.entries.values():
            for persons in entry.persons.values():
                for person in persons:
                    for part in person.last_names:
                        names.update(
                            word
                            for word in re.findall(
                                r"[^\W\d_]+", part.replace("{", "").replace("}", "")
                            )
                            if len(word) >= 4 and word[0].isupper()
                        )
    return sorted(names)


def check_parts(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """At env-updated: every part names modules that exist, each module in one part."""
    known = {m["id"] for m in app.config.handbog_pdf_modules}
    seen: dict[str, str] = {}
    for part, ids in app.config.handbog_pdf_parts.items():
        for module_id in ids:
            if module_id not in known:
                LOGGER.warning(
                    f"Delen {part!r} af hele håndbogen nævner PDF-modulet {module_id!r}, som "
                    f"ikke står i handbog_pdf_modules. Ret handbog_pdf_parts i conf.py.",
                    type="handbog",
                    subtype="pdf",
                )
            elif module_id in seen:
                LOGGER.warning(
                    f"PDF-modulet {module_id!r} står i to dele af hele håndbogen "
                    f"({seen[module_id]!r} og {part!r}). Ret handbog_pdf_parts i conf.py.",
                    type="handbog",
                    subtype="pdf",
                )
            seen[module_id] = part
    return []


def check_modules(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """At env-updated: warn about pages missing or in two modules; no page to read again."""
    seen: dict[str, str] = {}
    for module in app.config.handbog_pdf_modules:
        for doc in module["docs"]:
            if doc not in env.found_docs:
                LOGGER.warning(
                    f"PDF-modulet {module['id']!r} nævner siden {doc!r}, som ikke findes i docs/. "
                    "Ret handbog_pdf_modules i conf.py.",
                    type="handbog",
                    subtype="pdf",
                )
            if doc in seen:
                LOGGER.warning(
                    f"Siden {doc!r} står i to PDF-moduler ({seen[doc]!r} og {module['id']!r}). "
                    "Ret handbog_pdf_modules i conf.py.",
                    type="handbog",
                    subtype="pdf",
                )
            seen[doc] = module["id"]
    return []


def add_pdf_link(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    if app.builder.format != "html" or app.builder.name == "singlehtml":
        return
    if is_screen_only(app.config, docname) or not app.config.handbog_pdf_links:
        return  # no PDF holds it, or the PDFs are not built
    module = module_of(app.config, docname)
    target = f"{PDF_DIR}/{module['id']}.pdf"
    uri = relative_uri(app.builder.get_target_uri(docname), target)
    para = nodes.paragraph(classes=["handbog-pdf-link"])
    para += nodes.Text("Til undervisning: ")
    ref = nodes.reference("", "", refuri=uri, classes=["handbog-pdf-link__a"])
    ref += nodes.Text(f"hent modulet »{module['title']}« som PDF")
    para += ref
    if module is not WHOLE:
        para += nodes.Text(" eller ")
        whole = nodes.reference(
            "",
            "",
            refuri=relative_uri(
                app.builder.get_target_uri(docname), f"{PDF_DIR}/{WHOLE['id']}.pdf"
            ),
        )
        whole += nodes.Text("hele håndbogen")
        para += whole
    para += nodes.Text(".")
    section = next(iter(doctree.findall(nodes.section)), None)
    if section is not None:
        title_index = next(
            (i for i, n in enumerate(section.children) if isinstance(n, nodes.title)), -1
        )
        section.insert(title_index + 1, para)


#: The report the handbook builds on: its BibTeX key, as the pages cite it.
REPORT_KEY = "vive2023"


def based_on(app: Sphinx) -> str:
    """The report's reference for the colophon, from the handbook's one BibTeX file."""
    for bibfile in app.config.bibtex_bibfiles:
        fields = bibliography.entry_fields(Path(app.confdir, bibfile), REPORT_KEY)
        if fields:
            parts = [fields.get(name, "") for name in ("title", "institution", "note")]
            return ". ".join(part.rstrip(".") for part in parts if part) + "."
    return ""


def write_manifest(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.format != "html" or app.builder.name == "singlehtml":
        return
    env = app.env
    order = reading_order(env, app.config.root_doc)

    def page(doc: str) -> dict[str, str]:
        title = env.titles[doc].astext() if doc in env.titles else doc
        return {"doc": doc, "title": title, "html": app.builder.get_target_uri(doc)}

    modules = [
        {
            "id": m["id"],
            "title": m["title"],
            "kicker": MODULE_KICKER,
            "pages": [page(d) for d in m["docs"] if d in env.found_docs],
        }
        for m in app.config.handbog_pdf_modules
    ]
    modules.append(
        {**WHOLE, "pages": [{**page(d), "part": p} for d, p in book_pages(app.config, order)]}
    )
    editors = [d for d in order if is_editors_page(app.config, d)]
    if editors:
        modules.append({**editors_module(app.config), "pages": [page(d) for d in editors]})
    manifest = {
        "project": app.config.project,
        "version": app.config.release,
        "build": app.config.handbog_build,
        "date": app.config.today,
        "baseurl": app.config.html_baseurl,
        # where readers report a mistake (the colophon); None: not known to this build
        "repo_url": (app.config.html_theme_options or {}).get("source_repository"),
        # an address for corrections (e-mail or web page) set by the edition; wins over repo_url
        "kontakt": app.config.handbog_kontakt,
        "based_on": based_on(app),
        "kommune": app.config.handbog_pdf_udgave or None,
        "language": app.config.language,
        "pdf_dir": PDF_DIR,
        "modules": modules,
        "names": names_in_references(app),
    }
    out = Path(app.outdir, MANIFEST)
    out.write_text(json.dumps(manifest, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


def check_identity(app: Sphinx, config: Config) -> None:
    """Stop before reading a page when the edition is missing or a release has no address."""
    found: list[tuple[str | None, str]] = [*version.changelog_problems(Path(app.confdir))]
    problems = found + version.release_problems(
        config.release, config.html_baseurl, config.handbog_release_build
    )
    repo = (config.html_theme_options or {}).get("source_repository")
    if config.handbog_release_build and not (config.handbog_kontakt or repo):
        problems.append(
            (
                None,  # an environment variable, not a file
                "Det er en udgivelse, men læserne får ingen adresse til rettelser: sæt "
                "HANDBOG_KONTAKT til en e-mail eller en side (eller HANDBOG_REPO_URL til "
                "kodedepotet), så kolofonen kan nævne den.",
            )
        )
    for location, problem in problems:
        messages.warn("udgivelse", location, what=problem)
    if problems:
        # Not an exception: Sphinx would print a traceback and ask to report a bug in Sphinx.
        raise SystemExit(2)


def edition_line(config: Config) -> str:
    """ "Udgave 2026.1 · 01.12.2026": the HTML footer and every PDF page say the same."""
    return version.edition_line(config.release, config.today)


def add_edition_to_context(
    app: Sphinx,
    pagename: str,
    templatename: str,
    context: dict[str, Any],
    doctree: nodes.document | None,
) -> None:
    context["handbog_edition"] = edition_line(app.config)


def setup(app: Sphinx) -> None:
    app.add_config_value("handbog_pdf_modules", [], "env", types=[list])
    # "" : a new value rebuilds nothing; it is only written into the PDF manifest.
    app.add_config_value("handbog_build", "", "", types=[str])
    app.add_config_value("handbog_kontakt", "", "", types=[str])
    # a municipal edition's identity on its covers and colophons (handbog.kommune.sphinxconf
    # fills it in the shape of handbog.pdf.manifest.LocalEdition); {} in the core
    app.add_config_value("handbog_pdf_udgave", {}, "", types=[dict])
    app.add_config_value("handbog_release_build", False, "", types=[bool])
    app.connect("config-inited", check_identity, priority=1)  # before any page work
    app.connect("html-page-context", add_edition_to_context)
    app.connect("env-updated", check_modules)
    # The trainer's book in parts, and the editors' PDF (conf.py explains both).
    app.add_config_value("handbog_pdf_parts", {}, "env", types=[dict])
    app.add_config_value(
        "handbog_pdf_editors", {"id": "redaktoerer", "title": "Til redaktører"}, "env", types=[dict]
    )
    app.add_config_value("handbog_pdf_screen_only", [], "env", types=[list])
    app.connect("env-updated", check_parts)
    # False when the PDFs are not built with the HTML (handbog kommune byg --kun-html), so no
    # page links to a PDF that is not there; "html": a change rewrites every page.
    app.add_config_value("handbog_pdf_links", True, "html", types=[bool])
    app.connect("doctree-resolved", add_pdf_link)
    app.connect("build-finished", write_manifest)
