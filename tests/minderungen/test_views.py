"""Pages of the Minderung procedure with three actors (the citizen, another citizen, staff
of another Jobcenter) and a role without the right."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils import timezone

from jobcenter.core.roles import Role
from jobcenter.minderungen.models import Minderung
from tests.conftest import login
from tests.factories import StaffFactory


def _date(prefix: str, day: dt.date) -> dict[str, str]:
    return {prefix: day.isoformat()}


def test_staff_record_hear_and_decide_citizen_answers(client, bewilligung, caseworker,
                                                      citizen):
    case = bewilligung.case
    login(client, caseworker)
    calc = client.get(reverse("decisions:calculation", args=[case.pk])).content.decode()
    url = reverse("minderungen:record", args=[case.pk])
    assert url in calc
    assert "Leistungsminderung (Prozent)" not in calc  # the old percentage field is gone
    today = timezone.localdate()
    bad = client.post(url, {"person_key": "P1", "kind": "pflichtverletzung", "duty": "Kurs",
                            "belehrung_text": "B", "event_text": "E",
                            **_date("belehrung_on", today), **_date("event_on", today -
                                                                     dt.timedelta(days=3)),
                            "missed_in_row": "1"})
    assert bad.status_code == 400 and "vor der Pflichtverletzung" in bad.content.decode()
    ok = client.post(url, {"person_key": "P1", "kind": "pflichtverletzung", "duty": "Kurs",
                           "belehrung_text": "Belehrung", "event_text": "Nicht erschienen.",
                           **_date("belehrung_on", today - dt.timedelta(days=20)),
                           **_date("event_on", today - dt.timedelta(days=3)),
                           "missed_in_row": "1"})
    assert ok.status_code == 302
    m = Minderung.objects.get()
    assert client.get(reverse("minderungen:list")).status_code == 200
    hearing = client.post(reverse("minderungen:hearing", args=[m.pk]),
                          _date("answer_due", today + dt.timedelta(days=14)))
    assert hearing.status_code == 302
    client.logout()
    login(client, citizen)
    page = client.get(reverse("minderungen_citizen:detail", args=[m.pk]))
    assert page.status_code == 200 and "Ihre Antwort ist gefragt" in page.content.decode()
    empty = client.post(reverse("minderungen_citizen:detail", args=[m.pk]), {"answer": ""})
    assert empty.status_code == 400
    sent = client.post(reverse("minderungen_citizen:detail", args=[m.pk]),
                       {"answer": "Ich war krank."})
    assert sent.status_code == 302
    m.refresh_from_db()
    assert m.status == Minderung.Status.ANSWERED and "krank" in m.answer
    client.logout()
    login(client, caseworker)
    done = client.post(reverse("minderungen:decide", args=[m.pk]),
                       {"reasons": "Keine Bescheinigung vorgelegt."})
    assert done.status_code == 302
    m.refresh_from_db()
    assert done.url == reverse("decisions:detail", args=[m.decision.pk])


def test_outsiders_reach_nothing(client, bewilligung, caseworker, citizen, other_citizen,
                                 other_caseworker, jobcenter):
    from jobcenter.minderungen import services

    today = timezone.localdate()
    m = services.minderung_record(
        actor=caseworker, case=bewilligung.case, person_key="P1", kind="pflichtverletzung",
        duty="Kurs", belehrung_on=today - dt.timedelta(days=20), belehrung_text="B",
        event_on=today - dt.timedelta(days=3), event_text="E")
    services.minderung_hearing(minderung=m, actor=caseworker,
                               answer_due=today + dt.timedelta(days=14))
    login(client, other_citizen)
    assert client.get(reverse("minderungen_citizen:detail", args=[m.pk])).status_code == 404
    assert client.post(reverse("minderungen_citizen:detail", args=[m.pk]),
                       {"answer": "x"}).status_code == 404
    assert "Kurs" not in client.get(reverse("minderungen_citizen:list")).content.decode()
    client.logout()
    login(client, other_caseworker)
    assert client.get(reverse("minderungen:detail", args=[m.pk])).status_code == 404
    assert client.post(reverse("minderungen:decide", args=[m.pk]),
                       {"reasons": "x"}).status_code == 404
    assert client.get(reverse("minderungen:record", args=[bewilligung.case.pk])
                      ).status_code == 404
    assert client.get(reverse("minderungen_citizen:list")).status_code == 403
    client.logout()
    vermittlung = StaffFactory(jobcenter=jobcenter, role=Role.VERMITTLUNG,
                               email="vera@alpha.example")
    login(client, vermittlung)
    assert client.get(reverse("minderungen:detail", args=[m.pk])).status_code == 403
    assert client.get(reverse("minderungen:list")).status_code == 403
