"""The funnel is anonymous: counts per day/form/version/page/event, nothing else."""

from __future__ import annotations

import pytest
from django.db import models

from jobcenter.formengine import services
from jobcenter.formengine.models import FunnelCount
from tests.conftest import login
from tests.formengine.helpers import PAGE_DATA, page_url, post_page, start

pytestmark = pytest.mark.django_db


def test_funnel_model_has_no_reference_to_a_person():
    fields = FunnelCount._meta.get_fields()
    assert not any(
        isinstance(f, (models.ForeignKey, models.OneToOneField, models.ManyToManyField))
        for f in fields
    )
    names = {f.name for f in fields}
    assert names == {"id", "day", "form_key", "form_version", "page_key", "event", "count"}


def test_events_are_counted_once_per_draft_and_hold_no_personal_data(client, citizen):
    login(client, citizen)
    draft = start(client)
    client.get(page_url(draft, "person"))
    client.get(page_url(draft, "person"))  # a reload does not count twice
    post_page(client, draft, "person", PAGE_DATA["person"])
    client.get(page_url(draft, "kontakt"))
    counts = {(c.event, c.page_key): c.count for c in FunnelCount.objects.all()}
    assert counts == {
        ("started", ""): 1,
        ("page_reached", "person"): 1,
        ("page_reached", "kontakt"): 1,
    }
    services.draft_delete(draft=draft)
    assert FunnelCount.objects.get(event="abandoned").count == 1
    for row in FunnelCount.objects.values():
        assert row["form_key"] == "engine_test" and row["form_version"] == "1"
        assert row["page_key"] in ("", "person", "kontakt")
        assert row["event"] in FunnelCount.Event.values
        for value in row.values():
            assert str(value) not in {citizen.email, citizen.first_name, "Alice", "1990-05-01"}


def test_counts_aggregate_across_citizens(client, citizen, other_citizen):
    for user in (citizen, other_citizen):
        login(client, user)
        start(client)
    assert FunnelCount.objects.get(event="started").count == 2
    assert FunnelCount.objects.count() == 1
