"""The rules of one rota, to check a change made by hand against (a visit moved, added, a
place filled or given to someone else): ``EditCheck``. The caller refuses the change
(``services.check``, ``places``, ``other_times``)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from icv.rota import problem_from_db
from icv.rota.engine.checker import violations
from icv.rota.engine.problem import Visit
from icv.rota.engine.weekly import can_go_in_week
from icv.rota.models import PlannedVisit, RotaPeriod
from icv.volunteers.models import Volunteer
from icv.volunteers.rules import rostering_problem


class EditCheck:
    """The rules of one rota, built once, to check changes by hand against: a change is
    refused if it breaks a rule that was not already broken before it. Every rule reads only
    the people on the rota's visits (always in its problem) and those a change adds
    (``extra``, or one of ``panel_of``'s panel): not the thousand who may visit elsewhere."""

    def __init__(
        self,
        period: RotaPeriod,
        today: date,
        extra: Iterable[Volunteer] = (),
        panel_of: int | None = None,
    ):
        self.period, self.today = period, today
        # The people on the rota's visits (by id: their places may name them only, as
        # ``loading.with_its_rota`` reads them) and those the change adds are read with the
        # suite's panel in one statement, with what the rules need of them.
        on_visits = [place.volunteer_id for visit in period.visits for place in visit.visitors]
        panel, people = problem_from_db.check_people(
            panel_of, [*on_visits, *(v.id for v in extra if v)]
        )
        # visits in neighbouring rotas count for the spacing and monthly rules, as in a draft
        booked = problem_from_db.booked_nearby(period.id, period.starts_on, period.ends_on)
        self.built = problem_from_db.build_for(period, today, people, booked, panel)
        self.before = {v.message for v in violations(self.built.problem, self.visits())}

    def visits(self, leave_out: PlannedVisit | None = None) -> list[Visit]:
        """The period's visits that count against the rules."""
        return problem_from_db.period_visits(self.period, leave_out=leave_out)

    def problems(
        self, changed: Visit, replaced: PlannedVisit | None, outside_ok: str | None = None
    ) -> list[str]:
        """What ``changed`` (a new or edited visit) would break, in the checker's words.
        ``outside_ok`` (a volunteer's key) may go outside their usual availability: they
        agreed to, and the coordinator records why."""
        for key in changed.volunteers:
            volunteer = self.built.volunteers.get(key)
            if volunteer is None:
                return ["Choose a volunteer who visits"]
            status, expires = volunteer.status, volunteer.vetting_expires_on
            if problem := rostering_problem(status, expires, self.today):
                return [f"{volunteer.user.name} cannot be rostered: {problem}"]
        after = violations(self.built.problem, [*self.visits(replaced), changed])
        return list(
            dict.fromkeys(
                v.message
                for v in after
                if v.message not in self.before
                and not (v.rule == "availability" and v.volunteers == (outside_ok,))
            )
        )

    def outside(self, key: str, changed: Visit) -> bool:
        """Whether ``changed`` is outside the usual availability of volunteer ``key``."""
        problem = self.built.problem
        spec, suite = problem.volunteer_by_id.get(key), problem.suite_by_id.get(changed.suite)
        if spec is not None and suite is not None and changed.by_week:
            return not can_go_in_week(problem, spec, suite, changed.date)
        return spec is not None and (changed.date.weekday(), changed.band) not in spec.available
