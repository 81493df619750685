"""theme.navigation: furo's navigation tree built once per build is byte for byte furo's own.

A small site with the shapes the tree can take (captions, a hidden toctree, three levels, a
page in two toctrees, an external link, an orphan page) is built twice: with the shared tree
and with furo building it for every page (``handbog_fast_navigation = False``).
"""

from __future__ import annotations

import io
import textwrap
from pathlib import Path

import pytest
from sphinx.testing.util import SphinxTestApp

from handbog.theme import navigation
from handbog.theme.navigation import Template, Unsupported

PAGES = {
    "index.md": """
        # Forside

        ```{toctree}
        :caption: Del 1

        a/index
        b
        Eksempel <https://example.org/>
        ```

        ```{toctree}
        :caption: Del 2
        :hidden:

        c
        a/x
        ```
    """,
    "a/index.md": """
        # Afsnit A

        ```{toctree}
        x
        y/index
        ```
    """,
    "a/x.md": "# Side X\n\n## Et underafsnit\n\nTekst.\n",
    "a/y/index.md": "# Afsnit Y\n\n```{toctree}\nz\n```\n",
    "a/y/z.md": "# Side Z\n\nTekst.\n",
    "b.md": "# Side B\n",
    "c.md": "# Side C\n",
    "orphan.md": "---\norphan: true\n---\n\n# Forældreløs side\n",
}
CONF = """
extensions = ["myst_parser", "handbog.theme.navigation"]
project = "Navigation"
html_theme = "furo"
"""


def _build(root: Path, out: str, fast: bool) -> tuple[SphinxTestApp, io.StringIO]:
    warnings = io.StringIO()
    app = SphinxTestApp(
        "html",
        srcdir=root / "src",
        builddir=root / out,
        confoverrides={"handbog_fast_navigation": fast},
        status=io.StringIO(),
        warning=warnings,
        freshenv=True,
    )
    try:
        app.build()
    finally:
        app.cleanup()  # docutils' global registries, as sphinx.testing's fixtures do
    return app, warnings


@pytest.fixture(scope="module")
def builds(tmp_path_factory):
    root = tmp_path_factory.mktemp("navigation")
    src = root / "src"
    for rel, text in PAGES.items():
        (src / rel).parent.mkdir(parents=True, exist_ok=True)
        (src / rel).write_text(textwrap.dedent(text).lstrip(), encoding="utf-8")
    (src / "conf.py").write_text(CONF, encoding="utf-8")
    fast = _build(root, "fast", True)
    slow = _build(root, "slow", False)
    return root, fast, slow


def test_shared_tree_was_used(builds):
    _root, (fast, fast_warnings), (slow, slow_warnings) = builds
    state = navigation._state(fast)
    assert state.enabled and state.template is not None
    assert navigation._state(slow).template is None
    assert fast_warnings.getvalue() == slow_warnings.getvalue() == ""


def test_every_page_is_byte_identical(builds):
    root, _fast, _slow = builds
    pages = sorted(p.relative_to(root / "fast" / "html") for p in (root / "fast").rglob("*.html"))
    assert len(pages) >= len(PAGES)
    for page in pages:
        fast = (root / "fast" / "html" / page).read_bytes()
        slow = (root / "slow" / "html" / page).read_bytes()
        assert fast == slow, page


def test_current_branch_is_marked_on_a_deep_page(builds):
    root, _fast, _slow = builds
    html = (root / "fast" / "html" / "a" / "y" / "z.html").read_text(encoding="utf-8")
    assert '<a class="current reference internal" href="#">Side Z</a>' in html
    assert 'href="../../b.html"' in html and 'href="../x.html"' in html
    assert 'class="toctree-l3 current current-page"' in html


def test_the_root_tree_must_not_mark_a_branch():
    with pytest.raises(Unsupported):
        Template.parse('<ul class="current"><li class="toctree-l1 current"><a></a></li></ul>')
    with pytest.raises(Unsupported):
        Template.parse('<ul><li class="toctree-l1"><a class="reference internal" href="a.html">')
