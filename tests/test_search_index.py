"""What the build gives the search page: the pages' words and rules, headings with ids, and
a description of every page. Fast: small documents and folders made here."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest
from docutils import nodes
from docutils.frontend import get_default_settings
from docutils.parsers.rst import Parser
from docutils.utils import new_document

from handbog.theme import search


def _doctree(text: str) -> nodes.document:
    settings = get_default_settings(Parser)
    settings.report_level = 5
    document = new_document("side.rst", settings)
    Parser().parse(text, document)
    return document


PAGE = """\
Børneinddragelse
================

Barnet skal høres, når de voksne taler om det, og det skal have indflydelse.

Rum
---

Et trygt sted at tale.

Kilder
------

Noget tekst.
"""


def test_each_section_heading_gets_an_id_of_its_own():
    doctree = _doctree(PAGE)
    search.mark_headings(doctree)
    for section in doctree.findall(nodes.section):
        title = section[0]
        assert isinstance(title, nodes.title)
        # the section keeps its id; the heading's is the same with the prefix
        assert title["ids"] == [search.HEADING_PREFIX + section["ids"][0]]
    ids = [i for node in doctree.findall(nodes.Element) for i in node["ids"]]
    assert len(ids) == len(set(ids))


def test_a_heading_id_that_is_taken_is_not_used_twice():
    doctree = _doctree(PAGE.replace("Kilder\n------", "S-rum\n-----"))
    search.mark_headings(doctree)
    ids = [i for node in doctree.findall(nodes.Element) for i in node["ids"]]
    assert len(ids) == len(set(ids)), ids


def test_the_description_is_the_first_paragraph_of_prose_shortened():
    doctree = _doctree(PAGE)
    assert search._first_paragraph(doctree).startswith("Barnet skal høres")
    long = "ord " * 80
    short = search._shortened(long.strip())
    assert len(short) <= search.DESCRIPTION_LENGTH and short.endswith("…")
    assert not short[:-1].endswith(" ")


SITE_PAGE = """<!doctype html><html><body><nav>navigation menu</nav>
<div data-pagefind-body>
<h1 id="s-x">Socialrådgiveren i dagtilbuddet</h1>
<p>Socialrådgiveren taler med forældrene. Socialrådgiveren er i huset.</p>
<p class="handbog-pdf-link">Til undervisning: hent modulet som PDF.</p>
<ul class="handbog-sidekilder"><li>Andersen, A. &amp; Mikkelsen, M. Autismebogen.</li></ul>
<div data-pagefind-ignore>skjult</div>
<dl class="glossary handbog-ordliste"><dt id="term-PPR">PPR<a class="headerlink">¶</a></dt>
<dd><p>Pædagogisk psykologisk rådgivning, dvs. kommunens rådgivning. Mere tekst.</p></dd></dl>
</div></body></html>"""


def test_the_vocabulary_has_the_indexed_prose_only(tmp_path: Path):
    (tmp_path / "side.html").write_text(SITE_PAGE, "utf-8")
    (tmp_path / "pagefind").mkdir()
    (tmp_path / "pagefind" / "x.html").write_text(SITE_PAGE.replace("Social", "Xsocial"))
    found = search.vocabulary(tmp_path)
    # the most used first, lower-cased, words of three letters or more
    assert found.words[0] == "socialrådgiveren"
    assert "forældrene" in found.words and "med" in found.words
    for left_out in ("navigation", "undervisning", "andersen", "autismebogen", "skjult"):
        assert left_out not in found.words, left_out
    assert not [w for w in found.words if w.startswith("xsocial")]
    assert not [w for w in found.words if len(w) < search.RULES["minWord"]]
    # the first sentence of the definition, not cut at »dvs.«
    assert found.entries["PPR"] == (
        "side.html#term-PPR",
        "Pædagogisk psykologisk rådgivning, dvs. kommunens rådgivning.",
    )


def test_the_search_page_gets_words_apart_from_rules_and_glossary(tmp_path: Path):
    (tmp_path / "side.html").write_text(SITE_PAGE, "utf-8")
    (tmp_path / "pagefind").mkdir()
    names = {"ppr": ("PPR", "pædagogisk psykologisk rådgivning"), "ukendt": ("Ukendt",)}
    names["pædagogisk psykologisk rådgivning"] = names["ppr"]
    search.write_vocabulary(tmp_path, names)
    data = json.loads((tmp_path / "pagefind" / search.RULES_FILE).read_text("utf-8"))
    assert data["rules"] == search.RULES
    # the words, which soeg.js may fetch after the first search has started, are apart
    words = json.loads((tmp_path / "pagefind" / search.VOCABULARY_FILE).read_text("utf-8"))
    assert set(words) == {"words"}
    assert words["words"] == search.vocabulary(tmp_path).words
    assert "words" not in data
    # each first letter's words, in a file of their own the rules name
    letters = data["letters"]
    assert set(letters) == {word[0] for word in words["words"]}
    for letter, path in letters.items():
        own = json.loads((tmp_path / "pagefind" / path).read_text("utf-8"))["words"]
        assert own == [word for word in words["words"] if word[0] == letter]
    assert data["glossary"]["entries"] == [["PPR", *search.vocabulary(tmp_path).entries["PPR"]]]
    # every name of a term with an entry leads to it; a term without an entry is left out
    assert data["glossary"]["names"] == {"ppr": 0, "pædagogisk psykologisk rådgivning": 0}


def test_the_index_is_made_again_when_the_rules_change(tmp_path: Path, monkeypatch):
    (tmp_path / "side.html").write_text(SITE_PAGE, "utf-8")
    before = search.pages_digest(tmp_path)
    monkeypatch.setitem(search.RULES, "minPrefix", 5)
    assert search.pages_digest(tmp_path) != before


def test_every_left_out_selector_is_one_the_vocabulary_understands():
    """The vocabulary reads the pages with XPath made from EXCLUDE_SELECTORS; a selector of
    another form would fail the build's index step, so it fails here first."""
    for selector in search.EXCLUDE_SELECTORS:
        assert search._xpath(selector).startswith(".//"), selector


def test_a_pagefind_file_cut_short_is_found(tmp_path: Path):
    whole = gzip.compress(b"(module)" * 200)
    (tmp_path / "index").mkdir()
    (tmp_path / "wasm.da.pagefind").write_bytes(whole)
    (tmp_path / "wasm.unknown.pagefind").write_bytes(b"")  # as a busy build once left it
    (tmp_path / "index" / "da_1.pf_index").write_bytes(whole[: len(whole) // 2])
    (tmp_path / "pagefind-entry.json").write_text("{}", "utf-8")  # not a gzip file
    assert search.cut_short(tmp_path) == ["index/da_1.pf_index", "wasm.unknown.pagefind"]


def test_an_index_cut_short_is_written_again_and_then_named(tmp_path: Path, monkeypatch):
    runs = []

    async def index(outdir: Path, broken_runs: int) -> None:
        runs.append(outdir)
        folder = outdir / "pagefind"
        folder.mkdir(parents=True, exist_ok=True)
        data = b"" if len(runs) <= broken_runs else gzip.compress(b"wasm")
        (folder / "wasm.da.pagefind").write_bytes(data)

    monkeypatch.setattr(search, "_index", lambda outdir: index(outdir, broken_runs=1))
    search.index_whole(tmp_path)
    assert len(runs) == 2
    assert search.cut_short(tmp_path / "pagefind") == []

    runs.clear()
    monkeypatch.setattr(search, "_index", lambda outdir: index(outdir, broken_runs=5))
    with pytest.raises(RuntimeError, match="ufuldstændige filer: wasm.da.pagefind"):
        search.index_whole(tmp_path)
    assert len(runs) == 2
