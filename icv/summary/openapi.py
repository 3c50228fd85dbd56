"""The OpenAPI 3 document of the summary API (``/api/v1/openapi.json``).

Its schemas come from the models the API's JSON is written through (``schemas.py``); the tests
check real responses against this document with jsonschema.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from pydantic.json_schema import GenerateJsonSchema, models_json_schema

from icv.summary.rules import FIRST_YEAR
from icv.summary.schemas import Error, Summary

Schema = dict[str, Any]


class UntitledFields(GenerateJsonSchema):
    """No title on every field: its name says as much."""

    def field_title_should_be_set(self, schema: Any) -> bool:
        return False


@cache
def component_schemas() -> dict[str, Schema]:
    """Summary, Error and every model they hold, each once, referred to by name (made once:
    the models do not change while the app runs)."""
    _, document = models_json_schema(
        [(Summary, "serialization"), (Error, "serialization")],
        ref_template="#/components/schemas/{model}",
        schema_generator=UntitledFields,
    )
    return document["$defs"]


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


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


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
            },
            "/api/v1/summary/{year}/icva-return.{kind}": {
                "get": {
                    "summary": "ICVA's quarterly return: the quarter, or each quarter and the year",
                    "description": "Columns as in docs/summary-json.md (ICVA's return): offered "
                    "= accepted (spoken with) + declined; observed only apart.",
                    "operationId": "getIcvaReturn",
                    "parameters": [
                        *parameters(),
                        {
                            "name": "kind",
                            "in": "path",
                            "required": True,
                            "description": "csv or xlsx",
                            "schema": {"type": "string", "enum": ["csv", "xlsx"]},
                        },
                    ],
                    "security": [{"bearerToken": []}],
                    "responses": {
                        "200": {
                            "description": "A row per period, column names first",
                            "content": {
                                "text/csv": {"schema": {"type": "string"}},
                                XLSX: {"schema": {"type": "string", "format": "binary"}},
                            },
                        },
                        "400": response("A bad year, basis or quarter", ERROR_REF),
                        "401": response("No token, or one that is unknown or revoked", ERROR_REF),
                        "403": response(
                            "The token's owner may no longer read summaries", ERROR_REF
                        ),
                    },
                }
            },
        },
        "components": {
            "securitySchemes": {
                "bearerToken": {
                    "type": "http",
                    "scheme": "bearer",
                    "description": "A personal API token made at /summary/api-tokens",
                }
            },
            "schemas": component_schemas(),
        },
    }
