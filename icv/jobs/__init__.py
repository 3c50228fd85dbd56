"""Background jobs: the scheduler process, the job registry, and one module per job.

``registry.JOBS`` lists every job (its docstring says how to add one); ``scheduler`` runs them
in their own process (``icv scheduler``); ``runs`` records each run for the admin page
(``/admin/jobs``); ``claims`` makes every piece of scheduled work happen once.
"""

from flask import Blueprint

from icv.jobs import listeners  # noqa: F401  (connects its signal receivers)

bp = Blueprint("jobs", __name__, url_prefix="/admin/jobs")
