"""The worked example, Eksempel Kommune, built as an editor builds it: ``handbog kommune byg``
on a copy of eksempler/eksempel-kommune, strictly, with the core of this checkout."""

from __future__ import annotations

import copy
import html
import json
import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

import pytest
from conftest import REPO

from handbog import version
from handbog.checklists.answers import Answer, AnswerSet
from handbog.checklists.contract import checklist_contract
from handbog.checklists.engine import evaluate
from handbog.checklists.loader import load_all
from handbog.checklists.scoring import ranks
from handbog.model import load as load_model

pytestmark = pytest.mark.slow

EXAMPLE = REPO / "eksempler" / "eksempel-kommune"
IDENTITY = "Eksempel Kommunes udgave · baseret på Praksishåndbogen, udgave "
BYG = [sys.executable, "-m", "handbog", "kommune", "byg"]
ENV = {k: v for k, v in os.environ.items() if k not in {"HANDBOG_KERNE", "HANDBOG_PROJEKT"}}


@dataclass
class Built:
    folder: Path
    result: subprocess.CompletedProcess[str]

    @property
    def html(self) -> Path:
        return self.folder / "build" / "html"

    def page(self, name: str) -> str:
        return (self.html / name).read_text(encoding="utf-8")


def _build(folder: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        # HTML only: the PDFs are tested in test_kommune_pdf.py
        [*BYG, "--kerne", str(REPO), "--stille", "--kun-html"],
        cwd=folder,
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=ENV,
        timeout=900,
    )


def _copy(tmp: Path) -> Path:
    folder = tmp / "eksempel-kommune"
    shutil.copytree(EXAMPLE, folder, ignore=shutil.ignore_patterns("build"))
    return folder


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Built:
    folder = _copy(tmp_path_factory.mktemp("kommune"))
    result = _build(folder)
    assert result.returncode == 0, result.stderr
    return Built(folder, result)


def _text(page: str) -> str:
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page)))


def test_the_build_is_strict_and_says_which_edition_it_built(built: Built):
    assert "WARNING" not in built.result.stderr and "Traceback" not in built.result.stderr
    assert IDENTITY in built.result.stdout


def test_every_page_names_the_edition_and_the_core_edition(built: Built):
    # the search and index pages have no content block; sphinx-needs' permalink page only
    # forwards a need ID to the need's own page
    skipped = {"search.html", "genindex.html", "permalink.html"}
    pages = [p for p in built.html.rglob("*.html") if p.name not in skipped]
    assert len(pages) > 50
    # both editions with their numbers and dates (each edition's CHANGELOG), as in print
    core, core_date = version.edition(REPO), version.edition_date(REPO)
    line = (
        "Eksempel Kommunes udgave 1 (december 2026) · baseret på Praksishåndbogen, "
        f"udgave {core} ({core_date})"
    )
    missing = [p for p in pages if f'<p class="handbog-identitet">{line}</p>' not in p.read_text()]
    assert missing == []


def test_a_local_box_stands_after_its_anchor_marked_as_local(built: Built):
    page = built.page("kerneelementer/samarbejdsrelationer.html")
    anchor = page.index('id="PR_SR_TILGAENGELIGHED"')
    box = page.index('id="LO_EKSEMPEL_KOORDINATOR"')
    following = page.index('id="PR_SR_UDEN_MYNDIGHED"')
    assert anchor < box < following
    local = page[page.rindex("<div", 0, box) : following]
    assert "handbog-lokal" in local
    assert "Lokalt i Eksempel Kommune" in _text(local)
    assert "Ring til koordinatoren i Eksempel Kommune" in _text(local)
    # the core practice names what adapts it locally, both ways
    assert "tilpasses lokalt af" in _text(page[anchor:box])


def test_a_local_page_is_in_the_menu_and_its_need_is_marked(built: Built):
    page = built.page("lokalt/sider/moedeforum.html")
    assert "Lokalt i Eksempel Kommune" in _text(page)
    assert 'id="LO_EKSEMPEL_MOEDEFORUM"' in page
    assert "lokalt/sider/kontakt.html" in built.page("index.html")


def test_the_left_out_practice_shows_its_reason_where_it_was(built: Built):
    page = built.page("kerneelementer/boerneinddragelse.html")
    text = _text(page)
    assert "Udeladt lokalt: Samtalemetoder og faciliterende metoder som Signs of Safety" in text
    assert "Begrundelse: Eksemplet viser, hvordan en udgave udelader et redskab" in text
    # its box is gone, but links to it (checklists, traceability pages) still land here
    assert page.count('id="HR_BI_SIGNS_OF_SAFETY"') == 1
    start = page.rindex("<div", 0, page.index('id="HR_BI_SIGNS_OF'))
    assert "handbog-udeladt" in page[start : start + 200]


def test_the_coverage_page_lists_local_needs_and_the_left_out_practice(built: Built):
    text = _text(built.page("lokalt/daekning.html"))
    local = ["KOORDINATOR", "MOEDEFORUM", "MOEDEFORUM_HENVISNING", "SAMARBEJDSAFTALE"]
    for need_id in local:
        assert f"LO_EKSEMPEL_{need_id}" in text
    assert "Udeladt lokalt: Samtalemetoder" in text
    # one readable row per local need: its whole title, what it adapts, and where it stands
    page = built.page("lokalt/daekning.html")
    rows = [_text(r) for r in re.findall(r"<tr.*?</tr>", page, re.S)]
    assert rows[0].strip() == "Lokalt Tilpasser i kernen Hvor"
    row = next(r for r in rows if "LO_EKSEMPEL_SKABELON_KLAR" in r)
    assert (
        "Hav Eksempel Kommunes skabelon til samarbejdsaftaler klar, hvis I skal aftale noget" in row
    )
    assert "HR_FS_SAMARBEJDSPROCEDURER" in row
    assert "Tjekpunkt i »Mødet med forældrene«, afsnittet »Før mødet«" in row
    row = next(r for r in rows if "LO_EKSEMPEL_KOORDINATOR " in r)
    assert "Ring til koordinatoren i Eksempel Kommune" in row and "I en boks efter" in row
    assert "..." not in " ".join(rows)  # no title cut short
    assert len(rows) == 1 + 8  # four in pages and boxes, four checklist items


def test_the_logo_and_colour_are_the_editions(built: Built):
    page = built.page("index.html")
    assert "logo.svg" in page
    assert (built.html / "_static" / "logo.svg").is_file()
    assert "#1f5f8b" in page  # furo writes light_css_variables into the page


def _core_edition(built: Built) -> str:
    """The core edition the build names after IDENTITY."""
    return built.result.stdout.split(IDENTITY, 1)[1].split(":", 1)[0]


def test_the_core_is_not_copied_into_the_edition(built: Built):
    kept = {p.relative_to(built.folder).parts[0] for p in built.folder.iterdir()}
    assert kept == {
        "kommune.toml", "logo.svg", "README.md", "CHANGELOG.md", ".gitignore", "sider", "bokse",
        "ordliste", "kilder.bib", "build", "kerne.json",
    }  # fmt: skip
    assert (built.folder / ".gitignore").read_text().strip() == "/build/"
    # kerne.json records the core edition and the fields of only the needs the local ones
    # adapt (plus every core need's title), not the core
    known = json.loads((built.folder / "kerne.json").read_text(encoding="utf-8"))
    assert known["udgave"] == _core_edition(built)
    assert set(known["linket"]) == {
        "PR_SR_TILGAENGELIGHED", "PR_SF_LOKAL_MOEDERET", "HR_FS_SAMARBEJDSPROCEDURER"
    }  # fmt: skip
    assert set(known["lokalt"]) == {
        "LO_EKSEMPEL_KOORDINATOR", "LO_EKSEMPEL_MOEDEFORUM", "LO_EKSEMPEL_MOEDEFORUM_HENVISNING",
        "LO_EKSEMPEL_SAMARBEJDSAFTALE", "LO_EKSEMPEL_KOORDINATOR_KENDT",
        "LO_EKSEMPEL_MOEDEFORUM_AFTALT", "LO_EKSEMPEL_SKABELON_KLAR",
        "LO_EKSEMPEL_KOORDINATOR_KENDES",
    }  # fmt: skip


def test_an_unknown_core_id_in_a_local_box_fails_with_file_and_line(tmp_path: Path):
    folder = _copy(tmp_path)
    box = folder / "bokse" / "samarbejdsaftale.md"
    box.write_text(
        box.read_text().replace(":tilpasser: HR_FS_SAMARBEJDSPROCEDURER", ":tilpasser: HR_FS_X"),
        encoding="utf-8",
    )
    result = _build(folder)
    assert result.returncode == 1
    line = next(n for n, t in enumerate(box.read_text().splitlines(), 1) if ":id:" in t)
    assert (
        f"bokse/samarbejdsaftale.md:{line}: WARNING: LO_EKSEMPEL_SAMARBEJDSAFTALE: :tilpasser: "
        "peger på HR_FS_X, som ikke findes." in result.stderr
    ), result.stderr
    assert "Traceback" not in result.stderr
    # the message names the local file, never the copy under build/
    assert "build/kilde" not in result.stderr


def _quotes_the_measurement(text: str) -> None:
    """The statement quotes the results file of the core's tests, or says nothing was measured
    (which of the two depends on whether the browser tests have run in this checkout: the
    directive itself is tested in test_accessibility_statement.py)."""
    assert ("Sådan er siderne målt, senest" in text and "brud fundet" in text) or (
        "Ikke målt: da siderne blev bygget" in text
    ), text
    assert "tilgaengelighed-maalt" not in text
    assert "erklærer ikke, at" in text  # no claim of full compliance without an audit


def test_the_edition_has_its_own_accessibility_statement(built: Built):
    page = built.page("tilgaengelighed.html")
    text = _text(page)
    assert "Tilgængelighed i Eksempel Kommunes udgave" in text
    # the contact from kommune.toml, as a link (Sphinx hides the address from harvesters)
    (href,) = re.findall(r'Skriv til <a class="reference external" href="([^"]+)"', page)
    assert unquote(html.unescape(href)) == "mailto:tilgaengelighed@eksempel-kommune.example"
    # what was measured, and what was not
    assert "axe-core" in text and "WCAG 2.1" in text
    _quotes_the_measurement(text)
    assert "Eksempel Kommunes egne sider og bokse er ikke testet automatisk" in text
    assert "i lyst og mørkt tema har links og overskrifter en kontrast på mindst 4,5:1" in text
    assert "Digitaliseringsstyrelsen" in text
    assert "tilgaengelighed.html" in built.page("index.html")  # in the menu


def test_the_core_has_its_accessibility_statement(handbook):
    page = (handbook.html / "tilgaengelighed.html").read_text(encoding="utf-8")
    text = _text(page)
    for heading in ("Hvor godt lever håndbogen op til kravene", "Det, der ikke er tilgængeligt",
                    "Sådan melder du et problem", "Hvis du ikke får svar", "Dato"):  # fmt: skip
        assert heading in text
    _quotes_the_measurement(text)
    assert "handbog-identitet" not in page  # the core names no municipality


def test_each_practice_has_a_prefilled_feedback_link(built: Built):
    page = built.page("kerneelementer/samarbejdsrelationer.html")
    links = re.findall(r'<a class="reference external" href="([^"]+)">Giv besked om denne', page)
    by_id = {}
    for link in links:
        query = parse_qs(urlsplit(link.replace("&amp;", "&")).query)
        by_id[query["title"][0].split(":")[0]] = (link, query)
    link, query = by_id["LO_EKSEMPEL_KOORDINATOR"]
    assert link.startswith("https://git.eksempel-kommune.example/haandbog/issues/new?")
    body = query["body"][0]
    assert IDENTITY in body
    assert "Side: kerneelementer/samarbejdsrelationer.html" in body
    assert "ID: LO_EKSEMPEL_KOORDINATOR (Eksempel Kommunes udgave)" in body
    # a core practice too; without the core's own address it goes to the edition's editors
    _link, query = by_id["PR_SR_TILGAENGELIGHED"]
    assert "ID: PR_SR_TILGAENGELIGHED (den fælles del af håndbogen)" in query["body"][0]


def test_the_upgrade_report_names_changed_removed_renamed_and_new_core_needs(
    built: Built, tmp_path: Path
):
    """Two needs.json: the example's, and the same made into a later core edition in which a
    practice a local box adapts has a new sentence, one is gone, one is renamed, one is new."""
    before = json.loads(built.page("needs.json"))
    version = before["current_version"]
    after = copy.deepcopy(before)
    needs = after["versions"].pop(version)["needs"]
    needs["PR_SR_TILGAENGELIGHED"]["content"] += " En ny sætning i den nye udgave."
    del needs["HR_FS_SAMARBEJDSPROCEDURER"]
    needs["PR_SF_LOKALT_MOEDEFORUM"] = {
        **needs.pop("PR_SF_LOKAL_MOEDERET"), "id": "PR_SF_LOKALT_MOEDEFORUM"
    }  # fmt: skip
    needs["PR_SR_NY"] = {"id": "PR_SR_NY", "type": "praksis", "title": "En ny praksis"}
    after.update(current_version="2099.1", versions={"2099.1": {"needs": needs}})
    paths = []
    for name, data in (("foer.json", before), ("efter.json", after)):
        paths.append(tmp_path / name)
        paths[-1].write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "handbog", "kommune", "sammenlign", *map(str, paths),
         "--udgave", str(built.folder)],
        capture_output=True, text=True, encoding="utf-8", env={**ENV, "COLUMNS": "300"},
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    report = result.stdout
    assert f"# Fra kernens udgave {version} til 2099.1" in report
    assert "set fra Eksempel Kommune" in report
    # the local box and the two local checklist items that check it
    assert (
        "- PR_SR_TILGAENGELIGHED: teksten er ændret. Lokalt: LO_EKSEMPEL_KOORDINATOR, "
        "LO_EKSEMPEL_KOORDINATOR_KENDES, LO_EKSEMPEL_KOORDINATOR_KENDT." in report
    )
    assert (
        "- HR_FS_SAMARBEJDSPROCEDURER: findes ikke længere. Lokalt: "
        "LO_EKSEMPEL_SAMARBEJDSAFTALE, LO_EKSEMPEL_SKABELON_KLAR." in report
    )
    assert "- PR_SF_LOKAL_MOEDERET: omdøbt til PR_SF_LOKALT_MOEDEFORUM. Lokalt: " in report
    assert "- PR_SR_NY: En ny praksis" in report
    # a core need no local content links to is not listed as changed
    assert "PR_SR_UDEN_MYNDIGHED" not in report
    assert "LO_EKSEMPEL" not in report.split("## Nyt i kernen")[1]


def test_a_pdf_cover_and_colophon_name_both_editions_and_their_dates(built: Built):
    result = subprocess.run(
        [sys.executable, "-m", "handbog", "pdf", str(built.html), "--only",
         "socialfaglige-kompetencer", "--strict"],
        capture_output=True, text=True, encoding="utf-8", env=ENV, timeout=900,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    pdf = built.html / "pdf" / "socialfaglige-kompetencer.pdf"

    def page_text(first: int, last: int) -> str:
        out = subprocess.run(
            ["pdftotext", "-f", str(first), "-l", str(last), "-layout", str(pdf), "-"],
            capture_output=True, text=True, check=True,
        )  # fmt: skip
        return re.sub(r"\s+", " ", out.stdout)

    pages = int(re.search(r"Pages:\s+(\d+)", subprocess.run(
        ["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout)[1])  # fmt: skip
    cover, colophon = page_text(1, 1), page_text(pages - 1, pages)
    core, core_date = version.edition(REPO), version.edition_date(REPO)
    assert core and core_date
    for printed in (cover, colophon):
        assert f"{IDENTITY}{core}" in printed
        assert "1 af december 2026" in printed  # the example's own CHANGELOG
        assert f"Praksishåndbogen, udgave {core} af {core_date}" in printed
    assert "Eksempel Kommune og håndbogens redaktion" in cover


def test_an_edition_without_a_dated_changelog_heading_is_told_what_to_write(tmp_path: Path):
    folder = _copy(tmp_path)
    (folder / "CHANGELOG.md").write_text("# Ændringer\n\n## Udgave 1\n\n- Første.\n", "utf-8")
    result = _build(folder)
    assert result.returncode == 1
    assert "CHANGELOG.md:3: CHANGELOG.md siger ikke, hvilken udgave" in result.stderr, result.stderr
    assert "## Udgave 1 – december 2026" in result.stderr
    assert "Traceback" not in result.stderr


def _composed_checklist(built: Built, checklist_id: str):
    folder = built.folder / "build" / "kilde" / "tjeklister"
    return load_all(folder, load_model(REPO / "ubproject.toml"))[checklist_id]


def test_local_checklist_items_are_in_the_form_marked_local_and_traced(built: Built):
    page = built.page("tjeklister/opstart.html")
    for need_id, text in (
        ("LO_EKSEMPEL_KOORDINATOR_KENDT", "Fortæl lederne, hvordan de får fat i koordinatoren"),
        ("LO_EKSEMPEL_MOEDEFORUM_AFTALT", "Aftal, hvornår mødeforummet i Eksempel Kommune"),
    ):
        box = re.search(rf'<fieldset id="{need_id}"[^>]* class="hc-item handbog-lokal">.*?'
                        "</fieldset>", page, re.S)  # fmt: skip
        assert box is not None, need_id
        assert text in box[0]
        assert "<strong>Lokalt i Eksempel Kommune</strong>" in box[0]
    # last in the section kommune.toml names, after the core's own items
    opstart = _composed_checklist(built, "opstart")
    section = next(s for s in opstart.sections if s.id == "tilstedevaerelse")
    assert section.items[-1].local_id == "LO_EKSEMPEL_KOORDINATOR_KENDT"
    assert [i.local_id for i in section.items[:-1]] == [""] * (len(section.items) - 1)
    # each is a local need that adapts the practice it checks, like a local box
    data = json.loads((built.html / "needs.json").read_text("utf-8"))
    needs = data["versions"][data["current_version"]]["needs"]
    items = {i: n for i, n in needs.items() if n.get("tjekliste") and i.startswith("LO_")}
    assert set(items) == {
        "LO_EKSEMPEL_KOORDINATOR_KENDT", "LO_EKSEMPEL_MOEDEFORUM_AFTALT",
        "LO_EKSEMPEL_SKABELON_KLAR", "LO_EKSEMPEL_KOORDINATOR_KENDES",
    }  # fmt: skip
    assert {n["type"] for n in items.values()} == {"lokal"}
    assert items["LO_EKSEMPEL_SKABELON_KLAR"]["tilpasser"] == ["HR_FS_SAMARBEJDSPROCEDURER"]
    # the team overview names them as local, and the coverage page lists them
    overview = built.page("tjeklister/overblik.html")
    assert "klar, hvis I skal aftale noget. (Lokalt i Eksempel Kommune)" in overview
    assert "LO_EKSEMPEL_SKABELON_KLAR" in built.page("lokalt/daekning.html")


def test_a_local_item_is_answered_on_the_command_line_and_marked_local(
    built: Built, tmp_path: Path
):
    checklist = _composed_checklist(built, "foraeldremoede")
    answers = tmp_path / "svar-moede.json"
    keys = ["Eksempel Skole", "socialfaglig medarbejder", "2026-12-01"]
    for _item in checklist.items():
        keys += ["j", ""]
    result = subprocess.run(
        # in the edition's folder, as its editors work: the edition's own checklists
        [sys.executable, "-m", "handbog", "tjekliste", "udfyld", "foraeldremoede",
         "--svar", str(answers)],
        input="\n".join(keys) + "\n", cwd=built.folder, capture_output=True, text=True,
        encoding="utf-8", env=ENV, timeout=120,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    shown = re.sub(r"\s+", " ", result.stdout)
    assert "samarbejdsaftaler klar, hvis I skal aftale noget. (Lokalt i Eksempel Kommune)" in shown
    saved = json.loads(answers.read_text("utf-8"))
    assert saved["answers"]["lokal-skabelon-klar"]["value"] == "ja"


def test_a_local_item_counts_toward_its_sections_level(built: Built):
    checklist = _composed_checklist(built, "samarbejdsrelationer")
    section = next(s for s in checklist.sections if s.id == "tilstede-og-tilgaengelig")
    top = checklist.scale[-1].value
    values = {item.id: Answer(top, "") for item in section.items}
    values["lokal-koordinator-kendes"] = Answer(checklist.scale[0].value, "")
    assessment = evaluate(checklist, AnswerSet(checklist.id, checklist.version, answers=values))
    result = next(r for r in assessment.sections if r.section.id == section.id)
    core_only = len(section.items) - 1
    rank = ranks(checklist)
    # the core's items at the top, the local one at the bottom: it pulls the mean down
    expected = Fraction(core_only * rank[top] + rank[checklist.scale[0].value], core_only + 1)
    assert result.score.mean == expected < rank[top]
    # and the form and the overview read the same item list from the contract
    contract = checklist_contract(checklist)
    items = next(s for s in contract["sections"] if s["id"] == section.id)["items"]
    assert items[-1] == {
        "id": "lokal-koordinator-kendes",
        "text": "Personalet ved, hvordan de får fat i koordinatoren i Eksempel Kommune. "
        "(Lokalt i Eksempel Kommune)",
        "lokal": True,
    }


def test_a_local_item_in_an_unknown_section_or_checking_an_unknown_id_fails(tmp_path: Path):
    folder = _copy(tmp_path)
    toml = folder / "kommune.toml"
    text = toml.read_text("utf-8")
    text = text.replace('afsnit = "moedestruktur"', 'afsnit = "moedestruktr"')
    text = text.replace(
        'tjekker = ["HR_FS_SAMARBEJDSPROCEDURER"]', 'tjekker = ["HR_FS_SAMARBEJDS"]'
    )
    toml.write_text(text, "utf-8")
    result = _build(folder)
    assert result.returncode == 1
    lines = text.splitlines()
    section = lines.index('afsnit = "moedestruktr"') + 1
    checks = lines.index('tjekker = ["HR_FS_SAMARBEJDS"]') + 1
    assert (
        f"kommune.toml:{section}: LO_EKSEMPEL_MOEDEFORUM_AFTALT: afsnittet 'moedestruktr' findes "
        "ikke i tjeklisten 'opstart'. Mente du 'moedestruktur'?" in result.stderr
    ), result.stderr
    assert (
        f"kommune.toml:{checks}: LO_EKSEMPEL_SKABELON_KLAR: tjekker = [HR_FS_SAMARBEJDS, …], "
        "men HR_FS_SAMARBEJDS er ikke" in result.stderr
    ), result.stderr
    assert "Traceback" not in result.stderr


def test_a_local_term_is_in_the_glossary_marked_local_and_usable_in_local_pages(built: Built):
    glossary = built.page("ordliste.html")
    entry = re.search(r'<dt id="term-eksempelkoordinator">.*?</dd>', glossary, re.S)
    assert entry is not None
    assert (
        '<p class="handbog-evidence handbog-lokalt"><strong>Lokalt i Eksempel Kommune' in entry[0]
    )
    assert "ringer til, når de ikke kan få" in _text(entry[0])
    page = built.page("lokalt/sider/kontakt.html")
    assert 'href="../../ordliste.html#term-eksempelkoordinator"' in page


def test_a_local_source_is_cited_in_a_local_box_and_listed_marked_local(built: Built):
    page = _text(built.page("kerneelementer/foraeldresamarbejde.html"))
    assert "sin egen skabelon til samarbejdsaftaler med forældre ( Eksempel Kommune, 2026 )" in page
    listing = _text(built.page("litteratur.html"))
    entry = listing[listing.index("Eksempel Kommune. Skabelon til samarbejdsaftaler") :][:200]
    assert "Kommuneudgavens egen kilde, ikke en del af den fælles håndbog." in entry


def test_built_without_pdfs_no_page_links_to_a_pdf_module(built: Built):
    """--kun-html builds no PDF, so the pages' »hent modulet som PDF« links are left out."""
    linking = [
        p.relative_to(built.html).as_posix()
        for p in built.html.rglob("*.html")
        if "handbog-pdf-link" in p.read_text(encoding="utf-8")
    ]
    # (whether build/html/pdf exists says nothing here: another test makes a PDF in this
    # build's folder with ``handbog pdf``, which writes no page)
    assert linking == []
