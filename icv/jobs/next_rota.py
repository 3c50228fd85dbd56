"""Daily: tell the coordinator when the next rota period is not published in good time.

The next period starts the day after the last published one ends. From
``next_rota_notice_days`` before that day (21, three weeks) while no published rota covers it,
the coordinators are told once (the notice is keyed by that day, so publishing the next period
moves the question on to the one after). The mail links to planning a new period, and to the
draft for that day if there is one.
"""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import func, select

from icv.clock import now_utc, today_local
from icv.extensions import db
from icv.jobs import emails
from icv.jobs.claims import SCHEME, plan, take_and_act
from icv.jobs.models import ScheduledNotice
from icv.jobs.rules import Outcome, did, next_rota_notice_due, plural
from icv.rota.models import PeriodStatus, RotaPeriod
from icv.settings import get_settings


def warn_of_next_rota() -> Outcome:
    """The job: one notice per period start that comes near unpublished."""
    today, now = today_local(), now_utc()
    last_end = db.session.scalar(
        select(func.max(RotaPeriod.ends_on)).where(RotaPeriod.status == PeriodStatus.PUBLISHED)
    )
    if last_end is not None:
        starts_on = last_end + timedelta(days=1)
        if next_rota_notice_due(starts_on, today, int(get_settings()["next_rota_notice_days"])):
            plan("next_rota", SCHEME, starts_on.isoformat(), now)

    def act(notice: ScheduledNotice) -> str | None:
        starts_on = date.fromisoformat(notice.key)
        if period_covering(starts_on, PeriodStatus.PUBLISHED) is not None:
            return None  # published since this was planned
        draft = period_covering(starts_on, PeriodStatus.DRAFT)
        return f"mailed {plural(emails.next_rota(starts_on, draft, today), 'coordinator')}"

    return did(take_and_act("next_rota", now, act), "sent", "rota notice")


def period_covering(day: date, status: PeriodStatus) -> RotaPeriod | None:
    return db.session.scalars(
        select(RotaPeriod)
        .where(RotaPeriod.status == status, RotaPeriod.starts_on <= day, RotaPeriod.ends_on >= day)
        .order_by(RotaPeriod.starts_on)
    ).first()
