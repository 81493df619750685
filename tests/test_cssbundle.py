"""A few joined style sheets per page: at most three requests hold up the first paint, and
the sheets every page has are the same files on every page (cached once).

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
MAX_BLOCKING = cssbundle.MAX_BLOCKING


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


def _parts(sheet: Path) -> list[str]:
    """The parts a joined sheet names on its first line, in order."""
    return sheet.read_text("utf-8").splitlines()[0].split(": ", 1)[1].rstrip(" */").split()


def test_a_page_links_the_joined_sheets_and_keeps_the_rest(make_app, rootdir, tmp_path):
    src = _furo_project(rootdir, tmp_path)
    app = make_app("html", srcdir=src, freshenv=True, warning=io.StringIO())
    app.build()
    outdir = Path(app.outdir)
    html = (outdir / "index.html").read_text("utf-8")
    sheets = [s for s in blocking_requests(html) if ".css" in s]
    # the joined sheets first, then the one with a relative url(), which cannot move
    assert len(sheets) <= MAX_BLOCKING, sheets
    assert all(s.startswith("_static/samlet/") and "?v=" in s for s in sheets[:-1]), sheets
    assert sheets[-1].startswith("_static/med-billede.css")
    joined = [outdir / s.split("?")[0] for s in sheets[:-1]]
    parts = [part for sheet in joined for part in _parts(sheet)]
    assert parts[0] == "_static/styles/furo.css" and "_static/egen.css" in parts, parts
    assert not any("med-billede" in part for part in parts)
    # furo first, the project's own sheet after it (so its rules win), minified at the end
    text = "".join(sheet.read_text("utf-8") for sheet in joined)
    assert text.index("--color-brand-primary") < text.index(".egen{color:#123456}")
    # a web server running as another user can read them
    assert all(sheet.stat().st_mode & stat.S_IROTH for sheet in joined)


FURO = "_static/styles/furo.css"
DESIGN = "_static/sphinx-design.min.css"
PYGMENTS = "_static/pygments.css"
NEEDS = [
    "_static/sphinx-needs/common_css/need_core.css",
    "_static/sphinx-needs/modern.css",
]
EXTENSIONS = "_static/styles/furo-extensions.css"
OWN = "_static/handbog.css"
#: Every page's sheets in cascade order, as Sphinx lists them before a page adds or drops any.
EVERY_PAGE = [PYGMENTS, FURO, "_static/graphviz.css", DESIGN, *NEEDS, EXTENSIONS, OWN]


def test_the_shared_runs_are_cut_at_the_same_places_on_every_page():
    front = cssbundle.split_parts([FURO, DESIGN, EXTENSIONS, OWN], EVERY_PAGE, 3)
    core = cssbundle.split_parts([FURO, DESIGN, *NEEDS, EXTENSIONS, OWN], EVERY_PAGE, 3)
    checklist = cssbundle.split_parts(
        [FURO, DESIGN, EXTENSIONS, OWN, "_static/checklist/checklist.css"], EVERY_PAGE, 3
    )
    shared = [[FURO, DESIGN], [EXTENSIONS, OWN]]
    # the front page is cut where the need sheets would stand, though it has none
    assert front == shared
    assert core == [shared[0], NEEDS, shared[1]]
    assert checklist == [*shared, ["_static/checklist/checklist.css"]]


def test_a_sheet_few_pages_use_cuts_only_those_pages_and_the_budget_joins_the_tail():
    # graphviz.css stands between furo and sphinx-design: a page with it keeps that order
    graph = cssbundle.split_parts(
        [FURO, "_static/graphviz.css", DESIGN, EXTENSIONS, OWN], EVERY_PAGE, 3
    )
    assert graph == [[FURO], ["_static/graphviz.css"], [DESIGN, EXTENSIONS, OWN]]
    # pygments first, then the shared run, the needs and the second shared run: one too many
    code = cssbundle.split_parts([PYGMENTS, FURO, DESIGN, *NEEDS, EXTENSIONS, OWN], EVERY_PAGE, 3)
    assert code == [[PYGMENTS], [FURO, DESIGN], [*NEEDS, EXTENSIONS, OWN]]
    # a sheet with its own link leaves room for two
    two = cssbundle.split_parts([FURO, DESIGN, *NEEDS, EXTENSIONS, OWN], EVERY_PAGE, 2)
    assert two == [[FURO, DESIGN], [*NEEDS, EXTENSIONS, OWN]]
    for runs in (graph, code, two):
        assert len(runs) <= MAX_BLOCKING


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


#: The parts of the one joined sheet a core page linked before the sheets were split (main
#: f9a28b9), in cascade order: the split must keep every part and this order.
CORE_PAGE_BEFORE = [
    "_static/styles/furo.css",
    "_static/sphinx-design.min.css",
    "_static/sphinx-needs/common_css/need_core.css",
    "_static/sphinx-needs/common_css/need_links.css",
    "_static/sphinx-needs/common_css/need_style.css",
    "_static/sphinx-needs/common_css/need_toggle.css",
    "_static/sphinx-needs/common_css/needstable.css",
    "_static/sphinx-needs/modern.css",
    "_static/styles/furo-extensions.css",
    "_static/handbog.css",
]


def _joined_sheets(handbook, page: str) -> list[Path]:
    path = handbook.html / page
    sheets = [s for s in blocking_requests(path.read_text("utf-8")) if ".css" in s]
    return [(path.parent / sheet.split("?")[0]).resolve() for sheet in sheets]


def test_a_core_page_has_every_part_it_used_to_in_the_same_order(handbook):
    sheets = _joined_sheets(handbook, "kerneelementer/boerneinddragelse.html")
    parts = [part for sheet in sheets for part in _parts(sheet)]
    assert parts == CORE_PAGE_BEFORE
    for part in parts:
        assert (handbook.html / part).is_file(), part
    # furo's variables in the first file, so the later ones can use and override them
    assert "--color-brand-primary" in sheets[0].read_text("utf-8")


def test_the_shared_sheets_are_the_same_files_on_every_kind_of_page(handbook):
    front = _joined_sheets(handbook, "index.html")
    core = _joined_sheets(handbook, "kerneelementer/boerneinddragelse.html")
    checklist = _joined_sheets(handbook, "tjeklister/opstart.html")
    assert len(front) == 2, front
    assert core == [front[0], core[1], front[1]]
    assert checklist == [*front, checklist[2]]
    assert [part.rsplit("/", 1)[-1] for part in _parts(core[1])][0] == "need_core.css"
    assert _parts(checklist[2]) == ["_static/checklist/checklist.css"]
