"""The citizen's profile (issue 12 item 8): contact, address, bank account as a
Veränderungsmitteilung, delivery, e-mail preferences — three actors each."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from jobcenter.antraege.models import Submission
from jobcenter.casefiles.models import Case
from jobcenter.decisions.models import DeliveryPreference
from jobcenter.notifications.models import Notification, NotificationSettings
from jobcenter.notifications.services import notify
from tests.conftest import login

pytestmark = pytest.mark.django_db

PAGES = ["portal:profile", "portal:profile_contact", "portal:profile_address",
         "portal:profile_bank", "portal:profile_delivery", "portal:profile_notifications"]
IBAN = "DE02 1203 0000 0000 2020 51"


def _key(html: str) -> str:
    return re.search(r'name="key" value="([0-9a-f]{32})"', html)[1]


@pytest.mark.parametrize("name", PAGES)
def test_every_profile_page_is_the_citizens_own(client, citizen, caseworker, other_caseworker,
                                                name):
    assert client.get(reverse(name)).status_code == 302  # anonymous: to the login
    login(client, caseworker)
    assert client.get(reverse(name)).status_code == 403
    login(client, other_caseworker)
    assert client.post(reverse(name), {}).status_code == 403
    login(client, citizen)
    assert client.get(reverse(name)).status_code == 200


def test_phone_is_saved_on_account_and_person_record(client, citizen, other_citizen):
    login(client, citizen)
    response = client.post(reverse("portal:profile_contact"), {"phone": " 030 1234567 "})
    assert response.status_code == 302
    citizen.refresh_from_db()
    assert citizen.phone == "030 1234567" and citizen.person.phone == "030 1234567"
    other_citizen.refresh_from_db()
    assert other_citizen.phone == "" and other_citizen.person.phone == ""
    assert "030 1234567" in client.get(reverse("portal:profile")).content.decode()


def test_a_bad_phone_number_is_explained_and_kept(client, citizen):
    login(client, citizen)
    response = client.post(reverse("portal:profile_contact"), {"phone": "0301"})
    html = response.content.decode()
    assert response.status_code == 400
    assert "6 bis 15 Ziffern" in html and 'value="0301"' in html
    citizen.refresh_from_db()
    assert citizen.phone == ""


def test_address_reaches_the_person_record_and_the_next_form(client, citizen):
    login(client, citizen)
    client.post(reverse("portal:profile_address"),
                {"street": "Lindenweg 3", "postcode": "11111", "city": "Alphastadt"})
    citizen.refresh_from_db()
    assert (citizen.street, citizen.city) == ("Lindenweg 3", "Alphastadt")
    assert citizen.person.street == "Lindenweg 3" and citizen.person.city == "Alphastadt"
    from jobcenter.antraege.prefill import profile

    assert profile(citizen)["anschrift"] == {"street": "Lindenweg 3", "postcode": "11111",
                                             "city": "Alphastadt"}


def test_missing_address_parts_each_get_their_message(client, citizen):
    login(client, citizen)
    html = client.post(reverse("portal:profile_address"), {"postcode": "11111"}).content.decode()
    assert "Bitte geben Sie Straße und Hausnummer an." in html
    assert "Bitte geben Sie den Ort an." in html


def test_bank_account_change_is_a_veraenderungsmitteilung_in_the_eakte(
        client, citizen, other_citizen, django_capture_on_commit_callbacks):
    login(client, citizen)
    key = _key(client.get(reverse("portal:profile_bank")).content.decode())
    data = {"key": key, "iban": IBAN.lower(), "confirm": "on"}
    with django_capture_on_commit_callbacks(execute=True):
        first = client.post(reverse("portal:profile_bank"), data)
    with django_capture_on_commit_callbacks(execute=True):
        second = client.post(reverse("portal:profile_bank"), data)  # double click
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"]
    submission = Submission.objects.get(user=citizen)
    assert submission.form_key == "veraenderung"
    assert submission.answers["iban"] == "DE02120300000000202051"
    assert submission.answers["aenderungen"] == ["konto"]
    case = Case.objects.get(submission_id=submission.pk)  # the eAkte has it (eager hand-over)
    assert case.case_type.key == "veraenderung"
    topics = " ".join(str(t) for t in case.topics)
    assert "DE02 1203 0000 0000 2020 51" in topics and "Neue Bankverbindung" in topics
    assert not Submission.objects.filter(user=other_citizen).exists()
    page = client.get(reverse("portal:profile")).content.decode()
    assert "DE02 •••• •••• •••• •••• 51" in page and submission.reference in page


def test_invalid_iban_is_explained_and_nothing_is_sent(client, citizen):
    login(client, citizen)
    key = _key(client.get(reverse("portal:profile_bank")).content.decode())
    response = client.post(reverse("portal:profile_bank"),
                           {"key": key, "iban": "DE02 1203 0000 0000 2020 52", "confirm": "on"})
    html = response.content.decode()
    assert response.status_code == 400
    assert "Diese IBAN ist nicht gültig" in html and "DE02 1203 0000 0000 2020 52" in html
    response = client.post(reverse("portal:profile_bank"), {"key": key, "iban": IBAN})
    assert "Bitte bestätigen Sie" in response.content.decode()
    assert not Submission.objects.exists()


def test_bank_account_change_of_another_jobcenters_staff_is_refused(client, other_caseworker):
    login(client, other_caseworker)
    response = client.post(reverse("portal:profile_bank"),
                           {"key": "a" * 32, "iban": IBAN, "confirm": "on"})
    assert response.status_code == 403 and not Submission.objects.exists()


def test_delivery_choice(client, citizen, other_citizen):
    login(client, citizen)
    html = client.get(reverse("portal:profile_delivery")).content.decode()
    assert "Per Post" in html and "Online" in html
    assert client.post(reverse("portal:profile_delivery"), {"channel": "online"}).status_code == 302
    assert DeliveryPreference.objects.get(user=citizen).channel == "online"
    assert not DeliveryPreference.objects.filter(user=other_citizen).exists()
    assert "Online in Ihrem Kundenkonto" in client.get(reverse("portal:profile")).content.decode()
    assert client.post(reverse("portal:profile_delivery"), {"channel": "fax"}).status_code == 400


def test_notification_preferences_are_honoured_by_the_mailer(
        client, citizen, other_citizen, mailoutbox, django_capture_on_commit_callbacks):
    login(client, citizen)
    assert client.post(reverse("portal:profile_notifications"),
                       {"reminders": "on"}).status_code == 302
    chosen = NotificationSettings.objects.get(user=citizen)
    assert (chosen.case_updates, chosen.reminders) == (False, True)
    # switched off: not mailed, kept as skipped
    with django_capture_on_commit_callbacks(execute=True):
        skipped = notify(user=citizen, template="status_changed", dedup_key="t:1")
        # always sent, whatever the choice (deadline); other people's choices are theirs
        required = notify(user=citizen, template="document_request", dedup_key="t:2")
        other = notify(user=other_citizen, template="status_changed", dedup_key="t:3")
        reminder = notify(user=citizen, template="document_request_reminder", dedup_key="t:4")
    statuses = {n.pk: n.status for n in Notification.objects.all()}
    assert statuses[skipped.pk] == Notification.Status.SKIPPED
    assert statuses[required.pk] == statuses[other.pk] == statuses[reminder.pk] == "sent"
    assert sorted(m.to[0] for m in mailoutbox) == ["alice@example.org", "alice@example.org",
                                                   "bob@example.org"]
