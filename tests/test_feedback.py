"""»Giv besked om denne praksis« in the core (handbog.needs.feedback), on a tiny project.

The municipal edition's links (local needs to the edition's editors) are tested on the built
example edition in tests/test_kommune_build.py; here the core's: with an issue address every
practice has a prefilled link to the core's editors, nothing else has one, and without an
address there is no link at all.
"""

from __future__ import annotations

import io
import shutil
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from bs4 import BeautifulSoup
from sphinx.testing.util import SphinxTestApp

REPO = Path(__file__).resolve().parents[1]
ROOTS = REPO / "tests" / "roots"
ISSUES = "https://github.com/eksempel/haandbog/issues/new"


def _build(tmp_path: Path, **overrides: str) -> BeautifulSoup:
    src = tmp_path / "src"
    shutil.copytree(ROOTS / "test-needboks", src)
    (src / "ubproject.toml").write_text((REPO / "ubproject.toml").read_text("utf-8"), "utf-8")
    warnings = io.StringIO()
    app = SphinxTestApp(
        "html",
        srcdir=src,
        freshenv=True,
        status=io.StringIO(),
        warning=warnings,
        confoverrides={"release": "2026.1", **overrides},
    )
    try:
        app.build()
        # needboks' model lacks the field afsnit the page uses; only that may be warned about
        assert all("afsnit" in line for line in warnings.getvalue().splitlines() if line)
        return BeautifulSoup((Path(app.outdir) / "element.html").read_text("utf-8"), "html.parser")
    finally:
        app.cleanup()


@pytest.fixture(scope="module")
def with_address(tmp_path_factory: pytest.TempPathFactory) -> Iterator[BeautifulSoup]:
    yield _build(tmp_path_factory.mktemp("feedback"), handbog_issues=ISSUES)


def _links(page: BeautifulSoup) -> dict[str, dict[str, list[str]]]:
    found = {}
    for para in page.select("p.handbog-feedback"):
        anchor = para.find("a")
        assert anchor is not None and anchor.get_text() == "Giv besked om denne praksis"
        href = str(anchor["href"])
        assert href.startswith(ISSUES + "?")
        query = parse_qs(urlsplit(href).query)
        found[query["title"][0].split(":")[0]] = query
    return found


def test_every_core_practice_has_a_report_link_to_the_core_editors(with_address):
    links = _links(with_address)
    # the two practices; the core element and the source are not practices
    assert set(links) == {"PR_MED_AFSNIT", "PR_UDEN_AFSNIT"}
    query = links["PR_UDEN_AFSNIT"]
    assert query["title"] == ["PR_UDEN_AFSNIT: En praksis uden afsnit"]
    body = query["body"][0]
    assert "Udgave: Praksishåndbogen, udgave 2026.1" in body
    assert "Side: element.html" in body
    assert "ID: PR_UDEN_AFSNIT (den fælles del af håndbogen)" in body
    # the link sits with its practice's box, so a reader knows which practice it is about
    box = with_address.find(id="PR_UDEN_AFSNIT")
    container = box.find_parent(class_="need_container")
    assert container is not None and container.select_one("p.handbog-feedback") is not None


def test_without_an_issue_address_there_is_no_link(tmp_path: Path):
    page = _build(tmp_path, handbog_issues="")
    assert page.select("p.handbog-feedback") == []
    assert "Giv besked" not in page.get_text()


def test_the_link_is_hidden_on_paper():
    css = (REPO / "src" / "handbog" / "static" / "print" / "pdf.css").read_text("utf-8")
    assert ".handbog-feedback { display: none; }" in css
