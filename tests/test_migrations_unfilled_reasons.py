"""Why a rota left a visit unfilled: the sentences stored before codes become codes and back."""

from __future__ import annotations

from flask_migrate import downgrade, upgrade

from icv.extensions import db

#: Sentences the solver stored before codes, and the code and parameters each becomes.
OLD_REASONS = [
    (
        "only one volunteer is on the panel for Rugby",
        {"code": "small_panel", "params": {"suite": "Rugby", "count": 1}},
    ),
    (
        "a group of 3 is available for St Aldates, Oxford on only 2 days in the week of 4 "
        "January 2027",
        {
            "code": "few_days",
            "params": {"suite": "St Aldates, Oxford", "week": "2027-W01", "visitors": 3, "days": 2},
        },
    ),
    (
        "only 1 of the 5 volunteers available for Rugby in the week of 28 December 2026 is "
        "free: 3 have reached their monthly limit and 1 has another visit less than 3 days away",
        {
            "code": "some_free",
            "params": {
                **{"suite": "Rugby", "week": "2026-W53", "free": 1, "total": 5, "full": 3},
                **{"near": 1, "close": "days", "gap": 3},
            },
        },
    ),
    (
        "everyone available for Rugby in the week of 4 January 2027 already has another visit "
        "that week",
        {
            "code": "all_near",
            "params": {"suite": "Rugby", "week": "2027-W01", "close": "week"},
        },
    ),
    ("Closed for a refit", {"code": "other", "params": {"text": "Closed for a refit"}}),
]


def test_unfilled_reasons_stored_as_sentences_become_codes_and_back(app):
    """Upgrading from dce50e062ad4: each stored sentence becomes its code and parameters (an
    unknown one is kept as ``other`` with its words), the pages word it as it was, the kept
    figures are forgotten; down again, the same sentences."""
    import json

    from flask_babel import force_locale
    from sqlalchemy import text

    from icv.rota.reason_text import reason_text

    with app.app_context():
        downgrade(revision="dce50e062ad4")
        old = [{"suite_id": 7, "week": "2027-W01", "reason": words} for words, _ in OLD_REASONS]
        with db.engine.begin() as connection:
            connection.execute(
                text(
                    "INSERT INTO rota_periods (starts_on, ends_on, status, seed, created_at, "
                    "unfilled, quality) VALUES ('2026-12-28', '2027-01-10', 'draft', 1, "
                    "CURRENT_TIMESTAMP, :unfilled, :quality)"
                ),
                {"unfilled": json.dumps(old), "quality": json.dumps({"gaps": []})},
            )
        upgrade()
        with db.engine.begin() as connection:
            unfilled, quality = connection.execute(
                text("SELECT unfilled, quality FROM rota_periods")
            ).one()
        stored = json.loads(unfilled) if isinstance(unfilled, str) else unfilled
        assert stored == [{"suite_id": 7, "week": "2027-W01", **code} for _, code in OLD_REASONS]
        assert quality is None
        with app.test_request_context(), force_locale("en"):
            assert [reason_text(gap) for gap in stored] == [words for words, _ in OLD_REASONS]
        downgrade(revision="dce50e062ad4")
        with db.engine.begin() as connection:
            unfilled = connection.execute(text("SELECT unfilled FROM rota_periods")).scalar_one()
        assert (json.loads(unfilled) if isinstance(unfilled, str) else unfilled) == old
        upgrade()
