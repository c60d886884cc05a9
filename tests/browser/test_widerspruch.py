"""The Widerspruch in a real browser at 320 px, every page checked with axe: the citizen
files one against a Bescheid in the account (with the note on the written form) and gets
the receipt; staff register it (form and deadline) and hand it to the Widerspruchsstelle,
whose member issues the Widerspruchsbescheid; the citizen sees the result in plain words
and the Klagefrist under "Dokumente"."""

from __future__ import annotations

import dataclasses

from jobcenter.core.roles import Role
from jobcenter.decisions import services as decisions
from jobcenter.decisions.models import DeliveryPreference
from jobcenter.jobcenters.models import Team
from jobcenter.rechtsbehelfe.models import Widerspruch, WiderspruchSettings
from tests.browser.conftest import check_page, sign_in, visit
from tests.browser.shots import Shots
from tests.casefiles.conftest import make_submission
from tests.decisions.conftest import sgb2_request
from tests.factories import StaffFactory

shot = Shots("WIDERSPRUCH_SHOTS")


def test_citizen_files_staff_register_board_decides_citizen_sees(page, axe, live_server,
                                                                 citizen, caseworker,
                                                                 jobcenter):
    from jobcenter.casefiles.services import case_intake

    team = Team.objects.create(jobcenter=jobcenter, name="Widerspruchsstelle")
    WiderspruchSettings.objects.create(jobcenter=jobcenter, court_name="Sozialgericht Alpha",
                                       court_street="Gerichtsweg 5", court_postcode="11111",
                                       court_city="Alphastadt", widerspruchsstelle=team)
    board = StaffFactory(jobcenter=jobcenter, email="wilma@alpha.example", role=Role.LEISTUNG,
                         team=team)
    DeliveryPreference.objects.create(user=citizen, channel="online")
    case = case_intake(submission=dataclasses.replace(make_submission(user=citizen),
                                                      sgb2_request=sgb2_request()))
    draft = decisions.decision_create(case=case, decision_type_key="bewilligung",
                                      actor=caseworker)
    bescheid = decisions.decision_finalize(decision=draft, actor=caseworker)

    sign_in(page, live_server, citizen)
    visit(page, axe, "/portal/dokumente/")
    page.get_by_role("link", name="Nicht einverstanden? Widerspruch einlegen").click()
    check_page(page, axe)
    assert page.get_by_text("Die Anmeldung in Ihrem Kundenkonto erfüllt diese Form nicht",
                            exact=False).count() == 1
    page.get_by_role("button", name="Widerspruch absenden").click()
    check_page(page, axe)  # the note on the written form must be confirmed
    assert page.get_by_text("Bitte bestätigen Sie", exact=False).count() >= 1
    shot(page, "citizen-create-error-320")
    page.get_by_label("einen Teil des Bescheids").check()
    page.get_by_label("Welcher Teil?").fill("Die Heizkosten")
    page.get_by_label("Begründung").fill("Die Heizkosten sind zu niedrig angesetzt.")
    page.get_by_label("Ich habe gelesen", exact=False).check()
    page.get_by_role("button", name="Widerspruch absenden").click()
    check_page(page, axe)
    w = Widerspruch.objects.get()
    assert page.get_by_text(w.content_hash).count() == 1
    assert page.get_by_role("heading", name="Bitte schriftlich bestätigen").count() == 1
    shot(page, "citizen-receipt-320")

    sign_in(page, live_server, caseworker)
    visit(page, axe, "/arbeitsbereich/widersprueche/")
    shot(page, "staff-list-320")
    page.get_by_role("link", name=w.reference).click()
    check_page(page, axe)
    page.get_by_label("Nein oder noch nicht", exact=False).check()
    page.get_by_label("Vermerk zur Form").fill("Unterschriebene Fassung angefordert")
    page.get_by_role("button", name="Registrieren").click()
    check_page(page, axe)
    assert page.get_by_text("fristgerecht").count() >= 1
    shot(page, "staff-review-320")
    page.get_by_role("button", name="Nicht abhelfen: an die Widerspruchsstelle abgeben").click()
    check_page(page, axe)
    assert page.get_by_role("button", name="Widerspruchsbescheid erlassen").count() == 0

    sign_in(page, live_server, board)
    visit(page, axe, f"/arbeitsbereich/widersprueche/{w.pk}/")
    page.get_by_label("zurückgewiesen (unbegründet)").check()
    page.get_by_label("Sachverhalt und Gründe").fill(
        "Die Heizkosten sind in voller Höhe der Abrechnung berücksichtigt.")
    page.get_by_label("Aufwendungen werden nicht erstattet.").check()
    shot(page, "staff-board-320")
    page.get_by_role("button", name="Widerspruchsbescheid erlassen").click()
    check_page(page, axe)
    w.refresh_from_db()
    assert w.status == Widerspruch.Status.DECIDED and w.ruling is not None

    sign_in(page, live_server, citizen)
    visit(page, axe, f"/portal/widerspruch/{w.pk}/")
    assert page.get_by_text("Wir können Ihrem Widerspruch nicht folgen.", exact=False
                            ).count() == 1
    shot(page, "citizen-decided-320")
    visit(page, axe, "/portal/dokumente/")
    assert page.get_by_text("Klage beim Sozialgericht ist bis zum", exact=False).count() == 1
    assert bescheid.pk != w.ruling_id
