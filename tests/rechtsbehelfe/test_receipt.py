"""The Eingangsbestätigung of a Widerspruch as PDF/A: rendered after commit through the
outbox, filed in the eAkte, "wird erstellt" while pending, downloadable by the citizen only;
golden text from the PDF."""

from __future__ import annotations

import datetime as dt
import re

import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from jobcenter.rechtsbehelfe import receipt, services
from tests.casefiles.conftest import PDF
from tests.conftest import login
from tests.decisions.past_fixtures import pdf_text

# 23:30 in Berlin on 31 December is 22:30 UTC: the receipt shows Berlin time
NEW_YEARS_EVE = dt.datetime(2026, 12, 31, 22, 30, tzinfo=dt.UTC)


def _file(issued, citizen, capture, *, execute=True):
    with time_machine.travel(NEW_YEARS_EVE, tick=False), capture(execute=execute):
        w = services.widerspruch_file_online(
            user=citizen, decision=issued, scope="teil", contested="die Kosten der Unterkunft",
            reasons="Die Miete ist falsch berechnet.\nDer Mietvertrag liegt Ihnen vor.",
            idempotency_key="k1")
    w.refresh_from_db()
    return w


def _text(version) -> str:
    text = pdf_text(version).replace("\xa0", " ")
    return re.sub(r"Geschäftszeichen WS-\S+ Seite \d+ / \d+ ?", "", text)


def test_receipt_golden_and_filed_in_the_eakte(issued, citizen, jobcenter,
                                                django_capture_on_commit_callbacks):
    jobcenter.name, jobcenter.street = "Jobcenter Alpha", "Teststraße 1"
    jobcenter.postcode, jobcenter.city = "99001", "Teststadt"
    jobcenter.save()
    w = _file(issued, citizen, django_capture_on_commit_callbacks)
    assert w.receipt is not None
    document = w.receipt.document
    assert document.case_id == issued.case_id and document.visible_to_citizen
    assert document.document_type.key == "eingangsbestaetigung"
    assert document.title == f"Eingangsbestätigung Widerspruch {w.reference}"
    text = _text(w.receipt)
    person = issued.case.applicant
    name = f"{person.first_name} {person.last_name}"
    label = services.contested_label(issued)
    deadline = issued.objection_deadline.strftime("%d.%m.%Y")
    body = text[text.index("Eingangsbestätigung: Widerspruch"):]
    assert body.strip() == (
        f"Eingangsbestätigung: Widerspruch Guten Tag {name}, Ihr Widerspruch gegen unseren "
        f"{label} ist am 31.12.2026 um 23:30 Uhr bei uns eingegangen. Diese Bestätigung weist "
        "nach, wann er eingegangen ist und was Sie eingereicht haben. "
        "Angabe Inhalt Eingegangen am 31.12.2026 um 23:30 Uhr Eingang im Kundenkonto "
        f"Widerspruch gegen {label} Angefochten einen Teil des Bescheids: die Kosten der "
        f"Unterkunft Geschäftszeichen {w.reference} Aktenzeichen {issued.case.reference} "
        f"Unterlagen keine Prüfsumme (SHA-256) {w.content_hash} "
        "Ihre Begründung Die Miete ist falsch berechnet. Der Mietvertrag liegt Ihnen vor. "
        "Mit der Prüfsumme können Sie später belegen, was Sie eingereicht haben: Jede Änderung "
        "am Inhalt ergäbe eine andere Zahl. Sie wird aus dem Geschäftszeichen, dem Bescheid, "
        "Ihren Angaben und den Prüfsummen der Unterlagen berechnet. "
        "Frist Die Widerspruchsfrist für diesen Bescheid endet nach unserer Berechnung am "
        f"{deadline}. Ob Ihr Widerspruch rechtzeitig und in der richtigen Form eingelegt ist, "
        "prüfen wir, wenn wir ihn bearbeiten; das Ergebnis teilen wir Ihnen mit. "
        "Bitte schriftlich bestätigen Die Eingabe im Kundenkonto ersetzt nicht die "
        "Schriftform. Drucken Sie diese Bestätigung aus, unterschreiben Sie sie und schicken "
        "Sie sie an Jobcenter Alpha, Teststraße 1, 99001 Teststadt. Oder erklären Sie den "
        "Widerspruch im Jobcenter zur Niederschrift. Ort, Datum, Unterschrift: "
        "______________________________________ "
        "Wie es weitergeht Wir prüfen den Bescheid noch einmal. Halten wir Ihren Widerspruch "
        "für begründet, ändern wir den Bescheid mit einem neuen Bescheid (Abhilfe). Sonst "
        "entscheidet unsere Widerspruchsstelle mit einem Widerspruchsbescheid; dieser nennt "
        "Ihnen dann den Weg zum Sozialgericht. Den Stand sehen Sie in Ihrem Kundenkonto unter "
        "„Meine Widersprüche“. Bitte geben Sie bei Fragen das Geschäftszeichen "
        f"{w.reference} an. Diese Bestätigung wurde automatisch erstellt und ist ohne "
        "Unterschrift gültig.")
    # the date block: the day of receipt in Berlin, not the UTC day
    assert f"Geschäftszeichen {w.reference} Aktenzeichen {issued.case.reference} Datum " \
           "31.12.2026" in text
    # a second run renders nothing twice
    assert receipt.receipt_render(widerspruch_id=w.pk) is False


def test_a_letter_recorded_by_staff_gets_no_written_form_note(
        issued, caseworker, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        w = services.widerspruch_record(
            actor=caseworker, decision=issued, channel="post",
            received_on=issued.letter_date, scope="ganz",
            contested="", reasons="",
            upload=SimpleUploadedFile("brief.pdf", PDF, content_type="application/pdf"))
    w.refresh_from_db()
    text = _text(w.receipt)
    assert "Eingang schriftlich (Brief, Fax)" in text
    assert f"Unterlagen Anlage zum Widerspruch {w.reference} (brief.pdf)" in text
    assert "Sie haben noch keine Begründung angegeben. Sie können sie nachreichen." in text
    assert "Bitte schriftlich bestätigen" not in text and "Schriftform" not in text


def test_pending_then_download_for_the_citizen_only(client, issued, citizen, other_citizen,
                                                    caseworker, other_caseworker,
                                                    django_capture_on_commit_callbacks):
    w = _file(issued, citizen, django_capture_on_commit_callbacks, execute=False)
    url = reverse("rechtsbehelfe_citizen:receipt", args=[w.pk])
    login(client, citizen)
    detail = client.get(reverse("rechtsbehelfe_citizen:detail", args=[w.pk])).content.decode()
    assert url in detail
    pending = client.get(url)
    assert pending.status_code == 202 and "Die Eingangsbestätigung wird erstellt" in (
        pending.content.decode())
    assert receipt.receipt_render(widerspruch_id=w.pk) is True
    done = client.get(url)
    assert done.status_code == 200 and done["Content-Type"] == "application/pdf"
    assert b"".join(done.streaming_content).startswith(b"%PDF")
    client.logout()
    login(client, other_citizen)
    assert client.get(url).status_code == 404
    client.logout()
    login(client, other_caseworker)
    assert client.get(url).status_code == 403
    client.logout()
    # staff of the Jobcenter find it from the Widerspruch's page in the eAkte
    login(client, caseworker)
    w.refresh_from_db()
    staff = client.get(reverse("rechtsbehelfe:detail", args=[w.pk])).content.decode()
    assert reverse("casefiles:document", args=[issued.case_id, w.receipt_id]) in staff
