"""Configuration: defaults, then ``instance/config.py``, then ``ICV_*`` environment variables.

Environment values are parsed strictly: a value that cannot be read stops start-up with one
line naming the variable, rather than running with a silently wrong setting.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import shlex
import sys
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from sqlalchemy.engine import make_url

from icv.encryption import MAKE_ONE, key_problem, new_key

ENVIRONMENTS = ("development", "testing", "production")


class ConfigError(Exception):
    """A setting is missing or malformed; the message is one line for the operator."""


def parse_bool(name: str, raw: str) -> bool:
    value = raw.strip().lower()
    if value in ("1", "true", "yes", "on"):
        return True
    if value in ("0", "false", "no", "off"):
        return False
    raise ConfigError(f"{name} must be true or false, got {raw!r}")


def parse_int(name: str, raw: str, *, minimum: int = 0, maximum: int = 2**31) -> int:
    try:
        value = int(raw.strip())
    except ValueError:
        raise ConfigError(f"{name} must be a whole number, got {raw!r}") from None
    if not minimum <= value <= maximum:
        raise ConfigError(f"{name} must be between {minimum} and {maximum}, got {value}")
    return value


def parse_choice(choices: tuple[str, ...]) -> Callable[[str, str], str]:
    def parse(name: str, raw: str) -> str:
        value = raw.strip().lower()
        if value not in choices:
            raise ConfigError(f"{name} must be one of {', '.join(choices)}, got {raw!r}")
        return value

    return parse


def parse_url(name: str, raw: str) -> str:
    value = raw.strip()
    if "://" not in value:
        raise ConfigError(f"{name} must be a URL such as postgresql+psycopg://host/db, got {raw!r}")
    return value.rstrip("/") if name == "ICV_BASE_URL" else value


def parse_text(name: str, raw: str) -> str:
    value = raw.strip()
    if not value:
        raise ConfigError(f"{name} is set but empty")
    return value


#: Environment variable -> (config key, parser). Only these ICV_* names are accepted.
ENV_SETTINGS: dict[str, tuple[str, Callable[[str, str], Any]]] = {
    "ICV_ENV": ("ICV_ENV", parse_choice(ENVIRONMENTS)),
    # Read by create_app before anything else; listed so it is a known name.
    "ICV_INSTANCE_PATH": ("ICV_INSTANCE_PATH", parse_text),
    "ICV_DATABASE_URL": ("SQLALCHEMY_DATABASE_URI", parse_url),
    "ICV_SECRET_KEY": ("SECRET_KEY", parse_text),
    "ICV_ENCRYPTION_KEY": ("ICV_ENCRYPTION_KEY", parse_text),
    "ICV_BASE_URL": ("ICV_BASE_URL", parse_url),
    "ICV_SMTP_HOST": ("ICV_SMTP_HOST", parse_text),
    "ICV_SMTP_PORT": ("ICV_SMTP_PORT", lambda n, r: parse_int(n, r, minimum=1, maximum=65535)),
    "ICV_SMTP_USERNAME": ("ICV_SMTP_USERNAME", parse_text),
    "ICV_SMTP_PASSWORD": ("ICV_SMTP_PASSWORD", parse_text),
    "ICV_SMTP_STARTTLS": ("ICV_SMTP_STARTTLS", parse_bool),
    "ICV_SMTP_TIMEOUT": ("ICV_SMTP_TIMEOUT", lambda n, r: parse_int(n, r, minimum=1)),
    "ICV_MAIL_FROM": ("ICV_MAIL_FROM", parse_text),
    "ICV_SESSION_HOURS": ("ICV_SESSION_HOURS", lambda n, r: parse_int(n, r, minimum=1)),
    "ICV_SESSION_IDLE_MINUTES": (
        "ICV_SESSION_IDLE_MINUTES",
        lambda n, r: parse_int(n, r, minimum=1),
    ),
    "ICV_PROXY_HOPS": ("ICV_PROXY_HOPS", lambda n, r: parse_int(n, r, minimum=0, maximum=5)),
    "ICV_RATELIMIT_ALLOW_MEMORY": ("ICV_RATELIMIT_ALLOW_MEMORY", parse_bool),
    "ICV_MAX_REQUEST_KB": ("ICV_MAX_REQUEST_KB", lambda n, r: parse_int(n, r, minimum=64)),
    "ICV_RATELIMIT_STORAGE_URL": ("RATELIMIT_STORAGE_URI", parse_url),
    "ICV_TOKEN_HOURS": ("ICV_TOKEN_HOURS", lambda n, r: parse_int(n, r, minimum=1)),
    "ICV_APPLY_MIN_SECONDS": ("ICV_APPLY_MIN_SECONDS", lambda n, r: parse_int(n, r, minimum=0)),
    "ICV_STAFF_SECOND_FACTOR": ("ICV_STAFF_SECOND_FACTOR", parse_bool),
    "ICV_SQLITE_BUSY_TIMEOUT": (
        "ICV_SQLITE_BUSY_TIMEOUT",
        lambda n, r: parse_int(n, r, maximum=600),
    ),
    "ICV_HEALTH_SCHEDULER_MINUTES": (
        "ICV_HEALTH_SCHEDULER_MINUTES",
        lambda n, r: parse_int(n, r, minimum=1),
    ),
    "ICV_HEALTH_OUTBOX_MINUTES": (
        "ICV_HEALTH_OUTBOX_MINUTES",
        lambda n, r: parse_int(n, r, minimum=1),
    ),
}


def defaults(instance_path: str) -> dict[str, Any]:
    return {
        "ICV_ENV": "development",
        "SQLALCHEMY_DATABASE_URI": "sqlite:///" + str(Path(instance_path) / "icv.sqlite"),
        "ICV_BASE_URL": "http://127.0.0.1:5000",
        "ICV_SMTP_HOST": "127.0.0.1",
        "ICV_SMTP_PORT": 25,
        "ICV_SMTP_USERNAME": None,
        "ICV_SMTP_PASSWORD": None,
        "ICV_SMTP_STARTTLS": False,
        "ICV_SMTP_TIMEOUT": 20,
        "ICV_MAIL_FROM": "icv@localhost",
        #: A session ends this many hours after sign-in, however busy (a stolen cookie dies).
        "ICV_SESSION_HOURS": 8,
        #: ... and after this many minutes without a request.
        "ICV_SESSION_IDLE_MINUTES": 60,
        #: How many reverse proxies in front of the app set X-Forwarded-For and -Proto.
        "ICV_PROXY_HOPS": 0,
        #: memory:// limits in production with several workers only if an operator says so.
        "ICV_RATELIMIT_ALLOW_MEMORY": False,
        #: The largest request body taken, in kB (a report or an application is a few kB).
        "ICV_MAX_REQUEST_KB": 1024,
        #: Invitation and password-reset links stop working after this many hours.
        "ICV_TOKEN_HOURS": 72,
        #: An application sent sooner than this after its first page is taken for a robot.
        "ICV_APPLY_MIN_SECONDS": 30,
        #: Staff roles sign in with a code from an authenticator app after their password.
        "ICV_STAFF_SECOND_FACTOR": True,
        #: Seconds a save on SQLite waits for another save to finish (see icv.database).
        "ICV_SQLITE_BUSY_TIMEOUT": 15,
        #: /healthz: minutes without a scheduler run, and minutes the oldest unsent mail may
        #: wait, before the service is reported unhealthy (see icv.main.health).
        "ICV_HEALTH_SCHEDULER_MINUTES": 10,
        "ICV_HEALTH_OUTBOX_MINUTES": 30,
        "RATELIMIT_STORAGE_URI": "memory://",
        "RATELIMIT_HEADERS_ENABLED": True,
        "RATELIMIT_KEY_PREFIX": "icv",
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        # A response hands back the cookie only when the session changed: a cookie re-sent
        # unchanged by a request made alongside another (the service worker's check, a
        # draft's background copy) would undo that one's change (a flashed message lost)
        # when it arrived last. The server's session row decides when a session ends.
        "SESSION_REFRESH_EACH_REQUEST": False,
        "REMEMBER_COOKIE_HTTPONLY": True,
        "REMEMBER_COOKIE_SAMESITE": "Lax",
        "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},
        "WTF_CSRF_TIME_LIMIT": None,  # the session lifetime bounds the token
        "COMPRESS_MIMETYPES": ["text/html", "application/json", "text/csv", "text/calendar"],
        "COMPRESS_ALGORITHM": ["br", "gzip"],
    }


def read_environment(environ: Mapping[str, str]) -> dict[str, Any]:
    """Parse every ICV_* variable; unknown ICV_* names are an error (a typo is never silent)."""
    parsed: dict[str, Any] = {}
    for name, raw in environ.items():
        if not name.startswith("ICV_") or name.startswith("ICV_TEST_"):
            continue
        if name not in ENV_SETTINGS:
            known = ", ".join(sorted(ENV_SETTINGS))
            raise ConfigError(f"unknown setting {name}; known settings are {known}")
        key, parse = ENV_SETTINGS[name]
        parsed[key] = parse(name, raw)
    return parsed


def instance_secret(instance_path: str, name: str, make: Callable[[], str]) -> str:
    """A secret generated once into the instance folder, so it survives restarts.

    The file is created readable by its owner only from the start (a file written first and
    made private after could be read by anyone in between)."""
    path = Path(instance_path) / name
    try:
        handle = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return path.read_text().strip()
    with os.fdopen(handle, "w") as file:
        file.write(make())
    return path.read_text().strip()


def development_secret_key(instance_path: str) -> str:
    return instance_secret(instance_path, "secret_key", lambda: secrets.token_urlsafe(48))


#: The shortest secret key production accepts: 32 bytes, as much as the HMAC it signs with.
MIN_SECRET_BYTES = 32


def finish(config: dict[str, Any], instance_path: str, argv: list[str] | None = None) -> None:
    """Derive dependent settings and refuse unsafe combinations."""
    env = config["ICV_ENV"]
    if env not in ENVIRONMENTS:
        raise ConfigError(f"ICV_ENV must be one of {', '.join(ENVIRONMENTS)}, got {env!r}")
    if not config.get("SECRET_KEY"):
        if env == "production":
            raise ConfigError("ICV_SECRET_KEY must be set outside development")
        config["SECRET_KEY"] = development_secret_key(instance_path)
    settle_encryption_key(config, instance_path)
    if env == "production":
        check_secret_key(config["SECRET_KEY"])
        check_limit_storage(config, sys.argv if argv is None else argv)
    # Assigned, not defaulted: Flask's own defaults (False, "http") are already in the config.
    secure = env == "production"
    config["SESSION_COOKIE_SECURE"] = secure
    config["REMEMBER_COOKIE_SECURE"] = secure
    config["PREFERRED_URL_SCHEME"] = "https" if secure else "http"
    config["MAX_CONTENT_LENGTH"] = config.get("ICV_MAX_REQUEST_KB", 1024) * 1024


def settle_encryption_key(config: dict[str, Any], instance_path: str) -> None:
    """Production is given its key (losing it loses every second factor, so it is never made
    up on a server); development and testing make one into the instance folder."""
    if not config.get("ICV_ENCRYPTION_KEY"):
        if config["ICV_ENV"] == "production":
            raise ConfigError(f"ICV_ENCRYPTION_KEY must be set in production; {MAKE_ONE}")
        config["ICV_ENCRYPTION_KEY"] = instance_secret(instance_path, "encryption_key", new_key)
    if problem := key_problem(config["ICV_ENCRYPTION_KEY"]):
        raise ConfigError(problem)


def create_private_sqlite_file(database_url: str) -> None:
    """Create a SQLite database file empty and readable by its owner only, before SQLAlchemy
    opens it (SQLite itself would create it 0644, and its journals take the file's mode).

    A file that already exists is left as it is: it may be shared on purpose."""
    url = make_url(database_url)
    name = url.database or ""
    if url.get_backend_name() != "sqlite" or name in ("", ":memory:") or name.startswith("file:"):
        return
    with contextlib.suppress(FileExistsError):
        os.close(os.open(name, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))


def check_secret_key(key: str | bytes) -> None:
    size = len(key.encode() if isinstance(key, str) else key)
    if size < MIN_SECRET_BYTES:
        raise ConfigError(
            f"ICV_SECRET_KEY must be at least {MIN_SECRET_BYTES} bytes, got {size}; "
            "make one with: python3 -c 'import secrets; print(secrets.token_urlsafe(48))'"
        )


def check_limit_storage(config: dict[str, Any], argv: list[str]) -> None:
    """Limits kept in each worker's memory let every worker allow the full count: refuse that
    unless there is one worker, or the operator has said it is what they want."""
    if not str(config.get("RATELIMIT_STORAGE_URI", "")).startswith("memory://"):
        return
    workers = gunicorn_workers(argv)
    if workers > 1 and not config.get("ICV_RATELIMIT_ALLOW_MEMORY"):
        raise ConfigError(
            f"ICV_RATELIMIT_STORAGE_URL is memory:// with {workers} workers: each would keep "
            "its own count. Set it to redis://... (or ICV_RATELIMIT_ALLOW_MEMORY=true)"
        )


def gunicorn_workers(argv: list[str]) -> int:
    """How many worker processes the gunicorn command line (and WEB_CONCURRENCY or
    GUNICORN_CMD_ARGS) starts; 1 for any other program (``icv serve`` is one process)."""
    if not argv or not Path(argv[0]).name.startswith("gunicorn"):
        return 1
    from gunicorn.config import Config

    args = shlex.split(os.environ.get("GUNICORN_CMD_ARGS", "")) + list(argv[1:])
    parsed, _ = Config().parser().parse_known_args(args)
    return parsed.workers or parse_int("WEB_CONCURRENCY", os.environ.get("WEB_CONCURRENCY", "1"))
