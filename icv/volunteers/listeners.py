"""How volunteer records react to recruitment (``icv.signals``): an applicant appointed on
probation becomes a volunteer, one confirmed in post becomes active, and one whose application
is withdrawn or rejected leaves. Refusals raise VolunteerError (an ApplicationError), which
the moving view shows; nothing here commits."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from icv.accounts.models import User
from icv.signals import applicant_appointed, appointment_ended, probation_completed
from icv.volunteers.services import appoint, complete_probation, end_appointment

if TYPE_CHECKING:
    from icv.applications.models import Application
    from icv.applications.services import Appointment


@applicant_appointed.connect
def create_volunteer(
    _sender: Any, *, application: Application, appointment: Appointment, actor: User, **_: Any
) -> None:
    appoint(actor, application, appointment)


@probation_completed.connect
def confirm_volunteer(
    _sender: Any, *, application: Application, reason: str, actor: User, **_: Any
) -> None:
    complete_probation(actor, application.volunteer, reason)


@appointment_ended.connect
def end_volunteer_appointment(
    _sender: Any, *, application: Application, status: str, reason: str, actor: User, **_: Any
) -> None:
    end_appointment(actor, application.volunteer, status, reason)
