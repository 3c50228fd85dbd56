"""A rota being built: its visits, what each rule has used up, and its score kept up to date.

The score is the tuple the solver minimises, compared lexicographically (the order of
docs/rota-problem.md):

0. unfilled required visits;
1. pattern repeats: visits whose suite had a visit 7 days earlier in the same band;
2. spread: per suite, how far the visits per weekday and per band stray outside their fair
   share give or take one (with n visits, each weekday should have from floor(n/7) - 1 to
   ceil(n/7) + 1; each allowed band likewise with n / bands), summed;
3. load: the sum of squared visits per volunteer (least when the load is even, which also
   means no one idle who could go while others go more);
4. pairs: per pair of volunteers, c(c-1)/2 for c visits together (0 when no pair repeats);
5. evenness: per suite, the sum of squared visits per weekday and per band (least when shared
   out exactly evenly).

Spread has a tolerance of one visit so that it does not outrank the load over a difference no
one would notice (4, 4, 4, 4, 4, 3, 3 against 5, 4, 4, 4, 3, 3, 3): within it, the last term
still prefers the most even rota.
"""

from __future__ import annotations

from itertools import combinations

from icv.rota.engine.index import Index

#: (suite, day, band, volunteers)
Entry = tuple[int, int, int, tuple[int, ...]]


class Plan:
    def __init__(self, index: Index) -> None:
        self.ix = index
        suites = len(index.suites)
        self.visits: dict[int, Entry] = {}
        self._next = 0
        self.suite_day: dict[tuple[int, int], int] = {}
        self.count = [[0] * len(index.week_labels) for _ in range(suites)]
        self.used: set[tuple[int, int, int]] = set(index.earlier_slots)
        self.days_of: list[dict[int, int]] = [{} for _ in index.volunteers]
        #: per volunteer and day, their visits less than ``gap`` days away, those booked outside
        #: the problem too (0: free to go)
        self.near = [[0] * len(index.dates) for _ in index.volunteers]
        for n, days in enumerate(index.booked_days):
            for t in days:
                self._near(n, t, +1)
        #: per volunteer and month, their visits, starting from those booked outside the problem
        self.in_month = [list(booked) for booked in index.booked_in_month]
        #: visits per volunteer, counting those of earlier parts of a long period
        self.load = list(index.earlier_load)
        self.together: dict[tuple[int, int], int] = dict(index.earlier_pairs)
        self.weekday = [[0] * 7 for _ in range(suites)]
        self.band = [[0] * len(index.bands) for _ in range(suites)]
        self.size = [0] * suites
        self.stray = [self.straying(s, self.weekday[s], self.band[s], 0) for s in range(suites)]
        self._ahead: list[int | None] = [None] * suites
        self.score = [
            sum(map(sum, index.required)),
            0,
            sum(self.stray),
            sum(load * load for load in self.load),
            sum(c * (c - 1) // 2 for c in self.together.values()),
            0,
        ]
        #: choose people to fill as many visits as possible (else: to even the load)
        self.for_coverage = False
        #: changes since the last ``commit``, so a failed attempt can be rolled back exactly
        self.log: list[tuple[int, Entry | None]] = []

    # -- changes -------------------------------------------------------------------------
    def add(self, s: int, t: int, b: int, group: tuple[int, ...], vid: int | None = None) -> int:
        """Add a visit (under ``vid`` when putting one back) and return its id."""
        score, w = self.score, t // 7
        if self.count[s][w] < self.ix.required[s][w]:
            score[0] -= 1
        score[1] += self.repeats_at(s, t, b)
        score[5] += 2 * (self.weekday[s][t % 7] + self.band[s][b]) + 2
        if vid is None:
            vid = self._next
            self._next += 1
        self.log.append((vid, None))
        self.visits[vid] = (s, t, b, group)
        self.suite_day[s, t] = vid
        self.count[s][w] += 1
        self.used.add((s, t, b))
        self._count(s, t, b, +1)
        month = self.ix.month[t]
        for n in group:
            score[3] += 2 * self.load[n] + 1
            self.load[n] += 1
            self.days_of[n][t] = vid
            self.in_month[n][month] += 1
            self._near(n, t, +1)
        for pair in combinations(group, 2):
            seen = self.together.get(pair, 0)
            score[4] += seen
            self.together[pair] = seen + 1
        return vid

    def remove(self, vid: int) -> Entry:
        s, t, b, group = entry = self.visits.pop(vid)
        self.log.append((vid, entry))
        score, w = self.score, t // 7
        self.count[s][w] -= 1
        if self.count[s][w] < self.ix.required[s][w]:
            score[0] += 1
        del self.suite_day[s, t]
        self.used.discard((s, t, b))
        score[1] -= self.repeats_at(s, t, b)
        self._count(s, t, b, -1)
        score[5] -= 2 * (self.weekday[s][t % 7] + self.band[s][b]) + 2
        month = self.ix.month[t]
        for n in group:
            self.load[n] -= 1
            score[3] -= 2 * self.load[n] + 1
            del self.days_of[n][t]
            self.in_month[n][month] -= 1
            self._near(n, t, -1)
        for pair in combinations(group, 2):
            seen = self.together[pair] - 1
            score[4] -= seen
            self.together[pair] = seen
        return entry

    def _near(self, n: int, t: int, step: int) -> None:
        days = self.near[n]
        for day in self.ix.near_days(t):
            if 0 <= day < len(days):
                days[day] += step

    def _count(self, s: int, t: int, b: int, step: int) -> None:
        self.weekday[s][t % 7] += step
        self.band[s][b] += step
        self.size[s] += step
        stray = self.straying(s, self.weekday[s], self.band[s], self.size[s])
        self.score[2] += stray - self.stray[s]
        self.stray[s] = stray
        self._ahead[s] = None

    def straying(self, s: int, weekdays: list[int], bands: list[int], n: int) -> int:
        """How far suite ``s``'s counts stray outside fair share +- 1 (see the module doc)."""
        allowed = self.ix.suite_bands[s]
        return _outside(weekdays, n, 7) + _outside([bands[b] for b in allowed], n, len(allowed))

    def rollback(self, mark: int) -> None:
        """Undo every change made since ``len(self.log)`` was ``mark``."""
        if mark > len(self.log):
            raise RuntimeError("rollback past a commit")
        while len(self.log) > mark:
            vid, entry = self.log.pop()
            if entry is None:
                self.remove(vid)
            else:
                self.add(*entry, vid=vid)
            self.log.pop()

    def commit(self) -> None:
        self.log.clear()

    # -- questions -----------------------------------------------------------------------
    def repeats_at(self, s: int, t: int, b: int) -> int:
        """Pattern repeats a visit at (s, t, b) makes with the visits a week either side."""
        return ((s, t - 7, b) in self.used) + ((s, t + 7, b) in self.used)

    def slot_cost(self, s: int, t: int, b: int) -> tuple[int, int, int]:
        """(repeats, spread, evenness) added by one more visit at (s, t, b)."""
        n, on_day, in_band = self.size[s] + 1, self.weekday[s][t % 7], self.band[s][b]
        kinds = len(self.ix.suite_bands[s])
        ahead = self._ahead[s]
        if ahead is None:
            # the counts as they are, judged against the fair share of one more visit
            ahead = self._ahead[s] = self.straying(s, self.weekday[s], self.band[s], n)
        stray = ahead - self.stray[s]
        stray += beyond(on_day + 1, n, 7) - beyond(on_day, n, 7)
        stray += beyond(in_band + 1, n, kinds) - beyond(in_band, n, kinds)
        evenness = 2 * (on_day + in_band) + 2
        return self.repeats_at(s, t, b), stray, evenness

    def group_cost(self, group: tuple[int, ...]) -> tuple[int, int]:
        """(load, pairs) added by sending ``group`` on one more visit."""
        load = sum(2 * self.load[n] + 1 for n in group)
        pairs = sum(self.together.get(pair, 0) for pair in combinations(group, 2))
        return load, pairs

    def free(self, n: int, t: int) -> bool:
        """Whether volunteer ``n`` may take one more visit on day ``t`` (spacing, month)."""
        return not self.near[n][t] and self.in_month[n][self.ix.month[t]] < self.ix.limit[n]

    def blockers(self, n: int, t: int) -> tuple[list[int], bool]:
        """The visits that stop ``n`` going on day ``t``: those too close (all must go), and
        whether the monthly limit is reached (then any one visit that month must go)."""
        days = self.days_of[n]
        near = [days[d] for d in self.ix.near_days(t) if d in days]
        full = self.in_month[n][self.ix.month[t]] >= self.ix.limit[n]
        return near, full

    def month_visits(self, n: int, t: int) -> list[int]:
        month = self.ix.month[t]
        return [vid for day, vid in self.days_of[n].items() if self.ix.month[day] == month]

    def missing(self, s: int, w: int) -> int:
        return self.ix.required[s][w] - self.count[s][w]


def _outside(counts: list[int], n: int, kinds: int) -> int:
    """Visits above ceil(n / kinds) + 1 plus visits short of floor(n / kinds) - 1, summed."""
    return sum(beyond(c, n, kinds) for c in counts)


def beyond(count: int, n: int, kinds: int) -> int:
    """How far one count of n visits shared by ``kinds`` strays outside fair share +- 1."""
    high, low = -(-n // kinds) + 1, n // kinds - 1
    return max(0, count - high) + max(0, low - count)
