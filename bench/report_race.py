"""Both partners send their report of one visit at the same moment: does any visit get two?

    .venv/bin/python bench/report_race.py                        # SQLite (a temporary file)
    .venv/bin/python bench/report_race.py --postgres postgresql+psycopg://icv:pw@127.0.0.1/bench
    .venv/bin/python bench/report_race.py --without-hold         # the check alone, as before

Two processes (two web workers), one for each partner of every pair, send their reports of
the same visits: for each visit both wait at a barrier and then call ``submit_report`` at
once, each remembering another arrival time (23:30 and 23:35, the earlier one alternating), as
two phones sending their queued reports when the signal returns. Each visit is its own suite
and day. At the end it counts the visits with more than one report (target 0) and what each
sender was told. ``--without-hold`` leaves out ``services.hold_reports_of`` (the read-then-
insert check alone), to show the race the hold closes. The PostgreSQL database's schema is
dropped first: never point it at a database you need.
"""

from __future__ import annotations

import argparse
import multiprocessing
import sys
import tempfile
from collections import Counter
from datetime import date, time, timedelta
from pathlib import Path

from flask import Flask
from sqlalchemy import func, select, text

#: The first visit's day; each visit is a day later.
FIRST = date(2025, 1, 6)
EMAILS = ("first@example.org", "second@example.org")


def make_app(url: str) -> Flask:
    from icv import create_app

    return create_app({
        "SECRET_KEY": "bench", "SQLALCHEMY_DATABASE_URI": url, "ICV_BASE_URL": "http://icv.bench",
    })  # fmt: skip


def fresh(url: str, visits: int) -> None:
    """A migrated, empty database with two volunteers on the panel of one suite a visit."""
    from flask_migrate import upgrade

    app = make_app(url)  # before the models: it imports every one
    from icv.accounts.models import User
    from icv.accounts.roles import Role
    from icv.extensions import db
    from icv.suites.models import Suite
    from icv.volunteers.models import Volunteer

    with app.app_context():
        if db.engine.dialect.name == "postgresql":
            with db.engine.begin() as conn:
                conn.execute(text("DROP SCHEMA public CASCADE"))
                conn.execute(text("CREATE SCHEMA public"))
        upgrade()
        suites = [Suite(name=f"Suite {n:03}") for n in range(visits)]
        for n, email in enumerate(EMAILS, 1):
            user = User(email=email, name=f"Partner {n}", is_active=True)
            user.set_roles({Role.VOLUNTEER})
            db.session.add(Volunteer(
                user=user, status="active", appointed_on=date(2024, 1, 8),
                term_ends_on=date(2028, 1, 7), vetting_level="NPPV2",
                vetting_cleared_on=date(2024, 1, 1), vetting_expires_on=date(2028, 1, 1),
                suites=suites,
            ))  # fmt: skip
        db.session.commit()
        db.engine.dispose()


def partner(url: str, side: int, visits: int, barrier, without_hold: bool, told) -> None:
    """One partner's phone: each visit's report sent the moment the other sends theirs."""
    app = make_app(url)  # before the models: it imports every one
    from icv.accounts.models import User
    from icv.extensions import db
    from icv.suites.models import Suite
    from icv.visits import services
    from icv.visits.models import ReportDraft
    from icv.visits.values import ReportValues
    from icv.volunteers.models import Volunteer

    if without_hold:
        services.hold_reports_of = lambda _suite_id, _draft: True
    with app.app_context():
        me = db.session.scalars(User.by_email(EMAILS[side])).one()
        other = db.session.scalars(User.by_email(EMAILS[1 - side])).one()
        mine, theirs = (
            db.session.scalars(select(Volunteer.id).where(Volunteer.user_id == user.id)).one()
            for user in (me, other)
        )
        suites = db.session.scalars(select(Suite.id).order_by(Suite.name)).all()
        for n, suite_id in enumerate(suites[:visits]):
            draft = ReportDraft(key=f"race-{side}-{n}", owner=me, data={})
            db.session.add(draft)
            db.session.commit()
            earlier = (n + side) % 2 == 0
            values = ReportValues(
                suite_id=suite_id, visit_date=FIRST + timedelta(days=n),
                arrived_at=time(23, 30) if earlier else time(23, 35), admitted_at=time(23, 40),
                left_at=time(0, 40), visitor_1_id=mine, visitor_2_id=theirs,
            )  # fmt: skip
            barrier.wait()
            try:
                services.submit_report(me, draft, values)
                db.session.commit()
                told.put("sent")
            except services.ReportError as refused:
                db.session.rollback()
                offered = "first report offered" if refused.report else "no report offered"
                told.put(f"refused, {offered}")
            except Exception as error:  # a bench counts every way a send fails
                db.session.rollback()
                told.put(f"failed: {type(error).__name__}")


def race(url: str, visits: int, without_hold: bool) -> tuple[int, Counter]:
    """Visits with more than one report, and what the senders were told."""
    fresh(url, visits)
    context = multiprocessing.get_context("spawn")
    barrier, told = context.Barrier(2), context.Queue()
    senders = [
        context.Process(target=partner, args=(url, side, visits, barrier, without_hold, told))
        for side in (0, 1)
    ]
    for sender in senders:
        sender.start()
    outcomes = Counter(told.get(timeout=60) for _ in range(2 * visits))
    for sender in senders:
        sender.join()
    from icv.extensions import db
    from icv.visits.models import VisitReport

    app = make_app(url)
    with app.app_context():
        per_visit = (
            select(func.count())
            .select_from(VisitReport)
            .group_by(VisitReport.suite_id, VisitReport.visit_date)
        )
        twice = sum(1 for n in db.session.scalars(per_visit) if n > 1)
        db.engine.dispose()
    return twice, outcomes


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--postgres", help="a PostgreSQL URL to run on too (its schema is dropped)")
    parser.add_argument("--visits", type=int, default=100)
    parser.add_argument("--without-hold", action="store_true")
    options = parser.parse_args()
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    with tempfile.TemporaryDirectory() as folder:
        engines = [("SQLite", f"sqlite:///{Path(folder) / 'race.sqlite'}")]
        engines += [("PostgreSQL", options.postgres)] if options.postgres else []
        print("| engine | pairs | visits with two reports | what the senders were told |")
        print("| --- | ---: | ---: | --- |")
        for name, url in engines:
            twice, outcomes = race(url, options.visits, options.without_hold)
            said = "; ".join(f"{what}: {n}" for what, n in sorted(outcomes.items()))
            print(f"| {name} | {options.visits} | {twice} | {said} |")


if __name__ == "__main__":
    main()
