"""Report drafts: answers kept on the server as they are typed, section by section.

A draft is written from two places: each section's page when it is posted (works without
JavaScript) and the phone's background save (a JSON copy of what is on the phone). Both store
answers exactly as typed; nothing is checked until the section is shown or the report is sent.
The caller commits.
"""

from __future__ import annotations

from datetime import date
from functools import cache

from sqlalchemy import Select, bindparam, select

from icv.accounts.models import User
from icv.clock import now_utc, today_local
from icv.extensions import db
from icv.rota.models import PlannedVisit
from icv.settings import all_settings_at_once, settings_read
from icv.text import is_whole_number
from icv.visits.check_services import current_version_id, current_version_read
from icv.visits.models import ReportDraft
from icv.visits.sections import named_day
from icv.wizard import new_key


def start_draft(owner: User, on_behalf: bool, planned_visit: PlannedVisit | None = None):
    """The draft to write in: the owner's unsent draft of the same visit if there is one (a
    second tap on "Write a visit report", or My visits after the home page), else a new one.
    One started from a visit on the rota ("write report") is kept for it."""
    existing = unsent_draft_of(owner, on_behalf, planned_visit)
    if existing is not None:
        return existing
    draft = ReportDraft(
        key=new_key(),
        owner=owner,
        on_behalf=on_behalf,
        planned_visit=planned_visit,
        data={},
    )
    db.session.add(draft)
    db.session.flush()
    return draft


def unsent_draft_of(
    owner: User, on_behalf: bool, planned_visit: PlannedVisit | None
) -> ReportDraft | None:
    """The owner's draft of this visit on the rota: the one started from it, or one that names
    its suite and day (started from the home page), which is then kept for it. Without a visit,
    a draft nothing has been written in yet: another would be the same blank report."""
    mine = [draft for draft in drafts_of(owner) if draft.on_behalf == on_behalf]
    if planned_visit is None:
        blank = next((d for d in mine if d.planned_visit_id is None and not d.data), None)
        if blank is not None:  # started now, as far as anyone can tell: today's date prefills
            blank.created_at = blank.updated_at = now_utc()
        return blank
    same = next((d for d in mine if d.planned_visit_id == planned_visit.id), None)
    if same is not None:
        return same
    day = (planned_visit.suite_id, planned_visit.visit_on)
    today = today_local()
    named = next(
        (d for d in mine if not d.planned_visit_id and named_visit(d.data, today) == day), None
    )
    if named is not None:
        named.planned_visit = planned_visit
    return named


def named_visit(answers: dict, today: date) -> tuple[int, date] | None:
    """The suite and day a draft's first section names, when both are answered and the day
    is one the section accepts (``named_day``)."""
    suite = ((answers.get("visit") or {}).get("suite_id") or [""])[0].strip()
    day = named_day(answers, today)
    return None if not is_whole_number(suite) or day is None else (int(suite), day)


@cache
def draft_statement(on_postgresql: bool) -> Select:
    """``draft_for``'s statement, built once: the draft with the scheme's settings and the
    current checks' version, which checking any of its sections needs (three statements in
    one for a send or a section saved)."""
    return select(ReportDraft, all_settings_at_once(on_postgresql), current_version_id()).where(
        ReportDraft.key == bindparam("key"), ReportDraft.owner_id == bindparam("owner_id")
    )


def draft_for(user: User, key: str) -> ReportDraft | None:
    """The user's own draft with this key (nobody else's). The settings and the current
    checks' version read with it are the request's (``get_settings``, ``current_checks``)."""
    on_postgresql = db.session.get_bind().dialect.name == "postgresql"
    found = db.session.execute(
        draft_statement(on_postgresql), {"key": key, "owner_id": user.id}
    ).first()
    if found is None:
        return None
    draft, settings, check_set_id = found
    settings_read(settings)
    current_version_read(check_set_id)
    return draft


def drafts_of(user: User) -> list[ReportDraft]:
    return list(
        db.session.scalars(
            select(ReportDraft)
            .where(ReportDraft.owner_id == user.id)
            .order_by(ReportDraft.updated_at.desc())
        )
    )
