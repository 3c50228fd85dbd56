"""Queue mail: render the template triplet and add an outbox row to the current transaction."""

from typing import Any

from flask import current_app, render_template
from flask_babel import force_locale
from werkzeug.routing import MapAdapter

from icv.extensions import db
from icv.i18n import language_for_mail
from icv.notifications.models import OutboxMessage
from icv.settings import get_settings


def queue_email(
    to_address: str, template: str, *, language: str | None = None, **context: Any
) -> OutboxMessage:
    """Render ``emails/<template>-subject.txt``, ``-body.txt`` and ``-body.html`` into a row,
    in the recipient's language: ``language`` (an applicant's), else the language of the
    account passed as ``user``, else English (and English wherever Welsh is not offered).

    The row is only added to the session: it is sent if and only if the caller commits.
    """
    context.setdefault("base_url", current_app.config["ICV_BASE_URL"])
    chosen = language or getattr(context.get("user"), "language", None)
    in_language = language_for_mail(welsh_offered=get_settings()["welsh_offered"], chosen=chosen)
    with force_locale(in_language):
        subject = render_template(f"emails/{template}-subject.txt", **context).strip()
        body_text = render_template(f"emails/{template}-body.txt", **context)
        body_html = render_template(f"emails/{template}-body.html", **context)
    message = OutboxMessage(
        kind=template,
        to_address=to_address,
        subject=" ".join(subject.split())[:200],
        body_text=body_text,
        body_html=body_html,
    )
    db.session.add(message)
    return message


def external_url(endpoint: str, **values: Any) -> str:
    """An absolute link for mail, built from ICV_BASE_URL (works outside a request too)."""
    base = current_app.config["ICV_BASE_URL"]
    scheme, _, rest = base.partition("://")
    host, _, script = rest.partition("/")
    adapter: MapAdapter = current_app.url_map.bind(
        host, script_name="/" + script if script else "/", url_scheme=scheme
    )
    return adapter.build(endpoint, values, force_external=True)
