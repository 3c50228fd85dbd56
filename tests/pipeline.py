"""The coordinator's side of the application pipeline in tests: the clock (22 November 2026),
the coordinator signed in, and the forms posted to record a step or move an application."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

NOW = dt.datetime(2026, 11, 22, 12, 0, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False) as clock:
        yield clock


@pytest.fixture
def coordinator(login):
    return login("coordinator")


def post_step(client, application_id, step, **data):
    return client.post(
        f"/applications/{application_id}/{step}",
        data={f"{step}-{name}": value for name, value in data.items()},
    )


def move(client, application_id, target, note=""):
    return client.post(
        f"/applications/{application_id}/move", data={"move-target": target, "move-note": note}
    )
