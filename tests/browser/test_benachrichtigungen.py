"""The notification centre and the reminder rules in a real browser at 320 px (axe on every
page, no horizontal scrolling), with and without JavaScript. ``HINWEISE_SCREENSHOTS=<dir>``
also saves screenshots at 320 and 1280 px."""

from __future__ import annotations

import re

import pytest

from jobcenter.notifications.models import Notification
from jobcenter.notifications.services import notify
from jobcenter.reminders.models import ReminderRule
from tests.browser.conftest import check_page, sign_in, visit
from tests.browser.shots import Shots

shot = Shots("HINWEISE_SCREENSHOTS", width_in_name=True)


@pytest.fixture
def notices(citizen):
    notify(user=citizen, template="submission_received", dedup_key="b:1",
           link_path="/portal/anliegen/")
    notify(user=citizen, template="weiterbewilligung_reminder", dedup_key="b:2",
           link_path="/portal/kontakt/",
           params={"text_de": "Fragen zum Antrag? Unsere Kontaktdaten finden Sie unter Kontakt.",
                   "text_en": "Questions? Our contact details are under Contact.",
                   "due": "2027-06-30"})


@pytest.mark.parametrize("viewport", ["page", "desktop_page"])
def test_the_centre_with_unread_count_mark_read_and_open(request, viewport, axe, live_server,
                                                         citizen, notices):
    page = request.getfixturevalue(viewport)
    sign_in(page, live_server, citizen)
    visit(page, axe, "/portal/profil/benachrichtigungen/")
    shot(page, "profile-notifications")
    visit(page, axe, "/portal/")
    shot(page, "overview")
    nav = page.get_by_role("navigation", name="Hauptnavigation")
    # the count shows on "Mehr" (closed), and on the entry inside it
    more = nav.locator("summary")
    assert re.sub(r"\s+", " ", more.inner_text()).strip() == "Mehr 2 ungelesen"
    more.click()
    link = nav.get_by_role("link", name="Benachrichtigungen 2 ungelesen")
    link.click()
    page.wait_for_load_state()
    check_page(page, axe)
    shot(page, "notifications")
    assert page.get_by_text("2 ungelesene Benachrichtigungen").is_visible()
    assert page.get_by_text("betrifft den 30.06.2027").is_visible()
    page.get_by_role("button", name=re.compile(
        r"Als gelesen markieren\s*: Ihr Antrag ist eingegangen")).click()
    page.wait_for_load_state()
    check_page(page, axe)
    assert page.get_by_text("Die Benachrichtigung ist als gelesen markiert.").is_visible()
    nav.locator("summary").click()
    assert nav.get_by_role("link", name="Benachrichtigungen 1 ungelesen").is_visible()
    page.keyboard.press("Escape")  # closes "Mehr" (app.js), which lies over the page
    page.get_by_role("link", name=re.compile(
        r"Ansehen\s*: Erinnerung: Weiterbewilligung beantragen")).click()
    page.wait_for_load_state()
    assert page.url.endswith("/portal/kontakt/")
    assert not Notification.objects.filter(user=citizen, read_at__isnull=True).exists()
    assert "jc-nav__count" not in nav.inner_html()
    nav.locator("summary").click()
    link = nav.get_by_role("link", name="Benachrichtigungen", exact=True)
    assert link.is_visible()


def test_the_centre_without_javascript(nojs_page, axe, live_server, citizen, notices):
    page = nojs_page
    sign_in(page, live_server, citizen)
    visit(page, axe, "/portal/benachrichtigungen/", js=False)
    page.get_by_role("button", name="Alle als gelesen markieren").click()
    page.wait_for_load_state()
    assert page.get_by_text("Alle Benachrichtigungen sind als gelesen markiert.").is_visible()
    assert page.get_by_text("Keine ungelesenen Benachrichtigungen").is_visible()
    assert not Notification.objects.filter(user=citizen, read_at__isnull=True).exists()


@pytest.mark.parametrize("viewport", ["page", "desktop_page"])
def test_the_admin_adds_a_reminder_rule(request, viewport, axe, live_server, jobcenter,
                                        jobcenter_admin):
    page = request.getfixturevalue(viewport)
    sign_in(page, live_server, jobcenter_admin)
    visit(page, axe, "/arbeitsbereich/verwaltung/")
    page.get_by_role("link", name="Erinnerungen an Fristen und Termine").click()
    page.wait_for_load_state()
    check_page(page, axe)
    shot(page, "reminders")
    page.get_by_role("link", name="Erinnerung hinzufügen").click()
    page.wait_for_load_state()
    check_page(page, axe)
    page.get_by_label("Anlass", exact=True).select_option("weiterbewilligung")
    page.get_by_label("Tage vor dem Anlass").fill("0")
    page.get_by_role("button", name="Speichern").click()
    page.wait_for_load_state()
    check_page(page, axe)
    shot(page, "reminder-form-error")
    assert page.get_by_text("Bitte geben Sie mindestens 1 Tag an.").first.is_visible()
    page.get_by_label("Tage vor dem Anlass").fill("28")
    page.get_by_label("E-Mail und SMS").check()
    page.get_by_label("Zusätzlicher Hinweis (Deutsch)").fill("Denken Sie an die Nebenkosten.")
    page.get_by_role("button", name="Speichern").click()
    page.wait_for_load_state()
    check_page(page, axe)
    assert page.get_by_text("Die Erinnerung ist gespeichert.").is_visible()
    assert ReminderRule.objects.filter(jobcenter=jobcenter, days_before=28,
                                       channel="email_sms").exists()


def test_a_persons_delivery_log(page, axe, live_server, citizen, caseworker, notices):
    sign_in(page, live_server, caseworker)
    visit(page, axe, f"/arbeitsbereich/personen/{citizen.person.pk}/")
    page.get_by_role("link", name="Benachrichtigungen an diese Person").click()
    page.wait_for_load_state()
    check_page(page, axe)
    shot(page, "person-notifications")
    assert page.get_by_text("Ihr Antrag ist eingegangen").is_visible()
