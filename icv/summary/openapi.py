"""The OpenAPI 3 document of the summary API (``/api/v1/openapi.json``).

The response schema describes exactly what ``services.Summary.as_json`` returns; a test checks
real responses against it, so the two cannot drift apart.
"""

from __future__ import annotations

from typing import Any

from icv.summary.rules import FIRST_YEAR

Schema = dict[str, Any]


def integer(description: str | None = None) -> Schema:
    return {"type": "integer", **({"description": description} if description else {})}


def nullable(schema: Schema) -> Schema:
    return {**schema, "type": [schema["type"], "null"]}


def text(description: str | None = None) -> Schema:
    return {"type": "string", **({"description": description} if description else {})}


def counts(description: str) -> Schema:
    """An object of counts keyed by name (suite, month, category ...)."""
    return {"type": "object", "description": description, "additionalProperties": integer()}


def obj(
    properties: dict[str, Schema], description: str | None = None, optional: tuple[str, ...] = ()
) -> Schema:
    schema: Schema = {
        "type": "object",
        "properties": properties,
        "required": [name for name in properties if name not in optional],
    }
    return {**schema, **({"description": description} if description else {})}


def ints(*names: str) -> dict[str, Schema]:
    return {name: integer() for name in names}


MEDIAN = {"type": ["number", "null"], "description": "null when there is nothing to take it of"}
PUBLISHED_COUNT = {
    "oneOf": [integer(), {"type": "string", "enum": ["fewer than 5", "not shown"]}],
    "description": 'A count; 1 to 4 are published as "fewer than 5", and further counts as "not '
    'shown" (the smallest first) until none could be worked out from the total and the counts '
    'shown; every count of a question fewer than 5 people answered is "not shown"',
}
PERIOD = obj(
    {
        "label": text("2016, 2016/17 or Q1 2016/17"),
        "start": {"type": "string", "format": "date"},
        "end": {"type": "string", "format": "date", "description": "inclusive"},
        "basis": {"type": "string", "enum": ["calendar", "financial"]},
        "year": integer(),
        "quarter": nullable(integer("1 to 4, or null for the whole year")),
        "months": text("January to December 2016"),
        "complete": {"type": "boolean", "description": "false while the period is running"},
        "title": text(
            'How the page names it: "2026 so far, to 4 December" while it runs, '
            '"2024 (records from 11 November)" when records began during it, else the label'
        ),
        "records_begin": nullable(
            {
                "type": "string",
                "format": "date",
                "description": "The day of the first visit recorded; null while there is none",
            }
        ),
        "has_records": {
            "type": "boolean",
            "description": "false for a period that ended before records began",
        },
    }
)
VISITS = obj(
    {
        **ints("attempted", "completed", "no_access", "abandoned", "planned", "missed"),
        "by_mode": obj(ints("in_person", "virtual", "telephone")),
        "by_suite": counts("Completed visits by suite name"),
        "by_month": counts("Completed visits by month, YYYY-MM"),
        "by_quarter": counts("Completed visits by quarter of the scheme year, Q1 to Q4"),
        "by_weekday": obj(ints("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")),
        "by_band": counts("Completed visits by time band id (labels.bands names them)"),
        "tact": integer("Completed visits to people held under the Terrorism Act"),
    },
    "attempted = completed + no_access + abandoned; the by_ breakdowns count completed visits",
)
TIME = obj(
    {
        "visit_hours": {
            "type": "number",
            "description": "Every attempted visit, arrival to leaving",
        },
        "visitor_hours": {
            "type": "number",
            "description": "Each attempted visit's hours times the visitors recorded on it",
        },
    },
    "Time given to visits, in hours to one decimal place (from whole minutes). Missing from "
    "figures signed off before the summary had it",
)
ACCESS = obj(
    {
        "visits_delayed": integer("Visits whose wait exceeded delay_threshold_minutes"),
        "median_delay_minutes": MEDIAN,
        "longest_delay_minutes": nullable(integer()),
        "median_wait_minutes": MEDIAN,
        "delay_threshold_minutes": integer(),
    }
)
DETAINEES = obj(
    {
        **ints("in_custody", "offered", "spoken", "observed", "declined", "not_offered"),
        "unaccounted": integer("in_custody - offered - not_offered"),
        **ints("juveniles", "vulnerable_adults"),
        "not_offered_by_reason": counts("People not offered a visit, by reason"),
    },
    "From completed visits",
)
ISSUES = obj(
    {
        **ints("raised", "serious", "resolved", "open", "serious_open"),
        "median_days_to_resolve": MEDIAN,
        "resolved_during_period": integer("Closed during the period, raised at any time"),
        "by_category": counts("Issues raised by category id (labels.categories names them)"),
    },
    "Issues raised at visits in the period; resolved and open as at its end",
)
VOLUNTEERS = obj(
    {
        **ints("active_at_end", "appointed", "left"),
        "as_at": {"type": "string", "format": "date"},
        "visits_per_volunteer": counts("Volunteers by visits made: none, 1 to 5, ..."),
        "median_visits_per_volunteer": MEDIAN,
    }
)
EQUALITY_GROUP = {
    "type": "object",
    "properties": {"responses": PUBLISHED_COUNT},
    "required": ["responses"],
    "additionalProperties": {"type": "object", "additionalProperties": PUBLISHED_COUNT},
}


def maybe_ints(*names: str) -> Schema:
    """Counts of the period before: null, every one, when it ended before records began."""
    return obj({name: nullable(integer()) for name in names})


PREVIOUS = obj(
    {
        "period": PERIOD,
        "visits": maybe_ints("attempted", "completed", "no_access", "abandoned"),
        "time": obj(
            {name: nullable(schema) for name, schema in TIME["properties"].items()},
        ),
        "access": maybe_ints("visits_delayed"),
        "detainees": maybe_ints("in_custody", "spoken"),
        "issues": maybe_ints("raised", "serious"),
        "volunteers": maybe_ints("active_at_end"),
    },
    "The period before, for comparison. When it ended before records began (period.has_records "
    "false) it keeps these keys, every figure null: there is nothing to compare with",
    optional=("time",),
)
NAMES = {"type": "object", "additionalProperties": text()}
PUBLICATION = obj(
    {
        "status": {"type": "string", "enum": ["signed_off", "not_signed_off"]},
        "signed_off_at": nullable({"type": "string", "format": "date-time"}),
        "narrative": nullable(text()),
        "corrections": {
            "type": "array",
            "description": "Figures that changed since sign-off (the body shows them as published)",
            "items": obj(
                {
                    "figure": text("Dotted key, e.g. visits.by_suite.Rugby"),
                    "published": {},
                    "current": {},
                }
            ),
        },
    }
)
SUMMARY = obj(
    {
        "period": PERIOD,
        "headline": text(),
        "visits": VISITS,
        "time": TIME,
        "access": ACCESS,
        "detainees": DETAINEES,
        "issues": ISSUES,
        "volunteers": VOLUNTEERS,
        "diversity": obj({"applicants": EQUALITY_GROUP, "volunteers": EQUALITY_GROUP}),
        "previous": PREVIOUS,
        "labels": obj({"bands": NAMES, "categories": NAMES, "modes": NAMES, "reasons": NAMES}),
        "publication": PUBLICATION,
    },
    optional=("time",),
)
ERROR = {
    "type": "object",
    "properties": {"error": text(), "field": text("year, basis or quarter")},
    "required": ["error"],
}

SUMMARY_REF = {"$ref": "#/components/schemas/Summary"}
ERROR_REF = {"$ref": "#/components/schemas/Error"}


def parameters() -> list[Schema]:
    return [
        {
            "name": "year",
            "in": "path",
            "required": True,
            "description": "The year the period starts in, from the first with records (the "
            f"year they begin, {FIRST_YEAR} at the earliest) to the current one",
            "schema": {"type": "string", "pattern": "^[0-9]{4}$"},
        },
        {
            "name": "basis",
            "in": "query",
            "description": "calendar (January to December) or financial (April to March)",
            "schema": {"type": "string", "enum": ["calendar", "financial"], "default": "calendar"},
        },
        {
            "name": "quarter",
            "in": "query",
            "description": "1 to 4 for one quarter of the year; leave out for the whole year",
            "schema": {"type": "integer", "minimum": 1, "maximum": 4},
        },
    ]


def response(description: str, schema: Schema) -> Schema:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


def openapi_document() -> dict[str, Any]:
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "icv summary API",
            "version": "1",
            "description": "The annual (or quarterly) summary of an Independent Custody Visiting "
            "scheme, as the Commissioner's dashboard shows it. No personal data.",
        },
        "paths": {
            "/api/v1/summary/{year}": {
                "get": {
                    "summary": "A year's or a quarter's summary",
                    "operationId": "getSummary",
                    "parameters": parameters(),
                    "security": [{"bearerToken": []}],
                    "responses": {
                        "200": response("The summary; signed-off years as published", SUMMARY_REF),
                        "400": response("A bad year, basis or quarter", ERROR_REF),
                        "401": response("No token, or one that is unknown or revoked", ERROR_REF),
                        "403": response(
                            "The token's owner may no longer read summaries", ERROR_REF
                        ),
                    },
                }
            }
        },
        "components": {
            "securitySchemes": {
                "bearerToken": {
                    "type": "http",
                    "scheme": "bearer",
                    "description": "A personal API token made at /summary/api-tokens",
                }
            },
            "schemas": {"Summary": SUMMARY, "Error": ERROR},
        },
    }
