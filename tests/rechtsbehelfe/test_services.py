"""The Widerspruchsverfahren end to end at the service level: filing (idempotent), the
registration's deadline check, Abhilfe through a Bescheid of ``decisions``, the hand-over,
and the Widerspruchsbescheid only by the Widerspruchsstelle."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from jobcenter.decisions import services as decisions
from jobcenter.decisions.models import Decision
from jobcenter.rechtsbehelfe import selectors, services
from jobcenter.rechtsbehelfe.models import Widerspruch
from tests.casefiles.conftest import PDF

W = Widerspruch


def _file(issued, citizen, key="k1", **kw):
    return services.widerspruch_file_online(
        user=citizen, decision=issued, scope=kw.get("scope", W.Scope.WHOLE),
        contested=kw.get("contested", ""), reasons=kw.get("reasons", "Die Miete ist zu "
                                                                     "niedrig angesetzt."),
        idempotency_key=key, upload=kw.get("upload"))


def test_filing_online_is_idempotent_and_hashed(issued, citizen):
    first = _file(issued, citizen)
    again = _file(issued, citizen)
    assert first.pk == again.pk and Widerspruch.objects.count() == 1
    assert len(first.content_hash) == 64 and first.channel == W.Channel.ONLINE
    assert first.reference.startswith("WS-")
    assert selectors.citizen_state(first).title == "Eingegangen"


def test_filing_with_an_attachment_goes_through_the_upload_pipeline(issued, citizen):
    upload = SimpleUploadedFile("mietvertrag.pdf", PDF, content_type="application/pdf")
    w = _file(issued, citizen, upload=upload)
    version = w.attachments.get()
    assert version.document.case == issued.case and "mietvertrag.pdf" in version.document.title
    bad = SimpleUploadedFile("x.pdf", b"not a pdf at all", content_type="application/pdf")
    with pytest.raises(services.WiderspruchError):
        _file(issued, citizen, key="k2", upload=bad)
    assert Widerspruch.objects.count() == 1  # nothing half-stored


def test_another_citizen_cannot_file_against_a_foreign_bescheid(issued, other_citizen):
    with pytest.raises(services.WiderspruchError):
        _file(issued, other_citizen)


def test_part_needs_what_is_contested(issued, citizen):
    with pytest.raises(services.WiderspruchError):
        _file(issued, citizen, scope=W.Scope.PART)


def test_registration_checks_deadline_and_form(issued, citizen, caseworker):
    w = _file(issued, citizen)
    with pytest.raises(services.WiderspruchError):  # form not kept needs a note
        services.widerspruch_register(widerspruch=w, actor=caseworker, form_ok=False)
    w = services.widerspruch_register(widerspruch=w, actor=caseworker, form_ok=False,
                                      form_note="Unterschriebene Fassung angefordert")
    assert w.status == W.Status.REVIEW and w.in_time is True
    assert w.deadline == issued.objection_deadline


def test_late_widerspruch_is_marked_late_unless_the_belehrung_was_wrong(issued, citizen,
                                                                        caseworker):
    late_day = issued.objection_deadline + dt.timedelta(days=1)
    with time_machine.travel(dt.datetime.combine(late_day, dt.time(10)), tick=False):
        w = services.widerspruch_record(
            actor=caseworker, decision=issued, channel=W.Channel.NIEDERSCHRIFT,
            received_on=late_day, scope=W.Scope.WHOLE, contested="", reasons="Zu wenig.")
    w = services.widerspruch_register(widerspruch=w, actor=caseworker, form_ok=True)
    assert w.in_time is False
    w.status = W.Status.RECEIVED
    w.save()
    w = services.widerspruch_register(widerspruch=w, actor=caseworker, form_ok=True,
                                      belehrung_defective=True)
    assert w.in_time is True and w.deadline.year == issued.presumed_delivery.year + 1


def test_staff_record_a_letter_needs_its_scan(issued, caseworker):
    with pytest.raises(services.WiderspruchError):
        services.widerspruch_record(actor=caseworker, decision=issued, channel=W.Channel.POST,
                                    received_on=timezone.localdate(), scope=W.Scope.WHOLE,
                                    contested="", reasons="")
    scan = SimpleUploadedFile("brief.pdf", PDF, content_type="application/pdf")
    w = services.widerspruch_record(actor=caseworker, decision=issued, channel=W.Channel.POST,
                                    received_on=timezone.localdate(), scope=W.Scope.WHOLE,
                                    contested="", reasons="", upload=scan)
    assert w.recorded_by == caseworker and w.filed_by == issued.case.applicant_user


def test_full_remedy_by_a_new_bescheid(issued, citizen, caseworker, colleague):
    w = _file(issued, citizen)
    services.widerspruch_register(widerspruch=w, actor=caseworker, form_ok=True)
    draft = services.widerspruch_remedy(widerspruch=w, actor=caseworker, remedy="voll",
                                        reasons="Die Miete war falsch erfasst.", costs="voll")
    assert draft.decision_type.key == "abhilfe" and draft.previous == issued
    assert draft.snapshot["letter"]["reference"] == w.reference
    assert draft.amounts.exists()  # the corrected calculation's amounts
    w.refresh_from_db()
    assert not selectors.is_closed(w)
    issued_remedy = decisions.decision_finalize(decision=draft, actor=caseworker)
    if issued_remedy.status == Decision.Status.AWAITING_APPROVAL:
        decisions.decision_approve(decision=issued_remedy, actor=colleague)
    w.refresh_from_db()
    assert selectors.is_closed(w)
    assert selectors.citizen_state(w).title == "Abgeholfen"
    assert not Widerspruch.objects.filter(selectors.open_q()).exists()
    with pytest.raises(services.WiderspruchError):  # a full remedy does not go to the board
        services.widerspruch_hand_over(widerspruch=w, actor=caseworker)


def test_widerspruchsbescheid_only_by_the_widerspruchsstelle(issued, citizen, caseworker,
                                                             board_member, teamlead_elsewhere,
                                                             court):
    w = _file(issued, citizen)
    services.widerspruch_register(widerspruch=w, actor=caseworker, form_ok=True)
    services.widerspruch_hand_over(widerspruch=w, actor=caseworker)
    w.refresh_from_db()
    assert selectors.citizen_state(w).title == "Bei der Widerspruchsstelle"
    for outsider in (caseworker, teamlead_elsewhere):  # made the Bescheid / not in the team
        assert not services.may_rule(widerspruch=w, user=outsider)
        with pytest.raises(services.WiderspruchError):
            services.widerspruch_rule(widerspruch=w, actor=outsider, outcome="zurueckgewiesen",
                                      reasons="Der Bescheid ist richtig.", costs="keine")
    with pytest.raises(services.WiderspruchError):  # a share needs its percentage
        services.widerspruch_rule(widerspruch=w, actor=board_member, outcome="teilweise",
                                  reasons="Teilweise.", costs="anteil")
    ruling = services.widerspruch_rule(widerspruch=w, actor=board_member,
                                       outcome="zurueckgewiesen",
                                       reasons="Der Bescheid ist richtig.", costs="keine")
    assert ruling.decision_type.key == "widerspruchsbescheid" and ruling.is_final
    assert ruling.snapshot["letter"]["court"]["name"] == "Sozialgericht Alpha"
    assert ruling.objection_deadline is not None  # the Klagefrist (online: delivered)
    w.refresh_from_db()
    assert w.status == W.Status.DECIDED and selectors.is_closed(w)
    assert "Klage" in selectors.citizen_state(w).text
    with pytest.raises(services.WiderspruchError):  # no Widerspruch against the ruling
        _file(ruling, citizen, key="k9")


def test_ruling_needs_the_court_configured(issued, citizen, caseworker, teamlead_elsewhere):
    """Without settings any Teamleitung is the Widerspruchsstelle, but the Belehrung needs
    the Sozialgericht."""
    w = _file(issued, citizen)
    services.widerspruch_register(widerspruch=w, actor=caseworker, form_ok=True)
    services.widerspruch_hand_over(widerspruch=w, actor=caseworker)
    assert services.may_rule(widerspruch=w, user=teamlead_elsewhere)
    with pytest.raises(services.WiderspruchError, match="Sozialgericht"):
        services.widerspruch_rule(widerspruch=w, actor=teamlead_elsewhere,
                                  outcome="zurueckgewiesen", reasons="x", costs="keine")


def test_withdrawal_closes(issued, citizen, caseworker):
    w = _file(issued, citizen)
    w = services.widerspruch_withdraw(widerspruch=w, actor=caseworker)
    assert w.status == W.Status.WITHDRAWN and selectors.is_closed(w)
    with pytest.raises(services.WiderspruchError):
        services.widerspruch_withdraw(widerspruch=w, actor=caseworker)


def test_counts_per_month_in_berlin_time(issued, citizen, caseworker):
    # 31 December 23:30 in Berlin is still December, although it is 22:30 UTC
    moment = dt.datetime(2026, 12, 31, 22, 30, tzinfo=dt.UTC)
    with time_machine.travel(moment, tick=False):
        _file(issued, citizen)
        counts = selectors.counts_per_month(caseworker, months=2)
    assert counts[0].month == dt.date(2026, 12, 1) and counts[0].received == 1
    assert counts[1].month == dt.date(2026, 11, 1) and counts[1].received == 0


def test_todo_reminds_of_the_written_form_until_registered(issued, citizen, caseworker):
    from jobcenter.core import todo

    w = _file(issued, citizen)
    items = [i for i in todo.todos_for(citizen) if i.kind == "widerspruch_schriftform"]
    assert len(items) == 1 and "Schriftform" in items[0].detail
    services.widerspruch_register(widerspruch=w, actor=caseworker, form_ok=True)
    assert not [i for i in todo.todos_for(citizen) if i.kind == "widerspruch_schriftform"]
