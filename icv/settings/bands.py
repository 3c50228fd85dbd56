"""The parts of the day in which visits happen (pure: no Flask, no database).

The rota plans a visit for a suite, a date and a band; a visit report falls in the band of its
arrival time; the annual summary counts visits by band. All three read the same definitions,
which an administrator may change (setting ``time_bands``); the rules that use them are in
``icv.suites.rules``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import time


@dataclass(frozen=True)
class Band:
    """A part of the day, e.g. evening 18:00 to 22:00. ``end`` before ``start`` crosses midnight."""

    id: str
    label: str
    start: time
    end: time

    @property
    def crosses_midnight(self) -> bool:
        return self.end <= self.start

    def contains(self, at: time) -> bool:
        if self.crosses_midnight:
            return at >= self.start or at < self.end
        return self.start <= at < self.end

    @property
    def hours(self) -> str:
        return f"{self.start:%H:%M} to {self.end:%H:%M}"

    def as_setting(self) -> dict[str, str]:
        return {
            "id": self.id,
            "label": self.label,
            "start": f"{self.start:%H:%M}",
            "end": f"{self.end:%H:%M}",
        }


#: The default bands cover the whole day, so every visit falls in exactly one.
DEFAULT_BANDS = (
    Band("early", "Early morning", time(7), time(10)),
    Band("day", "Late morning", time(10), time(14)),
    Band("afternoon", "Afternoon", time(14), time(18)),
    Band("evening", "Evening", time(18), time(22)),
    Band("late", "Late night", time(22), time(7)),
)


def bands_from_setting(raw: Iterable[Mapping[str, str]]) -> tuple[Band, ...]:
    """Bands from the stored setting: a list of {id, label, start "HH:MM", end "HH:MM"}."""
    return tuple(
        Band(
            id=item["id"],
            label=item["label"],
            start=time.fromisoformat(item["start"]),
            end=time.fromisoformat(item["end"]),
        )
        for item in raw
    )
