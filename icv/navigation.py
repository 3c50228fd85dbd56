"""The service navigation: the sections each role sees, and which one a page belongs to."""

from __future__ import annotations

from flask import request, url_for
from flask_login import current_user

#: (label, endpoint, roles that see it, endpoints that mark it as the current section)
NAVIGATION = [
    ("Home", "main.home", None, {"main.home"}),
    (
        "My visits",
        "my_visits.upcoming",
        ("volunteer",),
        {
            "my_visits.upcoming",
            "my_visits.ask_change",
            "my_visits.edit_availability",
            "my_visits.add_away",
        },
    ),
    (
        "Rota",
        "rota.periods",
        ("admin", "coordinator"),
        {
            "rota.periods",
            "rota.new_period",
            "rota.period",
            "rota.visit",
            "rota.change_visit",
            "rota.add_visit",
            "rota.requests_list",
            "rota.request_detail",
            "rota.request_action",
        },
    ),
    (
        "Applications",
        "applications.board",
        ("admin", "coordinator"),
        {"applications.board", "applications.detail", "applications.record_step"},
    ),
    (
        "Volunteers",
        "volunteers.volunteers_list",
        ("admin", "coordinator"),
        {"volunteers.volunteers_list", "volunteers.detail", "volunteers.change"},
    ),
    (
        "Your reports",
        "visits.reports",
        ("volunteer",),
        {"visits.reports", "visits.task_list", "visits.section", "visits.check"},
    ),
    (
        "Visit reports",
        "visits.review_queue",
        ("admin", "coordinator"),
        {"visits.review_queue", "visits.report", "visits.correct"},
    ),
    (
        "Issues",
        "issues.issues_list",
        ("admin", "coordinator", "commissioner", "liaison"),
        {"issues.issues_list", "issues.issue_detail"},
    ),
    (
        "Suites",
        "suites.suites_list",
        ("admin", "coordinator"),
        {"suites.suites_list", "suites.new", "suites.detail", "suites.add_closure"},
    ),
    ("Rota coverage", "rota.coverage", ("commissioner",), {"rota.coverage"}),
    (
        "Equality monitoring",
        "applications.equality_totals",
        ("commissioner",),
        {"applications.equality_totals"},
    ),
    (
        "Accounts",
        "admin.accounts_list",
        ("admin", "coordinator"),
        {"admin.accounts_list", "admin.invite", "admin.account_detail"},
    ),
    (
        "Annual summary",
        "summary.index",
        ("admin", "coordinator", "commissioner"),
        {
            "summary.index",
            "summary.dashboard",
            "summary.sign_off",
            "summary.tokens",
            "summary.create_token",
        },
    ),
    ("Audit log", "admin.audit", ("admin",), {"admin.audit", "summary.every_token"}),
    ("Outbox", "admin.outbox", ("admin",), {"admin.outbox", "admin.outbox_message"}),
    (
        "Subject access",
        "people.find",
        ("admin",),
        {"people.find", "people.download", "people.erase"},
    ),
    ("Scheduled jobs", "jobs.overview", ("admin",), {"jobs.overview"}),
    (
        "Settings",
        "admin.settings",
        ("admin",),
        {
            "admin.settings",
            "admin.recruitment_settings",
            "visits.report_settings",
            "visits.checks",
            "jobs.visit_timings",
            "jobs.retention_settings",
        },
    ),
    (
        "Your account",
        "accounts.account",
        None,
        {
            "accounts.account",
            "accounts.change_password",
            "accounts.reminders",
            "accounts.sessions_list",
        },
    ),
]


def navigation() -> list[dict]:
    """Service navigation items for the signed-in person's roles, the current one marked."""
    from icv.accounts.access import second_factor_pending
    from icv.accounts.roles import Role

    if not current_user.is_authenticated or second_factor_pending():
        return []
    return [
        {"text": text, "href": url_for(endpoint), "active": request.endpoint in section}
        for text, endpoint, roles, section in NAVIGATION
        if roles is None or current_user.has_role(*(Role(r) for r in roles))
    ]
