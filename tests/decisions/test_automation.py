"""One-click renewals and the mass recalculation (idempotent, resumable)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
import time_machine
from django.core.management import call_command

from jobcenter.core import sgb2_adapter as engine
from jobcenter.decisions import services
from jobcenter.decisions.handlers import on_submission_received
from jobcenter.decisions.models import (
    AutomationRule,
    Decision,
    DecisionAmount,
    DecisionSettings,
    DeliveryPreference,
    RecalculationRun,
)
from jobcenter.decisions.selectors import automation_report, bescheide_for_citizen
from jobcenter.decisions.services import recalculation
from jobcenter.outbox.delivery import publish
from tests.conftest import login
from tests.decisions.conftest import sgb2_request


def _approved(case, actor):
    decision = services.decision_create(case=case, decision_type_key="bewilligung",
                                        actor=actor)
    return services.decision_finalize(decision=decision, actor=actor)


def test_nothing_changed_renewal_from_intake_to_delivered_bescheid_with_one_click(
        citizen, caseworker, make_calc_case, client, django_capture_on_commit_callbacks):
    services.delivery_preference_set(user=citizen, channel=DeliveryPreference.Channel.ONLINE)
    first = _approved(make_calc_case(citizen), caseworker)
    # filed within the window before the period ends (decisions.policy, 56 days)
    traveller = time_machine.travel(first.period_to - dt.timedelta(days=30), tick=False)
    traveller.start()
    renewal = make_calc_case(citizen, request={}, form_key="weiterbewilligung",
                             nothing_changed=True)
    renewal.sgb2_request = None
    renewal.save(update_fields=["sgb2_request"])
    with django_capture_on_commit_callbacks(execute=True):
        on_submission_received(submission_id=renewal.submission_id)
    draft = Decision.objects.get(case=renewal)
    assert draft.status == Decision.Status.DRAFT
    assert draft.origin == Decision.Origin.AUTOMATION
    assert draft.period_from == first.period_to + dt.timedelta(days=1)
    # a renewal follows the period; it changes no Bescheid (decisions.chain)
    assert draft.previous is None
    # running the intake hook again prepares nothing twice
    with django_capture_on_commit_callbacks(execute=True):
        on_submission_received(submission_id=renewal.submission_id)
    assert Decision.objects.filter(case=renewal).count() == 1
    # one click in the staff overview
    login(client, caseworker)
    page = client.get("/arbeitsbereich/bescheide/")
    assert renewal.reference in page.content.decode()
    response = client.post(f"/arbeitsbereich/bescheide/{draft.pk}/entscheiden/")
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.status == Decision.Status.DELIVERED
    assert draft in bescheide_for_citizen(citizen)
    report = automation_report(jobcenter_id=renewal.jobcenter_id)
    assert report.decided == 2 and report.automatic == 1 and report.without_manual_entry == 2
    traveller.stop()


def test_rule_decides_automatically_where_the_jobcenter_enables_it(
        citizen, caseworker, make_calc_case, jobcenter, django_capture_on_commit_callbacks):
    AutomationRule.objects.create(jobcenter=jobcenter, case_type_key="weiterbewilligung",
                                  mode=AutomationRule.Mode.DECIDE, max_change_eur=Decimal(50))
    first = _approved(make_calc_case(citizen), caseworker)
    with time_machine.travel(first.period_to - dt.timedelta(days=10), tick=False):
        renewal = make_calc_case(citizen, form_key="weiterbewilligung", nothing_changed=True)
        with django_capture_on_commit_callbacks(execute=True):
            on_submission_received(submission_id=renewal.submission_id)
    decision = Decision.objects.get(case=renewal)
    assert decision.status in {Decision.Status.APPROVED, Decision.Status.DELIVERED}
    assert decision.approved_by is None and decision.document_version is not None


def test_renewal_with_changes_is_not_automated(citizen, caseworker, make_calc_case,
                                               django_capture_on_commit_callbacks):
    _approved(make_calc_case(citizen), caseworker)
    renewal = make_calc_case(citizen, form_key="weiterbewilligung", nothing_changed=False)
    with django_capture_on_commit_callbacks(execute=True):
        on_submission_received(submission_id=renewal.submission_id)
    assert not Decision.objects.filter(case=renewal).exists()


@pytest.fixture
def active_cases(citizen, other_citizen, caseworker, make_calc_case, make_citizen):
    """Four approved Bewilligungen from 2027-01 of four households; two of them had other
    amounts in March (as if the law had been different when they were decided)."""
    third, fourth = make_citizen("Clara", "Conrad"), make_citizen("Dirk", "Dorn")
    decisions = [_approved(make_calc_case(user, request=sgb2_request(netto=n)), caseworker)
                 for user, n in [(citizen, 300), (other_citizen, 400), (third, 500),
                                 (fourth, 600)]]
    for d in decisions[:2]:
        DecisionAmount.objects.filter(decision=d, month=dt.date(2027, 3, 1)).update(
            amount=Decimal("1.00"))
    return decisions


def test_mass_recalculation_is_resumable_and_idempotent(active_cases, capsys):
    call_command("neuberechnung", "--monat", "2027-03", "--chunk", "1", "--max-chunks", "1")
    run = RecalculationRun.objects.get()
    assert run.status == RecalculationRun.Status.RUNNING
    assert services.recalculation_progress(run=run).processed == 1
    assert Decision.objects.filter(origin=Decision.Origin.RECALCULATION).count() == 1
    call_command("neuberechnung", "--monat", "2027-03", "--chunk", "2")  # resumes
    run.refresh_from_db()
    assert RecalculationRun.objects.count() == 1
    assert (run.processed, run.changed, run.unchanged, run.errors) == (4, 2, 2, 0)
    assert run.status == RecalculationRun.Status.DONE
    changes = Decision.objects.filter(origin=Decision.Origin.RECALCULATION)
    assert {c.previous_id for c in changes} == {active_cases[0].pk, active_cases[1].pk}
    assert all(c.decision_type.key == "aenderung" and c.status == Decision.Status.DRAFT
               and c.period_from == dt.date(2027, 3, 1) for c in changes)
    out = capsys.readouterr().out
    assert "Fälle/s" in out and "2 geändert" in out
    # a second run for the same month creates no second Änderungsbescheid
    call_command("neuberechnung", "--monat", "2027-03")
    assert Decision.objects.filter(origin=Decision.Origin.RECALCULATION).count() == 2


def test_dry_run_creates_nothing(active_cases):
    call_command("neuberechnung", "--monat", "2027-03", "--dry-run")
    run = RecalculationRun.objects.get()
    assert run.changed == 2
    assert not Decision.objects.filter(origin=Decision.Origin.RECALCULATION).exists()


@pytest.mark.django_db(transaction=True)
def test_celery_runs_the_partitions_and_the_summary(active_cases, settings, capsys):
    from jobcenter.outbox.models import BulkPartition, OutboxMessage
    from jobcenter.outbox.tasks import bulk_partition

    settings.BULK_PARTITION_SIZE = 1  # four cases, four partitions
    # Eager Celery in tests: each partition's outbox message runs right after the commit
    # of the dispatch; the command then follows the progress until the summary is written.
    call_command("neuberechnung", "--monat", "2027-03", "--celery", "--intervall", "0")
    run = RecalculationRun.objects.get()
    assert (run.processed, run.changed, run.unchanged) == (4, 2, 2)
    assert run.status == RecalculationRun.Status.DONE
    partitions = BulkPartition.objects.filter(run=services.recalculation_bulk_run(run=run))
    assert partitions.count() == 4
    assert set(partitions.values_list("status", flat=True)) == {BulkPartition.Status.DONE}
    messages = OutboxMessage.objects.filter(task=bulk_partition.name)
    assert messages.count() == 4  # one per partition
    assert set(messages.values_list("status", flat=True)) == {OutboxMessage.Status.DONE}
    out = capsys.readouterr().out
    assert "4 Teile an die Warteschlange »bulk« übergeben" in out
    assert "4/4 Fälle" in out and "Fertig: 4 Fälle, 2 geändert" in out
    # Handing the same run over again adds nothing: every partition is done.
    from jobcenter.decisions.tasks import recalculation_dispatch

    assert recalculation_dispatch(run=run) == 0
    assert messages.count() == 4


MARCH = dt.date(2027, 3, 1)


def _changes():
    return Decision.objects.filter(origin=Decision.Origin.RECALCULATION).order_by("previous_id")


def _amounts(decision):
    return [(a.month, a.person_key, a.person_name, a.bedarf, a.einkommen, a.amount)
            for a in decision.amounts.order_by("month", "person_key")]


def test_bulk_written_aenderung_equals_the_per_case_one(active_cases):
    """The chunk's bulk inserts write exactly what ``decision_create`` writes for one case."""
    renamed = active_cases[0]
    # The names come from the BG's persons (decisions.persons), also after a name change.
    renamed.case.applicant.__class__.objects.filter(pk=renamed.case.applicant_id).update(
        first_name="Erika", last_name="Beispiel")
    call_command("neuberechnung", "--monat", "2027-03")
    changes = list(_changes())
    assert [c.previous_id for c in changes] == [active_cases[0].pk, active_cases[1].pk]
    for change in changes:
        previous = change.previous
        reference = services.decision_create(
            case=change.case, decision_type_key="aenderung", actor=None,
            request=engine.with_month(previous.snapshot["request"], MARCH),
            period_from=MARCH, period_to=previous.period_to, reasons=change.reasons,
            previous=previous)
        assert change.reasons.startswith("Neuberechnung") and "03/2027" in change.reasons
        assert (change.status, change.recalculation_run_id is not None) == (
            Decision.Status.DRAFT, True)
        for field in ("decision_type_id", "period_from", "period_to", "monthly_total",
                      "requires_four_eyes", "bedarfsgemeinschaft_id", "snapshot"):
            assert getattr(change, field) == getattr(reference, field), field
        if previous == renamed:
            assert {a.person_name for a in change.amounts.all()} == {"Erika Beispiel"}
        assert len(change.snapshot["results"]) == 10  # March to December
        assert _amounts(change) == _amounts(reference) and _amounts(change)
        texts = list(change.case.timeline.filter(kind="decision", citizen_text__isnull=True)
                     .values_list("text", flat=True))
        assert texts.count("Bescheid-Entwurf erstellt: Änderungsbescheid") == 2


def test_crash_in_the_middle_of_a_chunk_writes_nothing_and_the_rerun_writes_once(
        active_cases, monkeypatch):
    def crash(**kwargs):
        raise RuntimeError("worker killed after the bulk insert of the Bescheide")

    monkeypatch.setattr(recalculation, "timeline_add_many", crash)
    run = services.recalculation_start(month=MARCH)
    with pytest.raises(RuntimeError):
        call_command("neuberechnung", "--monat", "2027-03")
    run.refresh_from_db()
    progress = services.recalculation_progress(run=run)
    assert (run.status, progress.processed, progress.counts.get("changed", 0)) == (
        RecalculationRun.Status.RUNNING, 0, 0)
    assert progress.failed == 1  # the partition waits for its retry, at its checkpoint
    assert not _changes().exists() and not DecisionAmount.objects.filter(
        decision__origin=Decision.Origin.RECALCULATION).exists()
    monkeypatch.undo()
    call_command("neuberechnung", "--monat", "2027-03")  # resumes the same run
    run.refresh_from_db()
    assert (run.status, run.processed, run.changed) == (RecalculationRun.Status.DONE, 4, 2)
    call_command("neuberechnung", "--monat", "2027-03")  # a later run writes nothing more
    assert sorted(_changes().values_list("case_id", flat=True)) == sorted(
        [active_cases[0].case_id, active_cases[1].case_id])


def test_a_refused_bulk_insert_falls_back_to_per_case_writes(active_cases, monkeypatch):
    """Another worker wrote one case's Änderungsbescheid after the chunk checked: the bulk
    insert fails on the unique constraint, the chunk writes case by case, and only that case
    is recorded as an error."""
    from jobcenter.casefiles.models import DecisionType
    from jobcenter.core import sgb2_adapter as engine

    real = engine.calculate_batch
    first = active_cases[0]

    def concurrent_writer(requests, month):
        if not _changes().exists():
            Decision.objects.create(
                case=first.case, decision_type=DecisionType.objects.entry("aenderung"),
                origin=Decision.Origin.RECALCULATION, period_from=month, previous=first)
        return real(requests, month)

    monkeypatch.setattr(engine, "calculate_batch", concurrent_writer)
    call_command("neuberechnung", "--monat", "2027-03")
    run = RecalculationRun.objects.get()
    assert (run.processed, run.changed, run.unchanged, run.errors) == (4, 1, 2, 1)
    assert [e.decision_id for e in run.error_rows.all()] == [first.pk]
    written = _changes().exclude(case=first.case).get()
    assert written.previous_id == active_cases[1].pk and _amounts(written)


def test_recalculation_once_per_case_and_month_is_a_database_constraint(active_cases):
    from django.db import IntegrityError, transaction

    call_command("neuberechnung", "--monat", "2027-03")
    change = _changes().first()
    with pytest.raises(IntegrityError), transaction.atomic():
        Decision.objects.create(case=change.case, decision_type=change.decision_type,
                                origin=Decision.Origin.RECALCULATION, period_from=MARCH)


def test_jobcenter_rule_decides_recalculated_bescheide_with_pdf_and_notice(
        active_cases, jobcenter, django_capture_on_commit_callbacks):
    AutomationRule.objects.create(jobcenter=jobcenter, case_type_key="neuberechnung",
                                  mode=AutomationRule.Mode.DECIDE)
    # the fixture's March amounts differ by ~930 €: within this Jobcenter's cap
    DecisionSettings.objects.create(jobcenter=jobcenter,
                                    automation_max_change_eur=Decimal("1000"))
    with django_capture_on_commit_callbacks() as callbacks:
        call_command("neuberechnung", "--monat", "2027-03")
    changes = list(_changes())
    assert len(changes) == 2
    for change in changes:
        assert change.status == Decision.Status.APPROVED  # paper: no online preference
        assert change.document_version is None  # rendered after commit
        assert change.case.status.key == "entschieden"
        assert change.case.timeline.filter(citizen_text__contains="per Post").exists()
    # per citizen, after commit: the e-mail notice and the render of the Bescheid's PDF
    # (handed to the outbox's publisher; the other callbacks keep the cached copies and
    # the page cache's data generations fresh)
    assert len([c for c in callbacks if getattr(c, "func", None) is publish]) == 4
    for callback in callbacks:
        callback()
    for change in _changes():
        assert change.document_version is not None
