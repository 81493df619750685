"""literature.bibstyle keeps formatted entries between builds and registers the plugins a build
looks up: the output must be the same as without, also after the BibTeX file changes."""

from __future__ import annotations

import pickle
import shutil
from importlib.metadata import entry_points
from pathlib import Path

import pybtex.database
import pybtex.plugin
from pybtex.plugin import find_plugin
from test_bench import bench, make_project

from handbog.literature import bibstyle

BIB = """
@book{hansen2020,
  author    = {Hansen, Anna and Øster, Bo},
  title     = {{En testbog om børn}},
  year      = {2020},
  publisher = {Testforlaget},
  address   = {København},
  keywords  = {systematisk},
}
"""


def _entry():
    return pybtex.database.parse_string(BIB, "bibtex").entries["hansen2020"]


def _text(formatted) -> str:
    return formatted.text.render(find_plugin("pybtex.backends", "text")())


def test_cached_entry_is_the_formatted_entry_and_survives_pickling():
    style = bibstyle.DanishBibliographyStyle()
    fresh = style._format_entry("HØ20", _entry())
    saved = bibstyle._FORMATTED.active, bibstyle._FORMATTED.used
    try:
        bibstyle._FORMATTED.active, bibstyle._FORMATTED.used = {}, set()
        first = style.format_entry("HØ20", _entry())
        again = style.format_entry("HØ20", _entry())
        assert again is first
        assert _text(first) == _text(fresh)
        restored = pickle.loads(pickle.dumps(bibstyle._FORMATTED.active))
        assert [_text(v) for v in restored.values()] == [_text(fresh)]
        # another label, or a changed field, is another entry
        changed = _entry()
        changed.fields["title"] = "{Ny titel}"
        assert _text(style.format_entry("HØ20", changed)) != _text(first)
        assert style.format_entry("HØ20a", _entry()) is not first
    finally:
        bibstyle._FORMATTED.active, bibstyle._FORMATTED.used = saved


def test_registered_plugins_are_the_classes_the_entry_points_name():
    bibstyle._register_plugins()
    (installed,) = entry_points(group="pybtex.backends", name="plaintext")
    assert find_plugin("pybtex.backends", "plaintext") is installed.load()
    # the style: the class the entry point names, or a build's subclass carrying its
    # project's notes (bibstyle._configure_style)
    (installed,) = entry_points(group="pybtex.style.formatting", name="handbog")
    assert issubclass(find_plugin("pybtex.style.formatting", "handbog"), installed.load())
    assert find_plugin("pybtex.backends", "text") is find_plugin("pybtex.backends", "plaintext")
    # plugins registered at run time by others still come first
    pybtex.plugin.register_plugin(
        "pybtex.style.formatting", "handbog-test", bibstyle.DanishBibliographyStyle
    )
    assert (
        find_plugin("pybtex.style.formatting", "handbog-test") is bibstyle.DanishBibliographyStyle
    )


def test_rebuild_after_a_bibtex_change_equals_a_clean_build(tmp_path):
    project = make_project(tmp_path / "p")
    out = tmp_path / "inkrementel"
    assert bench.sphinx_html(project, out, "1").returncode == 0
    bib = project / "docs" / "litteratur.bib"
    bib.write_text(
        bib.read_text(encoding="utf-8").replace("En testbog", "En rettet testbog"), encoding="utf-8"
    )
    step = bench.sphinx_html(project, out, "2")
    assert step.returncode == 0, step.problems
    assert "litteratur" in step.read
    clean = tmp_path / "ren"
    shutil.copytree(project, tmp_path / "q")
    assert bench.sphinx_html(tmp_path / "q", clean, "3").returncode == 0
    # The pages Sphinx wrote again. (A page that only cites the entry is not written again
    # when the BibTeX file changes; that is Sphinx's and sphinxcontrib-bibtex's dependency
    # tracking, the same with and without the kept entries.)
    for page in step.written:
        incremental = (out / "html" / f"{page}.html").read_text(encoding="utf-8")
        assert incremental == (clean / "html" / f"{page}.html").read_text(encoding="utf-8"), page
    assert "En rettet testbog" in (out / "html" / "litteratur.html").read_text(encoding="utf-8")


def test_the_style_module_is_part_of_the_cache_stamp():
    assert bibstyle.code_stamp() == bibstyle.code_stamp()
    assert len(bibstyle.code_stamp()) == 64
    assert Path(bibstyle.__file__).is_file()
