"""Personal API tokens for the summary API: created (shown once) and revoked by their owner, a
commissioner or coordinator. On the ``summary`` blueprint."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_login import current_user

from icv.accounts.access import roles_required
from icv.extensions import db
from icv.summary import services
from icv.summary.forms import RevokeForm, TokenForm
from icv.summary.models import ApiToken
from icv.summary.routes import bp


def render_tokens(form: TokenForm, created: str | None = None, status: int = 200):
    return render_template(
        "summary/tokens.html",
        tokens=services.tokens_of(current_user),
        form=form,
        created=created,
        revoke_form=RevokeForm(formdata=None),
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
    _, token = services.create_token(current_user, form.name.data)
    db.session.commit()
    # Shown on this response only: it is not kept, so it cannot be shown again.
    return render_tokens(TokenForm(formdata=None), created=token, status=201)


@bp.post("/api-tokens/<int:token_id>/revoke")
@roles_required(*services.SIGNERS)
def revoke_token(token_id: int):
    token = db.get_or_404(ApiToken, token_id)
    if token.user_id != current_user.id:
        abort(404)
    if RevokeForm().validate_on_submit():
        services.revoke_token(current_user, token)
        db.session.commit()
        flash(f"The token \u201c{token.name}\u201d has been revoked.", "success")
    return redirect(url_for(".tokens"))
