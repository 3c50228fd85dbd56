"""A published rota for the tests of the jobs about visits, and ways to read what they sent."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from datetime import date

from icv.accounts.models import User
from icv.clock import SCHEME_TZ
from icv.extensions import db
from icv.jobs.models import ScheduledNotice
from icv.rota.models import PlannedVisit, RotaPeriod
from icv.suites.models import Suite
from icv.volunteers.models import Volunteer
from tests.factories import ANY_TIME, make_period, make_planned_visit, make_suite, make_volunteer
from tests.mail import outbox


def at(day: date, hour: int, minute: int = 0) -> dt.datetime:
    """That time in London, as the frozen clock wants it."""
    return dt.datetime(day.year, day.month, day.day, hour, minute, tzinfo=SCHEME_TZ)


@dataclass
class Rota:
    """Leamington Spa; Val ("volunteer") and Sam ("volunteer2") on its panel; a published
    rota of six weeks from Monday 23 November 2026 and a draft one after it."""

    suite: Suite
    val: Volunteer
    sam: Volunteer
    published: RotaPeriod
    draft: RotaPeriod

    def visit(
        self,
        day: date,
        who: list[Volunteer] | None = None,
        band: str = "evening",
        period: RotaPeriod | None = None,
    ) -> PlannedVisit:
        planned = make_planned_visit(
            period or self.published, self.suite, day, who or [self.val, self.sam], band
        )
        db.session.commit()
        return planned


def make_rota(personas) -> Rota:
    suite = make_suite("Leamington Spa")
    val, sam = (
        make_volunteer(
            db.session.get(User, personas[persona]), suites=[suite], weekly_availability=ANY_TIME
        )
        for persona in ("volunteer", "volunteer2")
    )
    published = make_period(date(2026, 11, 23), weeks=6)
    draft = make_period(date(2027, 1, 4), weeks=13, status="draft")
    db.session.commit()
    return Rota(suite, val, sam, published, draft)


def sent() -> list[tuple[str, str, str]]:
    return [(m.to_address, m.kind, m.subject) for m in outbox()]


def notices(kind: str) -> list[tuple[int, str, str | None]]:
    """(visit id, key, outcome) of every notice of ``kind``, in the order planned."""
    rows = db.session.scalars(
        db.select(ScheduledNotice).where(ScheduledNotice.kind == kind).order_by(ScheduledNotice.id)
    )
    return [(n.subject_id, n.key, n.outcome) for n in rows]
