"""Daily: delete applicants' personal data once the scheme may no longer keep it."""

from __future__ import annotations

from icv.admin.settings import get_settings
from icv.applications.drafts import delete_stale_drafts
from icv.applications.retention import purge_expired
from icv.clock import today_local
from icv.jobs.rules import Outcome, combine, did


def purge_personal_data() -> Outcome:
    """The retention job: applications closed without appointment longer ago than the
    retention period keep only what the totals need, and abandoned application forms go.
    The same work as ``icv applications purge``, run every night so nobody has to remember."""
    minimised = purge_expired(today_local(), int(get_settings()["retention_months"]))
    drafts = delete_stale_drafts()
    return combine(
        did(minimised, "deleted the personal data of", "closed application"),
        did(drafts, "deleted", "abandoned application form"),
    )
