"""The solver's view of a problem: everything as small integers, candidates precomputed.

Days are numbered from the Monday of the first whole ISO week (day ``t`` is in week ``t // 7``
on weekday ``t % 7``); volunteers, suites and bands by their position in the problem. A *slot*
is (suite, day, band); its *candidates* are the volunteers on the suite's panel who are
available at that weekday and band and not kept off that day (away, too close to a visit booked
outside the problem, or in a month such visits use up), when the suite is open and allows the
band. Visits booked outside the problem also start each volunteer's monthly counts.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from icv.rota.engine import weekly
from icv.rota.engine.horizon import Earlier
from icv.rota.engine.problem import WEEK_BAND, Problem
from icv.rota.engine.quality import required_visits

#: A monthly limit that never binds.
NO_LIMIT = 10**6


class Index:
    def __init__(self, problem: Problem, seed: int, earlier: Earlier | None = None) -> None:
        self.problem = problem
        self.k = problem.visitors_per_visit
        #: allocation by week (icv/rota/engine/weekly.py): one band, the rules per week
        self.weekly = problem.by_week
        #: two visits of one volunteer must be at least this many days apart (never the same day)
        self.gap = max(problem.min_days_between, 1)
        weeks = problem.weeks()
        self.week_labels = [label for label, _ in weeks]
        self.first = weeks[0][1] if weeks else problem.start
        self.dates = [self.first + timedelta(days=t) for t in range(7 * len(weeks))]
        self.months = sorted({(day.year, day.month) for day in self.dates})
        self.volunteers = problem.volunteers
        self.suites = problem.suites
        #: each volunteer's and each suite's position, by id
        self.person_at = {volunteer.id: n for n, volunteer in enumerate(self.volunteers)}
        self.suite_at = {suite.id: s for s, suite in enumerate(self.suites)}
        self.bands = (WEEK_BAND,) if self.weekly else problem.band_ids
        if self.weekly:  # a week's visit counts in the month of its Monday
            self.dates = [self.dates[7 * (t // 7)] for t in range(len(self.dates))]
            self.months = sorted({(day.year, day.month) for day in self.dates})
        self.month = [self.months.index((day.year, day.month)) for day in self.dates]
        self._index_people()
        required = required_visits(problem)
        self.required = [[required[s.id, label] for label in self.week_labels] for s in self.suites]
        self.suite_bands = [
            [0] if self.weekly else [self.bands.index(b) for b in problem.suite_bands(suite)]
            for suite in self.suites
        ]
        self.candidates: dict[tuple[int, int, int], tuple[int, ...]] = {}
        for s in range(len(self.suites)):
            self._index_suite(s)
        #: per suite and week, the slots with at least k candidates
        self.slots = [
            [self._useful(s, w) for w in range(len(self.week_labels))]
            for s in range(len(self.suites))
        ]
        #: per volunteer, the useful slots (suite, day, band) they are a candidate of
        self.slots_of: list[list[tuple[int, int, int]]] = [[] for _ in self.volunteers]
        for s, weeks in enumerate(self.slots):
            for slots in weeks:
                for t, b in slots:
                    for n in self.candidates[s, t, b]:
                        self.slots_of[n].append((s, t, b))
        rng = random.Random(seed)
        #: seeded tie-breaks, so equal choices differ from seed to seed but never run to run
        self.noise = {slot: rng.random() for slot in sorted(self.candidates)}
        self.person_noise = [rng.random() for _ in self.volunteers]
        self.week_noise = [[rng.random() for _ in self.week_labels] for _ in self.suites]
        self._index_earlier(earlier or Earlier())

    def _index_earlier(self, earlier: Earlier) -> None:
        """What earlier parts of a long period planned (icv/rota/engine/horizon.py), numbered
        as ours: each volunteer's load so far, each pair's visits together so far, and the
        slots of the week before the first (day ``t`` < 0), where a visit makes a repeat."""
        position = self.person_at
        self.earlier_load = [earlier.load.get(v.id, 0) for v in self.volunteers]
        self.earlier_pairs = {
            (min(position[a], position[b]), max(position[a], position[b])): count
            for (a, b), count in earlier.pairs.items()
            if a in position and b in position
        }
        suite_at = self.suite_at
        self.earlier_slots = set()
        for suite, day, band in () if self.weekly else earlier.slots:
            t = (day - self.first).days
            if -7 <= t < 0 and suite in suite_at and band in self.bands:
                self.earlier_slots.add((suite_at[suite], t, self.bands.index(band)))

    def _index_people(self) -> None:
        position = self.person_at
        self.limit = [
            NO_LIMIT if v.max_per_month is None else v.max_per_month for v in self.volunteers
        ]
        #: per volunteer and month, visits booked outside the problem (they count to the limit)
        self.booked_in_month = [
            [v.booked_in(year, month) for year, month in self.months] for v in self.volunteers
        ]
        #: per volunteer, the days booked outside the problem, numbered as ours (maybe < 0)
        self.booked_days = [[(day - self.first).days for day in v.booked] for v in self.volunteers]
        self.probation = [v.probation for v in self.volunteers]
        #: who avoids whom, both ways
        self.avoid: list[set[int]] = [set() for _ in self.volunteers]
        for n, volunteer in enumerate(self.volunteers):
            for other in volunteer.avoid:
                self.avoid[n].add(position[other])
                self.avoid[position[other]].add(n)

    def _useful(self, s: int, w: int) -> list[tuple[int, int]]:
        """The (day, band) slots of suite ``s`` in week ``w`` with at least k candidates."""
        return [
            (t, b)
            for t in range(7 * w, 7 * w + 7)
            for b in self.suite_bands[s]
            if len(self.candidates.get((s, t, b), ())) >= self.k
        ]

    def _index_suite(self, s: int) -> None:
        if self.weekly:
            self._index_suite_weeks(s)
            return
        suite, problem, volunteers = self.suites[s], self.problem, self.volunteers
        panel = [n for n, v in enumerate(self.volunteers) if suite.id in v.suites]
        for weekday in range(7):
            for b in self.suite_bands[s]:
                wanted = (weekday, self.bands[b])
                free = [n for n in panel if wanted in self.volunteers[n].available]
                for w, need in enumerate(self.required[s]):
                    day = self.dates[7 * w + weekday]
                    if not need or not free or suite.closed_on(day):
                        continue
                    people = tuple(n for n in free if not problem.kept_off(volunteers[n], day))
                    if people:
                        self.candidates[s, 7 * w + weekday, b] = people

    def _index_suite_weeks(self, s: int) -> None:
        """Allocation by week: the same candidates at each place of the week (as many places
        as the suite is open days that week, as in ``required_visits``)."""
        suite = self.suites[s]
        panel = [n for n, v in enumerate(self.volunteers) if suite.id in v.suites]
        for w, need in enumerate(self.required[s]):
            monday = self.dates[7 * w]
            people = tuple(
                n
                for n in panel
                if weekly.can_go_in_week(self.problem, self.volunteers[n], suite, monday)
            )
            for t in range(7 * w, 7 * w + need) if people else ():
                self.candidates[s, t, 0] = people

    def near_days(self, t: int) -> range:
        """The days on which another visit of a volunteer clashes with one on day ``t``: less
        than ``gap`` days away, or (by week) the same week."""
        return weekly.week_range(t) if self.weekly else range(t - self.gap + 1, t + self.gap)

    def valid_group(
        self, group: tuple[int, ...], s: int | None = None, t: int | None = None
    ) -> bool:
        """At most one probationer and no two people who avoid each other; given the slot's
        suite and day, a full group at a TACT suite needs someone TACT-trained on the day."""
        if sum(self.probation[n] for n in group) > 1:
            return False
        if any(other in self.avoid[n] for n in group for other in group):
            return False
        if s is None or t is None or len(group) < self.k:
            return True
        people = tuple(self.volunteers[n].id for n in group)
        return self.problem.tact_ok(self.suites[s].id, self.dates[t], people)

    def date(self, t: int) -> date:
        return self.dates[t]
