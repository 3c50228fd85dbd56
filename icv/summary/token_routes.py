"""Personal API tokens for the summary API: created (shown once) and revoked by their owner, a
commissioner or coordinator. On the ``summary`` blueprint."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_login import current_user

from icv.accounts.access import roles_required
from icv.accounts.roles import Role
from icv.clock import now_utc
from icv.extensions import db
from icv.summary import bp, services
from icv.summary.forms import RevokeForm, TokenForm
from icv.summary.models import ApiToken


def render_tokens(form: TokenForm, created: str | None = None, status: int = 200):
    return render_template(
        "summary/tokens.html",
        tokens=services.tokens_of(current_user),
        form=form,
        created=created,
        revoke_form=RevokeForm(formdata=None),
        now=now_utc(),
    ), status


@bp.get("/api-tokens")
@roles_required(*services.SIGNERS)
def tokens():
    return render_tokens(TokenForm(formdata=None))


@bp.post("/api-tokens")
@roles_required(*services.SIGNERS)
def create_token():
    form = TokenForm()
    if not form.validate_on_submit():
        return render_tokens(form, status=400)
    _, token = services.create_token(current_user, form.name.data, int(form.days.data))
    db.session.commit()
    # Shown on this response only: it is not kept, so it cannot be shown again.
    return render_tokens(TokenForm(formdata=None), created=token, status=201)


@bp.post("/api-tokens/<int:token_id>/revoke")
@roles_required(*services.SIGNERS)
def revoke_token(token_id: int):
    token = db.get_or_404(ApiToken, token_id)
    if token.user_id != current_user.id:
        abort(404)
    revoke(token)
    return redirect(url_for(".tokens"))


def revoke(token: ApiToken) -> None:
    if RevokeForm().validate_on_submit():
        services.revoke_token(current_user, token)
        db.session.commit()
        flash(f"The token \u201c{token.name}\u201d has been revoked.", "success")


@bp.get("/api-tokens/everyone")
@roles_required(Role.ADMIN)
def every_token():
    """Every account's tokens, so an administrator can revoke one whose owner cannot."""
    return render_template(
        "summary/every_token.html",
        tokens=services.every_token(),
        revoke_form=RevokeForm(formdata=None),
        now=now_utc(),
    )


@bp.post("/api-tokens/everyone/<int:token_id>/revoke")
@roles_required(Role.ADMIN)
def revoke_any_token(token_id: int):
    revoke(db.get_or_404(ApiToken, token_id))
    return redirect(url_for(".every_token"))
