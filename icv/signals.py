"""What happens in one area that others react to, as named blinker signals.

An area that something happens in sends the signal after its own writes (flushed, not
committed: the request or job commits once, so a listener's writes land in the same
transaction, or not at all). An area that reacts connects a receiver when it is imported (its
``listeners.py``), so neither imports the other: dependencies between areas point one way
(``tests/test_area_imports.py``).

Every signal is sent with the acting user (``actor``, None for a scheduled job) as the sender's
keyword and ``now`` (aware datetime) where time matters; the rest of each payload is documented
below. A receiver must not commit, and must raise only to refuse the whole change.
"""

from dataclasses import dataclass, field
from typing import Any

from blinker import Namespace

_signals = Namespace()

#: A visit report was sent (``report``: VisitReport, ``actor``, ``now``; ``audited_later``:
#: True when its after-send job writes the audit rows of the send, the rota's included, as
#: of its sending: ``icv.visits.sent_audit``).
report_filed = _signals.signal("report-filed")

#: A volunteer can no longer make some visits (``volunteer``: Volunteer, ``actor``, ``now``,
#: ``start`` and ``end``: the dates, inclusive, ``end`` None when open-ended; ``reason``: text
#: for the audit log and the coordinator's mail). Receivers that take the volunteer off visits
#: return the PlannedVisits they took them off.
volunteer_unavailable = _signals.signal("volunteer-unavailable")

#: An applicant was appointed a volunteer on probation (``application``: Application,
#: ``appointment``: the Appointment, its date and panels, ``actor``, ``now``). A receiver raises
#: ApplicationError to refuse (already a volunteer).
applicant_appointed = _signals.signal("applicant-appointed")

#: A volunteer's police vetting ran out (``volunteer``: Volunteer, ``actor``, ``now``,
#: ``expires_on``: the date it ran out). Receivers that take the volunteer off visits return the
#: PlannedVisits they took them off (``withdrawn``), so the sender can list them.
vetting_lapsed = _signals.signal("vetting-lapsed")

#: A sent report was corrected so that it is no longer of the planned visit it completed, or
#: is now of one (``report``: VisitReport, its ``planned_visit`` the one it is of now, None if
#: none; ``released``: the PlannedVisit it is no longer of, or None; ``taken_by``: the other
#: VisitReport now linked to ``released``, or None; ``actor``, ``now``).
report_corrected = _signals.signal("report-corrected")

#: A volunteer on probation was confirmed in post: the application moves to appointed
#: (``application``: Application, ``actor``, ``now``, ``reason``: text for the audit log).
#: A receiver raises ApplicationError to refuse (no volunteer, probation visits not done).
probation_completed = _signals.signal("probation-completed")

#: An appointed applicant's application was withdrawn or rejected: the appointment ends
#: (``application``: Application, its ``volunteer`` not None, ``actor``, ``now``, ``status``:
#: "resigned" or "term_ended", ``reason``: text for the audit log).
appointment_ended = _signals.signal("appointment-ended")

#: A volunteer record was made (or made again) for an appointed applicant (``volunteer``:
#: Volunteer, ``application``: Application, ``actor``, ``now``): what recruitment recorded
#: (initial training) is carried over.
volunteer_appointed = _signals.signal("volunteer-appointed")

#: The coordinator's page of a volunteer is shown (``volunteer``: Volunteer, ``today``). Each
#: receiver returns a list of RecordSection (below) about its area, so the one page shows the
#: volunteer's visits, training, meetings and review without the volunteers area importing them.
volunteer_record_shown = _signals.signal("volunteer-record-shown")


@dataclass(frozen=True)
class RecordSection:
    """Part of a volunteer's record from another area: a heading, (key, value) rows, and
    optional links (text, url) to act on it; ``order`` places it on the page."""

    heading: str
    rows: list[tuple[str, str]]
    links: list[tuple[str, str]] = field(default_factory=list)
    order: int = 50


#: Every way into an account must end, as someone else may have had it: its password was reset,
#: or it was deactivated or erased (``user``: User, ``actor``, ``why``: text for the audit log,
#: e.g. "password reset"). What else lets the account in (the summary's API tokens) stops too.
account_access_ended = _signals.signal("account-access-ended")

#: A custody suite is closed for some days (``suite``: Suite, ``starts_on`` and ``ends_on``: the
#: dates, inclusive; ``reason``; ``actor``). Receivers return the PlannedVisits still planned
#: there then, for the coordinator to move or cancel (``flat_replies`` gathers them).
suite_closed = _signals.signal("suite-closed")


def flat_replies(replies: list[tuple[Any, Any]]) -> list[Any]:
    """Everything the receivers of a signal returned, one list (``send`` returns each
    receiver with what it returned)."""
    return [item for _, returned in replies for item in returned or []]
