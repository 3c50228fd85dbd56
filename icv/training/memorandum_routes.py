"""The memorandum of understanding for the coordinator: the version in force, who has signed
it, and publishing a new version (every current volunteer is then asked to sign again)."""

from __future__ import annotations

from flask import render_template, url_for
from flask_login import current_user
from sqlalchemy import select

from icv.extensions import db
from icv.training import bp, queries, services
from icv.training.forms import MemorandumForm
from icv.training.models import MemorandumSignature
from icv.views import act


def memorandum_page(form: MemorandumForm, status: int = 200):
    memorandum = queries.current_memorandum()
    signed, waiting = [], []
    if memorandum is not None:
        signed_ids = set(
            db.session.scalars(
                select(MemorandumSignature.volunteer_id).where(
                    MemorandumSignature.memorandum_id == memorandum.id
                )
            )
        )
        for volunteer in queries.current_volunteers():
            (signed if volunteer.id in signed_ids else waiting).append(volunteer)
    return render_template(
        "training/memorandum.html",
        memorandum=memorandum,
        signed=signed,
        waiting=waiting,
        form=form,
    ), status


@bp.get("/memorandum")
def memorandum():
    return memorandum_page(MemorandumForm())


@bp.post("/memorandum")
def publish_memorandum():
    form = MemorandumForm()

    def change() -> str:
        published = services.publish_memorandum(current_user, form.version.data, form.text.data)
        return f"Version {published.version} published: every volunteer is asked to sign it."

    return act(
        form,
        change,
        services.TrainingError,
        url_for(".memorandum"),
        lambda f: memorandum_page(f, 400),
    )
