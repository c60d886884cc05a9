"""The outcome of an appointment recorded afterwards: who and when, history and corrections,
the count of missed Meldetermine in a row, the guards on moving and cancelling, the
citizen's plain words and the reason given afterwards, "Termine ohne Ergebnis", three actors,
CSRF and double submits."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from jobcenter.core.roles import Role
from jobcenter.households.models import Person
from jobcenter.notifications.models import Notification
from jobcenter.termine import services
from jobcenter.termine.models import Appointment, AppointmentOutcome, Channel, Outcome
from jobcenter.transparency.models import AccessLogEntry
from tests.conftest import login
from tests.factories import StaffFactory
from tests.termine.conftest import at

pytestmark = pytest.mark.django_db
INVITED = at(2026, 12, 4, 10)
START = at(2026, 12, 10, 9)
AFTER = at(2026, 12, 10, 11)


def _invite(person, caseworker, offer, start=START):
    with time_machine.travel(INVITED, tick=False):
        return services.meldetermin_invite(
            person=person, actor=caseworker, staff=caseworker, topic=offer["topic"],
            start=start, duration_minutes=30, channel=Channel.ON_SITE,
            location=offer["location"], meldezweck="vermittlung")


@pytest.fixture
def meldetermin(citizen, caseworker, offer):
    return _invite(Person.objects.get(user=citizen), caseworker, offer)


@pytest.fixture
def after():
    with time_machine.travel(AFTER, tick=True):
        yield


def test_the_invitation_keeps_the_belehrung_it_gave_in_german(meldetermin, settings):
    assert meldetermin.belehrung_text.startswith(
        "Sie sind verpflichtet, zu diesem Termin zu kommen")
    assert "um 10 Prozent des für Sie maßgebenden Regelbedarfs gemindert (§ 32 SGB II)" in (
        meldetermin.belehrung_text)
    assert "Zweck des Termins: Vermittlung in Ausbildung oder Arbeit." in (
        meldetermin.belehrung_text)


def test_outcome_only_after_the_start_and_kept_with_who_and_when(meldetermin, caseworker):
    with (time_machine.travel(START - dt.timedelta(minutes=1), tick=False),
          pytest.raises(services.TermineError, match="erst nach dem Beginn")):
        services.appointment_outcome_record(appointment=meldetermin, actor=caseworker,
                                            outcome=Outcome.NO_SHOW)
    with time_machine.travel(START + dt.timedelta(minutes=20), tick=False):
        services.appointment_outcome_record(appointment=meldetermin, actor=caseworker,
                                            outcome=Outcome.NO_SHOW, note="Nicht da.")
    meldetermin.refresh_from_db()
    assert meldetermin.outcome == Outcome.NO_SHOW and meldetermin.outcome_by == caseworker
    assert meldetermin.outcome_at == START + dt.timedelta(minutes=20)
    row = AppointmentOutcome.objects.get()
    assert (row.recorded_by, row.note, row.correction_reason) == (caseworker, "Nicht da.", "")


def test_double_submit_is_harmless_and_a_correction_needs_a_reason(meldetermin, caseworker,
                                                                   after):
    for _ in range(2):
        services.appointment_outcome_record(appointment=meldetermin, actor=caseworker,
                                            outcome=Outcome.NO_SHOW, note="Nicht da.")
    assert AppointmentOutcome.objects.count() == 1
    with pytest.raises(services.TermineError, match="Grund an"):
        services.appointment_outcome_record(appointment=meldetermin, actor=caseworker,
                                            outcome=Outcome.ATTENDED)
    services.appointment_outcome_record(
        appointment=meldetermin, actor=caseworker, outcome=Outcome.ATTENDED,
        correction_reason="Um 14 Uhr am selben Tag erschienen, Zweck erreicht.")
    meldetermin.refresh_from_db()
    assert meldetermin.outcome == Outcome.ATTENDED
    history = list(AppointmentOutcome.objects.values_list("outcome", "correction_reason"))
    assert history == [(Outcome.NO_SHOW, ""),
                       (Outcome.ATTENDED, "Um 14 Uhr am selben Tag erschienen, Zweck erreicht.")]


def test_no_outcome_for_a_cancelled_appointment_or_another_jobcenter(meldetermin, caseworker,
                                                                     other_caseworker, after):
    with pytest.raises(services.TermineError, match="nicht zu Ihrem Jobcenter"):
        services.appointment_outcome_record(appointment=meldetermin, actor=other_caseworker,
                                            outcome=Outcome.NO_SHOW)
    services.appointment_cancel_by_staff(appointment=meldetermin, actor=caseworker,
                                         reason="Krank")
    with pytest.raises(services.TermineError, match="abgesagt"):
        services.appointment_outcome_record(appointment=meldetermin, actor=caseworker,
                                            outcome=Outcome.NO_SHOW)
    assert not AppointmentOutcome.objects.exists()


def test_an_appointment_with_an_outcome_is_neither_moved_nor_cancelled(meldetermin, caseworker,
                                                                       offer, after):
    services.appointment_outcome_record(appointment=meldetermin, actor=caseworker,
                                        outcome=Outcome.NO_SHOW)
    with pytest.raises(services.TermineError, match="Ergebnis dieses Termins ist erfasst"):
        services.appointment_cancel_by_staff(appointment=meldetermin, actor=caseworker,
                                             reason="x")
    with pytest.raises(services.TermineError, match="Ergebnis dieses Termins ist erfasst"):
        services.appointment_move(appointment=meldetermin, actor=caseworker,
                                  start=at(2026, 12, 14, 9), staff=caseworker,
                                  location=offer["location"], reason="x")


def test_missed_in_row_counts_back_to_the_last_kept_one(citizen, caseworker, offer):
    person = Person.objects.get(user=citizen)
    days = [at(2026, 12, 7, 9), at(2026, 12, 8, 9), at(2026, 12, 9, 9), at(2026, 12, 10, 9),
            at(2026, 12, 11, 9)]
    apps = [_invite(person, caseworker, offer, start=d) for d in days]
    outcomes = [Outcome.NO_SHOW, Outcome.ATTENDED, Outcome.NO_SHOW, None, Outcome.NO_SHOW]
    with time_machine.travel(at(2026, 12, 11, 12), tick=False):
        services.appointment_cancel_by_staff(appointment=apps[3], actor=caseworker,
                                             reason="Jobcenter verhindert")
        for appointment, outcome in zip(apps, outcomes, strict=True):
            if outcome:
                services.appointment_outcome_record(appointment=appointment, actor=caseworker,
                                                    outcome=outcome)
    fresh = {a.pk: Appointment.objects.get(pk=a.pk) for a in apps}
    # 11.12. missed, 10.12. cancelled (skipped), 9.12. missed, 8.12. kept: two in a row
    assert services.missed_in_row(fresh[apps[4].pk]) == 2
    assert services.missed_in_row(fresh[apps[2].pk]) == 1
    assert services.missed_in_row(fresh[apps[1].pk]) == 0  # kept: not a miss
    with time_machine.travel(at(2026, 12, 11, 12), tick=False):
        services.appointment_outcome_record(
            appointment=fresh[apps[2].pk], actor=caseworker, outcome=Outcome.EXCUSED,
            correction_reason="AU-Bescheinigung nachgereicht")
    assert services.missed_in_row(Appointment.objects.get(pk=apps[4].pk)) == 1


def test_an_unknown_outcome_breaks_the_row(citizen, caseworker, offer):
    person = Person.objects.get(user=citizen)
    first = _invite(person, caseworker, offer, start=at(2026, 12, 7, 9))
    second = _invite(person, caseworker, offer, start=at(2026, 12, 8, 9))
    with time_machine.travel(at(2026, 12, 8, 12), tick=False):
        services.appointment_outcome_record(appointment=second, actor=caseworker,
                                            outcome=Outcome.NO_SHOW)
    second.refresh_from_db()
    assert first.outcome == "" and services.missed_in_row(second) == 1


def test_decision_on_an_old_absence_is_refused_once_the_outcome_is_recorded(
        meldetermin, citizen, caseworker):
    with time_machine.travel(at(2026, 12, 9, 9), tick=False):
        services.meldetermin_answer(appointment=meldetermin, citizen=citizen,
                                    reason="arbeitsunfaehig", text="Fieber", upload=None)
    with time_machine.travel(AFTER, tick=False):
        services.appointment_outcome_record(appointment=meldetermin, actor=caseworker,
                                            outcome=Outcome.EXCUSED)
        with pytest.raises(services.TermineError, match="schon erfasst"):
            services.meldetermin_decide(appointment=meldetermin, actor=caseworker,
                                        accept=False, message="Nein")


def test_citizen_gives_the_reason_afterwards_only_after_a_recorded_no_show(
        citizen, caseworker, offer, after):
    _case(citizen)
    meldetermin = _invite(Person.objects.get(user=citizen), caseworker, offer)
    with pytest.raises(services.TermineError, match="Der Termin ist vorbei"):
        services.meldetermin_answer(appointment=meldetermin, citizen=citizen,
                                    reason="arbeitsunfaehig", text="", upload=None)
    services.appointment_outcome_record(appointment=meldetermin, actor=caseworker,
                                        outcome=Outcome.NO_SHOW)
    for _ in range(2):
        services.meldetermin_answer(appointment=meldetermin, citizen=citizen,
                                    reason="arbeitsunfaehig", text="Ich lag im Bett.",
                                    upload=None)
    meldetermin.refresh_from_db()
    assert meldetermin.status == Appointment.Status.CONFIRMED  # the state stays
    assert meldetermin.absence_text == "Ich lag im Bett."
    assert meldetermin.answered_at > meldetermin.outcome_at
    texts = list(meldetermin.case.timeline.values_list("text", flat=True))
    assert sum("nachgereicht" in t for t in texts) == 1  # the second click added nothing


# --- pages ------------------------------------------------------------------------------


def _case(citizen):
    from jobcenter.casefiles.services import case_intake
    from tests.casefiles.conftest import make_submission

    case = case_intake(submission=make_submission(user=citizen))
    case.applicant = Person.objects.get(user=citizen)
    case.save(update_fields=["applicant"])
    return case


def test_staff_record_the_outcome_on_the_page_and_the_citizen_reads_it(
        client, citizen, caseworker, offer, settings):
    _case(citizen)
    appointment = _invite(Person.objects.get(user=citizen), caseworker, offer)
    detail = reverse("termine_staff:detail", args=[appointment.pk])
    outcome = reverse("termine_staff:outcome", args=[appointment.pk])
    with time_machine.travel(START - dt.timedelta(hours=1), tick=True):
        login(client, caseworker)
        html = client.get(detail).content.decode()
        assert "nach dem Beginn des Termins erfassen" in html and outcome not in html
        early = client.post(outcome, {"ergebnis": "nicht_erschienen"})
        assert early.status_code == 400 and "erst nach dem Beginn" in early.content.decode()
    with time_machine.travel(AFTER, tick=True):
        login(client, caseworker)
        assert outcome in client.get(detail).content.decode()
        empty = client.post(outcome, {})
        assert empty.status_code == 400 and "Bitte wählen Sie ein Ergebnis." in (
            empty.content.decode())
        ok = client.post(outcome, {"ergebnis": "nicht_erschienen",
                                   "vermerk": "Geheimer Vermerk: telefonisch nicht erreicht"})
        assert ok.status_code == 302
        notice = Notification.objects.get(user=citizen, template="status_changed")
        assert notice.link_path == reverse("portal:appointment", args=[appointment.pk])
        again = client.post(outcome, {"ergebnis": "nicht_erschienen",
                                      "vermerk": "Geheimer Vermerk: telefonisch nicht erreicht"})
        assert again.status_code == 302 and AppointmentOutcome.objects.count() == 1
        html = client.get(detail).content.decode()
        assert "Geheimer Vermerk" in html and "erfasst von" in html
        assert "Meldeversäumnis prüfen" in html
        assert "der erste versäumte Meldetermin in Folge" in html
        assert "Rechtsfolgenbelehrung, wie sie mit der Einladung am 04.12.2026 gegeben" in html
        # the citizen: plain words, the way to give a reason, never the internal note
        login(client, citizen)
        page = client.get(reverse("portal:appointment", args=[appointment.pk])).content.decode()
        assert "Sie sind nicht erschienen." in page
        assert "Wenn Sie einen wichtigen Grund hatten, teilen Sie ihn uns bitte mit." in page
        assert "Geheimer" not in page
        assert '<span class="kern-label">Ich kann nicht kommen</span>' not in page
        answer = reverse("termine_citizen:answer", args=[appointment.pk])
        form = client.get(answer).content.decode()
        assert "Grund für Ihr Fehlen mitteilen" in form
        sent = client.post(answer, {"grund": "arbeitsunfaehig", "erlaeuterung": "Fieber."})
        assert sent.status_code == 302
        page = client.get(reverse("portal:appointment", args=[appointment.pk])).content.decode()
        assert "Sie haben uns Ihren Grund genannt" in page
        timeline = client.get(reverse("portal:appointments")).content.decode()
        assert "Geheimer" not in timeline
        # staff see the reason given afterwards, in the list and on the page
        login(client, caseworker)
        listing = client.get(reverse("termine_staff:without_outcome")).content.decode()
        assert "Grund nachgereicht" in listing and "Alice" in listing
        html = client.get(detail).content.decode()
        assert "Grund nachgereicht — bitte prüfen" in html and "Fieber." in html
        no_reason = client.post(outcome, {"ergebnis": "wichtiger_grund"})
        assert no_reason.status_code == 400 and "Korrektur einen Grund" in (
            no_reason.content.decode())
        fixed = client.post(outcome, {"ergebnis": "wichtiger_grund",
                                      "korrektur_grund": "AU für den Tag liegt vor."})
        assert fixed.status_code == 302
        html = client.get(detail).content.decode()
        assert "AU für den Tag liegt vor." in html and "Meldeversäumnis prüfen" not in html
        login(client, citizen)
        page = client.get(reverse("portal:appointment", args=[appointment.pk])).content.decode()
        assert "Ihr Jobcenter hat Ihren wichtigen Grund anerkannt." in page
        assert "AU für den Tag" not in page


def test_citizen_reads_the_outcome_in_english(client, citizen, caseworker, offer, after):
    appointment = _invite(Person.objects.get(user=citizen), caseworker, offer)
    services.appointment_outcome_record(appointment=appointment, actor=caseworker,
                                        outcome=Outcome.ATTENDED)
    login(client, citizen)
    client.cookies["django_language"] = "en"
    html = client.get(reverse("portal:appointment", args=[appointment.pk]),
                      HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "You were there. Thank you." in html


def test_termine_ohne_ergebnis_lists_the_own_jobcenter_and_logs_each_person(
        client, citizen, other_citizen, caseworker, other_caseworker, offer, after):
    mine = _invite(Person.objects.get(user=citizen), caseworker, offer)
    future = _invite(Person.objects.get(user=other_citizen), caseworker, offer,
                     start=at(2026, 12, 17, 9))
    login(client, caseworker)
    url = reverse("termine_staff:without_outcome")
    html = client.get(url).content.decode()
    assert reverse("termine_staff:detail", args=[mine.pk]) in html
    assert reverse("termine_staff:detail", args=[future.pk]) not in html  # not yet started
    assert "1 Termin ohne Ergebnis" in html
    assert AccessLogEntry.objects.filter(actor=caseworker, person__user=citizen,
                                         purpose="termine").exists()
    services.appointment_outcome_record(appointment=mine, actor=caseworker,
                                        outcome=Outcome.ATTENDED)
    assert "Für alle begonnenen Termine ist ein Ergebnis erfasst." in (
        client.get(url).content.decode())
    assert client.get(url, {"alle": "1"}).status_code == 200
    # another Jobcenter's caseworker sees nothing of it
    login(client, other_caseworker)
    html = client.get(url, {"alle": "1"}).content.decode()
    assert "Alice" not in html


def test_three_actors_and_roles_on_the_outcome(client, citizen, other_citizen, caseworker,
                                               other_caseworker, offer, jobcenter, after):
    appointment = _invite(Person.objects.get(user=citizen), caseworker, offer)
    outcome = reverse("termine_staff:outcome", args=[appointment.pk])
    login(client, other_caseworker)
    assert client.post(outcome, {"ergebnis": "nicht_erschienen"}).status_code == 404
    login(client, other_citizen)
    assert client.get(reverse("portal:appointment", args=[appointment.pk])).status_code == 404
    assert client.post(reverse("termine_citizen:answer", args=[appointment.pk]),
                       {"grund": "arbeitsunfaehig"}).status_code == 404
    assert client.post(outcome, {"ergebnis": "nicht_erschienen"}).status_code in {302, 403}
    admin = StaffFactory(jobcenter=jobcenter, role=Role.JOBCENTER_ADMIN)
    login(client, admin)
    assert client.post(outcome, {"ergebnis": "nicht_erschienen"}).status_code == 403
    assert client.get(reverse("termine_staff:without_outcome")).status_code == 403
    appointment.refresh_from_db()
    assert appointment.outcome == ""


def test_the_outcome_form_needs_the_csrf_token(citizen, caseworker, offer, after):
    appointment = _invite(Person.objects.get(user=citizen), caseworker, offer)
    strict = Client(enforce_csrf_checks=True)
    login(strict, caseworker)
    response = strict.post(reverse("termine_staff:outcome", args=[appointment.pk]),
                           {"ergebnis": "nicht_erschienen"})
    assert response.status_code == 403
    appointment.refresh_from_db()
    assert appointment.outcome == ""


def test_arbeitsvermittlung_records_but_leaves_the_check_to_leistung(
        client, citizen, offer, jobcenter, after):
    _case(citizen)
    vermittler = StaffFactory(jobcenter=jobcenter, role=Role.VERMITTLUNG)
    appointment = _invite(Person.objects.get(user=citizen), vermittler, offer)
    login(client, vermittler)
    assert client.post(reverse("termine_staff:outcome", args=[appointment.pk]),
                       {"ergebnis": "nicht_erschienen"}).status_code == 302
    html = client.get(reverse("termine_staff:detail", args=[appointment.pk])).content.decode()
    assert "prüft die Leistungsabteilung" in html and "Meldeversäumnis prüfen" not in html


def test_the_copy_of_the_data_names_the_outcome_not_the_note(citizen, caseworker, offer, after):
    from jobcenter.auskunft.builder import collect

    appointment = _invite(Person.objects.get(user=citizen), caseworker, offer)
    services.appointment_outcome_record(appointment=appointment, actor=caseworker,
                                        outcome=Outcome.NO_SHOW, note="Nur intern")
    termine = collect(citizen)["termine"]
    assert termine[0]["ergebnis"] == "nicht erschienen"
    assert "Nur intern" not in repr(termine)
