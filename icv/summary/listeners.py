"""How the summary reacts to what happens in other areas (``icv.signals``)."""

from __future__ import annotations

from typing import Any

from icv.accounts.models import User
from icv.signals import account_access_ended
from icv.summary.services import revoke_all_tokens


@account_access_ended.connect
def revoke_api_tokens(_sender: Any, *, user: User, why: str, **_: Any) -> None:
    """An account whose password was reset, or that was closed, may have been someone else's:
    its API tokens stop working (audited as the system's act, with no actor, as always)."""
    revoke_all_tokens(user, why)
