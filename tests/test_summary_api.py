"""``icv summary`` and the token API give the same JSON; tokens, errors and the OpenAPI document."""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest
from jsonschema import Draft202012Validator
from openapi_spec_validator import validate
from sqlalchemy import select

from icv.accounts.models import User
from icv.extensions import db
from icv.summary.models import AnnualSummary, ApiToken
from icv.summary.services import create_token
from tests.reporting import NOW, frozen  # noqa: F401  (fixture: 24 November 2026)
from tests.summary_data import (  # noqa: F401  (fixture)
    correct_later,
    history_fixture,
    signed_off_before_time_was_summed,
)

KEYS = {
    "period": {"label", "start", "end", "basis"},
    "visits": {"attempted", "completed", "no_access", "abandoned", "planned", "missed"}
    | {"by_mode", "by_suite", "by_month", "by_weekday", "by_band"},
    "access": {"visits_delayed", "median_delay_minutes", "longest_delay_minutes"},
    "detainees": {"in_custody", "offered", "spoken", "observed", "declined", "not_offered"}
    | {"unaccounted", "juveniles"},
    "issues": {"raised", "serious", "resolved", "open", "by_category"},
    "volunteers": {"active_at_end", "appointed", "left"},
}

#: Why earlier years are refused: the history's first visit.
BEGIN = "records begin in November 2024"


@pytest.fixture
def token(app, personas, history) -> str:
    """A token of the commissioner's."""
    with app.app_context():
        _, made = create_token(db.session.get(User, personas["commissioner"]), "Panel papers")
        db.session.commit()
        return made


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def test_the_cli_and_the_api_give_the_same_json(app, client, token):
    result = app.test_cli_runner().invoke(
        args=["summary", "--year", "2025", "--basis", "financial", "--format", "json"]
    )
    assert result.exit_code == 0, result.stderr
    response = client.get("/api/v1/summary/2025?basis=financial", headers=bearer(token))
    assert response.status_code == 200
    assert response.mimetype == "application/json"
    assert response.text == result.stdout
    body = json.loads(response.text)
    for section, keys in KEYS.items():
        assert keys <= set(body[section]), section
    assert body["period"]["label"] == "2025/26"
    v = body["visits"]
    assert v["attempted"] == v["completed"] + v["no_access"] + v["abandoned"] == 6
    # Minutes of 2025/26 (tests/test_summary_figures.py): 335, and 295 times the visitors.
    assert body["time"] == {"visit_hours": 5.6, "visitor_hours": 4.9}
    assert body["previous"]["time"] == {"visit_hours": 3.7, "visitor_hours": 5.2}
    d = body["detainees"]
    assert d["unaccounted"] == d["in_custody"] - d["offered"] - d["not_offered"]
    assert body["publication"] == {
        "status": "not_signed_off",
        "signed_off_at": None,
        "narrative": None,
        "corrections": [],
    }
    # No cookie for a token caller.
    assert "Set-Cookie" not in response.headers


def test_a_signed_off_year_is_served_as_published(app, login, token, history):
    coordinator = login("coordinator")
    coordinator.post("/summary/2025/sign-off")
    coordinator.post("/sign-out")
    response = app.test_client().get("/api/v1/summary/2025", headers=bearer(token))
    body = response.json
    assert body["publication"]["status"] == "signed_off"
    assert body["publication"]["signed_off_at"] == NOW.isoformat(timespec="seconds")
    assert body["visits"]["completed"] == 5


def test_a_year_signed_off_before_time_was_summed_is_served_without_it(
    app, login, client, token, history
):
    login("coordinator").post("/summary/2025/sign-off")
    signed_off_before_time_was_summed(app)
    correct_later(app, history)
    response = client.get("/api/v1/summary/2025", headers=bearer(token))
    assert response.status_code == 200
    body = response.json
    assert ("time" in body, "time" in body["previous"]) == (False, False)
    figures = [item["figure"] for item in body["publication"]["corrections"]]
    # The Panel's shares change with the corrections too (a visit more; 6 in custody, not 4).
    panel = [figure for figure in figures if figure.startswith("panel.")]
    assert len(figures) - len(panel) == 19  # 6 of them checks.*
    assert panel == [
        "panel.by_suite.Leamington Spa.detainees",
        *(f"panel.percentages.detainees.{k}" for k in ("declined", "not_offered", "observed")),
        *(f"panel.percentages.detainees.{k}" for k in ("offered", "spoken")),
        *(f"panel.percentages.visits.{k}" for k in ("abandoned", "completed", "no_access")),
    ]
    assert not [figure for figure in figures if figure.startswith("time.")]
    # The late Rugby report was filed without checks: one more report "not recorded".
    assert [figure for figure in figures if figure.startswith("checks.")] == [
        "checks.detainees.mental_health_not_recorded",
        "checks.detainees.sex_not_recorded",
        "checks.good_practice.not_recorded",
        "checks.not_recorded",
        "checks.ratings.not_recorded",
        "checks.reports",
    ]
    document = client.get("/api/v1/openapi.json").json
    assert problems(SUMMARY_SCHEMA, body, document) == []
    cli = app.test_cli_runner().invoke(args=["summary", "--year", "2025", "--format", "json"])
    assert cli.exit_code == 0
    assert cli.stdout == response.text


def test_the_token_is_kept_only_as_a_hash_and_notes_its_use(app, client, token):
    client.get("/api/v1/summary/2025", headers=bearer(token))
    with app.app_context():
        stored = db.session.scalars(select(ApiToken)).one()
        assert token not in (stored.token_hash, stored.hint)
        assert token.startswith(stored.hint)
        assert len(stored.token_hash) == 64
        assert stored.last_used_at == NOW


@pytest.mark.parametrize(
    "authorization",
    [None, "Bearer", "Bearer icv_not-a-token", "Basic dXNlcjpwYXNz", "icv_something"],
)
def test_a_request_without_a_live_token_gets_401(client, token, authorization):
    headers = {"Authorization": authorization} if authorization else {}
    response = client.get("/api/v1/summary/2025", headers=headers)
    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"] == 'Bearer realm="icv"'
    assert response.json == {"error": "Send a valid API token: Authorization: Bearer <token>"}
    assert "Set-Cookie" not in response.headers


def test_a_request_refused_before_the_api_reads_it_is_answered_in_json(client, token):
    # Found by the generated input (issue 18): a NUL in the query is refused for every page
    # before any view runs, and the API answered with the HTML error page.
    response = client.get("/api/v1/summary/2025?basis=%00", headers=bearer(token))
    assert response.status_code == 400
    assert response.mimetype == "application/json"
    assert response.json == {"error": "The request could not be read"}


def test_a_revoked_token_or_a_closed_account_gets_401(app, login, token, personas):
    commissioner = login("commissioner")
    with app.app_context():
        token_id = db.session.scalars(select(ApiToken.id)).one()
    assert commissioner.post(f"/summary/api-tokens/{token_id}/revoke").status_code == 302
    assert app.test_client().get("/api/v1/summary/2025", headers=bearer(token)).status_code == 401
    with app.app_context():
        owner = db.session.get(User, personas["commissioner"])
        _, second = create_token(owner, "Another")
        owner.is_active = False
        db.session.commit()
    assert app.test_client().get("/api/v1/summary/2025", headers=bearer(second)).status_code == 401


def test_a_token_whose_owner_lost_the_role_gets_403(app, client, token, personas):
    with app.app_context():
        db.session.get(User, personas["commissioner"]).set_roles({"volunteer"})
        db.session.commit()
    response = client.get("/api/v1/summary/2025", headers=bearer(token))
    assert response.status_code == 403
    assert response.json == {"error": "This token's owner can no longer read summaries"}


@pytest.mark.parametrize(
    ("url", "field", "message"),
    [
        ("/api/v1/summary/2025?basis=fiscal", "basis", "The basis must be calendar or financial"),
        ("/api/v1/summary/2099", "year", "The year must be between 2024 and 2026: " + BEGIN),
        # Before the first record (11 November 2024): nothing to count, as on the page.
        ("/api/v1/summary/2023", "year", "The year must be between 2024 and 2026: " + BEGIN),
        (
            "/api/v1/summary/2024?quarter=3",
            "quarter",
            "Q3 2024 ended before records begin in November 2024",
        ),
        ("/api/v1/summary/20x6", "year", "Enter the year as 4 digits, like 2025"),
        ("/api/v1/summary/2025?quarter=0", "quarter", "The quarter must be 1, 2, 3 or 4"),
    ],
)
def test_bad_input_gets_400_with_a_json_error(client, token, url, field, message):
    response = client.get(url, headers=bearer(token))
    assert response.status_code == 400
    assert response.json == {"error": message, "field": field}


def test_a_session_cookie_does_not_open_the_api_nor_get_refreshed(login, token):
    client = login("commissioner")
    without = client.get("/api/v1/summary/2025")
    assert without.status_code == 401
    with_token = client.get("/api/v1/summary/2025", headers=bearer(token))
    assert with_token.status_code == 200
    assert "Set-Cookie" not in without.headers
    assert "Set-Cookie" not in with_token.headers


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--year", "2099"], "The year must be between 2024 and 2026: " + BEGIN),
        (["--year", "1979"], "The year must be between 2024 and 2026: " + BEGIN),
        (["--year", "2025", "--basis", "fiscal"], "The basis must be calendar or financial"),
        (["--year", "16"], "Enter the year as 4 digits, like 2025"),
        ([], "give the year with --year, like --year 2025"),
        (
            ["--year", "2025", "--format", "xml"],
            "the format must be text, json, csv or icva, not 'xml'",
        ),
    ],
)
def test_the_cli_refuses_bad_input_in_one_line(app, history, args, message):
    result = app.test_cli_runner().invoke(args=["summary", *args])
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [f"icv summary: {message}"]
    assert result.stdout == ""


def test_the_cli_prints_text_and_csv(app, history):
    runner = app.test_cli_runner()
    text = runner.invoke(args=["summary", "--year", "2025"]).stdout
    assert text.splitlines()[:2] == [
        "2025 (January to December 2025)",
        "5 visits to custody in 2025, with 1 serious issue identified",
    ]
    assert "  Visits completed                                    5" in text
    assert "  Hours of visits (arrival to leaving)                       7.3\n" in text
    assert "  Visitor hours (hours of each visit times its visitors)     8.1\n" in text
    table = runner.invoke(args=["summary", "--year", "2025", "--quarter", "4", "--format", "csv"])
    assert table.stdout.splitlines()[0] == (
        "table,figure,value,previous_period,corrected_since_sign_off"
    )
    assert "Visits,Visits completed,2,0," in table.stdout


def problems(schema: dict, value: Any, document: dict) -> list[str]:
    """Where ``value`` breaks ``schema`` (a schema of the OpenAPI document, whose ``$ref``s
    point into its components), as jsonschema reports it, each after its JSON path."""
    root = {**schema, "components": document["components"]}
    checker = Draft202012Validator(root, format_checker=Draft202012Validator.FORMAT_CHECKER)
    return sorted(f"{error.json_path}: {error.message}" for error in checker.iter_errors(value))


SUMMARY_SCHEMA = {"$ref": "#/components/schemas/Summary"}


def test_the_openapi_document_describes_the_responses(app, login, client, token, history):
    document = client.get("/api/v1/openapi.json").json
    assert document["openapi"] == "3.1.0"
    operation = document["paths"]["/api/v1/summary/{year}"]["get"]
    assert [p["name"] for p in operation["parameters"]] == ["year", "basis", "quarter"]
    assert operation["security"] == [{"bearerToken": []}]
    assert document["components"]["securitySchemes"]["bearerToken"]["scheme"] == "bearer"
    summary = operation["responses"]["200"]["content"]["application/json"]["schema"]
    error = operation["responses"]["400"]["content"]["application/json"]["schema"]
    # A signed-off year with corrections, and a quarter.
    login("coordinator").post("/summary/2025/sign-off")
    correct_later(app, history)
    signed = client.get("/api/v1/summary/2025", headers=bearer(token)).json
    assert len(signed["publication"]["corrections"]) == 14 + 6 + 9  # checks.*, the Panel's
    quarter = client.get("/api/v1/summary/2025?basis=financial&quarter=3", headers=bearer(token))
    assert quarter.json["period"]["start"] == "2025-10-01"
    for body in (signed, quarter.json):
        assert problems(summary, body, document) == []
    bad = client.get("/api/v1/summary/1900", headers=bearer(token)).json
    assert problems(error, bad, document) == []
    # The check itself catches a body that strays from the document.
    assert problems(summary, {**signed, "extra": 1}, document) == [
        "$: Additional properties are not allowed ('extra' was unexpected)"
    ]


def test_the_period_before_records_begin_is_served_with_its_keys_and_no_figures(client, token):
    body = client.get("/api/v1/summary/2024", headers=bearer(token)).json
    before = body["previous"]
    assert before["period"]["has_records"] is False
    assert before["visits"] == dict.fromkeys(["attempted", "completed", "no_access", "abandoned"])
    assert set(before) == {
        "period",
        "visits",
        "time",
        "access",
        "detainees",
        "issues",
        "volunteers",
    }
    assert all(
        value is None for key, part in before.items() if key != "period" for value in part.values()
    )
    document = client.get("/api/v1/openapi.json").json
    assert problems(SUMMARY_SCHEMA, body, document) == []


def test_the_openapi_document_is_valid_and_made_from_the_models(client):
    document = client.get("/api/v1/openapi.json").json
    validate(document)  # raises on any fault of OpenAPI 3.1
    schemas = document["components"]["schemas"]
    assert schemas["Summary"]["required"] == [
        *("period", "headline", "visits", "access", "detainees", "issues", "volunteers"),
        *("diversity", "previous", "labels", "publication"),
    ]
    assert schemas["Summary"]["properties"]["time"] == {"$ref": "#/components/schemas/Time"}
    assert schemas["Error"]["required"] == ["error"]
    assert schemas["Error"]["properties"]["field"]["type"] == "string"


def test_a_response_that_strays_from_the_document_is_caught(
    app, login, client, token, history, caplog
):
    """A stored year whose figures hold a count as text is served as stored (as published, it
    is never refused), and the check of responses against the document says where."""
    login("coordinator").post("/summary/2025/sign-off")
    with app.app_context():
        stored = db.session.scalars(select(AnnualSummary)).one()
        published = copy.deepcopy(stored.published)
        published["visits"]["completed"] = "5"
        stored.published = published
        db.session.commit()
    response = client.get("/api/v1/summary/2025", headers=bearer(token))
    assert response.status_code == 200
    assert response.json["visits"]["completed"] == "5"
    assert "Summary JSON strays from its schema" in caplog.text
    document = client.get("/api/v1/openapi.json").json
    assert problems(SUMMARY_SCHEMA, response.json, document) == [
        "$.visits.completed: '5' is not of type 'integer'"
    ]
    # And a current year's body, a count turned to text or a key added.
    body = client.get("/api/v1/summary/2026", headers=bearer(token)).json
    assert problems(SUMMARY_SCHEMA, body, document) == []
    body["issues"]["raised"] = str(body["issues"]["raised"])
    body["visits"]["by_weekday"]["Funday"] = 1
    assert problems(SUMMARY_SCHEMA, body, document) == [
        f"$.issues.raised: '{body['issues']['raised']}' is not of type 'integer'",
        "$.visits.by_weekday: Additional properties are not allowed ('Funday' was unexpected)",
    ]
