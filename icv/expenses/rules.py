"""Money and mileage for expense claims, as pure functions (no Flask, no database).

Money is kept in whole pence. What a volunteer types is read as pounds ("3.50", "3.5", "£3",
"1,250.00"); a third decimal place or a negative amount is refused rather than rounded, since
the claim must be what the receipt says.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

#: HMRC's approved mileage allowance for cars and vans, first 10,000 business miles a year.
DEFAULT_PENCE_PER_MILE = 45
#: The most one amount on a claim may be (a guard against a slip of the finger: £10,000).
MOST_PENCE = 1_000_000

_MONEY = re.compile(r"£?\s*(?P<pounds>\d{1,3}(,\d{3})+|\d+)?(\.(?P<pence>\d{1,2}))?")


class MoneyError(ValueError):
    """What is wrong with a typed amount: a code (the form words it in the reader's language,
    as rules import no translation) and the English words."""

    def __init__(self, code: str, words: str) -> None:
        super().__init__(words)
        self.code = code


def parse_pence(typed: str | None) -> int:
    """``"3.50"``, ``"3.5"``, ``"£3.50"`` -> 350; "" -> 0; MoneyError otherwise."""
    text = (typed or "").strip()
    if not text:
        return 0
    if text.startswith("-"):
        raise MoneyError("negative", "must be £0 or more")
    match = _MONEY.fullmatch(text)
    if match is None or not (match["pounds"] or match["pence"]):
        if re.fullmatch(r"£?\s*\d*\.\d{3,}", text):
            raise MoneyError(
                "too_precise",
                "must be in pounds and pence, like 3.50, with 2 numbers at most after the point",
            )
        raise MoneyError("not_money", "must be an amount in pounds, like 3.50")
    pounds = int((match["pounds"] or "0").replace(",", ""))
    pence = int((match["pence"] or "0").ljust(2, "0"))
    total = pounds * 100 + pence
    if total > MOST_PENCE:
        raise MoneyError("too_much", "must be £10,000 or less")
    return total


def pounds(pence: int) -> str:
    """350 -> ``"£3.50"``; 125000 -> ``"£1,250.00"``."""
    return f"£{pence // 100:,}.{pence % 100:02d}"


def plain_pounds(pence: int) -> str:
    """350 -> ``"3.50"``: an amount as typed back into a form or written to a CSV file."""
    return f"{pence // 100}.{pence % 100:02d}"


def mileage_pence(miles: int, pence_per_mile: int) -> int:
    return miles * pence_per_mile


class Kind(StrEnum):
    """What the expense was for."""

    VISIT = "visit"
    MEETING = "meeting"
    TRAINING = "training"


#: The kinds in the office's CSV export, in English (pages use labels.KIND_NAMES).
KIND_LABELS = {Kind.VISIT: "Visit", Kind.MEETING: "Meeting", Kind.TRAINING: "Training"}


class Status(StrEnum):
    SUBMITTED = "submitted"
    QUERIED = "queried"
    APPROVED = "approved"
    REJECTED = "rejected"


# The words for a status are in labels.py, in the reader's language.
#: A volunteer may change a claim the office has not decided, and must to answer a query.
EDITABLE = frozenset({Status.SUBMITTED, Status.QUERIED})


@dataclass(frozen=True)
class Amounts:
    """One claim's amounts, in pence (mileage already at the claim's rate)."""

    mileage: int = 0
    parking: int = 0
    transport: int = 0
    other: int = 0

    @property
    def total(self) -> int:
        return self.mileage + self.parking + self.transport + self.other


@dataclass(frozen=True)
class CostOfScheme:
    """Approved expenses in a period: the annual summary's "cost of the scheme"."""

    claims: int
    total: int
    by_kind: dict[str, int]
    visit_claims: int
    visits: int

    @property
    def per_visit(self) -> int | None:
        """Approved visit expenses per visit made (None with no visits), in whole pence."""
        return round(self.by_kind.get(Kind.VISIT, 0) / self.visits) if self.visits else None


def cost_of_scheme(approved: Iterable[tuple[str, int, int]], visits: int) -> CostOfScheme:
    """From (kind, claims, total pence) of approved claims by kind, and the visits made."""
    by_kind = {kind.value: 0 for kind in Kind}
    counts = dict.fromkeys(by_kind, 0)
    for kind, claims, total in approved:
        by_kind[kind] = by_kind.get(kind, 0) + total
        counts[kind] = counts.get(kind, 0) + claims
    total = sum(by_kind.values())
    return CostOfScheme(sum(counts.values()), total, by_kind, counts[Kind.VISIT], visits)


def months_back(today: date, count: int) -> list[tuple[str, str]]:
    """("2026-12", "December 2026") for this month and the ``count - 1`` before it."""
    year, month = today.year, today.month
    months = []
    for _ in range(count):
        months.append((f"{year:04d}-{month:02d}", f"{date(year, month, 1):%B %Y}"))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return months


def month_bounds(month: str) -> tuple[date, date]:
    """``"2026-11"`` -> (1 November 2026, 1 December 2026): the first day and the day after."""
    year, number = (int(part) for part in month.split("-"))
    start = date(year, number, 1)
    return start, date(year + number // 12, number % 12 + 1, 1)
