"""How low the plain load spread of a rota could go at the times it chose: a lower bound.

``Quality.load_spread`` is the most visits of anyone who could have gone (``could_go``) minus
the fewest. Over a year its floor is set less by who the solver picks than by when the visits
are: someone free only at two times of the week at one suite can go on no more visits than
fall at those times, however the people are chosen.

This finds the least spread ``d`` such that *some* assignment of people to the same visits
(same suite, date and band, the same number on each) keeps every such load in ``[L, L + d]``
for some ``L``. An assignment is a flow: from each volunteer (between ``L`` and ``L + d``
units if they count in the spread, unbounded otherwise) through one node per calendar month
they have visits in (at most their monthly limit less the visits they have booked outside the
problem that month), one unit to each visit they could go on (``forced.could_go_on``: panel,
weekday and band, not away or kept off; the people a visit has always may), to the visit's
sink (exactly as many as it has), probationers through one gate a visit that lets one
through. The spacing rule, the people to avoid and TACT training are left out, so any rota
at these slots is such a flow, and its load spread is at least the ``d`` found.

The least ``d`` is ``U - L`` for ``L`` the highest floor any flow reaches on its own and ``U``
the lowest ceiling: the load vectors of the flows form a (polymatroid) base polyhedron, and a
box meets one exactly when its floor and its ceiling each do. The search still checks
``[L, U]`` with one flow, and widens ``d`` if that ever failed, so the answer does not rest on
that property.
"""

from __future__ import annotations

from collections import defaultdict

from icv.rota.engine.bound import Network
from icv.rota.engine.forced import could_go_on
from icv.rota.engine.problem import Problem, Visit
from icv.rota.engine.quality import could_go

Month = tuple[int, int]


class _Assignments:
    """The people each visit could have and the room each volunteer has in a month."""

    def __init__(self, problem: Problem, visits: list[Visit]) -> None:
        self.problem = problem
        self.counted = set(could_go(problem))
        self.sizes = [len(set(visit.volunteers)) for visit in visits]
        self.total = sum(self.sizes)
        #: volunteer id -> month -> the indexes of the visits they could go on that month
        self.options: dict[str, dict[Month, list[int]]] = defaultdict(lambda: defaultdict(list))
        for index, visit in enumerate(visits):
            month = (visit.date.year, visit.date.month)
            for person in sorted(set(could_go_on(problem, visit)) | set(visit.volunteers)):
                self.options[person][month].append(index)

    def room(self, person: str, month: Month) -> int:
        volunteer = self.problem.volunteer_by_id[person]
        visits = len(self.options[person][month])
        if volunteer.max_per_month is None:
            return visits
        return min(visits, max(0, volunteer.max_per_month - volunteer.booked_in(*month)))

    def most(self, person: str) -> int:
        """The most visits ``person`` could have, on their own."""
        return sum(self.room(person, month) for month in self.options.get(person, {}))

    def fits(self, floor: int, ceiling: int) -> bool:
        """Whether every visit can be filled with each counted load in [floor, ceiling]."""
        # someone counted who can go on none of these visits has load 0 whatever the rota
        if floor > 0 and any(person not in self.options for person in self.counted):
            return False
        # A flow with lower bounds, checked as a maximum flow from a new source to a new sink
        # that must carry every lower bound (the textbook reduction): the sink returns to the
        # source, each lower bound ``b`` on an arc becomes ``b`` from the new source to its
        # head and ``b`` from its tail to the new sink.
        net = Network()
        source, sink, new_source, new_sink = (net.node() for _ in range(4))
        net.edge(sink, source, self.total)
        visit_nodes = [net.node() for _ in self.sizes]
        gates = [net.node() for _ in self.sizes]
        for node, gate, size in zip(visit_nodes, gates, self.sizes, strict=True):
            net.edge(new_source, sink, size)
            net.edge(node, new_sink, size)
            net.edge(gate, node, 1)
        lowered = 0
        for person, months in sorted(self.options.items()):
            person_node = net.node()
            if person in self.counted:
                net.edge(new_source, person_node, floor)
                lowered += floor
                net.edge(source, person_node, ceiling - floor)
            else:
                net.edge(source, person_node, self.total)
            targets = gates if self.problem.volunteer_by_id[person].probation else visit_nodes
            for month, indexes in sorted(months.items()):
                month_node = net.node()
                net.edge(person_node, month_node, self.room(person, month))
                for index in indexes:
                    net.edge(month_node, targets[index], 1)
        net.edge(source, new_sink, lowered)
        return net.max_flow(new_source, new_sink) == lowered + self.total


def least_load_spread(problem: Problem, visits: list[Visit]) -> int:
    """No rota with visits at the slots of ``visits`` has a smaller load spread than this."""
    people = _Assignments(problem, visits)
    most = max((people.most(person) for person in people.counted), default=0)
    if not people.counted or not people.fits(0, most):
        return 0  # the visits break the looser rules themselves: nothing to bound by
    fewest = min(people.most(person) for person in people.counted)
    floor = _highest(lambda low: people.fits(low, most), fewest)
    ceiling = _lowest(lambda high: people.fits(0, high), most)
    spread = max(0, ceiling - floor)
    while not any(
        people.fits(low, low + spread) for low in range(max(0, ceiling - spread), floor + 1)
    ):
        spread += 1  # never reached while the property above holds; kept so the bound is exact
    return spread


def _highest(holds, top: int) -> int:
    """The highest ``n`` in [0, top] for which ``holds(n)``, given it holds at 0 and, once it
    fails, fails above."""
    low, high = 0, top
    while low < high:
        middle = (low + high + 1) // 2
        low, high = (middle, high) if holds(middle) else (low, middle - 1)
    return low


def _lowest(holds, top: int) -> int:
    """The lowest ``n`` in [0, top] for which ``holds(n)``, given it holds at ``top`` and, once
    it holds, holds above."""
    low, high = 0, top
    while low < high:
        middle = (low + high) // 2
        low, high = (low, middle) if holds(middle) else (middle + 1, high)
    return low
