"""The Postfach (issue 13, item 1): services, citizen and staff pages, access."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import uuid
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from jobcenter.casefiles.models import Case
from jobcenter.core import todo
from jobcenter.core.roles import Role
from jobcenter.decisions.models import DeliveryPreference
from jobcenter.decisions.services import delivery_preference_set
from jobcenter.notifications.models import Notification
from jobcenter.postfach import services
from jobcenter.postfach.models import Message, Thread, Topic
from jobcenter.transparency.models import AccessLogEntry
from tests import test_tenancy
from tests.conftest import login
from tests.factories import CitizenFactory, JobcenterFactory, StaffFactory, TeamFactory
from tests.postfach.tenancy import PNG, sample_thread, sample_topic

world = test_tenancy.world
BERLIN = ZoneInfo("Europe/Berlin")


def _send(client, url, **data):
    payload = {"token": str(uuid.uuid4()), **data}
    return client.post(url, payload)


# --- Services ----------------------------------------------------------------------------


def test_a_message_becomes_an_immutable_eakte_document_with_its_sha256(world):
    thread = sample_thread(world)
    message = thread.messages.get()
    assert message.sha256 == hashlib.sha256(b"Wann kommt das Geld?").hexdigest()
    version = message.document_version
    assert version.document.case == thread.case
    assert version.document.document_type.key == "postfach_eingang"
    with default_storage.open(version.storage_name, "rb") as handle:
        stored = handle.read()
    assert hashlib.sha256(stored).hexdigest() == version.sha256
    assert "Wann kommt das Geld?" in stored.decode()
    attachment = message.attachments.get()
    assert attachment.document_version.document.document_type.key == "postfach_anhang"
    assert attachment.sha256 == hashlib.sha256(PNG).hexdigest()
    # in the case timeline, and immutable
    assert thread.case.timeline.filter(kind="document").count() >= 2
    with pytest.raises(ValueError):
        version.save()


def test_a_person_without_a_case_gets_one_correspondence_case_out_of_the_queue(world):
    thread = sample_thread(world)
    case = thread.case
    assert case.case_type.key == "postfach" and case.status.is_final
    second = services.thread_start_citizen(
        citizen=world.citizen, topic=sample_topic(world), subject="Noch eine Frage",
        body="Und noch etwas.", key=uuid.uuid4())
    assert second.thread.case == case  # one correspondence case per person
    assert Case.objects.filter(applicant_user=world.citizen).count() == 1


def test_a_message_is_filed_in_the_persons_open_case(world, make_case):
    case = make_case(user=world.citizen, jobcenter=world.jobcenter)
    message = services.thread_start_citizen(
        citizen=world.citizen, topic=sample_topic(world), subject="Zum Antrag",
        body="Eine Frage zum Antrag.", key=uuid.uuid4())
    assert message.thread.case == case


def test_the_same_token_stores_the_message_once(world):
    key = uuid.uuid4()
    topic = sample_topic(world)
    first = services.thread_start_citizen(citizen=world.citizen, topic=topic, subject="A",
                                          body="Text", key=key)
    again = services.thread_start_citizen(citizen=world.citizen, topic=topic, subject="A",
                                          body="Text", key=key)
    assert first.pk == again.pk
    assert Thread.objects.filter(citizen=world.citizen).count() == 1
    reply_key = uuid.uuid4()
    for _ in range(2):
        services.message_send(thread=first.thread, sender=world.staff, body="Antwort",
                              key=reply_key)
    assert first.thread.messages.count() == 2
    assert Notification.objects.filter(template="postfach_message").count() == 1


def test_a_token_of_another_sender_is_refused(world):
    key = uuid.uuid4()
    services.thread_start_citizen(citizen=world.citizen, topic=sample_topic(world),
                                  subject="A", body="Text", key=key)
    other = CitizenFactory(jobcenter=world.jobcenter)
    with pytest.raises(services.PostfachError):
        services.thread_start_citizen(citizen=other, topic=sample_topic(world), subject="B",
                                      body="Text", key=key)


def test_states_and_the_service_clock(world):
    thread = sample_thread(world)
    assert thread.state == Thread.State.NEW and thread.due_at is not None
    services.thread_assign(thread=thread, assignee=world.staff, actor=world.staff)
    thread.refresh_from_db()
    assert thread.state == Thread.State.IN_PROGRESS and thread.assignee == world.staff
    services.message_send(thread=thread, sender=world.staff, body="Antwort", key=uuid.uuid4())
    thread.refresh_from_db()
    assert thread.state == Thread.State.ANSWERED and thread.due_at is None
    services.message_send(thread=thread, sender=world.citizen, body="Danke, noch eine Frage",
                          key=uuid.uuid4())
    thread.refresh_from_db()
    assert thread.state == Thread.State.NEW and thread.due_at is not None
    services.thread_set_state(thread=thread, state=Thread.State.DONE, actor=world.staff)
    thread.refresh_from_db()
    assert thread.state == Thread.State.DONE and thread.due_at is None


def test_working_days_skip_weekends_and_the_lands_holidays(db):
    jobcenter = JobcenterFactory(land="BY", catholic_local_holidays=False)
    # Friday 2 October 2026, 15:00 → 2 working days: Monday 5 October (3 October is a
    # Saturday anyway), Tuesday 6 October 15:00
    start = dt.datetime(2026, 10, 2, 15, 0, tzinfo=BERLIN)
    due = services.add_working_days(start, 2, jobcenter)
    assert due.astimezone(BERLIN) == dt.datetime(2026, 10, 6, 15, 0, tzinfo=BERLIN)
    # Christmas: Thursday 24 December 2026 10:00 + 1 → Monday 28 December (25 and 26 are
    # holidays, 26/27 weekend)
    due = services.add_working_days(dt.datetime(2026, 12, 24, 10, 0, tzinfo=BERLIN), 1,
                                    jobcenter)
    assert due.astimezone(BERLIN).date() == dt.date(2026, 12, 28)
    # Across the DST change: Friday 23 October 2026 12:00 + 2 → Tuesday 27 October 12:00 CET
    due = services.add_working_days(dt.datetime(2026, 10, 23, 12, 0, tzinfo=BERLIN), 2,
                                    jobcenter)
    assert due.astimezone(BERLIN) == dt.datetime(2026, 10, 27, 12, 0, tzinfo=BERLIN)


def test_overdue_marking(world):
    thread = sample_thread(world)
    assert not services.is_overdue(thread)
    with time_machine.travel(thread.due_at + dt.timedelta(minutes=1)):
        assert services.is_overdue(thread)


def test_textbaustein_placeholders(world):
    from jobcenter.postfach.models import ReplyTemplate

    thread = sample_thread(world)
    template = ReplyTemplate.objects.create(
        jobcenter=world.jobcenter, title="Dank",
        body="{anrede}\ndanke für Ihre Nachricht.\n{sachbearbeitung}, {jobcenter} {unbekannt}")
    text = services.template_fill(template, thread=thread, staff=world.staff)
    assert text.startswith("Guten Tag Zacharias Quellenfeld,") or "Herr Quellenfeld" in text
    assert "Xaver Xylanderwitz, Jobcenter Alpha" in text
    assert "{unbekannt}" in text


def test_using_the_postfach_never_changes_the_delivery_choice(world):
    delivery_preference_set(user=world.citizen, channel=DeliveryPreference.Channel.POST)
    thread = sample_thread(world)
    services.message_send(thread=thread, sender=world.staff, body="Antwort", key=uuid.uuid4())
    services.message_send(thread=thread, sender=world.citizen, body="Danke", key=uuid.uuid4())
    assert DeliveryPreference.objects.get(user=world.citizen).channel == "post"
    other = CitizenFactory(jobcenter=world.jobcenter)
    services.thread_start_citizen(citizen=other, topic=sample_topic(world), subject="X",
                                  body="Y", key=uuid.uuid4())
    assert not DeliveryPreference.objects.filter(user=other).exists()


def test_the_receipt_is_a_pdf_with_time_and_hash(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        message = sample_thread(world).messages.get()
    message.refresh_from_db()
    assert message.receipt_storage_name  # rendered by the outbox task (eager in tests)
    with default_storage.open(message.receipt_storage_name, "rb") as handle:
        pdf = handle.read()
    assert pdf.startswith(b"%PDF")
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    assert message.sha256[:16] in text.replace("\n", "")
    local = message.created_at.astimezone(BERLIN)
    assert local.strftime("%H:%M") in text


def test_the_todo_provider_shows_unread_answers(world):
    thread = sample_thread(world)
    from jobcenter.postfach.todo import provider

    assert list(provider(world.citizen)) == []
    services.message_send(thread=thread, sender=world.staff, body="Antwort", key=uuid.uuid4())
    items = list(provider(world.citizen))
    assert [(i.title, i.action_label) for i in items] == [("Neue Nachricht", "Nachricht lesen")]
    assert items[0].action_url == reverse("postfach_citizen:thread", args=[thread.pk])
    assert "postfach" in todo.providers()
    services.messages_mark_read(thread=thread, reader=world.citizen)
    assert list(provider(world.citizen)) == []


# --- Citizen pages ------------------------------------------------------------------------


def test_the_citizen_writes_by_topic_and_reads_the_answer(client, world):
    topic = sample_topic(world)
    login(client, world.citizen)
    page = client.get(reverse("portal:mailbox"))
    assert page.status_code == 200 and "Neue Nachricht schreiben" in page.content.decode()
    form = client.get(reverse("postfach_citizen:new")).content.decode()
    assert topic.title in form
    upload = SimpleUploadedFile("beleg.png", PNG, content_type="image/png")
    response = client.post(reverse("postfach_citizen:new"), {
        "topic": topic.pk, "subject": "Miete", "body": "Siehe https://example.org/a?b=1 <b>x</b>",
        "token": str(uuid.uuid4()), "anhaenge": [upload]})
    assert response.status_code == 302
    thread = Thread.objects.get(subject="Miete")
    services.message_send(thread=thread, sender=world.staff,
                          body="Antwort mit javascript:alert(1) und <script>x</script>",
                          key=uuid.uuid4())
    html = client.get(reverse("postfach_citizen:thread", args=[thread.pk])).content.decode()
    assert '<a href="https://example.org/a?b=1" rel="nofollow">' in html
    assert "&lt;b&gt;x&lt;/b&gt;" in html and "<script>x" not in html
    assert 'href="javascript' not in html
    assert "beleg.png" in html and "Sendebestätigung (PDF)" in html
    assert thread.messages.get(from_staff=True).read_at is not None  # read on open
    assert 'hx-trigger="every 10s"' in html
    attachment = thread.messages.get(from_staff=False).attachments.get()
    download = client.get(reverse("postfach_citizen:attachment", args=[thread.pk,
                                                                        attachment.pk]))
    assert download.status_code == 200
    assert hashlib.sha256(b"".join(download.streaming_content)).hexdigest() \
        == attachment.sha256 == attachment.document_version.sha256
    assert "beleg.png" in download["Content-Disposition"]


def test_bad_input_gets_clear_messages(client, world):
    sample_topic(world)
    login(client, world.citizen)
    response = client.post(reverse("postfach_citizen:new"), {"token": str(uuid.uuid4())})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Worum geht es?" in html and "Betreff" in html
    bad = SimpleUploadedFile("virus.exe", b"MZ\x90\x00binary", content_type="application/pdf")
    response = client.post(reverse("postfach_citizen:new"), {
        "topic": sample_topic(world).pk, "subject": "S", "body": "B",
        "token": str(uuid.uuid4()), "anhaenge": [bad]})
    assert response.status_code == 400 and not Thread.objects.filter(subject="S").exists()
    assert "virus.exe" in response.content.decode()


def test_the_poll_returns_only_new_messages(client, world):
    thread = sample_thread(world)
    first = thread.messages.get()
    login(client, world.citizen)
    url = reverse("postfach_citizen:poll", args=[thread.pk])
    empty = client.get(url, {"nach": first.pk}).content.decode()
    assert "nachricht-" not in empty and f"nach={first.pk}" in empty
    answer = services.message_send(thread=thread, sender=world.staff, body="Die Antwort",
                                   key=uuid.uuid4())
    html = client.get(url, {"nach": first.pk}).content.decode()
    assert f'id="nachricht-{answer.pk}"' in html and f'id="nachricht-{first.pk}"' not in html
    assert 'hx-swap-oob="beforeend:#pf-messages"' in html and f"nach={answer.pk}" in html


def test_a_poll_does_not_renew_the_session(client, world, settings):
    thread = sample_thread(world)
    login(client, world.citizen)
    page = client.get(reverse("postfach_citizen:thread", args=[thread.pk]))
    assert settings.SESSION_COOKIE_NAME in page.cookies  # a real request renews it
    poll = client.get(reverse("postfach_citizen:poll", args=[thread.pk]), {"nach": 0},
                      HTTP_HX_REQUEST="true")
    assert poll.status_code == 200 and "Wann kommt das Geld?" in poll.content.decode()
    assert settings.SESSION_COOKIE_NAME not in poll.cookies
    login(client, world.staff)
    poll = client.get(reverse("postfach:poll", args=[thread.pk]), {"nach": 0})
    assert poll.status_code == 200 and settings.SESSION_COOKIE_NAME not in poll.cookies


def test_the_receipt_download(client, world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        thread = sample_thread(world)
    message = thread.messages.get()
    login(client, world.citizen)
    response = client.get(reverse("postfach_citizen:receipt", args=[thread.pk, message.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    Message.objects.filter(pk=message.pk).update(receipt_storage_name="")
    pending = client.get(reverse("postfach_citizen:receipt", args=[thread.pk, message.pk]))
    assert pending.status_code == 202


def test_another_citizen_sees_nothing(client, world):
    thread = sample_thread(world)
    message = thread.messages.get()
    attachment = message.attachments.get()
    other = CitizenFactory(jobcenter=world.jobcenter)
    login(client, other)
    for url in (reverse("postfach_citizen:thread", args=[thread.pk]),
                reverse("postfach_citizen:poll", args=[thread.pk]),
                reverse("postfach_citizen:attachment", args=[thread.pk, attachment.pk]),
                reverse("postfach_citizen:receipt", args=[thread.pk, message.pk])):
        assert client.get(url).status_code == 404, url
    assert _send(client, reverse("postfach_citizen:thread", args=[thread.pk]),
                 body="Hallo").status_code == 404
    assert thread.messages.count() == 1
    assert "Frage zur Zahlung" not in client.get(reverse("portal:mailbox")).content.decode()


def test_staff_cannot_use_citizen_pages(client, world):
    thread = sample_thread(world)
    login(client, world.staff)
    assert client.get(reverse("postfach_citizen:thread", args=[thread.pk])).status_code == 403


# --- Staff pages --------------------------------------------------------------------------


def test_staff_answer_from_the_inbox_and_the_read_is_logged(
        client, world, django_capture_on_commit_callbacks):
    thread = sample_thread(world)
    login(client, world.staff)
    inbox = client.get(reverse("postfach:inbox")).content.decode()
    assert "Frage zur Zahlung" in inbox and "1 ungelesen" in inbox
    before = AccessLogEntry.objects.count()
    page = client.get(reverse("postfach:thread", args=[thread.pk])).content.decode()
    assert "Wann kommt das Geld?" in page
    entry = AccessLogEntry.objects.order_by("-seq").first()
    assert AccessLogEntry.objects.count() > before
    assert entry.purpose == "postfach" and entry.what == "nachrichten"
    assert entry.person_id == world.person.pk
    with django_capture_on_commit_callbacks(execute=True):
        response = _send(client, reverse("postfach:reply", args=[thread.pk]),
                         body="Das Geld kommt am Monatsende.")
    assert response.status_code == 302
    thread.refresh_from_db()
    assert thread.state == Thread.State.ANSWERED
    assert thread.messages.get(from_staff=True).document_version.document.document_type.key \
        == "postfach_ausgang"
    notice = Notification.objects.get(template="postfach_message")
    assert notice.user == world.citizen
    assert len(mail.outbox) >= 1
    body = mail.outbox[-1].body
    assert "Monatsende" not in body and "Quellenfeld" not in body and "Zahlung" not in body


def test_inbox_filters(client, world):
    thread = sample_thread(world)
    login(client, world.staff)
    url = reverse("postfach:inbox")
    assert "Frage zur Zahlung" in client.get(url, {"stand": "neu"}).content.decode()
    assert "Frage zur Zahlung" not in client.get(url, {"stand": "erledigt"}).content.decode()
    assert "Frage zur Zahlung" in client.get(url, {"zugewiesen": "niemand"}).content.decode()
    assert "Frage zur Zahlung" not in client.get(url, {"zugewiesen": "ich"}).content.decode()
    assert "Frage zur Zahlung" in client.get(url, {"thema": thread.topic_id}).content.decode()
    assert "Frage zur Zahlung" not in client.get(url, {"ueberfaellig": "1"}).content.decode()
    Thread.objects.filter(pk=thread.pk).update(due_at=timezone.now() - dt.timedelta(hours=1))
    html = client.get(url, {"ueberfaellig": "1"}).content.decode()
    assert "Frage zur Zahlung" in html and "überfällig" in html


def test_a_team_without_the_topic_sees_nothing(client, world):
    team_a = TeamFactory(jobcenter=world.jobcenter, name="Team Geld")
    team_b = TeamFactory(jobcenter=world.jobcenter, name="Team Arbeit")
    topic = sample_topic(world)
    topic.team = team_a
    topic.save()
    thread = sample_thread(world)
    assert thread.team == team_a  # routed at creation
    outsider = StaffFactory(jobcenter=world.jobcenter, team=team_b)
    login(client, outsider)
    assert "Frage zur Zahlung" not in client.get(reverse("postfach:inbox")).content.decode()
    for name in ("postfach:thread", "postfach:poll"):
        assert client.get(reverse(name, args=[thread.pk])).status_code == 404
    assert _send(client, reverse("postfach:reply", args=[thread.pk]),
                 body="x").status_code == 404
    insider = StaffFactory(jobcenter=world.jobcenter, team=team_a)
    login(client, insider)
    assert client.get(reverse("postfach:thread", args=[thread.pk])).status_code == 200
    lead = StaffFactory(jobcenter=world.jobcenter, team=team_b, role=Role.TEAMLEITUNG)
    login(client, lead)
    assert client.get(reverse("postfach:thread", args=[thread.pk])).status_code == 200


def test_another_jobcenters_caseworker_sees_nothing(client, world):
    thread = sample_thread(world)
    other = StaffFactory(jobcenter=JobcenterFactory())
    login(client, other)
    assert client.get(reverse("postfach:thread", args=[thread.pk])).status_code == 404
    assert "Frage zur Zahlung" not in client.get(reverse("postfach:inbox")).content.decode()


def test_textbaustein_is_inserted_without_javascript(client, world):
    from jobcenter.postfach.models import ReplyTemplate

    thread = sample_thread(world)
    template = ReplyTemplate.objects.create(jobcenter=world.jobcenter, title="Eingang",
                                            body="{anrede}\nwir melden uns.\n{sachbearbeitung}")
    login(client, world.staff)
    html = client.get(reverse("postfach:thread", args=[thread.pk]),
                      {"baustein": template.pk}).content.decode()
    assert "wir melden uns." in html and "Xaver Xylanderwitz" in html


def test_staff_start_a_rueckfrage(client, world):
    topic = sample_topic(world)
    login(client, world.staff)
    url = reverse("postfach:new", args=[world.person.pk])
    assert client.get(url).status_code == 200
    response = _send(client, url, topic=topic.pk, subject="Rückfrage zur Miete",
                     body="Bitte senden Sie uns den Mietvertrag.")
    assert response.status_code == 302
    thread = Thread.objects.get(subject="Rückfrage zur Miete")
    assert thread.started_by_staff and thread.citizen == world.citizen
    assert thread.state == Thread.State.ANSWERED
    assert Notification.objects.filter(user=world.citizen, template="postfach_message").exists()
    # the child has no account: no Rückfrage through the Postfach
    assert "kein Konto" in client.get(
        reverse("postfach:new", args=[world.child.pk])).content.decode()


def test_the_admin_edits_topics_and_routing(client, world):
    team = TeamFactory(jobcenter=world.jobcenter, name="Team Leistung")
    admin = StaffFactory(jobcenter=world.jobcenter, role=Role.JOBCENTER_ADMIN)
    login(client, admin)
    url = reverse("postfach_admin:topics")
    response = client.post(url, {"title": "Umzug", "description": "Wohnung wechseln",
                                 "team": team.pk, "service_days": 2, "is_active": "on",
                                 "position": 1})
    assert response.status_code == 302
    response = client.post(url, {"title": "Umzug", "team": team.pk, "service_days": 99,
                                 "position": 1})
    assert response.status_code == 400
    assert "zwischen 1 und 30" in response.content.decode()
    other_team = TeamFactory(jobcenter=JobcenterFactory())
    response = client.post(url, {"title": "Fremd", "team": other_team.pk, "service_days": 2,
                                 "position": 1})
    assert response.status_code == 400
    login(client, world.staff)  # Leistung may not configure
    assert client.get(url).status_code == 403


@pytest.mark.django_db(transaction=True)
def test_the_same_token_sent_at_once_stores_one_message():
    """A double click that reaches two workers at the same moment: one thread, one message
    (the unique token; the loser returns the winner's message)."""
    from django.db import connection

    from tests.concurrency import run_at_once

    if connection.vendor != "postgresql":
        pytest.skip("real concurrent transactions on PostgreSQL only")
    jobcenter = JobcenterFactory()
    citizen = CitizenFactory(jobcenter=jobcenter)
    topic = Topic.objects.create(jobcenter=jobcenter, title="Geld", service_days=2)
    key = uuid.uuid4()
    results, errors = run_at_once(lambda: services.thread_start_citizen(
        citizen=citizen, topic=topic, subject="Doppelt", body="Einmal bitte", key=key).pk)
    assert not errors, errors
    assert len(set(results)) == 1
    assert Message.objects.filter(idempotency_key=key).count() == 1
    assert Thread.objects.filter(citizen=citizen).count() == 1


def test_staff_read_the_message_in_the_eakte_viewer(client, world):
    thread = sample_thread(world)
    version = thread.messages.get().document_version
    login(client, world.staff)
    case_page = client.get(reverse("casefiles:case", args=[thread.case_id])).content.decode()
    assert "Nachricht von Zacharias Quellenfeld: Frage zur Zahlung" in case_page
    page = client.get(reverse("casefiles:document", args=[thread.case_id, version.pk]))
    html = page.content.decode()
    assert 'class="jc-viewer-text"' in html and "Wann kommt das Geld?" in html
    assert version.sha256 in html
