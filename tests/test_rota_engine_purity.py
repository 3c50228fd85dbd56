"""The rota engine is pure: importing every module of icv/rota/engine/ in a fresh interpreter
loads nothing of Flask, SQLAlchemy, Werkzeug, Jinja or the rest of icv."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ENGINE = Path(__file__).resolve().parent.parent / "icv" / "rota" / "engine"
FORBIDDEN = ("flask", "sqlalchemy", "werkzeug", "jinja2")
MOVED = {
    f"icv.rota.engine.{name}"
    for name in (
        *("augment", "balance", "bound", "checker", "coverage", "index", "jsonformat"),
        *("people", "plan", "polish", "problem", "quality", "reading", "reasons", "retime"),
        *("search", "solver", "validation"),
    )
}

# The parents icv and icv.rota are stood in for by empty packages over their real folders: what
# is measured is what the engine's own modules import, not what the web app's packages run
# when imported (icv/__init__.py builds the Flask app, and a blueprint may live in
# icv/rota/__init__.py).
LOAD_EVERY_MODULE = """
import importlib, json, sys, types
from pathlib import Path

engine = Path(sys.argv[1])
for name, folder in (("icv", engine.parent.parent), ("icv.rota", engine.parent)):
    parent = types.ModuleType(name)
    parent.__path__ = [str(folder)]
    sys.modules[name] = parent
found = []
for path in sorted(engine.rglob("*.py")):
    parts = path.relative_to(engine).with_suffix("").parts
    if parts[-1] == "__init__":
        parts = parts[:-1]
    found.append(".".join(("icv", "rota", "engine", *parts)))
for name in found:
    importlib.import_module(name)
print(json.dumps({"found": found, "loaded": sorted(sys.modules)}))
"""


def load_engine() -> dict[str, list[str]]:
    ran = subprocess.run(
        [sys.executable, "-c", LOAD_EVERY_MODULE, str(ENGINE)],
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(ran.stdout)


def test_the_engine_imports_nothing_of_the_web_side():
    loaded = load_engine()["loaded"]
    web = [name for name in loaded if name.split(".")[0] in FORBIDDEN]
    other_icv = [
        name
        for name in loaded
        if name.startswith("icv.")
        and name != "icv.rota"
        and not (name == "icv.rota.engine" or name.startswith("icv.rota.engine."))
    ]
    assert web == []
    assert other_icv == []


def test_every_module_of_the_engine_is_imported_by_the_check():
    result = load_engine()
    modules = {
        f"icv.rota.engine.{path.stem}" for path in ENGINE.glob("*.py") if path.stem != "__init__"
    }
    assert modules >= MOVED  # the glob sees the engine's modules
    assert modules <= set(result["found"])
    assert set(result["found"]) <= set(result["loaded"])


def test_the_engine_exports_its_contract():
    import icv.rota.engine as engine
    from icv.rota.engine.checker import violations
    from icv.rota.engine.problem import Problem, Solution
    from icv.rota.engine.quality import quality
    from icv.rota.engine.solver import solve

    assert sorted(engine.__all__) == ["Problem", "Solution", "quality", "solve", "violations"]
    assert (engine.solve, engine.violations, engine.quality) == (solve, violations, quality)
    assert (engine.Problem, engine.Solution) == (Problem, Solution)
