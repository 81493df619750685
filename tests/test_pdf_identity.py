"""Identity and address of the handbook (issue 12, items 2–4).

* The edition comes from CHANGELOG.md; a release build (HANDBOG_RELEASE=1 or Read the Docs)
  stops with a Danish message without the public address; a plain build does not need one.
* Without an address nothing names or links to a host: no placeholder, no canonical link,
  no "Online" line, no QR code; links to other modules name the module or the PDF file.
* With an address the cover has the module's online page as text and as a QR code.
* Every PDF is PDF/UA-1 (structure tree, /Lang da, /MarkInfo, DisplayDocTitle, title), has
  the edition and date on every page, bookmarks for pages and sections only, and a colophon.

Fast tests use the synthetic site of test_pdf.py; slow ones print every module of the real
handbook (the ``handbook`` fixture, built without HANDBOG_BASEURL).
"""

from __future__ import annotations

import json
import os
import re
import runpy
import shutil
import subprocess
import sys
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from bs4 import BeautifulSoup
from conftest import REPO
from pypdf import PdfReader
from test_pdf import MODULES, _manifest, _run_cli, site  # noqa: F401  (site: a fixture)

from handbog import version
from handbog.pdf.assemble import assemble_module
from handbog.pdf.colophon import COLOPHON_ID, VIVE_REUSE
from handbog.pdf.cover import PUBLISHER, VIVE_SHORT
from handbog.pdf.manifest import load_manifest

#: conf.py's pages that only work on a screen
CONF_SCREEN_ONLY = set(
    runpy.run_path(str(Path(__file__).parents[1] / "conf.py"))["handbog_pdf_screen_only"]
)

PLACEHOLDER = re.compile(r"example\.invalid|handbog\.example", re.IGNORECASE)
#: An address for the tests that need one: a domain reserved for examples (RFC 2606).
ADDRESS = "https://haandbog.example.org/udgave/"


def _environment(**values: str) -> dict[str, str]:
    """The test process's environment without any of the settings these tests are about."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("HANDBOG_", "READTHEDOCS"))}
    return {**env, **values}


# ------------------------------------------------------------------------ edition, release


def test_the_edition_is_the_top_entry_of_the_changelog(tmp_path):
    (tmp_path / "CHANGELOG.md").write_text(
        "# Ændringer\n\nTekst.\n\n## Udgave 2027.2 – marts 2027\n\n- ny\n\n"
        "## Udgave 2027.1 – januar 2027\n",
        encoding="utf-8",
    )
    assert version.edition(tmp_path) == "2027.2"
    assert version.edition(tmp_path / "mangler") == ""
    # the repository's own changelog names an edition, and it is not a git hash
    assert re.fullmatch(r"\d{4}\.\d+", version.edition(REPO)), version.edition(REPO)


def test_what_a_release_build_is():
    assert not version.is_release_build({})
    assert not version.is_release_build({"HANDBOG_RELEASE": "0", "CI": "true"})
    assert version.is_release_build({"HANDBOG_RELEASE": "1"})
    assert version.is_release_build({"READTHEDOCS": "True"})
    assert version.public_address({}) == ""
    assert version.public_address({"HANDBOG_BASEURL": "https://a.dk"}) == "https://a.dk/"


def test_a_release_needs_a_real_address_and_an_edition():
    assert version.release_problems("2026.1", "", release=False) == []
    assert version.release_problems("", "", release=False) == []  # an example project
    assert version.release_problems("2026.1", "https://a.dk/", release=True) == []
    (where, missing), *_ = version.release_problems("2026.1", "", release=True)
    assert where is None and "HANDBOG_BASEURL" in missing and "README.md" in missing
    placeholder = version.release_problems("2026.1", "https://x.example.invalid/", True)
    assert placeholder and "eksempeladresse" in placeholder[0][1]
    ((where, no_edition),) = version.release_problems("", "https://a.dk/", release=True)
    assert where == "CHANGELOG.md:1" and "## Udgave" in no_edition


def test_a_release_build_without_an_address_stops_with_a_danish_message(tmp_path):
    """As the publisher runs it: the real project, HANDBOG_RELEASE=1, no HANDBOG_BASEURL."""
    proc = subprocess.run(
        [sys.executable, "-m", "sphinx", "-b", "html", "-c", str(REPO), "-q"]
        + [str(REPO / "docs"), str(tmp_path / "html")],
        capture_output=True,
        text=True,
        env=_environment(HANDBOG_RELEASE="1"),
        cwd=REPO,
    )
    assert proc.returncode != 0
    assert "HANDBOG_BASEURL" in proc.stderr and "udgivelse" in proc.stderr, proc.stderr
    assert "Traceback" not in proc.stderr
    assert not (tmp_path / "html" / "index.html").exists()  # stopped before any page


# --------------------------------------------------------- a module without an address


def _site_manifest(site: Path, **changes: object) -> None:  # noqa: F811
    data = _manifest([("a/one", "Side et"), ("a/two", "Side to")])
    data.update(changes)
    (site / "pdf-moduler.json").write_text(json.dumps(data), encoding="utf-8")


def test_without_an_address_a_module_names_no_host_and_links_by_module(site):  # noqa: F811
    _site_manifest(site, baseurl="", version="2026.1")
    manifest = load_manifest(site)
    soup = BeautifulSoup(assemble_module(manifest, manifest.module("modul-a")), "html.parser")
    text = soup.get_text(" ")
    assert not PLACEHOLDER.search(str(soup))
    assert "Online" not in soup.select_one(".pdf-cover").get_text()
    assert soup.select("svg") == []  # no QR code
    # every link either stays inside the PDF or leaves for a real site (vive.dk in the page)
    hrefs = [a["href"] for a in soup.find_all("a", href=True)]
    assert all(h.startswith("#") or h.startswith("https://vive.dk") for h in hrefs), hrefs
    outside = next(a for a in soup.find_all("a") if a.get_text().startswith("en anden side"))
    assert not outside.has_attr("href")
    assert "outside.html i den digitale håndbog" in outside.get_text()
    # the reference list's intro names the page instead of its address
    assert "litteraturliste: se litteratur.html i den digitale håndbog." in " ".join(text.split())
    assert soup.select_one(".pdf-cover").get("data-edition") == "Udgave 2026.1 · 14.11.2023"


def test_with_an_address_the_cover_has_the_online_page_and_a_qr_code(site):  # noqa: F811
    _site_manifest(site, baseurl=ADDRESS, version="2026.1", repo_url="https://git.example.org/h/")
    manifest = load_manifest(site)
    soup = BeautifulSoup(assemble_module(manifest, manifest.module("modul-a")), "html.parser")
    cover = soup.select_one(".pdf-cover")
    online = f"{ADDRESS}a/one.html"
    assert online.split("://")[1] in cover.get_text()
    qr = cover.select_one("svg.pdf-cover__qr")
    assert qr is not None and qr.find("path") is not None
    assert online in qr["aria-label"] and qr["role"] == "img"
    colophon = soup.find(id=COLOPHON_ID)
    issues = [a["href"] for a in colophon.find_all("a", href=True)]
    assert "https://git.example.org/h/issues" in issues and ADDRESS in issues


def test_every_module_ends_with_a_colophon_that_says_only_what_is_known(site):  # noqa: F811
    _site_manifest(site, baseurl="", version="2026.1", build="abc1234")
    manifest = load_manifest(site)
    soup = BeautifulSoup(assemble_module(manifest, manifest.module("modul-a")), "html.parser")
    body = [child for child in soup.body.children if getattr(child, "name", None)]
    assert body[-1]["id"] == COLOPHON_ID
    text = " ".join(body[-1].get_text(" ").split())
    for part in ("Udgiver", "Bygger på", "Licens", "Sådan citerer du", "Rettelser"):
        assert part in text
    assert f"»{VIVE_REUSE}«" in text and "(VIVE, 2023" in text
    assert "udgave 2026.1" in text
    assert "abc1234" not in text, "the commit is for editors: in the metadata, not the text"
    assert "bygget fra abc1234" in soup.find("meta", attrs={"name": "generator"})["content"]
    assert "http" not in text  # no repository and no address known: none printed
    assert "den, der har givet dig" not in text
    assert "bygget uden en adresse til rettelser" in text


def test_the_colophon_names_the_editions_contact_for_corrections(site):  # noqa: F811
    _site_manifest(site, baseurl="", kontakt="rettelser@kommune.example.org")
    manifest = load_manifest(site)
    soup = BeautifulSoup(assemble_module(manifest, manifest.module("modul-a")), "html.parser")
    colophon = soup.find(id=COLOPHON_ID)
    link = colophon.find("a", href="mailto:rettelser@kommune.example.org")
    assert link is not None and link.get_text() == "rettelser@kommune.example.org"


# --------------------------------------------------------------- the real handbook (slow)


@pytest.fixture(scope="module")
def all_pdfs(handbook):
    """Every PDF of the session's handbook; those test_pdf.py printed in this session (after
    the HTML build wrote its manifest) are not printed again."""
    paths = {m: handbook.html / "pdf" / f"{m}.pdf" for m in MODULES}
    written = (handbook.html / "pdf-moduler.json").stat().st_mtime
    if not all(p.is_file() and p.stat().st_mtime >= written for p in paths.values()):
        proc = _run_cli(handbook.html, "--jobs", "2")
        assert proc.returncode == 0, proc.stderr
    return paths


def test_no_page_names_or_links_a_placeholder_host(handbook):
    assert 'rel="canonical"' not in (handbook.html / "index.html").read_text("utf-8")
    for page in handbook.html.rglob("*.html"):
        text = page.read_text("utf-8")
        assert not PLACEHOLDER.search(text), page
    manifest = json.loads((handbook.html / "pdf-moduler.json").read_text("utf-8"))
    assert manifest["baseurl"] == ""


def test_the_html_footer_names_edition_and_date(handbook):
    manifest = json.loads((handbook.html / "pdf-moduler.json").read_text("utf-8"))
    line = version.edition_line(manifest["version"], manifest["date"])
    for page in ("index.html", "tjeklister/opstart.html", "ordliste.html"):
        soup = BeautifulSoup((handbook.html / page).read_text("utf-8"), "html.parser")
        footer = soup.select_one(".bottom-of-page .handbog-edition")
        assert footer is not None and footer.get_text(strip=True) == line, page


@pytest.mark.parametrize("module", MODULES)
def test_every_pdf_is_pdf_ua_with_edition_on_every_page(all_pdfs, handbook, module):
    reader = PdfReader(all_pdfs[module])
    root = reader.trailer["/Root"]
    assert "/StructTreeRoot" in root
    assert root["/StructTreeRoot"].get_object()["/K"]  # a tree, not an empty root
    assert str(root["/Lang"]) == "da"
    assert root["/MarkInfo"]["/Marked"].value is True
    assert root["/ViewerPreferences"]["/DisplayDocTitle"].value is True
    manifest = json.loads((handbook.html / "pdf-moduler.json").read_text("utf-8"))
    title = next(m["title"] for m in manifest["modules"] if m["id"] == module)
    assert reader.metadata.title.startswith(title)

    line = version.edition_line(manifest["version"], manifest["date"])
    pages = [" ".join(page.extract_text().split()) for page in reader.pages]
    cover, *rest = pages
    assert f"Udgave {manifest['version']}" in cover and manifest["date"] in cover
    # the publisher and the report the handbook builds on (issue 23)
    assert f"Udgiver {PUBLISHER}" in cover and f"Bygger på {VIVE_SHORT}" in cover
    # a page left blank so that a chapter starts on a right-hand page carries nothing at all
    missing = [n for n, text in enumerate(rest, 2) if text and line not in text]
    assert missing == [], f"{module}.pdf: uden »{line}« på side {missing[:10]}"
    assert "Om denne udgave" in pages[-1] and VIVE_REUSE in " ".join(pages[-2:])

    for number, text in enumerate(pages, 1):
        assert not PLACEHOLDER.search(text), f"{module}.pdf side {number}"
        # a screen tool's page (handbog_pdf_screen_only) is in no PDF
        assert "Overblikket bruger JavaScript" not in text, f"{module}.pdf side {number}"
    screen_only = CONF_SCREEN_ONLY
    printed = {p["doc"] for m in manifest["modules"] for p in m["pages"]}
    assert screen_only and not screen_only & printed
    for page in reader.pages:
        for annotation in page.get("/Annots") or []:
            action = annotation.get_object().get("/A") or {}
            assert not PLACEHOLDER.search(str(action.get("/URI", ""))), action


@pytest.mark.parametrize("module", MODULES)
def test_bookmarks_are_pages_and_their_sections(all_pdfs, module):
    reader = PdfReader(all_pdfs[module])

    def depth(items, level=1):
        deepest = level if items else 0
        for item in items:
            if isinstance(item, list):
                deepest = max(deepest, depth(item, level + 1))
        return deepest

    outline = reader.outline
    assert outline, f"{module}.pdf has no bookmarks"
    # pdf.css: pages (h1), sections (h2) and their parts (h3); never an h4 of a checklist
    assert depth(outline) <= 3
    titles = [item.title for item in outline if not isinstance(item, list)]
    assert "Indhold" in titles and titles[-1] == "Om denne udgave"


def _dark_pixels(path: Path, scale: float) -> int:
    """Dark pixels of a PDF's first page, rendered at ``scale`` pixels per point."""
    pdf = pdfium.PdfDocument(str(path))
    try:
        image = pdf[0].render(scale=scale, grayscale=True).to_pil()
    finally:
        pdf.close()
    return sum(image.convert("L").histogram()[:128])


def test_an_address_puts_the_online_page_and_a_qr_code_on_the_cover(all_pdfs, handbook, tmp_path):
    """The same HTML build as published at an address (the manifest is what the PDFs read)."""
    html = tmp_path / "html"
    shutil.copytree(handbook.html, html, ignore=shutil.ignore_patterns("pdf", "pagefind"))
    path = html / "pdf-moduler.json"
    manifest = json.loads(path.read_text("utf-8"))
    manifest["baseurl"] = ADDRESS
    path.write_text(json.dumps(manifest, ensure_ascii=False), encoding="utf-8")
    proc = _run_cli(html, "--only", "foraeldresamarbejde", "--jobs", "1")
    assert proc.returncode == 0 and proc.stderr.strip() == "", proc.stderr

    reader = PdfReader(html / "pdf" / "foraeldresamarbejde.pdf")
    cover = "".join(reader.pages[0].extract_text().split())  # the address may wrap
    page = next(m for m in manifest["modules"] if m["id"] == "foraeldresamarbejde")["pages"][0]
    assert f"Online{ADDRESS.split('://')[1]}{page['html']}" in cover
    uris = [
        str(annotation.get_object()["/A"]["/URI"])
        for pdf_page in reader.pages
        for annotation in pdf_page.get("/Annots") or []
        if "/URI" in (annotation.get_object().get("/A") or {})
    ]
    assert any(uri.startswith(ADDRESS) for uri in uris)  # links to other modules' pages
    # The QR code is drawn on the cover: about half of its modules are dark, so the cover
    # gains at least a quarter of the code's area (pdf.css: 28 mm) in dark pixels.
    scale = 1.0  # pixels per point
    area = (28 * 72 / 25.4 * scale) ** 2
    gained = _dark_pixels(html / "pdf" / "foraeldresamarbejde.pdf", scale) - _dark_pixels(
        all_pdfs["foraeldresamarbejde"], scale
    )
    assert gained > area / 4, (gained, area)
