"""A gap's reason is a code the page words in the reader's language: the same code in English
and Welsh, every code the engine gives translated, and a reason stored before codes as it was."""

from __future__ import annotations

import pytest
from flask_babel import force_locale

from icv.rota.engine.reason_words import CODES, OTHER, words
from icv.rota.reason_text import reason_text

SOME_FREE = {
    "code": "some_free",
    "params": {
        **{"suite": "Rugby", "week": "2027-W01", "visitors": 2, "free": 1, "total": 5},
        **{"full": 3, "near": 1, "close": "days", "gap": 3},
    },
}

#: A code and parameters of every kind the engine gives (counted ones at 1 and at more).
EVERY_CODE = [
    ("no_panel", {"suite": "Rugby"}),
    ("small_panel", {"suite": "Rugby", "count": 1}),
    ("small_panel", {"suite": "Rugby", "count": 0}),
    *[
        (code, {"suite": "Rugby", "week": "2027-W01", "visitors": 3})
        for code in (
            *("none_available", "no_tact", "avoid", "only_probationers"),
            *("every_day_taken", "add_a_visit", "not_together", "all_at_limit"),
        )
    ],
    ("few_days", {"suite": "Rugby", "week": "2027-W01", "visitors": 2, "days": 1}),
    ("all_near", {"suite": "Rugby", "week": "2027-W01", "close": "week"}),
    ("all_near", {"suite": "Rugby", "week": "2027-W01", "close": "day"}),
    (SOME_FREE["code"], SOME_FREE["params"]),
    ("none_free", {"suite": "Rugby", "week": "2027-W01", "total": 2, "full": 2, "close": "day"}),
]


def in_language(app, language: str, stored) -> str:
    with app.test_request_context(), force_locale(language):
        return reason_text(stored)


def test_a_reason_is_worded_in_the_readers_language(app):
    assert in_language(app, "en", SOME_FREE) == (
        "only 1 of the 5 volunteers available for Rugby in the week of 4 January 2027 is free: "
        "3 have reached their monthly limit and 1 has another visit less than 3 days away"
    )
    assert in_language(app, "cy", SOME_FREE) == (
        "dim ond 1 o’r 5 gwirfoddolwr sydd ar gael ar gyfer Rugby yn yr wythnos sy’n dechrau "
        "4 Ionawr 2027 sy’n rhydd: 3 wedi cyrraedd eu terfyn misol a 1 ag ymweliad arall lai "
        "na 3 diwrnod i ffwrdd"
    )
    small = {"code": "small_panel", "params": {"suite": "Rugby", "count": 1}}
    assert in_language(app, "cy", small) == (
        "dim ond un gwirfoddolwr sydd ar y panel ar gyfer Rugby"
    )


def test_the_page_writes_in_english_what_the_solver_wrote(app):
    """One table of words: the page's English is the engine's English (the solver's JSON)."""
    for code, params in EVERY_CODE:
        stored = {"code": code, "params": params}
        assert in_language(app, "en", stored) == words(code, params)


@pytest.mark.parametrize(("code", "params"), EVERY_CODE)
def test_every_code_has_welsh_words(app, code, params):
    english = words(code, params)
    welsh = in_language(app, "cy", {"code": code, "params": params})
    assert welsh
    assert welsh != english
    assert "Rugby" in welsh


def test_every_code_is_tried_above():
    assert {code for code, _ in EVERY_CODE} | {OTHER} == CODES


def test_a_reason_stored_before_codes_or_unknown_is_shown_as_it_was(app):
    assert in_language(app, "cy", "closed for a refit") == "closed for a refit"
    other = {"code": OTHER, "params": {"text": "closed for a refit"}}
    assert in_language(app, "cy", other) == "closed for a refit"
    unknown = {"code": "from_a_later_version", "params": {"text": "as it was"}}
    assert in_language(app, "en", unknown) == "as it was"
