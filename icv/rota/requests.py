"""A volunteer's own visits: confirming, asking to swap or drop, answering offers; and the
coordinator's side of those requests. The caller commits."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Select, select
from sqlalchemy.orm import defaultload, lazyload

from icv.accounts.models import User
from icv.audit.services import record
from icv.clock import now_utc
from icv.extensions import db
from icv.rota import mail
from icv.rota.models import PlannedVisit, RequestStatus, SwapRequest, VisitOffer
from icv.rota.places import candidates, replace_visitor
from icv.rota.rules import change_request_problem, confirm_problem
from icv.rota.services import RotaError, cancel_visit
from icv.suites.queries import suite_alone
from icv.volunteers.models import Volunteer

KINDS = {"swap": "swap", "drop": "drop"}


def confirm(volunteer: Volunteer, visit: PlannedVisit, today: date) -> None:
    place = visit.visitor_for(volunteer)
    if place is None:
        raise RotaError("This is not one of your visits")
    if problem := confirm_problem(visit.status, visit.last_day, today):
        raise RotaError(problem)
    if place.confirmed_at is None:
        place.confirmed_at = now_utc()
        record(volunteer.user, "rota.confirmed", visit, f"{volunteer.user.name} confirmed a visit")


def open_request(visit: PlannedVisit, volunteer: Volunteer) -> SwapRequest | None:
    return db.session.scalars(
        select(SwapRequest).where(
            SwapRequest.visit_id == visit.id,
            SwapRequest.volunteer_id == volunteer.id,
            SwapRequest.status == RequestStatus.OPEN,
        )
    ).first()


def ask(volunteer: Volunteer, visit: PlannedVisit, kind: str, reason: str, today: date):
    """The volunteer asks to swap or drop one of their visits; the coordinators are told."""
    if visit.visitor_for(volunteer) is None:
        raise RotaError("This is not one of your visits")
    has_open = open_request(visit, volunteer) is not None
    if problem := change_request_problem(visit.status, visit.last_day, today, has_open):
        raise RotaError(problem)
    request = SwapRequest(visit=visit, volunteer=volunteer, kind=KINDS[kind], reason=reason)
    db.session.add(request)
    db.session.flush()
    record(volunteer.user, "rota.request", request, f"{volunteer.user.name} asked to {kind}")
    mail.request_made(request)
    return request


def withdraw(volunteer: Volunteer, request: SwapRequest) -> None:
    if request.volunteer_id != volunteer.id or request.status != RequestStatus.OPEN:
        raise RotaError("This request is no longer open")
    close(request, RequestStatus.WITHDRAWN, volunteer.user)


def close(request: SwapRequest, status: RequestStatus, actor: User, note: str = "") -> None:
    request.status = status
    request.resolved_at = now_utc()
    request.resolved_by = actor
    request.outcome_note = note.strip() or None
    record(actor, f"rota.request_{status.value}", request, f"Request to {request.kind}: {status}")


def eligible_replacements(request: SwapRequest, today: date) -> list[Volunteer]:
    """Volunteers who could take the requester's place without breaking any rule, best first
    (the same list as the visit's "who goes instead", without those outside their usual
    availability: an offer by email is for those who usually can)."""
    found = candidates(request.visit, request.volunteer, today)
    return [candidate.volunteer for candidate in found if not candidate.outside]


def make_offers(actor: User, request: SwapRequest, volunteers: list[Volunteer]) -> int:
    """Offer the place to each of ``volunteers`` by mail; returns how many were new offers."""
    if request.status != RequestStatus.OPEN:
        raise RotaError("This request is no longer open")
    already = {offer.volunteer_id for offer in request.offers}
    new = [v for v in volunteers if v.id not in already]
    for volunteer in new:
        offer = VisitOffer(request=request, volunteer=volunteer)
        db.session.add(offer)
        mail.offered(offer)
    if new:
        names = ", ".join(v.user.name for v in new)
        record(actor, "rota.offered", request, f"Visit offered to {names}")
    return len(new)


def answer(volunteer: Volunteer, offer: VisitOffer, accepted: bool) -> None:
    if offer.volunteer_id != volunteer.id:
        raise RotaError("This offer was not made to you")
    if offer.request.status != RequestStatus.OPEN:
        raise RotaError("This visit has been arranged; thank you")
    offer.response = "accepted" if accepted else "declined"
    offer.responded_at = now_utc()
    record(
        volunteer.user,
        "rota.offer_answered",
        offer.request,
        f"{volunteer.user.name} {offer.response}",
    )
    mail.offer_answered(offer)


def accept(
    actor: User, request: SwapRequest, replacement: Volunteer, today: date, note: str = ""
) -> None:
    """``replacement`` takes the requester's place; everyone concerned is told."""
    if request.status != RequestStatus.OPEN:
        raise RotaError("This request is no longer open")
    replace_visitor(actor, request.visit, request.volunteer, replacement, today)
    request.replacement = replacement
    close(request, RequestStatus.REPLACED, actor, note)
    mail.request_decided(request)


def decline(actor: User, request: SwapRequest, note: str) -> None:
    """Keep the volunteer on the visit (nobody else could go), saying why."""
    if request.status != RequestStatus.OPEN:
        raise RotaError("This request is no longer open")
    if not note.strip():
        raise RotaError("Tell the volunteer why the visit stays theirs")
    close(request, RequestStatus.DECLINED, actor, note)
    mail.request_decided(request)


def cancel_for(actor: User, request: SwapRequest, note: str) -> None:
    """Call the visit off instead of replacing the volunteer."""
    if request.status != RequestStatus.OPEN:
        raise RotaError("This request is no longer open")
    cancel_visit(actor, request.visit, note or f"{request.volunteer.user.name} could not go")
    close(request, RequestStatus.CANCELLED, actor, note)
    mail.request_decided(request)


def open_requests() -> list[SwapRequest]:
    return list(
        db.session.scalars(
            select(SwapRequest)
            .where(SwapRequest.status == RequestStatus.OPEN)
            .order_by(SwapRequest.created_at)
            .options(*as_listed())
        )
    )


def decided() -> Select:
    """The requests decided, the latest first, as the list shows them (a page at a time)."""
    return (
        select(SwapRequest)
        .where(SwapRequest.status != RequestStatus.OPEN)
        # Requests cancelled by taking a volunteer off the rota had no time of decision
        # before 5 December 2026: last on either engine (PostgreSQL puts NULL first).
        .order_by(SwapRequest.resolved_at.desc().nulls_last(), SwapRequest.id.desc())
        .options(*as_listed())
    )


def as_listed() -> tuple:
    """A request as the coordinator's list shows it: who asked (their name), the visit's day,
    band and suite (its name). Without the rest each brings (the visitor's panel, suites they
    cannot reach or avoid, dates away and roles; the visit's visitors and the suite's liaisons
    and closures; the offers): some 20 statements a list. Built when asked for, as
    ``queries.as_listed``."""
    return (
        defaultload(SwapRequest.volunteer).options(
            lazyload(Volunteer.suites),
            lazyload(Volunteer.unreachable_suites),
            lazyload(Volunteer.avoided_suites),
            lazyload(Volunteer.away_periods),
            defaultload(Volunteer.user).lazyload(User.role_rows),
        ),
        defaultload(SwapRequest.visit).options(
            lazyload(PlannedVisit.visitors),
            defaultload(PlannedVisit.suite).options(*suite_alone()),
        ),
        lazyload(SwapRequest.offers),
    )
