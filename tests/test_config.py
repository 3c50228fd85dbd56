"""Configuration is parsed strictly: a bad value stops start-up with one clear line."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from cryptography.fernet import Fernet

from icv import create_app
from icv.config import ConfigError, finish, read_environment
from tests.conftest import TEST_ENCRYPTION_KEY as KEY


@pytest.mark.parametrize(
    ("environ", "message"),
    [
        (
            {"ICV_SMTP_PORT": "twenty-five"},
            "ICV_SMTP_PORT must be a whole number, got 'twenty-five'",
        ),
        ({"ICV_SMTP_PORT": "70000"}, "ICV_SMTP_PORT must be between 1 and 65535, got 70000"),
        ({"ICV_SMTP_STARTTLS": "maybe"}, "ICV_SMTP_STARTTLS must be true or false, got 'maybe'"),
        (
            {"ICV_STAFF_SECOND_FACTOR": "sometimes"},
            "ICV_STAFF_SECOND_FACTOR must be true or false, got 'sometimes'",
        ),
        ({"ICV_ENV": "staging"}, "ICV_ENV must be one of development, testing, production"),
        ({"ICV_DATABASE_URL": "icv.db"}, "ICV_DATABASE_URL must be a URL"),
        ({"ICV_SECRET_KEY": "  "}, "ICV_SECRET_KEY is set but empty"),
        ({"ICV_SMPT_HOST": "mail"}, "unknown setting ICV_SMPT_HOST"),
    ],
)
def test_it_rejects_bad_environment_values(environ, message):
    with pytest.raises(ConfigError, match=message.replace("(", r"\(").replace(")", r"\)")):
        read_environment(environ)


def test_it_reads_good_environment_values():
    parsed = read_environment(
        {
            "ICV_SMTP_PORT": " 587 ",
            "ICV_SMTP_STARTTLS": "yes",
            "ICV_DATABASE_URL": "postgresql+psycopg://icv@db/icv",
            "ICV_BASE_URL": "https://icv.example.org/",
            "ICV_STAFF_SECOND_FACTOR": "off",
            "PATH": "/usr/bin",
        }
    )
    assert parsed == {
        "ICV_SMTP_PORT": 587,
        "ICV_SMTP_STARTTLS": True,
        "SQLALCHEMY_DATABASE_URI": "postgresql+psycopg://icv@db/icv",
        "ICV_BASE_URL": "https://icv.example.org",
        "ICV_STAFF_SECOND_FACTOR": False,
    }


def test_production_refuses_to_start_without_a_secret_key(tmp_path):
    with pytest.raises(ConfigError, match="ICV_SECRET_KEY must be set outside development"):
        finish({"ICV_ENV": "production"}, str(tmp_path))


def test_development_generates_a_secret_key_once(tmp_path):
    first: dict = {"ICV_ENV": "development"}
    second: dict = {"ICV_ENV": "development"}
    finish(first, str(tmp_path))
    finish(second, str(tmp_path))
    assert len(first["SECRET_KEY"]) > 40
    assert first["SECRET_KEY"] == second["SECRET_KEY"]
    assert (tmp_path / "secret_key").stat().st_mode & 0o777 == 0o600
    assert first["SESSION_COOKIE_SECURE"] is False


def icv_outbox(tmp_path, **environ: str) -> subprocess.CompletedProcess:
    """``icv outbox deliver`` in a fresh process with only these settings: a command that builds
    the app, so reads the settings (``icv --help`` no longer does: tests/test_cli_startup.py)."""
    return subprocess.run(
        [sys.executable, "-c", "from icv.cli import main; main()", "outbox", "deliver"],
        env={**environ, "ICV_INSTANCE_PATH": str(tmp_path), "PATH": "/usr/bin"},
        capture_output=True,
        text=True,
        check=False,
    )


def test_production_refuses_to_start_without_an_encryption_key(tmp_path):
    result = icv_outbox(tmp_path, ICV_ENV="production", ICV_SECRET_KEY="k" * 32)
    assert result.returncode == 2
    assert result.stderr == (
        "icv: configuration error: ICV_ENCRYPTION_KEY must be set in production; make one "
        "with: python3 -c 'from cryptography.fernet import Fernet; "
        "print(Fernet.generate_key().decode())'\n"
    )
    assert not (tmp_path / "encryption_key").exists()  # never made up on a server


def test_a_malformed_encryption_key_is_refused_with_its_place(tmp_path):
    config = {"ICV_ENV": "development", "ICV_ENCRYPTION_KEY": f"{KEY}, not-a-key"}
    with pytest.raises(ConfigError, match=r"^ICV_ENCRYPTION_KEY key 2 of 2 is not a Fernet key"):
        finish(config, str(tmp_path))


@pytest.fixture
def no_umask():
    """Nothing masked: a file's mode is what the code asked for."""
    old = os.umask(0)
    yield
    os.umask(old)


@pytest.mark.parametrize(
    ("name", "setting", "maker"),
    [
        ("secret_key", "SECRET_KEY", "icv.config.secrets.token_urlsafe"),
        ("encryption_key", "ICV_ENCRYPTION_KEY", "icv.config.new_key"),
    ],
)
def test_development_keys_are_private_from_the_moment_they_exist(
    tmp_path, monkeypatch, no_umask, name, setting, maker
):
    """The file is 0600 before the key is even made, so it is never readable by others."""
    real = {"icv.config.new_key": lambda: Fernet.generate_key().decode()}.get(
        maker, lambda *_: "s" * 64
    )
    modes = []

    def make_and_look(*args):
        modes.append((tmp_path / name).stat().st_mode & 0o777)
        return real(*args)

    monkeypatch.setattr(maker, make_and_look)
    first: dict = {"ICV_ENV": "development"}
    second: dict = {"ICV_ENV": "development"}
    finish(first, str(tmp_path))
    finish(second, str(tmp_path))
    assert modes == [0o600]  # made once, into a file already private
    assert first[setting] == second[setting] == (tmp_path / name).read_text()
    assert (tmp_path / name).stat().st_mode & 0o777 == 0o600


def test_production_cookies_are_secure(tmp_path):
    config = {"ICV_ENV": "production", "SECRET_KEY": "x" * 40, "ICV_ENCRYPTION_KEY": KEY}
    finish(config, str(tmp_path))
    assert config["SESSION_COOKIE_SECURE"] is True
    assert config["PREFERRED_URL_SCHEME"] == "https"


def test_the_command_line_prints_one_line_for_a_bad_setting(tmp_path):
    result = icv_outbox(tmp_path, ICV_SMTP_PORT="abc")
    assert result.returncode == 2
    assert result.stderr == (
        "icv: configuration error: ICV_SMTP_PORT must be a whole number, got 'abc'\n"
    )


def test_the_app_reads_the_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("ICV_INSTANCE_PATH", str(tmp_path))
    monkeypatch.setenv("ICV_SESSION_HOURS", "2")
    app = create_app()
    assert app.permanent_session_lifetime.total_seconds() == 7200
    assert app.config["SQLALCHEMY_DATABASE_URI"] == f"sqlite:///{tmp_path}/icv.sqlite"
