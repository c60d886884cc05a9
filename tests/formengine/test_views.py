"""The generic views, driven with the engine's test form, with the three actors."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from jobcenter.formengine.models import Draft, FunnelCount, Upload
from tests.conftest import login
from tests.formengine.helpers import (
    PAGE_DATA,
    fill_until_summary,
    page_url,
    png_bytes,
    post_page,
    start,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft(client, citizen):
    login(client, citizen)
    return start(client)


def test_start_prefills_from_provider_and_counts_funnel(draft):
    assert draft.answers["vorname"] == "Alice"
    assert draft.form_key == "engine_test" and draft.form_version == "1"
    assert FunnelCount.objects.get(event="started").count == 1


def test_it_shows_the_page_to_the_owner_only(client, draft, other_citizen, other_caseworker):
    urls = [
        page_url(draft, "person"),
        reverse("formengine:summary", args=[draft.public_id]),
        reverse("formengine:delete", args=[draft.public_id]),
        reverse("formengine:submit", args=[draft.public_id]),
        reverse("formengine:resume", args=[draft.public_id]),
    ]
    for url in urls:
        assert client.get(url).status_code in (200, 302), url
    login(client, other_citizen)
    for url in urls:
        assert client.get(url).status_code == 404, url
    assert client.post(page_url(draft, "person"), {"vorname": "X"}).status_code == 404
    login(client, other_caseworker)
    for url in urls:
        assert client.get(url).status_code == 403, url
    draft.refresh_from_db()
    assert draft.answers["vorname"] == "Alice"


def test_anonymous_is_sent_to_login(draft, client):
    client.logout()
    response = client.get(page_url(draft, "person"))
    assert response.status_code == 302 and "login" in response["Location"]


def test_page_shows_progress_and_step_list(client, draft):
    content = client.get(page_url(draft, "person")).content.decode()
    assert "Schritt 1 von 5" in content  # 4 asked pages (the Nachweis page is hidden) + summary
    assert 'aria-current="step"' in content


def test_missing_answers_give_an_error_summary_linking_to_fields(client, draft):
    response = post_page(
        client, draft, "person", {"vorname": "", "geburtsdatum": "", "familienstand-present": "1"}
    )
    assert response.status_code == 200
    content = response.content.decode()
    assert 'id="error-summary"' in content
    assert 'href="#f-vorname"' in content and 'href="#f-geburtsdatum-tag"' in content
    assert 'href="#f-familienstand-0"' in content
    assert "Bitte füllen Sie dieses Feld aus." in content
    assert 'aria-invalid="true"' in content


def test_next_saves_and_goes_to_the_next_page(client, draft):
    response = post_page(client, draft, "person", PAGE_DATA["person"])
    assert response.status_code == 302 and response["Location"] == page_url(draft, "kontakt")
    draft.refresh_from_db()
    assert draft.answers["geburtsdatum"] == "1990-05-01"
    assert draft.current_page == "kontakt"


def test_back_saves_valid_answers_and_keeps_invalid_input(client, draft):
    post_page(client, draft, "person", PAGE_DATA["person"])
    response = post_page(
        client,
        draft,
        "kontakt",
        {
            "telefon": "abc",
            "anschrift-street": "Weg 1",
            "anschrift-postcode": "11111",
            "anschrift-city": "Alphastadt",
            "einzug": "",
        },
        action="back",
    )
    assert response.status_code == 302 and response["Location"] == page_url(draft, "person")
    draft.refresh_from_db()
    assert draft.answers["anschrift"] == {
        "street": "Weg 1",
        "postcode": "11111",
        "city": "Alphastadt",
    }
    assert "telefon" not in draft.answers
    assert draft.pending_input["telefon"] == "abc"
    content = client.get(page_url(draft, "kontakt")).content.decode()
    assert 'value="abc"' in content


def test_german_money_and_iban_are_stored_normalised(client, draft):
    fill_until_summary(client, draft)
    draft.refresh_from_db()
    assert draft.answers["einkommen"] == "1234.56"
    assert draft.answers["iban"] == "DE02120300000000202051"
    assert draft.answers["hat_kinder"] is False


def test_invalid_values_get_clear_messages(client, draft):
    post_page(client, draft, "person", PAGE_DATA["person"])
    post_page(client, draft, "kontakt", PAGE_DATA["kontakt"])
    post_page(client, draft, "kinder", PAGE_DATA["kinder"])
    response = post_page(
        client,
        draft,
        "geld",
        {**PAGE_DATA["geld"], "einkommen": "-5", "iban": "DE00 1234", "stunden": "200"},
    )
    content = response.content.decode()
    assert "Der Betrag darf nicht negativ sein." in content
    assert "Diese IBAN ist nicht gültig." in content
    assert "Bitte geben Sie eine Zahl bis 80 an." in content


def test_postcode_outside_platform_is_refused(client, draft):
    post_page(client, draft, "person", PAGE_DATA["person"])
    response = post_page(
        client, draft, "kontakt", {**PAGE_DATA["kontakt"], "anschrift-postcode": "99999"}
    )
    assert "kein Jobcenter auf dieser Plattform zuständig" in response.content.decode()


def test_cross_field_rule_child_younger_than_parent(client, draft):
    post_page(client, draft, "person", PAGE_DATA["person"])
    post_page(client, draft, "kontakt", PAGE_DATA["kontakt"])
    response = post_page(
        client,
        draft,
        "kinder",
        {
            "hat_kinder-present": "1",
            "hat_kinder": "ja",
            "kinder-count": "1",
            "kinder-0-kind_vorname": "Bo",
            "kinder-0-kind_geburtsdatum": "1980-01-01",
            "_shown": ["hat_kinder", "kinder-0-kind_vorname", "kinder-0-kind_geburtsdatum"],
        },
    )
    content = response.content.decode()
    assert response.status_code == 200
    assert "Das Kind muss jünger sein als Sie." in content
    assert 'href="#f-kinder-0-kind_geburtsdatum-tag"' in content


def test_question_revealed_on_the_same_page_is_asked_not_reported(client, draft):
    data = {
        **PAGE_DATA["person"],
        "familienstand": "verheiratet",
        "_shown": ["vorname", "geburtsdatum", "familienstand"],
    }
    response = post_page(client, draft, "person", data)
    content = response.content.decode()
    assert response.status_code == 200
    assert "weitere Fragen ergänzt" in content
    assert 'id="f-partner_name"' in content
    assert 'id="error-summary"' not in content


def test_hidden_answers_are_excluded_from_final_answers(client, draft):
    post_page(
        client,
        draft,
        "person",
        {**PAGE_DATA["person"], "familienstand": "verheiratet", "partner_name": "Pat"},
    )
    draft.refresh_from_db()
    assert draft.final_answers()["partner_name"] == "Pat"
    post_page(client, draft, "person", PAGE_DATA["person"])  # back to "ledig"
    draft.refresh_from_db()
    assert draft.answers.get("partner_name") == "Pat"  # kept in the draft …
    assert "partner_name" not in draft.final_answers()  # … but never submitted


def test_group_add_and_remove_without_javascript(client, draft):
    post_page(client, draft, "person", PAGE_DATA["person"])
    post_page(client, draft, "kontakt", PAGE_DATA["kontakt"])
    base = {
        "hat_kinder-present": "1",
        "hat_kinder": "ja",
        "kinder-count": "1",
        "kinder-0-kind_vorname": "Bo",
        "kinder-0-kind_geburtsdatum": "2015-01-01",
    }
    response = post_page(client, draft, "kinder", base, action="add:kinder")
    assert response.status_code == 302 and "#f-kinder-1" in response["Location"]
    draft.refresh_from_db()
    assert draft.answers["kinder"] == [
        {"kind_vorname": "Bo", "kind_geburtsdatum": "2015-01-01"},
        {},
    ]
    content = client.get(page_url(draft, "kinder")).content.decode()
    assert 'name="kinder-1-kind_vorname"' in content
    response = post_page(
        client,
        draft,
        "kinder",
        {
            **base,
            "kinder-count": "2",
            "kinder-1-kind_vorname": "Cy",
            "kinder-1-kind_geburtsdatum": "2018-02-02",
        },
        action="remove:kinder:0",
    )
    draft.refresh_from_db()
    assert draft.answers["kinder"] == [{"kind_vorname": "Cy", "kind_geburtsdatum": "2018-02-02"}]


def test_conditional_page_is_skipped_and_shown(client, draft):
    post_page(client, draft, "person", PAGE_DATA["person"])
    post_page(client, draft, "kontakt", PAGE_DATA["kontakt"])
    post_page(client, draft, "kinder", PAGE_DATA["kinder"])
    response = post_page(client, draft, "geld", {**PAGE_DATA["geld"], "einkommen": "0"})
    assert response["Location"] == reverse("formengine:summary", args=[draft.public_id])
    response = client.get(page_url(draft, "nachweis"))
    assert response.status_code == 302  # not asked: redirected on
    response = post_page(client, draft, "geld", PAGE_DATA["geld"])
    assert response["Location"] == page_url(draft, "nachweis")


def test_complete_with_upload_summary_change_link_and_submit(client, draft, citizen):
    fill_until_summary(client, draft)
    upload = SimpleUploadedFile("lohn.png", png_bytes(), content_type="image/png")
    response = post_page(client, draft, "nachweis", {}, files={"lohnnachweis": upload})
    assert response.status_code == 302, response.content.decode()[:2000]
    draft.refresh_from_db()
    stored = Upload.objects.get()
    assert draft.answers["lohnnachweis"] == [stored.pk]
    assert stored.scan_status == Upload.ScanStatus.NOT_SCANNED
    summary = client.get(reverse("formengine:summary", args=[draft.public_id]))
    content = summary.content.decode()
    assert "1.234,56 €" in content and "lohn.png" in content and "01.05.1990" in content
    assert page_url(draft, "person") + "?return=summary#f-vorname" in content
    # "Ändern" returns to the summary.
    response = post_page(
        client,
        draft,
        "person",
        {**PAGE_DATA["person"], "vorname": "Alina"},
        query="?return=summary",
    )
    assert response["Location"] == reverse("formengine:summary", args=[draft.public_id])
    submit_url = reverse("formengine:submit", args=[draft.public_id])
    response = client.post(submit_url, {})
    assert response.status_code == 400 and "Erklärung" in response.content.decode()
    response = client.post(submit_url, {"declaration": "1"})
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.status == Draft.Status.SUBMITTED
    assert draft.final_answers()["vorname"] == "Alina"
    # A resubmission (back button) changes nothing and counts nothing twice.
    client.post(submit_url, {"declaration": "1"})
    assert FunnelCount.objects.get(event="submitted").count == 1
    assert client.get(page_url(draft, "person")).status_code == 200  # "bereits abgeschickt"


def test_submit_refuses_incomplete_draft(client, draft):
    response = client.post(
        reverse("formengine:submit", args=[draft.public_id]), {"declaration": "1"}
    )
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.status == Draft.Status.OPEN
    content = client.get(reverse("formengine:summary", args=[draft.public_id])).content.decode()
    assert "Es fehlen noch Angaben" in content


def test_two_tabs_saving_the_same_page_get_a_conflict(client, draft):
    version = draft.version
    post_page(client, draft, "person", PAGE_DATA["person"], version=version)
    response = post_page(
        client, draft, "person", {**PAGE_DATA["person"], "vorname": "Other"}, version=version
    )
    assert response.status_code == 409
    assert "in einem anderen Fenster geändert" in response.content.decode()
    draft.refresh_from_db()
    assert draft.answers["vorname"] == "Alice"
    response = post_page(
        client,
        draft,
        "person",
        {**PAGE_DATA["person"], "vorname": "Other", "_overwrite": "1"},
        version=version,
    )
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.answers["vorname"] == "Other"


def test_two_tabs_saving_different_pages_merge(client, draft):
    version = draft.version
    post_page(client, draft, "person", PAGE_DATA["person"], version=version)
    response = post_page(client, draft, "kinder", PAGE_DATA["kinder"], version=version)
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.answers["geburtsdatum"] == "1990-05-01" and draft.answers["hat_kinder"] is False


def test_double_upload_of_the_same_file_creates_one_upload(client, draft):
    fill_until_summary(client, draft)
    for _ in range(2):
        upload = SimpleUploadedFile("a.png", png_bytes(), content_type="image/png")
        post_page(
            client,
            draft,
            "nachweis",
            {},
            action="upload:lohnnachweis",
            files={"lohnnachweis": upload},
        )
    assert Upload.objects.count() == 1
    draft.refresh_from_db()
    assert len(draft.answers["lohnnachweis"]) == 1


def test_upload_with_wrong_content_is_refused_with_message(client, draft):
    fill_until_summary(client, draft)
    fake = SimpleUploadedFile(
        "scan.pdf", b"MZ\x90\x00 this is an exe", content_type="application/pdf"
    )
    response = post_page(client, draft, "nachweis", {}, files={"lohnnachweis": fake})
    assert response.status_code == 200
    assert "Diese Datei können wir nicht annehmen." in response.content.decode()
    assert Upload.objects.count() == 0


def test_upload_is_served_to_its_owner_only(client, draft, other_citizen, other_caseworker):
    fill_until_summary(client, draft)
    post_page(
        client,
        draft,
        "nachweis",
        {},
        files={"lohnnachweis": SimpleUploadedFile("a.png", png_bytes(), content_type="image/png")},
    )
    upload = Upload.objects.get()
    url = reverse("formengine:upload", args=[upload.public_id])
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    assert b"".join(response.streaming_content).startswith(b"\x89PNG")
    login(client, other_citizen)
    assert client.get(url).status_code == 404
    login(client, other_caseworker)
    assert client.get(url).status_code == 403


def test_remove_upload(client, draft, django_capture_on_commit_callbacks):
    fill_until_summary(client, draft)
    post_page(
        client,
        draft,
        "nachweis",
        {},
        files={"lohnnachweis": SimpleUploadedFile("a.png", png_bytes(), content_type="image/png")},
    )
    upload = Upload.objects.get()
    name = upload.storage_name
    with django_capture_on_commit_callbacks(execute=True):
        post_page(client, draft, "nachweis", {}, action=f"remove_upload:{upload.pk}")
    assert not Upload.objects.exists()
    assert not default_storage.exists(name)
    draft.refresh_from_db()
    assert draft.answers.get("lohnnachweis") in (None, [])


def test_delete_draft_with_confirmation_deletes_uploads(
    client, draft, django_capture_on_commit_callbacks
):
    fill_until_summary(client, draft)
    post_page(
        client,
        draft,
        "nachweis",
        {},
        files={"lohnnachweis": SimpleUploadedFile("a.png", png_bytes(), content_type="image/png")},
    )
    name = Upload.objects.get().storage_name
    url = reverse("formengine:delete", args=[draft.public_id])
    assert "endgültig gelöscht" in client.get(url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url)
    assert response.status_code == 302
    assert not Draft.objects.exists() and not Upload.objects.exists()
    assert not default_storage.exists(name)
    assert FunnelCount.objects.get(event="abandoned").count == 1


def test_draft_list_shows_expiry_and_warns_when_near(client, draft, settings):
    content = client.get(reverse("formengine:drafts")).content.decode()
    assert "Testformular der Formular-Engine" in content
    assert "automatisch gelöscht" in content and "Dieser Entwurf wird in" not in content
    Draft.objects.filter(pk=draft.pk).update(expires_at=timezone.now() + dt.timedelta(days=3))
    content = client.get(reverse("formengine:drafts")).content.decode()
    assert (
        "Dieser Entwurf wird in 2 Tagen gelöscht." in content
        or "Dieser Entwurf wird in 3 Tagen gelöscht." in content
    )


def test_retention_setting_sets_expiry(client, citizen, settings):
    settings.FORMENGINE_DRAFT_RETENTION_DAYS = 5
    login(client, citizen)
    draft = start(client)
    left = draft.expires_at - timezone.now()
    assert dt.timedelta(days=4, hours=23) < left <= dt.timedelta(days=5)


def test_purge_command_deletes_expired_drafts_and_files(
    client, draft, django_capture_on_commit_callbacks
):
    fill_until_summary(client, draft)
    post_page(
        client,
        draft,
        "nachweis",
        {},
        files={"lohnnachweis": SimpleUploadedFile("a.png", png_bytes(), content_type="image/png")},
    )
    name = Upload.objects.get().storage_name
    keep = start(client, new=True)
    Draft.objects.filter(pk=draft.pk).update(expires_at=timezone.now() - dt.timedelta(minutes=1))
    with django_capture_on_commit_callbacks(execute=True):
        call_command("formengine_purge_drafts")
    assert list(Draft.objects.all()) == [keep]
    assert not default_storage.exists(name)
    from jobcenter.formengine.tasks import purge_expired_drafts

    assert purge_expired_drafts.delay().get() == 0  # idempotent


def test_resume_goes_to_the_current_page(client, draft):
    post_page(client, draft, "person", PAGE_DATA["person"])
    response = client.get(reverse("formengine:resume", args=[draft.public_id]))
    assert response["Location"] == page_url(draft, "kontakt")


def test_start_offers_existing_draft(client, draft):
    content = client.get(reverse("formengine:start", args=["engine_test"])).content.decode()
    assert "Entwurf fortsetzen" in content
    response = client.post(reverse("formengine:start", args=["engine_test"]))
    assert response["Location"] == reverse("formengine:resume", args=[draft.public_id])
    client.post(reverse("formengine:start", args=["engine_test"]), {"new": "1"})
    assert Draft.objects.count() == 2


def test_unknown_form_and_page_are_404(client, draft):
    assert client.get(reverse("formengine:start", args=["gibtsnicht"])).status_code == 404
    assert client.get(page_url(draft, "gibtsnicht")).status_code == 404


def test_draft_list_include_can_be_embedded(rf, draft, citizen, other_citizen):
    from django.template import Context, Template

    template = Template("{% load formengine %}{% formengine_draft_list %}")
    request = rf.get("/")
    request.user = citizen
    assert "Testformular der Formular-Engine" in template.render(Context({"request": request}))
    request.user = other_citizen
    assert "keine angefangenen" in template.render(Context({"request": request}))


def test_pages_use_the_english_texts_of_the_definition(client, draft):
    client.cookies["django_language"] = "en"
    response = client.get(page_url(draft, "person"), HTTP_ACCEPT_LANGUAGE="en")
    content = response.content.decode()
    assert "About you" in content and "Marital status" in content


def test_group_revealed_on_the_same_page_is_offered_not_reported(client, draft):
    post_page(client, draft, "person", PAGE_DATA["person"])
    post_page(client, draft, "kontakt", PAGE_DATA["kontakt"])
    response = post_page(
        client,
        draft,
        "kinder",
        {"hat_kinder-present": "1", "hat_kinder": "ja", "_shown": ["hat_kinder"]},
    )
    content = response.content.decode()
    assert "weitere Fragen ergänzt" in content and 'id="error-summary"' not in content
    assert 'name="kinder-0-kind_vorname"' in content
    response = post_page(
        client,
        draft,
        "kinder",
        {
            "hat_kinder-present": "1",
            "hat_kinder": "ja",
            "kinder-count": "0",
            "_shown": ["hat_kinder", "kinder"],
        },
    )
    assert "Bitte geben Sie mindestens 1 Eintrag an." in response.content.decode()


def test_nul_characters_in_answers_are_dropped_not_a_server_error(client, citizen):
    """PostgreSQL cannot store U+0000 in JSON; the engine removes it from posted input."""
    from jobcenter.formengine.models import Draft

    login(client, citizen)
    response = client.post("/formulare/hauptantrag/", {"new": "1"})
    draft = Draft.objects.filter(owner=citizen).latest("pk")
    page_url = response.url if response.status_code == 302 else None
    assert page_url
    response = client.post(page_url, {"email": "a\x00b@example.org", "_action": "next"})
    assert response.status_code < 500
    draft.refresh_from_db()
    stored = str(draft.pending_input) + str(draft.answers)
    assert "ab@example.org" in stored and "\x00" not in stored


# --- one date input: day, month, year in three boxes (issue 12) -------------------------


def _person_page(client, draft, **boxes):
    data = {"vorname": "Alice", "familienstand-present": "1", "familienstand": "ledig"}
    data.update({f"geburtsdatum-{part}": value for part, value in boxes.items()})
    return post_page(client, draft, "person", data)


def test_a_date_is_typed_in_three_boxes_and_shown_in_them_again(client, draft):
    response = _person_page(client, draft, tag="1", monat="5", jahr="1990")
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.answers["geburtsdatum"] == "1990-05-01"
    html = client.get(reverse("formengine:page", args=[draft.public_id, "person"])).content.decode()
    assert 'name="geburtsdatum-tag"' in html and 'value="1990"' in html
    assert 'type="date"' not in html  # no picker


@pytest.mark.parametrize(("boxes", "message", "wrong"), [
    ({"tag": "1", "monat": "", "jahr": "1990"}, "Bitte ergänzen Sie den Monat.", ["monat"]),
    ({"tag": "", "monat": "", "jahr": "1990"}, "Bitte ergänzen Sie Tag und Monat.",
     ["tag", "monat"]),
    ({"tag": "32", "monat": "5", "jahr": "1990"}, "Der Tag muss zwischen 1 und 31 liegen.",
     ["tag"]),
    ({"tag": "1", "monat": "13", "jahr": "1990"}, "Der Monat muss zwischen 1 und 12 liegen.",
     ["monat"]),
    ({"tag": "1", "monat": "5", "jahr": "90"}, "Das Jahr muss vier Ziffern haben", ["jahr"]),
    ({"tag": "31", "monat": "2", "jahr": "1990"}, "Diesen Tag gibt es in diesem Monat nicht",
     ["tag", "monat"]),
    ({"tag": "1", "monat": "Mai", "jahr": "1990"}, "nur mit Ziffern", ["monat"]),
])
def test_each_date_problem_names_the_box_to_fix_and_keeps_the_input(client, draft, boxes,
                                                                     message, wrong):
    response = _person_page(client, draft, **boxes)
    html = response.content.decode()
    assert response.status_code == 200 and message in html
    for part in ("tag", "monat", "jahr"):
        box = re.search(rf'<input[^>]*id="f-geburtsdatum-{part}"[^>]*>', html)[0]
        assert ('aria-invalid="true"' in box) == (part in wrong), part
        assert f'value="{boxes[part]}"' in box  # nothing typed is lost
    draft.refresh_from_db()
    assert draft.answers.get("vorname") == "Alice"  # the valid answers are kept


def test_the_old_single_field_still_reads(client, draft):
    response = post_page(client, draft, "person", {
        "vorname": "Alice", "geburtsdatum": "01.05.1990", "familienstand-present": "1",
        "familienstand": "ledig"})
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.answers["geburtsdatum"] == "1990-05-01"
