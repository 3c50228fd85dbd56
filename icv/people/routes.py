"""Subject access and erasure, for the administrator only.

The person's address is always posted, never put in a URL, so it is kept out of access logs.
"""

from __future__ import annotations

from flask import (
    Response,
    abort,
    flash,
    make_response,
    redirect,
    render_template,
    url_for,
)
from flask_login import current_user

from icv.accounts.access import check_roles
from icv.accounts.roles import Role
from icv.clock import today_local
from icv.extensions import db
from icv.forms import add_field_error
from icv.people import bp, services
from icv.people.export import export, export_json
from icv.people.forms import EraseForm, FindPersonForm

NOT_FOUND = "No account, volunteer or application has this email address"


@bp.before_request
def administrators_only():
    return check_roles(Role.ADMIN)


def found_person(form: FindPersonForm | EraseForm) -> services.Person | None:
    """The person the posted address names, or None with the field's error set."""
    if not form.validate_on_submit():
        return None
    person = services.find_person(form.email.data)
    if not person.found:
        add_field_error(form, form.email, NOT_FOUND)
        return None
    return person


@bp.route("", methods=["GET", "POST"])
def find():
    form = FindPersonForm()
    person = found_person(form)
    if person is None:
        status = 400 if form.errors else 200
        return render_template("people/find.html", form=form), status
    # The page answers the post itself rather than redirecting to it: a redirect would put
    # the address in the URL, and so in access logs and the browser's history.
    data = export(person)
    services.record_export(current_user, person, "page")
    db.session.commit()
    return render_template(
        "people/person.html",
        data=data,
        person=person,
        problem=services.erasure_problem(person, today_local(), current_user),
    )


def posted_person() -> tuple[EraseForm, services.Person]:
    """The person of the address a button posted; an address no one has (or none) answers
    with the search form and its error."""
    form = EraseForm()
    person = found_person(form)
    if person is None:
        abort(make_response(render_template("people/find.html", form=form), 400))
    return form, person


@bp.post("/download")
def download():
    _, person = posted_person()
    body = export_json(person)
    services.record_export(current_user, person, "json")
    db.session.commit()
    name = f"subject-access-{today_local().isoformat()}.json"
    return Response(
        body,
        mimetype="application/json",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


@bp.post("/erase")
def erase():
    form, person = posted_person()
    problem = services.erasure_problem(person, today_local(), current_user)
    if problem or form.confirmed.data != "yes":
        return render_template("people/erase.html", person=person, problem=problem)
    counts = services.erase(current_user, person, today_local())
    db.session.commit()
    flash(f"The personal data has been erased ({erased_counts(counts)}).", "success")
    return redirect(url_for("people.find"))


def erased_counts(counts: dict[str, int]) -> str:
    def amount(n: int, thing: str) -> str:
        return f"{n} {thing}" if n == 1 else f"{n} {thing}s"

    return ", ".join(
        [
            amount(counts["applications_minimised"], "application") + " minimised",
            amount(counts["mail_removed"], "email") + " removed from the outbox",
            amount(counts["rows_changed"], "other record") + " changed",
        ]
    )
