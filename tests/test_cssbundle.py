"""One style sheet per page: at most three requests hold up the first paint.

A browser shows nothing until it has every style sheet and every ordinary script in the
page's head; on a slow network each costs a round trip (issue: ten of them on a core page).
"""

from __future__ import annotations

import io
import shutil
import stat
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from handbog.theme import cssbundle

#: Render-blocking requests a page may make (the issue's budget).
MAX_BLOCKING = 3


def blocking_requests(html: str) -> list[str]:
    """Style sheets and scripts in the head that the browser must fetch before painting."""
    head = BeautifulSoup(html, "html.parser").head
    assert head is not None
    found = []
    for link in head.find_all("link"):
        rel = link.get("rel") or []
        if "stylesheet" in rel and link.get("media", "all") in {"all", "screen"}:
            found.append(str(link["href"]))
    for script in head.find_all("script", src=True):
        if not (script.has_attr("defer") or script.has_attr("async")):
            if script.get("type") != "module":
                found.append(str(script["src"]))
    return found


@pytest.mark.parametrize(
    ("css", "joinable"),
    [
        ("a{color:red}", True),
        ("a{background:url('data:image/svg+xml;utf8,<svg/>')}", True),
        ("a{background:url(/static/x.png)}", True),
        ("a{background:url(bild.png)}", False),
        ("a{background:url( '../img/x.svg' )}", False),
        ('@import "andet.css";', False),
    ],
)
def test_only_self_contained_sheets_are_joined(css, joinable):
    assert cssbundle._self_contained(css) is joinable


def _furo_project(rootdir: Path, tmp_path: Path) -> Path:
    src = tmp_path / "ok"
    shutil.copytree(rootdir / "test-ok", src)
    static = src / "_static"
    static.mkdir()
    (static / "egen.css").write_text(".egen{color:#123456}\n", "utf-8")
    (static / "med-billede.css").write_text(".b{background:url(bild.png)}\n", "utf-8")
    with (src / "conf.py").open("a", encoding="utf-8") as conf:
        conf.write(
            '\nhtml_theme = "furo"\nhtml_static_path = ["_static"]\n'
            'html_css_files = ["egen.css", "med-billede.css"]\n'
        )
    return src


def test_a_page_links_one_joined_sheet_and_keeps_the_rest(make_app, rootdir, tmp_path):
    src = _furo_project(rootdir, tmp_path)
    app = make_app("html", srcdir=src, freshenv=True, warning=io.StringIO())
    app.build()
    outdir = Path(app.outdir)
    html = (outdir / "index.html").read_text("utf-8")
    sheets = [s for s in blocking_requests(html) if ".css" in s]
    # the joined sheet first, then the one with a relative url(), which cannot move
    assert len(sheets) == 2, sheets
    assert sheets[0].startswith("_static/samlet/") and "?v=" in sheets[0]
    assert sheets[1].startswith("_static/med-billede.css")
    joined = outdir / sheets[0].split("?")[0]
    text = joined.read_text("utf-8")
    parts = text.splitlines()[0]
    assert "_static/styles/furo.css" in parts and "_static/egen.css" in parts
    assert "med-billede" not in parts
    # furo first, the project's own sheet after it (so its rules win), minified at the end
    assert text.index("--color-brand-primary") < text.index(".egen{color:#123456}")
    # a web server running as another user can read it
    assert joined.stat().st_mode & stat.S_IROTH


def test_another_theme_keeps_its_own_links(make_app, rootdir, tmp_path):
    src = tmp_path / "ok"
    shutil.copytree(rootdir / "test-ok", src)
    app = make_app("html", srcdir=src, freshenv=True, warning=io.StringIO())
    app.build()
    html = (Path(app.outdir) / "index.html").read_text("utf-8")
    assert "samlet/" not in html
    assert "alabaster.css" in html or "basic.css" in html


def test_every_page_of_the_handbook_has_at_most_three_blocking_requests(handbook):
    over = {}
    for page in sorted(handbook.html.rglob("*.html")):
        rel = page.relative_to(handbook.html).as_posix()
        if rel.startswith(("pagefind/", "_static/")) or rel == "permalink.html":
            continue
        found = blocking_requests(page.read_text("utf-8"))
        if len(found) > MAX_BLOCKING:
            over[rel] = found
    assert over == {}, over


def test_the_joined_sheets_hold_every_part_a_core_page_used_to_link(handbook):
    page = handbook.html / "kerneelementer" / "boerneinddragelse.html"
    (sheet,) = [s for s in blocking_requests(page.read_text("utf-8")) if ".css" in s]
    joined = (page.parent / sheet.split("?")[0]).resolve()
    parts = joined.read_text("utf-8").splitlines()[0].split(": ", 1)[1].rstrip(" */").split()
    names = [part.rsplit("/", 1)[-1] for part in parts]
    assert names[0] == "furo.css" and "need_core.css" in names and "handbog.css" in names
    for part in parts:
        assert (handbook.html / part).is_file(), part
