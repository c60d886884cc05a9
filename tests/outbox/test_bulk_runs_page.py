"""Verwaltung → Massenläufe: the progress of a mass recalculation for the staff of the
Jobcenter whose cases it holds — and for nobody else (three actors)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from jobcenter.decisions.models import RecalculationRun
from jobcenter.outbox import bulk
from jobcenter.outbox.models import BulkPartition
from tests.conftest import login

pytestmark = pytest.mark.django_db
URL = reverse("bulk_runs:list")


@pytest.fixture
def recalculation(jobcenter, other_jobcenter):
    """A recalculation for January 2027 with 1,200 of 3,000 cases of Jobcenter Alpha done,
    one part waiting for its retry, and a part of Jobcenter Beta."""
    run = RecalculationRun.objects.create(month="2027-01-01")
    bulk_run = bulk.bulk_run_start(kind="decisions.recalculation", ref=str(run.pk),
                                   partitions=lambda: [
                                       bulk.PartitionSpec(jobcenter.pk, 1, 1000, 1000),
                                       bulk.PartitionSpec(jobcenter.pk, 1001, 3000, 2000),
                                       bulk.PartitionSpec(other_jobcenter.pk, 3001, 3500, 500),
                                   ])
    BulkPartition.objects.filter(run=bulk_run, number=1).update(
        status=BulkPartition.Status.DONE, processed=1000,
        counts={"changed": 700, "unchanged": 299, "errors": 1})
    BulkPartition.objects.filter(run=bulk_run, number=2).update(
        status=BulkPartition.Status.FAILED, processed=200, counts={"changed": 150})
    BulkPartition.objects.filter(run=bulk_run, number=3).update(
        status=BulkPartition.Status.RUNNING, processed=499, counts={"changed": 4321})
    return bulk_run


def test_staff_see_their_jobcenters_progress(client, caseworker, recalculation):
    login(client, caseworker)
    response = client.get(URL)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Neuberechnung Januar 2027" in page
    assert "1.200 von 3.000 bearbeitet (40 %)" in page
    assert 'max="3000" value="1200"' in page
    assert "1 von 2 fertig, 0 in Arbeit" in page
    assert "1 Teil fehlgeschlagen, wird wiederholt" in page
    assert "850" in page  # Änderungsbescheide of Alpha's parts
    assert "4.321" not in page and "3.500" not in page  # nothing of Beta's part


def test_another_jobcenters_staff_see_only_their_own_part(client, other_caseworker,
                                                          recalculation):
    login(client, other_caseworker)
    page = client.get(URL).content.decode()
    assert "499 von 500 bearbeitet (99 %)" in page
    assert "3.000" not in page and "850" not in page


def test_a_jobcenter_without_runs_is_told_so(client, caseworker):
    login(client, caseworker)
    assert "Bisher gab es keinen Massenlauf" in client.get(URL).content.decode()


def test_citizens_have_no_access(client, citizen, recalculation):
    login(client, citizen)
    assert client.get(URL).status_code in (302, 403, 404)


def test_the_administration_page_links_to_it(client, jobcenter_admin):
    login(client, jobcenter_admin)
    assert URL in client.get(reverse("backoffice:administration")).content.decode()
