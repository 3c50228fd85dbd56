"""Custody throughput (throughput.py): the coordinator enters people booked in per suite per
quarter, one at a time or from a CSV file, and sees the figures entered."""

from __future__ import annotations

from datetime import date

from flask import flash, redirect, render_template, url_for
from flask_login import current_user
from sqlalchemy import select

from icv.accounts.access import roles_required
from icv.accounts.roles import Role
from icv.clock import today_local
from icv.extensions import db
from icv.suites.models import Suite
from icv.summary import bp, throughput
from icv.summary.forms import ThroughputFileForm, ThroughputForm
from icv.summary.models import CustodyThroughput

OFFICE = (Role.COORDINATOR, Role.ADMIN)
#: How many years of quarters the form offers, the current one included.
YEARS_OFFERED = 4
MONTHS = {1: "January to March", 4: "April to June", 7: "July to September"}
MONTHS[10] = "October to December"


def quarter_choices(today: date) -> list[tuple[str, str]]:
    """The calendar quarters that have started, newest first, for the last few years."""
    found = []
    for year in range(today.year, today.year - YEARS_OFFERED, -1):
        for month in sorted(MONTHS, reverse=True):
            start = date(year, month, 1)
            if start <= today:
                found.append((start.isoformat(), f"{MONTHS[month]} {year}"))
    return found


def render(entry: ThroughputForm, upload: ThroughputFileForm, status: int = 200, problems=()):
    rows = db.session.execute(
        select(Suite.name, CustodyThroughput.quarter_start, CustodyThroughput.booked_in)
        .join(Suite, Suite.id == CustodyThroughput.suite_id)
        .order_by(CustodyThroughput.quarter_start.desc(), Suite.name)
        .limit(200)
    ).all()
    return render_template(
        "summary/throughput.html",
        entry=entry,
        upload=upload,
        rows=rows,
        problems=list(problems),
        form=entry if entry.errors else upload,
    ), status


def entry_form(**kwargs) -> ThroughputForm:
    suites = [(str(s.id), s.name) for s in db.session.scalars(select(Suite).order_by(Suite.name))]
    return ThroughputForm(suites=suites, quarters=quarter_choices(today_local()), **kwargs)


@bp.get("/throughput")
@roles_required(*OFFICE)
def throughput_page():
    return render(entry_form(formdata=None), ThroughputFileForm(formdata=None))


@bp.post("/throughput")
@roles_required(*OFFICE)
def throughput_entry():
    entry = entry_form()
    if not entry.validate_on_submit():
        return render(entry, ThroughputFileForm(formdata=None), 400)
    chosen = throughput.Entry(
        int(entry.suite_id.data), date.fromisoformat(entry.quarter.data), entry.booked_in.data
    )
    throughput.save_entries(current_user, [chosen])
    db.session.commit()
    flash("Custody throughput saved.", "success")
    return redirect(url_for(".throughput_page"))


@bp.post("/throughput/file")
@roles_required(*OFFICE)
def throughput_file():
    upload = ThroughputFileForm()
    if not upload.validate_on_submit():
        return render(entry_form(formdata=None), upload, 400)
    try:
        text = upload.file.data.read(2_000_000).decode("utf-8-sig")
        entries = throughput.read_csv(text)
    except UnicodeDecodeError:
        upload.file.errors = ["The file must be a CSV file saved as UTF-8"]
        return render(entry_form(formdata=None), upload, 400)
    except throughput.ThroughputError as error:
        upload.file.errors = [f"Nothing was stored: {len(error.problems)} line(s) to correct"]
        return render(entry_form(formdata=None), upload, 400, error.problems)
    stored = throughput.save_entries(current_user, entries)
    db.session.commit()
    flash(f"Custody throughput saved from the file: {stored} figure(s).", "success")
    return redirect(url_for(".throughput_page"))
