"""The element pages' »Sammenhæng« boxes are made from the needs (handbog/relations.py).

A page cannot list a link the model lacks: a line for an element that neither
``understoetter``, ``haenger_sammen_med`` nor a shared practice links fails the build with the
file and line, unless the whole line is marked as the handbook's own addition.
"""

from __future__ import annotations

import io
import re
import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from sphinx.testing.util import SphinxTestApp

ROOT = Path(__file__).resolve().parent / "roots" / "test-sammenhaeng"


def _build(src: Path) -> tuple[Path, str]:
    warnings = io.StringIO()
    app = SphinxTestApp("html", srcdir=src, freshenv=True, status=io.StringIO(), warning=warnings)
    try:
        app.build()
        return Path(app.outdir), warnings.getvalue()
    finally:
        app.cleanup()


def _cards(outdir: Path, page: str) -> list[tuple[str, str, list[str]]]:
    soup = BeautifulSoup((outdir / f"{page}.html").read_text("utf-8"), "html.parser")
    found = []
    for card in soup.select(".sd-card"):
        title = card.select_one(".sd-card-title").get_text(strip=True)
        items = [re.sub(r"\s+", " ", li.get_text(" ", strip=True)) for li in card.select("li")]
        found.append((title, re.sub(r"\s+", " ", card.get_text(" ", strip=True)), items))
    return found


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    src = tmp_path_factory.mktemp("sammenhaeng") / "src"
    shutil.copytree(ROOT, src)
    outdir, warnings = _build(src)
    assert warnings == ""
    return outdir


def test_core_element_lists_what_the_model_links_with_the_editors_reasons(built):
    (first, _t1, prerequisites), (second, _t2, elements) = _cards(built, "a")
    assert first == "Forudsætninger, det hviler på"
    assert prerequisites == ["Forudsætning F : rammen gør det lettere."]
    assert second == "Kerneelementer, det hænger sammen med"
    assert elements[0] == "Element B : rapporten henviser selv til B."
    # linked by a practice that realises both, without a line from the editor
    assert elements[1].startswith("Element C : begge realiseres af En praksis for A og C")
    # not in the model, but marked as the handbook's own reading
    assert elements[2] == "Element D : Håndbogens tilføjelse: Håndbogen ser en forbindelse til D."


def test_links_show_from_both_ends_and_an_empty_card_says_so(built):
    (_f, empty, _p), (_s, _t, elements) = _cards(built, "b")
    assert "Rapporten knytter ingen af forudsætningerne direkte til dette kerneelement." in empty
    assert elements == ["Element A"]  # KE_A names KE_B; B's page shows it too
    (first, _t, supported), (_s2, none, _i) = _cards(built, "f")
    assert first == "Kerneelementer, forudsætningen understøtter"
    assert supported == ["Element A"]
    assert "Rapporten forbinder ikke selv denne forudsætning med en anden." in none


def test_a_page_cannot_list_a_link_the_model_lacks(tmp_path):
    src = tmp_path / "src"
    shutil.copytree(ROOT, src)
    page = src / "a.md"
    text = page.read_text("utf-8").replace(
        "- KE_D: {tilfoejelse}`Håndbogen ser en forbindelse til D.`",
        "- KE_D: D og A hører sammen.",
    )
    page.write_text(text, "utf-8")
    line = text.splitlines().index("- KE_D: D og A hører sammen.") + 1
    outdir, warnings = _build(src)
    message = next(w for w in warnings.splitlines() if "KE_D" in w)
    assert f"a.md:{line}:" in message
    assert "siden forbinder KE_A med KE_D, men modellen gør det ikke" in message
    assert "[handbog.link]" in message
    # and the reader is not shown the claim
    assert not any("Element D" in item for *_r, items in _cards(outdir, "a") for item in items)


def test_an_unknown_element_is_named(tmp_path):
    src = tmp_path / "src"
    shutil.copytree(ROOT, src)
    (src / "b.md").write_text(
        (src / "b.md").read_text("utf-8").replace("{sammenhaeng} KE_B", "{sammenhaeng} KE_X"),
        "utf-8",
    )
    _outdir, warnings = _build(src)
    assert "sammenhaeng KE_X: der er ingen forudsætning eller noget kerneelement" in warnings
    assert "b.md" in warnings
