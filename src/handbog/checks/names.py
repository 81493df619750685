"""Directive and role names: a misspelt one is named with the nearest name this build has
registered (docutils', Sphinx's, the extensions' and the handbook's own), never a hand-kept list.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from handbog import compat, model
from handbog.checks import reader
from handbog.checks.needs import refused_ids
from handbog.data.core import did_you_mean, display_path
from handbog.messages import warn

if TYPE_CHECKING:
    from sphinx.application import Sphinx

# -- Directive and role names --------------------------------------------------------------------


def directive_names(app: Sphinx) -> frozenset[str]:
    """Every directive name MyST can run in this build, as it looks them up: those registered
    with docutils (docutils' own and every extension's), each domain's as ``domain:name``,
    and those of the standard and the default domain also without the prefix."""
    return _names(app, compat.registered_directives(), "directives") | {"eval-rst"}


def role_names(app: Sphinx) -> frozenset[str]:
    """Every role name MyST can run in this build (as :func:`directive_names`)."""
    return _names(app, compat.registered_roles(), "roles")


def _names(app: Sphinx, registered: frozenset[str], kind: str) -> frozenset[str]:
    names = set(registered)
    default = app.config.primary_domain or "py"
    for domain_name, domain in app.env.domains.items():
        own = getattr(domain, kind)
        names |= {f"{domain_name}:{name}" for name in own}
        if domain_name in ("std", default):
            names |= set(own)
    return frozenset(names)


def _suggestions(names: frozenset[str]) -> list[str]:
    """The names to suggest from: a domain's prefixed names only when the editor wrote one."""
    return sorted(n for n in names if ":" not in n)


def _unknown(name: str, names: frozenset[str]) -> bool:
    # docutils looks names up in lower case
    return name.lower() not in names and name not in names


def check_names(app: Sphinx, docname: str, source: list[str]) -> None:
    """A misspelt block name ({prakis}), a block never closed, and a misspelt role
    ({trem}`…`): one Danish message each, with the nearest name this build knows (MyST's own
    English warnings are suppressed)."""
    reading = reader.page(app.env, docname, source[0])
    directives, roles = directive_names(app), role_names(app)
    info = model.of_app(app)
    for directive in reading.directives:
        if directive.unclosed:
            warn("blok-aaben", (docname, directive.line), name=directive.name)
        if not _unknown(directive.name, directives):
            continue
        hint = _hint(directive.name, directives)
        warn("ukendt-blok", (docname, directive.line), name=directive.name, hint=hint)
        # A need block with a misspelt name: its ID and links are not reported again.
        need_id = directive.options.get("id")
        if need_id:
            targets = {
                t.strip() for link in info.links for t in directive.options.get(link, "").split(",")
            }
            refused_ids(app)[need_id] = targets - {""}
    unclosed = [(r.line, r.column, r.name) for r in reading.roles if r.unclosed]
    for line, _column, name in sorted(set(unclosed + reading.unclosed_roles)):
        warn("rolle-aaben", (docname, line), name=name)
    if unclosed:
        source[0] = _escaped(source[0], unclosed)
    for role in reading.roles:
        if role.unclosed:
            continue
        if _unknown(role.name, roles):
            warn("ukendt-rolle", (docname, role.line), name=role.name, hint=_hint(role.name, roles))


def _escaped(source: str, roles: list[tuple[int, int, str]]) -> str:
    """The page with the opening backtick of each unclosed role escaped, so MyST reads it as
    text: otherwise the role runs on to the next one, and its content (``a. Se {doc}``)
    makes a role such as {cite:p} stop the build with a traceback."""
    lines = source.split("\n")
    for line, column, name in sorted(roles, reverse=True):
        text = lines[line - 1]
        tick = column - 1 + len(name) + 2
        if text[tick : tick + 1] == "`":
            lines[line - 1] = text[:tick] + "\\" + text[tick:]
    return "\n".join(lines)


def _hint(name: str, names: frozenset[str]) -> str:
    if ":" in name:
        return did_you_mean(name, sorted(names))
    return did_you_mean(name, _suggestions(names))


def check_data_names(app: Sphinx) -> None:
    """The texts of glossary and checklist files are MyST too: a misspelt block or role name
    in one gets the same message, at the file's line (these files are not pages that
    source-read sees)."""
    directives, roles = directive_names(app), role_names(app)
    base = Path(app.confdir)
    for path, reading in reader.data_files(app.env, reader.data_folders(app)):
        where = display_path(path, base)
        for directive in reading.directives:
            if _unknown(directive.name, directives):
                hint = _hint(directive.name, directives)
                warn("ukendt-blok", f"{where}:{directive.line}", name=directive.name, hint=hint)
        for role in reading.roles:
            if _unknown(role.name, roles):
                hint = _hint(role.name, roles)
                warn("ukendt-rolle", f"{where}:{role.line}", name=role.name, hint=hint)
