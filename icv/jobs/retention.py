"""Nightly: remove every kind of personal data past its retention period (icv.retention)."""

from __future__ import annotations

from icv.audit.services import record
from icv.clock import now_utc, today_local
from icv.extensions import db
from icv.jobs.rules import Outcome
from icv.retention.rules import KINDS, summary
from icv.retention.services import apply_kind
from icv.settings import get_settings


def apply_retention() -> dict[str, int]:
    """Apply every kind's period, each in its own transaction (so a kind that fails leaves
    the others done), then audit the counts: counts only, never whose data it was. The same
    work as ``icv retention apply``. Returns removed (plural) -> count, in the order applied."""
    settings, now, today = get_settings(), now_utc(), today_local()
    counts: dict[str, int] = {}
    for kind in KINDS:
        counts[kind.removed] = apply_kind(kind, settings, now, today)
        db.session.commit()
    if any(counts.values()):
        record(None, "retention.applied", "retention", summary(counts), dict(counts))
    return counts


def purge_personal_data() -> Outcome:
    """The retention job; its run's summary lists the count of each kind removed."""
    counts = apply_retention()
    return Outcome(sum(counts.values()), summary(counts))
