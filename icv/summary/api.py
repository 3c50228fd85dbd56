"""The summary API: ``GET /api/v1/summary/<year>?basis=...`` and its OpenAPI document.

A request carries a personal API token (``Authorization: Bearer icv_...``), never a session:
nothing here reads or sets the session cookie, and there is nothing to protect from CSRF (GET
only). 401 without a live token, 403 when its owner no longer holds a role that may read
summaries, 400 with a JSON error for a bad year, basis or quarter.
"""

from __future__ import annotations

import json
from typing import Any

from flask import Response, request
from werkzeug.exceptions import HTTPException

from icv.clock import now_utc, today_local
from icv.extensions import db, limiter
from icv.summary import api_bp as bp
from icv.summary import queries, services
from icv.summary.rules import Period, Records, SummaryInputError, parse_period

#: Generous for a spreadsheet refreshing its figures, tight enough to stop guessing at tokens.
API_LIMIT = "60 per minute"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def as_json(data: Any, status: int = 200, **headers: str) -> Response:
    """JSON in the order the figures are built (Flask's own sorts keys), as the CLI prints it."""
    return Response(dumps(data), status=status, mimetype="application/json", headers=headers)


def dumps(data: Any) -> str:
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def problem(status: int, message: str, **extra: Any) -> Response:
    # pydantic's models are built on import: only a request to the API pays for them.
    from icv.summary.schemas import Error, as_described

    headers = {}
    if status == 401:
        headers["WWW-Authenticate"] = 'Bearer realm="icv"'
    return as_json(as_described(Error, {"error": message, **extra}), status, **headers)


@bp.errorhandler(HTTPException)
def http_error(error: HTTPException) -> Response:
    """An error raised before or outside the views here (a NUL in the query is refused for
    every page, a limit reached) is answered in JSON too, as the document says."""
    message = "The request could not be read" if error.code == 400 else error.name
    response = problem(error.code or 500, message)
    response.headers.extend(error.get_headers())
    response.headers["Content-Type"] = "application/json"
    return response


def presented_token() -> str | None:
    scheme, _, token = request.headers.get("Authorization", "").partition(" ")
    return token.strip() or None if scheme.lower() == "bearer" else None


def asked_period(year: str) -> tuple[Period | None, Response | None]:
    """The period a request with a live token asks for, or the answer refusing it (401 without
    a live token, 403 when its owner may no longer read summaries, 400 for a bad period)."""
    token = presented_token()
    owner = services.token_owner(token, now_utc()) if token else None
    if owner is None:
        return None, problem(401, "Send a valid API token: Authorization: Bearer <token>")
    if not owner.has_role(*services.SIGNERS):
        db.session.rollback()
        return None, problem(403, "This token's owner can no longer read summaries")
    records = Records(queries.records_begin())
    args = request.args
    try:
        period = parse_period(year, args.get("basis"), args.get("quarter"), today_local(), records)
    except SummaryInputError as error:
        db.session.commit()  # the token was used
        return None, problem(400, error.message, field=error.field)
    return period, None


@bp.get("/summary/<year>")
@limiter.limit(API_LIMIT)
def summary(year: str):
    period, refusal = asked_period(year)
    if period is None:
        return refusal
    records = Records(queries.records_begin())
    body = services.summary_for(period, today_local(), records).as_json()
    db.session.commit()
    return as_json(body)


@bp.get("/summary/<year>/icva-return.<any(csv, xlsx):kind>")
@limiter.limit(API_LIMIT)
def icva_return(year: str, kind: str):
    """ICVA's quarterly return (icv/summary/icva.py) for the period asked for."""
    from icv.summary import icva

    period, refusal = asked_period(year)
    if period is None:
        return refusal
    rows = icva.return_rows(period, today_local(), Records(queries.records_begin()))
    db.session.commit()
    if kind == "xlsx":
        return Response(icva.icva_xlsx(rows), mimetype=XLSX)
    return Response(icva.icva_csv(rows), mimetype="text/csv")


@bp.get("/openapi.json")
def openapi():
    from icv.summary.openapi import openapi_document  # see problem()

    return as_json(openapi_document())
