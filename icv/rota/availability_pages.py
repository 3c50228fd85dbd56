"""The availability page, shared by the volunteer's own (``availability_routes``) and the one
the office fills in on behalf of a volunteer without a phone (``office_availability_routes``):
the same form, the same services, only the addresses differ."""

from __future__ import annotations

from dataclasses import dataclass

from flask import render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from icv.clock import today_local
from icv.forms import add_field_error
from icv.rota import availability
from icv.rota.forms import WEEKDAYS, AvailabilityForm, AwayForm
from icv.rota.models import PlannedVisit
from icv.settings import time_bands
from icv.volunteers.models import AwayPeriod, Volunteer
from icv.volunteers.services import VolunteerError


@dataclass(frozen=True)
class Links:
    """Where the page's forms go, and whose page it is."""

    save: str
    add_away: str
    back: str
    back_text: str
    on_behalf: bool

    @classmethod
    def own(cls) -> Links:
        return cls(
            url_for("my_visits.edit_availability"),
            url_for("my_visits.add_away"),
            url_for("my_visits.upcoming"),
            _("My visits"),
            on_behalf=False,
        )

    @classmethod
    def office(cls, volunteer: Volunteer) -> Links:
        return cls(
            url_for("rota.volunteer_availability", volunteer_id=volunteer.id),
            url_for("rota.volunteer_add_away", volunteer_id=volunteer.id),
            url_for("volunteers.detail", volunteer_id=volunteer.id),
            volunteer.user.name,
            on_behalf=True,
        )

    def remove_away(self, volunteer: Volunteer, away: AwayPeriod) -> str:
        if self.on_behalf:
            return url_for("rota.volunteer_remove_away", volunteer_id=volunteer.id, away_id=away.id)
        return url_for("my_visits.remove_away", away_id=away.id)


def availability_form(volunteer: Volunteer, posted: bool = True) -> AvailabilityForm:
    """The form as posted, or (``posted=False``) filled from the volunteer's record."""
    kwargs = {} if posted else {"formdata": None}
    form = AvailabilityForm(
        bands=[(b.id, f"{b.label}, {b.hours}") for b in time_bands()],
        suites=[(s.id, s.name) for s in volunteer.suites if s.is_active],
        **kwargs,
    )
    if not posted:
        for n, day in enumerate(WEEKDAYS):
            form[day].data = [band for d, band in volunteer.weekly_availability if d == n]
        cannot = {s.id for s in volunteer.unreachable_suites}
        form.reachable.data = [i for i, _ in form.reachable.choices if i not in cannot]
    return form


def render_page(volunteer: Volunteer, links: Links, form=None, away=None, status: int = 200):
    form = form or availability_form(volunteer, posted=False)
    away = away or AwayForm(formdata=None, prefix="away")
    return render_template(
        "rota/availability.html",
        volunteer=volunteer,
        links=links,
        form=form,
        away=away,
        error_form=away if away.errors else None,
        today=today_local(),
    ), status


def save_pattern(volunteer: Volunteer, form: AvailabilityForm) -> None:
    """Keep the weekly times and reachable suites posted (by the signed-in user)."""
    reachable = set(form.reachable.data or [])
    unreachable = [s.id for s in volunteer.suites if s.id not in reachable]
    availability.set_pattern(current_user, volunteer, form.pattern(), unreachable)


def add_posted_away(volunteer: Volunteer, form: AwayForm) -> list[PlannedVisit] | None:
    """The dates away posted, added (by the signed-in user): their planned visits in those
    dates, or None with the error on the form."""
    if not form.validate_on_submit():
        return None
    try:
        return availability.add_away(
            current_user, volunteer, form.starts_on.data, form.ends_on.data, today_local()
        )
    except VolunteerError as error:
        add_field_error(form, form.ends_on, str(error))
        return None
