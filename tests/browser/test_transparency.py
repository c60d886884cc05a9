""""Wer hat meine Daten gesehen?" in a real browser: the citizen at 320 px and on a desktop,
the team lead's view per person; every page passes axe-core and does not scroll sideways."""

from __future__ import annotations

from jobcenter.core.roles import Role
from jobcenter.transparency.models import AccessLogEntry
from jobcenter.transparency.services import Seen, access_log_record
from tests.browser.conftest import check_page, sign_in, visit
from tests.browser.shots import Shots
from tests.factories import StaffFactory, TeamFactory

shot = Shots("JC_SCREENSHOTS")


def _reads(live_server, page, axe, citizen, jobcenter):
    team = TeamFactory(jobcenter=jobcenter, name="Leistung Nord")
    caseworker = StaffFactory(jobcenter=jobcenter, role=Role.LEISTUNG, team=team,
                              first_name="Paula", last_name="Prüfer")
    sign_in(page, live_server, caseworker)
    visit(page, axe, f"/arbeitsbereich/personen/{citizen.person.pk}/")
    page.goto("/arbeitsbereich/suche/?q=Adler")
    # reads whose words differ by reader ("Ihre"/"Sie" for the citizen, "der Person" for staff)
    access_log_record(actor=caseworker, purpose=AccessLogEntry.Purpose.ADMIN,
                      what=AccessLogEntry.What.NOTIFICATIONS, seen=[Seen(citizen.person)])
    access_log_record(actor=caseworker, purpose=AccessLogEntry.Purpose.MAILBOX,
                      what=AccessLogEntry.What.MESSAGES, seen=[Seen(citizen.person)])
    return caseworker


def test_the_citizen_reads_who_saw_their_data(page, desktop_page, axe, live_server, citizen,
                                             jobcenter):
    _reads(live_server, page, axe, citizen, jobcenter)
    views = ((page, "accesslog-citizen-320"), (desktop_page, "accesslog-citizen-desktop"))
    for view, name in views:
        sign_in(view, live_server, citizen)
        visit(view, axe, "/portal/")
        with view.expect_navigation():
            view.get_by_role("link", name="Wer hat meine Daten gesehen?").click()
        check_page(view, axe)
        assert view.get_by_role("heading", name="Wer hat meine Daten gesehen?").is_visible()
        assert view.get_by_text("Prüfung Ihrer Stammdaten").is_visible()
        assert view.get_by_text("Suche nach einer Person – Ihr Name stand in der Trefferliste"
                                ).is_visible()
        assert view.get_by_text("Paula").count() == 0
        assert view.get_by_text("Benachrichtigungen an Sie (Art, Zeitpunkt, Versandweg, "
                                "Zustellung)").is_visible()
        assert view.get_by_text("Bearbeitung Ihrer Nachrichten im Postfach").is_visible()
        assert view.get_by_text("der Person").count() == 0
        shot(view, name)
    # The month filter works without JavaScript as a plain GET form.
    page.get_by_label("Monat").select_option(index=1)
    with page.expect_navigation():
        page.get_by_role("button", name="Anzeigen").click()
    check_page(page, axe)
    assert "monat=" in page.url and page.get_by_text("4 Zugriffe").is_visible()


def test_the_team_lead_reads_the_list_per_person(page, desktop_page, axe, live_server, citizen,
                                                jobcenter):
    _reads(live_server, page, axe, citizen, jobcenter)
    lead = StaffFactory(jobcenter=jobcenter, role=Role.TEAMLEITUNG)
    for view, name in ((page, "accesslog-staff-320"), (desktop_page, "accesslog-staff-desktop")):
        sign_in(view, live_server, lead)
        visit(view, axe, f"/arbeitsbereich/personen/{citizen.person.pk}/")
        with view.expect_navigation():
            view.get_by_role("link", name="Wer hat die Daten dieser Person gesehen?").click()
        check_page(view, axe)
        assert view.get_by_text("Paula Prüfer").count() >= 1
        assert view.get_by_text("Benachrichtigungen an die Person (Art, Zeitpunkt, "
                                "Versandweg, Zustellung)").is_visible()
        assert view.get_by_text("Bearbeitung der Nachrichten der Person im Postfach"
                                ).is_visible()
        assert view.get_by_text("Ihre Daten").count() == 0
        assert view.get_by_text("Ihrer Nachrichten").count() == 0
        shot(view, name)
    # the first view's own read of the list is in it now, in the staff's words
    desktop_page.reload()
    assert desktop_page.get_by_text("Protokoll der Zugriffe auf die Daten der Person"
                                    ).first.is_visible()
