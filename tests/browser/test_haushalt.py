"""The Bedarfsgemeinschaft as data and the Jobcenter admin's settings in a real browser at
320 px (and 1280 px): edit a person with a reason and see it in the history, add a member,
the Wiedervorlagen list, the matching screen, the settings with the letterhead. Every page
passes axe."""

from __future__ import annotations

from jobcenter.households.models import Person
from tests.browser.conftest import check_page, fill_date, sign_in, visit
from tests.browser.shots import Shots
from tests.households.tenancy import pending_person

shot = Shots("JC_SCREENSHOTS")


def _person_journey(page, axe, live_server, citizen, caseworker, width: str):
    person = Person.objects.get(user=citizen)
    sign_in(page, live_server, caseworker)
    visit(page, axe, f"/arbeitsbereich/personen/{person.pk}/")
    shot(page, f"person-{width}")
    with page.expect_navigation():
        page.get_by_role("link", name="Stammdaten ändern").click()
    check_page(page, axe)
    shot(page, f"person-edit-{width}")
    page.get_by_label("Nachname").fill("Adler-Berg")
    with page.expect_navigation():
        page.get_by_role("button", name="Änderungen speichern").click()
    check_page(page, axe)  # the reason is missing: the error summary, nothing lost
    assert page.get_by_text("warum Sie die Angaben ändern").count() >= 1
    assert page.get_by_label("Nachname").input_value() == "Adler-Berg"
    shot(page, f"person-edit-error-{width}")
    page.get_by_label("Grund der Änderung").fill("Heirat laut Urkunde")
    with page.expect_navigation():
        page.get_by_role("button", name="Änderungen speichern").click()
    check_page(page, axe)
    assert page.get_by_text("Heirat laut Urkunde").count() == 1
    with page.expect_navigation():
        page.get_by_role("link", name="Person aufnehmen (Geburt, Einzug)").click()
    check_page(page, axe)
    shot(page, f"member-add-{width}")
    page.get_by_label("Vorname").fill("Ben")
    fill_date(page, "Geburtsdatum", "1", "9", "2026")
    fill_date(page, "Mitglied ab", "1", "9", "2026")
    page.get_by_label("Grund der Änderung").fill("Geburt")
    with page.expect_navigation():
        page.get_by_role("button", name="Person aufnehmen").click()
    check_page(page, axe)
    assert page.get_by_role("link", name="Ben Adler-Berg", exact=True).count() == 1
    shot(page, f"person-after-{width}")
    with page.expect_navigation():
        page.get_by_role("link", name="Bankverbindung eintragen").click()
    check_page(page, axe)
    shot(page, f"bank-{width}")


def test_person_pages_at_320_px(page, axe, live_server, citizen, caseworker):
    _person_journey(page, axe, live_server, citizen, caseworker, "320")


def test_person_pages_at_1280_px(desktop_page, axe, live_server, citizen, caseworker):
    _person_journey(desktop_page, axe, live_server, citizen, caseworker, "1280")


def _lists(page, axe, live_server, citizen, caseworker, width):
    import datetime as dt
    from types import SimpleNamespace

    from jobcenter.households.models import Membership
    from jobcenter.households.services import MemberSpec, household_create

    world = SimpleNamespace(jobcenter=caseworker.jobcenter)
    known = household_create(
        jobcenter=caseworker.jobcenter, valid_from=dt.date(2024, 1, 1), street="Altweg 3",
        postcode="11111", city="Alphastadt", members=[MemberSpec(
            "Zacharia", "Quellfeld", dt.date(1980, 1, 2), Membership.Role.ANTRAGSTELLER)])
    pending = pending_person(world)
    sign_in(page, live_server, caseworker)
    visit(page, axe, "/arbeitsbereich/akte/wiedervorlagen/")
    shot(page, f"follow-ups-{width}")
    visit(page, axe, "/arbeitsbereich/abgleich/")
    shot(page, f"match-list-{width}")
    visit(page, axe, f"/arbeitsbereich/abgleich/{pending.pk}/")
    shot(page, f"match-detail-{width}")
    page.get_by_label("Woran erkennen Sie, dass es dieselbe Person ist?").fill(
        "Ausweis bei Vorsprache geprüft")
    with page.expect_navigation():
        page.get_by_role("button", name="Mit Zacharia Quellfeld zusammenführen").click()
    check_page(page, axe)
    assert page.get_by_text("Zusammengeführt").count() >= 1
    assert page.url.endswith(f"/arbeitsbereich/personen/{known.memberships.get().person_id}/")
    visit(page, axe, f"/arbeitsbereich/personen/{Person.objects.get(user=citizen).pk}/"
                     "wiedervorlage/")
    shot(page, f"follow-up-new-{width}")


def test_lists_at_320_px(page, axe, live_server, citizen, caseworker):
    _lists(page, axe, live_server, citizen, caseworker, "320")


def test_lists_at_1280_px(desktop_page, axe, live_server, citizen, caseworker):
    _lists(desktop_page, axe, live_server, citizen, caseworker, "1280")


def _settings(page, axe, live_server, jobcenter_admin, caseworker, width):
    sign_in(page, live_server, jobcenter_admin)
    visit(page, axe, "/arbeitsbereich/verwaltung/")
    shot(page, f"administration-{width}")
    visit(page, axe, "/arbeitsbereich/verwaltung/einstellungen/")
    shot(page, f"settings-{width}")
    page.get_by_label("Postleitzahl").fill("1234")
    with page.expect_navigation():
        page.get_by_role("button", name="Einstellungen speichern").click()
    check_page(page, axe)
    assert page.get_by_text("fünf Ziffern").count() >= 1
    page.get_by_label("Postleitzahl").fill("11111")
    page.get_by_label("Öffnungszeiten").fill("Mo–Fr 8–12 Uhr\nDo 14–18 Uhr")
    with page.expect_navigation():
        page.get_by_role("button", name="Einstellungen speichern").click()
    check_page(page, axe)
    assert page.get_by_text("Die Einstellungen wurden gespeichert").count() == 1
    assert page.get_by_text("Do 14–18 Uhr").count() >= 1
    visit(page, axe, f"/arbeitsbereich/verwaltung/mitarbeitende/{caseworker.pk}/")
    shot(page, f"staff-edit-{width}")


def test_settings_at_320_px(page, axe, live_server, jobcenter_admin, caseworker):
    _settings(page, axe, live_server, jobcenter_admin, caseworker, "320")


def test_settings_at_1280_px(desktop_page, axe, live_server, jobcenter_admin, caseworker):
    _settings(desktop_page, axe, live_server, jobcenter_admin, caseworker, "1280")
