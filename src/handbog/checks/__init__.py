"""The build's own checks of what an editor writes, each with one Danish message.

What used to be seen only by the tests (page skeletons, unused literature), what crashed the
build (a broken ``.bib`` or ``ubproject.toml``) and what other packages report in English
without a fix (a duplicate ID, an unknown citation key, term or page, a page in no table of
contents) is checked here, at the source, and told with a message from
:mod:`handbog.messages`: file, line, what is wrong, the nearest valid name and what to do.
A mistake that many places repeat (a misspelt term used on five pages) is one message that
counts the other places.

One module per rule; :func:`setup` connects those that check the build as a whole, and
:data:`handbog.extension.SETUPS` calls the setup of the prose rules (quotes, termbase,
personaldata) in their place in the order of loading:

- :mod:`~handbog.checks.reader`: the one reader of pages and data files (markdown-it-py as MyST
  configures it), which the rules over prose and names read;
- :mod:`~handbog.checks.encoding`: files not saved as UTF-8;
- :mod:`~handbog.checks.modelfile`: ubproject.toml;
- :mod:`~handbog.checks.literature`: docs/litteratur.bib, citations, {need} references;
- :mod:`~handbog.checks.needs`: need blocks (IDs, duplicates, options, titles);
- :mod:`~handbog.checks.skeleton`: the sections of element pages;
- :mod:`~handbog.checks.references`: {term} and {doc} references, tables of contents, images;
- :mod:`~handbog.checks.links`: Markdown links to pages and anchors;
- :mod:`~handbog.checks.names`: directive and role names, and unclosed roles;
- :mod:`~handbog.checks.frontmatter`: a page's front matter;
- :mod:`~handbog.checks.quotes`, :mod:`~handbog.checks.termbase`,
  :mod:`~handbog.checks.personaldata`: quotation marks, avoided words, CPR-like numbers;
- :mod:`~handbog.checks.places`: where a message points;
- :mod:`~handbog.checks.rereading`: a page that warned is read again on the next build.

Every upstream warning a check replaces is listed in :data:`handbog.messages.REPLACED`;
tests/test_suppressed_warnings.py shows, for each, that the fault is still caught.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from handbog.checks import encoding, frontmatter
from handbog.checks.links import DeadAnchors, PageLinks
from handbog.checks.literature import check_bibfiles, check_entries, check_literature
from handbog.checks.modelfile import check_model
from handbog.checks.names import check_data_names, check_names
from handbog.checks.needs import (
    check_merged_duplicates,
    refused_ids,
    register_need_directives,
    report_duplicate,
)
from handbog.checks.references import (
    XrefCollector,
    check_images,
    check_references,
    check_toctrees,
)
from handbog.checks.skeleton import SKELETON, check_skeleton, skeleton_problems

if TYPE_CHECKING:
    from sphinx.application import Sphinx

__all__ = ["SKELETON", "refused_ids", "report_duplicate", "skeleton_problems", "setup"]


def setup(app: Sphinx) -> None:
    app.add_config_value("handbog_page_skeleton", list(SKELETON), "env", types=[list, tuple])
    app.add_config_value("handbog_need_text", True, "env", types=[bool])
    # Before sphinx-needs reads ubproject.toml (priority 10).
    app.connect("config-inited", check_model, priority=1)
    encoding.setup(app)
    # After sphinx-needs has registered the need types' directives (load_config, 500).
    app.connect("config-inited", register_need_directives, priority=800)
    # Around sphinxcontrib-bibtex reading the .bib files (builder-inited, 500).
    app.connect("builder-inited", check_bibfiles, priority=400)
    app.connect("builder-inited", check_entries, priority=600)
    app.connect("source-read", check_names)
    frontmatter.setup(app)
    app.connect("builder-inited", check_data_names, priority=700)
    app.connect("doctree-read", check_skeleton)
    # After Sphinx's image collector has worked out each image's files (priority 500).
    app.connect("doctree-read", check_images, priority=600)
    app.connect("env-check-consistency", check_toctrees)
    # Once every page is read and sphinx-needs has resolved the links (write-started, 500).
    app.connect("write-started", check_literature, priority=600)
    app.add_env_collector(XrefCollector)
    app.add_post_transform(PageLinks)
    app.add_post_transform(DeadAnchors)
    app.connect("env-updated", check_references)
    app.connect("env-updated", check_merged_duplicates)
