"""A custody liaison (a police officer) holds no other role and answers for at least one suite:
the rule, the account forms, the services, appointment, and accounts made before the rule."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from icv.accounts import services as accounts
from icv.accounts.mail import queue_to_coordinators
from icv.accounts.models import User
from icv.accounts.roles import Role
from icv.accounts.rules import (
    LIAISON_ALONE,
    LIAISON_SUITES,
    NO_SUITES_YET,
    effective_roles,
    independence_problem,
    liaison_suites_problem,
)
from icv.extensions import db
from icv.rota import problem_from_db
from icv.suites import liaisons
from icv.suites.models import Suite, suite_liaisons
from icv.volunteers.models import Volunteer
from tests.conftest import sign_in
from tests.factories import make_application, make_suite, make_user, make_volunteer
from tests.mail import outbox

V, C, A, L, P = Role.VOLUNTEER, Role.COORDINATOR, Role.ADMIN, Role.LIAISON, Role.COMMISSIONER


@pytest.mark.parametrize(
    ("roles", "problem"),
    [
        ({L}, None),
        ({V, C, A, P}, None),
        ({L, V}, LIAISON_ALONE),
        ({L, C}, LIAISON_ALONE),
        ({L, A}, LIAISON_ALONE),
        ({L, P}, LIAISON_ALONE),
    ],
)
def test_a_liaison_holds_no_other_role(roles, problem):
    assert independence_problem(roles) == problem


def test_a_liaison_answers_for_at_least_one_suite():
    assert liaison_suites_problem({L}, 0) == LIAISON_SUITES
    assert liaison_suites_problem({L}, 0, suites_exist=False) == NO_SUITES_YET
    assert liaison_suites_problem({L}, 1) is None
    assert liaison_suites_problem({V}, 0) is None


def test_an_account_holding_liaison_and_more_acts_as_a_liaison_only():
    assert effective_roles({L, C}) == {L}
    assert effective_roles({L}) == {L}
    assert effective_roles({V, C}) == {V, C}
    assert effective_roles(set()) == frozenset()


def error_next_to(page: str, field: str, message: str) -> bool:
    """The message is in the error summary, linked to the field, and beside the field."""
    return (
        f'<a href="#{field}">{message}</a>' in page
        and f'<p id="{field}-error" class="govuk-error-message">' in page
        and page.count(message) == 2
    )


@pytest.fixture
def suite_id(app) -> int:
    with app.app_context():
        suite = make_suite()
        db.session.commit()
        return suite.id


def invite(client, roles: list[str], suites: list[int] = ()):
    return client.post(
        "/admin/accounts/new",
        data={
            "name": "Ida Inspector",
            "email": "ida@police.example",
            "roles": roles,
            "suites": [str(s) for s in suites],
        },
    )


def test_inviting_a_liaison_with_another_role_is_refused_next_to_the_roles(app, login, suite_id):
    response = invite(login("admin"), ["liaison", "coordinator"], [suite_id])
    assert response.status_code == 200
    assert error_next_to(response.text, "roles", LIAISON_ALONE.replace("'", "&#39;"))
    assert 'value="Ida Inspector"' in response.text  # what was typed is kept
    with app.app_context():
        assert db.session.scalars(User.by_email("ida@police.example")).first() is None
        assert outbox() == []


def test_a_coordinator_inviting_a_liaison_must_choose_a_suite(app, login, suite_id):
    client = login("coordinator")
    response = invite(client, ["liaison"])
    assert error_next_to(response.text, "suites", LIAISON_SUITES)
    response = invite(client, ["liaison", "volunteer"], [suite_id])
    assert error_next_to(response.text, "roles", LIAISON_ALONE)
    response = invite(client, ["liaison"], [suite_id])
    assert response.status_code == 302
    with app.app_context():
        user = db.session.scalars(User.by_email("ida@police.example")).one()
        assert user.held_roles == {L}
        assert [s.id for s in liaisons.liaison_suites(user)] == [suite_id]
        assert [m.to_address for m in outbox("invitation")] == ["ida@police.example"]


def test_without_any_suite_a_liaison_cannot_be_invited_yet(app, login, personas):
    response = invite(login("admin"), ["liaison"])
    assert error_next_to(response.text, "roles", NO_SUITES_YET)


def test_editing_cannot_give_a_liaison_another_role_or_take_their_last_suite(
    app, login, personas, suite_id
):
    with app.app_context():
        liaison = db.session.get(User, personas["liaison"])
        liaisons.set_liaison_suites(liaison, [db.session.get(Suite, suite_id)])
        db.session.commit()
    client = login("admin")
    path = f"/admin/accounts/{personas['liaison']}"
    both = client.post(path, data={"name": "Lee", "roles": ["liaison", "volunteer"]})
    assert error_next_to(both.text, "roles", LIAISON_ALONE.replace("'", "&#39;"))
    none = client.post(path, data={"name": "Lee", "roles": ["liaison"], "suites": []})
    assert error_next_to(none.text, "suites", LIAISON_SUITES)
    with app.app_context():
        liaison = db.session.get(User, personas["liaison"])
        assert (liaison.name, liaison.held_roles) == ("Lee Person", {L})
        assert [s.id for s in liaisons.liaison_suites(liaison)] == [suite_id]
    # Becoming a coordinator instead: the suites go with the liaison role.
    moved = client.post(path, data={"name": "Lee", "roles": ["coordinator"], "suites": []})
    assert moved.status_code == 302
    with app.app_context():
        user = db.session.get(User, personas["liaison"])
        assert user.held_roles == {C}
        assert liaisons.liaison_suites(user) == []


def test_the_services_refuse_it_too(ctx, personas):
    suite = make_suite()
    with pytest.raises(accounts.AccountError) as refused:
        liaisons.invite(None, email="x@police.example", name="X", roles={L, V}, suites=[suite])
    assert (str(refused.value), refused.value.field) == (LIAISON_ALONE, "roles")
    with pytest.raises(accounts.AccountError) as refused:
        liaisons.invite(None, email="x@police.example", name="X", roles={L}, suites=[])
    assert (str(refused.value), refused.value.field) == (LIAISON_SUITES, "suites")
    volunteer = db.session.get(User, personas["volunteer"])
    with pytest.raises(accounts.AccountError):
        liaisons.update_account(
            volunteer, volunteer, name="Val", phone=None, roles={V, L}, suites=[suite]
        )
    assert db.session.scalar(select(func.count()).select_from(User)) == len(personas)
    assert volunteer.held_roles == {V}


def test_a_liaisons_account_cannot_be_appointed_a_volunteer(app, login):
    with app.app_context():
        make_user("jo@example.net", roles={L})
        application = make_application(
            stage="training", training_completed_on=date(2026, 11, 1), vetting_level="NPPV2"
        )
        db.session.commit()
        application_id = application.id
    response = login("coordinator").post(
        f"/applications/{application_id}/move",
        data={"appoint-appointed_on": ["23", "11", "2026"], "appoint-submit": "Appoint"},
    )
    assert response.status_code == 400
    assert (
        "jo@example.net is a custody liaison&#39;s account: a custody liaison cannot also be a "
        "volunteer" in response.text
    )
    with app.app_context():
        assert db.session.scalars(User.by_email("jo@example.net")).one().held_roles == {L}
        assert db.session.scalar(select(func.count()).select_from(Volunteer)) == 0


def test_an_account_made_before_the_rule_acts_as_a_liaison_only(app, client, personas):
    """The database may hold a liaison with other roles from before: it keeps its rows, so an
    administrator sees and fixes them, but it works as a custody liaison alone meanwhile."""
    with app.app_context():
        suite = make_suite()
        mixed = make_user("mixed@police.example", roles={L, C, V})
        suite.liaisons.append(mixed)
        volunteer = make_volunteer(mixed, suites=[suite])
        db.session.commit()
        mixed_id = mixed.id
        assert [v.user.email for v in problem_from_db.visiting_volunteers()] == []  # never rostered
        assert volunteer.status == "active"
        queue_to_coordinators("next-rota-coordinator", **next_rota_context())
        assert [m.to_address for m in outbox()] == ["chris@example.org"]  # not the liaison
    sign_in(client, "mixed@police.example")
    assert client.get("/rota").status_code == 403
    assert client.get("/volunteers").status_code == 403
    assert client.get("/my-visits").status_code == 403
    client.post("/sign-out")
    admin = app.test_client()
    sign_in(admin, "alex@example.org")
    page = admin.get(f"/admin/accounts/{mixed_id}").text
    assert "This account holds the custody liaison role and others." in page
    assert page.count("checked") == 4  # three roles and the suite, as stored


def next_rota_context() -> dict:
    return {
        "starts_on": date(2027, 1, 4),
        "ends_on": date(2027, 1, 3),
        "days_left": 21,
        "draft": None,
        "draft_link": None,
        "new_link": "http://icv.test/rota/new",
    }


def test_a_suite_takes_a_second_liaison_as_the_admin_chose(app, login, personas, suite_id):
    """Two accounts nobody is signed in as are still two people: giving a suite a second
    liaison saves the link (it was once lost, as both accounts' session tokens were None)."""
    with app.app_context():
        first = db.session.get(User, personas["liaison"])
        liaisons.set_liaison_suites(first, [db.session.get(Suite, suite_id)])
        db.session.commit()
    response = invite(login("admin"), ["liaison"], [suite_id])
    assert response.status_code == 302
    with app.app_context():
        second = db.session.scalars(User.by_email("ida@police.example")).one()
        rows = db.session.execute(select(suite_liaisons.c.user_id).order_by("user_id")).scalars()
        assert list(rows) == sorted([personas["liaison"], second.id])
        assert second != db.session.get(User, personas["liaison"])
        assert len({second, db.session.get(User, personas["liaison"])}) == 2
