"""Browser journey of the Postfach (issue 13): at 320 px with axe, the citizen writes by
topic, staff answer from their inbox, the citizen sees the answer without reloading (htmx
polling); and the same without JavaScript, where a reload shows it."""

from __future__ import annotations

import datetime as dt
import re
import uuid

import pytest
from playwright.sync_api import expect

from jobcenter.households.models import Membership
from jobcenter.households.services import MemberSpec, household_create
from jobcenter.postfach import services
from jobcenter.postfach.models import ReplyTemplate, Thread, Topic
from tests.browser.conftest import check_page, sign_in, visit
from tests.browser.shots import Shots
from tests.factories import CitizenFactory, JobcenterFactory, StaffFactory

shot = Shots("POSTFACH_SHOTS")


@pytest.fixture
def postfach_world(transactional_db, settings):
    settings.POSTFACH_POLL_SECONDS = 1
    jobcenter = JobcenterFactory(name="Jobcenter Musterstadt")
    citizen = CitizenFactory(jobcenter=jobcenter, first_name="Ayşe", last_name="Yılmaz",
                             email="ayse@example.org")
    household_create(
        jobcenter=jobcenter, valid_from=dt.date(2025, 1, 1), street="Beispielweg 3",
        postcode="12001", city="Musterstadt", customer_number_prefix="01",
        members=[MemberSpec("Ayşe", "Yılmaz", dt.date(1988, 1, 20),
                            Membership.Role.ANTRAGSTELLER, user=citizen)])
    topic = Topic.objects.create(jobcenter=jobcenter, title="Geld und Zahlungen",
                                 description="Fragen zu Zahlungen", service_days=3)
    Topic.objects.create(jobcenter=jobcenter, title="Umzug und Wohnung", service_days=5)
    ReplyTemplate.objects.create(
        jobcenter=jobcenter, title="Antwort allgemein",
        body="{anrede}\n\n[Ihre Antwort]\n\nMit freundlichen Grüßen\n{sachbearbeitung}")
    staff = StaffFactory(jobcenter=jobcenter, first_name="Lea", last_name="Leistner")
    return {"citizen": citizen, "staff": staff, "topic": topic}


def test_citizen_writes_staff_answer_citizen_sees_it_live(
        page, desktop_page, live_server, axe, postfach_world):
    citizen, staff = postfach_world["citizen"], postfach_world["staff"]
    sign_in(page, live_server, citizen)
    visit(page, axe, "/portal/kontakt/")
    page.get_by_role("link", name="Zum Postfach").click()
    page.wait_for_url("**/portal/postfach/")
    check_page(page, axe)
    shot(page, "citizen-inbox-empty-320")
    page.get_by_role("link", name="Neue Nachricht schreiben").click()
    page.wait_for_url("**/portal/postfach/neu/")
    check_page(page, axe)
    page.get_by_label(re.compile("^Geld und Zahlungen")).check()
    page.get_by_label("Betreff").fill("Frage zur Nachzahlung")
    page.get_by_label("Ihre Nachricht").fill(
        "Ich habe weniger Geld bekommen. Siehe https://example.org/info")
    shot(page, "citizen-new-320")
    page.get_by_role("button", name="Nachricht senden").click()
    expect(page.get_by_role("heading", name="Frage zur Nachzahlung", level=1)).to_be_visible(
        timeout=15000)
    expect(page.get_by_text("Ihre Nachricht ist angekommen.")).to_be_visible()
    check_page(page, axe)
    expect(page.get_by_role("link", name="https://example.org/info")).to_be_visible()
    thread_url = page.url
    shot(page, "citizen-thread-320")

    # staff answer from the inbox, with a Textbaustein
    sign_in(desktop_page, live_server, staff)
    visit(desktop_page, axe, "/arbeitsbereich/postfach/")
    shot(desktop_page, "staff-inbox-1280")
    desktop_page.get_by_role("link", name="Frage zur Nachzahlung").click()
    desktop_page.wait_for_url("**/arbeitsbereich/postfach/*/")
    check_page(desktop_page, axe)
    desktop_page.get_by_role("button", name="Textbaustein einfügen").click()
    desktop_page.wait_for_url("**/?baustein=*")
    reply = desktop_page.get_by_label("Antwort", exact=True)
    expect(reply).to_have_value(re.compile("Guten Tag Ayşe Yılmaz|Sehr geehrte"))
    reply.fill(reply.input_value().replace("[Ihre Antwort]",
                                           "Ihr Minijob wurde angerechnet."))
    shot(desktop_page, "staff-thread-1280")
    desktop_page.get_by_role("button", name="Antwort senden").click()
    expect(desktop_page.get_by_text("Die Antwort ist versandt")).to_be_visible(timeout=15000)
    check_page(desktop_page, axe)

    # the citizen's open page shows the answer without a reload
    expect(page.get_by_text("Ihr Minijob wurde angerechnet.")).to_be_visible(timeout=10000)
    assert page.url == thread_url
    check_page(page, axe)
    shot(page, "citizen-thread-live-320")
    thread = Thread.objects.get(subject="Frage zur Nachzahlung")
    assert thread.state == Thread.State.ANSWERED
    assert thread.messages.filter(from_staff=True, read_at__isnull=False).exists()

    # the staff page, still open, shows the citizen's next message by itself
    page.get_by_label("Ihre Nachricht").fill("Danke, jetzt verstehe ich es.")
    page.get_by_role("button", name="Nachricht senden").click()
    expect(desktop_page.get_by_text("Danke, jetzt verstehe ich es.")).to_be_visible(
        timeout=10000)
    check_page(desktop_page, axe)


def test_without_javascript_a_reload_shows_the_answer(nojs_page, live_server, axe,
                                                      postfach_world):
    citizen, staff = postfach_world["citizen"], postfach_world["staff"]
    page = nojs_page
    sign_in(page, live_server, citizen)
    visit(page, axe, "/portal/postfach/neu/", js=False)
    page.get_by_label(re.compile("^Umzug und Wohnung")).check()
    page.get_by_label("Betreff").fill("Umzug im März")
    page.get_by_label("Ihre Nachricht").fill("Ich ziehe um.")
    page.get_by_role("button", name="Nachricht senden").click()
    expect(page.get_by_role("heading", name="Umzug im März", level=1)).to_be_visible(
        timeout=15000)
    thread = Thread.objects.get(subject="Umzug im März")
    services.message_send(thread=thread, sender=staff, body="Bitte senden Sie den Mietvertrag.",
                          key=uuid.uuid4())
    expect(page.get_by_text("Bitte senden Sie den Mietvertrag.")).to_have_count(0)
    page.get_by_role("button", name="Seite neu laden").click()
    expect(page.get_by_text("Bitte senden Sie den Mietvertrag.")).to_be_visible(timeout=15000)
    # a reply without JavaScript: a plain form post, then the page again with the reply
    page.get_by_label("Ihre Nachricht").fill("Mache ich.")
    token = page.locator("input[name=token]").input_value()
    page.get_by_role("button", name="Nachricht senden").click()
    expect(page.get_by_text("Mache ich.")).to_be_visible(timeout=15000)
    # the same form sent again (a double click, a retry) stores nothing twice
    csrf = next(c["value"] for c in page.context.cookies() if c["name"] == "csrftoken")
    response = page.request.post(f"{live_server.url}/portal/postfach/{thread.pk}/", form={
        "csrfmiddlewaretoken": csrf, "body": "Mache ich.", "token": token})
    assert response.ok
    assert thread.messages.filter(body="Mache ich.").count() == 1
