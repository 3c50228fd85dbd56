"""The rota engine: a problem in, a solution out, and the checks of a solution against it.

Pure Python (the standard library only): no Flask, no database, nothing else of icv, so the
solver runs the same in a request, a job, ``icv rota solve`` and the benchmarks, and
tests/test_rota_engine_purity.py fails on any import that would break that. The web side
builds a ``Problem`` from the database (icv/rota/problem_from_db.py) and stores the
``Solution``; the format of both in JSON is docs/rota-problem.md.
"""

from icv.rota.engine.checker import violations
from icv.rota.engine.problem import Problem, Solution
from icv.rota.engine.quality import quality
from icv.rota.engine.solver import solve

__all__ = ["Problem", "Solution", "quality", "solve", "violations"]
