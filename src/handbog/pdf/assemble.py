"""Put the pages of one module together into one printable HTML document.

cover → contents → each page (its article, ids made unique, links resolved) → the glossary
terms and the references the pages use → the colophon. Every problem found on the way (a
missing page, an anchor that does not exist, a missing image) is collected, and all of them
are raised together, naming module, page and anchor, so an editor can fix them in one go.
"""

from __future__ import annotations

import html
from collections.abc import Mapping
from datetime import datetime

from bs4 import BeautifulSoup, Tag

from .colophon import build_colophon
from .cover import build_cover, created_meta, edition_line
from .errors import PdfBuildError
from .hyphenation import apply_exceptions, id_break_points
from .links import Citation, LinkResolver, SiteIndex, Term, anchor_for, rewrite_links
from .literature import BIBLIOGRAPHY_ID, build_bibliography, condense_page_sources
from .manifest import Manifest, Module
from .pages import (
    blank_form_fields,
    collect_ids,
    key_checklist_meta,
    load_article,
    merge_checklist_counts,
    prefix_ids,
    rewrite_resources,
    set_id_lists_ragged,
    simplify_markup,
    strip_screen_only,
)
from .terms import build_glossary
from .toc import add_parts, build_toc

DOCUMENT = """<!DOCTYPE html>
<html lang="{lang}">
<head>
<meta charset="utf-8">
<title>{title}</title>
<meta name="author" content="{author}">
<meta name="description" content="{description}">
<meta name="generator" content="{generator}">
{dates}
</head>
<body class="pdf-module pdf-module--{module_id}"></body>
</html>
"""


def printed_in(manifest: Manifest) -> dict[str, str]:
    """Where each page is printed: its first training module, else the whole handbook."""
    where: dict[str, str] = {}
    # sorted() is stable and False < True: training modules first, the whole handbook last.
    for module in sorted(manifest.modules, key=lambda m: m.is_whole_handbook):
        for page in module.pages:
            where.setdefault(
                page.html,
                f"»{page.title}« i hele håndbogen"
                if module.is_whole_handbook
                else f"modulet »{module.title}«",
            )
    return where


def printed_module(manifest: Manifest) -> dict[str, tuple[str, str]]:
    """The training module (id, title) that prints each page, where one does."""
    found: dict[str, tuple[str, str]] = {}
    for module in manifest.modules:
        if not module.is_whole_handbook:
            for page in module.pages:
                found.setdefault(page.html, (module.id, module.title))
    return found


def assemble_module(
    manifest: Manifest,
    module: Module,
    created: datetime | None = None,
    fillable: bool = False,
    page_numbers: Mapping[str, Mapping[str, int]] | None = None,
    pages_used: dict[tuple[str, str], int] | None = None,
) -> str:
    """The module as one HTML document, ready for :func:`handbog.pdf.render.render_pdf`.

    ``fillable``: form fields stay fields, for a fillable PDF (:mod:`handbog.pdf.forms`).
    ``page_numbers``: where the other modules put each anchor (module id → anchor → page),
    so a pointer to another module names its page; None leaves pages out. The pages looked
    up are added to ``pages_used``.
    """
    site = SiteIndex(manifest.html_dir)
    problems: list[str] = []

    def where(page_doc: str) -> str:
        return f"Modul {module.id!r}, side {page_doc!r}"

    articles: dict[str, Tag] = {}
    for page in module.pages:
        if not site.exists(page.html):
            problems.append(
                f"{where(page.doc)}: filen {page.html} findes ikke i {manifest.html_dir}. Byg "
                f"HTML-udgaven igen. (Page file missing.)"
            )
            continue
        article = load_article(manifest.html_dir, page.html)
        if article is None:
            problems.append(
                f"{where(page.doc)}: fandt ikke sidens indhold (<article role=main>) i "
                f"{page.html}. Har temaet ændret sig? (Page has no main article.)"
            )
            continue
        strip_screen_only(article)
        simplify_markup(article)
        articles[page.html] = article
    if problems:
        raise PdfBuildError(problems)

    ids = {page_html: collect_ids(article) for page_html, article in articles.items()}
    resolver = LinkResolver(
        site,
        ids,
        manifest.baseurl,
        manifest.pdf_dir,
        printed_in=printed_in(manifest),
        # the whole handbook holds every page it points to: its pages come from CSS
        printed_module={} if module.is_whole_handbook else printed_module(manifest),
        page_numbers=page_numbers,
    )
    soup = BeautifulSoup(_skeleton(manifest, module, created), "html.parser")
    page_titles = {page.html: page.title for m in manifest.modules for page in m.pages}
    for page_html, article in articles.items():
        blank_form_fields(soup, article, fillable)
        key_checklist_meta(soup, article, page_html, page_titles)

    citations: set[Citation] = set()
    terms: set[Term] = set()
    sections: list[Tag] = []
    for page in module.pages:
        article = articles[page.html]
        report = rewrite_links(article, page.html, resolver)
        problems += [f"{where(page.doc)}: {problem}" for problem in report.problems]
        problems += [
            f"{where(page.doc)}: {problem}"
            for problem in rewrite_resources(article, page.html, manifest.html_dir)
        ]
        citations |= report.citations
        terms |= report.terms
        merge_checklist_counts(article)
        set_id_lists_ragged(article)
        prefix_ids(article, page.html)
        sections.append(_page_section(soup, article, page.html, page.doc))

    content = list(sections)
    if terms:
        glossary, more_citations, more = build_glossary(soup, terms, resolver)
        problems += [f"Modul {module.id!r}, {problem}" for problem in more]
        citations |= more_citations
        content.append(glossary)
    if citations:
        bibliography, more = build_bibliography(soup, citations, resolver)
        problems += [f"Modul {module.id!r}, {problem}" for problem in more]
        content.append(bibliography)
    for section in sections:
        condense_page_sources(soup, section, BIBLIOGRAPHY_ID if citations else None)
    if problems:
        raise PdfBuildError(problems)
    content.append(build_colophon(soup, manifest, module))  # last, and in the contents

    body = soup.body
    assert body is not None  # _skeleton writes one
    body.append(build_cover(soup, manifest, module))
    add_parts(soup, content, module)
    body.append(build_toc(soup, content))
    for block in content:
        body.append(block)
    _check_unique_ids(body, module)
    keep_anchors_with_headings(body)
    apply_exceptions(body, manifest.names)
    id_break_points(body)
    if pages_used is not None:
        pages_used.update(resolver.pages_used)
    return str(soup)


def _skeleton(manifest: Manifest, module: Module, created: datetime | None) -> str:
    return DOCUMENT.format(
        lang=html.escape(manifest.language),
        title=html.escape(f"{module.title} – {manifest.project}"),
        author=html.escape(manifest.project),
        description=html.escape(
            f"{module.title}. Udskrift af håndbogen, {edition_line(manifest).lower()}."
        ),
        dates=created_meta(created),
        module_id=html.escape(module.id),
        # the commit the PDF is printed from: in the file's metadata (its creator), for the
        # editors, not in the text a reader sees
        generator=html.escape(
            "handbog.pdf (WeasyPrint)"
            + (f", bygget fra {manifest.build}" if manifest.build else "")
        ),
    )


def _page_section(soup: BeautifulSoup, article: Tag, page_html: str, doc: str) -> Tag:
    """Wrap a page's article; the section's id is where links to the page land."""
    section = soup.new_tag(
        "section", attrs={"class": "pdf-page", "id": anchor_for(page_html), "data-doc": doc}
    )
    for child in list(article.children):
        section.append(child.extract())
    return section


def keep_anchors_with_headings(root: Tag) -> None:
    """Move the empty anchor before a heading (``<span id="…"></span><h3>``, as Sphinx writes
    a section's old ID) into the heading.

    On its own the span is an empty line between an h2 and the h3 of its first subsection, and
    WeasyPrint may break the page there, so ``break-after: avoid`` on the h2 did not hold and
    the h2 was left at a page's bottom (issue 23: introduktion p. 20). Inside the heading the
    ID still names the same place.
    """
    for span in root.select("span[id]:empty"):
        heading = span.find_next_sibling()
        if isinstance(heading, Tag) and heading.name in ("h1", "h2", "h3", "h4", "h5", "h6"):
            heading.insert(0, span.extract())


def _check_unique_ids(body: Tag, module: Module) -> None:
    seen: set[str] = set()
    duplicates = []
    for element in body.find_all(id=True):
        if element["id"] in seen:
            duplicates.append(element["id"])
        seen.add(str(element["id"]))
    if duplicates:
        raise PdfBuildError(
            f"Modul {module.id!r}: samme id flere gange i PDF'en: {', '.join(duplicates)}. "
            f"(Duplicate ids in the assembled module.)"
        )
