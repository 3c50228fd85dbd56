"""Money in expense claims, with no app: amounts typed in pounds read exactly, amounts that
cannot be paid exactly refused in plain words, and pence shown as pounds."""

from __future__ import annotations

import pytest

from icv.expenses.rules import MoneyError, parse_pence, pounds


@pytest.mark.parametrize(
    ("typed", "pence"),
    [("3.5", 350), ("3.50", 350), ("£3.50", 350), ("3", 300), (" £0.05 ", 5), ("", 0)],
)
def test_it_reads_amounts_in_pounds(typed, pence):
    assert parse_pence(typed) == pence


@pytest.mark.parametrize(
    ("typed", "problem"),
    [
        ("-1", "must be £0 or more"),
        ("3.555", "must be in pounds and pence, like 3.50, with 2 numbers at most after the point"),
        ("three", "must be an amount in pounds, like 3.50"),
        ("10000.01", "must be £10,000 or less"),
    ],
)
def test_it_refuses_amounts_it_cannot_pay_exactly(typed, problem):
    with pytest.raises(MoneyError) as refused:
        parse_pence(typed)
    assert str(refused.value) == problem


def test_pounds_are_shown_with_pence():
    assert (pounds(5), pounds(350), pounds(125000)) == ("£0.05", "£3.50", "£1,250.00")
