"""Writes for the summary: the narrative, the sign-off that freezes a year's figures, and
personal API tokens. Each takes the acting user, writes an audit row and only flushes.

Also ``summary_for``: a period's figures as shown, which for a signed-off year are the figures
as published, with every later correction listed beside them.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import and_, literal, select

from icv.accounts.models import User
from icv.accounts.roles import Role
from icv.audit.services import record
from icv.clock import now_utc
from icv.extensions import db
from icv.hashing import digest as token_digest
from icv.summary.corrections import Difference, differences
from icv.summary.figures import compared, labels, summary_figures
from icv.summary.models import AnnualSummary, ApiToken
from icv.summary.queries import records_begin
from icv.summary.rules import Period, Records
from icv.summary.stored import GENERATION, keep, kept_lookup

#: Who may hold an API token and sign off a year.
SIGNERS = (Role.COMMISSIONER, Role.COORDINATOR)
#: Who writes the narrative (the office that runs the scheme).
WRITERS = (Role.COORDINATOR, Role.ADMIN)
TOKEN_PREFIX = "icv_"
#: How long a token lasts, in days, unless its owner chooses less.
TOKEN_DAYS = 365
NARRATIVE_LIMIT = 5000


class SummaryError(Exception):
    """A change to a summary was refused; the message says why."""


@dataclass
class Summary:
    """A period's figures as shown: published ones for a signed-off year, else current ones."""

    period: Period
    figures: dict[str, Any]
    current: dict[str, Any]
    record: AnnualSummary | None = None
    signed_off_by: str | None = None
    corrections: list[Difference] = field(default_factory=list)

    @property
    def is_signed_off(self) -> bool:
        return self.record is not None and self.record.is_signed_off

    @property
    def narrative(self) -> str | None:
        return self.record.narrative if self.record else None

    def as_json(self) -> dict[str, Any]:
        """The figures with their publication status: what the CLI and the API return."""
        # Imported when used, not with the app: pydantic builds its models on import, which
        # costs start-up time in every process (bench/startup.py); only the API and CLI need it.
        from icv.summary import schemas

        signed = self.record.signed_off_at if self.is_signed_off else None
        return schemas.as_described(
            schemas.Summary,
            {
                **self.figures,
                "publication": {
                    "status": "signed_off" if signed else "not_signed_off",
                    "signed_off_at": signed.isoformat(timespec="seconds") if signed else None,
                    "narrative": self.narrative,
                    "corrections": [
                        {"figure": d.key, "published": d.published, "current": d.current}
                        for d in self.corrections
                    ],
                },
            },
        )


def find_record(period: Period) -> tuple[AnnualSummary | None, str | None]:
    """The year's stored summary and the name of whoever signed it off (one statement)."""
    if period.quarter is not None:
        return None, None
    row = db.session.execute(
        select(AnnualSummary, User.name)
        .outerjoin(User, User.id == AnnualSummary.signed_off_by_id)
        .where(AnnualSummary.year == period.year, AnnualSummary.basis == period.basis.value)
    ).first()
    return (row[0], row[1]) if row else (None, None)


def record_and_kept(
    period: Period, today: date
) -> tuple[AnnualSummary | None, str | None, dict[str, Any] | None, int]:
    """``find_record``, the figures kept (``stored.kept_lookup``) and the generation of the
    changes counted (to store figures worked out now with) in one statement: one row, whether
    or not the year has a stored summary."""
    kept = kept_lookup(period, today).label("kept")
    generation = GENERATION.label("generation")
    if period.quarter is not None:
        row = db.session.execute(select(kept, generation)).one()
        return None, None, row[0], row[1]
    one = select(literal(1).label("one")).subquery()
    this_year = and_(AnnualSummary.year == period.year, AnnualSummary.basis == period.basis.value)
    row = db.session.execute(
        select(kept, generation, AnnualSummary, User.name)
        .select_from(one)
        .outerjoin(AnnualSummary, this_year)
        .outerjoin(User, User.id == AnnualSummary.signed_off_by_id)
    ).one()
    return row[2], row[3], row[0], row[1]


#: Not figures of the period: names, and what the period and the one before are (a comparison
#: follows when records begin), never listed as corrections since sign-off.
NOT_CORRECTIONS = ("labels.", "period.", "previous.")


def current_figures(period: Period, today: date, records: Records | None = None) -> dict[str, Any]:
    """The period's figures now."""
    return {**summary_figures(period, today, records), "labels": labels()}


def summary_for(
    period: Period, today: date, records: Records | None = None, kept: bool = False
) -> Summary:
    """``kept``: the figures as stored since nothing they count changed (worked out and
    stored if not: the caller commits), for the page read many times a day."""
    if kept:
        found, signer, figures, generation = record_and_kept(period, today)
        if figures is None:
            figures = keep(period, today, records or Records(records_begin()), generation)
        current = {**figures, "labels": labels()}
    else:
        current = current_figures(period, today, records)
        found, signer = find_record(period)
    if found is None or found.published is None:
        return Summary(period, current, current, found)
    changed = differences(found.published, current, ignore=NOT_CORRECTIONS)
    return Summary(period, as_published(found.published, current), current, found, signer, changed)


def as_published(published: dict[str, Any], current: dict[str, Any]) -> dict[str, Any]:
    """The published figures, with the period and the one before described as they are known
    now (a year signed off before this was known compared with a year without records)."""
    return {
        **published,
        "period": {**published.get("period", {}), **current["period"]},
        "previous": compared(published.get("previous", {}), current["previous"]["period"]),
    }


def record_for(period: Period) -> AnnualSummary:
    found, _ = find_record(period)
    if found is None:
        found = AnnualSummary(year=period.year, basis=period.basis.value)
        db.session.add(found)
    return found


def save_narrative(actor: User, period: Period, narrative: str) -> AnnualSummary:
    summary = record_for(period)
    if summary.is_signed_off:
        raise SummaryError(f"{period.label} has been signed off: its narrative is published")
    summary.narrative = narrative.strip() or None
    summary.narrative_updated_at, summary.narrative_updated_by_id = now_utc(), actor.id
    db.session.flush()
    record(actor, "summary.narrative", summary, f"Narrative for {period.label} saved")
    return summary


def sign_off(actor: User, period: Period, today: date) -> AnnualSummary:
    """Freeze the year's figures as published. Refused for a quarter, a year still running or
    one already signed off."""
    if period.quarter is not None:
        raise SummaryError("Sign off a whole year, not a quarter")
    if not period.is_complete(today):
        raise SummaryError(
            f"{period.label} has not ended yet: sign it off after {period.end:%-d %B %Y}"
        )
    summary = record_for(period)
    if summary.is_signed_off:
        raise SummaryError(f"{period.label} has already been signed off")
    summary.published = current_figures(period, today)
    summary.signed_off_at, summary.signed_off_by_id = now_utc(), actor.id
    db.session.flush()
    record(actor, "summary.signed_off", summary, f"Figures for {period.label} signed off")
    return summary


def create_token(actor: User, name: str, days: int = TOKEN_DAYS) -> tuple[ApiToken, str]:
    """A new token for ``actor``; the token itself is returned once and never stored."""
    if not actor.has_role(*SIGNERS):
        raise SummaryError("Only the commissioner's office and coordinators can have API tokens")
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    now = now_utc()
    row = ApiToken(
        user_id=actor.id,
        name=name,
        token_hash=token_digest(token),
        hint=token[:10],
        created_at=now,
        expires_at=now + timedelta(days=days),
    )
    db.session.add(row)
    db.session.flush()
    record(actor, "api_token.created", row, f"API token \u201c{name}\u201d created")
    return row, token


def revoke_token(actor: User | None, token: ApiToken, why: str | None = None) -> None:
    """Revoke a token: its owner's, or anyone's by an administrator (or, with no actor, the
    system when the owner's password is reset or their account deactivated)."""
    if actor is not None and token.user_id != actor.id and not actor.has_role(Role.ADMIN):
        raise SummaryError("You can only revoke your own tokens")
    if token.revoked_at is None:
        token.revoked_at = now_utc()
        whose = "" if actor is not None and actor.id == token.user_id else f" of {token.user.email}"
        because = f" ({why})" if why else ""
        summary = f"API token \u201c{token.name}\u201d{whose} revoked{because}"
        record(actor, "api_token.revoked", token, summary)


def revoke_all_tokens(user: User, why: str) -> None:
    for token in tokens_of(user):
        revoke_token(None, token, why)


def every_token() -> list[ApiToken]:
    """Every account's tokens, for the administrator: live ones first, newest first."""
    return list(
        db.session.scalars(
            select(ApiToken).order_by(ApiToken.revoked_at.is_not(None), ApiToken.id.desc())
        )
    )


def tokens_of(user: User) -> list[ApiToken]:
    return list(
        db.session.scalars(
            select(ApiToken).where(ApiToken.user_id == user.id).order_by(ApiToken.created_at)
        )
    )


def token_owner(presented: str, at: datetime) -> User | None:
    """The owner of a live token (not revoked, account active), noting its use; else None."""
    row = db.session.scalars(
        select(ApiToken).where(ApiToken.token_hash == token_digest(presented))
    ).first()
    if row is None or not row.is_live(at) or not row.user.is_active:
        return None
    row.last_used_at = at
    return row.user
