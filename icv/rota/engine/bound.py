"""An upper bound on the required visits any rota can fill, by a maximum flow.

Each visit needs ``k`` people, so ``k`` units of flow. Units flow from the source to a
volunteer in a calendar month (at most their monthly limit, and at most the days of that month
they could go that are ``min_days_between`` apart), on to the part of an ISO week in that month
(at most its days that far apart), on to a suite-week they could visit (at most its required
visits), and to the sink (at most ``k`` times the visits the suite-week can take: its required
visits, and no more than the days on which ``k`` of its panel could go). A probationer's units
pass through a node per suite-week that lets through at most its required visits (at most one
probationer a visit). Every rota gives such a flow, so no rota fills more than
``floor(max flow / k)`` visits; when the solver reaches that number, its coverage is proven
maximal.
"""

from __future__ import annotations

from collections import defaultdict, deque

from icv.rota.engine import weekly
from icv.rota.engine.index import Index


class Network:
    """Dinic's maximum flow on a graph built edge by edge."""

    def __init__(self) -> None:
        self.to: list[int] = []
        self.room: list[int] = []
        self.out: list[list[int]] = []

    def node(self) -> int:
        self.out.append([])
        return len(self.out) - 1

    def edge(self, tail: int, head: int, capacity: int) -> None:
        if capacity <= 0:
            return
        self.out[tail].append(len(self.to))
        self.to.append(head)
        self.room.append(capacity)
        self.out[head].append(len(self.to))
        self.to.append(tail)
        self.room.append(0)

    def max_flow(self, source: int, sink: int) -> int:
        total = 0
        while True:
            level = self._levels(source)
            if level[sink] < 0:
                return total
            cursor = [0] * len(self.out)
            while pushed := self._push(source, sink, 1 << 30, level, cursor):
                total += pushed

    def _levels(self, source: int) -> list[int]:
        level = [-1] * len(self.out)
        level[source] = 0
        queue = deque([source])
        while queue:
            node = queue.popleft()
            for arc in self.out[node]:
                if self.room[arc] and level[self.to[arc]] < 0:
                    level[self.to[arc]] = level[node] + 1
                    queue.append(self.to[arc])
        return level

    def _push(self, node: int, sink: int, limit: int, level: list[int], cursor: list[int]) -> int:
        if node == sink:
            return limit
        arcs = self.out[node]
        while cursor[node] < len(arcs):
            arc = arcs[cursor[node]]
            head = self.to[arc]
            if self.room[arc] and level[head] == level[node] + 1:
                pushed = self._push(head, sink, min(limit, self.room[arc]), level, cursor)
                if pushed:
                    self.room[arc] -= pushed
                    self.room[arc ^ 1] += pushed
                    return pushed
            cursor[node] += 1
        return 0


def spaced(days: list[int], gap: int) -> int:
    """The most of these (sorted) days that can be chosen at least ``gap`` apart."""
    count, last = 0, None
    for day in days:
        if last is None or day - last >= gap:
            count, last = count + 1, day
    return count


def _spaced(ix: Index, days: list[int]) -> int:
    return weekly.weeks_among(days) if ix.weekly else spaced(days, ix.gap)


def coverage_bound(ix: Index) -> int:
    """No rota fills more required visits than this (see the module docstring)."""
    net = Network()
    source, sink = net.node(), net.node()
    suite_week: dict[tuple[int, int], int] = {}
    probation_gate: dict[tuple[int, int], int] = {}
    for s, weeks in enumerate(ix.required):
        for w, need in enumerate(weeks):
            days = sorted({t for t, _ in ix.slots[s][w]})
            if need and days:
                node = suite_week[s, w] = net.node()
                net.edge(node, sink, ix.k * min(need, len(days)))
                gate = probation_gate[s, w] = net.node()
                net.edge(gate, node, need)
    days_for: list[dict[tuple[int, int], list[int]]] = [defaultdict(list) for _ in ix.volunteers]
    for (s, t, _), people in sorted(ix.candidates.items()):
        if (s, t // 7) in suite_week and len(people) >= ix.k:
            for n in people:
                days_for[n][s, t // 7].append(t)
    for n, by_suite_week in enumerate(days_for):
        _add_volunteer(net, ix, n, by_suite_week, source, suite_week, probation_gate)
    return net.max_flow(source, sink) // ix.k


def _add_volunteer(net, ix: Index, n: int, by_suite_week, source, suite_week, gate) -> None:
    targets = gate if ix.probation[n] else suite_week
    months: dict[int, dict[int, dict[int, list[int]]]] = defaultdict(lambda: defaultdict(dict))
    for (s, w), days in by_suite_week.items():
        for t in sorted(set(days)):
            months[ix.month[t]][w].setdefault(s, []).append(t)
    for month, weeks in sorted(months.items()):
        month_node = net.node()
        all_days = sorted({t for suites in weeks.values() for ts in suites.values() for t in ts})
        room = max(0, ix.limit[n] - ix.booked_in_month[n][month])
        net.edge(source, month_node, min(room, _spaced(ix, all_days)))
        for w, suites in sorted(weeks.items()):
            part = net.node()
            week_days = sorted({t for ts in suites.values() for t in ts})
            net.edge(month_node, part, _spaced(ix, week_days))
            for s, ts in sorted(suites.items()):
                net.edge(part, targets[s, w], min(ix.required[s][w], _spaced(ix, ts)))
