"""The four SGB II forms end to end in a real browser at 320 px (axe-checked on every page):
start, fill, leave and resume after logout, upload, preview, declaration, receipt — and a
resubmission through the back button creates nothing twice."""

from __future__ import annotations

import io
import re

from jobcenter.antraege import services
from jobcenter.antraege.models import Submission
from jobcenter.formengine import registry
from jobcenter.formengine.services import draft_start
from tests.browser.conftest import check_page, fill_date, sign_in, visit
from tests.browser.shots import Shots

BASE: list[str] = []
shot = Shots("JC_SCREENSHOTS", width_in_name=True)  # a folder: save screenshots there


def login(page, axe, user):
    """Sign in (``sign_in``), then open the portal like after a login."""
    sign_in(page, BASE[0], user)
    visit(page, axe, "/portal/")


import pytest  # noqa: E402


@pytest.fixture(autouse=True)
def _base_url(live_server):
    BASE[:] = [live_server.url]


def logout(page):
    with page.expect_navigation():
        page.get_by_role("button", name="Abmelden").first.click()
    page.wait_for_load_state()
    assert page.get_by_role("button", name="Abmelden").count() == 0


def start(page, axe, form_key):
    visit(page, axe, f"/formulare/{form_key}/")
    with page.expect_navigation():
        page.get_by_role("button", name=re.compile("Jetzt beginnen|Neu beginnen")).first.click()
    page.wait_for_load_state()
    check_page(page, axe)


def next_page(page, axe):
    with page.expect_navigation():  # every "Weiter" posts the page
        page.get_by_role("button", name="Weiter", exact=True).click()
    page.wait_for_load_state()
    check_page(page, axe)


def group(page, name):
    return page.get_by_role("group", name=name)


def heading(page):
    return page.get_by_role("heading", level=1).inner_text()


def submit_from_summary(page, axe):
    assert heading(page) == "Angaben prüfen"
    page.get_by_role("link", name="Weiter zur Erklärung").click()
    page.wait_for_load_state()
    check_page(page, axe)
    page.locator("#f-declaration").check()
    page.get_by_role("button", name="Verbindlich absenden").click()
    page.wait_for_url(re.compile(r".*/portal/antraege/JC-\d{4}-\d{6}/$"))
    check_page(page, axe)
    return page.url.rstrip("/").rsplit("/", 1)[1]


def png() -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), (20, 120, 200)).save(buffer, "PNG")
    return buffer.getvalue()


def test_hauptantrag_single_person_with_resume_after_logout_and_no_double_submit(
    page, axe, citizen
):
    login(page, axe, citizen)
    start(page, axe, "hauptantrag")

    assert heading(page) == "Über Sie"
    assert page.get_by_label("Vorname", exact=True).input_value() == "Alice"  # prefilled
    page.get_by_label("Straße und Hausnummer", exact=True).fill("Lindenweg 5")
    page.get_by_label("Postleitzahl", exact=True).fill("11111")
    page.get_by_label("Ort", exact=True).fill("Alphastadt")
    next_page(page, axe)

    assert heading(page) == "Bankverbindung"
    page.get_by_label("IBAN", exact=True).fill("DE02 1203 0000 0000 2020 51")
    next_page(page, axe)

    assert heading(page) == "Ihre Situation"
    group(page, "Leben weitere Personen mit Ihnen in der Wohnung?").get_by_label(
        "Nein", exact=True
    ).check()
    page.get_by_label("Nein, niemand hat Einkommen", exact=True).check()
    group(
        page, "Haben Sie und die Personen in Ihrem Haushalt zusammen erhebliches Vermögen?"
    ).get_by_label("Nein").check()
    page.get_by_label("Nein, nichts davon", exact=True).check()
    next_page(page, axe)

    assert heading(page) == "Wohnung und Heizung"
    # Leave in the middle: log out, log in again, resume from the account.
    logout(page)
    login(page, axe, citizen)
    visit(page, axe, "/portal/anliegen/")
    page.get_by_role("link", name=re.compile("Fortsetzen")).first.click()
    page.wait_for_load_state()
    check_page(page, axe)
    assert heading(page) == "Wohnung und Heizung"

    page.get_by_label("Zur Miete oder Untermiete", exact=True).check()
    if page.get_by_label("Kaltmiete im Monat", exact=True).count() == 0:
        next_page(page, axe)  # the engine reveals same-page follow-up questions after saving
    page.get_by_label("Kaltmiete im Monat", exact=True).fill("400,00")
    page.get_by_label("Nebenkosten im Monat (ohne Heizung)", exact=True).fill("80")
    page.get_by_label("Heizkosten im Monat", exact=True).fill("70,50")
    page.get_by_label("Über die Heizung (zentral)", exact=True).check()
    next_page(page, axe)

    assert heading(page) == "Kranken- und Pflegeversicherung"
    page.get_by_label("Gesetzlich versichert", exact=True).check()
    if page.get_by_label("Name der Krankenkasse oder Versicherung", exact=True).count() == 0:
        next_page(page, axe)
    page.get_by_label("Name der Krankenkasse oder Versicherung", exact=True).fill("AOK")
    next_page(page, axe)

    # Summary with the unverbindliche Vorabberechnung (or what is missing).
    assert page.get_by_role("heading", name="Unverbindliche Vorabberechnung").count() == 1
    reference = submit_from_summary(page, axe)

    assert page.get_by_text("Ihr Antrag ist eingegangen").count() >= 1
    submission = Submission.objects.get(reference=reference)
    assert submission.answers["kaltmiete"] == "400.00"
    assert submission.sgb2_request is not None

    # Back button to the declaration and send again: still exactly one submission.
    page.go_back()
    page.wait_for_load_state()
    check_page(page, axe)
    if page.locator("#f-declaration").count():
        page.locator("#f-declaration").check()
        page.get_by_role("button", name="Verbindlich absenden").click()
        page.wait_for_url(f"**/portal/antraege/{reference}/")
        check_page(page, axe)
    assert Submission.objects.filter(user=citizen).count() == 1
    # A second POST of the declaration (a double click that got through) lands on the same one.
    from django.conf import settings

    draft_id = Submission.objects.get().draft_key
    token = next(
        c["value"] for c in page.context.cookies() if c["name"] == settings.CSRF_COOKIE_NAME
    )
    response = page.request.post(
        f"/formulare/entwurf/{draft_id}/absenden/",
        form={"declaration": "1", "csrfmiddlewaretoken": token},
        headers={"Referer": BASE[0] + "/"},
        max_redirects=0,
    )
    assert response.status == 302, response.status
    assert response.headers["location"].endswith(f"/portal/antraege/{reference}/")
    assert Submission.objects.filter(user=citizen).count() == 1

    visit(page, axe, "/portal/anliegen/")
    assert page.get_by_text(reference).count() >= 1
    visit(page, axe, "/portal/dokumente/")
    response = page.request.get(f"/portal/antraege/{reference}/eingangsbestaetigung.pdf")
    assert response.ok and response.body().startswith(b"%PDF-")


def _previous_hauptantrag(citizen):
    from tests.antraege.test_mapping import single_no_income

    draft = draft_start(user=citizen, form=registry.get_form("hauptantrag"))
    draft.answers = single_no_income()
    draft.save()
    return services.submission_create_from_draft(draft=draft, user=citizen)


def _current_bewilligung(citizen):
    """A Bewilligung issued to the citizen: the Weiterbewilligung is offered only with one."""
    import dataclasses

    from jobcenter.casefiles.services import case_intake
    from jobcenter.core.roles import Role
    from jobcenter.decisions import services as decisions
    from tests.casefiles.conftest import make_submission
    from tests.decisions.conftest import sgb2_request
    from tests.factories import StaffFactory

    caseworker = StaffFactory(jobcenter=citizen.jobcenter, role=Role.LEISTUNG)
    case = case_intake(submission=dataclasses.replace(
        make_submission(user=citizen), sgb2_request=sgb2_request(monat="2026-12")))
    decision = decisions.decision_create(case=case, decision_type_key="bewilligung",
                                         actor=caseworker)
    return decisions.decision_finalize(decision=decision, actor=caseworker)


def test_weiterbewilligung_nothing_changed_takes_one_page(page, axe, citizen):
    _previous_hauptantrag(citizen)
    _current_bewilligung(citizen)
    login(page, axe, citizen)
    start(page, axe, "weiterbewilligung")

    page.get_by_label("Es hat sich nichts geändert", exact=True).check()
    next_page(page, axe)
    assert page.get_by_role("heading", name="Unverbindliche Vorabberechnung").count() == 1
    reference = submit_from_summary(page, axe)

    submission = Submission.objects.get(reference=reference)
    assert submission.nothing_changed is True
    assert submission.sgb2_request["unterkunft"]["bruttokaltmiete"] == 480.0


def test_veraenderungsmitteilung_asks_only_the_chosen_change(page, axe, citizen):
    _previous_hauptantrag(citizen)
    login(page, axe, citizen)
    start(page, axe, "veraenderung")

    page.get_by_label("Neue Bankverbindung", exact=True).check()
    if page.get_by_label("Seit wann gilt die Änderung?", exact=True).count() == 0:
        next_page(page, axe)
    fill_date(page, "Seit wann gilt die Änderung?", "1", "11", "2026")
    next_page(page, axe)

    assert heading(page) == "Bankverbindung"
    page.get_by_label("IBAN", exact=True).fill("DE89370400440532013000")
    next_page(page, axe)
    reference = submit_from_summary(page, axe)

    submission = Submission.objects.get(reference=reference)
    assert submission.answers["aenderungen"] == ["konto"]
    assert submission.answers["iban"] == "DE89370400440532013000"
    assert "umzug" not in str(submission.topics)


def test_erstausstattung_with_an_upload(page, axe, citizen):
    login(page, axe, citizen)
    start(page, axe, "erstausstattung")

    page.get_by_label("Erstausstattung bei Schwangerschaft und Geburt", exact=True).check()
    next_page(page, axe)

    assert heading(page) == "Schwangerschaft und Geburt"
    fill_date(page, "Voraussichtlicher oder tatsächlicher Entbindungstermin", "1", "3", "2027")
    page.get_by_label("Babyerstausstattung (Kleidung, Windeln, Pflege)", exact=True).check()
    page.get_by_label(re.compile("^Mutterpass")).set_input_files(
        {"name": "mutterpass.png", "mimeType": "image/png", "buffer": png()}
    )
    page.get_by_role("button", name="Datei hochladen").click()
    page.wait_for_load_state()
    check_page(page, axe)
    assert page.get_by_role("link", name="mutterpass.png").count() == 1
    next_page(page, axe)

    reference = submit_from_summary(page, axe)
    assert page.get_by_role("link", name="mutterpass.png").count() == 1
    submission = Submission.objects.get(reference=reference)
    assert submission.attachments.get().title == "mutterpass.png"


def test_weiterbewilligung_works_without_javascript(nojs_page, axe, citizen):
    _previous_hauptantrag(citizen)
    _current_bewilligung(citizen)
    page = nojs_page
    sign_in(page, BASE[0], citizen)
    page.goto("/formulare/weiterbewilligung/")
    page.get_by_role("button", name=re.compile("Jetzt beginnen|Neu beginnen")).first.click()
    page.get_by_label("Es hat sich etwas geändert", exact=True).check()
    page.get_by_role("button", name="Weiter", exact=True).click()
    page.get_by_label("Bankverbindung", exact=True).check()
    page.get_by_role("button", name="Weiter", exact=True).click()
    assert heading(page) == "Bankverbindung"
    assert page.get_by_label("IBAN", exact=True).input_value()  # the current state, prefilled
    page.get_by_label("IBAN", exact=True).fill("DE89370400440532013000")
    page.get_by_role("button", name="Weiter", exact=True).click()
    assert heading(page) == "Angaben prüfen"
    page.get_by_role("link", name="Weiter zur Erklärung").click()
    page.locator("#f-declaration").check()
    page.get_by_role("button", name="Verbindlich absenden").click()
    page.wait_for_url(re.compile(r".*/portal/antraege/JC-\d{4}-\d{6}/$"))
    reference = page.url.rstrip("/").rsplit("/", 1)[1]
    submission = Submission.objects.get(reference=reference)
    assert submission.nothing_changed is False
    assert submission.answers["geaenderte_themen"] == ["konto"]
    assert submission.sgb2_request["unterkunft"]["bruttokaltmiete"] == 480.0


def test_the_household_person_choice_is_accessible(page, axe, citizen):
    """"Wer arbeitet?" offers the persons entered before, as radio buttons (axe, 320 px);
    the choice is kept and shown in the summary."""
    from tests.antraege.test_household_choice import family

    draft = draft_start(user=citizen, form=registry.get_form("hauptantrag"))
    draft.answers = family(erwerbseinkommen=[{"ek_arbeitgeber": "Café", "ek_brutto": "520.00",
                                              "ek_netto": "520.00"}])
    draft.save()
    login(page, axe, citizen)
    from django.urls import reverse

    visit(page, axe, reverse("formengine:page", args=[draft.public_id, "erwerb"]))
    page.get_by_role("radio", name="Kim (geboren am 09.09.2009)").check()
    page.get_by_role("button", name="Weiter", exact=True).click()
    page.wait_for_load_state()
    check_page(page, axe)
    draft.refresh_from_db()
    assert draft.answers["erwerbseinkommen"][0]["ek_person"] == "Kim (2009-09-09)"
    visit(page, axe, reverse("formengine:summary", args=[draft.public_id]))
    assert "Kim (geboren am 09.09.2009)" in page.content()


def test_a_receipt_being_made_says_so_refreshes_without_javascript_then_downloads(
        page, nojs_page, axe, citizen):
    """Issue 11: the receipt is rendered after the submit. Until it is there, its link
    leads to an accessible "wird erstellt" page (checked at 320 px and on a desktop) that
    loads the same address again by itself — without JavaScript — and then the PDF."""
    draft = draft_start(user=citizen, form=registry.get_form("hauptantrag"))
    from tests.antraege.test_mapping import single_no_income

    draft.answers = single_no_income()
    draft.save(update_fields=["answers"])
    submission = services.submission_create_from_draft(draft=draft, user=citizen)
    submission.refresh_from_db()
    ready = {f: getattr(submission, f) for f in ("receipt_name", "receipt_sha256",
                                                  "receipt_size")}
    Submission.objects.filter(pk=submission.pk).update(receipt_name="", receipt_sha256="",
                                                        receipt_size=0)
    url = f"/portal/antraege/{submission.reference}/eingangsbestaetigung.pdf"

    login(page, axe, citizen)
    visit(page, axe, f"/portal/antraege/{submission.reference}/")
    assert "wird gerade erstellt" in page.content()
    response = visit(page, axe, url)
    assert response.status == 202
    assert page.get_by_role("heading", level=1).inner_text() == (
        "Eingangsbestätigung wird erstellt")
    assert page.get_by_role("status").count() == 1
    shot(page, "receipt-pending")
    page.set_viewport_size({"width": 1280, "height": 800})
    check_page(page, axe)
    shot(page, "receipt-pending")

    nojs = nojs_page
    sign_in(nojs, BASE[0], citizen)
    nojs.goto(url)
    nojs.wait_for_url(re.compile(r"versuch=1$"), timeout=10_000)  # the page reloaded itself
    Submission.objects.filter(pk=submission.pk).update(**ready)  # the worker is done
    with nojs.expect_response(lambda r: "eingangsbestaetigung" in r.url and r.status == 200,
                              timeout=10_000) as reloaded:
        pass  # the next reload is the PDF
    assert reloaded.value.headers["content-type"] == "application/pdf"
