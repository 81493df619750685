"""The checklists in the HTML handbook ({tjekliste}, {tjeklisteoversigt}) on example projects.

tests/roots/test-tjekliste has two checklists (a DO-CONFIRM and a graded self-assessment) and
a page of needs they check; test-tjekliste-fejl has a malformed YAML file and a checklist
without a page; test-tjekliste-ukendt has an item that checks a need that does not exist.
The expectations are read from the YAML files themselves through the loader.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from handbog.checklists import load_checklist, need_id

ROOTS = Path(__file__).parent / "roots"


def _warnings(app) -> str:
    return app.warning.getvalue() if hasattr(app, "warning") else app._warning.getvalue()


def _soup(app, page: str) -> BeautifulSoup:
    return BeautifulSoup((app.outdir / page).read_text("utf-8"), "html.parser")


def _needs(app) -> dict:
    data = json.loads((app.outdir / "needs.json").read_text("utf-8"))
    return data["versions"][data["current_version"]]["needs"]


def _checklist(name: str, root: str = "tjekliste"):
    return load_checklist(ROOTS / f"test-{root}" / "checklists" / f"{name}.yaml")


@pytest.mark.sphinx("html", testroot="tjekliste")
def test_sound_checklists_build_without_warnings(app):
    app.build()
    assert _warnings(app).strip() == ""


@pytest.mark.sphinx("html", testroot="tjekliste")
def test_every_item_is_a_tjekpunkt_need_linked_both_ways(app):
    app.build()
    needs = _needs(app)
    checklist = _checklist("moede")
    for _section, item in checklist.items():
        need = needs[need_id(checklist, item)]
        assert need["type"] == "tjekpunkt"
        assert need["title"] == item.text
        assert need["tjekker"] == item.tjekker
        assert need["tjekliste"] == "moede"
        assert need["docname"] == "tjeklister/moede"
        for target in item.tjekker:
            assert need["id"] in needs[target]["tjekker_back"]
    # The practice's page shows the back link, and it lands on the item in the form.
    practice = _soup(app, "praksis.html")
    hrefs = {a["href"] for a in practice.select("a[href*='TJ_MOEDE_']")}
    assert "tjeklister/moede.html#TJ_MOEDE_INVITER" in hrefs


@pytest.mark.sphinx("html", testroot="tjekliste")
def test_form_is_accessible_markup(app):
    app.build()
    checklist = _checklist("moede")
    soup = _soup(app, "tjeklister/moede.html")
    form = soup.select_one("form.handbog-checklist")
    assert form["data-checklist"] == "moede"
    assert form["data-version"] == str(checklist.version)
    # a fieldset with a legend per section and per item
    sections = form.select("fieldset.hc-section")
    assert [s.legend.get_text(" ", strip=True) for s in sections] == [
        s.title for s in checklist.sections
    ]
    items = form.select("fieldset.hc-item")
    assert [i["id"] for i in items] == [need_id(checklist, it) for _s, it in checklist.items()]
    for box, (_section, item) in zip(items, checklist.items(), strict=True):
        assert box.legend.get_text(strip=True) == item.text
        radios = box.select("input[type=radio]")
        assert [r["value"] for r in radios] == ["ja", "nej", "ikke-relevant"]
        assert len({r["name"] for r in radios}) == 1
        for control in [*radios, box.select_one("textarea")]:
            label = soup.select_one(f"label[for='{control['id']}']")
            assert label is not None and label.get_text(strip=True)
        if item.help:
            helper = soup.find(id=box["aria-describedby"])
            assert helper.get_text(strip=True) == item.help
        # every id named in aria-describedby exists on the page
        for element in box.select("[aria-describedby]"):
            for ref in element["aria-describedby"].split():
                assert soup.find(id=ref) is not None, ref
        # the item's ID is shown, and every need it checks is linked with its title
        assert box.select_one(".hc-meta .hc-id").get_text(strip=True) == box["id"]
        links = box.select(".hc-meta a.hc-checks")
        assert [a["href"].split("#")[1] for a in links] == item.tjekker
        assert all(a["href"].startswith("../praksis.html#") for a in links)
    # context fields with labels, the buttons, the live summary
    for name in ("enhed", "udfyldt_af", "dato"):
        field = form.select_one(f"[data-context={name}]")
        assert soup.select_one(f"label[for='{field['id']}']") is not None
    buttons = [b.get_text(strip=True) for b in form.select(".hc-actions button")]
    assert buttons == ["Gem fil", "Hent fil", "Nulstil", "Fortryd nulstilling", "Udskriv"]
    # shown by the script only when there is something to undo
    assert form.select_one("[data-action=undo]").has_attr("hidden")
    assert form.select_one("[data-role=progress]")["aria-live"] == "polite"
    # the warning that the browser cannot store answers: an alert, hidden until needed, with
    # a way to keep the answers
    warning = form.select_one("[data-role=storage]")
    assert warning["role"] == "alert" and warning.has_attr("hidden")
    assert warning.select_one("button[data-action=export]").get_text(strip=True) == "Gem fil nu"
    # the overview comes before the first item; the file limit is the command line's
    summary, first_item = form.select_one(".hc-summary"), form.select_one("fieldset.hc-item")
    everything = form.find_all(True)
    assert everything.index(summary) < everything.index(first_item)
    from handbog.checklists.answers import MAX_FILE_BYTES

    embedded = json.loads(form.select_one(f"script#{form['data-contract']}").string)
    assert embedded["limits"]["file_bytes"] == MAX_FILE_BYTES
    # without JavaScript: the buttons and summary are hidden, a note says why
    assert form.select_one(".hc-actions").has_attr("hidden")
    assert form.select_one(".hc-summary").has_attr("hidden")
    assert "JavaScript" in form.select_one(".hc-nojs").get_text()


@pytest.mark.sphinx("html", testroot="tjekliste")
def test_self_assessment_uses_its_scale(app):
    app.build()
    checklist = _checklist("parathed")
    soup = _soup(app, "tjeklister/parathed.html")
    box = soup.select_one("fieldset.hc-item")
    radios = box.select("input[type=radio]")
    assert [r["value"] for r in radios] == [s.value for s in checklist.scale]
    labels = [soup.select_one(f"label[for='{r['id']}']").get_text(strip=True) for r in radios]
    assert labels == [s.label for s in checklist.scale]
    # what counts as done is the contract's (no copy in the markup)
    form = soup.select_one("form.handbog-checklist")
    embedded = json.loads(soup.select_one(f"script#{form['data-contract']}").string)
    scale = embedded["checklists"]["parathed"]["scale"]
    assert [s["done"] for s in scale] == [s.done for s in checklist.scale]


@pytest.mark.sphinx("html", testroot="tjekliste")
def test_assets_only_on_checklist_pages(app):
    app.build()
    for page, expected in [
        ("tjeklister/moede.html", True),
        ("tjeklister/parathed.html", True),
        ("praksis.html", False),
        ("tjeklister/index.html", False),
    ]:
        html = (app.outdir / page).read_text("utf-8")
        assert ("checklist/checklist.js" in html) is expected, page
        assert ("checklist/checklist.css" in html) is expected, page
    script = app.outdir / "_static" / "checklist" / "checklist.js"
    assert script.is_file()
    assert script.stat().st_size < 26_000  # 20 kB before the CPR guard of issue 14
    # no network calls in the script: answers never leave the browser
    code = script.read_text("utf-8")
    for call in ("fetch(", "XMLHttpRequest", "sendBeacon", "WebSocket", "http://", "https://"):
        assert call not in code, call


@pytest.mark.sphinx("html", testroot="tjekliste")
def test_overview_lists_every_checklist_with_a_link(app):
    app.build()
    soup = _soup(app, "tjeklister/index.html")
    entries = soup.select("ul.handbog-tjeklister > li")
    by_title = {li.a.get_text(strip=True): li for li in entries}
    for name in ("moede", "parathed"):
        checklist = _checklist(name)
        entry = by_title[checklist.title]
        assert entry.a["href"] == f"{name}.html"
        text = entry.get_text(" ", strip=True)
        assert all(who in text for who in checklist.audience)
        assert checklist.purpose in text
    assert len(entries) == 2


# Tests that change files get a copy of the example project of their own.
@pytest.mark.sphinx("html", testroot="tjekliste", srcdir="tjekliste-redigeret")
def test_editing_the_yaml_rebuilds_the_page(app):
    app.build()
    yaml = Path(app.srcdir) / "checklists" / "moede.yaml"
    text = yaml.read_text("utf-8")
    yaml.write_text(text.replace("Forældrene er inviteret i god tid.", "Invitationen er sendt."))
    stat = yaml.stat()
    os.utime(yaml, (stat.st_atime + 5, stat.st_mtime + 5))
    app.build()
    html = (app.outdir / "tjeklister" / "moede.html").read_text("utf-8")
    assert "Invitationen er sendt." in html
    assert "Forældrene er inviteret i god tid." not in html


@pytest.mark.sphinx("html", testroot="tjekliste", srcdir="tjekliste-ny-fil")
def test_new_yaml_without_page_is_reported_in_an_incremental_build(app):
    app.build()
    assert _warnings(app).strip() == ""
    folder = Path(app.srcdir) / "checklists"
    text = (folder / "parathed.yaml").read_text("utf-8")
    (folder / "ny-liste.yaml").write_text(text.replace("id: parathed", "id: ny-liste"))
    app.build()
    line = next(w for w in _warnings(app).splitlines() if "ny-liste" in w)
    assert "checklists/ny-liste.yaml" in line
    assert "Tilføj docs/tjeklister/ny-liste.md" in line
    # the overview was read again and lists the new checklist (without a link: no page yet)
    soup = _soup(app, "tjeklister/index.html")
    assert len(soup.select("ul.handbog-tjeklister > li")) == 3


@pytest.mark.sphinx("html", testroot="tjekliste-fejl", freshenv=True)
def test_malformed_yaml_is_reported_at_its_file_and_line(app):
    app.build()
    warnings = _warnings(app)
    yaml = ROOTS / "test-tjekliste-fejl" / "checklists" / "moede.yaml"
    # the line where the indentation goes wrong (the loader and the build agree on it)
    bad_line = next(
        n
        for n, line in enumerate(yaml.read_text("utf-8").splitlines(), 1)
        if line.startswith("       tjekker")
    )
    line = next(w for w in warnings.splitlines() if "moede.yaml" in w and "YAML" in w)
    assert re.search(rf"checklists/moede\.yaml:{bad_line}\b", line), line
    assert "ikke vist" in line
    # the page says so too: a broken checklist is never silently missing
    html = (app.outdir / "moede.html").read_text("utf-8")
    assert "Tjeklisten kan ikke vises" in html
    # a page for it exists, so no "add a page" warning for moede
    assert "'moede' har ingen side" not in warnings


@pytest.mark.sphinx("html", testroot="tjekliste-fejl", freshenv=True)
def test_checklist_without_page_is_reported(app):
    app.build()
    line = next(w for w in _warnings(app).splitlines() if "uden-side" in w)
    assert "checklists/uden-side.yaml" in line
    assert "Tilføj docs/tjeklister/uden-side.md" in line


@pytest.mark.sphinx("html", testroot="tjekliste-ukendt", freshenv=True)
def test_item_checking_an_unknown_need_names_item_and_target(app):
    app.build()
    lines = [w for w in _warnings(app).splitlines() if "PR_FINDES_IKKE" in w]
    assert lines
    assert all("TJ_MOEDE_UKENDT" in w for w in lines)
    checklist = _checklist("moede", "tjekliste-ukendt")
    item = checklist.item("ukendt")
    assert any(f"checklists/moede.yaml:{item.line}" in w for w in lines), lines
    # the known target of the other item is not reported
    assert not [w for w in _warnings(app).splitlines() if "TJ_MOEDE_INVITER" in w]


@pytest.mark.sphinx("html", testroot="tjekliste")
def test_form_carries_the_one_cpr_definition(app):
    """The browser's CPR guard is privacy.py's, written into the form: no copy to drift."""
    from handbog.data.privacy import CPR_PATTERN, CPR_START_PATTERN

    app.build()
    form = _soup(app, "tjeklister/moede.html").select_one("form.handbog-checklist")
    embedded = json.loads(form.select_one(f"script#{form['data-contract']}").string)
    cpr = embedded["cpr"]

    def expanded(name: str) -> str:  # as svarfil.js builds the RegExp
        return cpr[name].replace("{separators}", cpr["separators"])

    assert expanded("whole") == CPR_PATTERN
    assert expanded("start") == CPR_START_PATTERN


def test_the_handbooks_own_advice_in_help_text_carries_the_one_markup():
    """literature.additions renders an addition as a bold label before the words; a checklist's
    help text that says "Håndbogens tilføjelse" gets the same, so paper and screen agree."""
    from handbog.checklists.sphinxext import _help
    from handbog.literature.additions import CLASS, LABEL

    node = _help("Rapporten nævner pligten. Håndbogens tilføjelse: sig det tidligt.", "h")
    assert node.astext() == "Rapporten nævner pligten. Håndbogens tilføjelse: sig det tidligt."
    span = node.children[1]
    assert span["attrs"]["class"] == CLASS
    assert span.children[0].astext() == LABEL
    whole = _help("Håndbogens tilføjelse.", "h")
    assert whole.astext() == "Håndbogens tilføjelse."
    plain = _help("Punktet står i rapporten.", "h")
    assert [type(child).__name__ for child in plain.children] == ["Text"]
