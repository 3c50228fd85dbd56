"""The Python CPU of saving a report's first section and of sending it (issue 15, item 1).

    PYTHONPATH=. .venv/bin/pytest -q -s -p tests.conftest -p no:cacheprovider bench/send_cpu.py
    SENDS=200 CPU_OUT=/tmp/cpu.txt PYTHONPATH=. .venv/bin/pytest -q -p tests.conftest \
        -p no:cacheprovider bench/send_cpu.py

Through the test client on the test database (SQLite unless ICV_TEST_DATABASE_URL says
otherwise), with 20 suites and 40 volunteers: ``SENDS`` first-section saves, then as many
sends of complete drafts (each of another day), timed with ``time.process_time()`` (CPU, not
waiting) and no profiler; each send's message is taken from the session between sends,
untimed (before branch sendcpu they piled up in the cookie). Then, where the scheduler queues
a sent report's mails (issue 15 item 1), one run of that step for every report sent, timed
apart: the work the send no longer does (its mails, audit row and probation count). Appends
one line to ``CPU_OUT`` (default: printed).

``PROFILE=/tmp/send.prof`` runs the sends (not the saves) under cProfile instead and writes
its stats there (read them with ``python -m pstats``; the times printed are then inflated
about twice by the profiler).
"""

from __future__ import annotations

import cProfile
import os
import time
from datetime import date, timedelta

from sqlalchemy import select

from icv.extensions import db
from icv.visits.check_services import ensure_check_set
from icv.visits.models import ReportDraft
from icv.wizard import new_key
from tests.reporting import frozen, ids, sent_report  # noqa: F401 (fixtures)
from tests.test_visits_send_cost import grow

SENDS = int(os.environ.get("SENDS", "200"))


def drafts_of_other_days(draft: ReportDraft, count: int) -> list[tuple[str, dict]]:
    """Copies of a complete draft, two days apart (none is a second report of a visit)."""
    made = []
    for n in range(count):
        day = date(2026, 11, 20) - timedelta(days=2 * (n + 1))
        visit = {**draft.data["visit"], "visit_date": [str(day.day), str(day.month), str(day.year)]}
        key = new_key()
        data = {**draft.data, "visit": visit}
        db.session.add(ReportDraft(key=key, owner_id=draft.owner_id, on_behalf=False, data=data))
        made.append((key, visit))
    db.session.commit()
    return made


def read_the_flash(client) -> None:
    """Take "Your report has been sent" out of the session, untimed, as the page the phone
    is sent to shows it: left there, the messages pile up in the cookie, and signing and
    reading it back grows with every send (a cost no real sender has)."""
    with client.session_transaction() as session:
        session.pop("_flashes", None)


def test_cpu_of_saving_and_sending(app, login, ids):  # noqa: F811
    with app.app_context():
        ensure_check_set(None)
        grow(ids, suites=20, volunteers=40)
    client, key = sent_report(login, ids)
    with app.app_context():
        drafts = drafts_of_other_days(db.session.scalars(select(ReportDraft)).one(), SENDS)
    assert client.post(f"/reports/draft/{key}/check").status_code == 302  # warm
    started = time.process_time()
    for key, visit in drafts:
        answer = client.post(f"/reports/draft/{key}/visit", data={**visit, "staff_on_duty": "x"})
        assert answer.status_code == 302, answer.text
    save = (time.process_time() - started) / SENDS
    profile = cProfile.Profile() if os.environ.get("PROFILE") else None
    spent = 0.0
    for key, _ in drafts:
        started = time.process_time()
        if profile:
            profile.enable()
        assert client.post(f"/reports/draft/{key}/check").status_code == 302
        if profile:
            profile.disable()
        spent += time.process_time() - started
        read_the_flash(client)
    if profile:
        profile.dump_stats(os.environ["PROFILE"])
    send = spent / SENDS
    line = (
        f"save {save * 1000:.1f} ms CPU, send {send * 1000:.1f} ms CPU "
        f"({SENDS} each, load average {os.getloadavg()[0]:.1f})"
    )
    if (queued := queueing_cpu(app)) is not None:
        line += f"; the scheduler's after-send job takes {queued * 1000:.1f} ms CPU a report"
    if out := os.environ.get("CPU_OUT"):
        with open(out, "a") as file:
            file.write(line + "\n")
    else:
        print(line)


def queueing_cpu(app) -> float | None:
    """The CPU the scheduler's after-send job costs a report, now that the send leaves it the
    mails (and, since branch sendstore, the audit row and the probation count): one run for
    every report sent, as after a minute of many sends; None before the move."""
    try:
        from icv.jobs.report_notices import queue_report_notices
    except ImportError:
        return None
    with app.app_context():
        started = time.process_time()
        assert queue_report_notices().count == SENDS + 1  # and the warm-up's
        db.session.commit()
        return (time.process_time() - started) / (SENDS + 1)
