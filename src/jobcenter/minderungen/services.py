"""Writes of the Minderung procedure. The Minderungsbescheid and the Bescheid that ends a
Minderung early are Bescheide of ``decisions`` (drafts from the current Bescheid's request
with the Minderung set for the person and the months concerned; issued there, with four
eyes where the rules require them)."""

from __future__ import annotations

import copy
import datetime as dt
from typing import Any

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from jobcenter.accounts.models import User
from jobcenter.casefiles.models import Case, TimelineEntry
from jobcenter.casefiles.services import timeline_add
from jobcenter.decisions import deadlines
from jobcenter.decisions import services as decisions
from jobcenter.decisions.models import Decision
from jobcenter.decisions.services.delivery import delivery_channel_for
from jobcenter.minderungen import regeln
from jobcenter.minderungen.models import Minderung
from jobcenter.minderungen.tasks import anhoerung_render
from jobcenter.notifications.services import notify
from jobcenter.outbox.services import outbox_enqueue

M = Minderung

#: The shortest time for the person's answer to the Anhörung (§ 24 SGB X: an adequate
#: period; bescheid-requirements 2.9: two weeks from receipt, a posted letter counted as
#: received on the fourth day, § 37 Abs. 2 SGB X).
HEARING_DAYS = 14
MINDERUNG = "minderung"
MINDERUNG_ENDE = "minderung_ende"


class MinderungError(Exception):
    """A write that cannot be done; the message is translated and safe to show."""


def _lock(minderung: Minderung) -> Minderung:
    return (Minderung.objects.select_for_update(of=("self",))
            .select_related("case", "case__jobcenter", "basis", "decision")
            .get(pk=minderung.pk))


def persons_of(decision: Decision) -> list[tuple[str, str]]:
    """The persons of a Bescheid's calculation as (engine id, name)."""
    names = decision.snapshot.get("names") or {}
    return [(p.get("id", ""), names.get(p.get("id", ""), p.get("id", "")))
            for p in (decision.snapshot.get("request") or {}).get("personen") or []]


def current_bescheid(case: Case) -> Decision | None:
    decision = decisions.previous_final_decision(case=case)
    if decision is None or decision.decision_type.key not in decisions.AMOUNT_TYPES:
        return None
    return decision


@transaction.atomic
def minderung_record(*, actor: User, case: Case, person_key: str, kind: str, duty: str,
                     belehrung_on: dt.date, belehrung_text: str, event_on: dt.date,
                     event_text: str, missed_in_row: int = 1,
                     source_key: str = "") -> Minderung:
    """Record the duty, the Rechtsfolgenbelehrung given earlier and the Pflichtverletzung;
    the rule in force on that day gives percentage and duration. ``source_key`` names where
    the procedure came from (``termin:<pk>``): one procedure per source, so a second click
    returns the first."""
    today = timezone.localdate()
    if source_key:
        existing = Minderung.objects.filter(jobcenter_id=case.jobcenter_id,
                                            source_key=source_key).first()
        if existing is not None:
            return existing
    basis = current_bescheid(case)
    if basis is None:
        raise MinderungError(_("Für diesen Fall gibt es keinen erlassenen Bescheid mit "
                               "Beträgen, der gemindert werden könnte."))
    names = dict(persons_of(basis))
    if person_key not in names:
        raise MinderungError(_("Diese Person gehört nicht zur Berechnung des Bescheids."))
    if event_on > today:
        raise MinderungError(_("Das Datum der Pflichtverletzung liegt in der Zukunft."))
    if belehrung_on > event_on:
        raise MinderungError(_("Die Rechtsfolgenbelehrung muss vor der Pflichtverletzung "
                               "erteilt worden sein (§ 31 Abs. 1 SGB II)."))
    if not belehrung_text.strip() or not duty.strip() or not event_text.strip():
        raise MinderungError(_("Bitte füllen Sie Pflicht, Wortlaut der Belehrung und "
                               "Sachverhalt aus."))
    if deadlines.add_months(event_on, regeln.DEADLINE_MONTHS) < today:
        raise MinderungError(_("Die Pflichtverletzung liegt mehr als sechs Monate zurück; "
                               "eine Minderung ist nicht mehr zulässig (§ 31b Abs. 1 Satz 3 "
                               "SGB II)."))
    year_ago = event_on - dt.timedelta(days=365)
    same_bg: dict[str, int] = ({"case__bedarfsgemeinschaft_id": case.bedarfsgemeinschaft_id}
                               if case.bedarfsgemeinschaft_id is not None
                               else {"case_id": case.pk})
    earlier = Minderung.objects.filter(
        **same_bg, person_key=person_key,
        kind=M.Kind.PFLICHT, status__in=[M.Status.DECIDED, M.Status.ENDED],
        period_from__gte=year_ago).count() if kind == M.Kind.PFLICHT else 0
    try:
        rule = regeln.rule_for(kind=kind, event_on=event_on, earlier_within_year=earlier,
                               missed_in_row=missed_in_row)
    except regeln.NoMinderung as exc:
        raise MinderungError(str(exc)) from exc
    try:
        with transaction.atomic():
            m = Minderung.objects.create(
                jobcenter_id=case.jobcenter_id, case=case, basis=basis, person_key=person_key,
                person_name=names[person_key], kind=kind, duty=duty.strip(),
                belehrung_on=belehrung_on, belehrung_text=belehrung_text.strip(), event_on=event_on,
                event_text=event_text.strip(), missed_in_row=missed_in_row, percent=rule.percent,
                months=rule.months, full_withdrawal=rule.full_withdrawal,
                ends_on_cooperation=rule.ends_on_cooperation, legal_basis=rule.legal_basis,
                provisional_rule=rule.provisional, rule_source=rule.source,
                personal_hearing=rule.personal_hearing, recorded_by=actor, source_key=source_key)
    except IntegrityError:  # the same source recorded at the same moment by a second click
        return Minderung.objects.get(jobcenter_id=case.jobcenter_id, source_key=source_key)
    timeline_add(case=case, kind=TimelineEntry.Kind.NOTE, actor=actor,
                 text=_("Mögliche Leistungsminderung erfasst: %(kind)s, %(name)s")
                 % {"kind": m.get_kind_display(), "name": m.person_name})
    return m


def earliest_answer_due(*, channel: str, sent_on: dt.date) -> dt.date:
    """Two weeks from receipt: online at once, by post on the fourth day (§ 37 SGB X)."""
    received = sent_on if channel == "online" else deadlines.presumed_delivery(sent_on)
    return received + dt.timedelta(days=HEARING_DAYS)


@transaction.atomic
def minderung_hearing(*, minderung: Minderung, actor: User, answer_due: dt.date,
                      personal_hearing_on: dt.date | None = None) -> Minderung:
    """The Anhörung (§ 24 SGB X): the Anhörungsschreiben (rendered after commit and filed
    in the eAkte) tells the person what we intend; they may answer until ``answer_due``.
    Where the law provides a personal hearing (§ 31a Abs. 2 SGB II; before the withdrawal
    of the Regelbedarf from 1 July 2026) it is offered on ``personal_hearing_on``. Online
    where the citizen chose it, otherwise the letter waits on the print list."""
    m = _lock(minderung)
    if m.status != M.Status.RECORDED:
        raise MinderungError(_("Die Anhörung ist schon eingeleitet."))
    today = timezone.localdate()
    channel = delivery_channel_for(m.case)
    earliest = earliest_answer_due(channel=channel, sent_on=today)
    if answer_due < earliest:
        raise MinderungError(_("Bitte geben Sie der Person mindestens zwei Wochen ab Zugang "
                               "des Schreibens Zeit, also bis mindestens %(date)s.")
                             % {"date": earliest.strftime("%d.%m.%Y")})
    if (m.personal_hearing or m.full_withdrawal) and personal_hearing_on is None:
        raise MinderungError(
            _("Vor dem Entzug des Regelbedarfs ist eine persönliche Anhörung anzubieten. "
              "Bitte geben Sie ihren Termin an.") if m.full_withdrawal else
            _("Bei wiederholten Pflichtverletzungen oder Meldeversäumnissen soll die Anhörung "
              "persönlich erfolgen (§ 31a Abs. 2 Satz 2 SGB II). Bitte geben Sie den Termin "
              "an."))
    if personal_hearing_on is not None and personal_hearing_on <= today:
        raise MinderungError(_("Der Termin der persönlichen Anhörung muss in der Zukunft "
                               "liegen."))
    if personal_hearing_on is not None and personal_hearing_on > answer_due:
        raise MinderungError(_("Der Termin der persönlichen Anhörung muss vor dem Ende der "
                               "Frist für die Äußerung liegen."))
    m.status = M.Status.HEARING
    m.hearing_channel = channel
    m.hearing_letter_date = today
    m.answer_due = answer_due
    m.personal_hearing_on = personal_hearing_on
    fields = ["status", "hearing_channel", "hearing_letter_date", "answer_due",
              "personal_hearing_on"]
    if channel == "online":
        m.hearing_sent_at = timezone.now()
        fields.append("hearing_sent_at")
    m.save(update_fields=fields)
    outbox_enqueue(task=anhoerung_render, kwargs={"minderung_id": m.pk},
                   key=f"minderungen.anhoerung_render:{m.pk}")
    timeline_add(case=m.case, kind=TimelineEntry.Kind.NOTE, actor=actor,
                 text=_("Anhörung zur Leistungsminderung erstellt (%(name)s, %(channel)s)")
                 % {"name": m.person_name, "channel": m.get_hearing_channel_display()})
    if channel == "online":
        _hearing_sent(m, actor=actor)
    return m


def _hearing_sent(m: Minderung, *, actor: User) -> None:
    assert m.answer_due is not None
    timeline_add(case=m.case, kind=TimelineEntry.Kind.REQUEST, actor=actor,
                 text=_("Anhörung zur Leistungsminderung versandt (%(name)s)")
                 % {"name": m.person_name},
                 citizen_text=_("Wir haben eine Frage zu einer möglichen Leistungsminderung. "
                                "Bitte äußern Sie sich bis zum %(date)s.")
                 % {"date": m.answer_due.strftime("%d.%m.%Y")})
    if m.case.applicant_user is not None and m.case.applicant_user.email:
        # the e-mail without personal data: "news in your account", linking to the Anhörung
        notify(user=m.case.applicant_user, template="status_changed",
               dedup_key=f"minderungen.anhoerung:{m.pk}",
               link_path=reverse("minderungen_citizen:detail", args=[m.pk]))


@transaction.atomic
def minderung_hearing_posted(*, minderung: Minderung, actor: User, posted_on: dt.date
                             ) -> Minderung:
    """Staff confirm that the printed Anhörungsschreiben went to the post. A letter posted
    later than its date gets the full two weeks: the deadline moves, and the person is told
    in the account."""
    m = _lock(minderung)
    if not m.hearing_awaits_post:
        raise MinderungError(_("Dieses Anhörungsschreiben wartet nicht auf den Versand per "
                               "Post."))
    assert m.hearing_letter_date is not None and m.answer_due is not None
    if posted_on > timezone.localdate() or posted_on < m.hearing_letter_date:
        raise MinderungError(_("Das Datum muss zwischen dem Datum des Schreibens und heute "
                               "liegen."))
    m.hearing_posted_on = posted_on
    m.hearing_sent_at = timezone.now()
    m.answer_due = max(m.answer_due, earliest_answer_due(channel="post", sent_on=posted_on))
    m.save(update_fields=["hearing_posted_on", "hearing_sent_at", "answer_due"])
    _hearing_sent(m, actor=actor)
    return m


def _answer(m: Minderung, *, answer: str, channel: str) -> Minderung:
    if m.status not in {M.Status.HEARING, M.Status.ANSWERED}:
        raise MinderungError(_("Zu dieser Minderung läuft keine Anhörung."))
    if not answer.strip():
        raise MinderungError(_("Bitte schreiben Sie Ihre Äußerung."))
    m.answer = (m.answer + "\n\n" if m.answer else "") + answer.strip()
    m.answered_at = timezone.now()
    m.answer_channel = channel
    m.status = M.Status.ANSWERED
    m.save(update_fields=["answer", "answered_at", "answer_channel", "status"])
    return m


@transaction.atomic
def minderung_answer_online(*, minderung: Minderung, user: User, answer: str) -> Minderung:
    m = _lock(minderung)
    if m.case.applicant_user_id != user.pk:
        raise MinderungError(_("Diese Anhörung gibt es in Ihrem Konto nicht."))
    m = _answer(m, answer=answer, channel="online")
    timeline_add(case=m.case, kind=TimelineEntry.Kind.MESSAGE, actor=user,
                 text=_("Äußerung zur Anhörung eingegangen (online)"),
                 citizen_text=_("Ihre Äußerung zur Anhörung ist bei uns eingegangen."))
    return m


@transaction.atomic
def minderung_answer_record(*, minderung: Minderung, actor: User, answer: str,
                            channel: str) -> Minderung:
    """Staff record an answer by letter, by phone or from the personal hearing."""
    m = _answer(_lock(minderung), answer=answer, channel=channel)
    timeline_add(case=m.case, kind=TimelineEntry.Kind.NOTE, actor=actor,
                 text=_("Äußerung zur Anhörung erfasst (%(channel)s)")
                 % {"channel": m.answer_channel_label})
    return m


@transaction.atomic
def minderung_drop(*, minderung: Minderung, actor: User, note: str) -> Minderung:
    """No Minderung: a wichtiger Grund, an außergewöhnliche Härte (§ 31a Abs. 3) or the
    person's answer clears it."""
    m = _lock(minderung)
    if m.status not in {M.Status.RECORDED, M.Status.HEARING, M.Status.ANSWERED}:
        raise MinderungError(_("Dieses Verfahren ist schon entschieden."))
    if not note.strip():
        raise MinderungError(_("Bitte begründen Sie, warum keine Minderung eintritt."))
    m.status, m.note = M.Status.DROPPED, note.strip()
    m.save(update_fields=["status", "note"])
    timeline_add(case=m.case, kind=TimelineEntry.Kind.NOTE, actor=actor,
                 text=_("Keine Leistungsminderung: %(note)s") % {"note": m.note},
                 citizen_text=_("Es gibt keine Leistungsminderung. Das Verfahren ist "
                                "beendet.") if m.hearing_sent_at else None)
    return m


def _with_minderung(request: dict[str, Any], person_key: str, percent: int | None
                    ) -> dict[str, Any]:
    result = copy.deepcopy(request)
    for person in result.get("personen") or []:
        if person.get("id") == person_key:
            if percent:
                person["leistungsminderung"] = {"prozent": percent}
            else:
                person.pop("leistungsminderung", None)
    return result


def _letter(m: Minderung, **extra: Any) -> dict[str, Any]:
    return {"minderung": m.pk, "kind": m.kind, "duty": m.duty, "person": m.person_name,
            "person_key": m.person_key, "belehrung_on": m.belehrung_on.isoformat(),
            "event_on": m.event_on.isoformat(), "percent": m.percent, "months": m.months,
            "full_withdrawal": m.full_withdrawal, "ends_on_cooperation": m.ends_on_cooperation,
            "legal_basis": m.legal_basis, "provisional": m.provisional_rule,
            "answered": m.answered_at is not None,
            "answer_due": m.answer_due.isoformat() if m.answer_due else None,
            "basis_date": m.basis.letter_date.isoformat() if m.basis.letter_date else None,
            **extra}


@transaction.atomic
def minderung_decide(*, minderung: Minderung, actor: User, reasons: str,
                     hardship: str = "") -> Decision:
    """The draft Minderungsbescheid: the current Bescheid's request with the Minderung set
    for the person, for the months from the month after it takes effect (§ 31b Abs. 1).
    ``hardship``: the check of an außergewöhnliche Härte (§ 31a Abs. 3), added to the
    reasons; required before a withdrawal of the Regelbedarf (BT-Drs. 21/4076: always a
    Härte check at the third missed appointment)."""
    m = _lock(minderung)
    today = timezone.localdate()
    if m.status == M.Status.HEARING and (m.answer_due is None or m.answer_due >= today):
        raise MinderungError(_("Die Frist für die Äußerung läuft noch. Entscheiden Sie nach "
                               "der Äußerung oder nach Ablauf der Frist."))
    if m.status not in {M.Status.HEARING, M.Status.ANSWERED}:
        raise MinderungError(_("Vor der Entscheidung ist die Person anzuhören (§ 24 SGB X)."))
    if m.hearing_awaits_post:
        raise MinderungError(_("Das Anhörungsschreiben ist noch nicht zur Post gegeben. "
                               "Entscheiden Sie erst nach Versand und Ablauf der Frist."))
    if (m.personal_hearing or m.full_withdrawal) and (
            m.personal_hearing_on is None or m.personal_hearing_on > today):
        raise MinderungError(_("Vor der Entscheidung muss der Termin der persönlichen Anhörung "
                               "stattgefunden haben (§ 31a Abs. 2 SGB II)."))
    if not reasons.strip():
        raise MinderungError(_("Bitte begründen Sie die Minderung."))
    if m.full_withdrawal and not hardship.strip():
        raise MinderungError(_("Vor dem Entzug des Regelbedarfs ist stets zu prüfen, ob er eine "
                               "außergewöhnliche Härte bedeutet (§ 31a Abs. 3 SGB II). Bitte "
                               "halten Sie die Prüfung fest."))
    if hardship.strip():
        reasons = reasons.strip() + "\n\n" + _(
            "Eine außergewöhnliche Härte (§ 31a Abs. 3 SGB II) liegt nicht vor: %(text)s"
        ) % {"text": hardship.strip()}
    if deadlines.add_months(m.event_on, regeln.DEADLINE_MONTHS) < today:
        raise MinderungError(_("Die Pflichtverletzung liegt mehr als sechs Monate zurück; "
                               "eine Minderung ist nicht mehr zulässig (§ 31b Abs. 1 Satz 3 "
                               "SGB II)."))
    basis = current_bescheid(m.case) or m.basis
    start = regeln.first_month_after(deadlines.presumed_delivery(today))
    end = deadlines.month_end(deadlines.add_months(start, m.months - 1))
    if basis.period_to is None or start > basis.period_to:
        raise MinderungError(_("Für die Monate der Minderung gibt es keinen laufenden "
                               "Bewilligungsbescheid."))
    end = min(end, basis.period_to)
    request = _with_minderung(basis.snapshot.get("request") or {}, m.person_key, m.percent)
    try:
        draft = decisions.decision_create(
            case=m.case, decision_type_key=MINDERUNG, actor=actor, request=request,
            period_from=start, period_to=end, reasons=reasons, previous=basis,
            person_names=basis.snapshot.get("names"), letter=_letter(m))
    except decisions.DecisionError as exc:
        raise MinderungError(str(exc)) from exc
    m.decision, m.period_from, m.period_to = draft, start, end
    m.status = M.Status.DECIDED
    m.save(update_fields=["decision", "period_from", "period_to", "status"])
    return draft


def end_month(m: Minderung, cooperated_on: dt.date) -> dt.date:
    """From which month the Minderung ends after the person cooperated.

    A Minderung (§ 31b Abs. 2 Satz 2 SGB II): from that time, but not before it lasted one
    month — whole months: from the month of the cooperation, not within the first month.
    The withdrawal for Nichterreichbarkeit (from 1 July 2026, provisional): a person who
    reports in person within the month counts as reachable throughout, so it is lifted
    from its first day."""
    assert m.period_from is not None
    if m.full_withdrawal:
        return m.period_from
    month = cooperated_on.replace(day=1)
    return max(month, deadlines.add_months(m.period_from, 1))


@transaction.atomic
def minderung_end(*, minderung: Minderung, actor: User, cooperated_on: dt.date,
                  reasons: str) -> Decision:
    """The person fulfilled the duty or declared seriously to do so: a Bescheid ends the
    Minderung (draft, issued in decisions)."""
    m = _lock(minderung)
    if m.status != M.Status.DECIDED or m.decision is None or not m.decision.is_final:
        raise MinderungError(_("Es gibt keinen erlassenen Minderungsbescheid, der enden "
                               "könnte."))
    if not m.ends_on_cooperation:
        raise MinderungError(_("Diese Minderung dauert nur einen Monat und endet nicht "
                               "vorzeitig (§ 31b Abs. 2 SGB II)."))
    assert m.period_to is not None
    if m.full_withdrawal and cooperated_on > m.period_to:
        raise MinderungError(_("Die persönliche Meldung lag nach dem Monat des Entzugs; sie "
                               "hebt ihn nicht rückwirkend auf."))
    if cooperated_on > timezone.localdate():
        raise MinderungError(_("Das Datum liegt in der Zukunft."))
    if not reasons.strip():
        raise MinderungError(_("Bitte beschreiben Sie, wie die Person mitgewirkt hat."))
    assert m.period_to is not None
    start = end_month(m, cooperated_on)
    if start > m.period_to:
        raise MinderungError(_("Die Minderung ist in diesem Monat ohnehin vorbei."))
    request = _with_minderung(m.decision.snapshot.get("request") or {}, m.person_key, None)
    try:
        draft = decisions.decision_create(
            case=m.case, decision_type_key=MINDERUNG_ENDE, actor=actor, request=request,
            period_from=start, period_to=m.period_to, reasons=reasons, previous=m.decision,
            person_names=m.decision.snapshot.get("names"),
            letter=_letter(m, cooperated_on=cooperated_on.isoformat(),
                           minderung_date=m.decision.letter_date.isoformat()
                           if m.decision.letter_date else None))
    except decisions.DecisionError as exc:
        raise MinderungError(str(exc)) from exc
    m.end_decision, m.ended_from, m.status = draft, start, M.Status.ENDED
    m.save(update_fields=["end_decision", "ended_from", "status"])
    return draft
