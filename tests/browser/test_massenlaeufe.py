"""Verwaltung → Massenläufe in the browser: axe, 320 px and desktop, without JavaScript."""

from __future__ import annotations

import pytest

from jobcenter.decisions.models import RecalculationRun
from jobcenter.outbox import bulk
from jobcenter.outbox.models import BulkPartition
from tests.browser.conftest import check_page, sign_in, visit
from tests.browser.shots import Shots

pytestmark = pytest.mark.browser
shot = Shots("JC_SCREENSHOTS", width_in_name=True)


def test_the_progress_of_a_recalculation(page, desktop_page, nojs_page, axe, live_server,
                                         caseworker, jobcenter):
    run = RecalculationRun.objects.create(month="2027-01-01")
    bulk_run = bulk.bulk_run_start(kind="decisions.recalculation", ref=str(run.pk),
                                   partitions=lambda: [
                                       bulk.PartitionSpec(jobcenter.pk, 1, 5000, 5000),
                                       bulk.PartitionSpec(jobcenter.pk, 5001, 9000, 4000)])
    BulkPartition.objects.filter(run=bulk_run, number=1).update(
        status=BulkPartition.Status.DONE, processed=5000,
        counts={"changed": 4980, "unchanged": 19, "errors": 1})
    BulkPartition.objects.filter(run=bulk_run, number=2).update(
        status=BulkPartition.Status.FAILED, processed=1000, counts={"changed": 990})
    for p in (page, desktop_page):
        sign_in(p, live_server, caseworker)
        visit(p, axe, "/arbeitsbereich/verwaltung/massenlaeufe/")
        assert p.get_by_role("heading", name="Neuberechnung Januar 2027").is_visible()
        assert p.get_by_text("6.000 von 9.000 bearbeitet (66 %)").is_visible()
        shot(p, "massenlaeufe")
    sign_in(nojs_page, live_server, caseworker)
    visit(nojs_page, axe, "/arbeitsbereich/verwaltung/massenlaeufe/", js=False)
    assert nojs_page.get_by_text("1 Teil fehlgeschlagen, wird wiederholt").is_visible()
    check_page(nojs_page, axe, js=False)
