"""The fairness tab says why someone is left out in the reader's language: the engine gives a
code, the kept figures keep it, and the page writes it (and the record's date) in English or
Welsh; figures kept before codes (English sentences) are shown as they were."""

from __future__ import annotations

from datetime import date
from unittest import mock

import pytest
from flask_babel import force_locale, gettext

from icv.extensions import db
from icv.i18n import format_date
from icv.rota import fairness
from icv.rota.engine.left_out import LEFT_OUT_CODES
from icv.rota.engine.left_out_words import TERM, VETTING, note_words, words
from icv.rota.reason_text import LeftOutWords
from icv.volunteers.models import Volunteer
from tests.reporting import frozen  # noqa: F401  (Tuesday 24 November 2026, noon: before the rota)
from tests.test_rota_fairness import make_rota
from tests.test_rota_fairness_kept import EVENED, NO_TIMES, PROBATION, key, page_of, the_period
from tests.welsh import welsh  # noqa: F401

#: Why each one of the rota is left out, in Welsh (``make_rota``: Dan gave no times, Eve's
#: vetting lapses on 10 February 2027, Fay and Gil are on probation with nobody to go with).
NO_TIMES_CY = "nid yw wedi rhoi unrhyw ddiwrnodau nac adegau y gall ymweld"
EVENED_CY = (
    "gallai fynd, ond aeth yr ymweliadau i eraill sydd â llai (mae’r llwyth yn cael ei rannu’n deg)"
)
PROBATION_CY = (
    "ar gyfnod prawf, a does dim gwirfoddolwr profiadol ar eu panel yn rhydd ar yr un adegau"
)


@pytest.fixture
def rota_id(app) -> int:
    with app.app_context():
        return make_rota().id


@pytest.fixture
def welsh_coordinator(app, login, welsh):  # noqa: F811  (the fixture imported above)
    client = login("coordinator")
    assert client.get("/language/cy?next=/").status_code == 302
    return client


def test_the_tab_writes_why_in_welsh_with_a_welsh_date(welsh_coordinator, rota_id):
    page = page_of(welsh_coordinator, rota_id)
    assert '<html lang="cy"' in page
    assert f"<li>Dan: {NO_TIMES_CY}</li>" in page
    assert f"<li>Eve: {EVENED_CY}; mae fetio’r heddlu yn dod i ben ar 10 Chwefror 2027</li>" in page
    assert f"<li>Fay: {PROBATION_CY}</li>" in page
    assert f"<li>Gil: {PROBATION_CY}</li>" in page
    assert NO_TIMES not in page
    assert "10 February 2027" not in page


def test_the_same_rota_in_english_is_worded_as_before(app, login, rota_id):
    page = page_of(login("coordinator"), rota_id)
    assert f"<li>Dan: {NO_TIMES}</li>" in page
    assert f"<li>Eve: {EVENED}; police vetting lapses on 10 February 2027</li>" in page
    assert f"<li>Fay: {PROBATION}</li>" in page


def test_the_records_note_before_the_rota_starts_is_in_welsh(app, welsh_coordinator, rota_id):
    """Eve's vetting lapses before the rota, Dan's term in it, changed after the figures were
    kept (the record is read as it stands): each is said in Welsh."""
    page_of(welsh_coordinator, rota_id)
    with app.app_context():
        db.session.get(Volunteer, int(key("Eve")[1:])).vetting_expires_on = date(2026, 12, 31)
        db.session.get(Volunteer, int(key("Dan")[1:])).term_ends_on = date(2027, 3, 1)
        db.session.commit()
    page = page_of(welsh_coordinator, rota_id)
    lapsed = "mae fetio’r heddlu yn dod i ben ar 31 Rhagfyr 2026, cyn i’r rota ddechrau"
    assert f"<li>Eve: {EVENED_CY}; {lapsed}</li>" in page
    assert f"<li>Dan: {NO_TIMES_CY}; mae eu tymor yn dod i ben ar 1 Mawrth 2027</li>" in page


#: Figures kept before codes: the engine's English sentences as they were stored.
OLD_LEFT_OUT = {
    "Dan": NO_TIMES,
    "Eve": "away, or unable to visit, for the whole period",  # the record says why instead
    "Fay": PROBATION,
    "Gil": "a sentence a later version no longer writes",
}


def keep_old_sentences(app) -> None:
    with app.app_context():
        period = the_period()
        share = period.quality["fairness"]
        old = {key(name): sentence for name, sentence in OLD_LEFT_OUT.items()}
        period.quality = {**period.quality, "fairness": {**share, "left_out": old}}
        db.session.commit()


@pytest.mark.parametrize("language", ["en", "cy"])
def test_figures_kept_with_english_sentences_show_them_as_they_were(
    app,
    login,
    welsh,  # noqa: F811  (the fixture imported above)
    rota_id,
    language,
):
    client = login("coordinator")
    page_of(client, rota_id)  # kept, as a view before this change kept them
    keep_old_sentences(app)
    assert client.get(f"/language/{language}?next=/").status_code == 302
    page = page_of(client, rota_id)
    with app.app_context():  # still kept: not worked out again
        assert the_period().quality["fairness"]["left_out"][key("Dan")] == NO_TIMES
    assert f"<li>Dan: {NO_TIMES}</li>" in page
    assert f"<li>Fay: {PROBATION}</li>" in page
    assert "<li>Gil: a sentence a later version no longer writes</li>" in page
    lapses = {
        "en": "police vetting lapses on 10 February 2027",
        "cy": "mae fetio’r heddlu yn dod i ben ar 10 Chwefror 2027",
    }[language]
    assert f"<li>Eve: {lapses}</li>" in page


def in_language(app, language: str, write):
    with app.test_request_context(), force_locale(language):
        return write()


@pytest.mark.parametrize("code", LEFT_OUT_CODES)
def test_every_code_the_engine_gives_is_worded_in_english_and_welsh(app, code):
    stored = {"code": code, "params": {}}
    english = in_language(app, "en", lambda: LeftOutWords().reason(stored))
    assert english == words(code)
    assert english
    welsh_words = in_language(app, "cy", lambda: LeftOutWords().reason(stored))
    assert welsh_words
    assert welsh_words != english


@pytest.mark.parametrize("what", [VETTING, TERM])
@pytest.mark.parametrize("before_start", [False, True])
def test_every_note_of_the_record_is_worded_in_english_and_welsh(app, what, before_start):
    last = date(2027, 2, 10)
    english = in_language(app, "en", lambda: LeftOutWords().note(what, last, before_start))
    assert english == note_words(what, last, before_start)
    assert "10 February 2027" in english
    welsh_words = in_language(app, "cy", lambda: LeftOutWords().note(what, last, before_start))
    assert "10 Chwefror 2027" in welsh_words
    assert welsh_words != english.replace("February", "Chwefror")


def test_a_code_this_version_does_not_know_shows_its_text(app):
    later = {"code": "from_a_later_version", "params": {"text": "as it was"}}
    assert in_language(app, "cy", lambda: LeftOutWords().reason(later)) == "as it was"


def test_each_sentence_and_day_is_written_once_a_view(app, rota_id):
    """Dan, Fay and Gil's terms end on 1 March 2027, Eve's vetting lapses on 10 February: five
    sentences (three reasons, two notes) and two days, each translated or written once."""
    with app.app_context():
        for name in ("Dan", "Fay", "Gil"):
            db.session.get(Volunteer, int(key(name)[1:])).term_ends_on = date(2027, 3, 1)
        db.session.commit()
    with (
        app.test_request_context(),
        force_locale("cy"),
        mock.patch("icv.rota.reason_text.gettext", wraps=gettext) as translated,
        mock.patch("icv.rota.reason_text.format_date", wraps=format_date) as dated,
    ):
        seen = fairness.of(the_period())
    assert (translated.call_count, dated.call_count) == (5, 2)
    assert seen.left_out[0] == ("Dan", f"{NO_TIMES_CY}; mae eu tymor yn dod i ben ar 1 Mawrth 2027")
    assert seen.left_out[3] == (
        "Gil",
        f"{PROBATION_CY}; mae eu tymor yn dod i ben ar 1 Mawrth 2027",
    )
