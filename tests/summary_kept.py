"""The summary's kept figures read as a page reads them, for the tests of what is kept."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import select

from icv.extensions import db
from icv.summary.rules import Period, Records
from icv.summary.stored import keep, kept_lookup


def kept_figures(period: Period, today: date, records: Records) -> dict[str, Any]:
    """``summary_figures`` of ``period`` as of ``today``: the stored ones if nothing they count
    has changed since and they are less than ``KEPT_FOR`` old, else worked out and stored (the
    caller commits), from the same two pieces the summary page's read uses
    (``icv.summary.services.record_and_kept``)."""
    stored = db.session.scalar(select(kept_lookup(period, today)))
    return stored if stored is not None else keep(period, today, records)
