"""A change for the past in a real browser at 320 px: the caseworker changes the calculation
and starts the Anhörung, the citizen answers online, the caseworker creates the Aufhebungs-
und Erstattungsbescheid, a second person approves it (four eyes), the citizen sees it.
Every page passes axe. ``SHOTS=<dir>`` saves a screenshot of each page."""

from __future__ import annotations

import dataclasses
import datetime as dt

import time_machine

from jobcenter.decisions.models import Anhoerung, Decision, DeliveryPreference
from tests.browser.conftest import check_page, fill_date, sign_in, visit
from tests.browser.shots import Shots
from tests.casefiles.conftest import make_submission
from tests.decisions.conftest import sgb2_request

shot = Shots("SHOTS")


def test_anhoerung_answer_and_erstattungsbescheid(page, axe, live_server, citizen, caseworker,
                                                  jobcenter):
    from jobcenter.casefiles.services import case_intake
    from jobcenter.core.roles import Role
    from jobcenter.decisions import services
    from tests.factories import StaffFactory

    teamlead = StaffFactory(jobcenter=jobcenter, email="tina@alpha.example",
                            role=Role.TEAMLEITUNG)
    DeliveryPreference.objects.create(user=citizen, channel="online")
    with time_machine.travel(dt.datetime(2026, 12, 15, 10, tzinfo=dt.UTC), tick=False):
        case = case_intake(submission=dataclasses.replace(
            make_submission(user=citizen), sgb2_request=sgb2_request(monat="2027-01")))
        decision = services.decision_create(case=case, decision_type_key="bewilligung",
                                            actor=caseworker)
        services.decision_finalize(decision=decision, actor=caseworker)
    with time_machine.travel(dt.datetime(2027, 4, 10, 8, tzinfo=dt.UTC), tick=True):
        sign_in(page, live_server, caseworker)
        visit(page, axe, f"/arbeitsbereich/bescheide/fall/{case.pk}/")
        page.locator('[name="personen[0].einkommen[0].brutto"]').fill("520,00")
        page.locator('[name="personen[0].einkommen[0].netto"]').fill("520,00")
        page.get_by_label("Begründung der Änderung (Pflicht)").fill(
            "Lohnabrechnungen Januar bis März nachgereicht")
        page.get_by_role("button", name="Neu berechnen und speichern").click()
        check_page(page, axe)
        shot(page, "01-calculation")
        page.get_by_role("link", name="Anhörung vorbereiten").click()
        check_page(page, axe)
        page.get_by_role("button", name="Neu berechnen und Anhörung vorbereiten").click()
        check_page(page, axe)  # nothing filled in: messages, nothing stored
        assert Anhoerung.objects.count() == 0
        fill_date(page, "ab (erster betroffener Monat)", "1", "1", "2027")
        fill_date(page, "bis (letzter betroffener Monat)", "1", "3", "2027")
        fill_date(page, "Kenntnis der Tatsachen am", "2", "4", "2027")
        page.get_by_label("Sachverhalt (erscheint im Schreiben)").fill(
            "Seit Januar 2027 verdienen Sie 520 € netto im Monat. Wir haben davon am "
            "2. April 2027 durch Ihre Lohnabrechnungen erfahren.")
        shot(page, "02-start")
        page.get_by_role("button", name="Neu berechnen und Anhörung vorbereiten").click()
        check_page(page, axe)
        assert page.get_by_text("176,00 €").count() >= 1
        page.get_by_role("button", name="Anhörung versenden").click()
        check_page(page, axe)
        shot(page, "03-staff-detail")
        anhoerung = Anhoerung.objects.get()
        assert anhoerung.status == Anhoerung.Status.SENT

        sign_in(page, live_server, citizen)
        visit(page, axe, "/portal/")
        shot(page, "04-overview")
        page.get_by_role("link", name="Anhörung lesen und antworten").click()
        check_page(page, axe)
        assert page.get_by_text("Bitte antworten Sie bis zum 28.04.2027.").count() == 1
        shot(page, "05-citizen-anhoerung")
        page.get_by_role("button", name="Antwort senden").click()
        check_page(page, axe)  # empty answer: a clear message
        page.get_by_role("textbox", name="Ihre Stellungnahme").fill(
            "Die Beträge stimmen. Ich habe die Lohnerhöhung im Januar telefonisch gemeldet.")
        page.get_by_role("button", name="Antwort senden").click()
        check_page(page, axe)
        shot(page, "06-citizen-answered")
        anhoerung.refresh_from_db()
        assert anhoerung.status == Anhoerung.Status.ANSWERED

        sign_in(page, live_server, caseworker)
        visit(page, axe, f"/arbeitsbereich/anhoerungen/{anhoerung.pk}/")
        page.get_by_label("Begründung mit Würdigung der Stellungnahme").fill(
            "Sie bestätigen das Einkommen. Eine telefonische Mitteilung ist in der Akte nicht "
            "vermerkt; für die Aufhebung nach § 48 Abs. 1 Satz 2 Nr. 3 SGB X kommt es darauf "
            "nicht an.")
        page.get_by_role("button", name="Bescheid-Entwurf erstellen").click()
        check_page(page, axe)
        page.get_by_role("button", name="Zur Freigabe vorlegen").click()
        check_page(page, axe)
        assert page.get_by_role("button", name="Freigeben und versenden").count() == 0
        bescheid = Decision.objects.get(decision_type__key="aufhebung_erstattung")
        assert bescheid.status == Decision.Status.AWAITING_APPROVAL

        sign_in(page, live_server, teamlead)
        visit(page, axe, "/arbeitsbereich/bescheide/")  # waiting for approval; Anhörungen
        shot(page, "07a-overview")
        visit(page, axe, f"/arbeitsbereich/bescheide/{bescheid.pk}/")
        page.get_by_role("button", name="Freigeben und versenden").click()
        check_page(page, axe)
        shot(page, "07-approved")
        bescheid.refresh_from_db()
        assert bescheid.status == Decision.Status.DELIVERED
        assert bescheid.approved_by == teamlead

        sign_in(page, live_server, citizen)
        visit(page, axe, "/portal/dokumente/")
        assert page.get_by_text("Aufhebungs- und Erstattungsbescheid").count() >= 1
        shot(page, "08-citizen-documents")
        visit(page, axe, f"/portal/anhoerungen/{anhoerung.pk}/")
        assert page.get_by_text("Wie es weitergeht").count() == 1
        shot(page, "09-citizen-after")
