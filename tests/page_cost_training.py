"""The training area's share of the growing scheme (``tests/page_cost.grow``): row n adds a
course Val and row n's partner attended, a panel meeting Val came to (the partner sent
apologies), a memorandum Val signed, the partner's annual review still to hold and, every other
row, a partner who has reached a long-service milestone. Dates are fixed, around the frozen
Tuesday 24 November 2026, so that every page lists the rows."""

from __future__ import annotations

from datetime import date, timedelta

from icv.suites.models import Suite
from icv.training.services import (
    add_meeting,
    ensure_kinds,
    publish_memorandum,
    record_attendance,
    record_session,
    schedule_review,
    sign_memorandum,
)
from icv.visits.models import VisitReport
from icv.volunteers.models import Volunteer

#: Courses and meetings go back a day a row from here; reviews fall due a day a row from here.
LAST_HELD = date(2026, 11, 20)
FIRST_DUE = date(2026, 12, 1)


def grow_training(
    n: int, mine: Volunteer, partner: Volunteer, suite: Suite, report: VisitReport
) -> None:
    """Row ``n`` of each kind the training pages list (``report`` is not needed here)."""
    held_on = LAST_HELD - timedelta(days=n)
    kind = ensure_kinds()[n % 4]
    record_session(None, kind, held_on, suite.name, [mine, partner])
    meeting = add_meeting(None, f"Panel meeting {n:03}", held_on, suite.address)
    record_attendance(None, meeting, {mine: "present", partner: "apologies"})
    sign_memorandum(mine, publish_memorandum(None, f"1.{n:03}", f"Memorandum {n:03}"))
    schedule_review(None, partner, FIRST_DUE + timedelta(days=n))
    if n % 2 == 0:
        # 5, 10, 15 then 20 years of service on the frozen day, a month and n days over
        partner.appointed_on = date(2021 - 5 * (n // 2 % 4), 10, 24) - timedelta(days=n)
