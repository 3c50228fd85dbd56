"""Print the clock the shifted-clock test pass runs under, in UTC, for ``faketime``.

The first Monday at least a year from today, at 07:45 in the UK: another year (every frozen
date a test forgot now lies a year behind), a Monday morning (the weekly digest is inside its
day of grace) and a time when the daily jobs have just run.
    python scripts/shifted_clock.py [--from YYYY-MM-DD]   the time, e.g. 2027-12-06 07:45:00
    python scripts/shifted_clock.py --offset              seconds from now to it, e.g. +31848232

faketime is given the offset, not the time: every process the tests start then shares one
clock (a start time would restart each new process's clock at that time).
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
    parser.add_argument("--offset", action="store_true", help="print seconds from now to it")
    args = parser.parse_args()
    shifted = shifted_clock(args.today)
    if args.offset:
        print(f"+{int((shifted - datetime.now(UTC)).total_seconds())}")
    else:
        print(f"{shifted:%Y-%m-%d %H:%M:%S}")


if __name__ == "__main__":
    main()
