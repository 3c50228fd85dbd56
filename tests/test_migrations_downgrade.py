"""A downgrade that cannot keep the data stored says what and stops before changing anything
(icv.downgrades, called by migrations/env.py); ``-x discard-data=yes`` goes ahead."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import text

from icv.downgrades import DataWouldBeLost
from icv.extensions import db

WIDENED = "3d1f0c2a9b47"  # widened the equality answers to 80 characters
BEFORE_WIDENING = "5c242c9f7e86"
FOUNDATION = "b411fe587bc4"  # before applications (and diversity_responses) existed
ANSWER = "Black, Black British, Caribbean or African"  # 42 characters: the answer that failed


@pytest.fixture
def at_widened(ctx) -> Iterator[None]:
    downgrade(revision=WIDENED)  # nothing stored yet: nothing to lose
    yield
    upgrade()


def current() -> tuple[str, ...]:
    with db.engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_heads()


def answer(ethnic_group: str) -> None:
    with db.engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO diversity_responses (submitted_on, ethnic_group) "
                "VALUES ('2026-11-20', :answer)"
            ),
            {"answer": ethnic_group},
        )


def answers() -> list[str]:
    with db.engine.connect() as connection:
        return connection.scalars(text("SELECT ethnic_group FROM diversity_responses")).all()


def test_an_answer_too_long_for_the_older_column_stops_the_downgrade(at_widened):
    answer(ANSWER)
    with pytest.raises(DataWouldBeLost) as refused:
        downgrade(revision=BEFORE_WIDENING)
    assert refused.value.lost == [
        "column diversity_responses.ethnic_group: 1 values longer than the 40 characters "
        "it would keep"
    ]
    message = refused.value.format_message()
    assert message.startswith(
        f"downgrade to {BEFORE_WIDENING} refused: it cannot keep this data, so nothing was changed."
    )
    assert f"icv db downgrade -x discard-data=yes {BEFORE_WIDENING}" in message
    assert current() == (WIDENED,)
    assert answers() == [ANSWER]


def test_answers_that_fit_go_down_and_keep_their_words(at_widened):
    answer("White")
    downgrade(revision=BEFORE_WIDENING)
    assert current() == (BEFORE_WIDENING,)
    assert answers() == ["White"]


def test_a_table_with_rows_is_not_dropped_unless_asked(at_widened):
    answer("White")
    with pytest.raises(DataWouldBeLost) as refused:
        downgrade(revision=FOUNDATION)
    assert refused.value.lost == ["table diversity_responses: 1 rows would be deleted"]
    assert current() == (WIDENED,)
    downgrade(revision=FOUNDATION, x_arg=["discard-data=yes"])
    assert current() == (FOUNDATION,)
