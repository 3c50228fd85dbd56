"""The summary API under generated input: schemathesis builds requests from the OpenAPI
document (``/api/v1/openapi.json``) and checks every answer against it, through the WSGI app
(no network) with a valid token; hypothesis adds arbitrary paths, query strings and headers.
No answer is a server error."""

from __future__ import annotations

import datetime as dt

import pytest
import schemathesis
import time_machine
from hypothesis import given
from hypothesis import strategies as st
from schemathesis.checks import positive_data_acceptance

from icv.accounts.models import User
from icv.extensions import db
from icv.summary.services import create_token
from tests.generated import GENERATED, Tally, awkward_text, limit_breaches
from tests.summary_data import history_fixture  # noqa: F401 (the ``history`` fixture)

NOW = dt.datetime(2026, 11, 24, 12, 0, tzinfo=dt.UTC)
#: "A request the document allows is accepted": not for the year, whose range (from the first
#: year with records to the current one, as the document says in words) depends on the data
#: and the date, which a document cannot state; a year out of range gets the documented 400.
YEAR_IN_RANGE = positive_data_acceptance


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def token(app, personas, history) -> str:
    with app.app_context():
        _, made = create_token(db.session.get(User, personas["commissioner"]), "Generated")
        db.session.commit()
    return made


def test_every_answer_conforms_to_the_openapi_document(app, token):
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)
    # Identity: schemathesis's transport asks for gzip as a browser would, and reads the
    # compressed body the app rightly sends back as if it were plain JSON.
    bearer = {"Authorization": f"Bearer {token}", "Accept-Encoding": "identity"}
    tally = Tally("API: schemathesis")
    operations = [result.ok() for result in schema.get_all_operations()]
    assert [op.label for op in operations] == [
        "GET /api/v1/summary/{year}",
        "GET /api/v1/summary/{year}/icva-return.{kind}",
    ]
    for operation in operations:

        @GENERATED
        @given(case=operation.as_strategy())
        def call(case) -> None:
            response = case.call(headers=bearer)
            tally.saw(response.status_code, case.operation.label)
            case.validate_response(response, headers=bearer, excluded_checks=[YEAR_IN_RANGE])

        try:
            call()
        finally:
            tally.write()
    assert limit_breaches(app) == []


#: Any of the ways a caller might present a token, right or wrong.
authorization = st.one_of(
    st.none(),
    awkward_text,
    awkward_text.map(lambda text: f"Bearer {text}"),
    st.sampled_from(["Bearer", "bearer  ", "Basic dXNlcjpwYXNz", "Bearer icv_"]),
)
query = st.dictionaries(
    st.sampled_from(["basis", "quarter", "year"]) | awkward_text,
    awkward_text | st.sampled_from(["calendar", "financial", "1", "4", "5"]),
    max_size=3,
)


def test_arbitrary_requests_get_no_server_error(app, token):
    client, tally = app.test_client(), Tally("API: arbitrary")

    @GENERATED
    @given(
        year=awkward_text.filter(lambda t: "/" not in t and "\x00" not in t)
        | st.integers(0, 3000).map(str),
        args=query,
        presented=authorization | st.just(f"Bearer {token}"),
    )
    def call(year: str, args: dict[str, str], presented: str | None) -> None:
        headers = {"Authorization": presented} if presented is not None else {}
        try:
            response = client.get(f"/api/v1/summary/{year}", query_string=args, headers=headers)
        except ValueError:
            return  # a header the HTTP layer itself refuses (a newline in it) never arrives
        tally.saw(response.status_code, "GET /api/v1/summary/{year}")
        asked = f"{year!r} {args!r} {presented!r}"
        assert response.status_code in {200, 400, 401, 403, 404}, f"{asked}: {response.text}"
        # An address that is no route of the API (an empty year, one cut short by "?" or "#")
        # is answered as any other address is: not found, or refused if it carries a NUL.
        routed = response.request.path.removeprefix("/api/v1/summary/") != ""
        if routed and response.status_code != 404:
            assert response.mimetype == "application/json", asked

    try:
        call()
    finally:
        tally.write()
