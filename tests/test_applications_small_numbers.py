"""Small counts in the equality totals: none can be worked out from the total and the counts
shown beside it."""

from itertools import product

import pytest

from icv.applications.small_numbers import publishable


@pytest.mark.parametrize(
    ("counts", "shown"),
    [
        # One small count alone could be worked out from the total: the next smallest goes too.
        (
            {"A": 3, "B": 12, "C": 40, "D": 0},
            {"A": "fewer than 5", "B": "not shown", "C": 40, "D": 0},
        ),
        # Two small counts hide each other when their sum leaves each of them open.
        ({"A": 3, "B": 2, "C": 40}, {"A": "fewer than 5", "B": "fewer than 5", "C": 40}),
        ({"A": 5, "B": 0, "C": 40}, {"A": 5, "B": 0, "C": 40}),
        # "All who answered: 8" beside two "fewer than 5" gave 4 and 4: a zero is held back too.
        (
            {"Yes": 4, "No": 4, "Prefer not to say": 0, "Not answered": 0},
            {
                "Yes": "fewer than 5",
                "No": "fewer than 5",
                "Prefer not to say": "not shown",
                "Not answered": 0,
            },
        ),
        # "No 6, Yes fewer than 5, Prefer not fewer than 5" of 8 gave 1 and 1: 6 is held back.
        (
            {"No": 6, "Yes": 1, "Prefer not to say": 1, "Not answered": 0},
            {
                "No": "not shown",
                "Yes": "fewer than 5",
                "Prefer not to say": "fewer than 5",
                "Not answered": 0,
            },
        ),
        # 4, 4 and 4 of 12: whatever is shown gives the rest away, so nothing is.
        ({"A": 4, "B": 4, "C": 4}, {"A": "not shown", "B": "not shown", "C": "not shown"}),
        # A total of fewer than 5: the table would say who answered what.
        ({"A": 3, "B": 0}, {"A": "not shown", "B": "not shown"}),
        ({"A": 0, "B": 0}, {"A": 0, "B": 0}),
    ],
)
def test_small_counts_cannot_be_worked_out_from_the_total(counts, shown):
    assert publishable(counts) == shown


def values_fitting(shown: dict, total: int) -> dict[str, set[int]]:
    """By brute force, every value each held-back count could have, given the labels and the
    total (as a reader who knows the rule would work it out)."""
    held = [k for k, v in shown.items() if isinstance(v, str)]
    left = total - sum(v for v in shown.values() if not isinstance(v, str))
    ranges = {
        "fewer than 5": range(1, 5),
        "not shown": [0, *range(5, left + 1)],
    }
    withheld_whole = all(v == "not shown" for v in shown.values())
    fitting: dict[str, set[int]] = {k: set() for k in held}
    for values in product(*(range(left + 1) if withheld_whole else ranges[shown[k]] for k in held)):
        if sum(values) == left:
            for key, value in zip(held, values, strict=True):
                fitting[key].add(value)
    return fitting


def test_no_held_back_count_can_be_worked_out_in_any_small_table():
    # Every table of 3 answers with counts 0 to 9 (1,000 tables), and 4 answers up to 6.
    tables = [dict(zip("ABC", c, strict=True)) for c in product(range(10), repeat=3)]
    tables += [dict(zip("ABCD", c, strict=True)) for c in product(range(7), repeat=4)]
    for counts in tables:
        shown = publishable(counts)
        total = sum(counts.values())
        if 0 < total < 5:
            assert set(shown.values()) == {"not shown"}
            continue
        for key, value in counts.items():
            if not isinstance(shown[key], str):
                assert shown[key] == value
            elif 0 < value < 5:
                assert shown[key] in ("fewer than 5", "not shown")
        for key, values in values_fitting(shown, total).items():
            assert counts[key] in values, (counts, shown)
            assert len(values) >= 2, (counts, shown, key, values)
