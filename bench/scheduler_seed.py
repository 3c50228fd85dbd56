"""What ``scheduler_day.py`` seeds: volunteers whose warnings fall due on the day, a published
rota whose visits are due reminders and chasers that day, and the mail each should cause."""

from __future__ import annotations

import sys
from collections import Counter
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import func, select

from icv.accounts.models import User
from icv.accounts.roles import Role
from icv.extensions import db
from icv.jobs.models import ScheduledNotice
from icv.notifications.models import ReminderOptOut
from icv.rota.models import PlannedVisit, PlannedVisitor, RotaPeriod
from icv.suites.models import Suite
from icv.volunteers.models import Volunteer

#: (days of vetting left, days of term left, reminders turned off, messages expected that day
#: as (to the volunteer?, template)). Volunteers are seeded round-robin from these.
PATTERNS = [
    (90, 400, set(), [(True, "vetting-due"), (False, "vetting-due-coordinator")]),
    (30, 400, set(), [(True, "vetting-due"), (False, "vetting-due-coordinator")]),
    (7, 400, {"vetting"}, [(False, "vetting-due-coordinator")]),
    (0, 400, set(), [(True, "vetting-due"), (False, "vetting-due-coordinator")]),
    (-1, 400, set(), [(False, "vetting-lapsed-coordinator")]),
    (-30, 400, set(), []),  # lapsed a month ago: already reported (its notice is taken)
    (200, 90, {"term", "visit", "unconfirmed", "report"}, [(False, "term-ending-coordinator")]),
    (200, 30, set(), [(True, "term-ending"), (False, "term-ending-coordinator")]),
    (200, 400, set(), []),
]
#: Volunteers go on visits only if their vetting lasts this long (so they may go that week).
VISITING_VETTING = 30
#: (days from the day, status, confirmed, what each visitor is sent as (reminder kind,
#: template), what the coordinators are sent). A visitor who turned the kind off gets nothing.
VISIT_PATTERNS = [
    (3, "planned", True, [("visit", "visit-reminder")], []),
    (7, "planned", False, [("unconfirmed", "visit-confirm")], []),
    (
        2,
        "planned",
        False,
        [("visit", "visit-reminder"), ("unconfirmed", "visit-confirm")],
        ["visits-unconfirmed-coordinator"],
    ),
    (-1, "planned", True, [("report", "report-reminder")], []),
    (-3, "planned", True, [("report", "report-reminder")], ["reports-overdue-coordinator"]),
    (-8, "planned", True, [], []),  # its deadline passed yesterday: marked missed
    (-1, "completed", True, [], []),  # its report was filed
    (3, "cancelled", False, [], []),
]
#: The scheme's default deadline for a report (``report_deadline_days``).
DEADLINE_DAYS = 7
CONFIRMED = datetime(2026, 11, 1, 12, 0, tzinfo=UTC)
COORDINATORS = ("coordinator1@bench.test", "coordinator2@bench.test")


def seed(volunteers: int, day: date) -> tuple[Counter, int]:
    """Accounts, volunteers and the rota; returns the expected (recipient, template) counts and
    how many visits must be marked missed."""
    if db.session.scalar(select(func.count()).select_from(User)):
        sys.exit("bench: the database already holds accounts; use an empty, migrated one")
    expected: Counter = Counter()
    for email in COORDINATORS:
        coordinator = User(email=email, name="Coordinator " + email[11])
        coordinator.set_roles({Role.COORDINATOR})
        db.session.add(coordinator)
    visitors = seed_volunteers(volunteers, day, expected)
    missed = seed_rota(visitors, day, expected)
    for to in COORDINATORS:
        expected[(to, "weekly-digest")] += 1
        expected[(to, "next-rota-coordinator")] += 1
    db.session.commit()
    return expected, missed


def seed_volunteers(volunteers: int, day: date, expected: Counter) -> list[tuple[Volunteer, set]]:
    """Volunteers round-robin from ``PATTERNS``; returns those who may go on visits, with the
    reminders they turned off."""
    visitors = []
    for n in range(volunteers):
        vetting, term, off, messages = PATTERNS[n % len(PATTERNS)]
        user = User(email=f"volunteer{n}@bench.test", name=f"Volunteer {n}")
        user.set_roles({Role.VOLUNTEER})
        db.session.add(user)
        db.session.flush()
        db.session.add_all(ReminderOptOut(user_id=user.id, kind=kind) for kind in off)
        volunteer = Volunteer(
            user=user,
            status="active",
            appointed_on=day - timedelta(days=700),
            term_ends_on=day + timedelta(days=term),
            vetting_level="NPPV2",
            vetting_cleared_on=day - timedelta(days=900),
            vetting_expires_on=day + timedelta(days=vetting),
        )
        db.session.add(volunteer)
        if vetting < -1:
            reported_before(volunteer)
        if vetting >= VISITING_VETTING:
            visitors.append((volunteer, off))
        for to_volunteer, template in messages:
            for to in [user.email] if to_volunteer else COORDINATORS:
                expected[(to, template)] += 1
    return visitors


def reported_before(volunteer: Volunteer) -> None:
    """The lapse was reported the day after it happened (the job acts on any lapse not yet
    reported, however old)."""
    db.session.flush()
    lapsed = volunteer.vetting_expires_on + timedelta(days=1)
    db.session.add(
        ScheduledNotice(
            kind="vetting_lapsed",
            subject_type="volunteers",
            subject_id=volunteer.id,
            key=volunteer.vetting_expires_on.isoformat(),
            due_at=datetime(lapsed.year, lapsed.month, lapsed.day, 7, tzinfo=UTC),
            status="taken",
            outcome="mailed 2 coordinators",
        )
    )


def seed_rota(visitors: list[tuple[Volunteer, set]], day: date, expected: Counter) -> int:
    """A published rota from two weeks before the day to three weeks after it, with a visit
    per pair of visitors cycling through ``VISIT_PATTERNS`` (each pattern at least once)."""
    suite = Suite(name="Bench Suite", address="1 Bench Street")
    period = RotaPeriod(
        starts_on=day - timedelta(days=14),
        ends_on=day + timedelta(days=20),
        status="published",
        seed=1,
    )
    db.session.add_all([suite, period])
    pairs = max(len(visitors) // 2, len(VISIT_PATTERNS))
    coordinators_told, missed = set(), 0
    for n in range(pairs):
        days, status, confirmed, sends, told = VISIT_PATTERNS[n % len(VISIT_PATTERNS)]
        pair = [visitors[(2 * n + k) % len(visitors)] for k in (0, 1)]
        visit = PlannedVisit(suite=suite, visit_on=day + timedelta(days=days), band="evening")
        visit.status = status
        visit.visitors = [
            PlannedVisitor(volunteer=v, confirmed_at=CONFIRMED if confirmed else None)
            for v, _ in pair
        ]
        period.visits.append(visit)
        for volunteer, off in pair:
            for kind, template in sends:
                if kind not in off:
                    expected[(volunteer.user.email, template)] += 1
        coordinators_told.update(told)
        missed += days < -DEADLINE_DAYS and status == "planned"
    for to in COORDINATORS:
        for template in coordinators_told:
            expected[(to, template)] += 1
    return missed
