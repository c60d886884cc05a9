""""Meldeversäumnis prüfen": from a Meldetermin recorded as "nicht erschienen" staff open the
Minderung procedure prefilled (kind, date, Meldezweck, the Rechtsfolgenbelehrung given with
the invitation, who recorded the fact and when, the count of missed appointments in a row);
nothing is issued automatically, a second click opens the same procedure, and outsiders reach
nothing."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from jobcenter.core.roles import Role
from jobcenter.households.models import Person
from jobcenter.minderungen.models import Minderung
from jobcenter.minderungen.services import persons_of
from jobcenter.termine import services as termine
from jobcenter.termine.models import Appointment, Channel, Outcome, Topic
from tests.conftest import login
from tests.factories import StaffFactory

pytestmark = pytest.mark.django_db


def _missed(case, citizen, caseworker, days_ago: int, *, outcome=Outcome.NO_SHOW):
    topic, _ = Topic.objects.get_or_create(jobcenter=case.jobcenter, title="Beratung")
    start = (timezone.localtime() - dt.timedelta(days=days_ago)).replace(
        hour=9, minute=0, second=0, microsecond=0)
    appointment = Appointment.objects.create(
        jobcenter=case.jobcenter, kind=Appointment.Kind.MELDETERMIN,
        status=Appointment.Status.CONFIRMED, citizen=citizen,
        person=Person.objects.get(user=citizen), case=case, staff=caseworker, topic=topic,
        channel=Channel.PHONE, start=start, end=start + dt.timedelta(minutes=30),
        meldezweck="vermittlung", belehrung_text="Sie sind verpflichtet … (Wortlaut)")
    Appointment.objects.filter(pk=appointment.pk).update(
        created_at=start - dt.timedelta(days=7))
    termine.appointment_outcome_record(appointment=appointment, actor=caseworker,
                                       outcome=outcome)
    appointment.refresh_from_db()
    return appointment


def test_meldeversaeumnis_pruefen_opens_the_procedure_prefilled(client, bewilligung,
                                                                  caseworker, citizen):
    case = bewilligung.case
    Person.objects.filter(user=citizen).update(
        first_name=dict(persons_of(bewilligung))["P1"].split(" ")[0],
        last_name=" ".join(dict(persons_of(bewilligung))["P1"].split(" ")[1:]))
    _missed(case, citizen, caseworker, 20)
    appointment = _missed(case, citizen, caseworker, 6)
    login(client, caseworker)
    detail = client.get(reverse("termine_staff:detail", args=[appointment.pk])).content.decode()
    url = reverse("minderungen:record", args=[case.pk]) + f"?termin={appointment.pk}"
    assert url in detail
    assert "der 2. versäumte Meldetermin in Folge" in detail
    page = client.get(url)
    html = page.content.decode()
    assert page.status_code == 200
    assert "Vorausgefüllt aus dem erfassten Ergebnis des Meldetermins" in html
    form = page.context["form"]
    start = timezone.localtime(appointment.start)
    assert form.initial["kind"] == Minderung.Kind.MELDE
    assert form.initial["person_key"] == "P1"
    assert form.initial["missed_in_row"] == 2
    assert form.initial["event_on"] == start.date()
    assert form.initial["belehrung_on"] == start.date() - dt.timedelta(days=7)
    assert form.initial["belehrung_text"] == "Sie sind verpflichtet … (Wortlaut)"
    when = termine.when_text(appointment.start)
    recorded = timezone.localtime(appointment.outcome_at)
    name = f"{caseworker.first_name} {caseworker.last_name}"
    # golden: the texts the procedure (and later its letters) starts from
    assert form.initial["duty"] == (
        f"Meldetermin am {when} (§ 59 SGB II in Verbindung mit § 309 SGB III), Zweck: "
        "Vermittlung in Ausbildung oder Arbeit")
    assert form.initial["event_text"] == (
        f"Zum Meldetermin am {when} (Zweck: Vermittlung in Ausbildung oder Arbeit) bei "
        f"{name} nicht erschienen. Festgestellt von {name} am {recorded:%d.%m.%Y} um "
        f"{recorded:%H:%M} Uhr. Ein wichtiger Grund wurde nicht mitgeteilt.")
    assert not Minderung.objects.exists()  # opening the form records nothing
    data = {key: value.isoformat() if isinstance(value, dt.date) else value
            for key, value in form.initial.items()}
    first = client.post(url, data)
    assert first.status_code == 302, first.content.decode()[:3000]
    m = Minderung.objects.get()
    assert (m.kind, m.missed_in_row, m.source_key) == (Minderung.Kind.MELDE, 2,
                                                       f"termin:{appointment.pk}")
    assert m.status == Minderung.Status.RECORDED and m.decision is None  # nothing issued
    again = client.post(url, data)  # a double click
    assert again.status_code == 302 and again.url == reverse("minderungen:detail", args=[m.pk])
    assert Minderung.objects.count() == 1
    procedure = client.get(again.url).content.decode()
    assert reverse("termine_staff:detail", args=[appointment.pk]) in procedure
    detail = client.get(reverse("termine_staff:detail", args=[appointment.pk])).content.decode()
    assert reverse("minderungen:detail", args=[m.pk]) in detail
    assert "Meldeversäumnis prüfen" not in detail


def test_only_a_recorded_miss_of_that_case_is_checked(client, bewilligung, caseworker, citizen):
    case = bewilligung.case
    kept = _missed(case, citizen, caseworker, 6, outcome=Outcome.ATTENDED)
    login(client, caseworker)
    url = reverse("minderungen:record", args=[case.pk])
    assert client.get(url, {"termin": kept.pk}).status_code == 404
    assert client.get(url, {"termin": "999999"}).status_code == 404


def test_outsiders_cannot_check_a_meldeversaeumnis(client, bewilligung, caseworker, citizen,
                                                   other_citizen, other_caseworker,
                                                   jobcenter):
    case = bewilligung.case
    appointment = _missed(case, citizen, caseworker, 6)
    url = reverse("minderungen:record", args=[case.pk])
    login(client, other_caseworker)
    assert client.get(url, {"termin": appointment.pk}).status_code == 404
    login(client, other_citizen)
    assert client.get(url, {"termin": appointment.pk}).status_code in {302, 403}
    vermittler = StaffFactory(jobcenter=jobcenter, role=Role.VERMITTLUNG)
    login(client, vermittler)
    assert client.get(url, {"termin": appointment.pk}).status_code == 403
    assert not Minderung.objects.exists()
