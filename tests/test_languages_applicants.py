"""Welsh and English (issue 19): an applicant's language. Applications from before it was kept
are in English; one made in Welsh is answered and mailed in Welsh."""

# ruff: noqa: F811 (the ``welsh`` fixture imported from tests/welsh.py is the tests' argument)

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select

from icv.extensions import db
from tests.factories import make_user
from tests.mail import outbox
from tests.welsh import html_lang, welsh  # noqa: F401

# -- the applicant's journey in Welsh --------------------------------------------------------


def test_an_applicant_applies_in_welsh_and_is_mailed_in_welsh(app, client, welsh):
    import time_machine

    from icv.applications.models import Application
    from tests.applying import answer, apply
    from tests.mail import link_path

    with time_machine.travel(datetime(2026, 12, 5, 12, 0, tzinfo=UTC), tick=False):
        client.get("/language/cy?next=/apply")
        start = client.get("/apply")
        assert "Gwneud cais i fod yn ymwelydd annibynnol â dalfeydd" in start.text
        refused = answer(client, "about-you", name="", date_of_birth=["31", "2", "1980"])
        assert refused.status_code == 200
        assert html_lang(refused) == "cy"
        assert "<title>Gwall: Amdanoch chi" in refused.text
        assert "Rhowch enw" in refused.text
        assert "Dyddiad geni: rhaid iddo fod yn ddyddiad go iawn" in refused.text
        assert apply(client).headers["Location"] == "/apply/done"
        assert "Cais wedi’i anfon" in client.get("/apply/done").text
        with app.app_context():
            [application] = db.session.scalars(select(Application)).all()
            assert application.language == "cy"
            [mail] = outbox("application-received")
            assert mail.subject == (
                f"Eich cais i fod yn ymwelydd â dalfeydd: {application.reference}"
            )
            assert "Diolch am wneud cais i fod yn ymwelydd annibynnol â dalfeydd" in (
                mail.body_text
            )
            status_path = link_path(mail)
        # The status page in the applicant's language, its dates in Welsh.
        status = client.get(status_path)
        assert "Eich cais: wedi dod i law" in status.text
        assert "5 Rhag 2026, 12:00" in status.text


# -- the migration ------------------------------------------------------------------------------


def test_applications_from_before_the_migration_are_in_english(app):
    from flask_migrate import downgrade, upgrade
    from sqlalchemy import MetaData, Table, text

    from tests.factories import make_application

    with app.app_context():
        make_application()
        make_user(email="val@example.org")
        db.session.commit()
        with db.engine.begin() as connection:  # set aside, put back in the older schema
            applications = Table("applications", MetaData(), autoload_with=connection)
            row = dict(connection.execute(select(applications)).mappings().one())
            connection.execute(text("DELETE FROM referees"))
            connection.execute(text("DELETE FROM applications"))
        # The version of the checks the schema's upgrade seeded goes (the clean-up after a
        # test deletes it; this test may be the first of the session): nothing else is lost.
        downgrade(revision="01ad5136519d", x_arg=["discard-data=yes"])
        with db.engine.begin() as connection:
            del row["language"]
            applications = Table("applications", MetaData(), autoload_with=connection)
            connection.execute(applications.insert().values(row))
        upgrade()
        with db.engine.begin() as connection:
            assert connection.execute(text("SELECT language FROM applications")).all() == [("en",)]
            assert connection.execute(text("SELECT language FROM users")).all() == [(None,)]
