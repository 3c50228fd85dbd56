"""The report pages' service worker and its offline page: what lets a volunteer write a
report with no signal (static/js/report-sw.js keeps the pages on the phone)."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from flask import current_app, render_template, request

from icv.visits import bp


@cache
def worker_script(path: str) -> bytes:
    return Path(path).read_bytes()


@bp.get("/sw.js")
def service_worker():
    """The report pages' service worker, served from here so its scope is /reports/."""
    script = worker_script(str(Path(current_app.static_folder) / "js" / "report-sw.js"))
    response = current_app.response_class(script, mimetype="text/javascript")
    response.headers["Cache-Control"] = "no-cache"  # the browser checks for a new version
    response.add_etag()
    return response.make_conditional(request)


@bp.get("/offline")
def offline():
    """Shown by the service worker when a report page is opened offline before it was saved."""
    return render_template("visits/offline.html")
