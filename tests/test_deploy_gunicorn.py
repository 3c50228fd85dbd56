"""Limits as production runs them: gunicorn with 2 workers, behind one proxy (the test sends
X-Forwarded-For as it would), counting in Redis. Needs ICV_TEST_REDIS_URL (``.ci/run`` starts
Debian's redis-server under CI=true); skipped with a line saying so elsewhere."""

from __future__ import annotations

import http.client
import os
import re
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from icv import create_app
from icv.extensions import db
from tests.conftest import IN_CI, app_config, dispose, reset_schema
from tests.factories import PASSWORD, make_user

WRONG = "not the password"
PEOPLE = 30


@pytest.fixture
def redis_url() -> str:
    url = os.environ.get("ICV_TEST_REDIS_URL")
    if not url:
        message = "ICV_TEST_REDIS_URL is not set: no Redis for the limits across workers"
        if IN_CI:
            pytest.fail(message + " (CI=true: .ci/services.sh should have started one)")
        pytest.skip(message)
    import redis

    client = redis.Redis.from_url(url)
    client.flushdb()  # the test's own Redis: counts of an earlier run would lock at once
    return url


@pytest.fixture
def database(tmp_path: Path) -> str:
    """A SQLite database of its own with the accounts, shared by both workers."""
    url = f"sqlite:///{tmp_path / 'gunicorn.sqlite'}"
    app = create_app(app_config(url))
    reset_schema(app)
    with app.app_context():
        make_user("val@example.org")
        for n in range(PEOPLE):
            make_user(f"person{n}@example.org")
        db.session.commit()
    dispose(app)
    return url


@pytest.fixture
def server(database: str, redis_url: str, tmp_path: Path, free_port: int) -> Iterator[int]:
    environ = {name: value for name, value in os.environ.items() if not name.startswith("ICV_")}
    environ.update(
        ICV_ENV="testing",
        ICV_INSTANCE_PATH=str(tmp_path),
        ICV_DATABASE_URL=database,
        ICV_SECRET_KEY="a-secret-key-of-more-than-32-bytes-for-the-test",
        ICV_PROXY_HOPS="1",
        ICV_RATELIMIT_STORAGE_URL=redis_url,
    )
    gunicorn = Path(sys.executable).parent / "gunicorn"
    # --preload as README's Production section runs it: the app is built once, before the fork.
    command = [str(gunicorn), "-w", "2", "--preload", "-b", f"127.0.0.1:{free_port}"]
    command.append("icv:create_app()")
    # Which worker answered each request, to show both took part.
    log_format = "%(p)s %(m)s %(s)s"
    access = ["--access-logfile", str(tmp_path / "access.log"), "--access-logformat", log_format]
    command += access
    log = tmp_path / "gunicorn.log"
    with log.open("w") as output:
        process = subprocess.Popen(command, env=environ, stdout=output, stderr=output)
    try:
        wait_until_serving(free_port, process, log)
        yield free_port
    finally:
        process.terminate()
        process.wait(timeout=60)  # its workers finish and exit: 6 s was seen under load


def wait_until_serving(port: int, process: subprocess.Popen, log: Path) -> None:
    # Building the app takes a few seconds on a quiet machine and several times that under
    # load like CI's (an icv process took more than 20 s to start there): polled, so only a
    # gunicorn that never answers waits the whole minute.
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"gunicorn stopped: {log.read_text()}")
        try:
            request(port, "GET", "/sign-in", "127.0.0.1")
            return
        except OSError:
            time.sleep(0.1)
    raise AssertionError("gunicorn did not answer within 60 seconds")


def request(port: int, method: str, path: str, address: str, body: str = "", cookie: str = ""):
    """One request on a new connection (so either worker may take it), from ``address``."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=20)
    # Over https as the proxy reports it, so CSRF checks the Referer as a browser sends it.
    headers = {
        "X-Forwarded-For": address,
        "X-Forwarded-Proto": "https",
        "Referer": f"https://127.0.0.1:{port}/sign-in",
    }
    if body:
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    if cookie:
        headers["Cookie"] = cookie
    try:
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        return response.status, response.getheader("Set-Cookie", ""), response.read().decode()
    finally:
        connection.close()


@contextmanager
def one_worker_busy(port: int, busy: bool) -> Iterator[None]:
    """Hold one worker on a request that has not finished arriving, so the other answers
    what is sent meanwhile (left alone, one worker often takes every request in turn)."""
    if not busy:
        yield
        return
    with socket.create_connection(("127.0.0.1", port)) as stall:
        stall.sendall(b"GET /sign-in HTTP/1.1\r\n")
        time.sleep(0.05)  # let a worker accept it before the next request arrives
        yield


def sign_in(port: int, address: str, email: str, password: str) -> int:
    """As a browser does: the page (for its CSRF token and cookie), then the form."""
    from urllib.parse import urlencode

    _, set_cookie, page = request(port, "GET", "/sign-in", address)
    token = re.search(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"', page)
    assert token is not None, page
    cookie = set_cookie.split(";", 1)[0]
    body = urlencode({"csrf_token": token.group(1), "email": email, "password": password})
    status, _, _ = request(port, "POST", "/sign-in", address, body, cookie)
    return status


@pytest.mark.skipif(sys.platform == "win32", reason="gunicorn runs on POSIX only")
def test_limits_hold_across_workers_behind_a_proxy(server, redis_url, tmp_path):
    wrong = []
    for n in range(1, 31):
        with one_worker_busy(server, busy=n % 2 == 0):
            wrong.append(sign_in(server, f"203.0.113.{n}", "val@example.org", WRONG))
    # One count for the account, whichever worker answered: 10 tries, then locked.
    assert wrong == [200] * 10 + [429] * 20
    # Thirty people signing in at once, each from their own address, are never held up.
    people = [
        sign_in(server, f"198.51.100.{n + 1}", f"person{n}@example.org", PASSWORD)
        for n in range(PEOPLE)
    ]
    assert people == [302] * PEOPLE
    import redis

    assert redis.Redis.from_url(redis_url).dbsize() > 0  # the counts were kept in Redis
    posts = [line.split() for line in (tmp_path / "access.log").read_text().splitlines()]
    wrong_answered_by = {pid for pid, method, _ in [p for p in posts if p[1] == "POST"][:30]}
    assert len(wrong_answered_by) == 2  # both workers counted towards the one lock
