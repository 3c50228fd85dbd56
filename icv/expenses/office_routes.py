"""The office's side of expenses: the queue of claims, deciding one, the export for finance."""

from __future__ import annotations

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from icv.accounts.access import roles_required
from icv.clock import today_local
from icv.expenses import bp, queries, services
from icv.expenses.display import OFFICE, visible_claim
from icv.expenses.exports import claims_csv, claims_xlsx
from icv.expenses.forms import ApproveForm, QueryForm, QueueFilterForm, RejectForm
from icv.expenses.rules import months_back
from icv.extensions import db
from icv.forms import options
from icv.pagination import paginated

QUEUE_PAGE_SIZE = 50
#: Months offered in the queue's filter and the export.
MONTHS_SHOWN = 24
DECISIONS = {"approve": ApproveForm, "query": QueryForm, "reject": RejectForm}
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def filter_form() -> QueueFilterForm:
    form = QueueFilterForm(request.args)
    form.month.choices = options([("", "All"), *months_back(today_local(), MONTHS_SHOWN)])
    return form


@bp.get("/office")
@roles_required(*OFFICE)
def queue():
    form = filter_form()
    if not form.validate():
        abort(404)  # only a hand-made address gives a month or status not offered
    chosen = queries.QueueFilter(status=form.status.data or None, month=form.month.data or None)
    page = paginated(queries.queue_query(chosen), QUEUE_PAGE_SIZE)
    return render_template(
        "expenses/queue.html",
        form=form,
        page=page,
        claims=page.items,
        filter_args={name: request.args.get(name) for name in ("status", "month")},
        months=months_back(today_local(), MONTHS_SHOWN),
    )


@bp.post("/<int:claim_id>/<any(approve, query, reject):action>")
@roles_required(*OFFICE)
def decide(claim_id: int, action: str):
    claim, as_office = visible_claim(claim_id)
    forms = {name: form(prefix=name) for name, form in DECISIONS.items()}
    form = forms[action]
    if not as_office:
        abort(403)
    if form.validate_on_submit():
        try:
            if action == "approve":
                services.approve(current_user, claim)
            else:
                getattr(services, action)(current_user, claim, form.message.data)
        except services.ClaimError as refused:
            flash(str(refused), "error")
            return redirect(url_for(".claim", claim_id=claim.id))
        db.session.commit()
        done = {"approve": "approved", "query": "queried", "reject": "rejected"}[action]
        flash(f"Claim {done}.", "success")
        return redirect(url_for(".queue"))
    page = render_template(
        "expenses/claim.html", claim=claim, as_office=True, forms=forms, error_form=form
    )
    return page, 400


@bp.get("/office/export")
@roles_required(*OFFICE)
def export():
    month = request.args.get("month", "")
    offered = {value for value, _ in months_back(today_local(), MONTHS_SHOWN)}
    kind = request.args.get("format", "csv")
    if month not in offered or kind not in ("csv", "xlsx"):
        abort(404)
    claims = queries.approved_in_month(month)
    name = f"expenses-{month}.{kind}"
    if kind == "csv":
        body, mimetype = claims_csv(claims).encode("utf-8-sig"), "text/csv"
    else:
        body, mimetype = claims_xlsx(claims, month), XLSX
    return Response(
        body,
        mimetype=mimetype,
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )
