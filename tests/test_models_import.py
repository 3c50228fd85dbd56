"""The models import in any order a process may start with: ``icv.models`` first, as the
command line's app does. Loader options built while a module was imported configured the
mappers before every model was (``icv demo`` failed on ExpenseClaim's VisitReport)."""

from __future__ import annotations

import subprocess
import sys

FIRST_IMPORT = (
    "import icv.models; from sqlalchemy.orm import configure_mappers; configure_mappers()"
)


def test_every_model_imports_with_icv_models_first_in_a_fresh_process():
    done = subprocess.run(
        [sys.executable, "-c", FIRST_IMPORT], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr[-2000:]
