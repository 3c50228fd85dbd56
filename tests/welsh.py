"""What the tests of Welsh and English (issue 19) share: a scheme that offers Welsh, the
language a page says it is in, and a frozen clock."""

from __future__ import annotations

from datetime import datetime

import pytest

from icv.extensions import db
from icv.settings import update_settings


@pytest.fixture
def welsh(app):
    """The scheme offers Welsh (English schemes do not: the default)."""
    with app.app_context():
        update_settings(None, {"welsh_offered": True})
        db.session.commit()


def html_lang(response) -> str:
    return response.text.split('<html lang="', 1)[1].split('"', 1)[0]


def time_machine_at(moment: datetime):
    import time_machine

    return time_machine.travel(moment, tick=False)
