"""The administrator's page of settings for following issues up (follow_up_forms.py)."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user

from icv.accounts.access import roles_required
from icv.accounts.roles import Role
from icv.extensions import db
from icv.settings import get_settings, update_settings
from icv.visits import issues_bp as bp
from icv.visits.follow_up_forms import FollowUpSettingsForm, themes_text
from icv.visits.issue_rules import LADDER


def stored_values() -> dict:
    current = get_settings()
    targets = current["escalation_target_days"]
    return {
        **{step.key: targets.get(step.key, 0) for step in LADDER},
        "commissioner_meeting_email": current["commissioner_meeting_email"],
        "force_copy": "yes" if current["force_copy_of_reports"] else "no",
        "icva_themes": themes_text(current["icva_theme_of_category"]),
    }


@bp.route("/settings", methods=["GET", "POST"])
@roles_required(Role.ADMIN)
def follow_up_settings():
    form = FollowUpSettingsForm(data=None if request.method == "POST" else stored_values())
    if form.validate_on_submit():
        changed = update_settings(
            current_user,
            {
                "escalation_target_days": {step.key: form[step.key].data for step in LADDER},
                "commissioner_meeting_email": form.commissioner_meeting_email.data or "",
                "force_copy_of_reports": form.force_copy.data == "yes",
                "icva_theme_of_category": form.icva_themes.themes,
            },
        )
        db.session.commit()
        flash("Issue follow-up settings saved." if changed else "Nothing changed.", "success")
        return redirect(url_for(".follow_up_settings"))
    return render_template("issues/settings.html", form=form), 400 if form.errors else 200
