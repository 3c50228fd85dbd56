"""Data the week branch's migrations keep: rotas made before them keep their meaning."""

from __future__ import annotations

from flask_migrate import downgrade, upgrade
from sqlalchemy import text

from icv.extensions import db


def test_rotas_made_before_allocation_by_week_stay_allocated_by_day(ctx):
    downgrade(revision="b19f605642a7")
    with db.engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO rota_periods (starts_on, ends_on, status, seed, created_at, unfilled)"
                " VALUES ('2027-01-04', '2027-04-04', 'published', 7, CURRENT_TIMESTAMP, '[]')"
            )
        )
    upgrade()
    with db.engine.begin() as connection:
        assert connection.scalar(text("SELECT allocation FROM rota_periods")) == "day"
