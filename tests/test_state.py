"""Per-build state is kept one way (handbog.state): a module that keeps it another way fails.

The ways the package kept it before: dictionaries keyed by ``id(app)``, weak dictionaries of
their own, attributes set on the application, and module-level values a build fills. Each
breaks differently when tests run many applications in one process or ``nox -s live`` runs
many builds in one; the environment (pickled) and :mod:`handbog.state` (one registry per
running application) are the two places left.
"""

from __future__ import annotations

import ast
import gc
from pathlib import Path

import handbog
from handbog import state

ROOT = Path(handbog.__file__).parent

#: Module-level values that are memos of content, not state of one build: each is keyed by
#: what it was made from, so any build may use it.
MEMOS = {
    ("checks/reader.py", "_PARSERS"): "one parser per MyST configuration",
    ("checks/reader.py", "_LAST_PAGE"): "the last page's reading, keyed by its text",
    ("data/core.py", "_READS"): "a data file's reading, keyed by its path and stamp",
    ("data/core.py", "_DERIVED"): "what a check makes of a data file, keyed by its path, stamp "
    "and the code that makes it (kept between builds with the readings)",
    ("data/core.py", "_STORE"): "where the readings are kept between processes (the CLI has "
    "no application); set by checks.rereading at the start of each build",
}


def _mutable(value: ast.expr | None) -> bool:
    if isinstance(value, ast.Dict | ast.Set | ast.List | ast.DictComp | ast.SetComp):
        return True
    return isinstance(value, ast.Call) and ast.unparse(value.func).split(".")[-1] in {
        "dict",
        "set",
        "list",
        "defaultdict",
        "WeakKeyDictionary",
        "WeakValueDictionary",
    }


_FILLING = {"add", "append", "clear", "discard", "extend", "pop", "setdefault", "update"}


def _filled_in_functions(tree: ast.Module) -> list[str]:
    """Names a function fills (``NAME[key] = …``, ``NAME.update(…)`` and the like)."""
    names = []
    for function in ast.walk(tree):
        if not isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef):
            continue
        for node in ast.walk(function):
            if isinstance(node, ast.Subscript) and isinstance(node.ctx, ast.Store | ast.Del):
                names.append(ast.unparse(node.value))
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
                if node.func.attr in _FILLING:
                    names.append(ast.unparse(node.func.value))
    return names


def other_state(path: Path, source: str) -> list[str]:
    """Where ``source`` keeps per-build state other than in the environment or the registry."""
    rel = path.relative_to(ROOT).as_posix() if path.is_relative_to(ROOT) else path.name
    tree = ast.parse(source)
    found = []
    for node in ast.walk(tree):
        where = f"{rel}:{getattr(node, 'lineno', 0)}"
        if isinstance(node, ast.Call):
            call = ast.unparse(node.func)
            args = [ast.unparse(a) for a in node.args]
            if call == "id" and args[:1] == ["app"]:
                found.append(f"{where}: id(app) as a key")
            if call == "setattr" and args[:1] == ["app"]:
                found.append(f"{where}: setattr on the application")
            if call.split(".")[-1] in {"WeakKeyDictionary", "WeakValueDictionary"}:
                found.append(f"{where}: a weak dictionary of its own")
        if isinstance(node, ast.Assign | ast.AnnAssign | ast.AugAssign):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            for target in targets:
                if isinstance(target, ast.Attribute) and ast.unparse(target.value) == "app":
                    found.append(f"{where}: app.{target.attr} set")
        if isinstance(node, ast.Global):
            for name in node.names:
                if (rel, name) not in MEMOS:
                    found.append(f"{where}: global {name}")
    containers = {
        ast.unparse(target): node.lineno
        for node in tree.body
        if isinstance(node, ast.Assign | ast.AnnAssign) and _mutable(node.value)
        for target in (node.targets if isinstance(node, ast.Assign) else [node.target])
    }
    for name in sorted(set(_filled_in_functions(tree)) & set(containers)):
        if (rel, name) not in MEMOS:
            found.append(f"{rel}:{containers[name]}: module-level {name} filled at run time")
    return found


def test_no_module_keeps_per_build_state_another_way():
    found = []
    for path in sorted(ROOT.rglob("*.py")):
        if path == Path(state.__file__):
            continue
        found += other_state(path, path.read_text(encoding="utf-8"))
    assert found == []


def test_the_scan_finds_each_other_way():
    source = (
        "import weakref\n"
        "_BY_APP = {}\n"
        "_WEAK = weakref.WeakKeyDictionary()\n"
        "def f(app):\n"
        "    _BY_APP[id(app)] = 1\n"
        "    app.handbog_x = 1\n"
        "    setattr(app, 'y', 2)\n"
    )
    found = other_state(Path("example.py"), source)
    assert len(found) == 5, found
    assert sum("module-level _BY_APP" in line for line in found) == 1


def test_the_registry_gives_one_object_per_kind_and_build_and_forgets_it():
    class Kind:
        pass

    class App:
        pass

    first, second = App(), App()
    kept = state.of_build(first, Kind)  # type: ignore[arg-type]
    assert state.of_build(first, Kind) is kept  # type: ignore[arg-type]
    assert state.of_build(second, Kind) is not kept  # type: ignore[arg-type]
    state.forget(first, Kind)  # type: ignore[arg-type]
    assert state.of_build(first, Kind) is not kept  # type: ignore[arg-type]
    del first
    gc.collect()
    # a finished application takes its state with it
    assert [app for app in state._BUILDS if isinstance(app, App)] == [second]
