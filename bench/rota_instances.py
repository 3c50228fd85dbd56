"""Seeded rota instances in the contract's JSON format (docs/rota-problem.md), for the benchmark.

    .venv/bin/python bench/rota_instances.py county > county.json
    .venv/bin/python bench/rota_instances.py --list

Suites and volunteers are placed on a map; a volunteer's panel is the nearest one to three
suites. Each volunteer gives a few (weekday, band) pairs a week, shaped like real lives (working
people give evenings and weekends, others daytimes); about 30% are away for one to two weeks,
about 15% are on probation, monthly limits are 2 to 4, and a few pairs ask not to visit
together. A thin panel is topped up with the nearest volunteers (five per weekly visit).
Suites want 1 to 3 visits a week; a few are daytime-only or closed for a week.

In the county and metropolitan schemes the coordinator also sizes the panels to the visits
each suite needs (:func:`_staff_by_demand`), as a scheme does when it places its volunteers;
``metropolitan-uneven`` is the same draw as ``metropolitan`` without that step, so some panels
are too thin for their suites and an even load is impossible.
"""

from __future__ import annotations

import argparse
import json
import math
import random
import sys
from dataclasses import dataclass
from datetime import date, timedelta

BANDS = [
    {"id": "early", "start": "07:00", "end": "10:00"},
    {"id": "day", "start": "10:00", "end": "14:00"},
    {"id": "afternoon", "start": "14:00", "end": "18:00"},
    {"id": "evening", "start": "18:00", "end": "22:00"},
    {"id": "late", "start": "22:00", "end": "07:00"},
]
TOWNS = (
    "Leamington Spa",
    "Nuneaton",
    "Rugby",
    "Stratford",
    "Warwick",
    "Bedworth",
    "Kenilworth",
    "Atherstone",
    "Alcester",
    "Coleshill",
    "Southam",
    "Shipston",
    "Northgate",
    "Riverside",
    "Eastfield",
    "Westbrook",
    "Hillside",
    "Castle Vale",
    "Kingsway",
    "Moor Lane",
    "Bridge Street",
    "Park Road",
    "Queensway",
    "Harbour",
)
#: Shapes of a week's availability: (weekdays, bands) a person of that kind draws from.
LIVES = (
    ((0, 1, 2, 3, 4), ("evening", "late")),  # works office hours
    ((5, 6), ("early", "day", "afternoon", "evening")),  # weekends
    ((0, 1, 2, 3, 4), ("early", "day", "afternoon")),  # retired or part-time
    ((0, 1, 2, 3, 4, 5, 6), ("day", "afternoon", "evening", "late")),  # shifts
)


@dataclass(frozen=True)
class Shape:
    suites: int
    volunteers: int
    weeks: int
    #: slots of availability a volunteer gives each week (low, high)
    slots: tuple[int, int] = (3, 6)
    #: monthly limits drawn from
    limits: tuple[int, ...] = (2, 3, 4)
    #: visits per week drawn from, with weights
    demand: tuple[int, ...] = (1, 2, 2, 2, 3)
    panel: tuple[int, int] = (1, 3)
    #: whether the coordinator gives each suite a share of home members in proportion to its
    #: visits (else panels are only the nearest suites, topped up when thin)
    by_demand: bool = False


SHAPES = {
    "county": Shape(suites=3, volunteers=40, weeks=13, panel=(2, 3), by_demand=True),
    "metropolitan": Shape(suites=24, volunteers=300, weeks=13, by_demand=True),
    "metropolitan-uneven": Shape(suites=24, volunteers=300, weeks=13),
    "tight": Shape(suites=6, volunteers=26, weeks=13, slots=(2, 4), limits=(1, 2, 2, 3)),
    "small-1": Shape(suites=2, volunteers=8, weeks=4, panel=(1, 2)),
    "small-2": Shape(suites=3, volunteers=10, weeks=4, slots=(2, 4), limits=(1, 2)),
    "small-3": Shape(suites=2, volunteers=6, weeks=6, slots=(2, 5), limits=(2, 3), panel=(2, 2)),
    "small-4": Shape(suites=4, volunteers=14, weeks=5, slots=(2, 4), limits=(1, 2, 3)),
    # Issue 15: the metropolitan scheme over half a year and a year, and four times its size.
    "metropolitan-26w": Shape(suites=24, volunteers=300, weeks=26, by_demand=True),
    "metropolitan-52w": Shape(suites=24, volunteers=300, weeks=52, by_demand=True),
    "metropolitan-4x": Shape(suites=96, volunteers=1200, weeks=13, by_demand=True),
}
#: The instances that take tens of seconds each: run with ``rota_bench.py --large``.
LARGE = ("metropolitan-26w", "metropolitan-52w", "metropolitan-4x")
#: Generator seed per instance: metropolitan-uneven is metropolitan's draw, panels as drawn.
SEEDS = {
    "county": 100,
    "metropolitan": 101,
    "metropolitan-uneven": 101,
    "tight": 102,
    "small-1": 103,
    "small-2": 104,
    "small-3": 105,
    "small-4": 106,
    "metropolitan-26w": 101,
    "metropolitan-52w": 101,
    "metropolitan-4x": 101,
}


def generate(shape: Shape, seed: int, start: date = date(2027, 1, 1)) -> dict:
    """An instance; the period starts on ``start`` (a Friday: the first days are a part week)."""
    rng = random.Random(seed)
    first_monday = start + timedelta(days=-start.weekday() % 7)
    end = first_monday + timedelta(days=7 * shape.weeks - 1)
    places = [(rng.random(), rng.random()) for _ in range(shape.suites)]
    suites = [_suite(rng, index, first_monday, shape) for index in range(shape.suites)]
    homes = [(rng.random(), rng.random()) for _ in range(shape.volunteers)]
    volunteers = [
        _volunteer(rng, n, home, places, suites, first_monday, shape)
        for n, home in enumerate(homes)
    ]
    if shape.by_demand:
        _staff_by_demand(places, homes, suites, volunteers)
    _staff_panels(places, homes, suites, volunteers)
    _add_avoid_pairs(rng, volunteers)
    return {
        "period": {"start": start.isoformat(), "end": end.isoformat()},
        "bands": BANDS,
        "suites": suites,
        "volunteers": volunteers,
        "rules": {"visitors_per_visit": 2, "min_days_between": 3},
        "seed": seed,
    }


def _suite(rng: random.Random, index: int, first_monday: date, shape: Shape) -> dict:
    suite = {"id": f"S{index + 1:02d}", "visits_per_week": rng.choice(shape.demand)}
    suite["name"] = TOWNS[index % len(TOWNS)]
    if rng.random() < 0.15:
        suite["bands"] = ["early", "day", "afternoon", "evening"]  # closed to visitors at night
    if rng.random() < 0.15:
        monday = first_monday + timedelta(days=7 * rng.randrange(shape.weeks))
        suite["closed"] = [[monday.isoformat(), (monday + timedelta(days=6)).isoformat()]]
    return suite


def _volunteer(rng, number, home, places, suites, first_monday, shape) -> dict:
    nearest = sorted(range(len(places)), key=lambda i: math.dist(home, places[i]))
    panel = nearest[: rng.randint(*shape.panel)]
    weekdays, bands = rng.choice(LIVES)
    slots = {(rng.choice(weekdays), rng.choice(bands)) for _ in range(rng.randint(*shape.slots))}
    volunteer = {
        "id": f"v{number + 1:03d}",
        "suites": sorted(suites[i]["id"] for i in panel),
        "available": sorted([day, band] for day, band in slots),
        "away": [],
        "probation": rng.random() < 0.15,
        "max_per_month": rng.choice(shape.limits),
        "avoid": [],
    }
    if rng.random() < 0.3:
        first = first_monday + timedelta(days=rng.randrange(7 * shape.weeks))
        last = first + timedelta(days=rng.randint(6, 13))
        volunteer["away"] = [[first.isoformat(), last.isoformat()]]
    return volunteer


def _staff_by_demand(places, homes, suites, volunteers) -> None:
    """A coordinator places volunteers where the visits are: each suite gets home members in
    proportion to its visits a week (its share of all the volunteers), and each volunteer, in
    the order they joined, gets as home the nearest suite whose share is not yet taken. Their
    panel is their home suite and the nearest others, as many suites in all as they drew."""
    weekly = [suite["visits_per_week"] for suite in suites]
    room = _shares(len(volunteers), weekly)
    for n, volunteer in enumerate(volunteers):
        by_distance = sorted(range(len(suites)), key=lambda i: math.dist(homes[n], places[i]))
        home = next(i for i in by_distance if room[i] > 0)
        room[home] -= 1
        others = [i for i in by_distance if i != home][: len(volunteer["suites"]) - 1]
        volunteer["suites"] = sorted(suites[i]["id"] for i in [home, *others])


def _shares(people: int, weights: list[int]) -> list[int]:
    """``people`` shared in proportion to ``weights`` (largest remainders, summing exactly)."""
    total = sum(weights) or 1
    exact = [people * weight / total for weight in weights]
    shares = [math.floor(x) for x in exact]
    by_remainder = sorted(range(len(weights)), key=lambda i: (shares[i] - exact[i], i))
    for i in by_remainder[: people - sum(shares)]:
        shares[i] += 1
    return shares


def _staff_panels(places, homes, suites, volunteers) -> None:
    """A coordinator tops up a thin panel with the nearest volunteers: at least five people
    per weekly visit (and all of them if there are fewer)."""
    for index, suite in enumerate(suites):
        wanted = min(len(volunteers), 5 * suite["visits_per_week"])
        members = [v for v in volunteers if suite["id"] in v["suites"]]
        by_distance = sorted(
            range(len(volunteers)), key=lambda n: math.dist(homes[n], places[index])
        )
        for n in by_distance:
            if len(members) >= wanted:
                break
            if suite["id"] not in volunteers[n]["suites"]:
                volunteers[n]["suites"] = sorted([*volunteers[n]["suites"], suite["id"]])
                members.append(volunteers[n])


def _add_avoid_pairs(rng: random.Random, volunteers: list[dict]) -> None:
    for _ in range(max(1, len(volunteers) // 40)):
        one, other = rng.sample(volunteers, 2)
        one["avoid"] = sorted({*one["avoid"], other["id"]})


def instance(name: str, seed: int | None = None) -> dict:
    return generate(SHAPES[name], SEEDS[name] if seed is None else seed)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("name", nargs="?", choices=sorted(SHAPES))
    parser.add_argument("--seed", type=int, help="generator seed (default: fixed per instance)")
    parser.add_argument("--list", action="store_true", help="list the instances")
    args = parser.parse_args(argv)
    if args.list or not args.name:
        for name, shape in SHAPES.items():
            sizes = f"{shape.suites:3} suites {shape.volunteers:4} volunteers {shape.weeks:3} weeks"
            print(f"{name:20} {sizes}")
        return
    json.dump(instance(args.name, args.seed), sys.stdout, indent=1)
    print()


if __name__ == "__main__":
    main()
