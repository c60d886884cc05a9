"""The processing standard in working days (issue 17): the case's due date counted from the
Berlin day of receipt in its Jobcenter's Land, "überfällig" from the morning after, and the
same date on the receipt, the staff pages and the citizen's pages."""

from __future__ import annotations

import datetime as dt
import zoneinfo

import pytest
import time_machine
from django.urls import reverse
from django.utils import formats, timezone

from jobcenter.antraege.receipt import receipt_guidance
from jobcenter.casefiles.models import CaseType, ServiceState
from jobcenter.casefiles.selectors import QueueFilters, cases_for_queue, expected_decision_date
from tests.casefiles.conftest import make_submission
from tests.conftest import login

BERLIN = zoneinfo.ZoneInfo("Europe/Berlin")

pytestmark = pytest.mark.django_db


def berlin(*args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=BERLIN)


def _due(case) -> dt.date:
    return timezone.localtime(case.due_at).date()


def test_the_seeded_standards_are_working_days():
    # converted from calendar days with ceil(days × 5 / 7): three weeks are 15 working days
    assert CaseType.objects.entry("neuantrag").processing_days == 15
    assert CaseType.objects.entry("neuantrag").at_risk_days == 5
    assert CaseType.objects.entry("weiterbewilligung").processing_days == 10
    assert CaseType.objects.entry("widerspruch").processing_days == 65


def test_a_friday_night_receipt_counts_from_friday_over_christmas(make_case, jobcenter):
    jobcenter.land = "BE"
    jobcenter.save()
    case = make_case(jobcenter=jobcenter, submitted_at=berlin(2026, 12, 4, 23, 30))
    # Neuantrag, 15 working days from Friday 4 December: 7–11, 14–18, 21–24, (25, 26
    # December), 28 December
    assert _due(case) == dt.date(2026, 12, 28)
    assert expected_decision_date(case) == dt.date(2026, 12, 28)


def test_the_due_date_depends_on_the_jobcenters_land(make_case, jobcenter, other_jobcenter):
    jobcenter.land, other_jobcenter.land = "NW", "BE"
    jobcenter.save()
    other_jobcenter.save()
    received = berlin(2027, 5, 19, 10)  # Wednesday after Pfingsten
    in_nrw = make_case(jobcenter=jobcenter, submitted_at=received)
    in_berlin = make_case(jobcenter=other_jobcenter, submitted_at=received)
    assert _due(in_nrw) == dt.date(2027, 6, 10)  # Fronleichnam (27 May) is no working day
    assert _due(in_berlin) == dt.date(2027, 6, 9)


def test_overdue_in_the_queue_from_the_morning_after_the_due_day(make_case, jobcenter,
                                                                  caseworker):
    case = make_case(jobcenter=jobcenter, submitted_at=berlin(2026, 12, 4, 23, 30))

    def state(now: dt.datetime) -> str:
        found = {c.pk: c.service_state for c in cases_for_queue(
            user=caseworker, filters=QueueFilters(), now=now)}
        overdue = [c.pk for c in cases_for_queue(
            user=caseworker, filters=QueueFilters(service_state="ueberfaellig"), now=now)]
        assert (case.pk in overdue) == (found[case.pk] == ServiceState.OVERDUE)
        return found[case.pk]

    assert state(berlin(2026, 12, 17, 23, 59)) == ServiceState.ON_TRACK
    # five working days left from Monday 21 December (21, 22, 23, 24, 28)
    assert state(berlin(2026, 12, 21, 0, 0)) == ServiceState.AT_RISK
    assert state(berlin(2026, 12, 28, 23, 59, 59)) == ServiceState.AT_RISK
    assert state(berlin(2026, 12, 29, 0, 0)) == ServiceState.OVERDUE


def test_receipt_staff_and_citizen_pages_show_the_same_date(client, citizen, caseworker,
                                                            jobcenter):
    jobcenter.land = "NW"
    jobcenter.save()
    with time_machine.travel(berlin(2027, 5, 19, 10), tick=False):
        from jobcenter.casefiles.services import case_intake

        case = case_intake(submission=make_submission(user=citizen,
                                                      submitted_at=timezone.now()))
    shown = formats.date_format(dt.date(2027, 6, 10), "SHORT_DATE_FORMAT")
    assert _due(case) == dt.date(2027, 6, 10)
    guidance = receipt_guidance(form_key="hauptantrag", received_on=dt.date(2027, 5, 19),
                                jobcenter=jobcenter)
    assert ("Ihr Jobcenter entscheidet in der Regel innerhalb von 15 Arbeitstagen nach dem "
            "Eingang, voraussichtlich bis zum 10.\u00a0Juni\u00a02027.") in guidance["next"]
    with time_machine.travel(berlin(2027, 5, 25, 10), tick=False):
        login(client, citizen)
        for name in ("portal:concerns", "portal:overview"):
            body = client.get(reverse(name)).content.decode()
            assert ("Wir entscheiden in der Regel innerhalb von 15 Arbeitstagen nach dem "
                    f"Eingang, voraussichtlich bis zum {shown}.") in body, name
        page = client.get(reverse("portal:concern", kwargs={"reference": case.reference}))
        assert f"voraussichtlich bis zum {shown}." in page.content.decode()
        client.logout()
        login(client, caseworker)
        staff = client.get(reverse("casefiles:case", args=[case.pk])).content.decode()
        assert f"Entscheidung fällig bis {shown}" in staff
        queue = client.get(reverse("casefiles:queue")).content.decode()
        assert shown in queue


def test_a_veraenderungsmitteilung_receipt_speaks_of_a_notice(jobcenter):
    guidance = receipt_guidance(form_key="veraenderung", received_on=dt.date(2026, 12, 4),
                                jobcenter=jobcenter)
    assert guidance["counts_title"] == "Ab wann Ihre Mitteilung zählt"
    assert ("Ihr Jobcenter bearbeitet Ihre Mitteilung in der Regel innerhalb von 10 "
            "Arbeitstagen nach dem Eingang, voraussichtlich bis zum 18.\u00a0Dezember\u00a02026."
            ) in guidance["next"]
    assert not any("Untätigkeitsklage" in step for step in guidance["next"])


def test_a_concerns_receipt_names_its_standard(jobcenter):
    from jobcenter.anliegen import registry as anliegen_registry

    concern = anliegen_registry.get("ortsabwesenheit")
    guidance = receipt_guidance(form_key=concern.key, received_on=dt.date(2026, 12, 4),
                                jobcenter=jobcenter)
    # five working days from Friday 4 December 2026
    assert ("Ihr Jobcenter bearbeitet Ihr Anliegen in der Regel innerhalb von 5 Arbeitstagen "
            "nach dem Eingang, voraussichtlich bis zum 11.\u00a0Dezember\u00a02026."
            ) in guidance["next"]
