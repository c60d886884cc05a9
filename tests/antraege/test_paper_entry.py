"""The staff screen "Papierantrag erfassen": person → form, receipt date, scan → the form
engine's pages → summary → "Erfassen" → the case in the eAkte."""

from __future__ import annotations

import datetime as dt
import hashlib
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from jobcenter.antraege import services
from jobcenter.antraege.models import PaperEntry, Submission
from jobcenter.casefiles.models import Case, DocumentVersion
from jobcenter.core.arbeitstage import processing_due
from jobcenter.formengine.models import Draft, FunnelCount, Upload
from jobcenter.households.models import Person
from jobcenter.transparency.models import AccessLogEntry
from tests.casefiles.conftest import PDF
from tests.concurrency import run_at_once
from tests.conftest import login

pytestmark = pytest.mark.django_db


def days_ago(n: int) -> dt.date:
    return timezone.localdate() - dt.timedelta(days=n)


def scan_file(content: bytes = PDF, name: str = "papierantrag.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")


@pytest.fixture
def staff(client, caseworker):
    return login(client, caseworker)


def begin(client, person: Person, form_key: str, *, received_on: dt.date | None = None,
          scan=None):
    return client.post(
        reverse("paper:person", args=[person.pk]),
        {
            "form_key": form_key,
            "received_on": (received_on or days_ago(5)).strftime("%d.%m.%Y"),
            "scan": scan or scan_file(),
        },
    )


def entry_of(response) -> PaperEntry:
    match = re.search(r"/papierantrag/([0-9a-f-]{36})/", response["Location"])
    assert match, response["Location"]
    return PaperEntry.objects.get(public_id=match.group(1))


def post_page(client, entry: PaperEntry, page_key: str, data: dict, action: str = "next"):
    entry.draft.refresh_from_db()
    return client.post(
        reverse("paper:page", args=[entry.public_id, page_key]),
        {**data, "_action": action, "_version": entry.draft.version},
    )


def test_weiterbewilligung_nothing_changed_reaches_a_case_with_the_scan(
    staff, caseworker, citizen, django_capture_on_commit_callbacks
):
    person = citizen.person
    received_on = days_ago(9)
    response = begin(staff, person, "weiterbewilligung", received_on=received_on)
    entry = entry_of(response)
    assert entry.jobcenter_id == caseworker.jobcenter_id and entry.person == person
    assert entry.draft.entered_by_staff and entry.draft.owner == caseworker

    # Resuming leads to the form engine's first page, rendered for staff.
    first = staff.get(response["Location"])
    assert first.status_code == 302
    assert first["Location"] == reverse("paper:page", args=[entry.public_id, "aenderung"])
    page = staff.get(first["Location"])
    assert page.status_code == 200
    html = page.content.decode()
    assert "Hat sich seit dem letzten Antrag etwas geändert?" in html
    assert "Alice" in html  # the person the entry is for

    response = post_page(staff, entry, "aenderung", {"etwas_geaendert": "nein"})
    assert response["Location"] == reverse("paper:summary", args=[entry.public_id])
    summary = staff.get(response["Location"]).content.decode()
    assert "Erfassen" in summary and "Es hat sich nichts geändert" in summary

    with django_capture_on_commit_callbacks(execute=True):
        response = staff.post(reverse("paper:submit", args=[entry.public_id]))
    submission = Submission.objects.get()
    case = Case.objects.get(submission_id=submission.pk)
    assert response["Location"] == reverse("paper:entry", args=[entry.public_id])
    response = staff.get(response["Location"])
    assert response["Location"] == reverse("casefiles:case", args=[case.pk])
    assert submission.channel == "papier" and submission.entered_by == caseworker
    assert submission.received_on == received_on
    assert submission.draft_key == str(entry.draft.public_id)
    assert case.nothing_changed is True
    assert case.case_type.key == "weiterbewilligung"
    assert case.jobcenter_id == caseworker.jobcenter_id
    assert timezone.localdate(case.received_at) == received_on  # § 37 SGB II: date of receipt
    # the standard counts working days from the day of receipt (§ 37 SGB II)
    assert timezone.localdate(case.due_at) == processing_due(
        received_on, case.case_type.processing_days, case.jobcenter.land)
    scan = DocumentVersion.objects.get(document__case=case,
                                       document__document_type__key="antrag_scan")
    assert scan.sha256 == hashlib.sha256(PDF).hexdigest() and scan.size == len(PDF)

    # The success message and the case view with the date of receipt.
    detail = staff.get(response["Location"]).content.decode()
    assert submission.reference in detail
    assert received_on.strftime("%d.%m.%Y") in detail and "Papier" in detail
    # In the Jobcenter's work queue.
    queue = staff.get(reverse("casefiles:queue")).content.decode()
    assert submission.reference in queue
    entry.draft.refresh_from_db()
    assert entry.draft.status == Draft.Status.SUBMITTED
    # Staff entries are not part of the citizens' anonymous funnel.
    assert not FunnelCount.objects.filter(form_key="weiterbewilligung").exists()


def test_hauptantrag_for_a_new_person_without_account(
    staff, caseworker, jobcenter, django_capture_on_commit_callbacks
):
    response = staff.post(
        reverse("paper:person_new"),
        {"first_name": "Greta", "last_name": "Gärtner", "birth_date": "02.03.1970",
         "street": "Lindenweg 4", "postcode": "11111", "city": "Alphastadt"},
    )
    person = Person.objects.get(last_name="Gärtner")
    assert person.jobcenter == jobcenter and person.user is None
    assert response["Location"] == reverse("paper:person", args=[person.pk])

    entry = entry_of(begin(staff, person, "hauptantrag", received_on=timezone.localdate()))
    # Prefilled from the person's records, never from the staff member's profile.
    answers = entry.draft.answers
    assert answers["vorname"] == "Greta" and answers["geburtsdatum"] == "1970-03-02"
    assert answers["anschrift"] == {"street": "Lindenweg 4", "postcode": "11111",
                                    "city": "Alphastadt"}
    assert "email" not in answers

    pages = [
        ("person", {"vorname": "Greta", "nachname": "Gärtner", "geburtsdatum": "1970-03-02",
                    "anschrift-street": "Lindenweg 4", "anschrift-postcode": "11111",
                    "anschrift-city": "Alphastadt", "telefon": "",
                    "email": ""}),  # many paper applicants have no e-mail address
        ("konto", {"iban": "DE02 1203 0000 0000 2020 51"}),
        ("situation", {"weitere_personen": "nein", "einkommensarten": ["keines"],
                       "vermoegen_erheblich": "nein", "besondere_situationen": ["keine"]}),
        ("wohnung", {"wohnsituation": "miete", "kaltmiete": "400,00", "nebenkosten": "80",
                     "heizkosten": "70,50", "warmwasser": "zentral"}),
        ("versicherung", {"versicherungsstatus": "gesetzlich", "krankenkasse": "AOK"}),
    ]
    for key, data in pages:
        page = staff.get(reverse("paper:page", args=[entry.public_id, key]))
        assert page.status_code == 200, key
        assert 'type="file"' not in page.content.decode()  # the scan carries the documents
        if key == "wohnung":
            # First without the revealed questions: the engine asks for them.
            response = post_page(staff, entry, key, {"wohnsituation": "miete"})
            assert response.status_code == 200
        response = post_page(staff, entry, key, data)
        assert response.status_code == 302, (key, response.content.decode()[:2000])
    assert response["Location"] == reverse("paper:summary", args=[entry.public_id])
    with django_capture_on_commit_callbacks(execute=True):
        response = staff.post(reverse("paper:submit", args=[entry.public_id]))
    response = staff.get(response["Location"])
    submission = Submission.objects.get()
    assert submission.user is None and submission.person == person
    assert submission.answers["kaltmiete"] == "400.00"
    assert not submission.answers.get("email")
    assert "mietvertrag" not in submission.answers
    case = Case.objects.get(submission_id=submission.pk)
    assert case.case_type.key == "neuantrag" and case.applicant == person
    assert response["Location"] == reverse("casefiles:case", args=[case.pk])
    assert case.bedarfsgemeinschaft is not None
    assert DocumentVersion.objects.filter(
        document__case=case, document__document_type__key="antrag_scan",
        sha256=hashlib.sha256(PDF).hexdigest()).exists()


def test_invalid_answers_show_the_engine_messages_on_their_page(staff, citizen):
    entry = entry_of(begin(staff, citizen.person, "hauptantrag"))
    response = post_page(staff, entry, "konto", {"iban": "DE00 1234"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Diese IBAN ist nicht gültig" in html
    assert 'id="error-summary"' in html and 'aria-invalid="true"' in html
    assert 'value="DE00 1234"' in html  # the input is kept
    # English: the engine's translation.
    staff.cookies["django_language"] = "en"
    english = post_page(staff, entry, "konto", {"iban": "DE00 1234"}).content.decode()
    assert "This IBAN is not valid" in english
    assert "Diese IBAN" not in english


def test_erfassen_with_missing_answers_stores_nothing_and_shows_what_is_missing(staff, citizen):
    entry = entry_of(begin(staff, citizen.person, "veraenderung"))
    response = staff.post(reverse("paper:submit", args=[entry.public_id]))
    assert response["Location"] == reverse("paper:summary", args=[entry.public_id])
    assert Submission.objects.count() == 0
    summary = staff.get(response["Location"]).content.decode()
    assert "Es fehlen noch Angaben" in summary
    assert reverse("paper:page", args=[entry.public_id, "aenderungen"]) in summary
    assert ">Erfassen<" not in summary


def test_a_scan_that_is_no_pdf_jpeg_or_png_is_refused(staff, citizen):
    response = begin(staff, citizen.person, "weiterbewilligung",
                     scan=SimpleUploadedFile("scan.pdf", b"MZ\x90\x00 not a pdf"))
    assert response.status_code == 400
    assert "Der Scan muss eine PDF-, JPEG- oder PNG-Datei sein." in response.content.decode()
    assert not PaperEntry.objects.exists() and not Draft.objects.exists()
    assert not Upload.objects.exists()


def test_a_scan_over_20_mb_is_refused(staff, citizen):
    big = b"%PDF-1.4\n" + b"0" * services.PAPER_SCAN_MAX_BYTES
    response = begin(staff, citizen.person, "weiterbewilligung", scan=scan_file(big))
    assert response.status_code == 400
    assert "größer als 20 MB" in response.content.decode()
    assert not PaperEntry.objects.exists()


def test_an_infected_scan_is_refused(staff, citizen, settings):
    from jobcenter.formengine import scanning

    class Infected:
        def scan(self, data):
            return scanning.ScanResult(scanning.INFECTED, "Eicar-Test-Signature")

    scanning.register_scanner("infected", Infected)
    settings.FORMENGINE_SCANNER = "infected"
    response = begin(staff, citizen.person, "weiterbewilligung")
    assert response.status_code == 400
    assert "Schadsoftware" in response.content.decode()
    assert not PaperEntry.objects.exists() and not Draft.objects.exists()


@pytest.mark.parametrize(("extra", "message"), [
    (b"/OpenAction << /S /JavaScript /JS (app.alert(1)) >> ", "aktive Inhalte"),
    (b"/Names << /EmbeddedFiles << /Names [] >> >> ", "aktive Inhalte"),
])
def test_a_scan_with_active_content_is_refused_like_a_citizens_upload(staff, citizen, extra,
                                                                     message):
    from tests.formengine.helpers import simple_pdf

    response = begin(staff, citizen.person, "weiterbewilligung",
                     scan=scan_file(simple_pdf(extra)))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not PaperEntry.objects.exists() and not Draft.objects.exists()
    assert not Upload.objects.exists()


def test_a_damaged_or_oversized_image_scan_is_refused(staff, citizen, monkeypatch):
    from jobcenter.formengine import uploads
    from tests.antraege.conftest import png_bytes

    response = begin(staff, citizen.person, "weiterbewilligung",
                     scan=SimpleUploadedFile("scan.png", png_bytes()[:45]))
    assert response.status_code == 400 and "beschädigt" in response.content.decode()
    monkeypatch.setitem(uploads.MAX_PIXELS, "png", 10)
    response = begin(staff, citizen.person, "weiterbewilligung",
                     scan=SimpleUploadedFile("scan.png", png_bytes()))
    assert response.status_code == 400 and "zu groß" in response.content.decode()
    assert not PaperEntry.objects.exists()


@pytest.mark.parametrize(("name", "content", "stored_as", "content_type"), [
    ("antrag.exe", PDF, "antrag.pdf", "application/pdf"),
    ("antrag.pdf", "png", "antrag.png", "image/png"),
    ("Antrag Müller.PDF", PDF, "Antrag Müller.PDF", "application/pdf"),
])
def test_the_scan_is_stored_under_the_detected_types_extension(
        staff, citizen, name, content, stored_as, content_type,
        django_capture_on_commit_callbacks):
    from tests.antraege.conftest import png_bytes

    data = png_bytes() if content == "png" else content
    entry = entry_of(begin(staff, citizen.person, "veraenderung",
                           scan=SimpleUploadedFile(name, data, content_type="application/pdf")))
    upload = entry.scan
    assert upload.original_name == stored_as
    assert upload.content_type == content_type
    assert upload.storage_name.endswith("." + stored_as.rsplit(".", 1)[1].lower())
    assert upload.sha256 == hashlib.sha256(data).hexdigest()  # kept byte for byte
    response = staff.get(reverse("paper:scan", args=[entry.public_id]))
    assert response["Content-Type"] == content_type
    assert stored_as.rsplit(".", 1)[1] in response["Content-Disposition"]


def test_scans_count_towards_the_upload_rate_limit(staff, citizen, settings):
    settings.FORMENGINE_UPLOAD_RATE_LIMIT = 1
    assert begin(staff, citizen.person, "weiterbewilligung").status_code == 302
    response = begin(staff, citizen.person, "weiterbewilligung")
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    assert "sehr viele Dateien hochgeladen" in response.content.decode()
    assert PaperEntry.objects.count() == 1


def test_the_receipt_date_must_not_lie_in_the_future(staff, citizen):
    response = begin(staff, citizen.person, "weiterbewilligung",
                     received_on=timezone.localdate() + dt.timedelta(days=1))
    assert response.status_code == 400
    assert "Das Eingangsdatum darf nicht in der Zukunft liegen." in response.content.decode()
    assert not PaperEntry.objects.exists()


def test_the_form_choice_comes_from_the_registry(staff, citizen):
    html = staff.get(reverse("paper:person", args=[citizen.person.pk])).content.decode()
    for key in services.FORM_KEYS:
        assert f'value="{key}"' in html
    assert "Weiterbewilligungsantrag" in html
    response = begin(staff, citizen.person, "engine_test")
    assert response.status_code == 400 and not PaperEntry.objects.exists()


def test_double_submit_stores_one_submission(
    staff, citizen, django_capture_on_commit_callbacks
):
    entry = entry_of(begin(staff, citizen.person, "weiterbewilligung"))
    post_page(staff, entry, "aenderung", {"etwas_geaendert": "nein"})
    with django_capture_on_commit_callbacks(execute=True):
        first = staff.post(reverse("paper:submit", args=[entry.public_id]))
        second = staff.post(reverse("paper:submit", args=[entry.public_id]))
    assert Submission.objects.count() == 1 and Case.objects.count() == 1
    assert first["Location"] == second["Location"]
    case_url = reverse("casefiles:case", args=[Case.objects.get().pk])
    assert staff.get(first["Location"])["Location"] == case_url
    # A page of the stored entry (back button) leads to the case as well.
    back = staff.post(reverse("paper:page", args=[entry.public_id, "aenderung"]),
                      {"etwas_geaendert": "ja", "_action": "next", "_version": "1"})
    assert back["Location"] == case_url
    # And the service itself is idempotent on the draft's key.
    again = services.paper_entry_submit(entry=entry, user=entry.entered_by)
    assert again.pk == Submission.objects.get().pk


def test_the_entry_survives_a_restart_and_going_back(staff, caseworker, citizen):
    entry = entry_of(begin(staff, citizen.person, "veraenderung"))
    post_page(staff, entry, "aenderungen", {"aenderungen": ["konto"],
                                            "aenderung_ab": "01.11.2026"})
    # A new session (browser restart) finds the entry on the start page and resumes it.
    staff.logout()
    login(staff, caseworker)
    start = staff.get(reverse("paper:start")).content.decode()
    assert reverse("paper:entry", args=[entry.public_id]) in start
    resumed = staff.get(reverse("paper:entry", args=[entry.public_id]))
    assert resumed["Location"].endswith("/seite/konto/")
    # "Zurück" on the first page explains how to start again; discarding deletes the scan.
    response = post_page(staff, entry, "aenderungen", {}, action="back")
    assert response["Location"].endswith("?start=1")
    assert "Erfassung verwerfen" in staff.get(response["Location"]).content.decode()
    staff.post(reverse("paper:discard", args=[entry.public_id]))
    assert not PaperEntry.objects.exists() and not Upload.objects.exists()


def test_showing_a_person_and_the_entry_is_access_logged(staff, caseworker, citizen):
    person = citizen.person
    staff.get(reverse("paper:person", args=[person.pk]))
    assert AccessLogEntry.objects.filter(
        actor=caseworker, person=person, purpose=AccessLogEntry.Purpose.PAPER_ENTRY,
        what=AccessLogEntry.What.PERSON).exists()
    staff.get(reverse("paper:start") + "?q=Adler")
    assert AccessLogEntry.objects.filter(actor=caseworker, person=person,
                                         purpose=AccessLogEntry.Purpose.SEARCH).exists()
    entry = entry_of(begin(staff, person, "weiterbewilligung"))
    staff.get(reverse("paper:page", args=[entry.public_id, "aenderung"]))
    staff.get(reverse("paper:scan", args=[entry.public_id]))
    purposes = set(AccessLogEntry.objects.filter(person=person).values_list("purpose", flat=True))
    assert {AccessLogEntry.Purpose.PAPER_ENTRY, AccessLogEntry.Purpose.DOCUMENT} <= purposes


def test_the_search_finds_only_persons_of_the_own_jobcenter(staff, citizen, other_jobcenter):
    from tests.factories import PersonFactory

    PersonFactory(jobcenter=other_jobcenter, first_name="Alice", last_name="Adler")
    html = staff.get(reverse("paper:start") + "?q=Adler").content.decode()
    assert html.count(reverse("paper:person", args=[citizen.person.pk])) == 1
    assert "1 Treffer" in html


def test_a_new_person_of_another_jobcenters_area_is_refused(staff, other_jobcenter):
    response = staff.post(
        reverse("paper:person_new"),
        {"first_name": "Bo", "last_name": "Berg", "birth_date": "01.01.1980",
         "street": "Weg 1", "postcode": "22222", "city": "Beta"},
    )
    assert response.status_code == 200
    assert "anderes Jobcenter" in response.content.decode()
    assert not Person.objects.filter(last_name="Berg").exists()


def test_citizens_get_403_and_other_jobcenters_404(client, citizen, caseworker,
                                                  other_caseworker):
    login(client, caseworker)
    entry = entry_of(begin(client, citizen.person, "weiterbewilligung"))
    urls = [
        reverse("paper:person", args=[citizen.person.pk]),
        reverse("paper:entry", args=[entry.public_id]),
        reverse("paper:page", args=[entry.public_id, "aenderung"]),
        reverse("paper:summary", args=[entry.public_id]),
        reverse("paper:submit", args=[entry.public_id]),
        reverse("paper:discard", args=[entry.public_id]),
        reverse("paper:scan", args=[entry.public_id]),
    ]
    login(client, other_caseworker)
    for url in urls:
        assert client.get(url).status_code in (404, 405), url
        assert client.post(url).status_code == 404, url
    login(client, citizen)
    for url in [reverse("paper:start"), reverse("paper:person_new"), *urls]:
        assert client.get(url).status_code == 403, url
    assert PaperEntry.objects.get().submission is None


@pytest.mark.django_db(transaction=True)
def test_concurrent_erfassen_creates_one_submission(caseworker, citizen):
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("real row locks need PostgreSQL (SQLite serialises whole transactions)")
    entry = services.paper_entry_start(
        entered_by=caseworker, person=citizen.person, form_key="weiterbewilligung",
        received_on=days_ago(1), scan=scan_file(),
    )
    Draft.objects.filter(pk=entry.draft_id).update(answers={"etwas_geaendert": "nein"})
    results, errors = run_at_once(
        lambda: services.paper_entry_submit(entry=entry, user=caseworker).pk)
    assert errors == []
    assert len(results) == 4 and len(set(results)) == 1
    assert Submission.objects.count() == 1
