"""Legal pages per Jobcenter: defaults by kind, edited by its admin only, the feedback form
reaches the Jobcenter, the short privacy notice before every submission."""

from __future__ import annotations

import pytest
from django.core import mail
from django.urls import reverse

from jobcenter.jobcenters.models import AccessibilityFeedback, Jobcenter, LegalTexts
from tests.conftest import login

pytestmark = pytest.mark.django_db


def test_privacy_statement_has_every_part_of_art_13(client, jobcenter):
    jobcenter.kind = Jobcenter.Kind.GEMEINSAME_EINRICHTUNG
    jobcenter.save()
    body = client.get(reverse("legal:privacy", args=[jobcenter.slug])).content.decode()
    for part in ("Wer ist verantwortlich", jobcenter.street, "Datenschutzbeauftragte",
                 "Rechtsgrundlage", "§§ 67a, 67b SGB X", "§ 50 SGB II", "Wer Ihre Daten erhält",
                 "§ 69 SGB X", "Wie lange", "Art. 15 DSGVO", "Art. 77 DSGVO",
                 "Graurheindorfer Straße 153", "§ 31a SGB X", "§ 60"):
        assert part in body, part
    assert "Tage nach der letzten Änderung" in body  # the drafts' real retention


def test_a_zkt_gets_the_land_authority_and_the_admins_entries_replace_defaults(
        client, jobcenter):
    jobcenter.kind, jobcenter.land = Jobcenter.Kind.ZKT, "HE"
    jobcenter.save()
    body = client.get(reverse("legal:privacy", args=[jobcenter.slug])).content.decode()
    assert "Landesbeauftragte für den Datenschutz in Hessen" in body
    assert "Graurheindorfer" not in body
    LegalTexts.objects.create(jobcenter=jobcenter, dpo_name="Dr. Daten Schutz",
                              dpo_email="dsb@alpha.example",
                              supervisory_authority="HBDI, Gustav-Stresemann-Ring 1")
    body = client.get(reverse("legal:privacy", args=[jobcenter.slug])).content.decode()
    assert "Dr. Daten Schutz" in body and "dsb@alpha.example" in body and "HBDI" in body


def test_imprint_and_accessibility_statement(client, jobcenter):
    body = client.get(reverse("legal:imprint", args=[jobcenter.slug])).content.decode()
    assert jobcenter.name in body and jobcenter.phone in body and "Aufsicht" in body
    body = client.get(reverse("legal:accessibility", args=[jobcenter.slug])).content.decode()
    for part in ("BITV 2.0", "teilweise vereinbar", "Nicht barrierefreie Inhalte",
                 "PDF/UA", "§ 10 BGG", "Schlichtungsverfahren", "§ 16 BGG",
                 "Rückmeldung senden"):
        assert part in body, part


def test_unknown_or_inactive_jobcenter_is_404(client, jobcenter):
    assert client.get(reverse("legal:privacy", args=["gibt-es-nicht"])).status_code == 404
    jobcenter.is_active = False
    jobcenter.save()
    assert client.get(reverse("legal:privacy", args=[jobcenter.slug])).status_code == 404


def test_platform_pages_list_the_jobcenters_or_lead_to_the_own_one(client, jobcenter,
                                                                    other_jobcenter, citizen):
    body = client.get(reverse("core:privacy")).content.decode()
    assert reverse("legal:privacy", args=["alpha"]) in body
    assert reverse("legal:privacy", args=["beta"]) in body
    login(client, citizen)
    response = client.get(reverse("core:privacy"))
    assert response["Location"] == reverse("legal:privacy", args=["alpha"])
    footer = client.get(reverse("portal:overview")).content.decode()
    assert reverse("legal:accessibility", args=["alpha"]) in footer


def test_feedback_reaches_the_jobcenter(client, jobcenter, django_capture_on_commit_callbacks):
    url = reverse("legal:accessibility", args=[jobcenter.slug])
    response = client.post(url, {"message": "", "contact": "kein-mail"})
    body = response.content.decode()
    assert response.status_code == 400
    assert "Bitte beschreiben Sie die Barriere." in body and "gültige E-Mail-Adresse" in body
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"message": "Der Kalender ist per Tastatur nicht bedienbar.",
                                     "page": "Termine", "contact": "eva@example.org"})
    assert response.status_code == 302
    feedback = AccessibilityFeedback.objects.get()
    assert feedback.jobcenter == jobcenter and feedback.notified_at is not None
    [message] = mail.outbox
    assert message.to == [jobcenter.email]
    assert "Kalender" not in message.body and "eva@" not in message.body  # no content
    assert reverse("backoffice:legal_feedback") in message.body


def test_feedback_goes_to_the_configured_address_and_is_throttled(
        client, jobcenter, django_capture_on_commit_callbacks):
    LegalTexts.objects.create(jobcenter=jobcenter, feedback_email="barrierefrei@alpha.example")
    url = reverse("legal:accessibility", args=[jobcenter.slug])
    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(5):
            assert client.post(url, {"message": "Barriere"}).status_code == 302
    assert {tuple(m.to) for m in mail.outbox} == {("barrierefrei@alpha.example",)}
    response = client.post(url, {"message": "Barriere"})
    assert response.status_code == 429 and AccessibilityFeedback.objects.count() == 5


def test_only_the_own_jobcenters_admin_edits_the_texts(client, jobcenter, jobcenter_admin,
                                                      caseworker, other_caseworker, citizen):
    url = reverse("backoffice:legal_texts")
    for actor in (citizen, caseworker, other_caseworker):
        login(client, actor)
        assert client.get(url).status_code == 403
        assert client.post(url, {"dpo_name": "X"}).status_code == 403
        client.logout()
    login(client, jobcenter_admin)
    response = client.post(url, {"dpo_name": "Frau Datenschutz", "conformity": "teilweise",
                                 "accessibility_evaluated_on": "31.02.2026",
                                 "dpo_email": "falsch"})
    assert response.status_code == 400
    body = response.content.decode()
    assert "TT.MM.JJJJ" in body and "gültige E-Mail-Adresse" in body
    assert not LegalTexts.objects.exists()
    response = client.post(url, {"dpo_name": "Frau Datenschutz", "conformity": "vollstaendig",
                                 "accessibility_evaluated_on": "01.12.2026"})
    assert response.status_code == 302
    texts = LegalTexts.objects.get(jobcenter=jobcenter)
    assert texts.dpo_name == "Frau Datenschutz" and texts.updated_by == jobcenter_admin
    body = client.get(reverse("legal:accessibility", args=["alpha"])).content.decode()
    assert "vollständig vereinbar" in body and "01.12.2026" in body
    assert "Nicht barrierefreie Inhalte" not in body


def test_feedback_list_is_the_own_jobcenters(client, jobcenter, other_jobcenter,
                                            jobcenter_admin):
    AccessibilityFeedback.objects.create(jobcenter=jobcenter, message="Alpha-Barriere")
    other = AccessibilityFeedback.objects.create(jobcenter=other_jobcenter,
                                                 message="Beta-Barriere")
    login(client, jobcenter_admin)
    body = client.get(reverse("backoffice:legal_feedback")).content.decode()
    assert "Alpha-Barriere" in body and "Beta-Barriere" not in body
    done = reverse("backoffice:legal_feedback_done", args=[other.pk])
    assert client.post(done).status_code == 404
    other.refresh_from_db()
    assert other.handled_at is None


def test_short_privacy_notice_before_every_submission(client, citizen, make_draft):
    draft = make_draft(citizen)
    login(client, citizen)
    body = client.get(reverse("formengine:submit", args=[draft.public_id])).content.decode()
    assert "Ihre Angaben gehen an Jobcenter Alpha" in body
    assert reverse("legal:privacy", args=["alpha"]) in body
    assert "§§ 67a, 67b SGB X" in body
