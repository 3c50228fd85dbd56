"""A rota's quality figures and gaps, worked out once and kept with the period.

Working them out builds the live problem and runs the checker and the gap diagnosis: hundreds
of milliseconds on a large scheme. So they are worked out when a draft is stored and kept as
JSON on the period (``RotaPeriod.quality``); viewing the rota reads them back with two small
queries (the names). Any change to the period's visits or visitors that the figures read
forgets them (a session hook, so no change by hand, by a request or by a signal can leave
them stale), and the next view works them out again, once. Names are not kept in the JSON:
an erased volunteer leaves nothing behind here.

The fairness tab's share is kept beside them, from the same problem (``fairness_part``): who
could be rostered and who of them is left out, with the solver's reason. A period kept before
that share was (no ``fairness`` key) counts as forgotten: its next view works it all out again.
"""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from sqlalchemy import event, inspect, select, update
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import set_committed_value

from icv.accounts.models import User
from icv.clock import now_utc, today_local
from icv.extensions import db
from icv.rota import problem_from_db, queries
from icv.rota.engine.checker import Quality
from icv.rota.engine.left_out import left_out
from icv.rota.models import PlannedVisit, PlannedVisitor, RotaPeriod, VisitStatus
from icv.rota.reason_text import as_stored
from icv.suites.models import Suite, SuiteClosure
from icv.suites.queries import suite_alone
from icv.volunteers.models import Volunteer

#: What a period's kept JSON holds; one without them all was kept by an older version.
KEPT_PARTS = frozenset({"figures", "gaps", "fairness"})


def keep(period: RotaPeriod) -> dict[str, Any]:
    """Work the figures out from the rota as it stands and keep them on the period, unless a
    change the figures read was committed meanwhile by another request (the period's
    ``figures_changes`` is no longer the count read with its visits): then they are only
    returned, and the next view works them out again."""
    db.session.flush()  # this transaction's own changes counted first
    read = period.figures_changes
    figures, gaps, built = queries.period_quality(period)
    kept = {
        "figures": as_json(figures),
        "gaps": [
            {"suite_id": g.suite.id, "week": g.week, "missing": g.missing, "reasons": g.reasons}
            for g in gaps
        ],
        "fairness": fairness_part(period, built),
    }
    at = now_utc()
    still = update(RotaPeriod).where(RotaPeriod.id == period.id, RotaPeriod.figures_changes == read)
    written = db.session.execute(
        still.values(quality=kept, quality_at=at).execution_options(synchronize_session=False)
    )
    if written.rowcount == 1:  # as stored: nothing left for the next flush to write
        set_committed_value(period, "quality", kept)
        set_committed_value(period, "quality_at", at)
    return kept


def is_kept(period: RotaPeriod) -> bool:
    """Whether the period's figures are kept whole (not forgotten, nor kept by an older
    version without the fairness tab's share), and, until the rota has ended, for the
    volunteers who may visit now and were appointed by its end: one appointed, resigned or
    suspended since changes who could go, which the figures and the fairness tab read (their
    ids, one narrow statement). An ended rota's figures stand as they were kept."""
    kept = period.quality
    if kept is None or not kept.keys() >= KEPT_PARTS:
        return False
    if period.ends_on < today_local():
        return True
    rosterable = {problem_from_db.key_id(key) for key in kept["fairness"]["rosterable"]}
    return rosterable == problem_from_db.visiting_ids(appointed_by=period.ends_on)


def current(period: RotaPeriod) -> tuple[dict[str, Any], bool]:
    """The period's kept JSON, worked out now if it is not kept (``is_kept``), and whether it
    was: the caller commits then."""
    if is_kept(period):
        return period.quality, False
    return keep(period), True


def fairness_part(period: RotaPeriod, built: problem_from_db.LiveProblem) -> dict[str, Any]:
    """The fairness tab's share of the problem: the keys of the volunteers who could be
    rostered (the rota judged as on its first day), and those of them with no visit, each with
    the solver's reason (``engine.left_out``), kept as a code (``reason_text.as_stored``) that
    the tab writes in the reader's language (one kept before codes is an English sentence). A
    volunteer only ``include``d in the problem (on a visit, but no longer rosterable), or
    appointed after the rota's end, is neither."""
    reasons = left_out(built.problem, problem_from_db.period_visits(period))
    rosterable = {
        key
        for key in built.rosterable
        if built.volunteers[key].appointed_on <= period.ends_on  # not one appointed after it
    }
    return {
        "rosterable": sorted(rosterable, key=problem_from_db.key_id),
        "left_out": {
            key: as_stored(reasons[key], {})
            for key in sorted(reasons, key=problem_from_db.key_id)
            if key in rosterable
        },
    }


def as_json(figures: Quality) -> dict[str, Any]:
    """The figures as JSON keeps them: pairs (tuple keys) become [first, second, times]."""
    plain = asdict(figures)
    plain["repeated_pairs"] = [[a, b, n] for (a, b), n in figures.repeated_pairs.items()]
    plain["idle"] = list(figures.idle)
    return plain


def read(
    stored: dict[str, Any], names: bool = True
) -> tuple[dict[str, Any], list[queries.Gap], dict, dict]:
    """(figures, gaps, volunteer names by key, suite names by key) of a period's kept JSON
    (``current``) for its page; without ``names`` no volunteer's name (only the quality tab
    shows them)."""
    figures = stored["figures"]
    suites = suites_by_id(
        {gap["suite_id"] for gap in stored["gaps"]}
        | {problem_from_db.key_id(key) for key in figures["spread"]}
    )
    gaps = [
        queries.Gap(suites[g["suite_id"]], g["week"], g["missing"], g["reasons"])
        for g in stored["gaps"]
        if g["suite_id"] in suites
    ]
    suite_names = {problem_from_db.suite_key(i): suite.name for i, suite in suites.items()}
    named = volunteer_names(figures["load"]) if names else {}
    return figures, gaps, named, suite_names


def suites_by_id(ids: set[int]) -> dict[int, Suite]:
    if not ids:
        return {}
    named = select(Suite).options(*suite_alone())
    return {s.id: s for s in db.session.scalars(named.where(Suite.id.in_(ids)))}


def volunteer_names(keys) -> dict[str, str]:
    ids = [problem_from_db.key_id(key) for key in keys]
    if not ids:
        return {}
    rows = db.session.execute(
        select(Volunteer.id, User.name).join(User, Volunteer.user).where(Volunteer.id.in_(ids))
    )
    return {problem_from_db.volunteer_key(i): name for i, name in rows}


#: What the figures and gaps read of a visit, of a place on it and of a suite's closure
#: (``period_quality``: the problem's visits are suite, day, band and visitors, cancelled
#: ones left out; the gaps leave a closed suite's weeks out). A visit
#: completed by its report, missed, or a place confirmed changes none of them, so the figures
#: stay kept: a report of a rota visit does not make the next view of the rota work them out
#: again (nor write the period in the sender's request).
FIGURED = {
    PlannedVisit: ("period_id", "suite_id", "visit_on", "band", "visitors"),
    # the relationships too: a place taken off its visit (``withdraw_from_rota``) changes
    # only the collection and the place's ``visit`` before the flush that deletes it
    PlannedVisitor: ("visit_id", "volunteer_id", "visit", "volunteer"),
    SuiteClosure: ("suite_id", "suite", "starts_on", "ends_on"),
}


@event.listens_for(Session, "before_flush")
def forget_when_visits_change(session: Session, _context, _instances) -> None:
    """A visit, a visitor or a suite's closure added or removed, or changed in what the
    figures read: the kept figures of the period (of every period the closure overlaps) are
    stale."""
    with session.no_autoflush:
        changed = [*session.new, *session.deleted]
        changed += [row for row in session.dirty if figured_change(row)]
        for row in changed:
            for period in periods_of(session, row):
                if period.quality is not None:
                    period.quality = period.quality_at = None
                if inspect(period).persistent and period not in session.deleted:
                    # counted in the database, as it commits
                    period.figures_changes = RotaPeriod.figures_changes + 1


def figured_change(row: object) -> bool:
    """Whether a changed row changed what the figures read (``FIGURED``), or whether a
    visit was cancelled or brought back."""
    names = FIGURED.get(type(row))
    if names is None:
        return False
    state = inspect(row)
    if any(state.attrs[name].history.has_changes() for name in names):
        return True
    if isinstance(row, PlannedVisit):
        status = state.attrs["status"].history
        was_unknown = status.added and not status.deleted  # set before it was read
        return bool(was_unknown) or VisitStatus.CANCELLED in (*status.added, *status.deleted)
    return False


def periods_of(session: Session, row: object) -> list[RotaPeriod]:
    """The periods whose figures a changed row is in: a visit's or a place's own, or every
    period a suite's closure overlapped or overlaps (the gaps leave a closed suite's weeks
    out)."""
    if not isinstance(row, SuiteClosure):
        period = period_of(session, row)
        return [] if period is None else [period]
    state = inspect(row)
    starts = [d for d in (row.starts_on, *state.attrs["starts_on"].history.deleted) if d]
    ends = [d for d in (row.ends_on, *state.attrs["ends_on"].history.deleted) if d]
    if not starts or not ends:
        return []
    overlapping = select(RotaPeriod).where(
        RotaPeriod.starts_on <= max(ends), RotaPeriod.ends_on >= min(starts)
    )
    return list(session.scalars(overlapping))


def period_of(session: Session, row: object) -> RotaPeriod | None:
    if isinstance(row, PlannedVisitor):
        row = row.visit or (row.visit_id and session.get(PlannedVisit, row.visit_id))
    if isinstance(row, PlannedVisit):
        return row.period or (row.period_id and session.get(RotaPeriod, row.period_id)) or None
    return None
