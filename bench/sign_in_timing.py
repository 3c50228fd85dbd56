"""Sign-in time for an address with an account and for one without (account enumeration).

    .venv/bin/python bench/sign_in_timing.py [--rounds 50]

Builds a fresh SQLite database in a temporary folder with every migration, adds one account
whose password is hashed with the production Argon2 parameters (the app runs here as
``development``, which uses them), then posts a wrong password to ``/sign-in`` through the test
client, in turn for the known address and for an unknown one, ``--rounds`` times each (taking
turns keeps a busy machine from favouring either). CSRF and rate limits are off so every post
reaches the password check. Prints the median of each and their ratio (target: within 10%).
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from flask_migrate import upgrade

from icv import create_app
from icv.accounts.models import User
from icv.accounts.passwords import hash_password
from icv.extensions import db


def timed_post(client, email: str) -> float:
    started = time.perf_counter()
    response = client.post("/sign-in", data={"email": email, "password": "not the password"})
    elapsed = time.perf_counter() - started
    assert response.status_code == 200, response.status_code
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=50)
    rounds = parser.parse_args().rounds
    folder = Path(tempfile.mkdtemp(prefix="icv-sign-in-"))
    app = create_app(
        {
            "ICV_ENV": "development",
            "SECRET_KEY": "bench-" + "k" * 40,
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder / 'bench.sqlite'}",
            "WTF_CSRF_ENABLED": False,
            "RATELIMIT_ENABLED": False,
        }
    )
    with app.app_context():
        upgrade()
        db.session.add(
            User(
                email="known@example.org",
                name="Known Person",
                password_hash=hash_password("x" * 12),
            )
        )
        db.session.commit()
    client = app.test_client()
    timed_post(client, "known@example.org")  # warm up: templates, the dummy hash
    timed_post(client, "unknown@example.org")
    known, unknown = [], []
    for _ in range(rounds):
        known.append(timed_post(client, "known@example.org"))
        unknown.append(timed_post(client, "unknown@example.org"))
    known_ms = statistics.median(known) * 1000
    unknown_ms = statistics.median(unknown) * 1000
    ratio = unknown_ms / known_ms
    print(f"rounds: {rounds} each")
    print(f"known address:   median {known_ms:.1f} ms")
    print(f"unknown address: median {unknown_ms:.1f} ms")
    print(
        f"ratio unknown/known: {ratio:.3f} ({'within' if abs(ratio - 1) <= 0.1 else 'OUTSIDE'} 10%)"
    )


if __name__ == "__main__":
    main()
