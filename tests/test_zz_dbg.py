# ruff: noqa
import datetime as dt, time_machine
from tests.test_routes_access import rows
from tests.generated import forms_on


def test_dbg(login, rows):
    with time_machine.travel(dt.datetime(2026, 11, 24, 12, 0, tzinfo=dt.UTC), tick=False):
        c = login("coordinator")
        for p in [
            "/rota/visits/{visit}/fill",
            "/rota/visits/{visit}/replace?leaving={volunteer_record}",
            "/summary/2025",
            "/summary/api-tokens/everyone",
            "/rota/requests/{swap}",
        ]:
            u = p.format(**rows)
            r = c.get(u)
            print(u, r.status_code, r.headers.get("Location"), list(forms_on(u, r.text)))
        c.post("/sign-out")
        c = login("volunteer")
        for p in ["/reports/draft/{draft}/check", "/reports/draft/{draft}"]:
            u = p.format(**rows)
            r = c.get(u)
            print(u, r.status_code, r.headers.get("Location"), list(forms_on(u, r.text)))
