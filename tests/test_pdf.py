"""The PDF modules.

Fast tests work on a tiny synthetic HTML site (no Sphinx): link rewriting, ids, forms,
Danish hyphenation, the offline URL fetcher and the error messages. The slow tests print
two modules of the real handbook (built once per session by the ``handbook`` fixture) and
check the PDFs with pypdf.
"""

from __future__ import annotations

import json
import os
import re
import runpy
import subprocess
import sys
from pathlib import Path

import pypdfium2 as pdfium
import pyphen
import pytest
import weasyprint
from bs4 import BeautifulSoup
from conftest import REPO
from pypdf import PdfReader
from pypdf.generic import ArrayObject

from handbog.pdf.assemble import assemble_module, printed_in
from handbog.pdf.build import PAGE_TABLE
from handbog.pdf.errors import PdfBuildError
from handbog.pdf.links import (
    PLACEHOLDER_PAGE,
    Citation,
    External,
    Internal,
    LinkResolver,
    SiteIndex,
    Term,
    rewrite_links,
)
from handbog.pdf.manifest import load_manifest
from handbog.pdf.pages import blank_form_fields, collect_ids, prefix_ids
from handbog.pdf.render import STYLESHEET, LocalOnlyFetcher

BASEURL = "https://handbog.example.invalid/"
EPOCH = "1700000000"
A4 = (595.28, 841.89)  # points
SOFT_LINE_END = re.compile(r"(\w+)[\u2010-]\n(\w+)")


# -------------------------------------------------------------------- a synthetic site


def _page(title: str, body: str, ident: str, root: str = "") -> str:
    return (
        '<!DOCTYPE html><html lang="da"><head><title>x</title></head><body>'
        '<nav>menu</nav><article role="main" id="furo-main-content">'
        f'<section id="{ident}"><h1>{title}<a class="headerlink" href="#{ident}">¶</a></h1>'
        f'<p class="handbog-pdf-link">Til undervisning: <a href="{root}pdf/a.pdf">PDF</a></p>'
        f"{body}</section></article></body></html>"
    )


SITE = {
    "a/one.html": _page(
        "Side et",
        '<section id="del"><h2>Del</h2><p>Se <a href="two.html#maal">målet</a> på '
        '<a href="two.html">side to</a>, '
        '<a href="#del">denne del</a> og <a href="../outside.html#sted">en anden side</a>. '
        'Kilde: <span class="bibtex-citation">(<a href="../litteratur.html#id7" '
        'title="lang titel">Hansen, 2020</a>)</span>. Behov: '
        '<a href="../outside.html#PR_X_Y">PR_X_Y</a> og <a href="../outside.html#PR_X_Y">'
        'en praksis</a>. Web: <a href="https://vive.dk/">VIVE</a>. Begreb: <a '
        'href="../ordliste.html#term-fagfolk"><span class="xref std std-term">fagfolk</span></a>.'
        '</p><label for="felt">Svar</label><input id="felt" type="checkbox" checked></section>'
        '<section id="kilder"><h2>Kilder</h2><ul class="handbog-sidekilder simple">'
        '<li><p>Hansen 2020. <a class="handbog-sidekilder__link" href="../litteratur.html#id7">'
        "Se i litteraturlisten</a></p></li>"
        '<li><p><a href="../outside.html#KI_CASE">Casebesøg (KI_CASE)</a></p></li></ul>'
        "</section>",
        "side-et",
        "../",
    ),
    "a/two.html": _page(
        "Side to",
        '<p id="maal">Målet. <img src="../_images/fig.svg" alt="figur"></p>'
        '<textarea placeholder="skriv">noget</textarea>'
        '<select><option value="">Vælg</option><option>Ja</option><option>Nej</option></select>',
        "side-to",
        "../",
    ),
    "outside.html": _page(
        "Udenfor", '<p id="sted">Her.</p><p id="PR_X_Y">x</p><p id="KI_CASE">c</p>', "udenfor"
    ),
    "litteratur.html": _page(
        "Litteratur",
        '<div class="citation-list"><div class="citation" id="id7" role="doc-biblioentry">'
        '<span class="label">[Han20]</span><p>Hansen, A. <em>En bog</em>. 2020.</p></div>'
        '<div class="citation" id="id8" role="listitem"><span class="label">[Ole21]'
        "</span><p>Olesen, B. Ikke citeret. 2021.</p></div></div>",
        "litteratur",
    ),
    "ordliste.html": _page(
        "Ordliste",
        '<dl class="glossary"><dt id="term-fagfolk">fagfolk<a class="headerlink" '
        'href="#term-fagfolk">¶</a></dt><dd><p>Dem, der arbejder med børn. <em>Se også:</em> '
        '<a href="#term-andet"><span class="xref std std-term">andet</span></a>. <em>Kilde:</em> '
        '<a href="litteratur.html#id8">Olesen (2021)</a>.</p></dd>'
        '<dt id="term-andet">andet</dt><dd><p>Noget andet.</p></dd></dl>',
        "ordliste",
    ),
    "_images/fig.svg": '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>',
}


def _manifest(pages: list[tuple[str, str]]) -> dict:
    return {
        "project": "Testhåndbog",
        "version": "1.0",
        "date": "14.11.2023",
        "baseurl": BASEURL,
        "language": "da",
        "pdf_dir": "pdf",
        "modules": [
            {
                "id": "modul-a",
                "title": "Modul A",
                "pages": [{"doc": d, "title": d, "html": f"{d}.html"} for d, _ in pages],
            },
            {"id": "haandbog", "title": "Hele håndbogen", "pages": []},
        ],
    }


@pytest.fixture
def site(tmp_path: Path) -> Path:
    for name, text in SITE.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text, encoding="utf-8")
    manifest = _manifest([("a/one", "Side et"), ("a/two", "Side to")])
    (tmp_path / "pdf-moduler.json").write_text(json.dumps(manifest), encoding="utf-8")
    return tmp_path


def _resolver(site: Path) -> LinkResolver:
    index = SiteIndex(site)
    ids = {page: set(index.ids(page)) for page in ("a/one.html", "a/two.html")}
    return LinkResolver(index, ids, BASEURL)


# ------------------------------------------------------------------------ link rewriting


def test_link_to_a_page_of_the_module_becomes_an_internal_anchor(site):
    resolver = _resolver(site)
    assert resolver.resolve("a/one.html", "two.html#maal") == Internal("a/two::maal")
    assert resolver.resolve("a/one.html", "two.html") == Internal("a/two")
    assert resolver.resolve("a/one.html", "#del") == Internal("a/one::del")


def test_link_outside_the_module_becomes_an_absolute_url(site):
    target = _resolver(site).resolve("a/one.html", "../outside.html#sted")
    assert target == External(f"{BASEURL}outside.html#sted")
    assert target.display == "handbog.example.invalid/outside.html#sted"


def test_link_to_a_page_of_another_module_names_that_module_on_paper(site):
    index = SiteIndex(site)
    ids = {page: set(index.ids(page)) for page in ("a/one.html",)}
    printed = {"a/two.html": "modulet »Modul B«", "outside.html": "»Ude« i hele håndbogen"}
    resolver = LinkResolver(index, ids, BASEURL, printed_in=printed)
    soup = BeautifulSoup(
        '<p><a href="two.html">side to</a> og <a href="../outside.html#sted">ude</a></p>',
        "html.parser",
    )
    assert rewrite_links(soup.p, "a/one.html", resolver).problems == []
    two, out = soup.find_all("a")
    assert two["href"] == f"{BASEURL}a/two.html"  # still a working link in the PDF viewer
    assert two.select_one(".pdf-url--module").get_text() == "se modulet »Modul B«"
    assert out.select_one(".pdf-url--module").get_text() == "se »Ude« i hele håndbogen"


def test_a_pointer_to_another_module_names_the_page_it_lands_on(site):
    index = SiteIndex(site)
    ids = {page: set(index.ids(page)) for page in ("a/one.html",)}
    printed = {"a/two.html": "modulet »Modul B«"}
    module = {"a/two.html": ("modul-b", "Modul B")}
    html = '<p><a href="two.html#maal">målet</a> og <a href="two.html">side to</a></p>'

    def hints(pages):
        resolver = LinkResolver(
            index, ids, "", printed_in=printed, printed_module=module, page_numbers=pages
        )
        soup = BeautifulSoup(html, "html.parser")
        assert rewrite_links(soup.p, "a/one.html", resolver).problems == []
        return [span.get_text() for span in soup.select(".pdf-url--module")], resolver.pages_used

    # laid out: the page of the anchor, and of the page itself
    laid_out = {"modul-b": {"a/two::maal": 7, "a/two": 6}}
    assert hints(laid_out) == (
        ["se »Modul B«, s.\u00a07", "se »Modul B«, s.\u00a06"],
        {("modul-b", "a/two::maal"): 7, ("modul-b", "a/two"): 6},
    )
    # being laid out: a placeholder as wide as the page will be, noted as unknown (0)
    texts, used = hints({"modul-b": {}})
    assert texts == [f"se »Modul B«, s.\u00a0{PLACEHOLDER_PAGE}"] * 2
    assert set(used.values()) == {0}
    # neither laid out now nor before: the module alone, as before
    assert hints({})[0] == ["se modulet »Modul B«"] * 2
    assert hints(None)[0] == ["se modulet »Modul B«"] * 2


def test_pages_are_printed_in_their_training_module_before_the_whole_handbook(site):
    manifest = load_manifest(site)
    where = printed_in(manifest)
    assert where["a/one.html"] == "modulet »Modul A«"


def test_citation_of_an_outside_bibliography_stays_in_the_module(site):
    target = _resolver(site).resolve("a/one.html", "../litteratur.html#id7")
    assert target == Citation("litteratur.html", "id7")
    assert target.anchor == "litteratur::id7"


def test_bibliography_entries_are_found_by_class_or_role(site):
    # docutils marks entries role="doc-biblioentry"; an accessibility fix may change the role
    assert list(SiteIndex(site).bibliography("litteratur.html")) == ["id7", "id8"]


@pytest.mark.parametrize(
    ("href", "names"),
    [
        ("two.html#findes-ikke", ["findes-ikke", "a/two"]),
        ("../outside.html#findes-ikke", ["findes-ikke", "outside"]),
        ("../mangler.html", ["mangler.html"]),
    ],
)
def test_unresolvable_link_is_an_error_naming_page_and_anchor(site, href, names):
    soup = BeautifulSoup(f'<p><a href="{href}">x</a></p>', "html.parser")
    report = rewrite_links(soup.p, "a/one.html", _resolver(site))
    assert len(report.problems) == 1
    assert all(name in report.problems[0] for name in names), report.problems


def test_rewritten_links_print_urls_only_where_paper_needs_them(site):
    soup = BeautifulSoup(SITE["a/one.html"], "html.parser")
    article = soup.article
    report = rewrite_links(article, "a/one.html", _resolver(site))
    assert report.problems == []
    assert report.citations == {Citation("litteratur.html", "id7")}
    links = {a.get_text(" ", strip=True).split(" handbog.")[0]: a for a in article("a")}

    anchor_link = article.find("a", string=re.compile("målet"))
    assert anchor_link["href"] == "#a/two::maal"
    assert "pdf-xref" not in anchor_link["class"]  # no page numbers for anchors (speed)
    page_link = article.find("a", string=re.compile("side to"))
    assert page_link["href"] == "#a/two"
    assert "pdf-xref" in page_link["class"]  # "(s. N)" after it in print

    other = next(a for a in article("a") if a.get_text().startswith("en anden side"))
    assert other["href"] == f"{BASEURL}outside.html#sted"
    assert other.select_one(".pdf-url").get_text() == "handbog.example.invalid/outside.html#sted"

    need = links["PR_X_Y"]
    assert need["href"] == f"{BASEURL}outside.html#PR_X_Y"
    assert need.select_one(".pdf-url") is None  # the ID names its target

    citation = article.select_one(".bibtex-citation a")
    assert citation["href"] == "#litteratur::id7"
    assert "title" not in citation.attrs and "pdf-xref" not in citation["class"]

    named = next(a for a in article("a") if a.get_text().startswith("en praksis"))
    assert named.select_one(".pdf-url--id").get_text() == "PR_X_Y"  # an ID, not a URL

    term = article.select_one("a.pdf-term")
    assert term["href"] == "#ordliste::term-fagfolk" and term.select_one(".pdf-url") is None
    assert report.terms == {Term("ordliste.html", "term-fagfolk")}

    web = next(a for a in article("a") if a["href"] == "https://vive.dk/")
    assert web.select_one(".pdf-url").get_text() == "vive.dk/"


def test_ids_are_unique_per_page_and_references_follow(site):
    soup = BeautifulSoup(SITE["a/one.html"], "html.parser")
    ids = collect_ids(soup.article)
    assert {"side-et", "del", "felt"} <= ids
    prefix_ids(soup.article, "a/one.html")
    assert soup.find(id="a/one::felt").name == "input"
    assert soup.label["for"] == "a/one::felt"


def test_form_fields_print_empty(site):
    soup = BeautifulSoup(SITE["a/one.html"] + SITE["a/two.html"], "html.parser")
    blank_form_fields(soup, soup)
    assert not soup.find("input", checked=True)
    assert soup.textarea.get_text() == "" and not soup.textarea.has_attr("placeholder")
    assert soup.find("select") is None
    assert [c.get_text() for c in soup.select(".pdf-choice")] == ["Ja", "Nej"]


# ---------------------------------------------------------------------- whole module


def test_assembled_module_has_cover_contents_pages_and_references(site):
    manifest = load_manifest(site)
    html = assemble_module(manifest, manifest.module("modul-a"))
    soup = BeautifulSoup(html, "html.parser")
    assert soup.html["lang"] == "da"
    assert soup.select_one(".pdf-cover__module").get_text() == "Modul A"
    toc = [a["href"] for a in soup.select(".pdf-toc a")]
    assert toc[:2] == ["#a/one::side-et", "#a/one::del"]
    assert toc[-3:] == ["#pdf::begreber", "#pdf::litteratur", "#pdf::kolofon"]
    assert "#a/one::kilder" not in toc  # every page has one; the contents skip them
    assert soup.select(".headerlink, .handbog-pdf-link, nav:not(.pdf-toc)") == []
    assert soup.find("img")["src"] == "_images/fig.svg"  # relative to the render base URL
    # one reference list at the end: cited entries only, without labels
    # the glossary terms the pages use, explained at the end; "see also" stays online
    terms = soup.select(".pdf-glossary__list > dt")
    assert [t["id"] for t in terms] == ["ordliste::term-fagfolk"]
    see_also = soup.select_one(".pdf-glossary__list > dd a.pdf-term")
    assert see_also["href"] == f"{BASEURL}ordliste.html#term-andet"
    entries = soup.select(".pdf-bibliography__list > li")
    # id8 is cited by the borrowed glossary entry only
    assert [e["id"] for e in entries] == ["litteratur::id7", "litteratur::id8"]
    assert "[Han20]" not in entries[0].get_text()
    # the page's "Kilder" points there and keeps its non-literature sources
    kilder = soup.find(id="a/one::kilder")
    assert kilder.select_one(".pdf-sources-pointer a")["href"] == "#pdf::litteratur"
    assert "KI_CASE" in kilder.get_text() and "Hansen 2020" not in kilder.get_text()
    # every internal link lands on an id of the document
    ids = {e["id"] for e in soup.find_all(id=True)}
    internal = [a["href"][1:] for a in soup.find_all("a", href=True) if a["href"][0] == "#"]
    assert internal and set(internal) <= ids


def test_assembly_reports_every_broken_link_with_page_and_anchor(site):
    page = site / "a/two.html"
    page.write_text(
        page.read_text("utf-8").replace("Målet.", 'Målet. <a href="one.html#nej">x</a>'), "utf-8"
    )
    manifest = load_manifest(site)
    with pytest.raises(PdfBuildError) as error:
        assemble_module(manifest, manifest.module("modul-a"))
    message = str(error.value)
    assert "modul-a" in message and "a/two" in message and "'nej'" in message


def test_missing_page_is_an_error(site):
    (site / "a/two.html").unlink()
    manifest = load_manifest(site)
    with pytest.raises(PdfBuildError, match=r"a/two.*findes ikke"):
        assemble_module(manifest, manifest.module("modul-a"))


def test_missing_manifest_fails_with_a_clear_message(tmp_path):
    proc = _run_cli(tmp_path)
    assert proc.returncode == 1
    assert "pdf-moduler.json" in proc.stderr and "Byg HTML" in proc.stderr


def test_unknown_module_is_refused(site):
    proc = _run_cli(site, "--only", "findes-ikke")
    assert proc.returncode == 1
    assert "findes-ikke" in proc.stderr and "modul-a" in proc.stderr


# ---------------------------------------------------------------- rendering details


def test_danish_hyphenation_uses_pyphen_da_dk():
    words = "forældresamarbejdet børneinddragelsen samarbejdsrelationerne " * 3
    dictionary = pyphen.Pyphen(lang="da_DK")

    def line_ends(lang: str) -> list[tuple[str, str]]:
        html = (
            f'<html lang="{lang}"><body><p style="width: 32mm; hyphens: auto; '
            f'font: 11pt DejaVu Serif">{words}</p></body></html>'
        )
        reader = PdfReader(_bytes_io(weasyprint.HTML(string=html).write_pdf()))
        return SOFT_LINE_END.findall(reader.pages[0].extract_text())

    danish = line_ends("da")
    assert danish, "no word was hyphenated with lang=da"
    for head, tail in danish:
        word = head + tail
        assert len(head) in dictionary.positions(word), (head, tail)
    assert line_ends("zz") == []  # no dictionary, no hyphens: the Danish one did the work


def test_fetcher_refuses_the_network_and_files_outside_the_build(tmp_path):
    (tmp_path / "ok.txt").write_text("ok")
    fetcher = LocalOnlyFetcher(tmp_path)
    assert fetcher.fetch((tmp_path / "ok.txt").as_uri()).read() == b"ok"
    for url in ("https://example.org/x.png", "http://127.0.0.1/", Path("/etc/hostname").as_uri()):
        with pytest.raises(ValueError):
            fetcher.fetch(url)


def test_stylesheet_is_accepted_by_weasyprint_without_warnings(caplog):
    html = weasyprint.HTML(string='<html lang="da"><p>x</p></html>')
    html.render(stylesheets=[weasyprint.CSS(filename=str(STYLESHEET))])
    assert [r.getMessage() for r in caplog.records if r.levelname == "WARNING"] == []


# ------------------------------------------------------------- the real handbook (slow)


def _module_ids() -> tuple[str, ...]:
    """Every PDF module of conf.py and the whole handbook: each is checked on its own."""
    modules = runpy.run_path(str(REPO / "conf.py"))["handbog_pdf_modules"]
    return (*(m["id"] for m in modules), "haandbog")


MODULES = _module_ids()
MM = 72 / 25.4
#: pdf.css: @page { margin: 25mm 20mm 22mm 22mm } (the cover page has no margin)
TEXT_AREA = (22 * MM, A4[0] - 20 * MM)


def text_outside_the_text_area(path: Path, cover: bool = True, tolerance: float = 3.0) -> list[str]:
    """Text that runs past the left or right margin, or off the page, as "side N: …" lines.

    ``cover``: the first page is a cover without margins (the modules have one).
    """
    pdf = pdfium.PdfDocument(str(path))
    found = []
    try:
        for number, page in enumerate(pdf, 1):
            width, height = page.get_size()
            left, right = (0.0, width) if cover and number == 1 else TEXT_AREA
            text = page.get_textpage()
            for index in range(text.count_rects()):
                x0, y0, x1, y1 = text.get_rect(index)
                if (
                    x0 < left - tolerance
                    or x1 > right + tolerance
                    or y0 < -tolerance
                    or y1 > height + tolerance
                ):
                    snippet = text.get_text_bounded(x0, y0, x1, y1).strip()[:50]
                    found.append(f"side {number}: {snippet!r} ({x0:.0f}–{x1:.0f} pt)")
    finally:
        pdf.close()
    return found


@pytest.fixture(scope="module")
def pdfs(handbook):
    if not (handbook.html / "pdf-moduler.json").is_file():
        pytest.fail(f"the HTML build wrote no manifest:\n{handbook.warnings}")
    proc = _run_cli(handbook.html, "--only", *MODULES, "--jobs", "2")
    return proc, {m: handbook.html / "pdf" / f"{m}.pdf" for m in MODULES}


@pytest.mark.slow
def test_pdf_build_succeeds_without_warnings(pdfs):
    proc, paths = pdfs
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr.strip() == "", proc.stderr  # no WeasyPrint warning, no broken anchor
    for module, path in paths.items():
        assert path.is_file(), module
        assert re.search(rf"PDF\s+{module}\s+\d+ sider\s+[\d.]+ s", proc.stdout)


@pytest.mark.slow
def test_every_pointer_to_another_module_names_the_page_its_target_is_on(pdfs, handbook):
    """»Tjeklister«, s. 26: the page a pointer names is the page of its target in that
    module's PDF, read from the PDF's own named destinations (pypdf), not from the build; and
    every page number a reader sees in a pointer is one of those (pdf.css hides the pointers
    of all but the last link in a list, so not every noted pointer is printed)."""
    _proc, paths = pdfs
    table = json.loads((handbook.html / "pdf" / PAGE_TABLE).read_text("utf-8"))
    titles = {m.id: m.title for m in load_manifest(handbook.html).modules}
    readers: dict[str, PdfReader] = {}
    checked = printed = 0
    for module, pointers in table["henvisninger"].items():
        if module not in paths:
            continue  # a fillable variant: the same pointers as its module
        noted = set()
        for target, anchor, page in pointers:
            reader = readers.setdefault(target, PdfReader(paths[target]))
            destination = reader.named_destinations[anchor]
            assert reader.get_destination_page_number(destination) + 1 == page, (module, anchor)
            noted.add((titles[target], page))
            checked += 1
        document = pdfium.PdfDocument(str(paths[module]))
        try:
            text = " ".join(page.get_textpage().get_text_range() for page in document)
        finally:
            document.close()
        text = re.sub(r"\s+", " ", text.replace("\u00a0", " ").replace("\u2010 ", ""))
        for title, page in re.findall(r"»([^«]+)«, s\. (\d+)\)", text):
            if title in titles.values():
                assert (title, int(page)) in noted, (module, title, page)
                printed += 1
    assert checked >= 50, "the training modules point to each other, above all to Tjeklister"
    assert printed >= 50, "and readers see the pages"
    pages = {page for found in table["henvisninger"].values() for *_where, page in found}
    assert 0 not in pages, "no placeholder is left on paper"


@pytest.mark.slow
@pytest.mark.parametrize("module", MODULES)
def test_pages_are_a4_with_page_numbers_and_title(pdfs, handbook, module):
    reader = PdfReader(pdfs[1][module])
    count = len(reader.pages)
    assert count > 1
    for page in reader.pages:
        width, height = float(page.mediabox.width), float(page.mediabox.height)
        assert abs(width - A4[0]) < 1 and abs(height - A4[1]) < 1
    title = _module_title(handbook.html, module)
    assert title in " ".join(reader.pages[0].extract_text().split())  # the cover
    assert f"Side 2 af {count}" in reader.pages[1].extract_text()
    assert f"Side {count} af {count}" in reader.pages[-1].extract_text()
    assert "Indhold" in reader.pages[1].extract_text()


@pytest.mark.slow
@pytest.mark.parametrize("module", MODULES)
def test_fonts_are_embedded(pdfs, module):
    reader = PdfReader(pdfs[1][module])
    fonts = {}
    for page in reader.pages:
        for name, ref in (page["/Resources"].get("/Font") or {}).items():
            fonts[(name, ref.idnum)] = ref.get_object()
    assert fonts
    for font in fonts.values():
        descriptor = font.get("/FontDescriptor")
        if descriptor is None:  # Type0: the descriptor sits on the descendant font
            descriptor = font["/DescendantFonts"][0].get_object()["/FontDescriptor"]
        descriptor = descriptor.get_object()
        assert {"/FontFile", "/FontFile2", "/FontFile3"} & set(descriptor), font["/BaseFont"]


@pytest.mark.slow
@pytest.mark.parametrize("module", MODULES)
def test_every_internal_link_lands_on_a_named_destination(pdfs, module):
    reader = PdfReader(pdfs[1][module])
    names = set(reader.named_destinations)
    links = []
    for page in reader.pages:
        for annotation in page.get("/Annots") or []:
            annotation = annotation.get_object()
            if annotation.get("/Subtype") != "/Link":
                continue
            dest = annotation.get("/Dest")
            if dest is None and "/A" in annotation and annotation["/A"].get("/S") == "/GoTo":
                dest = annotation["/A"]["/D"]
            if dest is not None:
                links.append(dest)
    assert links
    named = [str(d) for d in links if not isinstance(d, ArrayObject)]
    assert named and set(named) <= names, sorted(set(named) - names)[:5]


@pytest.mark.slow
@pytest.mark.parametrize("module", MODULES)
def test_no_text_runs_past_the_margins(pdfs, module):
    found = text_outside_the_text_area(pdfs[1][module])
    assert found == [], f"{module}.pdf: tekst uden for satsspejlet:\n" + "\n".join(found[:20])


def test_overflow_check_finds_a_line_that_cannot_break(tmp_path):
    long_word = "Socialfagligemedarbejdereiskoleogdagtilbud" * 2
    page_css = weasyprint.CSS(string="@page { size: A4; margin: 25mm 20mm 22mm 22mm }")
    good, bad = tmp_path / "god.pdf", tmp_path / "bred.pdf"
    weasyprint.HTML(string='<html lang="da"><p>Kort linje.</p></html>').write_pdf(
        good, stylesheets=[page_css]
    )
    weasyprint.HTML(string=f'<html lang="da"><p>{long_word}</p></html>').write_pdf(
        bad, stylesheets=[page_css]
    )
    assert text_outside_the_text_area(good, cover=False) == []
    found = text_outside_the_text_area(bad, cover=False)
    assert found and found[0].startswith("side 1: 'Socialfaglige"), found


@pytest.mark.slow
def test_exemplar_module_is_hyphenated_in_danish_and_shows_need_ids(pdfs):
    reader = PdfReader(pdfs[1]["foraeldresamarbejde"])
    text = "\n".join(page.extract_text() for page in reader.pages)
    dictionary = pyphen.Pyphen(lang="da_DK")
    hyphenated = [
        (h, t) for h, t in SOFT_LINE_END.findall(text) if len(h) in dictionary.positions(h + t)
    ]
    assert hyphenated, "no Danish hyphenation found"
    for need_id in ("KE_FORAELDRESAMARBEJDE", "PR_FS_TILLID_MOEDER"):
        assert need_id in text
    assert "Litteratur" in text and "Jensen" in text  # the module's reference list


@pytest.mark.slow
def test_same_input_gives_the_same_bytes(pdfs, handbook):
    path = pdfs[1]["foraeldresamarbejde"]
    first = path.read_bytes()
    proc = _run_cli(handbook.html, "--only", "foraeldresamarbejde", "--jobs", "1")
    assert proc.returncode == 0, proc.stderr
    assert path.read_bytes() == first


# ----------------------------------------------------------------------------- helpers


def _run_cli(html_dir: Path, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "SOURCE_DATE_EPOCH": os.environ.get("SOURCE_DATE_EPOCH", EPOCH)}
    return subprocess.run(
        [sys.executable, "-m", "handbog", "pdf", str(html_dir), *args],
        capture_output=True,
        text=True,
        env=env,
    )


def _module_title(html_dir: Path, module: str) -> str:
    manifest = json.loads((html_dir / "pdf-moduler.json").read_text("utf-8"))
    return next(m["title"] for m in manifest["modules"] if m["id"] == module)


def _bytes_io(data: bytes):
    import io

    return io.BytesIO(data)


# ------------------------------------------------ small print and need IDs (issue 11)

#: The smallest size a trainer is asked to read, and the share of characters allowed below it.
SMALL_PRINT_PT = 9.0
SMALL_PRINT_SHARE = 0.10


def _font_sizes(path: Path) -> tuple[int, int]:
    """(characters set below 9 pt, all printed characters) of a PDF.

    pdfium reports a character's font size before its text matrix; WeasyPrint writes sizes
    in CSS pixels under a 0.75 matrix, so the printed size is the size times the matrix's
    scale."""
    import ctypes
    import math

    import pypdfium2.raw as pdfium_c

    matrix = pdfium_c.FS_MATRIX()
    small = total = 0
    pdf = pdfium.PdfDocument(str(path))
    try:
        for page in pdf:
            text = page.get_textpage()
            for index in range(text.count_chars()):
                if chr(pdfium_c.FPDFText_GetUnicode(text.raw, index)).isspace():
                    continue
                pdfium_c.FPDFText_GetMatrix(text.raw, index, ctypes.byref(matrix))
                scale = math.sqrt(abs(matrix.a * matrix.d - matrix.b * matrix.c))
                size = pdfium_c.FPDFText_GetFontSize(text.raw, index) * scale
                total += 1
                small += size < SMALL_PRINT_PT - 0.05
    finally:
        pdf.close()
    return small, total


@pytest.mark.slow
@pytest.mark.parametrize("module", MODULES)
def test_small_print_is_at_most_a_tenth_of_the_text(pdfs, module):
    small, total = _font_sizes(pdfs[1][module])
    print(f"\n{module}.pdf: {small} af {total} tegn under 9 pt = {small / total:.1%}")
    assert total and small / total <= SMALL_PRINT_SHARE, f"{module}: {small / total:.1%}"


@pytest.mark.slow
@pytest.mark.parametrize("module", MODULES)
def test_no_need_id_is_hyphenated(pdfs, module):
    from handbog.model import load

    prefixes = "|".join(re.escape(t.prefix) for t in load(REPO / "ubproject.toml").types.values())
    broken = re.compile(rf"\b(?:{prefixes})[A-Z0-9_]*[\u2010\u00ad-]\r?\n")
    pdf = pdfium.PdfDocument(str(pdfs[1][module]))
    try:
        found = [
            f"side {number}: {match.group(0).strip()}"
            for number, page in enumerate(pdf, 1)
            for match in broken.finditer(page.get_textpage().get_text_range())
        ]
    finally:
        pdf.close()
    assert found == [], found


def test_the_id_check_finds_a_hyphenated_id(tmp_path):
    """The check above is not blind: an ID set with hyphens: auto in a narrow box breaks."""
    path = tmp_path / "id.pdf"
    weasyprint.HTML(
        string='<html lang="da"><p style="width: 14mm; hyphens: auto">'
        "PR_&shy;FORAELDRE&shy;SAMARBEJDE</p></html>"
    ).write_pdf(path)
    text = pdfium.PdfDocument(str(path))[0].get_textpage().get_text_range()
    assert re.search(r"\bPR_[A-Z0-9_]*[\u2010\u00ad-]\r?\n", text), text


def test_a_checklist_line_gets_one_pair_of_brackets_on_paper():
    from handbog.pdf.pages import merge_checklist_counts

    line = (
        '<p class="handbog-checks">Tjekkes i tjeklisten <a class="handbog-checklist {cls}" '
        'href="#x">»Mødet«{hint}</a> (<span class="handbog-checks__count">3 punkter</span>)</p>'
    )
    inside = BeautifulSoup(line.format(cls="pdf-link-internal pdf-xref", hint=""), "html.parser")
    merge_checklist_counts(inside)
    link = inside.find("a")
    assert link["data-count"] == "3 punkter"  # pdf.css prints "(3 punkter, s. N)"
    assert inside.get_text() == "Tjekkes i tjeklisten »Mødet«"
    hint = '<span class="pdf-url pdf-url--module">se modulet »Tjeklister«</span>'
    outside = BeautifulSoup(line.format(cls="pdf-link-external", hint=hint), "html.parser")
    merge_checklist_counts(outside)
    assert outside.get_text() == "Tjekkes i tjeklisten »Mødet«3 punkter, se modulet »Tjeklister«"
