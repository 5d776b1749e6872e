"""No module-level import cycle anywhere in the vbc_telephony package.

Every module of the installed package is read (not imported) and its module-level imports
become edges of a graph: ``import``/``from … import`` statements at the top level of the
module, of a class body, or under ``try``/``with``/``if`` (other than ``if TYPE_CHECKING:``,
which never runs). An import inside a function runs on first call, after every module has
loaded: it is not module-level. ``from . import name`` points at the submodule ``name`` when
there is one, else at the package itself. A cycle among those edges fails the test, naming
its modules in order.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import vbc_telephony

PACKAGE = "vbc_telephony"
_SKIPPED = (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)


def modules(root: Path, package: str) -> dict[str, Path]:
    """Every module under ``root`` (a package named ``package``), by dotted name."""
    found: dict[str, Path] = {}
    for path in sorted(root.rglob("*.py")):
        parts = [package, *path.relative_to(root).with_suffix("").parts]
        if parts[-1] == "__init__":
            parts.pop()
        found[".".join(parts)] = path
    return found


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def module_level_imports(body: list[ast.stmt]) -> Iterator[ast.Import | ast.ImportFrom]:
    """The import statements that run when the module is imported."""
    for statement in body:
        if isinstance(statement, ast.Import | ast.ImportFrom):
            yield statement
        elif isinstance(statement, _SKIPPED):
            continue
        elif isinstance(statement, ast.If) and _is_type_checking(statement.test):
            yield from module_level_imports(statement.orelse)
        else:
            for field in ("body", "orelse", "finalbody", "handlers", "cases"):
                for child in getattr(statement, field, ()):
                    inner = (
                        child.body
                        if isinstance(child, ast.ExceptHandler | ast.match_case)
                        else [child]
                    )
                    yield from module_level_imports(inner)


def _imported(
    name: str, path: Path, node: ast.Import | ast.ImportFrom, known: set[str]
) -> set[str]:
    """The modules of ``known`` that ``node``, in module ``name`` at ``path``, imports."""
    if isinstance(node, ast.Import):
        return {alias.name for alias in node.names if alias.name in known}
    if node.level:
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        for _ in range(node.level - 1):
            package = package.rpartition(".")[0]
        base = f"{package}.{node.module}" if node.module else package
    else:
        base = node.module or ""
    targets = set()
    for alias in node.names:
        submodule = f"{base}.{alias.name}"
        if submodule in known:
            targets.add(submodule)
        elif base in known:
            targets.add(base)
    return targets


def import_graph(root: Path, package: str) -> dict[str, set[str]]:
    found = modules(root, package)
    known = set(found)
    graph: dict[str, set[str]] = {}
    for name, path in found.items():
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        edges: set[str] = set()
        for node in module_level_imports(tree.body):
            edges |= _imported(name, path, node, known)
        graph[name] = edges - {name}
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """One cycle (its modules in import order) per strongly connected group of modules."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[set[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in sorted(graph[node]):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            group = set()
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.add(member)
                if member == node:
                    break
            if len(group) > 1:
                groups.append(group)

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return [_a_cycle_in(group, graph) for group in groups]


def _a_cycle_in(group: set[str], graph: dict[str, set[str]]) -> list[str]:
    start = min(group)
    path, seen = [start], {start}
    while True:
        following = min(target for target in graph[path[-1]] if target in group)
        if following in seen:
            return [*path[path.index(following) :], following]
        path.append(following)
        seen.add(following)


def test_the_package_has_no_module_level_import_cycle():
    root = Path(vbc_telephony.__file__).parent
    graph = import_graph(root, PACKAGE)
    assert len(graph) > 50  # every module was read, servers and CLI included
    assert cycles(graph) == []


# The check itself, on packages made for it.


def _package(tmp_path: Path, files: dict[str, str]) -> dict[str, set[str]]:
    root = tmp_path / "pkg"
    for name, text in {"__init__.py": "", **files}.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text)
    return import_graph(root, "pkg")


def test_a_cycle_through_from_dot_import_is_found(tmp_path):
    graph = _package(
        tmp_path,
        {
            "_a.py": "from . import _b\n",
            "_b.py": "from ._c import x\n",
            "_c.py": "from ._a import y\n",
        },
    )
    assert cycles(graph) == [["pkg._a", "pkg._b", "pkg._c", "pkg._a"]]


def test_a_cycle_through_a_package_init_and_absolute_imports_is_found(tmp_path):
    graph = _package(
        tmp_path,
        {
            "__init__.py": "from .sub import thing\n",
            "sub/__init__.py": "try:\n    import pkg.sub.deep\nexcept ImportError:\n    pass\n",
            "sub/deep.py": "class C:\n    from .. import name\n",
        },
    )
    assert cycles(graph) == [["pkg", "pkg.sub", "pkg.sub.deep", "pkg"]]


def test_type_checking_and_function_level_imports_are_not_module_level(tmp_path):
    graph = _package(
        tmp_path,
        {
            "_a.py": "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from . import _b\n",
            "_b.py": "def f():\n    from . import _a\n",
            "_c.py": (
                "import typing\nif typing.TYPE_CHECKING:\n    from . import _d\nelse:\n    x = 1\n"
            ),
            "_d.py": "from . import _c\n",
        },
    )
    assert cycles(graph) == []
    assert graph["pkg._d"] == {"pkg._c"}
