"""Helpers for the subject access and erasure tests: a volunteer with a report, and a search
of every row of the database."""

from __future__ import annotations

from sqlalchemy import select

from icv.accounts.models import User
from icv.applications.models import ApplicationDraft
from icv.audit.services import record
from icv.extensions import db
from icv.notifications.models import OutboxMessage
from icv.visits.values import NoteValues
from icv.volunteers.models import Volunteer
from tests.reporting import make_report, pair

#: What Val's report says about the people in custody: never in an export.
DETAINEE_TEXT = {
    "rights_notes": "Rights leaflet given late to CR/4471",
    "welfare_notes": "Asked twice for a doctor",
    "conditions_notes": "Cell 4 very cold",
}
DETAINEE_NOTE = NoteValues("Says the blanket was taken away", "CR/9988", "yes")
#: What Val's report says that is hers to have.
OWN_TEXT = {"good_practice": "The sergeant explained each step", "comments": "A short visit"}
VAL_PHONE = "07700 900123"


def val_with_report() -> dict[str, int]:
    """Val ("volunteer") and Sam ("volunteer2") on Leamington Spa's panel; a report Val sent of
    their visit, with detainee notes; mail to Val, and lines naming her elsewhere."""
    suite, val, sam = pair()
    val.user.phone = VAL_PHONE
    val.notes = "Prefers evenings"
    report = make_report(
        suite,
        visitor_1_id=val.id,
        visitor_2_id=sam.id,
        submitted_by_id=val.user_id,
        notes=[DETAINEE_NOTE],
        **DETAINEE_TEXT,
        **OWN_TEXT,
    )
    sam.notes = "Pair with Val Person when possible"
    db.session.add_all(
        [
            mail_to("val@example.org", "Your visit on Tuesday", "Dear Val Person, see you"),
            mail_to("sam@example.org", "Your visit with Val Person", "Val Person is your partner"),
        ]
    )
    record(None, "volunteer.status", val, "Val Person: On probation → Active.")
    db.session.flush()
    return {"val": val.id, "sam": sam.id, "report": report.id, "suite": suite.id}


def draft(email: str) -> ApplicationDraft:
    """A public form started (not sent) with ``email`` as typed."""
    return ApplicationDraft(
        token=email, data={"about-you": {"name": ["Jo Applicant"], "email": [email]}}
    )


def mail_to(address: str, subject: str, body: str) -> OutboxMessage:
    return OutboxMessage(kind="test", to_address=address, subject=subject, body_text=body)


def volunteer_of(email: str) -> Volunteer:
    return db.session.scalars(
        select(Volunteer).join(User, User.id == Volunteer.user_id).where(User.email == email)
    ).one()


def every_row_as_text() -> str:
    """Every value of every row of every table, lower-case, one line per row."""
    lines = []
    for table in db.metadata.sorted_tables:
        for row in db.session.execute(select(table)):
            lines.append(f"{table.name}: " + " | ".join(str(value) for value in row))
    return "\n".join(lines).lower()
