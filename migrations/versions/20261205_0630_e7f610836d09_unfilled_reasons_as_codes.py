"""A draft rota's unfilled reasons are codes with parameters, not English sentences (issue 19,
item 4).

Reviewed by hand. Data only (no column changes): the same statements run on SQLite and
PostgreSQL.

``rota_periods.unfilled`` held ``{"suite_id", "week", "reason": "<English sentence>"}``; it
now holds ``{"suite_id", "week", "code", "params"}`` and the pages write the reason in the
reader's language (``icv.rota.reason_text``). Each sentence the solver wrote is matched back
to its code and parameters; one that matches none (written by hand, or by an older solver) is
kept whole as the code ``other`` with ``params.text``, so nothing is lost. The sentences and
their codes are written out below, so this revision stays what it was whatever the code says
later. The downgrade writes each code back as the sentence it was.

``rota_periods.quality`` is a cache of the figures and gaps (with their reasons) worked out
from the rota; it is forgotten both ways and worked out again at the next view.
"""

import re
from datetime import date, datetime

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "e7f610836d09"
down_revision = "cb34dd27baa0"
branch_labels = None
depends_on = None

periods = sa.table(
    "rota_periods",
    sa.column("id", sa.Integer),
    sa.column("unfilled", sa.JSON),
    sa.column("quality", sa.JSON),
    sa.column("quality_at", sa.DateTime),
)

_SUITE = r"(?P<suite>.+?)"
_WEEK = r"the week of (?P<week>\d{1,2} [A-Z][a-z]+ \d{4})"
_GROUP = r"(?P<group>pair|group of (?P<visitors>\d+))"
_CLOSE = r"(?P<close>that day|that week|less than (?P<gap>\d+) days away)"
_PARTS = (
    r"(?:(?P<full>\d+) (?:has|have) reached their monthly limit)?(?: and )?"
    rf"(?:(?P<near>\d+) (?:has|have) another visit {_CLOSE})?"
)
_AVAILABLE = rf"available for {_SUITE} in {_WEEK}"

#: code -> the sentences the solver wrote for it before codes.
PATTERNS = {
    "no_panel": rf"no volunteers on the panel for {_SUITE}",
    "small_panel": rf"only (?:one|(?P<count>\d+)) volunteers? (?:is|are) on the panel for {_SUITE}",
    "none_available": rf"no available {_GROUP} on the panel for {_SUITE} in {_WEEK}",
    "no_tact": rf"nobody {_AVAILABLE} has TACT training in date \(it holds people under the "
    r"Terrorism Act\)",
    "avoid": rf"every {_GROUP} {_AVAILABLE} includes people who avoid each other",
    "only_probationers": rf"only probationers are {_AVAILABLE}",
    "few_days": rf"a {_GROUP} is available for {_SUITE} on only (?P<days>\d+) days? in {_WEEK}",
    "every_day_taken": rf"{_SUITE} already has a visit on every day a {_GROUP} is available in "
    rf"{_WEEK}",
    "add_a_visit": rf"a {_GROUP} is free to visit {_SUITE} in {_WEEK}: add a visit",
    "not_together": rf"the volunteers still free for {_SUITE} in {_WEEK} may not go together",
    "all_at_limit": rf"everyone {_AVAILABLE} has reached their monthly limit",
    "all_near": rf"everyone {_AVAILABLE} already has another visit {_CLOSE}",
    "some_free": rf"only (?P<free>\d+) of the (?P<total>\d+) volunteers {_AVAILABLE} (?:is|are) "
    rf"free: {_PARTS}",
    "none_free": rf"of the (?P<total>\d+) volunteers {_AVAILABLE}, {_PARTS}",
}
NUMBERS = ("count", "days", "free", "total", "full", "near")


def as_code(reason: str) -> dict:
    """The code and parameters of a sentence the solver wrote; ``other`` if none matches."""
    for code, pattern in PATTERNS.items():
        found = re.fullmatch(pattern, reason)
        if found and (code not in ("some_free", "none_free") or found["full"] or found["near"]):
            return {"code": code, "params": _params(code, found.groupdict())}
    return {"code": "other", "params": {"text": reason}}


def _params(code: str, found: dict) -> dict:
    params: dict = {"suite": found["suite"]}
    if found.get("week"):
        monday = datetime.strptime(found["week"], "%d %B %Y").date().isocalendar()
        params["week"] = f"{monday.year}-W{monday.week:02d}"
    if found.get("group"):
        params["visitors"] = int(found["visitors"] or 2)
    if code == "small_panel":
        params["count"] = int(found["count"] or 1)
    for name in NUMBERS[1:]:
        if found.get(name) is not None:
            params[name] = int(found[name])
    if found.get("close"):
        close = found["close"]
        params["close"] = (
            "day" if close == "that day" else "week" if close == "that week" else "days"
        )
        if found.get("gap"):
            params["gap"] = int(found["gap"])
    if code in ("some_free", "none_free"):
        params.setdefault("full", 0)
        params.setdefault("near", 0)
    return params


MONTHS = [
    *("January", "February", "March", "April", "May", "June", "July", "August"),
    *("September", "October", "November", "December"),
]


def as_sentence(code: str, params: dict) -> str:
    """The sentence the solver wrote for a code before codes (the downgrade)."""
    if code == "other":
        return str(params.get("text", ""))
    p = dict(params)
    if "week" in p:
        year, week = p["week"].split("-W")
        monday = date.fromisocalendar(int(year), int(week), 1)
        p["week"] = f"the week of {monday.day} {MONTHS[monday.month - 1]} {monday.year}"
    visitors = p.get("visitors", 2)
    p["group"] = "pair" if visitors == 2 else f"group of {visitors}"
    gap = p.get("gap", 0)
    close = {"day": "that day", "week": "that week"}.get(p.get("close", ""))
    p["close"] = close or f"less than {gap} days away"
    return _SENTENCES[code](p)


def _has(n: int) -> str:
    return f"{n} has" if n == 1 else f"{n} have"


def _parts(p: dict) -> str:
    parts = []
    if p.get("full"):
        parts.append(f"{_has(p['full'])} reached their monthly limit")
    if p.get("near"):
        parts.append(f"{_has(p['near'])} another visit {p['close']}")
    return " and ".join(parts)


def _available(p: dict) -> str:
    return f"available for {p['suite']} in {p['week']}"


_SENTENCES = {
    "no_panel": lambda p: f"no volunteers on the panel for {p['suite']}",
    "small_panel": lambda p: (
        f"only one volunteer is on the panel for {p['suite']}"
        if p["count"] == 1
        else f"only {p['count']} volunteers are on the panel for {p['suite']}"
    ),
    "none_available": lambda p: (
        f"no available {p['group']} on the panel for {p['suite']} in {p['week']}"
    ),
    "no_tact": lambda p: (
        f"nobody {_available(p)} has TACT training in date (it holds people under the "
        "Terrorism Act)"
    ),
    "avoid": lambda p: f"every {p['group']} {_available(p)} includes people who avoid each other",
    "only_probationers": lambda p: f"only probationers are {_available(p)}",
    "few_days": lambda p: (
        f"a {p['group']} is available for {p['suite']} on only {p['days']} "
        f"{'day' if p['days'] == 1 else 'days'} in {p['week']}"
    ),
    "every_day_taken": lambda p: (
        f"{p['suite']} already has a visit on every day a {p['group']} is available in {p['week']}"
    ),
    "add_a_visit": lambda p: (
        f"a {p['group']} is free to visit {p['suite']} in {p['week']}: add a visit"
    ),
    "not_together": lambda p: (
        f"the volunteers still free for {p['suite']} in {p['week']} may not go together"
    ),
    "all_at_limit": lambda p: f"everyone {_available(p)} has reached their monthly limit",
    "all_near": lambda p: f"everyone {_available(p)} already has another visit {p['close']}",
    "some_free": lambda p: (
        f"only {p['free']} of the {p['total']} volunteers {_available(p)} "
        f"{'is' if p['free'] == 1 else 'are'} free: {_parts(p)}"
    ),
    "none_free": lambda p: f"of the {p['total']} volunteers {_available(p)}, {_parts(p)}",
}


def _rewrite(convert) -> None:
    connection = op.get_bind()
    rows = connection.execute(sa.select(periods.c.id, periods.c.unfilled)).all()
    for period_id, unfilled in rows:
        connection.execute(
            periods.update()
            .where(periods.c.id == period_id)
            .values(unfilled=[convert(gap) for gap in unfilled or []])
        )
    # The kept figures' gaps hold reasons in the old form: worked out again at the next view.
    connection.execute(periods.update().values(quality=sa.null(), quality_at=None))


def _to_code(gap: dict) -> dict:
    if "code" in gap or "reason" not in gap:
        return gap
    rest = {key: value for key, value in gap.items() if key != "reason"}
    return rest | as_code(gap["reason"])


def _to_sentence(gap: dict) -> dict:
    if "code" not in gap:
        return gap
    rest = {key: value for key, value in gap.items() if key not in ("code", "params")}
    return rest | {"reason": as_sentence(gap["code"], gap.get("params") or {})}


def upgrade():
    _rewrite(_to_code)


def downgrade():
    _rewrite(_to_sentence)
