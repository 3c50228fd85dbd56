"""Splitting a long list into pages (pure: no Flask, no database), for the GOV.UK pagination
component: which page was asked for, which rows it holds and which page numbers to link."""

from __future__ import annotations

from dataclasses import dataclass

from icv.text import is_whole_number


@dataclass(frozen=True)
class Page:
    """Page ``number`` (from 1) of ``total`` rows shown ``size`` at a time."""

    number: int
    total: int
    size: int

    @property
    def last(self) -> int:
        """The last page: 1 for an empty list, so there is always a page to show."""
        return max(1, -(-self.total // self.size))

    @property
    def offset(self) -> int:
        return (self.number - 1) * self.size

    @property
    def first_row(self) -> int:
        """The position (from 1) of the page's first row, 0 on an empty list."""
        return min(self.offset + 1, self.total)

    @property
    def last_row(self) -> int:
        return min(self.offset + self.size, self.total)

    @property
    def exists(self) -> bool:
        return 1 <= self.number <= self.last

    def numbers(self) -> list[int | None]:
        """Page numbers to link: the first, the last, this one and its neighbours; None where
        two or more pages are left out (an ellipsis), a single one being shown instead."""
        wanted = {1, self.number - 1, self.number, self.number + 1, self.last}
        shown = sorted(n for n in wanted if 1 <= n <= self.last)
        numbers: list[int | None] = []
        for n in shown:
            before = next((m for m in reversed(numbers) if m is not None), None)
            if before is not None and n - before == 2:
                numbers.append(before + 1)
            elif before is not None and n - before > 2:
                numbers.append(None)
            numbers.append(n)
        return numbers


def page_asked(raw: str | None) -> int:
    """The page number in an address: 1 when missing; 0 (no such page) when not a number."""
    text = (raw or "1").strip()
    if not is_whole_number(text) or len(text) > 6:
        return 0
    return int(text)
