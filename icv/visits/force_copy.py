"""The force's copy of a report: when the coordinator marks a report reviewed and the scheme
setting ``force_copy_of_reports`` is on, the custody inspector of the suite is mailed the whole
report with no visitor named (README, Visit reports).

It holds the suite, the day, the times, the people in custody, what was checked, the issues
and the good practice seen; never the visitors, the notes on people seen (custody record
numbers) or the visitors' comments to the office. It goes to the suite's custody inspector's
address, or, without one, to its custody liaison accounts; with neither, to nobody (the
review still stands).
"""

from __future__ import annotations

from flask_babel import force_locale

from icv.notifications.services import queue_email
from icv.settings import get_settings
from icv.visits.check_services import checks_of
from icv.visits.display import Names, good_practice, report_sections
from icv.visits.issue_services import liaisons_of
from icv.visits.models import VisitReport
from icv.visits.queries import categories
from icv.visits.values import values_of

#: The report's sections that go to the force (no visitors, notes on people, or comments).
SHARED = ("visit", "times", "people", "checks", "issues", "comments")


def force_addresses(report: VisitReport) -> list[str]:
    suite = report.suite
    if suite.inspector_email:
        return [suite.inspector_email]
    return [user.email for user in liaisons_of(suite)]


def shared_sections(report: VisitReport) -> list[tuple[str, str, list[tuple[str, str]]]]:
    """The report's sections for the force, in English whoever reviews it (the mail to the
    force has no reader's language)."""
    checks = checks_of(report.check_set_id)  # the version it was filed under
    names = Names(report.suite.name, [], categories(), report.counted_on, checks)
    values = values_of(report)
    with force_locale("en"):
        sections = report_sections(values, names, visitors=False)
        kept = []
        for slug, title, rows in sections:
            if slug not in SHARED:
                continue
            if slug == "comments":  # good practice only: comments are to the office
                title, rows = "Good practice", [("Good practice seen", good_practice(values))]
            kept.append((slug, title, rows))
    return kept


def send_force_copy(report: VisitReport) -> list[str]:
    """Queue the force's copy if the scheme sends one; returns the addresses it went to."""
    if not get_settings()["force_copy_of_reports"]:
        return []
    addresses = force_addresses(report)
    sections = shared_sections(report)
    for address in addresses:
        queue_email(address, "report-force-copy", report=report, sections=sections)
    return addresses
