"""The Commissioner's dashboard: a year's (or quarter's) figures with charts, the narrative,
sign-off, and the exports. No page here names a volunteer, an applicant or a detainee.

The commissioner, the coordinator and administrators read it; the coordinator (or an
administrator) writes the narrative; the commissioner or the coordinator signs a year off.
"""

from __future__ import annotations

from datetime import date

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from werkzeug.datastructures import MultiDict

from icv.accounts.access import roles_required
from icv.accounts.roles import Role
from icv.applications.forms import EQUALITY_QUESTIONS
from icv.clock import today_local
from icv.extensions import db
from icv.summary import bp, exports, icva, queries, services
from icv.summary.charts import summary_charts
from icv.summary.forms import NarrativeForm, PeriodForm, SignOffForm
from icv.summary.rules import (
    Basis,
    Period,
    Records,
    SummaryInputError,
    change,
    latest_year,
    opening_year,
    parse_period,
)
from icv.summary.tables import answered_questions, figure_names, summary_tables
from icv.text import is_whole_number

READERS = (Role.COMMISSIONER, Role.COORDINATOR, Role.ADMIN)
OTHER_BASIS = {Basis.CALENDAR: Basis.FINANCIAL, Basis.FINANCIAL: Basis.CALENDAR}
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def period_args(period: Period, quarter: int | None = None) -> dict[str, str | int]:
    """Query arguments naming a period (none for a calendar year: the plainest address)."""
    args: dict[str, str | int] = {"year": period.year}
    if period.basis is Basis.FINANCIAL:
        args["basis"] = period.basis.value
    if quarter:
        args["quarter"] = quarter
    return args


def period_form(records: Records, formdata=None) -> PeriodForm:
    """The period chooser, offering the years with records (of either basis)."""
    today = today_local()
    first = min(records.first_year(basis, today) for basis in Basis)
    years = range(first, latest_year(Basis.CALENDAR, today) + 1)
    labelled = [(year, records.year_label(year, today)) for year in years]
    return PeriodForm(formdata, years=labelled, records=records)


def chosen(
    year: str, records: Records, basis: str | None = None
) -> tuple[Period | None, PeriodForm]:
    """The period in the address (or of ``basis``, given), or None with the form showing what
    is wrong (a period with no records included: a typed address can ask for one, no link
    does)."""
    asked = MultiDict(
        {
            "year": year,
            "basis": request.args.get("basis", "") if basis is None else basis,
            "quarter": request.args.get("quarter", ""),
        }
    )
    form = period_form(records, asked)
    try:
        period = parse_period(year, asked["basis"], asked["quarter"], today_local(), records)
    except SummaryInputError as problem:
        form.show(problem)
        return None, form
    return period, form


def basis_to_follow(year: str, basis: str, records: Records) -> Basis | None:
    """The only basis that offers the year chosen, when the form asked for the other one
    (calendar, unless said): the chooser labels such a year "2024 (2024/25, April to March
    only)", so choosing it means that basis, whichever was marked. None otherwise (a year
    not offered, a basis not known: ``parse_period`` says what is wrong)."""
    year, basis = year.strip(), basis.strip().lower() or Basis.CALENDAR.value
    if not (is_whole_number(year) and len(year) == 4) or basis not in set(Basis):
        return None
    only = records.only_basis(int(year), today_local())
    return only if only is not None and only.value != basis else None


def refused(form: PeriodForm):
    return render_template("summary/choose.html", form=form, period_form=form), 400


def whole_year(year: str, records: Records) -> Period:
    """The year in the address for a step that works on whole years (404 if it is not one)."""
    period, _ = chosen(year, records)
    if period is None or period.quarter is not None:
        abort(404)
    return period


def known_records() -> Records:
    return Records(queries.records_begin())


@bp.get("")
@roles_required(*READERS)
def index():
    """The latest year that has ended (or, if records begin later, the first with records),
    or the period chosen in the form."""
    records = known_records()
    if "year" not in request.args:
        try:
            basis = Basis(request.args.get("basis", Basis.CALENDAR.value))
        except ValueError:
            basis = Basis.CALENDAR
        today = today_local()
        year = opening_year(basis, today, records)
        return redirect(url_for(".dashboard", **period_args(Period(year, basis))))
    year = request.args["year"]
    follow = basis_to_follow(year, request.args.get("basis", ""), records)
    period, form = chosen(year, records, follow.value if follow else None)
    if period is None:
        return refused(form)
    if follow:
        flash(
            f"{period.year} is offered {follow.label} only, so these are the figures for "
            f"{period.label} ({period.months_label}).",
            "info",
        )
    return redirect(url_for(".dashboard", **period_args(period, period.quarter)))


@bp.get("/<year>")
@roles_required(*READERS)
def dashboard(year: str):
    records = known_records()
    period, form = chosen(year, records)
    if period is None:
        return refused(form)
    page = render_dashboard(period, form, records, kept=True)
    db.session.commit()  # the figures, if worked out afresh
    return page


def render_dashboard(
    period: Period,
    form: PeriodForm,
    records: Records,
    narrative_form=None,
    status=200,
    kept: bool = False,
):
    today = today_local()
    form.basis.data = period.basis.value  # the basis shown is marked, even when not asked
    summary = services.summary_for(period, today, records, kept)
    tables = summary_tables(summary)
    may_write = current_user.has_role(*services.WRITERS) and not summary.is_signed_off
    if may_write and narrative_form is None:
        narrative_form = NarrativeForm(formdata=None, data={"narrative": summary.narrative})
    return render_template(
        "summary/dashboard.html",
        summary=summary,
        figures=summary.figures,
        period=period,
        tables={table.key: table for table in tables},
        charts=summary_charts(summary.figures),
        corrections=[(figure_names(tables).get(d.key, d.key), d) for d in summary.corrections],
        period_form=form,
        form=narrative_form if narrative_form is not None and narrative_form.errors else None,
        narrative_form=narrative_form if may_write else None,
        may_sign=current_user.has_role(*services.SIGNERS)
        and period.quarter is None
        and period.is_complete(today)
        and not summary.is_signed_off,
        args=period_args(period, period.quarter),
        period_args=period_args,
        questions=EQUALITY_QUESTIONS,
        answered=answered_questions(summary.figures),
        change=change,
        today=today,
        title=records.title(period, today),
        records=records,
        **neighbours(period, records, today),
    ), status


def neighbours(period: Period, records: Records, today: date) -> dict:
    """The whole year of a period, its quarters and the years either side and on the other
    basis, those that have started and have records (None for a year that is not offered)."""
    year = Period(period.year, period.basis)

    def offered(other: Period) -> Period | None:
        shown = other.has_started(today) and not records.ended_before(other, today)
        return other if shown else None

    return {
        "period_year": year,
        "year_args": period_args(year),
        "quarters": [q for q in year.quarters() if offered(q)],
        "year_before": offered(year.previous()),
        "year_after": offered(Period(year.year + 1, year.basis)),
        "other_basis": offered(Period(year.year, OTHER_BASIS[year.basis])),
    }


@bp.post("/<year>/narrative")
@roles_required(*services.WRITERS)
def narrative(year: str):
    records = known_records()
    period = whole_year(year, records)
    form = NarrativeForm()
    if form.validate_on_submit():
        try:
            services.save_narrative(current_user, period, form.narrative.data or "")
        except services.SummaryError as error:
            flash(str(error), "error")
        else:
            db.session.commit()
            flash(f"The narrative for {period.label} has been saved.", "success")
        return redirect(url_for(".dashboard", **period_args(period)) + "#narrative")
    return render_dashboard(period, period_form(records), records, form, 400)


@bp.route("/<year>/sign-off", methods=["GET", "POST"])
@roles_required(*services.SIGNERS)
def sign_off(year: str):
    records = known_records()
    period = whole_year(year, records)
    form = SignOffForm()
    if form.validate_on_submit():
        try:
            services.sign_off(current_user, period, today_local())
        except services.SummaryError as error:
            flash(str(error), "error")
        else:
            db.session.commit()
            flash(f"The figures for {period.label} are signed off and published.", "success")
        return redirect(url_for(".dashboard", **period_args(period)))
    summary = services.summary_for(period, today_local(), records)
    return render_template(
        "summary/sign_off.html",
        summary=summary,
        period=period,
        sign_form=form,
        complete=period.is_complete(today_local()),
        args=period_args(period),
    )


def download(body: str | bytes, period: Period, suffix: str, mimetype: str) -> Response:
    name = f"icv-{suffix}-{period.label.replace('/', '-').replace(' ', '-')}"
    extension = "xlsx" if mimetype == XLSX else "csv"
    return Response(
        body,
        mimetype=mimetype,
        headers={"Content-Disposition": f'attachment; filename="{name}.{extension}"'},
    )


@bp.get("/<year>/summary.<any(csv, xlsx):kind>")
@roles_required(*READERS)
def export(year: str, kind: str):
    """The summary's tables as CSV or as a spreadsheet."""
    records = known_records()
    period, form = chosen(year, records)
    if period is None:
        return refused(form)
    summary = services.summary_for(period, today_local(), records)
    if kind == "xlsx":
        return download(exports.summary_xlsx(summary), period, "summary", XLSX)
    return download(exports.summary_csv(summary), period, "summary", "text/csv")


@bp.get("/<year>/quarterly-return.csv")
@roles_required(*READERS)
def quarterly_return(year: str):
    records = known_records()
    period = whole_year(year, records)
    body = exports.quarterly_return(period, today_local(), records)
    return download(body, period, "quarterly-return", "text/csv")


@bp.get("/<year>/icva-return.<any(csv, xlsx):kind>")
@roles_required(*READERS)
def icva_return(year: str, kind: str):
    """ICVA's quarterly return: the quarter asked for, or each quarter of the year and its
    total."""
    records = known_records()
    period, form = chosen(year, records)
    if period is None:
        return refused(form)
    rows = icva.return_rows(period, today_local(), records)
    if kind == "xlsx":
        return download(icva.icva_xlsx(rows), period, "icva-return", XLSX)
    return download(icva.icva_csv(rows), period, "icva-return", "text/csv")
