"""The package's shape: no import cycle, imports at the top, and ``app`` typed as Sphinx.

Read from the source with :mod:`ast`, so the tests see every module, also those the fast lane
never imports (the PDF modules).
"""

from __future__ import annotations

import ast
import graphlib
from pathlib import Path

import handbog

ROOT = Path(handbog.__file__).parent

#: Imports a function may make itself: optional or heavy dependencies that only one command
#: or one kind of build needs, so that the rest never pays for loading them.
ALLOWED_INNER = {
    # every command of the command line imports the package first: handbog.setup loads
    # Sphinx and the extension's modules only when Sphinx loads the extension
    "handbog.extension": "Sphinx and the extension's modules, for a build only",
    # WeasyPrint takes a second to import; only ``handbog pdf`` needs it
    "handbog.pdf.build": "the PDF build, loaded by the command line's ``pdf`` command alone",
    "handbog.pdf.errors": "loaded with handbog.pdf.build by the ``pdf`` command",
    "weasyprint": "heavy (about a second); only the PDF build uses it",
    "pikepdf": "the fillable PDF's repair; only the PDF build uses it",
    "playwright": "a browser driver; only the tests and the PDF checks use it",
    "pagefind": "the search index's binary; only an HTML build that writes the index needs it",
}


#: Modules whose functions may import: compat imports each private name of another package
#: inside a version guard, so that an upgrade that removes it gives a Danish message naming the
#: name, not an ImportError when the extension loads.
GUARDED_MODULES = {"handbog.compat"}


def _modules() -> dict[str, Path]:
    found = {}
    for path in ROOT.rglob("*.py"):
        parts = ("handbog", *path.relative_to(ROOT).with_suffix("").parts)
        name = ".".join(parts).removesuffix(".__init__")
        found[name] = path
    return found


MODULES = _modules()


def _is_type_checking(node: ast.If) -> bool:
    return "TYPE_CHECKING" in ast.unparse(node.test)


def _targets(module: str, node: ast.Import | ast.ImportFrom) -> list[str]:
    """The handbog modules an import statement loads by name (the packages around a module
    are loaded first by Python itself, which is not a cycle)."""
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    base = node.module or ""
    if node.level:
        package = module if MODULES[module].name == "__init__.py" else module.rpartition(".")[0]
        for _ in range(node.level - 1):
            package = package.rpartition(".")[0]
        base = f"{package}.{base}" if base else package
    found = []
    for alias in node.names:
        child = f"{base}.{alias.name}"
        found.append(child if child in MODULES else base)
    return found


def _runtime_imports(tree: ast.Module) -> list[ast.Import | ast.ImportFrom]:
    """Imports at module level that run (those under ``if TYPE_CHECKING`` do not)."""
    found: list[ast.Import | ast.ImportFrom] = []
    stack: list[ast.stmt] = list(tree.body)
    while stack:
        node = stack.pop()
        if isinstance(node, ast.Import | ast.ImportFrom):
            found.append(node)
        elif isinstance(node, ast.If) and not _is_type_checking(node):
            stack += node.body + node.orelse
        elif isinstance(node, ast.Try):
            stack += node.body + node.orelse + node.finalbody
            for handler in node.handlers:
                stack += handler.body
    return found


def _inner_imports(tree: ast.Module) -> list[ast.Import | ast.ImportFrom]:
    inner: list[ast.Import | ast.ImportFrom] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            inner += [n for n in ast.walk(node) if isinstance(n, ast.Import | ast.ImportFrom)]
    return inner


def test_no_module_of_the_package_imports_itself_in_a_circle():
    graph = graphlib.TopologicalSorter()
    for module, path in MODULES.items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in _runtime_imports(tree):
            for target in _targets(module, node):
                if target in MODULES and target != module:
                    graph.add(module, target)
    # raises CycleError naming the modules of the first cycle it meets
    graph.prepare()


def test_functions_import_only_optional_heavy_dependencies():
    found = []
    for module, path in MODULES.items():
        if module in GUARDED_MODULES:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in _inner_imports(tree):
            names = _targets(module, node) if isinstance(node, ast.ImportFrom) else None
            for name in names or [alias.name for alias in node.names]:
                if not any(name == a or name.startswith(a + ".") for a in ALLOWED_INNER):
                    found.append(f"{path.relative_to(ROOT)}:{node.lineno}: {ast.unparse(node)}")
    assert found == []


def test_every_app_parameter_is_typed_as_sphinx():
    untyped = []
    for path in MODULES.values():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                arguments = node.args.posonlyargs + node.args.args + node.args.kwonlyargs
                for argument in arguments:
                    annotation = ast.unparse(argument.annotation) if argument.annotation else ""
                    if argument.arg in {"app", "_app"} and annotation in {"Any", "'Any'"}:
                        untyped.append(f"{path.relative_to(ROOT)}:{node.lineno} {node.name}")
    assert untyped == []


def test_the_scan_sees_a_cycle_and_an_inner_import():
    # the scans above pass on an empty result: show that they find what they look for
    tree = ast.parse("def f():\n    import handbog.model\n")
    assert [ast.unparse(n) for n in _inner_imports(tree)] == ["import handbog.model"]
    graph = graphlib.TopologicalSorter({"a": {"b"}, "b": {"a"}})
    try:
        graph.prepare()
    except graphlib.CycleError:
        pass
    else:
        raise AssertionError("a cycle was not found")
    relative = ast.parse("from . import views").body[0]
    assert isinstance(relative, ast.ImportFrom)
    assert _targets("handbog.needs.summary", relative) == ["handbog.needs.views"]


#: Private names another module still imports, left to the checklists' own rework.
PRIVATE_LEFT = {
    ("handbog.checklists.overview_page", "_checklists_dir"),
    ("handbog.checklists.aggregate", "_escape"),
}


def test_a_helper_another_module_needs_is_public():
    found = []
    for module, path in MODULES.items():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and _targets(module, node)[0].startswith("handbog"):
                for alias in node.names:
                    private = alias.name.startswith("_") and not alias.name.startswith("__")
                    if private and (module, alias.name) not in PRIVATE_LEFT:
                        found.append(f"{path.relative_to(ROOT)}:{node.lineno}: {alias.name}")
    assert found == []
