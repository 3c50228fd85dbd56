"""A demonstration history of visits, from 1 January 2025 to yesterday, for the demo suites.

About one to two visits a week per suite by the demo volunteers, spread over weekdays and
times of day, with counts, some waits to be let in, a few visits without access, issues in
several categories (most followed up to a response and closed, some open), one visit under the
Terrorism Act and the latest reports still to be reviewed or confirmed. Seeded, so every run
draws the same history; reports are keyed, so running it again adds nothing.
"""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import select

from icv.accounts.models import User
from icv.clock import SCHEME_TZ
from icv.extensions import db
from icv.suites.models import Suite
from icv.visits import demo_text as text
from icv.visits.check_rules import AT_MOST, SHIPPED, Kind, Rating
from icv.visits.check_services import ensure_check_set
from icv.visits.count_rules import Counts
from icv.visits.models import IssueEvent, ReportDraft, ReportVersion, VisitIssue, VisitReport
from icv.visits.rules import NOT_OFFERED_REASONS
from icv.visits.services import store_report
from icv.visits.values import IssueValues, ReportValues, count_columns, snapshot
from icv.volunteers.models import Volunteer

SEED = 2025
START = date(2025, 1, 1)
#: Arrival hours (earliest, latest, weight): early morning, late morning, afternoon, evening
#: and late night (past midnight too), most often in the middle of the day and the evening.
ARRIVALS = [(7, 9, 1), (10, 13, 3), (14, 17, 3), (18, 21, 3), (22, 25, 2)]
#: Usual numbers in custody at each suite (Leamington is the bigger).
#: Demo reports from this day have the structured checks; earlier ones were filed before them.
CHECKS_FROM = date(2026, 1, 1)
BUSY = {"Leamington Spa": (2, 16), "Nuneaton": (0, 10)}


def at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour % 24, minute), tzinfo=SCHEME_TZ).astimezone(UTC)


def planned_visits(rng: random.Random, today: date, suites: list[Suite]):
    """(suite, date) of each visit: one or two a week per suite, on different days."""
    monday = START - timedelta(days=START.weekday())
    while monday < today:
        for suite in suites:
            for weekday in sorted(rng.sample(range(7), rng.choice((1, 2, 2)))):
                day = monday + timedelta(days=weekday)
                if START <= day < today:
                    yield suite, day
        monday += timedelta(days=7)


def visitors_for(suite: Suite, day: date, people: dict[str, Volunteer], rng) -> list[Volunteer]:
    """The pair: Val with Sam at Leamington; at Nuneaton with Sam, then Dana once appointed."""
    val, sam, dana = people["val"], people["sam"], people["dana"]
    partner = dana if suite.name == "Nuneaton" and day >= dana.appointed_on else sam
    return [val, partner] if rng.random() < 0.6 else [partner, val]


def draw_counts(rng: random.Random, suite: Suite) -> Counts:
    low, high = BUSY.get(suite.name, (0, 8))
    total = rng.randint(low, high)
    not_offered = rng.randint(0, total // 3)
    reasons = dict.fromkeys(NOT_OFFERED_REASONS, 0)
    for _ in range(not_offered):
        reasons[
            rng.choice(("asleep", "asleep", "interview", "legal_medical", "unsafe", "release"))
        ] += 1
    left = total - not_offered
    declined = rng.randint(0, left // 3)
    observed = rng.randint(0, (left - declined) // 4)
    return Counts(
        in_custody=total,
        spoken=left - declined - observed,
        observed=observed,
        declined=declined,
        not_offered=not_offered,
        reasons={r: n for r, n in reasons.items() if n},
        juveniles=rng.choice((0, 0, 0, 0, 1, 1, 2)) if total else 0,
        vulnerable=min(total, rng.choice((0, 0, 1, 1, 2, 3))),
    )


def draw_times(rng: random.Random, outcome: str) -> dict:
    first, last, _ = rng.choices(ARRIVALS, weights=[a[2] for a in ARRIVALS])[0]
    arrived = time(rng.randint(first, last) % 24, rng.choice(range(0, 60, 5)))
    delayed = rng.random() < 0.07
    wait = rng.randint(20, 45) if delayed else rng.choice((0, 2, 3, 5, 5, 8, 10))
    stay = rng.randint(45, 130) if outcome == "completed" else rng.randint(20, 50)
    start = datetime.combine(START, arrived)
    return {
        "arrived_at": arrived,
        "admitted_at": None if outcome == "no_access" else (start + timedelta(minutes=wait)).time(),
        "left_at": (start + timedelta(minutes=wait + stay)).time(),
        "delay_reason": rng.choice(text.DELAY_REASONS)
        if delayed and outcome != "no_access"
        else None,
        "delay_authorised_by": rng.choice(("inspector", "inspector", "chief_inspector"))
        if delayed and outcome != "no_access"
        else None,
    }


def draw_checks(day: date, suite: Suite, counts: Counts) -> dict:
    """The structured checks of a demo report from ``CHECKS_FROM`` (earlier ones were filed
    before them: "not recorded"), from a stream of their own so the rest of the history stays
    as it was."""
    rng = random.Random(f"checks-{day.isoformat()}-{suite.name}")
    spoken = counts.spoken
    answers: dict[str, str | int] = {}
    for check in SHIPPED:
        if rng.random() < 0.15:
            continue  # not checked
        if check.kind == Kind.COUNT:
            answers[check.key] = rng.choice((spoken, spoken, spoken, max(spoken - 1, 0)))
        else:
            answers[check.key] = "no" if rng.random() < 0.1 else "yes"
    for present, needed in AT_MOST.items():
        answers[needed] = rng.randint(0, min(1, spoken))
        answers[present] = answers[needed] if rng.random() < 0.85 else 0
    for key in ("menstrual_products", "clothing_removed", "restraint", "mental_health_concern",
                "foreign_national"):  # fmt: skip
        answers[key] = rng.choice((0, 0, 0, min(1, spoken)))
    male = round(counts.in_custody * rng.uniform(0.7, 0.95))  # most people in custody are men
    by_sex = {"male": male, "female": counts.in_custody - male, "sex_not_known": 0}
    mental_health = rng.choice((0, 0, 0, 0, min(1, counts.in_custody)))
    return {
        "checks": answers,
        "rating": rng.choices([r.value for r in Rating], weights=(80, 17, 3))[0],
        "counts": {**by_sex, "mental_health_powers": mental_health},
    }


def draw_values(rng: random.Random, suite: Suite, day: date, pair: list[Volunteer]) -> ReportValues:
    roll = rng.random()
    outcome = "no_access" if roll < 0.03 else "abandoned" if roll < 0.04 else "completed"
    mode = rng.choices(("in_person", "virtual", "telephone"), weights=(94, 4, 2))[0]
    checks = {}
    for area in ("rights", "welfare", "conditions"):
        concern = rng.random() < 0.12
        checks[f"{area}_finding"] = "concerns" if concern else "no_concerns"
        checks[f"{area}_notes"] = rng.choice(text.CONCERNS[area]) if concern else None
    issues = []
    if outcome == "completed" and rng.random() < 0.28:
        for _ in range(rng.choice((1, 1, 1, 2))):
            category = rng.choices(list(text.ISSUES), weights=text.ISSUE_WEIGHTS)[0]
            description, raised_with, response, _ = rng.choice(text.ISSUES[category])
            issues.append(
                IssueValues(category, description, rng.random() < 0.12, raised_with, response)
            )
    counts = draw_counts(rng, suite) if outcome == "completed" else None
    structured = counts is not None and day >= CHECKS_FROM
    if structured:
        for area in ("rights", "welfare", "conditions"):
            checks[f"{area}_finding"] = None  # the rating and checks say it now
    values = ReportValues(
        suite_id=suite.id,
        visit_date=day,
        mode=mode,
        outcome=outcome,
        outcome_reason=rng.choice(text.NO_ACCESS if outcome == "no_access" else text.ABANDONED)
        if outcome != "completed"
        else None,
        staff_on_duty="Custody sergeant",
        visitor_1_id=pair[0].id,
        visitor_2_id=pair[1].id,
        counts=count_columns(counts),
        good_practice=rng.choice(text.GOOD_PRACTICE) if rng.random() < 0.2 else None,
        issues=issues,
        **draw_times(rng, outcome),
        **checks,
    )
    values.good_practice_seen = True if values.good_practice else None
    if structured:
        drawn = draw_checks(day, suite, counts)
        values.checks, values.rating = drawn["checks"], drawn["rating"]
        values.counts |= drawn["counts"]
        values.good_practice_seen = bool(values.good_practice)
    return values


def ensure_visit_reports(today: date, suites: list[Suite], office: User, liaison: User) -> None:
    """Add the demo history that is missing (each report keyed by its date and suite)."""
    people = demo_volunteers()
    if people is None:
        return
    known = set(
        db.session.scalars(
            select(VisitReport.submission_key).where(VisitReport.submission_key.like("demo-%"))
        )
    )
    # Two streams: the plan of visits, and what happened at each, so the history of a day
    # stays the same as later days are added.
    plan = list(planned_visits(random.Random(SEED), today, suites))
    recent = set(sorted(plan, key=lambda p: p[1])[-3:])
    tact = next((v for v in plan if v[1] >= today - timedelta(days=21) and v[0] == suites[0]), None)
    rng = random.Random(SEED + 1)
    for suite, day in plan:
        pair = visitors_for(suite, day, people, rng)
        values = draw_values(rng, suite, day, pair)
        if values.checks:
            values.check_set_id = ensure_check_set(None).id
        follow_up = [rng.random() for _ in values.issues]
        key = f"demo-{day.isoformat()}-{suite.name.lower().replace(' ', '-')}"
        if key in known:
            continue
        values.tact_visited = (suite, day) == tact
        report = add_report(
            values, key, pair, (suite, day) in recent or values.tact_visited, office
        )
        for issue, chance in zip(report.issues, follow_up, strict=True):
            follow(issue, chance, today, office, liaison if suite.liaisons else office)
    ensure_draft(people["val"], today)
    db.session.flush()


def demo_volunteers() -> dict[str, Volunteer] | None:
    emails = {"val": "volunteer@example.org", "sam": "volunteer2@example.org"}
    emails["dana"] = "volunteer3@example.org"
    people = {}
    for name, email in emails.items():
        people[name] = db.session.scalars(
            select(Volunteer).join(Volunteer.user).where(User.email == email)
        ).first()
    return None if None in people.values() else people


def add_report(
    values: ReportValues, key: str, pair: list[Volunteer], recent: bool, office: User
) -> VisitReport:
    sent = at(values.visit_date + timedelta(days=1), 9, 30)
    report = store_report(
        values,
        source="form",
        actor=pair[0].user,
        submission_key=key,
        submitted_by_id=pair[0].user_id,
        submitted_at=sent,
    )
    report.versions = [
        ReportVersion(
            number=1,
            actor=pair[0].user,
            at=sent,
            reason="Sent by a visitor",
            snapshot=snapshot(values),
        )
    ]
    for issue in report.issues:
        issue.events[0].at = sent
    if not recent:
        report.cosigned_at, report.cosigned_by_id = sent + timedelta(hours=5), pair[1].user_id
        report.reviewed_at, report.reviewed_by_id = sent + timedelta(days=2), office.id
    elif values.tact_visited:
        report.cosigned_at, report.cosigned_by_id = sent + timedelta(hours=3), pair[1].user_id
    return report


def event(issue: VisitIssue, when: datetime, actor: User, action: str, status: str, note=None):
    issue.events.append(IssueEvent(at=when, actor=actor, action=action, status=status, note=note))
    issue.status = status


def follow(issue: VisitIssue, chance: float, today: date, office: User, force: User) -> None:
    """Take an issue as far round the loop as its age and its luck allow."""
    age = (today - issue.raised_on).days
    sent = at(issue.raised_on + timedelta(days=3), 10)
    if age < 4 or (age < 20 and chance < 0.3):
        return  # still waiting for triage
    # At triage the coordinator confirms most urgent issues as serious, and finds the odd
    # other one serious too: the Panel's figure is the coordinator's, not the visitors' tick.
    if (issue.is_urgent and chance < 0.7) or chance > 0.97:
        issue.is_serious, issue.serious_set_by, issue.serious_set_at = True, office, sent
    event(issue, sent, office, "send", "with_force", "Please look into this and let us know.")
    issue.sent_at = sent
    issue.ladder_step, issue.step_started_on = 2, sent.date()  # to the custody inspector
    if age < 10 or (chance > 0.95 and age < 150):
        return  # waiting for the force (a few for months, so ageing shows)
    answered = sent + timedelta(days=2 + int(chance * 12))
    _, _, _, response = text.response_for(issue.category, issue.description)
    event(issue, answered, force, "respond", "responded", response)
    issue.response, issue.responded_at = response, answered
    if chance > 0.92 and age > 30:
        event(issue, answered + timedelta(days=3), office, "escalate", "escalated", text.ESCALATION)
        issue.ladder_step, issue.step_started_on = 3, (answered + timedelta(days=3)).date()
        answered += timedelta(days=12)
        event(issue, answered, force, "respond", "responded", text.SECOND_RESPONSE)
        issue.response, issue.responded_at = text.SECOND_RESPONSE, answered
    if age < 21 and chance < 0.6:
        return  # the coordinator has not closed it yet
    closed = answered + timedelta(days=2)
    event(issue, closed, office, "close", "closed", "Checked at the next visit.")
    issue.resolved_on = closed.date()
    if 0.4 < chance < 0.5:  # "you said, we did" for the Panel's report
        issue.for_panel, issue.panel_text = True, response[:500]


def ensure_draft(val: Volunteer, today: date) -> None:
    """A report Val has started but not sent."""
    key = "demo-draft-val"
    if db.session.scalars(select(ReportDraft).where(ReportDraft.key == key)).first():
        return
    day = today - timedelta(days=1)
    visit = {
        "suite_id": [str(val.suites[0].id)] if val.suites else [],
        "visit_date": [str(day.day), str(day.month), str(day.year)],
        "mode": ["in_person"],
        "outcome": ["completed"],
        "tact_visited": ["no"],
    }
    times = {"arrived_at": ["19:40"], "admitted_at": ["19:45"], "left_at": ["21:05"]}
    db.session.add(
        ReportDraft(key=key, owner_id=val.user_id, data={"visit": visit, "times": times})
    )
