"""Whether a volunteer can be put on a rota, and the dates of their term (pure rules)."""

from __future__ import annotations

from datetime import date, timedelta

from icv.applications.rules import anniversary

#: Statuses in which a volunteer visits.
VISITING = frozenset({"probation", "active"})
#: Warn this many days before vetting or a term runs out.
WARN_DAYS = 90


def rostering_problem(status: str, vetting_expires_on: date | None, today: date) -> str | None:
    """Why this volunteer cannot be rostered on ``today``, or None if they can.

    Vetting is valid up to and including its expiry date; it has lapsed the day after.
    """
    if status not in VISITING:
        return {
            "suspended": "suspended",
            "resigned": "has resigned",
            "term_ended": "term has ended",
        }.get(status, f"status is {status}")
    if vetting_expires_on is None:
        return "no police vetting recorded"
    if vetting_expires_on < today:
        return f"vetting lapsed on {vetting_expires_on + timedelta(days=1):%d %b %Y}"
    return None


def due_soon(when: date | None, today: date, days: int = WARN_DAYS) -> bool:
    """True if ``when`` is today or within the next ``days`` days."""
    return when is not None and today <= when <= today + timedelta(days=days)


def term_end(starts_on: date, years: int) -> date:
    """Last day of a term of ``years`` starting on ``starts_on`` (a 3-year term from
    1 January 2026 ends on 31 December 2028)."""
    return anniversary(starts_on, years) - timedelta(days=1)


#: A term can be renewed from this many days before it ends.
RENEWAL_WINDOW_DAYS = 183

#: status -> statuses a coordinator may move a volunteer to by hand
STATUS_MOVES = {
    "probation": ("active", "suspended", "resigned"),
    "active": ("suspended", "resigned", "term_ended"),
    "suspended": ("active", "resigned", "term_ended"),
    "resigned": (),
    "term_ended": (),
}


def status_change_problem(
    current: str,
    target: str,
    reason: str,
    *,
    probation_done: int = 0,
    probation_required: int = 0,
) -> str | None:
    """Why a volunteer cannot move from ``current`` to ``target``, or None if they can."""
    if target not in STATUS_MOVES.get(current, ()):
        if current in ("resigned", "term_ended") and target != current:
            return "This volunteer has left; they must apply again or have their term renewed"
        return "Choose a different status"
    if not reason.strip():
        return "Give the reason for the change"
    if current == "probation" and target == "active" and probation_done < probation_required:
        return f"Probation needs {probation_required} accompanied visits; {probation_done} recorded"
    return None


def renewal_problem(status: str, term_ends_on: date, today: date) -> str | None:
    """Why the term cannot be renewed for a further term now, or None if it can."""
    if status in ("resigned", "suspended", "probation"):
        return {
            "resigned": "This volunteer has resigned; they must apply again",
            "suspended": "Lift the suspension before renewing the term",
            "probation": "Complete probation before renewing the term",
        }[status]
    if term_ends_on - today > timedelta(days=RENEWAL_WINDOW_DAYS):
        earliest = term_ends_on - timedelta(days=RENEWAL_WINDOW_DAYS)
        return f"A term can be renewed from {earliest:%-d %B %Y}, six months before it ends"
    return None


def renewed_term(term_ends_on: date, today: date, years: int) -> tuple[date, date]:
    """(start, end) of the next term: straight on from the last, or from today after a gap."""
    starts_on = max(term_ends_on + timedelta(days=1), today)
    return starts_on, term_end(starts_on, years)
