"""The cached citizen pages (``core.pagecache``): served from the cache while nothing they
show has changed, renewed by every write through the services, never to anyone else, with
a fresh CSRF token and countdown, never with messages, and still served when the cache is
down."""

from __future__ import annotations

import datetime as dt
import re
import time
import uuid

import pytest
from django.contrib.messages import constants
from django.contrib.messages.storage.base import Message
from django.contrib.messages.storage.cookie import CookieStorage
from django.db import connection
from django.http import HttpRequest
from django.middleware.csrf import _unmask_cipher_token
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from jobcenter.accounts.sessions import ACTIVITY_KEY
from jobcenter.casefiles.models import StatusType
from jobcenter.casefiles.services import case_set_status, document_request_create, timeline_add
from jobcenter.core import datastand, pagecache
from jobcenter.decisions import services as decisions
from jobcenter.formengine import registry
from jobcenter.formengine import services as fe
from jobcenter.households.models import Membership
from jobcenter.notifications.services import notifications_mark_all_read, notify
from tests.accounts.helpers import cache_round_trips
from tests.conftest import login
from tests.factories import MembershipFactory, PersonFactory

pytestmark = pytest.mark.django_db

HIT = "X-Page-Cache"


@pytest.fixture
def case(citizen, make_calc_case):
    return make_calc_case(citizen)


def _pages(case) -> dict[str, str]:
    return {"overview": reverse("portal:overview"), "concerns": reverse("portal:concerns"),
            "concern": reverse("portal:concern", kwargs={"reference": case.reference})}


def _get(client, url: str, *, hit: bool | None = None) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    if hit is not None:
        assert (response.get(HIT) == "hit") is hit, url
    return response.content.decode()


def _cached(client, url: str) -> str:
    """Render the page and see it served from the cache the second time."""
    _get(client, url)
    return _get(client, url, hit=True)


def test_every_hot_page_is_served_from_the_cache_without_queries_beyond_session_and_user(
        client, citizen, case):
    login(client, citizen)
    for name, url in _pages(case).items():
        first = _get(client, url, hit=False)
        with CaptureQueriesContext(connection) as queries:
            again = _get(client, url, hit=True)
        tables = [q["sql"] for q in queries.captured_queries]
        assert len(tables) <= 2, (name, tables)  # the session row and the user
        assert all('"django_session"' in sql or '"accounts_user"' in sql for sql in tables), (
            name, tables)
        # the same page but for the per-request parts
        strip = re.compile(r'value="[A-Za-z0-9]{64}"|data-session-timeout="\d+"')
        assert strip.sub("", again) == strip.sub("", first), name


# --- each kind of data shown, changed through the real services -----------------------


def test_case_status_and_timeline_renew_every_page(client, citizen, caseworker, case):
    login(client, citizen)
    pages = _pages(case)
    for url in pages.values():
        assert "In Bearbeitung" not in _cached(client, url)
    case_set_status(case=case, status_key="in_bearbeitung", actor=caseworker)
    for name, url in pages.items():
        assert "In Bearbeitung" in _get(client, url, hit=False), name
    assert "Wir prüfen gerade Ihre Nachweise." not in _cached(client, pages["concern"])
    timeline_add(case=case, kind="note", text="intern", actor=caseworker,
                 citizen_text="Wir prüfen gerade Ihre Nachweise.")
    assert "Wir prüfen gerade Ihre Nachweise." in _get(client, pages["concern"], hit=False)


def test_a_request_for_documents_renews_the_pages(client, citizen, caseworker, case):
    login(client, citizen)
    pages = _pages(case)
    for url in pages.values():
        assert "Kontoauszüge" not in _cached(client, url)
    document_request_create(case=case, actor=caseworker,
                            deadline=timezone.localdate() + dt.timedelta(days=14),
                            items=[("Kontoauszüge", "der letzten drei Monate")])
    assert "Unterlagen einreichen" in _get(client, pages["overview"], hit=False)
    assert "Unterlagen nötig" in _get(client, pages["concerns"], hit=False)
    assert "Kontoauszüge hochladen" in _get(client, pages["concern"], hit=False)


def test_a_bescheid_renews_the_pages(client, citizen, caseworker, case):
    login(client, citizen)
    pages = _pages(case)
    assert "keine laufende Bewilligung" in _cached(client, pages["overview"])
    _cached(client, pages["concerns"])
    decision = decisions.decision_create(case=case, decision_type_key="bewilligung",
                                         actor=caseworker)
    decisions.decision_finalize(decision=decision, actor=caseworker)
    decision.refresh_from_db()
    end = decision.period_to.strftime("%d.%m.%Y")
    assert f"bis zum {end}" in _get(client, pages["overview"], hit=False)
    assert "Entschieden" in _get(client, pages["concerns"], hit=False)


def test_a_draft_renews_the_overview_and_meine_anliegen(client, citizen):
    login(client, citizen)
    overview, concerns = reverse("portal:overview"), reverse("portal:concerns")
    _cached(client, overview)
    _cached(client, concerns)
    draft = fe.draft_start(user=citizen, form=registry.get_form("hauptantrag"))
    resume = reverse("formengine:resume", args=[draft.public_id])
    assert resume in _get(client, overview, hit=False)
    assert resume in _get(client, concerns, hit=False)
    fe.draft_delete(draft=draft)
    assert resume not in _get(client, overview, hit=False)


def test_notifications_renew_the_count_in_the_navigation(client, citizen):
    login(client, citizen)
    overview = reverse("portal:overview")
    assert "jc-nav__count" not in _cached(client, overview)
    notify(user=citizen, template="status_changed", dedup_key="t:1")
    assert "jc-nav__count" in _get(client, overview, hit=False)
    _get(client, overview, hit=True)
    notifications_mark_all_read(user=citizen)  # an update() without signals
    assert "jc-nav__count" not in _get(client, overview, hit=False)


def test_the_household_renews_the_overview(client, citizen, jobcenter):
    login(client, citizen)
    overview = reverse("portal:overview")
    assert "Zora" not in _cached(client, overview)
    bg = Membership.objects.get(person__user=citizen).bedarfsgemeinschaft
    member = MembershipFactory(person=PersonFactory(jobcenter=jobcenter, first_name="Zora"),
                               bedarfsgemeinschaft=bg, role=Membership.Role.KIND)
    assert "Zora" in _get(client, overview, hit=False)
    _get(client, overview, hit=True)
    person = member.person
    person.first_name = "Zoe"
    person.save()
    assert "Zoe" in _get(client, overview, hit=False)


def _count_cache_reads(monkeypatch) -> list[list[str]]:
    """The page cache's reads of the cache (each a round trip), as lists of keys."""
    from django.core.cache import caches

    backend = caches["default"]
    reads: list[list[str]] = []
    real = backend.get_many

    def get_many(keys, *args, **kwargs):
        keys = list(keys)
        if any(key.startswith("datastand:") for key in keys):
            reads.append(keys)
        return real(keys, *args, **kwargs)

    monkeypatch.setattr(backend, "get_many", get_many)
    return reads


def test_a_hit_reads_the_entry_and_every_generation_in_one_round_trip(
        client, citizen, jobcenter, monkeypatch):
    login(client, citizen)
    overview = reverse("portal:overview")
    bg = Membership.objects.get(person__user=citizen).bedarfsgemeinschaft
    _cached(client, overview)
    reads = _count_cache_reads(monkeypatch)
    _get(client, overview, hit=True)
    (read,) = reads  # the entry, user:, platform, jobcenter: and the household together
    assert any(key.endswith(f"household:{bg.pk}") for key in read), read
    assert any(key.startswith(pagecache._PREFIX) for key in read), read


def test_a_hit_costs_one_round_trip_in_all_session_and_user_included(client, citizen):
    login(client, citizen)
    overview = reverse("portal:overview")
    _cached(client, overview)
    _get(client, overview, hit=True)  # learns the household scopes read along
    _get(client, overview, hit=True)  # learns the keys to read with the session
    (read,) = cache_round_trips(client, overview)
    for prefix in ("jc:session:", "jc:user:gen:", pagecache._PREFIX, "datastand:"):
        assert any(key.startswith(prefix) for key in read), (prefix, read)
    pagecache._ahead.clear()  # a process without the guess: the page's own read follows
    assert len(cache_round_trips(client, overview)) == 2


def test_a_process_that_has_not_seen_the_user_still_checks_the_household(
        client, citizen, jobcenter, monkeypatch):
    """The scopes read along are a per-process guess: a process without it (another
    worker, or emptied) reads the entry's household in a second round trip and sees its
    change."""
    login(client, citizen)
    overview = reverse("portal:overview")
    bg = Membership.objects.get(person__user=citizen).bedarfsgemeinschaft
    assert "Zora" not in _cached(client, overview)
    pagecache._along.clear()
    reads = _count_cache_reads(monkeypatch)
    _get(client, overview, hit=True)
    assert len(reads) == 2 and any(k.endswith(f"household:{bg.pk}") for k in reads[1])
    pagecache._along.clear()
    MembershipFactory(person=PersonFactory(jobcenter=jobcenter, first_name="Zora"),
                      bedarfsgemeinschaft=bg, role=Membership.Role.KIND)
    assert "Zora" in _get(client, overview, hit=False)


def test_losing_the_membership_renews_the_overview(client, citizen, jobcenter):
    login(client, citizen)
    overview = reverse("portal:overview")
    bg = Membership.objects.get(person__user=citizen).bedarfsgemeinschaft
    MembershipFactory(person=PersonFactory(jobcenter=jobcenter, first_name="Zora"),
                      bedarfsgemeinschaft=bg, role=Membership.Role.KIND)
    assert "Zora" in _cached(client, overview)
    Membership.objects.filter(person__user=citizen).delete()
    assert "Zora" not in _get(client, overview, hit=False)


def test_the_account_and_the_jobcenter_renew_the_pages(client, citizen):
    login(client, citizen)
    overview = reverse("portal:overview")
    _cached(client, overview)
    citizen.first_name = "Alicia"
    citizen.save()
    assert "Guten Tag, Alicia" in _get(client, overview, hit=False)
    _get(client, overview, hit=True)
    jobcenter = citizen.jobcenter
    jobcenter.name = "Jobcenter Gamma"
    jobcenter.save()
    assert "Zuständig für Sie: Jobcenter Gamma" in _get(client, overview, hit=False)


def test_the_catalogue_renews_every_page(client, citizen, case):
    login(client, citizen)
    concerns = reverse("portal:concerns")
    _cached(client, concerns)
    status = StatusType.objects.get(pk=case.status_id)
    status.save()  # an admin's change of the shared catalogue
    _get(client, concerns, hit=False)


def test_a_postfach_answer_renews_the_overview(client, citizen, caseworker, case):
    from jobcenter.postfach.models import Topic
    from jobcenter.postfach.services import message_send, thread_start_citizen

    login(client, citizen)
    topic = Topic.objects.get_or_create(jobcenter=citizen.jobcenter, title="Geld und Zahlungen",
                                        defaults={"service_days": 2})[0]
    thread = thread_start_citizen(citizen=citizen, topic=topic, subject="Frage",
                                  body="Wann kommt mein Bescheid?", key=uuid.uuid4()).thread
    overview = reverse("portal:overview")
    before = _cached(client, overview)
    message_send(thread=thread, sender=caseworker, body="Nächste Woche.", key=uuid.uuid4())
    assert _get(client, overview, hit=False) != before


# --- who gets what ---------------------------------------------------------------------


def test_the_other_citizen_and_staff_never_get_the_cached_page(
        client, citizen, other_citizen, other_caseworker, case):
    login(client, citizen)
    pages = _pages(case)
    for url in pages.values():
        assert "Alice" in _cached(client, url) or url != pages["overview"]
    bob = login(Client(), other_citizen)
    body = _get(bob, pages["overview"], hit=False)
    assert "Guten Tag, Bob" in body and "Alice" not in body
    assert case.reference not in _get(bob, pages["concerns"], hit=False)
    assert bob.get(pages["concern"]).status_code == 404
    staff = login(Client(), other_caseworker)
    for url in pages.values():
        response = staff.get(url)
        assert response.status_code == 403 and response.get(HIT) is None


def test_a_hit_carries_a_fresh_csrf_token_that_a_post_accepts(citizen, case):
    browser = login(Client(enforce_csrf_checks=True), citizen)
    overview = reverse("portal:overview")
    _get(browser, overview, hit=False)
    body = _get(browser, overview, hit=True)
    tokens = set(re.findall(r'name="csrfmiddlewaretoken" value="([A-Za-z0-9]{64})"', body))
    assert len(tokens) == 1
    [token] = tokens
    secret = browser.cookies["csrftoken"].value
    assert _unmask_cipher_token(token) == secret
    assert pagecache.CSRF_PLACEHOLDER not in body
    # the language switch on the cached page: a POST with its token is accepted
    response = browser.post(reverse("set_language"),
                            {"csrfmiddlewaretoken": token, "language": "en", "next": overview})
    assert response.status_code == 302
    assert "Hello, Alice" in _get(browser, overview)


def test_the_session_countdown_is_put_in_per_request(client, citizen, settings):
    login(client, citizen)
    overview = reverse("portal:overview")
    _get(client, overview)
    session = client.session
    session[ACTIVITY_KEY] = time.time() - 40  # renewed 40 s ago: no renewal within a minute
    session.save()
    body = _get(client, overview, hit=True)
    seconds = int(re.search(r'data-session-timeout="(\d+)"', body).group(1))
    assert settings.SESSION_COOKIE_AGE - 42 <= seconds <= settings.SESSION_COOKIE_AGE - 39


def test_the_language_is_part_of_the_key(client, citizen):
    login(client, citizen)
    overview = reverse("portal:overview")
    assert "Guten Tag" in _cached(client, overview)
    client.cookies["django_language"] = "en"
    body = _get(client, overview, hit=False)
    assert "Guten Tag" not in body


def _with_message(client, text: str) -> None:
    """A message waiting in the cookie, as after a form's redirect."""
    storage = CookieStorage(HttpRequest())
    client.cookies["messages"] = storage._encode([Message(constants.SUCCESS, text)])


def test_a_waiting_message_bypasses_the_cache_and_is_not_stored(client, citizen):
    login(client, citizen)
    overview = reverse("portal:overview")
    _cached(client, overview)
    _with_message(client, "Ihre Angaben wurden gespeichert.")
    body = _get(client, overview, hit=False)
    assert "Ihre Angaben wurden gespeichert." in body
    body = _get(client, overview)  # the message was shown once; the page with it not kept
    assert "Ihre Angaben wurden gespeichert." not in body


def test_errors_are_not_cached(client, citizen):
    login(client, citizen)
    url = reverse("portal:concern", kwargs={"reference": "JC-2026-999999"})
    assert client.get(url).status_code == 404
    response = client.get(url)
    assert response.status_code == 404 and response.get(HIT) is None


def test_a_deploy_and_the_next_hour_empty_the_cache(client, citizen, settings, monkeypatch):
    import time_machine

    login(client, citizen)
    overview = reverse("portal:overview")
    _cached(client, overview)
    monkeypatch.setattr(pagecache, "_release", None)
    settings.PAGE_CACHE_RELEASE = "next-release"
    _get(client, overview, hit=False)
    _get(client, overview, hit=True)
    with time_machine.travel(timezone.now() + dt.timedelta(hours=1), tick=False):
        login(client, citizen)
        _get(client, overview, hit=False)


def test_a_cache_that_is_down_still_serves_the_page(client, citizen, settings, monkeypatch):
    from loadtest.stack import free_port

    login(client, citizen)
    monkeypatch.setattr(datastand, "_paused_until", 0.0)
    settings.CACHES = {"default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": f"redis://127.0.0.1:{free_port()}/0",
        "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2}}}
    overview = reverse("portal:overview")
    assert "Guten Tag, Alice" in _get(client, overview, hit=False)
    assert "Guten Tag, Alice" in _get(client, overview, hit=False)


def test_off_by_setting(client, citizen, settings):
    settings.PAGE_CACHE = False
    login(client, citizen)
    overview = reverse("portal:overview")
    _get(client, overview, hit=False)
    _get(client, overview, hit=False)


# --- the Rechner form (anonymous and signed in) ------------------------------------------


def test_the_rechner_form_is_cached_for_anonymous_visitors_without_queries(client):
    url = reverse("rechner:rechner")
    _get(client, url, hit=False)
    with CaptureQueriesContext(connection) as queries:
        body = _get(client, url, hit=True)
    assert queries.captured_queries == []
    assert pagecache.CSRF_PLACEHOLDER not in body
    # another visitor's language is another entry
    other = Client()
    other.cookies["django_language"] = "en"
    assert "Guten Tag" not in _get(other, url, hit=False)


def test_the_rechner_form_of_a_signed_in_citizen_is_their_own(client, citizen):
    url = reverse("rechner:rechner")
    _get(Client(), url)
    _get(Client(), url, hit=True)  # the anonymous entry
    login(client, citizen)
    body = _get(client, url, hit=False)
    assert "Abmelden" in body  # not the anonymous page
    _get(client, url, hit=True)
    notify(user=citizen, template="status_changed", dedup_key="t:1")
    assert "jc-nav__count" in _get(client, url, hit=False)


def test_a_rechner_calculation_is_never_cached(client):
    from tests.portal.test_hot_pages import RECHNER

    url = reverse("rechner:rechner")
    for _ in range(2):
        response = client.post(url, RECHNER)
        assert response.status_code == 200 and response.get(HIT) is None
