"""Pure rules of the Panel's part of the summary and ICVA's return (issue 16): what ICVA counts
as offered, the theme an issue counts under, and shares to one decimal place."""

from __future__ import annotations

from collections.abc import Iterable


def icva_offered(spoken: int, declined: int) -> int:
    """Offered a visit, as ICVA (and Scotland) count it: those who accepted (spoken with) and
    those who declined. Observed only is apart: seen, but not offered a visit."""
    return spoken + declined


def icva_theme(category: str, themes: dict[str, str], known: Iterable[str]) -> str:
    """The ICVA theme an issue category counts under: its setting, else "other"."""
    theme = themes.get(category, "other")
    return theme if theme in set(known) else "other"


def rate(part: int, whole: int, per: int) -> float | None:
    """``part`` per ``per`` of ``whole`` to one decimal place, halves rounded up; None when
    there is no whole to take it of.

    >>> rate(1, 8, 100), rate(12, 4800, 1000), rate(3, 0, 100)
    (12.5, 2.5, None)
    """
    if whole <= 0:
        return None
    return (part * per * 20 + whole) // (2 * whole) / 10


def percent(part: int, whole: int) -> float | None:
    """``part`` as a percentage of ``whole``.

    >>> percent(1, 8), percent(2, 3), percent(0, 5), percent(3, 0)
    (12.5, 66.7, 0.0, None)
    """
    return rate(part, whole, 100)


def per_thousand(visits: int, detained: int) -> float | None:
    """Visits per 1,000 people booked into custody; None without a throughput figure.

    >>> per_thousand(12, 4800), per_thousand(5, 0)
    (2.5, None)
    """
    return rate(visits, detained, 1000)
