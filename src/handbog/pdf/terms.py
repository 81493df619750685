"""The glossary terms a module uses, explained at its end ("Begreber").

In the HTML handbook a glossary term links to the glossary page. A module PDF copies the
entries of the terms its pages use into a "Begreber" section, so a trainer holding the
printout has the explanation at hand; each term in the text links there. The whole
handbook contains the glossary page itself and needs no copy.

A borrowed entry's "see also" links point to other borrowed entries when the module uses
those terms too, and to the glossary online otherwise; following them all would copy in
most of the glossary.
"""

from __future__ import annotations

from bs4 import BeautifulSoup, Tag

from .links import Citation, LinkResolver, Term, rewrite_links
from .literature import intro_paragraph
from .pages import detached_copy

GLOSSARY_ID = "pdf::begreber"


def build_glossary(
    soup: BeautifulSoup, terms: set[Term], resolver: LinkResolver
) -> tuple[Tag, set[Citation], list[str]]:
    """The "Begreber" section; also returns the citations its entries make, and problems."""
    section = soup.new_tag("section", attrs={"class": "pdf-glossary", "id": GLOSSARY_ID})
    heading = soup.new_tag("h1")
    heading.string = "Begreber"
    section.append(heading)
    section.append(
        intro_paragraph(
            soup,
            "Begreber, som siderne i dette modul bruger, forklaret som i håndbogens ordliste: ",
            [resolver.outside(page) for page in sorted({t.page for t in terms})],
        )
    )
    listing = soup.new_tag("dl", attrs={"class": "pdf-glossary__list"})
    section.append(listing)

    citations: set[Citation] = set()
    problems: list[str] = []
    ordered = sorted(terms, key=lambda t: (t.page, resolver.site.glossary(t.page)[t.fragment][0]))
    for term in ordered:
        _, original = resolver.site.glossary(term.page)[term.fragment]
        elements = detached_copy(original)
        elements[0]["id"] = term.anchor
        for element in elements:
            report = rewrite_links(element, term.page, resolver, borrowable_terms=terms)
            problems += [f"ordlisten {term.page!r}: {p}" for p in report.problems]
            citations |= report.citations
            listing.append(element)
    return section, citations, problems
