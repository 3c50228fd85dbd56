"""The rota's receiver of a suite closing (icv/rota/listeners.py): the visits it still has
planned there in those days, and no others."""

from __future__ import annotations

from datetime import date

from icv.signals import flat_replies, suite_closed
from tests.factories import make_period, make_planned_visit, make_suite, make_visitor


def test_a_closed_suite_is_answered_with_the_visits_planned_there_in_those_days(ctx):
    suite, other = make_suite("Nuneaton"), make_suite("Leamington Spa")
    pair = [make_visitor(f"v{n}@example.org", [suite, other]) for n in (1, 2)]
    period = make_period()
    before, first, last, after = (date(2027, 1, day) for day in (4, 5, 8, 9))
    inside = [make_planned_visit(period, suite, day, pair) for day in (first, last)]
    make_planned_visit(period, suite, before, pair)
    make_planned_visit(period, suite, after, pair)
    make_planned_visit(period, other, first, pair)

    replies = suite_closed.send(
        suite=suite, starts_on=first, ends_on=last, reason="Refurbishment", actor=None
    )

    assert sorted(v.id for v in flat_replies(replies)) == sorted(v.id for v in inside)
