"""Danish author–year citation and bibliography styles for sphinxcontrib-bibtex.

Entry points of pybtex and sphinxcontrib-bibtex (pyproject.toml), so conf.py can name them:
``bibtex_default_style = "handbog"`` and ``bibtex_reference_style = "handbog_forfatter_aar"``.
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

import pybtex.plugin
import sphinxcontrib.bibtex.plugin
from pybtex.richtext import Tag, Text
from pybtex.style import FormattedEntry
from pybtex.style.formatting.unsrt import Style as UnsrtStyle
from pybtex.style.labels.alpha import LabelStyle as AlphaLabelStyle
from pybtex.style.names.lastfirst import NameStyle as LastFirstNameStyle
from pybtex.style.sorting.author_year_title import SortingStyle as AuthorYearTitleSortingStyle
from pybtex.style.template import Node
from sphinxcontrib.bibtex.style.referencing import BracketStyle, PersonStyle
from sphinxcontrib.bibtex.style.referencing.author_year import AuthorYearReferenceStyle

from handbog import model
from handbog.literature.bibliography import lettered
from handbog.model import Model

if TYPE_CHECKING:
    from sphinx.application import Sphinx


def _round() -> BracketStyle:
    return BracketStyle(left="(", right=")")


def _danish_persons() -> PersonStyle:
    # The report cites "Jensen, Brix & Studstrup (2019)" and "Hansen et al. (2021)".
    return PersonStyle(sep=", ", sep2=" & ", last_sep=" & ", other=" et al.")


@dataclass
class DanishAuthorYearStyle(AuthorYearReferenceStyle):
    bracket_parenthetical: BracketStyle = field(default_factory=_round)
    bracket_textual: BracketStyle = field(default_factory=_round)
    bracket_author: BracketStyle = field(default_factory=_round)
    bracket_year: BracketStyle = field(default_factory=_round)
    bracket_label: BracketStyle = field(default_factory=_round)
    person: PersonStyle = field(default_factory=_danish_persons)


def provenance(info: Model) -> dict[str, str]:
    """The note after an entry, by its BibTeX ``keywords``: the model's word for where it comes
    from. The report marks the references its systematic search found; the handbook adds its
    own sources. Background literature gets none: it is the report's ordinary bibliography.
    """
    search = info.fields.get("soegning")
    if search is None:
        return {}
    return {k: f"{search.heading(k)}." for k in search.values if k != "baggrund"}


#: The few English words of pybtex's unsrt templates, in Danish. They are swapped in the
#: template tree, before formatting merges them with titles and names.
DANISH_WORDS = {
    "In": "I",
    "editor": "red.",
    "editors": "red.",
    "pages": "s.",
    "page": "s.",
    "Technical Report": "Rapport",
    "PhD thesis": "Ph.d.-afhandling",
    "Master's thesis": "Specialeafhandling",
    "edition": "udg.",
    "volume": "bind",
    "number": "nr.",
    "of": "af",
    " and ": " & ",
    ", and ": " & ",
}


SEPARATORS = {"sep", "sep2", "last_sep"}


def _danish(node: Any) -> Any:
    if isinstance(node, str):
        return DANISH_WORDS.get(node, node)
    if isinstance(node, Node):
        # Only literal text and separators: args name fields and roles ("editor", "volume").
        node.children = [_danish(child) for child in node.children]
        node.kwargs = {
            key: _danish(value) if key in SEPARATORS else value
            for key, value in node.kwargs.items()
        }
    return node


# pybtex has no type information: its classes are Any, and mypy refuses a subclass of Any.
class LetteredSortingStyle(AuthorYearTitleSortingStyle):  # type: ignore[misc]
    """Sorts by author, year and title, after lettering the years: 2019a, 2019b.

    The sorting style is the one part of a pybtex style that gets the whole bibliography, and
    what it returns is what the label style, the templates and sphinxcontrib-bibtex's
    citations ("Villumsen (2011a)") then use. See :func:`handbog.literature.bibliography.lettered`.
    """

    def sort(self, entries: Iterable[Any]) -> list[Any]:
        ordered: list[Any] = super().sort(lettered(entries))
        return ordered


#: What a formatted entry depends on (see DanishBibliographyStyle._cache_key).
CacheKey = tuple[object, ...]


class DanishBibliographyStyle(UnsrtStyle):  # type: ignore[misc]  # pybtex: as above
    #: The notes after the entries (:func:`provenance`), by keyword: the project's, set for each
    #: build by :func:`_configure_style`; none in a style made outside a build.
    provenance: Mapping[str, str] = MappingProxyType({})

    # Classes, not plugin names: pybtex's find_plugin hands a class back as it is, where a name
    # costs a scan of every installed package's entry points each time a style is made.
    default_sorting_style = LetteredSortingStyle
    default_label_style = AlphaLabelStyle
    default_name_style = LastFirstNameStyle

    def format_entry(self, label: str, entry: Any, bib_data: Any = None) -> FormattedEntry:
        key = self._cache_key(label, entry, bib_data)
        cache = _FORMATTED.active
        if key is not None and cache is not None:
            _FORMATTED.used.add(key)
            hit = cache.get(key)
            if hit is not None:
                return hit
        formatted = self._format_entry(label, entry, bib_data)
        if key is not None and cache is not None:
            cache[key] = formatted
        return formatted

    def _format_entry(self, label: str, entry: Any, bib_data: Any = None) -> FormattedEntry:
        context = {"entry": entry, "style": self, "bib_data": bib_data}
        template = _danish(getattr(self, f"get_{entry.type}_template")(entry))
        formatted = FormattedEntry(entry.key, template.format_data(context), label)
        words = {w.strip() for w in entry.fields.get("keywords", "").split(",")}
        notes = [self.provenance[w] for w in sorted(words) if w in self.provenance]
        if notes:
            formatted.text = Text(formatted.text, " ", Tag("em", " ".join(notes)))
        return formatted

    def _cache_key(self, label: str, entry: Any, bib_data: Any) -> CacheKey | None:
        """Everything the formatted entry depends on; ``None``: do not cache it."""
        if bib_data is not None or "crossref" in entry.fields:
            return None  # the entry borrows fields from another one
        return (
            label,
            entry.key,
            entry.type,
            tuple(entry.fields.items()),
            tuple((role, tuple(str(p) for p in people)) for role, people in entry.persons.items()),
            type(self).__qualname__,
            tuple(sorted(self.provenance.items())),
            type(self.name_style).__qualname__,
            bool(self.abbreviate_names),
        )


# -- Formatted entries, kept from one build to the next -----------------------------------------
# sphinxcontrib-bibtex formats every entry of the bibliography on every build, also when only
# one page changed, and twice (the entry and its tooltip): about half a second of every
# rebuild of the handbook (`nox -s bench` shows it). The formatted entries are kept in the
# environment and reused as long as the entry (fields, names, label), the style, this module
# and pybtex are the same; entries no longer used are dropped after each build.


class _Formatted:
    #: the kept entries of this build (the environment's), or None outside a build
    active: dict[CacheKey, FormattedEntry] | None = None
    #: the keys this build formatted or reused
    used: set[CacheKey] = set()


_FORMATTED = _Formatted()


@functools.cache
def code_stamp() -> str:
    """Changes when this module or pybtex changes: the kept entries are then dropped. (The
    notes, which come from ubproject.toml, are part of each entry's key.)"""
    return hashlib.sha256(
        Path(__file__).read_bytes() + str(getattr(pybtex, "__version__", "")).encode()
    ).hexdigest()


def _configure_style(app: Sphinx, _config: Any) -> None:
    """The style sphinxcontrib-bibtex makes for this build carries this project's notes.

    sphinxcontrib-bibtex makes the style itself, from its plugin name and without arguments
    (``pybtex.plugin.find_plugin(group, name)()``), so the style cannot be handed the
    application or its model. Instead the name is registered, through pybtex's public
    ``register_plugin``, to a subclass that carries the notes of the project being built.
    At config-inited: after the model has been checked (handbog.checks, priority 1) and before
    anything formats an entry (handbog.checks at builder-inited, sphinxcontrib-bibtex at
    env-updated). A class per build rather than a module global: two projects built one after
    the other in one process (the tests) never share their notes.

    A project without a model (conf.py loads this module alone, without the handbook's
    extension, which stops a build whose model is missing) gets no notes: they are the model's
    words.
    """
    path = model.path_of_app(app)
    notes = provenance(model.load(path)) if path.is_file() else {}
    style = type(
        DanishBibliographyStyle.__name__,
        (DanishBibliographyStyle,),
        {
            "provenance": MappingProxyType(notes),
            "__module__": __name__,
            "__qualname__": DanishBibliographyStyle.__qualname__,
        },
    )
    pybtex.plugin.register_plugin("pybtex.style.formatting", "handbog", style, force=True)


def _start_build(_app: Sphinx, env: Any, *_args: Any) -> None:
    stored = getattr(env, "handbog_bibliography_cache", None)
    if not isinstance(stored, dict) or stored.get("stamp") != code_stamp():
        stored = env.handbog_bibliography_cache = {"stamp": code_stamp(), "entries": {}}
    _FORMATTED.active = stored["entries"]
    _FORMATTED.used = set()


def _keep_used(_app: Sphinx, env: Any) -> list[str]:
    """After sphinxcontrib-bibtex has formatted the bibliography: keep what this build used."""
    stored = getattr(env, "handbog_bibliography_cache", None)
    entries: dict[CacheKey, FormattedEntry]
    if isinstance(stored, dict) and _FORMATTED.active is (entries := stored["entries"]):
        stored["entries"] = {k: v for k, v in entries.items() if k in _FORMATTED.used}
        _FORMATTED.active = stored["entries"]
    return []


def _end_build(_app: Sphinx, _exception: Any) -> None:
    _FORMATTED.active = None
    _FORMATTED.used = set()


@functools.cache
def _register_plugins() -> None:
    """Once per process: the two styles and pybtex's plain-text backend as run-time plugins.

    The styles are entry points (pyproject.toml). pybtex and sphinxcontrib-bibtex look a name up
    among the plugins registered at run time first, and otherwise scan the entry points of every
    installed package, about 5 ms each time; sphinxcontrib-bibtex looks the plain-text backend
    up for every citation (without this, a quarter of a clean build). ``force``: the names are
    entry points already, which ``register_plugin`` leaves alone otherwise; the classes are the
    ones the entry points name. Registered, the styles are found in an uninstalled checkout too.
    """
    pybtex.plugin.register_plugin(
        "pybtex.style.formatting", "handbog", DanishBibliographyStyle, force=True
    )
    sphinxcontrib.bibtex.plugin.register_plugin(
        "sphinxcontrib.bibtex.style.referencing",
        "handbog_forfatter_aar",
        DanishAuthorYearStyle,
        force=True,
    )
    plaintext = pybtex.plugin.find_plugin("pybtex.backends", "plaintext")
    pybtex.plugin.register_plugin("pybtex.backends", "plaintext", plaintext, force=True)


def setup(app: Sphinx) -> None:
    _register_plugins()
    app.connect("config-inited", _configure_style)
    app.connect("env-before-read-docs", _start_build)
    # sphinxcontrib-bibtex formats the bibliography at env-updated (priority 500).
    app.connect("env-updated", _keep_used, priority=900)
    app.connect("build-finished", _end_build)
