"""The need blocks: a duplicate ID (also one read in another process), an ID in the wrong form,
a misspelt option, a block without a title; each one Danish message where it was written.
"""

from __future__ import annotations

import os
import re
import unicodedata
from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx_needs.api import del_need

from handbog import compat, model
from handbog.checks.places import place
from handbog.data.core import did_you_mean
from handbog.messages import warn
from handbog.state import of_build

if TYPE_CHECKING:
    from sphinx.application import Sphinx

# -- Duplicate IDs -------------------------------------------------------------------------------


def _newer(env: Any, first: tuple[str, int], second: tuple[str, int]) -> bool:
    """Whether the need at ``first`` was written after the one at ``second``: its file was
    saved later, or, in the same file, it stands further down."""
    if first[0] == second[0]:
        return first[1] > second[1]
    try:
        return bool(
            os.path.getmtime(env.doc2path(first[0])) > os.path.getmtime(env.doc2path(second[0]))
        )
    except OSError:
        return False


def need_places(env: Any) -> dict[str, list[tuple[str, int]]]:
    """Page → (ID, line) of the needs its blocks made: ``env.handbog_need_places``. Under
    ``-j`` two pages read in different processes can each make a need with the same ID;
    sphinx-needs keeps one when it merges them, and this finds the pair afterwards."""
    places: dict[str, list[tuple[str, int]]] = vars(env).setdefault("handbog_need_places", {})
    return places


def check_merged_duplicates(app: Sphinx, env: Any) -> None:
    """Duplicates that were read in different processes (-j): the same message, at the newer."""
    by_id: dict[str, list[tuple[str, int]]] = {}
    for docname, places in sorted(need_places(env).items()):
        for need_id, line in places:
            by_id.setdefault(need_id, []).append((docname, line))
    for need_id, places in sorted(by_id.items()):
        if len(places) < 2:
            continue
        newest = places[0]
        for candidate in places[1:]:
            newest = candidate if _newer(env, candidate, newest) else newest
        for other in (p for p in places if p != newest):
            warn("dublet-id", newest, need_id=need_id, other=place(app, *other))


def report_duplicate(env: Any, need_id: str, here: tuple[str, int]) -> bool:
    """Whether the need about to be made at ``here`` may be made: a duplicate ID is reported
    once, at the newer of the two places; if that is the other one, the other need is dropped
    so the original stays."""
    existing = compat.need_while_reading(env, need_id)
    if existing is None or existing.get("is_external") or not existing.get("docname"):
        return True
    there = (existing["docname"], existing.get("lineno") or 0)
    app = compat.app_of(env)
    if _newer(env, there, here):
        warn("dublet-id", there, need_id=need_id, other=place(app, *here))
        del_need(app, need_id)
        places = need_places(env).get(there[0], [])
        places[:] = [p for p in places if p[0] != need_id]
        return True
    warn("dublet-id", here, need_id=need_id, other=place(app, *there))
    return False


#: sphinx-needs' own options of a need directive, besides the model's fields and links.
#: sphinx-needs has no public list of them; tests/test_need_options.py holds this one against
#: the installed sphinx-needs, both ways.
NEEDS_OPTIONS = frozenset(
    (
        "id status tags collapse hide style layout template pre_template post_template "
        "constraints delete jinja_content duration completion title_from_content"
    ).split()
)


#: Per application: IDs refused for their form, with the IDs they link to, so that neither
#: links to them nor sources only they build on are reported again.
class _Refused(dict[str, set[str]]):
    pass


def refused_ids(app: Sphinx) -> dict[str, set[str]]:
    return of_build(app, _Refused)


def id_in_form(need_id: str, prefix: str) -> str:
    """What an ID looks like in the model's form: "PR_tillid møder" → "PR_TILLID_MOEDER"."""
    text = need_id.upper()
    for letter, spelt in (("Æ", "AE"), ("Ø", "OE"), ("Å", "AA")):
        text = text.replace(letter, spelt)
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    text = re.sub(r"[^A-Z0-9]+", "_", text).strip("_")
    return text if text.startswith(prefix) else prefix + text.split("_", 1)[-1]


def link_sources(info: model.Model) -> dict[str, tuple[str, ...]]:
    """The types that may have each link: those the model requires to have it
    ([handbog.krav] in ubproject.toml). A link no type requires may come from any type."""
    found: dict[str, list[str]] = {}
    for type_name, requirements in info.requirements.items():
        for requirement in requirements:
            if requirement.option in info.links:
                found.setdefault(requirement.option, []).append(type_name)
    return {link: tuple(types) for link, types in found.items()}


def _check_options(directive: Any, info: model.Model) -> None:
    """Unknown options (a misspelt field) get one Danish message with the nearest field, and
    are left out so sphinx-needs adds no English one; so does a link the block's type may
    not have (a redskab that :tjekker:)."""
    allowed = link_sources(info)
    kind = info.types.get(directive.name)
    for link, types in allowed.items():
        if link in directive.options and kind is not None and directive.name not in types:
            warn(
                "link-kilde",
                (directive.env.docname, directive.lineno),
                link=link,
                kind=kind.with_article,
                allowed=info.described(list(types)),
            )
            del directive.options[link]
    known = set(info.fields) | set(info.links)
    for key in [k for k in directive.options if k not in known and k not in NEEDS_OPTIONS]:
        hint = did_you_mean(key, sorted(known))
        fields = ", ".join(f":{f}:" for f in sorted(known))
        warn(
            "ukendt-felt",
            (directive.env.docname, directive.lineno),
            field=key,
            hint=hint,
            fields=fields,
        )
        del directive.options[key]


def _check_id(directive: Any, need_id: str, info: model.Model) -> bool:
    """Whether the ID has the model's form; if not, one Danish message with the right form."""
    if not need_id or re.match(info.id_regex, need_id):
        return True
    kind = info.types.get(directive.name)
    prefix = kind.prefix if kind else ""
    warn(
        "id-form",
        (directive.env.docname, directive.lineno),
        need_id=need_id,
        suggestion=id_in_form(need_id, prefix),
    )
    targets = {
        t.strip()
        for link in info.links
        for t in str(directive.options.get(link) or "").split(",")
        if t.strip()
    }
    refused_ids(compat.app_of(directive.env))[need_id] = targets
    return False


def _guarded_need_directive() -> type[Any]:
    base = compat.need_directive()

    class HandbookNeedDirective(base):  # type: ignore[misc, valid-type]
        """sphinx-needs' need directive, which first checks the options, the ID's form and
        whether the ID is used already, each with one Danish message."""

        def run(self) -> list[nodes.Node]:
            info = model.of_app(compat.app_of(self.env))
            _check_options(self, info)
            need_id = str(self.options.get("id") or "").strip()
            directive: Any = self  # a docutils Directive: its arguments are the title
            if not directive.arguments:
                kind = info.types.get(self.name)
                what = kind.with_article if kind else f"blokken {{{self.name}}}"
                warn("mangler-titel", (self.env.docname, self.lineno), kind=what, name=self.name)
                # made all the same, under its ID: links to it are not reported as well
                directive.arguments = [need_id or self.name]
            if not _check_id(self, need_id, info):
                return []
            here = (self.env.docname, self.lineno)
            if need_id and not report_duplicate(self.env, need_id, here):
                return []
            result: list[nodes.Node] = super().run()
            if need_id and result:
                place = (need_id, self.lineno)
                need_places(self.env).setdefault(self.env.docname, []).append(place)
            return result

    return HandbookNeedDirective


def register_need_directives(app: Sphinx, _config: Any) -> None:
    """After sphinx-needs has registered its directive under each need type's name."""
    directive = _guarded_need_directive()
    for name in model.of_app(app).types:
        app.add_directive(name, directive, override=True)
