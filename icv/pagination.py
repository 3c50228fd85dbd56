"""Long lists a page at a time with Flask-SQLAlchemy's ``db.paginate``: which page an address
asks for, and which page numbers the GOV.UK pagination component links."""

from __future__ import annotations

from collections.abc import Iterable

from flask import request
from flask_sqlalchemy.pagination import Pagination
from sqlalchemy import Select

from icv.extensions import db
from icv.text import is_whole_number


def page_asked(raw: str | None) -> int:
    """The page number in an address: 1 when missing; 0 (no such page) when not a number.
    Read here rather than by ``db.paginate``, whose ``int()`` takes "٣", "+2" and "1_0" and
    any length (an offset past what the database can hold)."""
    text = (raw or "1").strip()
    if not is_whole_number(text) or len(text) > 6:
        return 0
    return int(text)


def paginated(query: Select, per_page: int) -> Pagination:
    """The page of ``query`` the address asks for (``?page=``); 404 for a page that is not a
    number or lies past the end. Page 1 of an empty list is a page, with no rows."""
    asked = page_asked(request.args.get("page"))
    return db.paginate(query, page=asked, per_page=per_page, max_per_page=None, error_out=True)


def page_numbers(page: Pagination) -> list[int | None]:
    """Page numbers to link: the first, the last, this one and its neighbours; None where two
    or more pages are left out (an ellipsis), a single one being shown instead."""
    return with_single_gaps_shown(
        page.iter_pages(left_edge=1, left_current=1, right_current=1, right_edge=1)
    )


def with_single_gaps_shown(numbers: Iterable[int | None]) -> list[int | None]:
    """An ellipsis stands for one page no better than its number does: show the number."""
    shown = list(numbers)
    for n, number in enumerate(shown):
        if number is None and 0 < n < len(shown) - 1 and shown[n + 1] - shown[n - 1] == 2:
            shown[n] = shown[n - 1] + 1
    return shown
