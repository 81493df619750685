"""The glossary: its data (glossary/*.yaml), its checks and its rendering with {ordliste}.

Broken input must give a message that names the file, the line, the problem and the fix.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest
from bs4 import BeautifulSoup
from conftest import REPO, ROOTS

from handbog import model
from handbog.data.core import display_path
from handbog.glossary import directive as glossary
from handbog.glossary.data import (
    SCHEMA_COMMENT,
    check_sources,
    danish_key,
    load_glossary,
    new_term,
    slug,
    validate,
)

GLOSSARY = REPO / "glossary"

#: The terms the handbook promises (issue 5); content pages refer to them by these names.
REQUIRED_TERMS = {
    "tidlig indsats",
    "indsats",
    "socialfaglig medarbejder",
    "fagprofessionel",
    "børn i potentielt udsatte positioner",
    "almenområdet",
    "dagtilbud",
    "begyndende mistrivsel",
    "myndighed",
    "underretning",
    "skærpet underretningspligt",
    "børnefaglig undersøgelse",
    "PPR",
    "tværfagligt samarbejde",
    "fremskudt socialrådgiver",
    "Signs of Safety",
    "Lundys model",
    "Barnets Lov",
    "kerneelement",
    "forudsætning",
    "hjælperedskab",
}


def _warnings(app) -> str:
    return app.warning.getvalue() if hasattr(app, "warning") else app._warning.getvalue()


def _write(folder: Path, name: str, body: str, header: bool = True) -> Path:
    path = folder / name
    path.write_text((SCHEMA_COMMENT + "\n" if header else "") + body, encoding="utf-8")
    return path


# -- The real glossary ---------------------------------------------------------------------


def test_every_real_entry_is_valid():
    terms, problems = validate(GLOSSARY, REPO / "docs", model.load(REPO / "ubproject.toml"))
    assert [str(p) for p in problems] == []
    assert len(terms) == len(list(GLOSSARY.glob("*.yaml")))


def test_the_promised_terms_exist():
    terms, _ = load_glossary(GLOSSARY)
    assert REQUIRED_TERMS <= {t.term for t in terms}


def test_no_name_is_defined_twice():
    terms, _ = load_glossary(GLOSSARY)
    names = [name.casefold() for t in terms for name in t.names]
    assert sorted(n for n in set(names) if names.count(n) > 1) == []


def test_every_file_is_named_after_its_term():
    terms, _ = load_glossary(GLOSSARY)
    for term in terms:
        assert term.path.name == slug(term.term) + ".yaml"


def test_definitions_are_in_own_words():
    """No run of 12 words copied from the seeds (quotations in quotation marks are allowed)."""
    tool = Path("/work/shared/tools/seed-overlap")
    if not tool.exists():
        pytest.skip("seed-overlap is a tool of the editing environment, not of the project")
    proc = subprocess.run(
        [sys.executable, str(tool), str(GLOSSARY)], capture_output=True, text=True, cwd=REPO
    )
    assert proc.returncode == 0, proc.stdout


def test_command_line_validator_passes_on_the_real_glossary():
    proc = subprocess.run(
        [sys.executable, "-m", "handbog", "ordliste", "valider", "glossary"],
        capture_output=True,
        text=True,
        cwd=REPO,
    )
    assert proc.returncode == 0, proc.stderr
    assert "Ordlisten er i orden" in proc.stdout


# -- Messages for broken files ---------------------------------------------------------------


def test_missing_field_names_file_line_and_fix(tmp_path):
    _write(tmp_path, "uden-definition.yaml", "term: uden definition\n")
    _, problems = load_glossary(tmp_path)
    (problem,) = problems
    # where the fields begin (line 1 is the schema comment)
    assert str(problem).startswith(f"{display_path(tmp_path / 'uden-definition.yaml')}:2:1:")
    assert "'definition' mangler" in problem.message
    assert "Tilføj 'definition: …'" in problem.message


def test_unknown_field_suggests_the_right_spelling(tmp_path):
    _write(
        tmp_path,
        "et-begreb.yaml",
        "term: et begreb\ndefinition: En definition, der er lang nok.\nse_også:\n  - x\n",
    )
    (problem,) = load_glossary(tmp_path)[1]
    assert (problem.line, problem.column) == (4, 1)  # the unknown key itself
    assert "ukendt felt 'se_også'" in problem.message
    assert "mente du 'se_ogsaa'?" in problem.message


def test_wrong_type_points_at_the_value_line(tmp_path):
    _write(
        tmp_path,
        "et-begreb.yaml",
        "term: et begreb\ndefinition: En definition, der er lang nok.\nkilde: KI_VIVE2023\n",
    )
    (problem,) = load_glossary(tmp_path)[1]
    assert problem.line == 4
    assert "kilde: skal være en liste" in problem.message
    assert "'- værdi'" in problem.message


def test_bad_list_item_names_its_position(tmp_path):
    _write(
        tmp_path,
        "et-begreb.yaml",
        "term: et begreb\ndefinition: En definition, der er lang nok.\n"
        "kilde:\n  - KI_VIVE2023\n  - Ki_forkert\n",
    )
    (problem,) = load_glossary(tmp_path)[1]
    assert problem.line == 6
    assert "kilde nr. 2: 'Ki_forkert' er ikke gyldigt" in problem.message
    assert "KI_VIVE2023" in problem.message  # the fix shows the expected form


def test_file_must_be_named_after_its_term(tmp_path):
    _write(tmp_path, "forkert.yaml", "term: tidlig indsats\ndefinition: Lang nok definition.\n")
    (problem,) = load_glossary(tmp_path)[1]
    assert problem.line == 2
    assert "skal hedde tidlig-indsats.yaml" in problem.message
    assert "git mv forkert.yaml tidlig-indsats.yaml" in problem.message


def test_schema_comment_is_required(tmp_path):
    _write(tmp_path, "et-begreb.yaml", "term: et begreb\ndefinition: Lang nok definition.\n", False)
    (problem,) = load_glossary(tmp_path)[1]
    assert problem.line == 1
    assert SCHEMA_COMMENT in problem.message


def test_invalid_yaml_names_the_line(tmp_path):
    _write(tmp_path, "et-begreb.yaml", "term: et begreb\ndefinition: [ikke lukket\nkilde: x\n")
    (problem,) = load_glossary(tmp_path)[1]
    assert "ikke gyldig YAML" in problem.message
    assert problem.line in {3, 4}


def test_a_name_may_lead_to_one_term_only(tmp_path):
    _write(tmp_path, "foerste.yaml", "term: første\ndefinition: En definition, lang nok.\n")
    _write(
        tmp_path,
        "anden.yaml",
        "term: anden\nsynonymer:\n  - Første\ndefinition: En definition, lang nok.\n",
    )
    problems = [p for p in load_glossary(tmp_path)[1] if "allerede defineret" in p.message]
    (problem,) = problems
    assert problem.path.name == "anden.yaml" and problem.line == 4
    assert "foerste.yaml" in problem.message and "som begreb" in problem.message
    assert "fjern det her eller dér" in problem.message


def test_related_terms_must_exist(tmp_path):
    _write(
        tmp_path,
        "et-begreb.yaml",
        "term: et begreb\ndefinition: En definition, lang nok.\nse_ogsaa:\n  - et begrev\n",
    )
    (problem,) = load_glossary(tmp_path)[1]
    assert problem.line == 5
    assert "'et begrev'" in problem.message and "Mente du 'et begreb'?" in problem.message


def test_term_references_in_definitions_must_exist(tmp_path):
    _write(
        tmp_path,
        "et-begreb.yaml",
        "term: et begreb\ndefinition: >-\n  Se {term}`andet <ukendt begreb>`.\n",
    )
    (problem,) = load_glossary(tmp_path)[1]
    assert problem.line == 4  # the first line of the folded text, not the '>-' line
    assert "{term}`ukendt begreb`" in problem.message


def test_unknown_sources_are_named_with_a_suggestion(tmp_path):
    _write(
        tmp_path,
        "et-begreb.yaml",
        "term: et begreb\ndefinition: En definition, lang nok.\n"
        "kilde:\n  - hansen2021\n  - KI_HANSEN2021\n",
    )
    terms, _ = load_glossary(tmp_path)
    problems = list(check_sources(terms, {"KI_HANSEN2020"}, {"hansen2020"}))
    assert [p.line for p in problems] == [5, 6]  # the line of each list item
    assert "hansen2021" in problems[0].message and "Mente du hansen2020?" in problems[0].message
    assert "KI_HANSEN2021" in problems[1].message and "KI_HANSEN2020" in problems[1].message


def test_command_line_validator_fails_with_the_messages(tmp_path):
    folder = tmp_path / "glossary"
    folder.mkdir()
    _write(folder, "et-begreb.yaml", "term: et begreb\n")
    proc = subprocess.run(
        [sys.executable, "-m", "handbog", "ordliste", "valider", str(folder)],
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )
    assert proc.returncode == 1
    assert "glossary/et-begreb.yaml:2:1: feltet 'definition' mangler" in proc.stderr
    assert "Ordlisten har 1 fejl" in proc.stderr


def test_new_term_scaffold_is_named_right_and_must_be_edited(tmp_path):
    path = new_term(tmp_path, "socialt arbejde")
    assert path.name == "socialt-arbejde.yaml"
    assert path.read_text("utf-8").startswith(SCHEMA_COMMENT + "\nterm: socialt arbejde\n")
    (problem,) = load_glossary(tmp_path)[1]  # the template's placeholder reference
    assert "{term}`andet begreb`" in problem.message
    with pytest.raises(FileExistsError, match="findes allerede"):
        new_term(tmp_path, "Socialt arbejde")


def test_danish_alphabetical_order():
    words = ["åbenhed", "æble", "zebra", "øre", "Barnets Lov", "almen"]
    assert sorted(words, key=danish_key) == [
        "almen",
        "Barnets Lov",
        "zebra",
        "æble",
        "øre",
        "åbenhed",
    ]


# -- Rendering -------------------------------------------------------------------------------


@pytest.mark.sphinx("html", testroot="ordliste")
def test_ordliste_renders_sphinx_glossary_terms(app):
    app.build()
    assert _warnings(app).strip() == ""
    page = BeautifulSoup((app.outdir / "ordliste.html").read_text("utf-8"), "html.parser")
    dl = page.find("dl", class_="glossary")
    headwords = [dt.get_text(strip=True).rstrip("¶") for dt in dl.find_all("dt")]
    assert headwords == ["andet begreb", "testbegreb", "æble"]  # Danish order: æ after t
    dd = page.find(id="term-testbegreb").find_next_sibling("dd")
    assert "»Et kort citat fra testbogen«" in dd.blockquote.get_text()
    assert "s. 7" in dd.blockquote.get_text()
    sources = dd.find(class_="handbog-ordliste-kilde")
    assert sources.find("a", href=re.compile(r"#KI_HANSEN2020$"))
    assert "Hansen" in sources.get_text()
    assert "Også: testbegreber." in dd.get_text(" ", strip=True).replace(" .", ".")
    addition = page.find(class_="handbog-ordliste-tilfoejelse")
    assert "Håndbogens tilføjelse:" in addition.get_text()
    letters = [a.get_text() for a in page.find(class_="handbog-ordliste-bogstaver").find_all("a")]
    assert letters == ["A", "T", "Æ"]


@pytest.mark.sphinx("html", testroot="ordliste")
def test_term_references_and_synonyms_resolve_to_the_headword(app):
    app.build()
    index = BeautifulSoup((app.outdir / "index.html").read_text("utf-8"), "html.parser")
    hrefs = [a["href"] for a in index.select("a.reference.internal") if a.find(class_="std-term")]
    assert hrefs == [
        "ordliste.html#term-testbegreb",
        "ordliste.html#term-testbegreb",  # the synonym leads to the same headword
        "ordliste.html#term-andet-begreb",
        "ordliste.html#term-testbegreb",  # case does not matter
    ]
    genindex = (app.outdir / "genindex.html").read_text("utf-8")
    assert "testbegreber" in genindex and "se testbegreb" in genindex


@pytest.mark.sphinx("html", testroot="ordliste-fejl")
def test_broken_glossary_names_file_line_and_fix(app):
    app.build()
    warnings = _warnings(app)
    missing = next(line for line in warnings.splitlines() if "'definition' mangler" in line)
    assert "glossary/mangler-definition.yaml:2" in missing
    double = next(line for line in warnings.splitlines() if "allerede defineret" in line)
    assert "glossary/dobbelt-synonym.yaml:4" in double and "ukendt-kilde.yaml" in double
    source = next(line for line in warnings.splitlines() if "KI_HANSEN2021" in line)
    assert "glossary/ukendt-kilde.yaml:6" in source
    assert "Mente du KI_HANSEN2020?" in source
    assert "findes ikke" in warnings  # {term}`findes ikke` on index.md is reported by Sphinx


def _sphinx(src: Path) -> subprocess.CompletedProcess:
    """An incremental build in a fresh process, as an editor's repeated builds are."""
    cmd = [sys.executable, "-m", "sphinx", "-b", "html", "-q", "-n", "-d", str(src / "_dt")]
    return subprocess.run(
        [*cmd, str(src), str(src / "_build")],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": f"{ROOTS}{os.pathsep}{os.environ.get('PYTHONPATH', '')}"},
    )


def test_editing_the_folder_rebuilds_the_glossary(tmp_path):
    """A new term file is picked up by an incremental build (note_dependency alone misses it),
    and renaming a term writes the pages that refer to it again."""
    src = tmp_path / "ordliste"
    shutil.copytree(ROOTS / "test-ordliste", src)
    assert _sphinx(src).stderr == ""
    _write(
        src / "glossary",
        "nyt-begreb.yaml",
        "term: nyt begreb\ndefinition: Et begreb, der er tilføjet bagefter.\n",
    )
    index = src / "index.md"
    index.write_text(index.read_text("utf-8") + "\nOg {term}`nyt begreb`.\n", "utf-8")
    assert _sphinx(src).stderr == ""
    assert 'id="term-nyt-begreb"' in (src / "_build" / "ordliste.html").read_text("utf-8")
    # index.md is not edited now; only the glossary changes under it
    (src / "glossary" / "nyt-begreb.yaml").unlink()
    _write(
        src / "glossary",
        "omdoebt-begreb.yaml",
        "term: omdøbt begreb\ndefinition: Det samme begreb med et nyt navn.\n",
    )
    stderr = _sphinx(src).stderr
    assert "index.md" in stderr and "nyt begreb" in stderr, stderr


def test_renamed_term_marks_exactly_the_pages_that_refer_to_it():
    """After reading, the pages whose {term} targets appeared or vanished are written again.

    (Today other extensions change html_static_path on every build, which rewrites every
    page anyway; this keeps the glossary correct once that is fixed.)"""
    env = SimpleNamespace(
        handbog_glossary={"ordliste": {"files": [], "names": ["andet", "nyt navn"]}},
        handbog_term_refs={"a": ["gammelt navn"], "b": ["andet"], "c": ["nyt navn", "andet"]},
    )
    assert sorted(glossary.pages_to_rewrite({"andet", "gammelt navn"}, env)) == ["a", "c"]
    assert glossary.pages_to_rewrite({"andet", "nyt navn"}, env) == []
    assert glossary.pages_to_rewrite(None, env) == []  # the first build


# -- The real handbook -----------------------------------------------------------------------


def _term_ids(html: Path) -> dict[str, str]:
    page = BeautifulSoup((html / "ordliste.html").read_text("utf-8"), "html.parser")
    dl = page.find("dl", class_="glossary")
    return {dt["id"]: dt.get_text(strip=True).rstrip("¶") for dt in dl.find_all("dt")}


def test_handbook_has_no_glossary_warnings(handbook):
    assert "ordliste" not in handbook.warnings and "term not in glossary" not in handbook.warnings


def test_every_term_is_used_on_a_page(handbook):
    """A term nobody refers to is either missing a {term} reference or not needed."""
    ids = _term_ids(handbook.html)
    used: set[str] = set()
    for page in handbook.html.rglob("*.html"):
        if page.name in {"ordliste.html", "genindex.html"}:
            continue
        soup = BeautifulSoup(page.read_text("utf-8"), "html.parser")
        for link in soup.select("a.reference.internal"):
            if link.find(class_="std-term"):
                used.add(link["href"].rsplit("#", 1)[-1])
    unused = sorted(ids[i] for i in ids if i not in used)
    assert unused == [], (
        "Begreber, som ingen side henviser til (tilføj {term}`…` ved første forekomst på en "
        f"side): {', '.join(unused)}"
    )
