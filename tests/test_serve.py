"""`icv serve` (what the README's first command ends with) really answers on its port."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

from tests.conftest import answers

ICV = str(Path(sys.executable).parent / "icv")


def test_icv_serve_answers_requests(tmp_path, free_port):
    env = {
        key: value for key, value in os.environ.items() if not key.startswith(("ICV_", "FLASK_"))
    }
    env["ICV_INSTANCE_PATH"] = str(tmp_path)
    subprocess.run([ICV, "db", "upgrade"], env=env, check=True, capture_output=True)
    server = subprocess.Popen(
        [ICV, "serve", "--port", str(free_port)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        url = f"http://127.0.0.1:{free_port}/healthz?scope=web"  # no scheduler here
        # "Eventually": it starts in 5 seconds on a quiet machine, and a loaded one (CI's three
        # lanes and a browser on 2 cores) can take several times that to import and build the
        # app. A server that stopped fails at once, whatever the time.
        deadline = time.monotonic() + 60
        while not answers(url):
            assert server.poll() is None, server.stdout.read()
            assert time.monotonic() < deadline, "icv serve did not answer within 60 seconds"
            time.sleep(0.1)
    finally:
        server.terminate()
        server.wait(timeout=10)
        server.stdout.close()


def test_make_run_serves_on_the_port_given_and_mails_links_to_it():
    # `make run PORT=8123` (README): the demo prints, the server listens on and mail links to
    # that port, unless ICV_BASE_URL says otherwise. `make -n` prints the commands only.
    env = {key: value for key, value in os.environ.items() if not key.startswith("ICV_")}
    root = Path(__file__).resolve().parents[1]
    result = subprocess.run(
        ["make", "--dry-run", "run", "PORT=8123"],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    lines = result.stdout.splitlines()
    base = "ICV_BASE_URL=${ICV_BASE_URL:-http://127.0.0.1:8123}"
    assert f"{base} .venv/bin/icv demo" in lines
    assert f"{base} .venv/bin/icv serve --host 127.0.0.1 --port 8123 --with-scheduler" in lines
