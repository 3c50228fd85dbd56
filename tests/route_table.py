"""The route table: every registered route, the URL it is walked at and the status each persona
must get there (tests/test_routes_access.py walks it; tests/test_routes_second_factor.py,
tests/test_pages_markup.py and tests/test_generated_forms.py read it too).

Later issues add their routes to ROUTES; a route missing from the table fails
``test_it_lists_every_registered_route``.
"""

from __future__ import annotations

PERSONAS = [
    "anonymous",
    "volunteer",
    "volunteer2",
    "coordinator",
    "commissioner",
    "liaison",
    "admin",
]
ANYONE = dict.fromkeys(PERSONAS, 200)
SIGNED_IN = {**dict.fromkeys(PERSONAS, 200), "anonymous": 302}
ADMIN_ONLY = {**dict.fromkeys(PERSONAS, 403), "anonymous": 302, "admin": 200}
ACCOUNT_MANAGERS = {**ADMIN_ONLY, "coordinator": 200}
#: Recruitment and volunteer records: the coordinator and administrators only.
STAFF = ACCOUNT_MANAGERS
STAFF_POST_INVALID = {**STAFF, "coordinator": 400, "admin": 400}
TOTALS = {**STAFF, "commissioner": 200}
ALWAYS_REDIRECTED = dict.fromkeys(PERSONAS, 302)
#: A volunteer's own choices (email reminders): volunteers only.
VOLUNTEERS = {**dict.fromkeys(PERSONAS, 403), "anonymous": 302, "volunteer": 200, "volunteer2": 200}
STAFF_REDIRECTED = {**STAFF, "coordinator": 302, "admin": 302}
#: A volunteer's own rota pages: both volunteers have a record, but only "volunteer2" is on
#: the visit, the request and the offer in the table; another's are not found (never 403,
#: which would say they exist).
OWN = {**dict.fromkeys(PERSONAS, 403), "anonymous": 302, "volunteer": 404}
OWN_PAGE = {**OWN, "volunteer": 200, "volunteer2": 200}
OWN_ACTION = {**OWN, "volunteer2": 302}
# A coordinator may not change an administrator's account.
ADMIN_ACCOUNT = ADMIN_ONLY

#: Visit reports: written by volunteers (or the office for them); read by their visitors and
#: the office; never by the commissioner or the force.
FILERS = {**dict.fromkeys(PERSONAS, 403), "anonymous": 302}
FILERS |= {"volunteer": 200, "volunteer2": 200, "coordinator": 200, "admin": 200}
#: A draft is its writer's alone ("volunteer" wrote the one in the table).
DRAFT = {**FILERS, "volunteer2": 404, "coordinator": 404, "admin": 404}
#: A report of a visit by "volunteer": the office reads it too.
REPORT = {**FILERS, "volunteer2": 403}
#: Issues: the office and the commissioner read all; the liaison those of their suites.
ISSUE_READERS = {**STAFF, "commissioner": 200, "liaison": 200}

#: An expense claim of "volunteer2": theirs and the office's; anyone else is told it is not
#: there (the commissioner and the liaison too: no role of theirs has claims).
EXPENSE = {**dict.fromkeys(PERSONAS, 404), "anonymous": 302}
EXPENSE |= {"volunteer2": 200, "coordinator": 200, "admin": 200}

#: The annual summary: totals only, for the commissioner's office and those who run the scheme.
SUMMARY = {**dict.fromkeys(PERSONAS, 403), "anonymous": 302}
SUMMARY |= {"coordinator": 200, "commissioner": 200, "admin": 200}
#: Sign-off and API tokens: the commissioner and the coordinator.
SIGNERS = {**SUMMARY, "admin": 403}

#: endpoint -> (method, URL template, expected status per persona). ``{volunteer_account}``,
#: ``{admin_account}`` and ``{message}`` are filled from rows the test creates.
ROUTES: dict[str, tuple[str, str, dict[str, int]]] = {
    "main.home": ("GET", "/", ANYONE),
    "main.accessibility": ("GET", "/accessibility", ANYONE),
    "main.privacy": ("GET", "/privacy", ANYONE),
    # The language switch: none in a scheme that offers only English (tests/test_languages.py
    # has it where Welsh is offered).
    "main.language": (
        "GET",
        "/language/cy?next=/",
        {**dict.fromkeys(PERSONAS, 404), "anonymous": 404},
    ),
    # The web scope: the whole check is 503 here, with no scheduler run (tests/test_health.py).
    "main.health": ("GET", "/healthz?scope=web", ANYONE),
    "accounts.login": ("GET", "/sign-in", {**ANYONE, **dict.fromkeys(PERSONAS[1:], 302)}),
    "accounts.logout": ("POST", "/sign-out", dict.fromkeys(PERSONAS, 302)),
    "accounts.accept_invitation": ("GET", "/invitation/not-a-token", dict.fromkeys(PERSONAS, 400)),
    "accounts.forgot_password": ("GET", "/password/forgot", ANYONE),
    "accounts.reset_password": ("GET", "/password/reset/not-a-token", dict.fromkeys(PERSONAS, 400)),
    "accounts.account": ("GET", "/account", SIGNED_IN),
    "accounts.change_password": ("GET", "/account/password", SIGNED_IN),
    "accounts.sessions_list": ("GET", "/account/sessions", SIGNED_IN),
    # Anyone signed in ends their own other sessions, and is sent back to the list.
    "accounts.end_other_sessions": ("POST", "/account/sessions/end-others", ALWAYS_REDIRECTED),
    "accounts.reminders": ("GET", "/account/reminders", VOLUNTEERS),
    # The second step of a staff sign-in: every persona here has passed it, or never owes it.
    "accounts.second_factor": ("GET", "/sign-in/code", ALWAYS_REDIRECTED),
    "accounts.recovery_code": ("GET", "/sign-in/recovery-code", ALWAYS_REDIRECTED),
    "accounts.second_factor_setup": ("GET", "/sign-in/set-up-code", ALWAYS_REDIRECTED),
    # Only someone with an authenticator app set up (staff) has recovery codes to renew.
    "accounts.new_recovery_codes": (
        "GET",
        "/account/recovery-codes",
        {**SIGNED_IN, "volunteer": 404, "volunteer2": 404},
    ),
    "admin.accounts_list": ("GET", "/admin/accounts", ACCOUNT_MANAGERS),
    "admin.invite": ("GET", "/admin/accounts/new", ACCOUNT_MANAGERS),
    "admin.account_detail": ("GET", "/admin/accounts/{volunteer_account}", ACCOUNT_MANAGERS),
    "admin.account_action": (
        "POST",
        "/admin/accounts/{admin_account}/resend",
        {**ADMIN_ACCOUNT, "admin": 302},
    ),
    # The question before deactivating (the page only asks: it changes nothing).
    "admin.confirm_account_action": (
        "GET",
        "/admin/accounts/{volunteer_account}/deactivate",
        ACCOUNT_MANAGERS,
    ),
    "admin.audit": ("GET", "/admin/audit", ADMIN_ONLY),
    "admin.outbox": ("GET", "/admin/outbox", ADMIN_ONLY),
    "admin.outbox_message": ("GET", "/admin/outbox/{message}", ADMIN_ONLY),
    "admin.outbox_retry": ("POST", "/admin/outbox/{message}/retry", {**ADMIN_ONLY, "admin": 302}),
    # Subject access: the address is posted; none posted is a bad request (the search again).
    "people.find": ("GET", "/admin/people", ADMIN_ONLY),
    "people.download": ("POST", "/admin/people/download", {**ADMIN_ONLY, "admin": 400}),
    "people.erase": ("POST", "/admin/people/erase", {**ADMIN_ONLY, "admin": 400}),
    "admin.settings": ("GET", "/admin/settings", ADMIN_ONLY),
    "jobs.overview": ("GET", "/admin/jobs", ADMIN_ONLY),
    "jobs.visit_timings": ("GET", "/admin/jobs/timings", ADMIN_ONLY),
    "jobs.retention_settings": ("GET", "/admin/jobs/retention", ADMIN_ONLY),
    "admin.recruitment_settings": ("GET", "/admin/settings/recruitment", ADMIN_ONLY),
    "applications.start": ("GET", "/apply", ANYONE),
    "applications.section": ("GET", "/apply/about-you", ANYONE),
    # Without answers (or a sent application) in the session these go back to the start.
    "applications.check": ("GET", "/apply/check", ALWAYS_REDIRECTED),
    "applications.not_eligible": ("GET", "/apply/not-eligible", ALWAYS_REDIRECTED),
    "applications.forget": ("POST", "/apply/forget", ALWAYS_REDIRECTED),
    "applications.done": ("GET", "/apply/done", ALWAYS_REDIRECTED),
    "applications.equality": ("GET", "/apply/equality", ALWAYS_REDIRECTED),
    "applications.status": ("GET", "/apply/status/{status_token}", ANYONE),
    "applications.board": ("GET", "/applications", STAFF),
    "applications.detail": ("GET", "/applications/{application}", STAFF),
    "applications.record_step": (
        "POST",
        "/applications/{application}/training",
        STAFF_POST_INVALID,
    ),
    "applications.move": ("POST", "/applications/{application}/move", STAFF_POST_INVALID),
    "applications.equality_totals": ("GET", "/applications/equality", TOTALS),
    "volunteers.volunteers_list": ("GET", "/volunteers", STAFF),
    "volunteers.detail": ("GET", "/volunteers/{volunteer_record}", STAFF),
    "volunteers.history": ("GET", "/volunteers/{volunteer_record}/history", STAFF),
    "volunteers.change": (
        "POST",
        "/volunteers/{volunteer_record}/record",
        {**STAFF, "coordinator": 302, "admin": 302},
    ),
    "visits.reports": ("GET", "/reports", FILERS),
    "visits.start": (
        "POST",
        "/reports/new",
        {**FILERS, **dict.fromkeys(["volunteer", "volunteer2", "coordinator", "admin"], 302)},
    ),
    "visits.task_list": ("GET", "/reports/draft/{draft}", DRAFT),
    "visits.section": ("GET", "/reports/draft/{draft}/visit", DRAFT),
    "visits.check": ("GET", "/reports/draft/{draft}/check", DRAFT),
    # The phone's background save answers in JSON: 401 rather than a sign-in page.
    "visits.draft_data": ("GET", "/reports/draft/{draft}/data", {**DRAFT, "anonymous": 401}),
    "visits.service_worker": ("GET", "/reports/sw.js", ANYONE),
    "visits.offline": ("GET", "/reports/offline", ANYONE),
    "visits.report": ("GET", "/reports/{report}", REPORT),
    "visits.print_report": ("GET", "/reports/{report}/print", REPORT),
    # Only the other visitor confirms; the report in the table has none.
    "visits.confirm": (
        "POST",
        "/reports/{report}/confirm",
        {**REPORT, **dict.fromkeys(["volunteer", "coordinator", "admin"], 403)},
    ),
    "visits.review_queue": ("GET", "/reports/review", STAFF),
    "visits.acknowledge": (
        "POST",
        "/reports/{report}/acknowledge",
        {**STAFF, "coordinator": 302, "admin": 302},
    ),
    # Not a visit under the Terrorism Act, so there is no copy to record.
    "visits.tact_copy_sent": (
        "POST",
        "/reports/{report}/tact",
        {**STAFF, "coordinator": 404, "admin": 404},
    ),
    "visits.correct": ("GET", "/reports/{report}/correct", STAFF),
    "visits.report_settings": ("GET", "/reports/settings", ADMIN_ONLY),
    "admin.area_districts": ("GET", "/admin/settings/area", ADMIN_ONLY),
    "expenses.mine": ("GET", "/expenses/", VOLUNTEERS),
    "expenses.new_claim": ("GET", "/expenses/new", VOLUNTEERS),
    "expenses.claim": ("GET", "/expenses/{expense}", EXPENSE),
    "expenses.change": ("GET", "/expenses/{expense}/change", {**OWN, "volunteer2": 200}),
    "expenses.decide": ("POST", "/expenses/{expense}/approve", STAFF_REDIRECTED),
    "expenses.queue": ("GET", "/expenses/office", STAFF),
    "expenses.export": ("GET", "/expenses/office/export?month={month}&format=csv", STAFF),
    "issues.follow_up_settings": ("GET", "/issues/settings", ADMIN_ONLY),
    "visits.checks": ("GET", "/reports/checks", ADMIN_ONLY),
    # Retiring a check makes a new version and goes back to the list.
    "visits.retire": ("POST", "/reports/checks/reading/retire", {**ADMIN_ONLY, "admin": 302}),
    "issues.issues_list": ("GET", "/issues", ISSUE_READERS),
    "issues.issue_detail": ("GET", "/issues/{issue}", ISSUE_READERS),
    # An empty response is refused (400) for those who may record one.
    "issues.act": (
        "POST",
        "/issues/{issue}/respond",
        {**STAFF_POST_INVALID, "liaison": 400},
    ),
    "visits.discard": ("POST", "/reports/draft/{draft}/delete", {**DRAFT, "volunteer": 302}),
    "volunteers.remove_pair": (
        "POST",
        "/volunteers/{volunteer_record}/pairs/{pair}/delete",
        STAFF_REDIRECTED,
    ),
    "suites.suites_list": ("GET", "/suites", STAFF),
    "suites.new": ("GET", "/suites/new", STAFF),
    "suites.detail": ("GET", "/suites/{suite}", STAFF),
    "suites.add_closure": ("POST", "/suites/{suite}/closures", STAFF_POST_INVALID),
    "suites.remove_closure": (
        "POST",
        "/suites/{suite}/closures/{closure}/delete",
        STAFF_REDIRECTED,
    ),
    # The rota: never the liaison (visits are unannounced); the commissioner sees coverage only.
    "rota.periods": ("GET", "/rota", STAFF),
    "rota.new_period": ("GET", "/rota/new", STAFF),
    "rota.period": ("GET", "/rota/{period}", STAFF),
    "rota.period_action": ("POST", "/rota/{period}/publish", STAFF_REDIRECTED),
    "rota.plan_again": ("POST", "/rota/{period}/plan-again", STAFF_REDIRECTED),
    "rota.coverage": ("GET", "/rota/coverage", TOTALS),
    "rota.visit": ("GET", "/rota/visits/{visit}", STAFF),
    "rota.change_visit": ("POST", "/rota/visits/{visit}/cancel", STAFF_POST_INVALID),
    "rota.add_visitor": ("GET", "/rota/visits/{visit}/fill", STAFF),
    # Instead of whom: a visitor who is not on the visit is not found.
    "rota.change_visitor": (
        "GET",
        "/rota/visits/{visit}/replace?leaving=0",
        {**STAFF, "coordinator": 404, "admin": 404},
    ),
    "rota.add_visit": ("GET", "/rota/{period}/add", STAFF),
    "rota.requests_list": ("GET", "/rota/requests", STAFF),
    "rota.request_detail": ("GET", "/rota/requests/{swap}", STAFF),
    "rota.request_action": ("POST", "/rota/requests/{swap}/decline", STAFF_POST_INVALID),
    "rota.rota_settings": ("GET", "/rota/settings", STAFF),
    # The office keeps the availability of a volunteer without a phone.
    "rota.volunteer_availability": (
        "GET",
        "/rota/volunteers/{volunteer_record}/availability",
        STAFF,
    ),
    "rota.volunteer_add_away": (
        "POST",
        "/rota/volunteers/{volunteer_record}/away",
        STAFF_POST_INVALID,
    ),
    "rota.volunteer_remove_away": (
        "POST",
        "/rota/volunteers/{volunteer_record}/away/{away}/delete",
        STAFF_REDIRECTED,
    ),
    "my_visits.upcoming": ("GET", "/my-visits", OWN_PAGE),
    "my_visits.confirm": ("POST", "/my-visits/{visit}/confirm", OWN_ACTION),
    "my_visits.ask_change": ("GET", "/my-visits/{visit}/change", {**OWN, "volunteer2": 200}),
    # Nothing chosen: the page again, with the error next to the other times.
    "my_visits.move_own": ("POST", "/my-visits/{visit}/move", {**OWN, "volunteer2": 400}),
    "my_visits.withdraw": ("POST", "/my-visits/requests/{swap}/withdraw", OWN_ACTION),
    "my_visits.answer_offer": ("POST", "/my-visits/offers/{offer}/decline", OWN_ACTION),
    "my_visits.calendar_switch": (
        "POST",
        "/my-visits/calendar/off",
        {**OWN_ACTION, "volunteer": 302},
    ),
    "my_visits.edit_availability": ("GET", "/my-visits/availability", OWN_PAGE),
    "my_visits.add_away": ("POST", "/my-visits/away", {**OWN, "volunteer": 400, "volunteer2": 400}),
    "my_visits.remove_away": ("POST", "/my-visits/away/{away}/delete", OWN_ACTION),
    "calendar_feed.calendar": ("GET", "/calendar/not-a-token.ics", dict.fromkeys(PERSONAS, 404)),
    # The latest year that has ended.
    "summary.index": (
        "GET",
        "/summary",
        {**SUMMARY, **dict.fromkeys(["coordinator", "commissioner", "admin"], 302)},
    ),
    "summary.dashboard": ("GET", "/summary/2025", SUMMARY),
    "summary.narrative": (
        "POST",
        "/summary/2025/narrative",
        {**SUMMARY, "coordinator": 302, "admin": 302, "commissioner": 403},
    ),
    "summary.sign_off": ("GET", "/summary/2025/sign-off", SIGNERS),
    "summary.export": ("GET", "/summary/2025/summary.xlsx", SUMMARY),
    "summary.quarterly_return": ("GET", "/summary/2025/quarterly-return.csv", SUMMARY),
    "summary.icva_return": ("GET", "/summary/2025/icva-return.csv", SUMMARY),
    "summary.tokens": ("GET", "/summary/api-tokens", SIGNERS),
    "summary.throughput_page": ("GET", "/summary/throughput", STAFF),
    # Empty forms: the office's answer is the form again with its errors.
    "summary.throughput_entry": ("POST", "/summary/throughput", STAFF_POST_INVALID),
    "summary.throughput_file": ("POST", "/summary/throughput/file", STAFF_POST_INVALID),
    # A token needs a name.
    "summary.create_token": (
        "POST",
        "/summary/api-tokens",
        {**SIGNERS, "coordinator": 400, "commissioner": 400},
    ),
    # The commissioner's token: nobody else may revoke it.
    "summary.revoke_token": (
        "POST",
        "/summary/api-tokens/{token}/revoke",
        {**SIGNERS, "commissioner": 302, "coordinator": 404},
    ),
    "summary.every_token": ("GET", "/summary/api-tokens/everyone", ADMIN_ONLY),
    # Anyone's token, revoked by an administrator only.
    "summary.revoke_any_token": (
        "POST",
        "/summary/api-tokens/everyone/{token}/revoke",
        {**ADMIN_ONLY, "admin": 302},
    ),
    # A token, not a session: without one everyone is refused, signed in or not.
    "api.summary": ("GET", "/api/v1/summary/2025", dict.fromkeys(PERSONAS, 401)),
    "api.icva_return": (
        "GET",
        "/api/v1/summary/2025/icva-return.csv",
        dict.fromkeys(PERSONAS, 401),
    ),
    "api.openapi": ("GET", "/api/v1/openapi.json", ANYONE),
    "training.overview": ("GET", "/training", STAFF),
    # Only an administrator adds a kind of course (an empty form is refused).
    "training.add_kind": ("POST", "/training/kinds", {**ADMIN_ONLY, "admin": 400}),
    "training.new_session": ("GET", "/training/sessions/new", STAFF),
    "training.session": ("GET", "/training/sessions/{training_session}", STAFF),
    "training.record_for": ("GET", "/training/volunteers/{volunteer_record}", STAFF),
    "training.long_service": ("GET", "/training/long-service", STAFF),
    "training.reviews": ("GET", "/training/reviews", STAFF),
    "training.review": ("GET", "/training/reviews/{review}", STAFF),
    "training.meetings": ("GET", "/training/meetings", STAFF),
    "training.add_meeting": ("POST", "/training/meetings", STAFF_POST_INVALID),
    "training.meeting": ("GET", "/training/meetings/{meeting}", STAFF),
    "training.memorandum": ("GET", "/training/memorandum", STAFF),
    "training.publish_memorandum": ("POST", "/training/memorandum", STAFF_POST_INVALID),
    "my_training.mine": ("GET", "/my-training", VOLUNTEERS),
    # Nothing to sign in the table: back to their training.
    "my_training.sign": (
        "GET",
        "/my-training/memorandum",
        {**VOLUNTEERS, "volunteer": 302, "volunteer2": 302},
    ),
}

#: Endpoints that are not pages (served outside Flask's views or by Flask itself).
NOT_PAGES = {"static"}
