"""Wire extensions, templates, blueprints, security headers and static files onto the app."""

from __future__ import annotations

import importlib
from datetime import timedelta

from flask import Flask, abort, current_app, g, has_request_context, request, session, url_for
from flask.sessions import SecureCookieSessionInterface
from flask_babel import gettext
from govuk_frontend_wtf.main import WTFormsHelpers
from jinja2 import ChoiceLoader, FileSystemLoader, PackageLoader, PrefixLoader
from sqlalchemy.exc import DataError
from werkzeug.exceptions import BadRequest, HTTPException
from werkzeug.middleware.proxy_fix import ProxyFix
from werkzeug.routing import IntegerConverter
from whitenoise import WhiteNoise

from icv import PROJECT_ROOT, database, i18n
from icv.assets import asset_url
from icv.extensions import babel, compress, csrf, db, limiter, login_manager, migrate
from icv.govuk_table import govuk_table
from icv.navigation import navigation
from icv.page_template import PageTemplateWithoutInlineScript
from icv.pagination import page_numbers
from icv.text import N_

ONE_YEAR = 365 * 24 * 3600

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
        "base-uri 'self'",
        "object-src 'none'",
    ]
)


#: Modules that connect receivers as they are imported, for areas whose package does not
#: import them itself: ``icv rota solve`` imports icv.rota for its engine without the models.
CONNECTING_MODULES = ("icv.rota.listeners", "icv.rota.quality_store")


def init_app(app: Flask) -> None:
    app.permanent_session_lifetime = timedelta(hours=app.config["ICV_SESSION_HOURS"])
    app.session_interface = CookieSessions()
    init_extensions(app)
    for name in CONNECTING_MODULES:
        importlib.import_module(name)
    init_templates(app)
    # Before any route is added: every <int:...> in a URL fits a database integer.
    app.url_map.converters["int"] = DatabaseId
    register_blueprints(app)
    register_errors(app)
    app.before_request(refuse_nul_bytes)
    app.before_request(sliding_session)
    app.before_request(keep_session_alive)
    app.after_request(security_headers)
    from icv import cli

    cli.register(app)
    # Static files: precompressed at build time, cached for a year (URLs carry a content hash).
    app.wsgi_app = WhiteNoise(  # type: ignore[method-assign]
        app.wsgi_app, root=app.static_folder, prefix="static/", max_age=ONE_YEAR
    )
    trust_proxies(app)


def trust_proxies(app: Flask) -> None:
    """Behind ``ICV_PROXY_HOPS`` reverse proxies, take the client's address and scheme from
    the headers they set (X-Forwarded-For, -Proto), so limits count each person and not the
    proxy. Never more hops than there are proxies: a client could then choose its address."""
    hops = app.config["ICV_PROXY_HOPS"]
    if hops:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops)  # type: ignore[method-assign]


def init_extensions(app: Flask) -> None:
    db.init_app(app)
    database.init_app(app)  # SQLite waits for a lock and uses WAL
    migrate.init_app(app, db, directory=str(PROJECT_ROOT / "migrations"), render_as_batch=True)
    csrf.init_app(app)
    limiter.init_app(app)
    compress.init_app(app)
    init_languages(app)
    login_manager.init_app(app)
    login_manager.login_view = "accounts.login"
    login_manager.login_message = N_("Sign in to see this page.")
    login_manager.localize_callback = gettext  # flashed in the page's language
    login_manager.login_message_category = "info"
    login_manager.user_loader(load_user)
    from icv import models  # noqa: F401  (every model registered with the metadata)


#: The Welsh and English catalogues (``make translations`` extracts, updates and compiles them).
TRANSLATIONS = PROJECT_ROOT / "translations"


def init_languages(app: Flask) -> None:
    i18n.compile_catalogues(TRANSLATIONS)
    app.config.setdefault("BABEL_TRANSLATION_DIRECTORIES", str(TRANSLATIONS))
    app.config.setdefault("BABEL_DEFAULT_TIMEZONE", "Europe/London")
    babel.init_app(app, locale_selector=select_language)
    # A {% trans %} block's msgid is its text with white space made single spaces, so the
    # template's line breaks are not part of what translators see (babel.cfg says the same).
    app.jinja_env.policies["ext.i18n.trimmed"] = True


def select_language() -> str:
    """This request's language (see ``i18n.choose_language``)."""
    from flask_login import current_user

    from icv.settings import get_settings

    # Outside a request (a scheduled job, a command) nobody is reading: English, as the
    # command line is; mail chooses its recipient's language itself (force_locale).
    if not has_request_context() or request.blueprint == "api":
        return i18n.DEFAULT_LANGUAGE
    account = current_user.language if current_user.is_authenticated else None
    return i18n.choose_language(
        welsh_offered=get_settings()["welsh_offered"],
        account=account,
        session=session.get("language"),
        accept=request.accept_languages.best_match(tuple(i18n.LANGUAGES)),
    )


def load_user(token: str):
    """The account of the server-side session whose token the cookie carries, if it is live."""
    from icv.accounts import sessions
    from icv.clock import now_utc

    # Every page asks for the roles: read with the session and the account, in one statement.
    found = sessions.find(token, now_utc())
    if found is None or not found[1].is_active:
        return None
    row, user = found
    user.session_token = token
    g.user_session = row
    return user


def init_templates(app: Flask) -> None:
    app.jinja_loader = ChoiceLoader(
        [
            FileSystemLoader(app.template_folder),
            PrefixLoader(
                {
                    "govuk_frontend_jinja": PackageLoader("govuk_frontend_jinja"),
                    "govuk_frontend_wtf": PackageLoader("govuk_frontend_wtf"),
                }
            ),
        ]
    )
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
    app.jinja_env.add_extension(PageTemplateWithoutInlineScript)
    WTFormsHelpers(app)
    app.add_template_global(asset_url)
    app.add_template_global(navigation)
    app.add_template_global(session_limits)
    app.add_template_global(page_numbers)
    app.add_template_global(govuk_table, "govukTableHtml")  # big tables: see its module
    app.add_template_filter(i18n.format_datetime, "datetime")
    app.add_template_filter(i18n.format_date, "date")
    app.add_template_filter(i18n.format_time, "time")
    app.add_template_global(i18n.current_language)
    app.add_template_global(language_switch)

    @app.context_processor
    def scheme_settings():
        from icv.settings import get_settings

        return {"settings": get_settings()}


#: The modules whose pages are on the areas' blueprints: importing one adds its pages to its
#: area's blueprint (made in the area's package). No route module imports another, so this is
#: the one place they all meet.
ROUTE_MODULES = (
    "icv.main.routes",
    "icv.main.language_routes",
    "icv.accounts.routes",
    "icv.accounts.second_factor_routes",
    "icv.accounts.session_routes",
    "icv.admin.routes",
    "icv.admin.area_routes",
    "icv.applications.routes",
    "icv.applications.staff_routes",
    "icv.volunteers.routes",
    "icv.training.routes",
    "icv.training.meeting_routes",
    "icv.training.memorandum_routes",
    "icv.training.my_routes",
    "icv.suites.routes",
    "icv.rota.routes",
    "icv.rota.joining_routes",
    "icv.rota.request_routes",
    "icv.rota.visit_routes",
    "icv.rota.my_routes",
    "icv.rota.availability_routes",
    "icv.rota.settings_routes",
    "icv.rota.office_availability_routes",
    "icv.jobs.routes",
    "icv.people.routes",
    "icv.visits.routes",
    "icv.visits.offline_routes",
    "icv.visits.review_routes",
    "icv.visits.check_routes",
    "icv.visits.issue_routes",
    "icv.expenses.routes",
    "icv.expenses.office_routes",
    "icv.visits.follow_up_routes",
    "icv.summary.routes",
    "icv.summary.token_routes",
    "icv.summary.throughput_routes",
    "icv.summary.api",
)


def register_blueprints(app: Flask) -> None:
    from icv import (
        accounts,
        admin,
        applications,
        expenses,
        jobs,
        main,
        people,
        rota,
        suites,
        summary,
        training,
        visits,
        volunteers,
    )

    for name in ROUTE_MODULES:
        importlib.import_module(name)
    for blueprint in (
        main.bp,
        accounts.bp,
        admin.bp,
        applications.bp,
        volunteers.bp,
        training.bp,
        training.mine_bp,
        suites.bp,
        rota.bp,
        rota.my_visits_bp,
        rota.feed_bp,
        jobs.bp,
        people.bp,
        visits.bp,
        visits.issues_bp,
        expenses.bp,
        summary.bp,
        summary.api_bp,
    ):
        app.register_blueprint(blueprint)


class DatabaseId(IntegerConverter):
    """An integer in a URL that fits a database integer (a larger one is simply not found,
    rather than overflowing the database driver)."""

    def __init__(self, url_map, fixed_digits=0, min=None, max=2**31 - 1, signed=False):
        super().__init__(url_map, fixed_digits, min, max, signed)


def register_errors(app: Flask) -> None:
    from icv.main.errors import error_page

    app.register_error_handler(HTTPException, error_page)
    # A number too large for the database, sent in a form or a query string: a bad request.
    app.register_error_handler(OverflowError, lambda _error: error_page(BadRequest()))
    app.register_error_handler(DataError, lambda error: error_page(out_of_range_or(error)))
    app.register_error_handler(Exception, error_page)


# PostgreSQL's SQLSTATE for a number outside its column's range (SQLite's driver raises
# OverflowError instead, before the statement is sent).
NUMERIC_VALUE_OUT_OF_RANGE = "22003"


def out_of_range_or(error: DataError) -> Exception:
    """A number too large for the database is the request's fault; any other refusal of the
    data is ours and stays a server error."""
    if getattr(error.orig, "sqlstate", None) == NUMERIC_VALUE_OUT_OF_RANGE:
        return BadRequest()
    return error


def refuse_nul_bytes() -> None:
    """No text anyone types contains a NUL character, and PostgreSQL refuses to store one:
    a request carrying one is bad, rather than a failure deep in a save."""
    values = [*request.args.values(), *request.form.values()]
    if any("\x00" in value for value in values):
        abort(400)


def sliding_session() -> None:
    # The cookie outlives a closed browser; the server's row decides when it ends. A request
    # with nothing in its session (a health check, a feed) is not handed a cookie at all.
    if session and not session.permanent:  # set once: setting it marks the session changed
        session.permanent = True


def session_limits() -> dict | None:
    """When the signed-in session ends: after how many idle minutes, and the latest time."""
    from icv.accounts import sessions

    row = g.get("user_session")
    if row is None:
        return None
    return {
        "idle_minutes": current_app.config["ICV_SESSION_IDLE_MINUTES"],
        "ends_by": row.created_at + sessions.lifetime(),
    }


def keep_session_alive() -> None:
    """Load the signed-in account before the view (an ended session signs out here) and note
    the request, so the idle timeout counts from now. The API never uses the cookie."""
    from flask_login import current_user

    from icv.accounts import sessions
    from icv.clock import now_utc

    if request.blueprint == "api" or "_user_id" not in session:
        return
    # (A session started in this app context has no loaded row yet: nothing to note.)
    if current_user.is_authenticated and g.get("user_session") is not None:
        sessions.note_seen(g.user_session, now_utc())


class CookieSessions(SecureCookieSessionInterface):
    """Flask's signed-cookie sessions, except on the API: its callers send a token and are
    never handed a cookie (not even a refreshed one when a browser calls it). Elsewhere a
    cookie goes back only when the session changed (``SESSION_REFRESH_EACH_REQUEST`` off:
    icv/config.py says why)."""

    def save_session(self, app: Flask, session, response) -> None:
        if request.blueprint == "api":
            return
        super().save_session(app, session, response)


def security_headers(response):
    headers = response.headers
    headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
    headers.setdefault("X-Content-Type-Options", "nosniff")
    headers.setdefault("X-Frame-Options", "DENY")
    # A page opened by a token in its path (a status page, a reset link) names itself to
    # nobody, not even its own stylesheet's request, whose logs would keep the token.
    opened_by_token = request.url_rule is not None and "token" in request.url_rule.arguments
    headers.setdefault("Referrer-Policy", "no-referrer" if opened_by_token else "same-origin")
    headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
    # Pages carry personal data: never keep them in shared or browser caches.
    headers.setdefault("Cache-Control", "no-store")
    if request.is_secure or current_app.config["ICV_ENV"] == "production":
        # Production is always served over TLS (by the proxy in front).
        headers.setdefault("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
    return response


def language_switch() -> dict | None:
    """The other language's link for the header (GOV.UK's language switch), back to this page;
    None where the scheme offers only English."""
    from icv.settings import get_settings

    if not get_settings()["welsh_offered"] or request.blueprint == "api":
        return None
    current = i18n.current_language()
    other = next(code for code in i18n.LANGUAGES if code != current)
    back = request.full_path.rstrip("?") if request.method == "GET" else request.path
    return {
        "current": i18n.LANGUAGES[current],
        "code": other,
        "name": i18n.LANGUAGES[other],
        "href": url_for("main.language", code=other, next=back),
    }
