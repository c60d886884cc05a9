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
    # the page says what the Anhörungsschreiben announces, in the reader's formats
    assert ("Sie bekommen 3 Monate lang 30 Prozent weniger vom Regelbedarf (etwa 168,90 € im "
            "Monat)") in page.content.decode()
    assert "außergewöhnliche Härte" in page.content.decode()
    empty = client.post(reverse("minderungen_citizen:detail", args=[m.pk]), {"answer": ""})
    assert empty.status_code == 400
    sent = client.post(reverse("minderungen_citizen:detail", args=[m.pk]),
                       {"answer": "Ich war krank."})
    assert sent.status_code == 302
    m.refresh_from_db()
    assert m.status == Minderung.Status.ANSWERED and "krank" in m.answer
    client.logout()
    login(client, caseworker)
    missing = client.post(reverse("minderungen:decide", args=[m.pk]),
                          {"reasons": "Keine Bescheinigung vorgelegt."})
    assert missing.status_code == 400 and "außergewöhnlichen Härte" in missing.content.decode()
    done = client.post(reverse("minderungen:decide", args=[m.pk]),
                       {"reasons": "Keine Bescheinigung vorgelegt.",
                        "hardship": "Kein drohender Wohnungsverlust."})
    assert done.status_code == 302
    m.refresh_from_db()
    assert done.url == reverse("decisions:detail", args=[m.decision.pk])
    # the Härte check is part of the Bescheid's reasons
    assert ("Eine außergewöhnliche Härte (§ 31a Abs. 3 SGB II) liegt nicht vor: Kein drohender "
            "Wohnungsverlust.") in m.decision.reasons


def test_outsiders_reach_nothing(client, bewilligung, caseworker, citizen, other_citizen,
                                 other_caseworker, jobcenter,
                                 django_capture_on_commit_callbacks):
    from jobcenter.minderungen import services

    today = timezone.localdate()
    m = services.minderung_record(
        actor=caseworker, case=bewilligung.case, person_key="P1", kind="pflichtverletzung",
        duty="Kurs", belehrung_on=today - dt.timedelta(days=20), belehrung_text="B",
        event_on=today - dt.timedelta(days=3), event_text="E")
    with django_capture_on_commit_callbacks(execute=True):
        services.minderung_hearing(minderung=m, actor=caseworker,
                                   answer_due=today + dt.timedelta(days=14))
    # the citizen: the letter from the procedure's page
    login(client, citizen)
    page = client.get(reverse("minderungen_citizen:detail", args=[m.pk])).content.decode()
    assert reverse("minderungen_citizen:hearing_pdf", args=[m.pk]) in page
    pdf = client.get(reverse("minderungen_citizen:hearing_pdf", args=[m.pk]))
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    client.logout()
    login(client, other_citizen)
    assert client.get(reverse("minderungen_citizen:detail", args=[m.pk])).status_code == 404
    assert client.get(reverse("minderungen_citizen:hearing_pdf", args=[m.pk])
                      ).status_code == 404
    assert client.post(reverse("minderungen_citizen:detail", args=[m.pk]),
                       {"answer": "x"}).status_code == 404
    assert "Kurs" not in client.get(reverse("minderungen_citizen:list")).content.decode()
    client.logout()
    login(client, other_caseworker)
    assert client.get(reverse("minderungen:detail", args=[m.pk])).status_code == 404
    assert client.post(reverse("minderungen:decide", args=[m.pk]),
                       {"reasons": "x"}).status_code == 404
    assert client.get(reverse("minderungen:hearing_pdf", args=[m.pk])).status_code == 404
    assert client.post(reverse("minderungen:posted", args=[m.pk]),
                       {"posted_on_0": "1"}).status_code == 404
    assert client.get(reverse("minderungen:record", args=[bewilligung.case.pk])
                      ).status_code == 404
    assert client.get(reverse("minderungen_citizen:list")).status_code == 403
    client.logout()
    vermittlung = StaffFactory(jobcenter=jobcenter, role=Role.VERMITTLUNG,
                               email="vera@alpha.example")
    login(client, vermittlung)
    assert client.get(reverse("minderungen:detail", args=[m.pk])).status_code == 403
    assert client.get(reverse("minderungen:list")).status_code == 403


def test_staff_print_list_letter_and_posting(client, bewilligung, caseworker, citizen,
                                             django_capture_on_commit_callbacks):
    from jobcenter.decisions import services as decisions
    from jobcenter.minderungen import services

    decisions.delivery_preference_set(user=citizen, channel="post")
    today = timezone.localdate()
    m = services.minderung_record(
        actor=caseworker, case=bewilligung.case, person_key="P1", kind="pflichtverletzung",
        duty="Kurs", belehrung_on=today - dt.timedelta(days=20), belehrung_text="B",
        event_on=today - dt.timedelta(days=3), event_text="E")
    login(client, caseworker)
    with django_capture_on_commit_callbacks(execute=True):
        started = client.post(reverse("minderungen:hearing", args=[m.pk]),
                              _date("answer_due", today + dt.timedelta(days=18)))
    assert started.status_code == 302
    listing = client.get(reverse("minderungen:list")).content.decode()
    assert reverse("minderungen:hearing_pdf", args=[m.pk]) in listing
    pdf = client.get(reverse("minderungen:hearing_pdf", args=[m.pk]))
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    future = client.post(reverse("minderungen:posted", args=[m.pk]),
                         _date("posted_on", today + dt.timedelta(days=1)))
    assert future.status_code == 400
    assert "zwischen dem Datum des Schreibens und heute" in future.content.decode()
    posted = client.post(reverse("minderungen:posted", args=[m.pk]), _date("posted_on", today))
    assert posted.status_code == 302
    m.refresh_from_db()
    assert m.hearing_posted_on == today
    assert reverse("minderungen:hearing_pdf", args=[m.pk]) not in client.get(
        reverse("minderungen:list")).content.decode()
