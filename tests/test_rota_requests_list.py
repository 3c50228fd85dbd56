"""The coordinator's requests to swap or drop: those waiting, then every decided one, the
latest first, 20 a page (once the latest 20 only, the rest out of reach)."""

from __future__ import annotations

import datetime as dt
from datetime import date

import time_machine

from icv.extensions import db
from icv.rota.models import SwapRequest
from tests.rota_jobs import at, make_rota

NOW = at(date(2026, 12, 11), 10, 0)


def test_decided_requests_come_20_a_page_the_latest_first(app, login, personas):
    with time_machine.travel(NOW, tick=False), app.app_context():
        rota = make_rota(personas)
        visit = rota.visit(date(2026, 12, 14))
        for n in range(21):  # Reason 00 decided last, Reason 20 first
            db.session.add(
                SwapRequest(
                    visit=visit, volunteer=rota.val, kind="swap", reason=f"Reason {n:02}",
                    status="declined", resolved_at=NOW - dt.timedelta(hours=n),
                )
            )  # fmt: skip
        db.session.add(SwapRequest(visit=visit, volunteer=rota.sam, kind="drop", reason="Ill"))
        db.session.commit()
        ids = [r.id for r in db.session.scalars(db.select(SwapRequest).order_by(SwapRequest.id))]
    coordinator = login("coordinator")
    first = coordinator.get("/rota/requests")
    assert first.status_code == 200
    links = [f'href="/rota/requests/{i}"' for i in ids]
    assert links[21] in first.text  # the one waiting, on every page
    assert all(link in first.text for link in links[:20])
    assert links[20] not in first.text
    assert 'href="/rota/requests?page=2"' in first.text
    second = coordinator.get("/rota/requests?page=2").text
    assert links[20] in second
    assert links[21] in second
    assert not any(link in second for link in links[:20])
    assert coordinator.get("/rota/requests?page=3").status_code == 404
