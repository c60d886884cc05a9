"""The base of every concern: a submitted concern becomes its case type, staff answer it
with one of its outcomes, ``decisions`` issues the letter, the citizen sees it."""

from __future__ import annotations

import pytest

from jobcenter.anliegen import registry, services
from jobcenter.decisions import services as decisions
from jobcenter.decisions.documents import bescheid_data
from jobcenter.decisions.models import Decision, DeliveryPreference
from jobcenter.portal import concerns
from tests.factories import StaffFactory

pytestmark = pytest.mark.django_db


def test_every_concern_has_its_form_case_type_and_decision_types():
    from jobcenter.casefiles.models import CaseType, DecisionType
    from jobcenter.formengine import registry as forms

    assert registry.concerns()
    for concern in registry.concerns():
        assert forms.get_form(concern.key) is not None, concern.key
        row = CaseType.objects.entry(concern.case_type)
        assert row is not None, concern.case_type
        assert row.processing_days == concern.processing_days, concern.key
        assert concern.outcomes
    for key in registry.DECISION_TYPES:
        assert DecisionType.objects.entry(key) is not None


def test_a_submitted_concern_is_filed_as_its_case_type(citizen, submit):
    submission, case = submit(citizen, "ortsabwesenheit")
    assert case.case_type.key == "ortsabwesenheit"
    assert case.form_key == "ortsabwesenheit"
    assert case.data["ort"] == "Izmir, Türkei"
    found = concerns.concerns_for_citizen(citizen)
    assert [c.reference for c in found] == [submission.reference]
    assert found[0].status.key == concerns.Key.RECEIVED


def test_approval_is_issued_as_a_bescheid_with_belehrung(citizen, caseworker, submit,
                                                         django_capture_on_commit_callbacks):
    decisions.delivery_preference_set(user=citizen, channel=DeliveryPreference.Channel.ONLINE)
    _submission, case = submit(citizen, "ortsabwesenheit")
    draft = services.anliegen_decide(case=case, actor=caseworker, outcome_key="zustimmung")
    assert draft.decision_type.key == registry.BESCHEID
    assert draft.bedarfsgemeinschaft_id is None  # no part of the BG's chain
    assert not draft.requires_four_eyes
    with django_capture_on_commit_callbacks(execute=True):
        issued = decisions.decision_finalize(decision=draft, actor=caseworker)
    issued.refresh_from_db()
    assert issued.status == Decision.Status.DELIVERED
    assert issued.document_version_id  # rendered and filed in the eAkte
    data = bescheid_data(issued)
    assert data["title"] == "Zustimmung zur Ortsabwesenheit"
    assert "stimmen wir Ihrem Aufenthalt außerhalb des näheren Bereichs" in data["paragraphs"][1]
    assert data["rechtsbehelf"][0].startswith("Gegen diesen Bescheid können Sie")
    assert "(§ 33 Abs. 5 SGB X)" in data["signature_note"]
    status = concerns.concerns_for_citizen(citizen)[0].status
    assert status.key == concerns.Key.DECIDED_ONLINE


def test_a_refusal_needs_reasons_and_four_eyes(citizen, caseworker, jobcenter, submit,
                                               django_capture_on_commit_callbacks):
    _submission, case = submit(citizen, "ortsabwesenheit")
    with pytest.raises(services.AnliegenError, match="begründen"):
        services.anliegen_decide(case=case, actor=caseworker, outcome_key="ablehnung")
    draft = services.anliegen_decide(case=case, actor=caseworker, outcome_key="ablehnung",
                                     reasons="Im Zeitraum ist eine Maßnahme geplant.")
    assert draft.requires_four_eyes
    with django_capture_on_commit_callbacks(execute=True):
        waiting = decisions.decision_finalize(decision=draft, actor=caseworker)
    assert waiting.status == Decision.Status.AWAITING_APPROVAL
    # a second draft while one is open is refused
    with pytest.raises(services.AnliegenError, match="Entwurf"):
        services.anliegen_decide(case=case, actor=caseworker, outcome_key="zustimmung")
    approver = StaffFactory(jobcenter=jobcenter, role="teamleitung")
    with django_capture_on_commit_callbacks(execute=True):
        issued = decisions.decision_approve(decision=waiting, actor=approver)
    issued.refresh_from_db()
    data = bescheid_data(issued)
    assert data["title"] == "Ablehnung der Zustimmung zur Ortsabwesenheit"
    assert data["reasons"] == ["Im Zeitraum ist eine Maßnahme geplant."]


def test_an_unknown_outcome_or_a_non_concern_case_is_refused(citizen, caseworker, submit):
    _submission, case = submit(citizen, "ortsabwesenheit")
    with pytest.raises(services.AnliegenError):
        services.anliegen_decide(case=case, actor=caseworker, outcome_key="bewilligung")


def test_another_jobcenters_caseworker_cannot_decide_even_through_the_service(
        citizen, other_caseworker, submit):
    """The view checks access first (three-actor tests); the service refuses too."""
    _submission, case = submit(citizen, "ortsabwesenheit")
    with pytest.raises(services.AnliegenError, match="anderen Jobcenter"):
        services.anliegen_decide(case=case, actor=other_caseworker, outcome_key="zustimmung")
    assert not Decision.objects.filter(case=case).exists()
