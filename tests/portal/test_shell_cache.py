"""The page shell's two reads from the cache — the unread notifications' badge and the
Jobcenter's branding — change on the next request after any write (docs/performance.md,
"Fixed cost of a request"). The cache is warmed before each change."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from jobcenter.accounts import services as accounts
from jobcenter.jobcenters.models import Jobcenter
from jobcenter.notifications.models import Notification
from jobcenter.notifications.services import (
    notification_mark_read,
    notifications_mark_all_read,
    notify,
)
from tests.conftest import login

pytestmark = pytest.mark.django_db

BADGE = re.compile(r'jc-nav__count">(\d+)<')


def badge(client: Client) -> int:
    """The unread count in the "Mehr" disclosure of the citizen's navigation (0: none)."""
    html = client.get(reverse("portal:documents")).content.decode()
    found = BADGE.findall(html)
    return int(found[0]) if found else 0


def signed_in(user) -> Client:
    client = Client()
    login(client, user)
    return client


def _notice(user, n: int) -> Notification:
    return notify(user=user, template="status_changed", dedup_key=f"test:{user.pk}:{n}")


def test_the_badge_follows_every_way_a_notice_is_created_read_or_deleted(
        citizen, other_citizen):
    alice, bob = signed_in(citizen), signed_in(other_citizen)
    assert badge(alice) == 0 and badge(alice) == 0  # warmed
    first = _notice(citizen, 1)
    assert badge(alice) == 1
    _notice(citizen, 2), _notice(citizen, 3)
    assert badge(alice) == 3
    assert badge(bob) == 0  # another citizen's notices are not theirs
    notification_mark_read(user=citizen, notification_id=first.pk)  # QuerySet.update
    assert badge(alice) == 2
    Notification.objects.filter(user=citizen, dedup_key__endswith=":2").delete()
    assert badge(alice) == 1
    notifications_mark_all_read(user=citizen)
    assert badge(alice) == 0
    Notification.objects.bulk_create([Notification(user=citizen, template="status_changed",
                                                    dedup_key="test:bulk")])
    assert badge(alice) == 1
    assert badge(bob) == 0


def test_reading_a_notice_on_its_page_lowers_the_badge(citizen):
    alice = signed_in(citizen)
    notice = _notice(citizen, 1)
    assert badge(alice) == 1
    response = alice.get(reverse("notifications_citizen:open", args=[notice.pk]))
    assert response.status_code in (200, 302)
    assert badge(alice) == 0


def test_the_branding_follows_a_change_of_the_jobcenter(citizen, caseworker,
                                                        other_caseworker):
    alice, carla, charlie = signed_in(citizen), signed_in(caseworker), signed_in(other_caseworker)
    queue = reverse("casefiles:queue")
    for client, path in ((alice, "/portal/"), (carla, queue), (charlie, queue)):
        assert client.get(path).status_code == 200  # warmed
    jobcenter = Jobcenter.objects.get(pk=citizen.jobcenter_id)
    jobcenter.name = "Jobcenter Alpha-Stadt"
    jobcenter.save()
    assert "Jobcenter Alpha-Stadt" in alice.get("/portal/").content.decode()
    Jobcenter.objects.filter(pk=jobcenter.pk).update(phone="0800 123456")  # no signal
    html = carla.get(queue).content.decode()
    assert "Jobcenter Alpha-Stadt" in html and "0800 123456" in html
    other = charlie.get(queue).content.decode()  # another Jobcenter's caseworker
    assert "Jobcenter Beta" in other and "Alpha" not in other


def test_a_citizen_who_moves_gets_the_new_jobcenters_branding(citizen, other_jobcenter):
    alice = signed_in(citizen)
    assert "Jobcenter Alpha" in alice.get("/portal/").content.decode()
    accounts.citizen_change_postcode(user=citizen, postcode="22222")
    html = alice.get("/portal/").content.decode()
    assert "Jobcenter Beta" in html and "Jobcenter Alpha" not in html


def test_a_delivery_status_update_costs_no_extra_query_and_keeps_the_count(citizen):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    alice = signed_in(citizen)
    notice = _notice(citizen, 1)
    assert badge(alice) == 1
    with CaptureQueriesContext(connection) as queries:
        Notification.objects.filter(pk=notice.pk).update(status=Notification.Status.SENT)
    assert len(queries.captured_queries) == 1  # no lookup of the users to forget
    assert badge(alice) == 1
