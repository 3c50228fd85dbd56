"""A report's draft is read with the scheme's settings and the current checks' version (issue
15: a send and a section saved read neither by a statement of its own); what is read so is
what reading them alone gives, and a new version of the checks is read at the next request."""

from __future__ import annotations

from flask import Flask

from icv.extensions import db
from icv.settings import get_settings, update_settings
from icv.visits.check_rules import CheckDef
from icv.visits.check_services import add_check, current_checks, ensure_check_set
from icv.visits.drafts import draft_for
from icv.visits.models import ReportDraft
from icv.wizard import new_key
from tests.factories import make_user
from tests.statements import statements

CATEGORIES = [{"id": "cells", "label": "Cells"}, {"id": "food", "label": "Food and drink"}]


def a_draft(app: Flask) -> tuple[int, str]:
    with app.app_context():
        owner = make_user(email="val.draft@example.org", name="Val Draft")
        draft = ReportDraft(key=new_key(), owner=owner, on_behalf=False, data={})
        db.session.add(draft)
        db.session.commit()
        return owner.id, draft.key


def read_with_the_draft(app: Flask, owner_id: int, key: str):
    """The settings and the current checks as a request that read the draft has them, and
    the statements it ran to read them (each request its own context: nothing kept in
    ``g`` from another)."""
    with app.test_request_context(), statements(app) as ran:
        owner = db.session.get_one(ReportDraft, draft_id(key)).owner
        assert owner.id == owner_id
        ran.clear()
        assert draft_for(owner, key).key == key
        settings, checks = get_settings(), current_checks()
        return settings, checks, list(ran)


def draft_id(key: str) -> int:
    return db.session.scalars(db.select(ReportDraft.id).where(ReportDraft.key == key)).one()


def read_alone(app: Flask):
    with app.test_request_context():
        return get_settings(), current_checks()


def test_the_settings_read_with_a_draft_are_those_read_alone(app):
    owner_id, key = a_draft(app)
    with app.test_request_context():
        update_settings(None, {"delay_threshold_minutes": 42, "issue_categories": CATEGORIES})
        db.session.commit()
    settings, _, ran = read_with_the_draft(app, owner_id, key)
    alone, _ = read_alone(app)
    assert settings == alone
    assert (settings["delay_threshold_minutes"], settings["issue_categories"]) == (42, CATEGORIES)
    assert ran[0].startswith("SELECT visit_report_drafts."), ran  # with the settings
    assert not [s for s in ran if s.startswith("SELECT scheme_settings")], ran


def test_a_new_version_of_the_checks_is_read_at_the_next_request(app):
    owner_id, key = a_draft(app)
    with app.app_context():
        first = ensure_check_set(None).id
        db.session.commit()
    assert read_with_the_draft(app, owner_id, key)[1][0] == first
    _, checks, ran = read_with_the_draft(app, owner_id, key)
    assert checks == read_alone(app)[1]
    assert len(ran) == 1, ran  # the draft only: the version's checks are kept
    with app.app_context():
        added = add_check(None, CheckDef("held_overnight", "welfare", "count", "Held over"))
        db.session.commit()
        added = added.id
    _, checks, ran = read_with_the_draft(app, owner_id, key)
    assert checks[0] == added != first
    assert "held_overnight" in [check.key for check in checks[1]]
    assert len(ran) == 2, ran  # the draft, and the new version's checks once
