"""Dependencies between areas point one way (issue 13): no import cycle between the packages of
``icv`` (one node each) and its top-level modules (one node each).

Every import counts, at the top of a module or inside a function, except those under
``if TYPE_CHECKING:`` (no dependency when the code runs). Run this file as a script
(``python tests/test_area_imports.py``) to print the graph and its cycles.
"""

from __future__ import annotations

import ast
from collections import defaultdict
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "icv"


def node_of(module: str) -> str | None:
    """The area (``icv.rota``) or top-level module (``icv.web``) a dotted name belongs to."""
    parts = module.split(".")
    if parts[0] != "icv" or len(parts) < 2:
        return None
    return ".".join(parts[:2])


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def type_checking_nodes(tree: ast.AST) -> set[int]:
    inside: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            for child in node.body:
                inside.update(id(n) for n in ast.walk(child))
    return inside


def imported_names(node: ast.AST, module: str, is_package: bool) -> list[str]:
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    if not isinstance(node, ast.ImportFrom):
        return []
    if node.level:
        base = module.split(".") if is_package else module.split(".")[:-1]
        base = base[: len(base) - (node.level - 1)]
        source = ".".join(base + ([node.module] if node.module else []))
    else:
        source = node.module or ""
    return [source] + [f"{source}.{alias.name}" for alias in node.names]


def import_graph() -> dict[str, dict[str, list[str]]]:
    """{node: {imported node: ["file:line", ...]}} for imports between different nodes."""
    graph: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for path in sorted(PACKAGE.rglob("*.py")):
        module = module_name(path)
        source = node_of(module)
        if source is None:  # the app factory, icv/__init__.py, may import every area
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        skipped = type_checking_nodes(tree)
        for node in ast.walk(tree):
            if id(node) in skipped:
                continue
            targets = {
                node_of(name) for name in imported_names(node, module, path.name == "__init__.py")
            }
            for target in targets - {None, source, "icv"}:
                where = f"{path.relative_to(PACKAGE.parent)}:{node.lineno}"
                if where not in graph[source][target]:
                    graph[source][target].append(where)
    return graph


def cycles(graph: dict[str, dict[str, list[str]]]) -> list[list[str]]:
    """The strongly connected components with more than one node (Tarjan's algorithm)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for target in graph.get(node, {}):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def describe(graph: dict[str, dict[str, list[str]]], component: list[str]) -> str:
    lines = [" <-> ".join(component)]
    for source in component:
        for target in component:
            for where in graph.get(source, {}).get(target, []):
                lines.append(f"  {source} -> {target}: {where}")
    return "\n".join(lines)


def test_the_graph_sees_imports_inside_functions_but_not_type_checking_ones(tmp_path):
    tree = ast.parse(
        "from typing import TYPE_CHECKING\n"
        "if TYPE_CHECKING:\n    from icv.rota.models import PlannedVisit\n"
        "def f():\n    from icv.visits import services\n"
    )
    skipped = type_checking_nodes(tree)
    seen = {
        node_of(name)
        for node in ast.walk(tree)
        if id(node) not in skipped
        for name in imported_names(node, "icv.suites.services", False)
    }
    assert seen - {None} == {"icv.visits"}


def test_cycles_finds_a_loop_through_three_areas():
    graph = {"a": {"b": ["x"]}, "b": {"c": ["y"]}, "c": {"a": ["z"]}, "d": {"a": ["w"]}}
    assert cycles(graph) == [["a", "b", "c"]]


def test_areas_import_each_other_one_way():
    graph = import_graph()
    found = cycles(graph)
    assert not found, "Import cycles between areas:\n" + "\n".join(
        describe(graph, component) for component in found
    )


if __name__ == "__main__":
    graph = import_graph()
    for source in sorted(graph):
        print(source, "->", ", ".join(sorted(graph[source])))
    for component in cycles(graph):
        print("\nCYCLE", describe(graph, component))
