"""Browser journeys of the appointments (issue 13), at 320 px with axe-core, and without
JavaScript: the citizen books, staff move it, the citizen sees the change and downloads the
.ics; a Meldetermin answered with a wichtiger Grund and a proof."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import pytest
from django.utils import timezone, translation

from jobcenter.notifications.models import Notification
from jobcenter.termine import services
from jobcenter.termine.legal import rechtsfolgenbelehrung
from jobcenter.termine.models import Appointment, Channel
from jobcenter.termine.slots import BERLIN, offered_slots
from tests.browser.conftest import check_page, click_and_load, fill_date, sign_in, visit
from tests.browser.shots import Shots
from tests.formengine.helpers import png_bytes
from tests.termine.conftest import weekly

pytestmark = pytest.mark.browser
shot = Shots("SCREENSHOT_DIR", width_in_name=True)


@pytest.fixture
def offer(jobcenter, caseworker):
    from jobcenter.jobcenters.models import Team
    from jobcenter.termine.models import Location, Topic

    jobcenter.land = "BE"
    jobcenter.save(update_fields=["land"])
    team = Team.objects.create(jobcenter=jobcenter, name="Team 1")
    caseworker.team = team
    caseworker.first_name, caseworker.last_name = "Carla", "Clausen"
    caseworker.save(update_fields=["team", "first_name", "last_name"])
    location = Location.objects.create(jobcenter=jobcenter, name="Hauptstelle",
                                       street="Alphaweg 1", postcode="11111", city="Alphastadt")
    topic = Topic.objects.create(jobcenter=jobcenter, title="Beratung zur Arbeitsuche",
                                 duration_minutes=30)
    weekly(caseworker, location=location, start=dt.time(8), end=dt.time(16),
           valid_from=dt.date(2026, 1, 1))
    return {"topic": topic, "location": location}


def test_citizen_books_staff_move_it_citizen_sees_it_and_downloads_the_ics(
        page, axe, live_server, citizen, caseworker, offer, tmp_path):
    sign_in(page, live_server, citizen)
    visit(page, axe, "/portal/termine/")
    page.get_by_role("link", name="Termin buchen").first.click()
    check_page(page, axe)
    page.get_by_label("Beratung zur Arbeitsuche (30 Min.)").check()
    page.get_by_label("vor Ort").check()
    page.get_by_role("button", name="Freie Termine anzeigen").click()
    check_page(page, axe)
    page.locator("input[name=termin]").first.check()
    page.get_by_role("button", name="Termin verbindlich buchen").click()
    check_page(page, axe)
    appointment = Appointment.objects.get()
    assert "Ihr Termin ist gebucht" in page.content()
    assert Notification.objects.filter(template="appointment_booked").count() == 1

    # staff move it to a later free time
    later = offered_slots(topic=offer["topic"], channel=Channel.ON_SITE)[6].start
    local = timezone.localtime(later, BERLIN)
    sign_in(page, live_server, caseworker)
    visit(page, axe, "/arbeitsbereich/termine/?datum=" + timezone.localtime(
        appointment.start, BERLIN).date().isoformat())
    page.get_by_role("link", name="Alice").first.click()
    check_page(page, axe)
    page.get_by_role("link", name="Verschieben").click()
    check_page(page, axe)
    fill_date(page, "Tag", str(local.day), str(local.month), str(local.year))
    page.get_by_label("Uhrzeit").select_option(local.strftime("%H:%M"))
    page.get_by_label("Begründung für die Kundin oder den Kunden").fill(
        "Ihre Ansprechperson ist zu dieser Zeit in einer Schulung.")
    page.get_by_role("button", name="Verschieben und benachrichtigen").click()
    check_page(page, axe)
    appointment.refresh_from_db()
    assert appointment.start == later
    assert Notification.objects.filter(template="appointment_moved").count() == 1

    # the citizen sees the change and downloads the .ics
    sign_in(page, live_server, citizen)
    visit(page, axe, f"/portal/termine/{appointment.pk}/")
    body = page.content()
    assert "Ihre Ansprechperson ist zu dieser Zeit in einer Schulung." in body
    assert local.strftime("%H:%M") in body
    with page.expect_download() as info:
        page.get_by_role("link", name="Termin in meinen Kalender eintragen (.ics-Datei)").click()
    target = tmp_path / "termin.ics"
    info.value.save_as(target)
    ics = Path(target).read_text()
    start_utc = later.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    assert f"DTSTART:{start_utc}" in ics and "SEQUENCE:1" in ics


def test_booking_works_without_javascript(nojs_page, live_server, citizen, offer):
    page = nojs_page
    sign_in(page, live_server, citizen)
    page.goto("/portal/termine/buchen/")
    page.get_by_label("Beratung zur Arbeitsuche (30 Min.)").check()
    page.get_by_label("am Telefon").check()
    click_and_load(page, page.get_by_role("button", name="Freie Termine anzeigen"))
    book = page.get_by_role("button", name="Termin verbindlich buchen")
    click_and_load(page, book)  # nothing chosen
    assert "Bitte wählen Sie einen Termin." in page.content()
    page.locator("input[name=termin]").first.check()
    click_and_load(page, book)
    assert Appointment.objects.filter(channel="telefon").count() == 1
    click_and_load(page, page.get_by_role("link", name="Termin absagen"))
    click_and_load(page, page.get_by_role("button", name="Ja, Termin absagen"))
    assert Appointment.objects.get().status == "abgesagt"
    assert "Dieser Termin findet nicht statt." in page.content()


def _meldetermin(citizen, caseworker, offer):
    from jobcenter.casefiles.services import case_intake
    from jobcenter.households.models import Person
    from tests.casefiles.conftest import make_submission

    case = case_intake(submission=make_submission(user=citizen))
    person = Person.objects.get(user=citizen)
    case.applicant = person
    case.save(update_fields=["applicant"])
    day = timezone.localdate() + dt.timedelta(days=5)
    return services.meldetermin_invite(
        person=person, actor=caseworker, staff=caseworker, topic=offer["topic"],
        start=dt.datetime.combine(day, dt.time(17), tzinfo=BERLIN), duration_minutes=30,
        channel=Channel.ON_SITE, location=offer["location"], meldezweck="vermittlung")


@pytest.mark.parametrize("js", [True, False])
def test_meldetermin_answered_with_a_wichtiger_grund(request, live_server, citizen, caseworker,
                                                      offer, axe, tmp_path, js):
    page = request.getfixturevalue("page" if js else "nojs_page")
    appointment = _meldetermin(citizen, caseworker, offer)
    sign_in(page, live_server, citizen)
    visit(page, axe, f"/portal/termine/{appointment.pk}/", js=js)
    body = page.content()
    assert "Rechtsfolgenbelehrung" in body and "10 Prozent" in body
    with page.expect_navigation():
        page.get_by_role("link", name="Ich kann nicht kommen").click()
    check_page(page, axe, js=js)
    page.get_by_label("Ich bin krank (arbeitsunfähig)").check()
    page.get_by_label("Erläuterung").fill("Ich habe hohes Fieber.")
    proof = tmp_path / "au.png"
    proof.write_bytes(png_bytes())
    page.get_by_label("Nachweis (zum Beispiel Arbeitsunfähigkeitsbescheinigung)").set_input_files(
        str(proof))
    with page.expect_navigation():
        page.get_by_role("button", name="Absage senden").click()
    check_page(page, axe, js=js)
    assert "Ihre Absage ist angekommen" in page.content()
    appointment.refresh_from_db()
    assert appointment.status == "verhindert" and appointment.absence_document is not None

    sign_in(page, live_server, caseworker)
    visit(page, axe, f"/arbeitsbereich/termine/{appointment.pk}/", js=js)
    assert "Ich habe hohes Fieber." in page.content()
    page.get_by_label("Wichtiger Grund anerkannt: Termin aufheben").check()
    page.get_by_label("Begründung für die Kundin oder den Kunden").fill("Gute Besserung!")
    page.get_by_role("button", name="Entscheidung speichern").click()
    check_page(page, axe, js=js)
    appointment.refresh_from_db()
    assert appointment.status == "abgesagt"
    sign_in(page, live_server, citizen)
    visit(page, axe, f"/portal/termine/{appointment.pk}/", js=js)
    assert "Gute Besserung!" in page.content()


def _past_meldetermin(case, citizen, caseworker, offer, days_ago: int) -> Appointment:
    """A Meldetermin invited a week ahead of a start that now lies ``days_ago`` days back."""
    from jobcenter.households.models import Person

    start = dt.datetime.combine(timezone.localdate() - dt.timedelta(days=days_ago),
                                dt.time(9), tzinfo=BERLIN)
    appointment = Appointment.objects.create(
        jobcenter=case.jobcenter, kind=Appointment.Kind.MELDETERMIN,
        status=Appointment.Status.CONFIRMED, citizen=citizen,
        person=Person.objects.get(user=citizen), case=case, staff=caseworker,
        topic=offer["topic"], channel=Channel.ON_SITE, location=offer["location"], start=start,
        end=start + dt.timedelta(minutes=30), meldezweck="vermittlung")
    with translation.override("de"):
        appointment.belehrung_text = "\n\n".join(rechtsfolgenbelehrung(appointment))
    appointment.save(update_fields=["belehrung_text"])
    Appointment.objects.filter(pk=appointment.pk).update(
        created_at=start - dt.timedelta(days=7))
    return appointment


def test_outcome_recorded_citizen_gives_the_reason_staff_check_the_meldeversaeumnis(
        page, axe, live_server, browser, citizen, caseworker, offer, tmp_path):
    from jobcenter.casefiles.services import case_intake
    from jobcenter.decisions import services as decisions
    from jobcenter.decisions.models import DeliveryPreference
    from jobcenter.households.models import Person
    from jobcenter.minderungen.models import Minderung
    from jobcenter.minderungen.services import persons_of
    from tests.casefiles.conftest import make_submission
    from tests.decisions.conftest import sgb2_request

    DeliveryPreference.objects.create(user=citizen, channel="online")
    case = case_intake(submission=dataclasses.replace(make_submission(user=citizen),
                                                      sgb2_request=sgb2_request()))
    case.applicant = Person.objects.get(user=citizen)
    case.save(update_fields=["applicant"])
    bescheid = decisions.decision_finalize(decision=decisions.decision_create(
        case=case, decision_type_key="bewilligung", actor=caseworker), actor=caseworker)
    first, *rest = dict(persons_of(bescheid))["P1"].split(" ")
    Person.objects.filter(user=citizen).update(first_name=first, last_name=" ".join(rest))
    earlier = _past_meldetermin(case, citizen, caseworker, offer, 14)
    services.appointment_outcome_record(appointment=earlier, actor=caseworker,
                                        outcome="nicht_erschienen")
    appointment = _past_meldetermin(case, citizen, caseworker, offer, 2)

    # staff: "Termine ohne Ergebnis", then the outcome on the appointment's page
    sign_in(page, live_server, caseworker)
    visit(page, axe, "/arbeitsbereich/termine/?datum=" + appointment.start.date().isoformat())
    shot(page, "termine-kalender", browser=browser)
    page.get_by_role("link", name="Termine ohne Ergebnis").click()
    check_page(page, axe)
    assert "1 Termin ohne Ergebnis" in page.content()
    shot(page, "termine-ohne-ergebnis", browser=browser)
    page.get_by_role("link", name="Alice", exact=False).first.click()
    check_page(page, axe)
    page.get_by_label("nicht erschienen", exact=True).check()
    page.get_by_label("Interner Vermerk").fill("Telefonisch nicht erreicht.")
    page.get_by_role("button", name="Ergebnis speichern").click()
    check_page(page, axe)
    appointment.refresh_from_db()
    assert appointment.outcome == "nicht_erschienen" and appointment.outcome_by == caseworker
    assert "der 2. versäumte Meldetermin in Folge" in page.content()
    shot(page, "termin-ergebnis-staff", browser=browser)

    # the citizen reads it in plain words and gives the reason afterwards
    sign_in(page, live_server, citizen)
    visit(page, axe, f"/portal/termine/{appointment.pk}/")
    body = page.content()
    assert "Sie sind nicht erschienen." in body and "Telefonisch" not in body
    shot(page, "termin-ergebnis-citizen", browser=browser)
    page.get_by_role("link", name="Grund mitteilen").click()
    check_page(page, axe)
    shot(page, "termin-grund-nachreichen", browser=browser)
    page.get_by_label("Ich bin krank (arbeitsunfähig)").check()
    page.get_by_label("Erläuterung").fill("Ich lag mit Fieber im Bett.")
    page.get_by_role("button", name="Grund senden").click()
    check_page(page, axe)
    assert "Sie haben uns Ihren Grund genannt" in page.content()

    # staff see it and open the Minderung procedure, prefilled; nothing is issued
    sign_in(page, live_server, caseworker)
    visit(page, axe, f"/arbeitsbereich/termine/{appointment.pk}/")
    assert "Grund nachgereicht — bitte prüfen" in page.content()
    page.get_by_role("link", name="Meldeversäumnis prüfen").click()
    check_page(page, axe)
    assert page.get_by_label("Meldeversäumnis (§ 32 SGB II)").is_checked()
    assert page.locator("input[name=missed_in_row]").input_value() == "2"
    shot(page, "meldeversaeumnis-pruefen", browser=browser)
    page.get_by_role("button", name="Erfassen").click()
    check_page(page, axe)
    m = Minderung.objects.get()
    assert m.kind == "meldeversaeumnis" and m.missed_in_row == 2 and m.decision is None


def test_outcome_works_without_javascript(nojs_page, live_server, citizen, caseworker, offer):
    from jobcenter.casefiles.services import case_intake
    from tests.casefiles.conftest import make_submission

    page = nojs_page
    case = case_intake(submission=make_submission(user=citizen))
    appointment = _past_meldetermin(case, citizen, caseworker, offer, 1)
    sign_in(page, live_server, caseworker)
    page.goto(f"/arbeitsbereich/termine/{appointment.pk}/")
    page.get_by_label("wahrgenommen (erschienen)").check()
    click_and_load(page, page.get_by_role("button", name="Ergebnis speichern"))
    assert Appointment.objects.get(pk=appointment.pk).outcome == "wahrgenommen"
    sign_in(page, live_server, citizen)
    page.goto(f"/portal/termine/{appointment.pk}/")
    assert "Sie waren da. Vielen Dank." in page.content()


def _team_appointments(jobcenter, citizen, caseworker, offer):
    """Tina leads Team 1 (with Carla); Dora is in Team 2: one started appointment without
    an outcome each."""
    from jobcenter.core.roles import Role
    from jobcenter.households.models import Person
    from jobcenter.jobcenters.models import Team
    from tests.factories import StaffFactory

    team2 = Team.objects.create(jobcenter=jobcenter, name="Team 2")
    tina = StaffFactory(jobcenter=jobcenter, role=Role.TEAMLEITUNG, team=caseworker.team,
                        first_name="Tina", last_name="Teich")
    dora = StaffFactory(jobcenter=jobcenter, role=Role.LEISTUNG, team=team2,
                        first_name="Dora", last_name="Dorn")
    person = Person.objects.get(user=citizen)
    for days, staff in ((3, caseworker), (2, tina), (1, dora)):
        start = dt.datetime.combine(timezone.localdate() - dt.timedelta(days=days),
                                    dt.time(10), tzinfo=BERLIN)
        Appointment.objects.create(
            jobcenter=jobcenter, status=Appointment.Status.CONFIRMED, citizen=citizen,
            person=person, staff=staff, team=staff.team, topic=offer["topic"],
            channel=Channel.PHONE, start=start, end=start + dt.timedelta(minutes=30))
    return tina


def test_a_teamleitung_sees_the_teams_appointments_without_an_outcome(
        page, axe, live_server, browser, jobcenter, citizen, caseworker, offer):
    tina = _team_appointments(jobcenter, citizen, caseworker, offer)
    sign_in(page, live_server, tina)
    visit(page, axe, "/arbeitsbereich/termine/ohne-ergebnis/")
    assert "2 Termine ohne Ergebnis" in page.content() and "Dora" not in page.content()
    shot(page, "termine-ohne-ergebnis-team", browser=browser)
    click_and_load(page, page.get_by_role("link", name="Das ganze Jobcenter (3)"))
    check_page(page, axe)
    assert page.url.endswith("?wer=alle") and "3 Termine ohne Ergebnis" in page.content()
    assert "Dora Dorn" in page.content()


def test_the_choice_works_without_javascript(nojs_page, live_server, jobcenter, citizen,
                                             caseworker, offer):
    page = nojs_page
    tina = _team_appointments(jobcenter, citizen, caseworker, offer)
    sign_in(page, live_server, tina)
    page.goto("/arbeitsbereich/termine/ohne-ergebnis/")
    click_and_load(page, page.get_by_role("link", name="Ihre eigenen (1)"))
    assert "1 Termin ohne Ergebnis" in page.content() and "Carla" not in page.content()
    click_and_load(page, page.get_by_role("link", name="Ihr Team: Team 1 (2)"))
    assert "2 Termine ohne Ergebnis" in page.content()
