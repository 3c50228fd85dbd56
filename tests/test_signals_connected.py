"""Every named signal has the receivers the app relies on once the app is made: a sender never
finds nobody listening (an appointment would then make no volunteer record, silently)."""

from __future__ import annotations

import blinker

from icv import signals

#: Which area's listeners each signal reaches (module of each receiver).
EXPECTED = {
    "report_filed": {"icv.rota.listeners", "icv.visits.probation"},
    "report_corrected": {"icv.rota.listeners"},
    "volunteer_unavailable": {"icv.rota.listeners"},
    "vetting_lapsed": {"icv.rota.listeners", "icv.jobs.listeners"},
    "applicant_appointed": {"icv.volunteers.listeners"},
    "probation_completed": {"icv.volunteers.listeners"},
    "appointment_ended": {"icv.volunteers.listeners"},
    "suite_closed": {"icv.rota.listeners"},
    "account_access_ended": {"icv.summary.listeners"},
    "volunteer_appointed": {"icv.training.listeners"},
    "volunteer_record_shown": {
        "icv.training.listeners",
        "icv.visits.listeners",
        "icv.expenses.listeners",
    },
}


def named_signals() -> dict[str, blinker.NamedSignal]:
    return {
        name: value
        for name, value in vars(signals).items()
        if isinstance(value, blinker.NamedSignal)
    }


def test_every_signal_reaches_the_areas_that_react_to_it(app):
    found = {
        name: {receiver.__module__ for receiver in signal.receivers_for(blinker.ANY)}
        for name, signal in named_signals().items()
    }
    assert found == EXPECTED
