"""Blueprints without cycles (issue 13, item 2): each area's blueprint is made in its package
``__init__.py``, route modules (``routes.py``, ``*_routes.py``) take it from there and never
import another route module, and no module imports anything at its bottom (``noqa: E402``).
The composition root, ``icv/web.py``, imports the route modules to register their pages.
"""

from __future__ import annotations

import ast
import io
import tokenize
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "icv"


def modules() -> list[Path]:
    return sorted(path for path in PACKAGE.rglob("*.py") if "static" not in path.parts)


def is_route_module(name: str) -> bool:
    """``icv.rota.routes`` or ``icv.rota.visit_routes`` (a dotted name or a file's stem)."""
    last = name.rsplit(".", 1)[-1]
    return last == "routes" or last.endswith("_routes")


def dotted(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imported_modules(tree: ast.AST, module: str) -> set[str]:
    """Every module an import names, including ``from package import module``."""
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = module.split(".")[: -node.level]
                source = ".".join(base + ([node.module] if node.module else []))
            else:
                source = node.module or ""
            names.add(source)
            names.update(f"{source}.{alias.name}" for alias in node.names)
    return names


def blueprints_made(tree: ast.AST) -> int:
    """How many ``Blueprint(...)`` calls a module makes."""
    return sum(
        1
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and (
            (isinstance(node.func, ast.Name) and node.func.id == "Blueprint")
            or (isinstance(node.func, ast.Attribute) and node.func.attr == "Blueprint")
        )
    )


def noqa_e402_lines(source: str) -> list[int]:
    """Lines whose comment excuses an import below code (E402)."""
    tokens = tokenize.generate_tokens(io.StringIO(source).readline)
    return [
        token.start[0]
        for token in tokens
        if token.type == tokenize.COMMENT and "E402" in token.string and "noqa" in token.string
    ]


def route_modules_importing_route_modules(files: dict[str, str]) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for module, source in files.items():
        if not is_route_module(module):
            continue
        imported = imported_modules(ast.parse(source), module)
        others = sorted(
            name
            for name in imported
            if name.startswith("icv.") and is_route_module(name) and name != module
        )
        if others:
            found[module] = others
    return found


def source_files() -> dict[str, str]:
    return {dotted(path): path.read_text(encoding="utf-8") for path in modules()}


def areas_with_routes() -> set[str]:
    return {
        path.parent.name
        for path in modules()
        if path.parent.parent == PACKAGE and is_route_module(path.stem)
    }


def test_no_module_imports_below_its_code():
    excused = {
        f"{dotted(path)}:{line}"
        for path in modules()
        for line in noqa_e402_lines(path.read_text(encoding="utf-8"))
    }
    assert excused == set()


def test_no_route_module_imports_another_route_module():
    assert route_modules_importing_route_modules(source_files()) == {}


def test_every_area_with_routes_makes_its_blueprint_in_its_package():
    without = sorted(
        area
        for area in areas_with_routes()
        if not blueprints_made(ast.parse((PACKAGE / area / "__init__.py").read_text()))
    )
    assert without == []


def test_no_module_but_a_package_makes_a_blueprint():
    makers = sorted(
        module
        for module, source in source_files().items()
        if blueprints_made(ast.parse(source)) and module.count(".") != 1
    )
    assert makers == []


def test_the_checks_see_what_they_look_for():
    files = {
        "icv.rota.visit_routes": "from icv.rota.routes import bp\nfrom icv.rota import queries\n",
        "icv.rota.my_routes": "from icv.rota import availability_routes, queries\n",
        "icv.rota.queries": "from icv.rota import routes\n",
        "icv.rota.routes": "from .visit_routes import x\nfrom icv.rota import bp\n",
    }
    assert route_modules_importing_route_modules(files) == {
        "icv.rota.visit_routes": ["icv.rota.routes"],
        "icv.rota.my_routes": ["icv.rota.availability_routes"],
        "icv.rota.routes": ["icv.rota.visit_routes"],
    }
    assert noqa_e402_lines("import a\nx = 1\nimport b  # noqa: E402, F401\n") == [3]
    assert blueprints_made(ast.parse("bp = Blueprint('a', __name__)\nf = flask.Blueprint()")) == 2


def test_the_composition_root_registers_every_route_module():
    from icv.web import ROUTE_MODULES

    route_modules = {module for module in source_files() if is_route_module(module)}
    assert route_modules - set(ROUTE_MODULES) == set()
