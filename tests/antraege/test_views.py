"""Views: the owner sees, another citizen gets 404, a caseworker of another Jobcenter 403/404."""

from __future__ import annotations

import datetime as dt
import json

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from jobcenter.antraege import forms_meta, services
from jobcenter.formengine.services import upload_create
from tests.antraege.conftest import png_bytes
from tests.conftest import login

pytestmark = pytest.mark.django_db


@pytest.fixture
def submission(citizen, make_draft, django_capture_on_commit_callbacks):
    draft = make_draft(citizen, "erstausstattung", {})
    upload = upload_create(
        draft=draft,
        question_id="mutterpass",
        file=SimpleUploadedFile("mutterpass.png", png_bytes(), content_type="image/png"),
    )
    draft.answers = {
        "anlaesse": ["schwangerschaft"],
        "geburt_entbindungstermin": "2027-02-01",
        "geburt_bedarf": ["baby"],
        "mutterpass": [upload.pk],
    }
    draft.save()
    with django_capture_on_commit_callbacks(execute=True):  # the receipt renders after commit
        submission = services.submission_create_from_draft(draft=draft, user=citizen)
    submission.refresh_from_db()
    return submission


def urls(submission):
    ref = submission.reference
    return [
        reverse("antraege:detail", kwargs={"reference": ref}),
        reverse("antraege:receipt", kwargs={"reference": ref}),
        reverse("antraege:export", kwargs={"reference": ref}),
        reverse(
            "antraege:attachment",
            kwargs={"reference": ref, "pk": submission.attachments.get().pk},
        ),
    ]


def test_the_owner_sees_the_confirmation_and_downloads(client, citizen, submission):
    login(client, citizen)
    detail, pdf, export, attachment = urls(submission)

    page = client.get(detail)
    assert page.status_code == 200
    assert submission.reference in page.content.decode()
    assert "Eingegangen" in page.content.decode()
    assert "mutterpass.png" in page.content.decode()

    response = client.get(pdf)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF-")

    response = client.get(export)
    assert response.status_code == 200
    assert json.loads(b"".join(response.streaming_content))["data"]["reference"] == (
        submission.reference
    )
    assert "attachment" in response["Content-Disposition"]

    response = client.get(attachment)
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"\x89PNG")


def test_another_citizen_gets_404_everywhere(client, other_citizen, submission):
    login(client, other_citizen)
    for url in urls(submission):
        assert client.get(url).status_code == 404, url


def test_a_caseworker_of_another_jobcenter_is_refused(client, other_caseworker, submission):
    login(client, other_caseworker)
    for url in urls(submission):
        assert client.get(url).status_code in (403, 404), url


def test_anonymous_visitors_are_sent_to_login(client, submission):
    for url in urls(submission):
        response = client.get(url)
        assert response.status_code == 302 and "login" in response["Location"]


def test_portal_lists_submissions_with_status_and_receipt(
    client, citizen, other_citizen, submission
):
    login(client, citizen)
    html = client.get(reverse("portal:concerns")).content.decode()
    assert submission.reference in html
    assert "Eingegangen" in html
    concern = client.get(reverse("portal:concern", kwargs={"reference": submission.reference}))
    assert "Eingangsbestätigung" in concern.content.decode()
    assert reverse("formengine:start", kwargs={"form_key": "hauptantrag"}) in html
    docs = client.get(reverse("portal:documents")).content.decode()
    assert "mutterpass.png" in docs

    login(client, other_citizen)
    assert submission.reference not in client.get(reverse("portal:concerns")).content.decode()
    assert submission.reference not in client.get(reverse("portal:documents")).content.decode()


def test_fingerprint_check_page_accepts_an_untouched_export_and_flags_a_changed_one(
    client, citizen, submission
):
    from django.core.files.storage import default_storage

    with default_storage.open(submission.export_name, "rb") as fh:
        raw = fh.read()
    url = reverse("antraege:verify")
    response = client.post(url, {"export": SimpleUploadedFile("a.json", raw)})
    assert response.status_code == 200
    assert "Die Datei ist unverändert." in response.content.decode()

    changed = json.loads(raw)
    changed["data"]["answers"]["geburt_bedarf"] = ["kinderwagen"]
    response = client.post(
        url, {"export": SimpleUploadedFile("a.json", json.dumps(changed).encode())}
    )
    assert "Die Datei wurde verändert." in response.content.decode()

    response = client.post(url, {"export": SimpleUploadedFile("a.json", b"\xff\xfe not json")})
    assert "Das ist keine Export-Datei eines Antrags." in response.content.decode()


def test_a_submit_that_cannot_be_stored_shows_what_to_do_and_keeps_the_draft(
    client, citizen, make_draft
):
    from jobcenter.antraege.models import Submission
    from jobcenter.formengine.models import Draft

    draft = make_draft(
        citizen,
        "erstausstattung",
        {
            "anlaesse": ["schwangerschaft"],
            "geburt_entbindungstermin": "2027-02-01",
            "geburt_bedarf": ["baby"],
            "mutterpass": [987654],
        },
    )
    login(client, citizen)
    response = client.post(
        reverse("formengine:submit", kwargs={"draft_id": draft.public_id}), {"declaration": "1"}
    )
    assert response.status_code == 422
    assert "Eine hochgeladene Datei fehlt." in response.content.decode()
    draft.refresh_from_db()
    assert draft.status == Draft.Status.OPEN
    assert Submission.objects.count() == 0


def test_intake_topics_follow_the_active_language(citizen, submission):
    from django.utils import translation

    from jobcenter.antraege.selectors import submission_for_intake

    with translation.override("en"):
        titles = [title for _key, title, _rows in submission_for_intake(submission.pk).topics]
    assert "Pregnancy and birth" in titles


@pytest.mark.parametrize(("submitted_at", "title"), [
    # 23:30 on 30 June 2026 in Berlin (CEST): still a Bürgergeld application
    (dt.datetime(2026, 6, 30, 21, 30, tzinfo=dt.UTC), "Antrag auf Bürgergeld"),
    # 00:30 on 1 July in Berlin, still 30 June in UTC: Grundsicherungsgeld, as the receipt says
    (dt.datetime(2026, 6, 30, 22, 30, tzinfo=dt.UTC), "Antrag auf Grundsicherungsgeld"),
])
def test_the_title_follows_the_berlin_day_of_submission(client, citizen, make_draft,
                                                        submitted_at, title):
    with time_machine.travel(submitted_at, tick=False):
        submission = services.submission_create_from_draft(draft=make_draft(citizen),
                                                           user=citizen)
    assert forms_meta.submission_title(submission) == title
    login(client, citizen)
    page = client.get(reverse("antraege:detail", kwargs={"reference": submission.reference}))
    html = page.content.decode()
    (other,) = {"Antrag auf Bürgergeld", "Antrag auf Grundsicherungsgeld"} - {title}
    assert title in html and other not in html
