"""The Python CPU of checking each section of a complete report by building its WTForms form
from the draft's answers, as a send does (issue 15, item 1).

    PYTHONPATH=. .venv/bin/pytest -q -s -p tests.conftest -p no:cacheprovider \\
        bench/section_forms.py

Through the test app on the test database (SQLite unless ICV_TEST_DATABASE_URL says
otherwise), with 20 suites and 40 volunteers, as ``bench/send_cpu.py``: each section's form
built 300 times, then built and checked 300 times, timed with ``time.process_time()``; beside
it, the same answers checked 300 times by the section's rules (``section_rules``: what a send
does since branch sendcheck). The forms' context is read once, as a send reads it once.
"""

from __future__ import annotations

import time

from flask_login import login_user
from sqlalchemy import select

from icv.accounts.models import User
from icv.extensions import db
from icv.visits import routes
from icv.visits.check_services import ensure_check_set
from icv.visits.draft_check import SECTION_RULES
from icv.visits.models import ReportDraft
from icv.visits.sections import REPORT
from icv.wizard.forms import filled_form
from tests.reporting import frozen, ids, sent_report  # noqa: F401 (fixtures)
from tests.test_visits_send_cost import grow

TIMES = 300


def cpu_ms(action) -> float:
    started = time.process_time()
    for _ in range(TIMES):
        action()
    return (time.process_time() - started) / TIMES * 1000


def test_cpu_of_checking_each_section(app, login, ids):  # noqa: F811
    with app.app_context():
        ensure_check_set(None)
        grow(ids, suites=20, volunteers=40)
    sent_report(login, ids)
    with app.app_context(), app.test_request_context():
        draft = db.session.scalars(select(ReportDraft)).one()
        login_user(db.session.get(User, draft.owner_id))
        context = routes.context_for(draft)
        total, by_rules = 0.0, 0.0
        for section in REPORT.sections:
            saved = draft.data.get(section.slug)
            fields = len(list(filled_form(section, saved, context=context)))
            built = cpu_ms(lambda s=section, a=saved: filled_form(s, a, context=context))
            checked = cpu_ms(
                lambda s=section, a=saved: filled_form(s, a, context=context).validate()
            )
            rules = cpu_ms(lambda s=section, a=saved: SECTION_RULES[s.slug](a, context))
            assert not SECTION_RULES[section.slug](saved, context).problems
            total, by_rules = total + checked, by_rules + rules
            times = f"built {built:.2f} ms, built and checked {checked:.2f} ms"
            print(f"{section.slug:10} {fields:3} fields: {times}; by its rules {rules:.3f} ms")
        print(f"all sections built and checked: {total:.2f} ms; by their rules {by_rules:.3f} ms")
