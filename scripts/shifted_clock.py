"""Print the clock the shifted-clock test pass runs under, in UTC, for ``faketime``.

The first Monday at least a year from today, at 07:45 in the UK: another year (every frozen
date a test forgot now lies a year behind), a Monday morning (the weekly digest is inside its
day of grace) and a time when the daily jobs have just run.
    python scripts/shifted_clock.py [--from YYYY-MM-DD]
"""

from __future__ import annotations

import argparse
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

UK = ZoneInfo("Europe/London")


def shifted_clock(today: date) -> datetime:
    day = today + timedelta(days=366)
    day += timedelta(days=(7 - day.weekday()) % 7)  # Monday is 0
    return datetime.combine(day, time(7, 45), UK).astimezone(UTC)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--from", dest="today", type=date.fromisoformat, default=date.today())
    args = parser.parse_args()
    print(f"{shifted_clock(args.today):%Y-%m-%d %H:%M:%S}")


if __name__ == "__main__":
    main()
