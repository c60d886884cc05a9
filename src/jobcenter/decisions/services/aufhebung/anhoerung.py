"""The Anhörung (§ 24 SGB X) before a change for the past: whom it addresses (every adult
concerned, a minor's representatives), prepared, discarded, sent online or posted, answered
online or recorded from paper, and when the Bescheid may follow."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from jobcenter.accounts.models import User
from jobcenter.casefiles.models import Case, TimelineEntry
from jobcenter.casefiles.services import (
    CasefilesError,
    case_add_document,
    timeline_add,
    upload_read,
)
from jobcenter.decisions import addressees, ausschlussfristen
from jobcenter.decisions.models import Anhoerung, Decision
from jobcenter.decisions.services.aufhebung.common import (
    BAGATELLGRENZE,
    TRUST_BASES,
    _fristen,
    _today,
    answer_deadline,
    back_total,
    claims_total,
    compare_months,
)
from jobcenter.decisions.services.calculation import calculation_for_case
from jobcenter.decisions.services.common import (
    DecisionError,
    _first_of_month,
    _month_end,
    _months,
    previous_final_decision,
)
from jobcenter.decisions.services.delivery import delivery_channel_for
from jobcenter.notifications.services import notify
from jobcenter.outbox.services import outbox_enqueue


@transaction.atomic
def anhoerung_create(
    *, case: Case, actor: User, basis: str, facts: str, trust: str = "",
    month_from: dt.date, month_to: dt.date, kenntnis_am: dt.date | None,
) -> Anhoerung:
    """A draft Anhörung: the case's calculation (already changed to the facts now known)
    against the Bescheid that rules the months ``month_from`` … ``month_to``.
    ``kenntnis_am``: the day the Jobcenter learned the facts (the one-year limit runs from
    it, ``ausschlussfristen``); an Anhörung whose limits can no longer be kept is refused."""
    facts, trust = facts.strip(), trust.strip()
    if basis not in Anhoerung.Basis.values:
        raise DecisionError(_("Bitte wählen Sie die Rechtsgrundlage."))
    kenntnis_error = ausschlussfristen.kenntnis_problem(kenntnis_am, today=_today())
    if kenntnis_error:
        raise DecisionError(kenntnis_error)
    assert kenntnis_am is not None
    if not facts:
        raise DecisionError(_("Bitte beschreiben Sie den Sachverhalt: was hat sich wann "
                              "geändert, und wann haben wir davon erfahren?"))
    if basis in TRUST_BASES and not trust:
        raise DecisionError(_("Bei dieser Rechtsgrundlage müssen Sie begründen, warum sich "
                              "die Person nicht auf Vertrauensschutz berufen kann (Kenntnis "
                              "oder grobe Fahrlässigkeit)."))
    month_from, month_to = _first_of_month(month_from), _first_of_month(month_to)
    if month_to < month_from:
        raise DecisionError(_("Der letzte Monat liegt vor dem ersten."))
    if month_to > _first_of_month(_today()):
        raise DecisionError(_("Eine Anhörung betrifft nur Monate, die schon gezahlt sind. Für "
                              "die Zukunft erlassen Sie einen Änderungsbescheid."))
    decision = previous_final_decision(case=case)
    if decision is None:
        raise DecisionError(_("Es gibt keinen Bescheid, der für diese Monate aufgehoben "
                              "werden könnte."))
    if (decision.period_from is None or decision.period_to is None
            or month_from < _first_of_month(decision.period_from)
            or _month_end(month_to) > decision.period_to):
        raise DecisionError(
            _("Die Monate liegen nicht im Bewilligungszeitraum des Bescheids vom %(date)s "
              "(%(from)s bis %(to)s).") % {
                "date": decision.letter_date.strftime("%d.%m.%Y") if decision.letter_date
                else "", "from": decision.period_from.strftime("%d.%m.%Y")
                if decision.period_from else "",
                "to": decision.period_to.strftime("%d.%m.%Y") if decision.period_to else ""})
    fristen = _fristen(basis=basis, kenntnis=kenntnis_am, month_from=month_from,
                       decision=decision)
    late = ausschlussfristen.problems(fristen, issued_on=_today())
    if late:
        raise DecisionError(" ".join(late))
    calculation = calculation_for_case(case=case, actor=actor)
    if calculation.result is None:
        raise DecisionError(_("Die Berechnung ist noch nicht vollständig. Bitte korrigieren "
                              "Sie zuerst die markierten Angaben."))
    open_ones = Anhoerung.objects.filter(
        case=case, result__isnull=True, month_from__lte=month_to, month_to__gte=month_from)
    rows, results = compare_months(decision=decision, request=calculation.request,
                                   months=_months(month_from, month_to))
    decided = Anhoerung.objects.filter(
        case=case, result__isnull=False, month_from__lte=month_to, month_to__gte=month_from)
    if decided.exists():
        raise DecisionError(_("Über diese Monate ist nach einer Anhörung schon entschieden "
                              "worden. Eine weitere Änderung dieser Monate bearbeiten Sie bitte "
                              "außerhalb dieses Verfahrens (zum Beispiel nach § 44 SGB X)."))
    for existing in open_ones:
        if (existing.status == Anhoerung.Status.DRAFT and existing.positions == rows
                and existing.basis == basis and existing.facts == facts
                and existing.kenntnis_am == kenntnis_am):
            return existing  # the same form sent twice (double click, retry)
        raise DecisionError(_("Für diese Monate gibt es schon eine offene Anhörung. Verwerfen "
                              "Sie deren Entwurf oder entscheiden Sie zuerst über sie."))
    total = claims_total(rows)
    if total <= 0:
        raise DecisionError(_("Nach der geänderten Berechnung wurde in diesen Monaten nicht "
                              "zu viel gezahlt. Eine Anhörung ist nicht nötig."))
    if total < BAGATELLGRENZE and back_total(rows) == 0:
        raise DecisionError(
            _("Die Erstattung betrüge insgesamt nur %(total)s €. Unter 50 € für die ganze "
              "Bedarfsgemeinschaft wird ein Bescheid für die Vergangenheit nicht aufgehoben "
              "(§ 40 Abs. 1 Satz 3 SGB II).") % {"total": f"{total:.2f}".replace(".", ",")})
    anhoerung = Anhoerung.objects.create(
        case=case, decision=decision, basis=basis, facts=facts, trust=trust,
        month_from=month_from, month_to=month_to, kenntnis_am=kenntnis_am,
        request=calculation.request, results=results, positions=rows, total=total,
        created_by=actor,
    )
    timeline_add(case=case, kind=TimelineEntry.Kind.DECISION, actor=actor,
                 text=_("Anhörung vorbereitet (Erstattung %(total)s €)")
                 % {"total": f"{total:.2f}".replace(".", ",")})
    return anhoerung


@transaction.atomic
def anhoerung_discard(*, anhoerung: Anhoerung, actor: User) -> None:
    """A draft that was never sent can be thrown away."""
    locked = _lock(anhoerung)
    if locked.status != Anhoerung.Status.DRAFT:
        raise DecisionError(_("Eine versandte Anhörung kann nicht verworfen werden."))
    timeline_add(case=locked.case, kind=TimelineEntry.Kind.DECISION, actor=actor,
                 text=_("Entwurf einer Anhörung verworfen"))
    locked.delete()


def _lock(anhoerung: Anhoerung) -> Anhoerung:
    return (Anhoerung.objects.select_for_update()
            .select_related("case", "case__jobcenter", "decision").get(pk=anhoerung.pk))


def _citizen_link(anhoerung: Anhoerung) -> str:
    return reverse("anhoerung_citizen:detail", args=[anhoerung.pk])


@transaction.atomic
def anhoerung_send(*, anhoerung: Anhoerung, actor: User) -> Anhoerung:
    """Send the letter: online only by the citizen's choice, otherwise onto the print list
    (the deadline then runs from the day it is posted). The PDF is rendered after commit."""
    locked = _lock(anhoerung)
    if locked.status != Anhoerung.Status.DRAFT:
        raise DecisionError(_("Diese Anhörung ist schon versandt."))
    now = timezone.now()
    today = timezone.localdate(now)
    locked.letter_date = today
    locked.channel = delivery_channel_for(locked.case)
    others = [p for p in anhoerung_addressees(locked)
              if p.get("person_id") != locked.case.applicant_id]
    if others:  # another adult is heard too: the letter to all of them goes by post
        locked.channel = Decision.Channel.POST
    if locked.channel == Decision.Channel.ONLINE:
        _mark_sent(locked, actor=actor, sent_on=today, now=now)
    else:  # the letter names the deadline counted from its date; posting later extends it
        locked.status = Anhoerung.Status.PRINT
        locked.deadline = answer_deadline(today, locked.case)
        locked.save()
    from jobcenter.decisions.tasks import anhoerung_render

    outbox_enqueue(task=anhoerung_render, kwargs={"anhoerung_id": locked.pk},
                   key=f"decisions.anhoerung_render:{locked.pk}")
    timeline_add(case=locked.case, kind=TimelineEntry.Kind.DECISION, actor=actor,
                 text=_("Anhörungsschreiben erstellt (%(channel)s)")
                 % {"channel": locked.get_channel_display()})
    return locked


def _mark_sent(locked: Anhoerung, *, actor: User, sent_on: dt.date, now: dt.datetime) -> None:
    locked.sent_at = now
    counted = answer_deadline(sent_on, locked.case)
    locked.deadline = max(locked.deadline or counted, counted)
    locked.status = Anhoerung.Status.SENT
    locked.save()
    deadline = locked.deadline.strftime("%d.%m.%Y")
    timeline_add(case=locked.case, kind=TimelineEntry.Kind.DECISION, actor=actor,
                 text=_("Anhörung versandt, Frist bis %(deadline)s") % {"deadline": deadline},
                 citizen_text=_("Bevor wir entscheiden, möchten wir Ihre Sicht hören. Bitte "
                                "antworten Sie bis zum %(deadline)s.") % {"deadline": deadline})
    user = locked.case.applicant_user
    if user is not None and user.email:
        notify(user=user, template="anhoerung", dedup_key=f"anhoerung:{locked.pk}:sent",
               link_path=_citizen_link(locked))


@transaction.atomic
def anhoerung_mark_posted(*, anhoerung: Anhoerung, actor: User, posted_on: dt.date) -> Anhoerung:
    """Staff confirm that the printed letter went to the post on ``posted_on``."""
    locked = _lock(anhoerung)
    if locked.status != Anhoerung.Status.PRINT:
        raise DecisionError(_("Diese Anhörung wartet nicht auf den Versand per Post."))
    if posted_on > _today() or (locked.letter_date and posted_on < locked.letter_date):
        raise DecisionError(_("Das Datum muss zwischen dem Datum des Schreibens und heute "
                              "liegen."))
    _mark_sent(locked, actor=actor, sent_on=posted_on, now=timezone.now())
    return locked


def _store_uploads(anhoerung: Anhoerung, *, user: User, uploads: list[Any]) -> list[Any]:
    """Each file through the upload pipeline (content checks, virus scan) into the eAkte."""
    documents = []
    for upload in uploads:
        try:
            content, content_type = upload_read(upload, user=user)
        except CasefilesError as exc:
            raise DecisionError(str(exc)) from exc
        version = case_add_document(
            case=anhoerung.case, title=(_("Stellungnahme zur Anhörung: %(name)s")
                                        % {"name": getattr(upload, "name", "")})[:200],
            document_type_key="nachweis", content=content, content_type=content_type,
            actor=user, visible_to_citizen=True)
        documents.append(version.document)
    return documents


@transaction.atomic
def anhoerung_answer(*, anhoerung: Anhoerung, user: User, text: str,
                     uploads: list[Any] | None = None) -> Anhoerung:
    """The citizen's answer online (text, optional files). A repeated identical answer (double
    click, retry) changes nothing; a further answer before the decision is added."""
    text = text.strip()
    uploads = uploads or []
    locked = _lock(anhoerung)
    if locked.status not in {Anhoerung.Status.SENT, Anhoerung.Status.ANSWERED}:
        raise DecisionError(_("Zu dieser Anhörung können Sie nicht mehr antworten, weil wir "
                              "bereits entschieden haben."))
    if not text and not uploads:
        raise DecisionError(_("Bitte schreiben Sie Ihre Stellungnahme oder fügen Sie eine "
                              "Datei bei."))
    if text and not uploads and text in locked.answer_text:
        return locked
    documents = _store_uploads(locked, user=user, uploads=uploads)
    stamp = timezone.localtime().strftime("%d.%m.%Y %H:%M")
    entry = f"[{stamp}] {text}" if text else f"[{stamp}]"
    locked.answer_text = f"{locked.answer_text}\n\n{entry}".strip()
    locked.answer_channel = Anhoerung.AnswerChannel.ONLINE
    locked.answered_at = timezone.now()
    locked.answered_by = user
    locked.status = Anhoerung.Status.ANSWERED
    locked.save()
    if documents:
        locked.answer_documents.add(*documents)
    timeline_add(case=locked.case, kind=TimelineEntry.Kind.DECISION, actor=user,
                 text=_("Stellungnahme zur Anhörung online eingegangen"),
                 citizen_text=_("Ihre Stellungnahme zur Anhörung ist bei uns angekommen."))
    return locked


@transaction.atomic
def anhoerung_record_paper(*, anhoerung: Anhoerung, actor: User, text: str,
                           received_on: dt.date) -> Anhoerung:
    """Staff record an answer that came by post or was taken down at the counter."""
    text = text.strip()
    locked = _lock(anhoerung)
    if locked.status not in {Anhoerung.Status.SENT, Anhoerung.Status.ANSWERED}:
        raise DecisionError(_("Zu dieser Anhörung kann keine Antwort mehr erfasst werden."))
    if not text:
        raise DecisionError(_("Bitte geben Sie den Inhalt der Stellungnahme wieder."))
    if received_on > _today():
        raise DecisionError(_("Das Eingangsdatum darf nicht in der Zukunft liegen."))
    entry = _("[Eingang %(date)s, schriftlich] %(text)s") % {
        "date": received_on.strftime("%d.%m.%Y"), "text": text}
    if entry in locked.answer_text:
        return locked
    locked.answer_text = f"{locked.answer_text}\n\n{entry}".strip()
    locked.answer_channel = Anhoerung.AnswerChannel.PAPER
    locked.answered_at = timezone.now()
    locked.answered_by = actor
    locked.status = Anhoerung.Status.ANSWERED
    locked.save()
    timeline_add(case=locked.case, kind=TimelineEntry.Kind.DECISION, actor=actor,
                 text=_("Stellungnahme zur Anhörung erfasst (Eingang %(date)s)")
                 % {"date": received_on.strftime("%d.%m.%Y")})
    return locked


def can_decide(anhoerung: Anhoerung, today: dt.date | None = None) -> bool:
    """Only after the answer or once the deadline has passed."""
    today = today or _today()
    if anhoerung.result_id is not None:
        return False
    if anhoerung.status == Anhoerung.Status.ANSWERED:
        return True
    return (anhoerung.status == Anhoerung.Status.SENT and anhoerung.deadline is not None
            and today > anhoerung.deadline)


# --- the Aufhebungs- und Erstattungsbescheid -----------------------------------------------


def member_addressees(anhoerung: Anhoerung) -> tuple[list[str], dict[str, dict[str, Any]]]:
    """The members the Anhörung's change concerns (a claim or a back payment), in the order
    of the calculation, and each one's addressee (``decisions.addressees``)."""
    concerned: list[str] = []
    for row in anhoerung.positions:
        if (Decimal(row["claim"]) > 0 or Decimal(row["back"]) > 0) \
                and row["person_key"] not in concerned:
            concerned.append(row["person_key"])
    to = addressees.addressees(
        case=anhoerung.case, request=anhoerung.request,
        names=anhoerung.decision.snapshot.get("names") or {},
        ids={r["person_key"]: r.get("person_id") for r in anhoerung.positions},
        person_keys=concerned, on=_today())
    return concerned, to


def anhoerung_addressees(anhoerung: Anhoerung) -> list[dict[str, Any]]:
    """The adults the Anhörung is addressed to (``addressees.adults_to_hear``)."""
    _keys, to = member_addressees(anhoerung)
    return addressees.adults_to_hear(to, anhoerung.case.applicant_id)


def minors_to_confirm(anhoerung: Anhoerung) -> list[str]:
    """"Elif Yılmaz – Ayşe Yılmaz und Mehmet Yılmaz" for each minor with a claim: staff
    confirm the legal representatives before the Bescheide are drafted."""
    _keys, to = member_addressees(anhoerung)
    return [_("%(child)s – %(reps)s") % {"child": a["name"],
                                           "reps": addressees.representatives_text(a)}
            for a in to.values() if a["minor"] and a["representatives"]]
