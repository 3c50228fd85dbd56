"""Loaded by Python at start-up in the shifted-clock test pass (scripts/test.sh puts this folder
on PYTHONPATH), in the test process and every Python process the tests start.

Under libfaketime 0.9.10 (Debian 12) with the monotonic clock left real, ``time.sleep`` fails
with EINVAL: Python sleeps with clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME), and libfaketime
moves that absolute deadline by the fake offset as if the clock were faked. Waiting on an event
times out on the real monotonic clock, which libfaketime leaves alone, so sleep that way.
"""

import os
import threading
import time

if "faketime" in os.environ.get("LD_PRELOAD", ""):

    def _sleep(seconds: float) -> None:
        if seconds < 0:
            raise ValueError("sleep length must be non-negative")
        threading.Event().wait(seconds)

    time.sleep = _sleep
