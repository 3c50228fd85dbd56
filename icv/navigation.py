"""The service navigation: the sections each role sees, and which one a page belongs to."""

from __future__ import annotations

from flask import request, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user

#: (label, endpoint, roles that see it, endpoints that mark it as the current section)
NAVIGATION = [
    (_l("Home"), "main.home", None, {"main.home"}),
    (
        _l("My visits"),
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
        _l("Rota"),
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
        _l("Applications"),
        "applications.board",
        ("admin", "coordinator"),
        {"applications.board", "applications.detail", "applications.record_step"},
    ),
    (
        _l("Volunteers"),
        "volunteers.volunteers_list",
        ("admin", "coordinator"),
        {"volunteers.volunteers_list", "volunteers.detail", "volunteers.change"},
    ),
    (
        _l("Training"),
        "training.overview",
        ("admin", "coordinator"),
        {
            "training.overview",
            "training.add_kind",
            "training.new_session",
            "training.session",
            "training.record_for",
            "training.long_service",
            "training.reviews",
            "training.review",
            "training.meetings",
            "training.add_meeting",
            "training.meeting",
            "training.memorandum",
            "training.publish_memorandum",
        },
    ),
    (_l("Training"), "my_training.mine", ("volunteer",), {"my_training.mine", "my_training.sign"}),
    (
        _l("Your reports"),
        "visits.reports",
        ("volunteer",),
        {"visits.reports", "visits.task_list", "visits.section", "visits.check"},
    ),
    (
        _l("Expenses"),
        "expenses.mine",
        ("volunteer",),
        {"expenses.mine", "expenses.new_claim", "expenses.change"},
    ),
    (
        _l("Expense claims"),
        "expenses.queue",
        ("admin", "coordinator"),
        {"expenses.queue", "expenses.claim", "expenses.decide"},
    ),
    (
        _l("Visit reports"),
        "visits.review_queue",
        ("admin", "coordinator"),
        {"visits.review_queue", "visits.report", "visits.correct"},
    ),
    (
        _l("Issues"),
        "issues.issues_list",
        ("admin", "coordinator", "commissioner", "liaison"),
        {"issues.issues_list", "issues.issue_detail"},
    ),
    (
        _l("Suites"),
        "suites.suites_list",
        ("admin", "coordinator"),
        {"suites.suites_list", "suites.new", "suites.detail", "suites.add_closure"},
    ),
    (_l("Rota coverage"), "rota.coverage", ("commissioner",), {"rota.coverage"}),
    (
        _l("Equality monitoring"),
        "applications.equality_totals",
        ("commissioner",),
        {"applications.equality_totals"},
    ),
    (
        _l("Accounts"),
        "admin.accounts_list",
        ("admin", "coordinator"),
        {"admin.accounts_list", "admin.invite", "admin.account_detail"},
    ),
    (
        _l("Annual summary"),
        "summary.index",
        ("admin", "coordinator", "commissioner"),
        {
            "summary.index",
            "summary.dashboard",
            "summary.sign_off",
            "summary.tokens",
            "summary.throughput_page",
            "summary.throughput_entry",
            "summary.throughput_file",
            "summary.create_token",
        },
    ),
    (_l("Audit log"), "admin.audit", ("admin",), {"admin.audit", "summary.every_token"}),
    (_l("Outbox"), "admin.outbox", ("admin",), {"admin.outbox", "admin.outbox_message"}),
    (
        _l("Subject access"),
        "people.find",
        ("admin",),
        {"people.find", "people.download", "people.erase"},
    ),
    (_l("Scheduled jobs"), "jobs.overview", ("admin",), {"jobs.overview"}),
    (
        _l("Settings"),
        "admin.settings",
        ("admin",),
        {
            "admin.settings",
            "admin.recruitment_settings",
            "admin.area_districts",
            "visits.report_settings",
            "issues.follow_up_settings",
            "visits.checks",
            "jobs.visit_timings",
            "jobs.retention_settings",
        },
    ),
    (
        _l("Your account"),
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
