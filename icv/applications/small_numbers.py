"""Equality monitoring counts fit to publish: small counts are shown as "fewer than 5" and
further counts held back so that no one can be picked out of a small group, nor a small count
worked out from the total (pure, like the eligibility rules beside it)."""

from __future__ import annotations

#: Counts below this are never shown, so no one can be picked out of a small group.
SMALL_NUMBER = 5


def shown_count(count: int) -> str:
    """A count for a published table: "fewer than 5" for 1 to 4."""
    return FEWER_THAN_5 if 0 < count < SMALL_NUMBER else str(count)


FEWER_THAN_5 = "fewer than 5"
#: A second count held back so a small one cannot be worked out from the total.
NOT_SHOWN = "not shown"


def publishable(counts: dict[str, int]) -> dict[str, int | str]:
    """A table of counts (every answer to one question, so they add up to the total published
    beside it) fit to publish: 1 to 4 become "fewer than 5", and further counts are held back
    ("not shown"), the smallest first, until no held-back count can be worked out from the
    total and the counts shown. A table whose total is itself fewer than 5 is held back whole.

    >>> publishable({"A": 3, "B": 12, "C": 40, "D": 0})
    {'A': 'fewer than 5', 'B': 'not shown', 'C': 40, 'D': 0}
    """
    total = sum(counts.values())
    if 0 < total < SMALL_NUMBER:
        return dict.fromkeys(counts, NOT_SHOWN)
    small = {k for k, v in counts.items() if 0 < v < SMALL_NUMBER}
    if not small:
        return dict(counts)
    held = dict.fromkeys(small, FEWER_THAN_5)
    # Larger counts before zeros: a zero held back hides less (it only adds doubt).
    candidates = sorted(
        (k for k in counts if k not in small), key=lambda k: (counts[k] == 0, counts[k])
    )
    while not cannot_be_worked_out({k: counts[k] for k in held}, held) and candidates:
        held[candidates.pop(0)] = NOT_SHOWN
    if not cannot_be_worked_out({k: counts[k] for k in held}, held):
        return dict.fromkeys(counts, NOT_SHOWN)
    return {k: held.get(k, v) for k, v in counts.items()}


# What a reader knows of a held-back count from its label: "fewer than 5" is 1 to 4; "not
# shown" is 0 or at least 5 (a count of 1 to 4 would have said so). None is "no upper limit".
Interval = tuple[int, int | None]
LABEL_RANGES: dict[str, tuple[Interval, ...]] = {
    FEWER_THAN_5: ((1, SMALL_NUMBER - 1),),
    NOT_SHOWN: ((0, 0), (SMALL_NUMBER, None)),
}


def cannot_be_worked_out(held: dict[str, int], labels: dict[str, str]) -> bool:
    """Whether every held-back count has at least two values that fit what a reader knows:
    the labels and the sum of the held-back counts (the total less the counts shown)."""
    whole = sum(held.values())
    for key in held:
        others: tuple[Interval, ...] = ((0, 0),)
        for other in held:
            if other != key:
                others = interval_sum(others, LABEL_RANGES[labels[other]])
        if count_fitting(LABEL_RANGES[labels[key]], others, whole) < 2:
            return False
    return True


def interval_sum(a: tuple[Interval, ...], b: tuple[Interval, ...]) -> tuple[Interval, ...]:
    """Every sum of a value from ``a`` and one from ``b``, as merged intervals."""
    sums = sorted(
        (lo1 + lo2, None if hi1 is None or hi2 is None else hi1 + hi2)
        for lo1, hi1 in a
        for lo2, hi2 in b
    )
    merged: list[Interval] = []
    for lo, hi in sums:
        if merged and (merged[-1][1] is None or lo <= merged[-1][1] + 1):
            last_hi = merged[-1][1]
            merged[-1] = (
                merged[-1][0],
                None if last_hi is None or hi is None else max(last_hi, hi),
            )
        else:
            merged.append((lo, hi))
    return tuple(merged)


def count_fitting(own: tuple[Interval, ...], others: tuple[Interval, ...], whole: int) -> int:
    """How many values ``v`` in ``own`` leave ``whole - v`` reachable by ``others``."""
    fitting = 0
    for lo, hi in own:
        for olo, ohi in others:
            # whole - v in [olo, ohi]  <=>  v in [whole - ohi, whole - olo]
            low = max(lo, 0 if ohi is None else whole - ohi)
            high = min(whole if hi is None else hi, whole - olo)
            fitting += max(0, high - low + 1)
    return fitting
