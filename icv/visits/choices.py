"""The suites and visitors a report's filer may choose (``Choices``), read narrowly by
statements built once."""

from __future__ import annotations

from collections.abc import Collection
from datetime import date
from functools import cache, cached_property

from flask_babel import gettext as _
from sqlalchemy import (
    CompoundSelect,
    Select,
    and_,
    bindparam,
    cast,
    literal_column,
    null,
    or_,
    select,
    union_all,
)

from icv.accounts.models import User
from icv.extensions import db
from icv.rota.models import PlannedVisit, PlannedVisitor, RotaPeriod
from icv.rota.report_visit import (
    SEEN_COLUMNS,
    may_be_of_a_report,
    report_visit_parameters,
    seen,
)
from icv.suites.models import Suite
from icv.text import is_whole_number
from icv.visits.rota_link import RotaLook
from icv.volunteers.models import Volunteer, volunteer_suites
from icv.volunteers.rules import VISITING


class Choices:
    """The suites and visitors a filer may choose, each read the first time a form asks (once
    a request) and narrowly: ids and names in one statement each, whatever the panel's size,
    so saving a section reads only what that section's form needs.

    The office, filing for the visitors, names any visiting volunteer; a volunteer names
    themselves and the visiting volunteers of their own panel's suites, by first name and
    initial, and nobody else (ids are easy to guess, and a person named on a report may read
    it). ``keep`` stay choosable whatever their status or panel: the visitors a corrected
    report names; so do the pair on the rota visit ``rota_visit_id`` a draft was started
    from.

    ``named`` (the volunteer ids a draft names) makes the choices narrow, for checking answers
    and not for showing the lists: only the suite chosen, and only the named visitors and the
    filer among those who may be named, read together in one statement. An answer is then
    accepted or refused exactly as against the whole lists.

    ``visit_day`` (narrow, when sending: the day the draft names) looks in the same statement
    for the visits on the rota the report may be of (``rota_look``), which the send would
    otherwise read in a statement of its own even when there is none."""

    def __init__(
        self,
        filer: User,
        on_behalf: bool,
        chosen_suite: str | None,
        keep: Collection[int] = (),
        rota_visit_id: int | None = None,
        named: Collection[int] | None = None,
        visit_day: date | None = None,
    ) -> None:
        self.filer_id = filer.id
        self.on_behalf = on_behalf
        self.chosen_suite = int(chosen_suite) if is_whole_number(chosen_suite or "") else None
        self.keep = sorted(keep)
        self.rota_visit_id = rota_visit_id
        self.named = None if named is None else sorted(named)
        self.visit_day = visit_day if named is not None else None  # narrow choices only

    @cached_property
    def suites(self) -> list[tuple[str, str]]:
        """Open suites, and the one already chosen even when it has closed since."""
        if self.named is not None:
            return [(str(i), name) for kind, i, name, _ in self._narrow if kind == "suite"]
        rows = db.session.execute(suites_statement(), {"chosen": self.chosen_suite})
        return [(str(suite_id), name) for suite_id, name in rows]

    @property
    def _parameters(self) -> dict:
        """The values of the statements' parameters (``may_be_named_statement``, and
        ``may_be_of_a_report`` when looking for the visit on the rota)."""
        parameters = {
            "filer_id": self.filer_id,
            "keep": self.keep,
            "rota_visit_id": self.rota_visit_id,
            "named": self.named or [],
            "chosen": self.chosen_suite,
        }
        if (look := self._rota_look_for) is not None:
            parameters.update(report_visit_parameters(*look))
        return parameters

    @property
    def _rota_look_for(self) -> tuple[int, date, int | None] | None:
        """(suite, day, started-from visit) of the look for the visits on the rota, if any."""
        if self.visit_day is None or self.chosen_suite is None:
            return None
        return self.chosen_suite, self.visit_day, self.rota_visit_id

    @cached_property
    def _narrow_rows(self) -> list[tuple]:
        """The rows of ``narrow_statement``: the suite chosen, the people named who may be
        and, when looking, the visits on the rota the report may be of and their visitors,
        in one statement."""
        on_rota, looking = self.rota_visit_id is not None, self._rota_look_for is not None
        every = narrow_statement(self.on_behalf, on_rota, looking)
        return [tuple(row) for row in db.session.execute(every, self._parameters)]

    @cached_property
    def _narrow(self) -> list[tuple[str, int, str | None, int | None]]:
        """(kind, id, name, account id) of the suite chosen and of the people named who may
        be (kind "suite" or "person")."""
        return [row[:4] for row in self._narrow_rows if row[0] in ("suite", "person")]

    @cached_property
    def rota_look(self) -> RotaLook | None:
        """What the look for the visits on the rota found (see ``visit_day``); None when the
        choices did not look."""
        if (look := self._rota_look_for) is None:
            return None
        visits = [(row[1], *row[4:]) for row in self._narrow_rows if row[0] == "visit"]
        visitors = [(row[1], row[3]) for row in self._narrow_rows if row[0] == "visitor"]
        return RotaLook(*look, seen(visits, visitors))

    @cached_property
    def _people(self) -> list[tuple[int, str, int]]:
        """(volunteer id, name, account id) of everyone who may be named (narrow: see above)."""
        if self.named is not None:
            rows = [row[1:] for row in self._narrow if row[0] == "person"]
            return sorted(rows, key=lambda row: (row[1], row[0]))
        everyone = may_be_named_statement(self.on_behalf, self.rota_visit_id is not None)
        rows = db.session.execute(everyone.order_by(User.name, Volunteer.id), self._parameters)
        return [tuple(row) for row in rows]

    @cached_property
    def filer_volunteer_id(self) -> int | None:
        """The filer's own volunteer id when they file as one of the visitors, else None."""
        if self.on_behalf:
            return None
        return next((i for i, _, user_id in self._people if user_id == self.filer_id), None)

    @cached_property
    def volunteers(self) -> list[tuple[str, str]]:
        if self.on_behalf:
            return [(str(i), name) for i, name, _ in self._people]
        return [
            (
                str(i),
                _("%(name)s (you)", name=name) if user_id == self.filer_id else short_name(name),
            )
            for i, name, user_id in self._people
        ]


# The choices' statements are built once, at first use, with bound parameters (the values
# of ``Choices._parameters``): every save and send runs one, and building a statement costs
# more CPU than the database takes to run it.


@cache
def suites_statement() -> Select:
    """Open suites, and the one ``chosen`` even when it has closed since, by name."""
    chosen = Suite.id == bindparam("chosen")
    return (
        select(Suite.id, Suite.name)
        .where(or_(Suite.is_active, chosen))
        .order_by(Suite.name, Suite.id)
    )


@cache
def may_be_named_statement(on_behalf: bool, on_rota: bool) -> Select:
    """Everyone who may be named: (volunteer id, name, account id); for the office, any
    visiting volunteer, else those of the filer's panels and the filer; ``keep`` whatever
    their status, and the pair of the rota visit ``rota_visit_id`` when ``on_rota``."""
    kept = [Volunteer.id.in_(bindparam("keep", expanding=True))]
    if on_rota:
        on_the_rota = select(PlannedVisitor.volunteer_id).where(
            PlannedVisitor.visit_id == bindparam("rota_visit_id")
        )
        kept.append(Volunteer.id.in_(on_the_rota))
    allowed = Volunteer.status.in_(sorted(VISITING))
    if not on_behalf:
        mine = select(Volunteer.id).where(Volunteer.user_id == bindparam("filer_id"))
        panel = select(volunteer_suites.c.suite_id).where(volunteer_suites.c.volunteer_id.in_(mine))
        on_panel = select(volunteer_suites.c.volunteer_id).where(
            volunteer_suites.c.suite_id.in_(panel)
        )
        allowed = and_(allowed, Volunteer.id.in_(on_panel))
        kept.append(Volunteer.user_id == bindparam("filer_id"))
    return (
        select(Volunteer.id, User.name, Volunteer.user_id)
        .join(User, User.id == Volunteer.user_id)
        .where(or_(allowed, *kept))
    )


@cache
def narrow_statement(on_behalf: bool, on_rota: bool, looking: bool = False) -> CompoundSelect:
    """The suite ``chosen`` and the people ``named`` who may be (and the filer, unless filing
    for the visitors): (kind, id, name, account id), in one statement; when ``looking``,
    the visits on the rota a report may be of too (``may_be_of_a_report``): ("visit", id,
    NULL, NULL, then its other columns of ``SEEN_COLUMNS``), and their visitors ("visitor",
    volunteer id, NULL, visit id), each row as wide as a visit's."""
    suite = select(literal_column("'suite'"), Suite.id, Suite.name, null())
    chosen = Volunteer.id.in_(bindparam("named", expanding=True))
    if not on_behalf:
        chosen = or_(chosen, Volunteer.user_id == bindparam("filer_id"))
    people = may_be_named_statement(on_behalf, on_rota).with_only_columns(
        literal_column("'person'"), Volunteer.id, User.name, Volunteer.user_id
    )
    parts = [suite.where(Suite.id == bindparam("chosen")), people.where(chosen)]
    if not looking:
        return union_all(*parts)
    visit_id, *columns = (getattr(PlannedVisit, name) for name in SEEN_COLUMNS)
    # typed: PostgreSQL takes two NULLs of a union's column for text
    no_name, no_account = cast(null(), User.name.type), cast(null(), Volunteer.user_id.type)
    visits = select(literal_column("'visit'"), visit_id, no_name, no_account, *columns)
    padding = [null()] * len(columns)
    visitors = select(
        literal_column("'visitor'"), PlannedVisitor.volunteer_id, null(), PlannedVisitor.visit_id
    ).add_columns(*padding)
    may_be = may_be_of_a_report()
    # The visits first: a union's columns are of its first part's types, so SQLite's dates
    # and times are read as such.
    return union_all(
        visits.join(RotaPeriod).where(may_be),
        *(part.add_columns(*padding) for part in parts),
        visitors.join(PlannedVisit).join(RotaPeriod).where(may_be),
    )


def short_name(name: str) -> str:
    """First name and the initial of the last: all a volunteer sees of another."""
    parts = name.split()
    return f"{parts[0]} {parts[-1][0]}." if len(parts) > 1 else name
