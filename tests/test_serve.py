"""`icv serve` (what the README's first command ends with) really answers on its port."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

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
        url = f"http://127.0.0.1:{free_port}/healthz"
        for _ in range(100):
            try:
                with urllib.request.urlopen(url, timeout=1) as response:
                    assert response.status == 200
                    break
            except OSError:
                assert server.poll() is None, server.stdout.read()
                time.sleep(0.1)
        else:
            raise AssertionError("icv serve did not answer within 10 seconds")
    finally:
        server.terminate()
        server.wait(timeout=10)
        server.stdout.close()
