"""Mail about rotas, queued in the outbox. Each volunteer is told only of their own visits, and
only what they need: the suite, the day, the time band and their partner's first name."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel.speaklater import LazyString

from icv.accounts.mail import queue_to_coordinators
from icv.i18n import format_date
from icv.notifications.services import external_url, queue_email
from icv.rota.engine.problem import WEEK_BAND
from icv.rota.models import PlannedVisit, RotaPeriod, SwapRequest, VisitOffer
from icv.settings import band_by_id
from icv.volunteers.models import Volunteer


def band_words(band_id: str) -> str:
    """``evening (18:00 to 22:00)`` for the band id, or the id if the band is gone."""
    if band_id == WEEK_BAND:
        return _("any day and time that week")
    band = band_by_id(band_id)
    return f"{band.label.lower()} ({band.hours})" if band else band_id


def partner_names(visit: PlannedVisit, volunteer: Volunteer, leaving: int | None = None) -> str:
    """First names of the others on the visit (not ``leaving``, who asked to give it up)."""
    others = [
        pv.volunteer.user.first_name
        for pv in visit.visitors
        if pv.volunteer_id not in (volunteer.id, leaving)
    ]
    return _(" and ").join(others) or _("nobody yet")


def visit_words(visit: PlannedVisit) -> str:
    """``Tuesday 5 January 2027, evening (18:00 to 22:00), Leamington Spa``; allocated by
    week, ``week of 4 January 2027 (any day and time you choose), Leamington Spa``."""
    if visit.by_week:
        return _(
            "week of %(day)s (any day and time you choose), %(suite)s",
            day=format_date(visit.visit_on),
            suite=visit.suite.name,
        )
    day = format_date(visit.visit_on, "weekday_year")
    return f"{day}, {band_words(visit.band)}, {visit.suite.name}"


def lines_for(visits: Iterable[PlannedVisit], volunteer: Volunteer) -> list[LazyString]:
    """A line per visit, written when the mail is (so in its reader's language)."""
    return [LazyString(visit_line, v, volunteer) for v in sorted(visits, key=lambda v: v.visit_on)]


def visit_line(visit: PlannedVisit, volunteer: Volunteer, leaving: int | None = None) -> str:
    return _(
        "%(visit)s, with %(partners)s",
        visit=visit_words(visit),
        partners=partner_names(visit, volunteer, leaving),
    )


def rota_published(period: RotaPeriod) -> int:
    """One message per volunteer on the rota, listing their own visits. Returns how many."""
    mine: dict[int, list[PlannedVisit]] = defaultdict(list)
    people: dict[int, Volunteer] = {}
    for visit in period.visits:
        for place in visit.visitors:
            mine[place.volunteer_id].append(visit)
            people[place.volunteer_id] = place.volunteer
    for volunteer_id, visits in mine.items():
        volunteer = people[volunteer_id]
        queue_email(
            volunteer.user.email,
            "rota-published",
            language=volunteer.user.language,
            volunteer=volunteer,
            period=period,
            lines=lines_for(visits, volunteer),
            link=external_url("my_visits.upcoming"),
        )
    return len(mine)


#: What happened to a visit -> (the mail's subject, its first sentence), whole sentences so
#: each language words them its own way (written in the volunteer's language when sent).
CHANGES = {
    "moved": (_l("A custody visit has moved"), _l("This visit has moved:")),
    "changed": (_l("A custody visit has changed"), _l("This visit has changed:")),
    "added": (
        _l("A custody visit has been added to your rota"),
        _l("This visit has been added to your rota:"),
    ),
    "removed": (_l("A custody visit is no longer yours"), _l("This visit is no longer yours:")),
    "cancelled": (_l("A custody visit has been cancelled"), _l("This visit has been cancelled:")),
}


def visit_changed(visit: PlannedVisit, volunteers: Iterable[Volunteer], what: str) -> None:
    for volunteer in volunteers:
        queue_email(
            volunteer.user.email,
            "rota-visit-changed",
            language=volunteer.user.language,
            volunteer=volunteer,
            subject=CHANGES[what][0],
            says=CHANGES[what][1],
            line=lines_for([visit], volunteer)[0],
            reason=visit.cancel_reason if what == "cancelled" else None,
            link=external_url("my_visits.upcoming"),
        )


def request_made(request: SwapRequest) -> None:
    queue_to_coordinators(
        "rota-request",
        request=request,
        link=external_url("rota.request_detail", request_id=request.id),
    )


def offered(offer: VisitOffer) -> None:
    volunteer, request = offer.volunteer, offer.request
    visit = request.visit
    queue_email(
        volunteer.user.email,
        "rota-offer",
        language=volunteer.user.language,
        volunteer=volunteer,
        # With the partner who stays on it, never the person who asked to leave.
        line=LazyString(visit_line, visit, volunteer, request.volunteer_id),
        link=external_url("my_visits.upcoming"),
    )


def offer_answered(offer: VisitOffer) -> None:
    queue_to_coordinators(
        "rota-offer-answered",
        offer=offer,
        link=external_url("rota.request_detail", request_id=offer.request_id),
    )


def request_decided(request: SwapRequest) -> None:
    volunteer = request.volunteer
    queue_email(
        volunteer.user.email,
        "rota-request-decided",
        language=volunteer.user.language,
        volunteer=volunteer,
        request=request,
        line=lines_for([request.visit], volunteer)[0],
        link=external_url("my_visits.upcoming"),
    )
