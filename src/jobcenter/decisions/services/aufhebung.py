"""Changes for the past: the Anhörung (§ 24 SGB X) first, then the Aufhebungs- und
Erstattungsbescheid (§§ 45, 48, 50 SGB X, § 40 SGB II) with the claim per month and person,
and the event ``decisions.erstattung_festgesetzt`` once such a Bescheid (or an abschließende
Entscheidung with an Erstattung, ``vorlaeufig``) is issued.

The months a change concerns are those of the case's current Bescheid
(``common.previous_final_decision``); its amounts per month and person are compared with
the engine's result for the same months from the case's calculation.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from jobcenter.accounts.models import User
from jobcenter.casefiles.models import Case, DecisionType, TimelineEntry
from jobcenter.casefiles.selectors import case_persons
from jobcenter.casefiles.services import (
    CasefilesError,
    case_add_document,
    timeline_add,
    upload_read,
)
from jobcenter.core import events
from jobcenter.core import sgb2_adapter as engine  # the one adapter to the law engine
from jobcenter.decisions import addressees, ausschlussfristen, deadlines
from jobcenter.decisions.models import Anhoerung, Decision, DecisionAmount
from jobcenter.decisions.services.calculation import calculation_for_case
from jobcenter.decisions.services.common import (
    FINAL,
    DecisionError,
    _dec,
    _first_of_month,
    _month_end,
    _months,
    previous_final_decision,
)
from jobcenter.decisions.services.delivery import delivery_channel_for
from jobcenter.notifications.services import notify
from jobcenter.outbox.services import outbox_enqueue

#: Decision type of the Aufhebungs- und Erstattungsbescheid (catalogue, always four eyes).
ERSTATTUNG_TYPE = "aufhebung_erstattung"

#: § 40 Abs. 1 S. 3 SGB II: no Aufhebung for the past if the claims of the whole
#: Bedarfsgemeinschaft would be below 50 euro in total.
BAGATELLGRENZE = Decimal("50.00")

#: Days the citizen has to answer after the letter is deemed delivered (§ 24 SGB X:
#: "Gelegenheit … zu äußern"; two weeks are the usual practice).
ANSWER_DAYS = 14

#: Bases whose Aufhebung depends on the person's knowledge or fault: the Bescheid must give
#: the reasoning on Vertrauensschutz (§ 45 Abs. 2 S. 3, § 48 Abs. 1 S. 2 Nr. 2, 4 SGB X).
TRUST_BASES = frozenset({Anhoerung.Basis.NR2, Anhoerung.Basis.NR4, Anhoerung.Basis.S45_NR2,
                         Anhoerung.Basis.S45_NR3})

#: The norm chain of each basis, as it is cited in the letters and the event.
BASIS_NORMS = {
    Anhoerung.Basis.NR1: "§ 48 Abs. 1 Satz 2 Nr. 1 SGB X",
    Anhoerung.Basis.NR2: "§ 48 Abs. 1 Satz 2 Nr. 2 SGB X",
    Anhoerung.Basis.NR3: "§ 48 Abs. 1 Satz 2 Nr. 3 SGB X",
    Anhoerung.Basis.NR4: "§ 48 Abs. 1 Satz 2 Nr. 4 SGB X",
    Anhoerung.Basis.S45_NR2: "§ 45 Abs. 2 Satz 3 Nr. 2 SGB X",
    Anhoerung.Basis.S45_NR3: "§ 45 Abs. 2 Satz 3 Nr. 3 SGB X",
}


def basis_norm(basis: str) -> str:
    """The full norm chain: the SGB X norm with § 40 SGB II and § 330 SGB III."""
    norm = BASIS_NORMS.get(basis, "§ 48 Abs. 1 Satz 2 SGB X")
    if basis.startswith("45"):
        return f"{norm} i. V. m. § 40 Abs. 1, Abs. 2 Nr. 3 SGB II, § 330 Abs. 2 SGB III"
    return f"{norm} i. V. m. § 40 Abs. 1, Abs. 2 Nr. 3 SGB II, § 330 Abs. 3 Satz 1 SGB III"


def person_ids(case: Case, request: dict[str, Any]) -> dict[str, int | None]:
    """The engine's person ids → ``households.Person`` ids: the first person is the
    applicant, the others are matched by date of birth among the Bedarfsgemeinschaft."""
    persons = case_persons(case)
    by_birth: dict[str, list[int]] = {}
    for person in persons:
        by_birth.setdefault(f"{person.birth_date:%Y-%m-%d}", []).append(person.pk)
    result: dict[str, int | None] = {}
    used: set[int] = set()
    for index, entry in enumerate(request.get("personen") or []):
        pid = entry.get("id") or f"P{index + 1}"
        found: int | None = None
        if index == 0 and case.applicant_id:
            found = case.applicant_id
        else:
            for candidate in by_birth.get(str(entry.get("geburtsdatum") or ""), []):
                if candidate not in used:
                    found = candidate
                    break
        if found is not None:
            used.add(found)
        result[pid] = found
    return result


def _today() -> dt.date:
    return timezone.localdate()


def _fristen(*, basis: str, kenntnis: dt.date, month_from: dt.date,
             decision: Decision) -> ausschlussfristen.Fristen:
    return ausschlussfristen.fristen_for(
        basis=basis, kenntnis=kenntnis, month_from=month_from,
        notified_on=decision.presumed_delivery or decision.letter_date)


def anhoerung_fristen(anhoerung: Anhoerung) -> ausschlussfristen.Fristen | None:
    """The limits of the withdrawal heard in ``anhoerung`` (None without a Kenntnis date:
    an Anhörung from before it was recorded; the date is then asked for at the decision)."""
    if anhoerung.kenntnis_am is None:
        return None
    return _fristen(basis=anhoerung.basis, kenntnis=anhoerung.kenntnis_am,
                    month_from=anhoerung.month_from, decision=anhoerung.decision)


def answer_deadline(sent_on: dt.date, case: Case) -> dt.date:
    """The last day to answer: two weeks after the letter is deemed delivered (fourth day
    after posting, § 37 Abs. 2 SGB X), moved to the next working day (§ 26 Abs. 3 SGB X)."""
    jobcenter = case.jobcenter
    end = deadlines.presumed_delivery(sent_on) + dt.timedelta(days=ANSWER_DAYS)
    return deadlines.next_working_day(end, jobcenter.land, jobcenter.catholic_local_holidays)


def compare_months(
    *, decision: Decision, request: dict[str, Any], months: list[dt.date],
) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """Per month and person: the amount of ``decision`` (old), the engine's amount from
    ``request`` (new) and the claim (old − new where positive). Returns (rows, results)."""
    old: dict[tuple[str, str], Decimal] = {}
    for row in decision.amounts.all():
        old[(f"{row.month:%Y-%m}", row.person_key)] = row.amount
    names = {**(decision.snapshot.get("names") or {})}
    ids = person_ids(decision.case, request)
    rows: list[dict[str, Any]] = []
    results: dict[str, Any] = {}
    for month in months:
        key = f"{month:%Y-%m}"
        result = engine.calculate(engine.with_month(request, month))
        results[key] = result
        seen = set()
        for person in result["personen"]:
            if not person.get("in_bg", True):
                continue
            pid = person["id"]
            seen.add(pid)
            before = old.get((key, pid), Decimal("0.00"))
            after = _dec(person["zahlbetrag"])
            rows.append({
                "month": key, "person_key": pid, "person_name": names.get(pid, pid),
                "person_id": ids.get(pid), "old": str(before), "new": str(after),
                "bedarf": str(_dec(person["bedarf"])),
                "einkommen": str(_dec(person["einkommen_anrechenbar"])),
                "claim": str(max(before - after, Decimal("0.00"))),
                "back": str(max(after - before, Decimal("0.00"))),
            })
        for (month_key, pid), before in old.items():  # a person no longer in the BG
            if month_key == key and pid not in seen:
                rows.append({
                    "month": key, "person_key": pid, "person_name": names.get(pid, pid),
                    "person_id": ids.get(pid), "old": str(before), "new": "0.00",
                    "bedarf": "0.00", "einkommen": "0.00", "claim": str(before), "back": "0.00",
                })
    return rows, results


def claims_total(rows: list[dict[str, Any]]) -> Decimal:
    return sum((Decimal(r["claim"]) for r in rows), Decimal("0.00"))


def back_total(rows: list[dict[str, Any]]) -> Decimal:
    return sum((Decimal(r["back"]) for r in rows), Decimal("0.00"))


def past_change_check(decision: Decision, rows: list[DecisionAmount]) -> None:
    """A manual Änderungsbescheid that reaches into months already paid: any such decision
    needs a second person (four eyes), and one that lowers the amount of a past month must go
    through the Anhörung and the Aufhebungs- und Erstattungsbescheid instead."""
    current = _first_of_month(_today())
    past = [r for r in rows if r.month < current]
    if not past:
        return
    decision.requires_four_eyes = True
    previous = decision.previous
    if previous is None:
        return
    old = {(a.month, a.person_key): a.amount for a in previous.amounts.all()}
    if any(r.amount < old.get((r.month, r.person_key), r.amount) for r in past):
        raise DecisionError(_("Dieser Änderungsbescheid senkt Leistungen für Monate, die schon "
                              "gezahlt sind. Für die Vergangenheit hören Sie die Person zuerst "
                              "an („Anhörung vorbereiten“ unter „Änderungen für die "
                              "Vergangenheit“); danach folgt der Aufhebungs- und "
                              "Erstattungsbescheid."))


# --- the Anhörung ------------------------------------------------------------------------


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


def _amount_rows_from(decision: Decision, rows: list[dict[str, Any]]) -> list[DecisionAmount]:
    return [DecisionAmount(
        decision=decision, month=engine.month_of(r["month"]), person_key=r["person_key"],
        person_name=r["person_name"], bedarf=Decimal(r["bedarf"]),
        einkommen=Decimal(r["einkommen"]), amount=Decimal(r["new"])) for r in rows]


def _monthly_max(rows: list[dict[str, Any]]) -> Decimal:
    totals: dict[str, Decimal] = {}
    for r in rows:
        totals[r["month"]] = totals.get(r["month"], Decimal(0)) + Decimal(r["new"])
    return max(totals.values(), default=Decimal(0))


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


@transaction.atomic
def erstattungsbescheid_create(*, anhoerung: Anhoerung, actor: User, reasons: str,
                               kenntnis_am: dt.date | None = None,
                               representatives_confirmed: bool = False) -> Decision:
    """The draft Aufhebungs- und Erstattungsbescheide from the Anhörung — one per member of
    the BG whose benefit is withdrawn, addressed to that member (a minor: to the legal
    representatives, which staff confirm with ``representatives_confirmed``); each always
    goes to a second person for approval (catalogue: four eyes), then through the usual
    issuing. Returns the first (the applicant's, where there is one); all of them are
    ``anhoerung.bescheide``.
    ``kenntnis_am`` is only taken for an Anhörung that has no Kenntnis date yet; the
    limits (``ausschlussfristen``) are checked here and again when it is issued."""
    reasons = reasons.strip()
    locked = _lock(anhoerung)
    if locked.kenntnis_am is None:
        kenntnis_error = ausschlussfristen.kenntnis_problem(kenntnis_am, today=_today())
        if kenntnis_error:
            raise DecisionError(kenntnis_error)
        locked.kenntnis_am = kenntnis_am
    fristen = anhoerung_fristen(locked)
    assert fristen is not None
    late = ausschlussfristen.problems(fristen, issued_on=_today())
    if late:
        raise DecisionError(" ".join(late))
    if locked.result_id is not None:
        raise DecisionError(_("Zu dieser Anhörung gibt es schon einen Bescheid."))
    if not can_decide(locked):
        raise DecisionError(_("Der Bescheid kann erst nach der Antwort oder nach Ablauf der "
                              "Frist am %(deadline)s erlassen werden.") % {
            "deadline": locked.deadline.strftime("%d.%m.%Y") if locked.deadline else "–"})
    if not reasons:
        raise DecisionError(_("Bitte würdigen Sie in der Begründung die Stellungnahme (oder "
                              "dass keine eingegangen ist)."))
    decision_type = DecisionType.objects.entry(ERSTATTUNG_TYPE)
    if decision_type is None:
        raise DecisionError(_("Diese Bescheidart ist nicht (mehr) gültig."))
    previous = locked.decision
    if previous.status not in FINAL:
        raise DecisionError(_("Der geänderte Bescheid ist nicht (mehr) wirksam."))
    first: dict[str, Any] = next(iter(locked.results.values()), {})
    # One Bescheid per member whose benefit is withdrawn (or who gets a back payment): each
    # member is liable only for what he or she received (``decisions.addressees``).
    concerned, to = member_addressees(locked)
    names = previous.snapshot.get("names") or {}
    minors = [a for a in to.values() if a["minor"]]
    if any(not a["representatives"] for a in minors):
        raise DecisionError(_("Für ein minderjähriges Kind ist in der Bedarfsgemeinschaft "
                              "keine erwachsene Person als gesetzliche Vertretung erfasst. "
                              "Bitte ergänzen Sie die Bedarfsgemeinschaft."))
    if minors and not representatives_confirmed:
        raise DecisionError(
            _("Bitte bestätigen Sie, wer die minderjährigen Kinder gesetzlich vertritt: "
              "%(list)s.") % {"list": "; ".join(
                  _("%(child)s – %(reps)s") % {
                      "child": a["name"], "reps": addressees.representatives_text(a)}
                  for a in minors)})
    applicant_key = next((k for k, a in to.items()
                          if a["person_id"] and a["person_id"] == locked.case.applicant_id),
                         None)
    decisions: list[Decision] = []
    # The applicant's own letter first; then the others in the order of the calculation.
    for key in sorted(concerned, key=lambda k: (k != applicant_key, concerned.index(k))):
        addressee = to[key]
        rows = [r for r in locked.positions if r["person_key"] == key]
        represented = addressee["minor"] and any(
            rep["person_id"] == locked.case.applicant_id
            for rep in addressee["representatives"])
        decision = Decision(
            case=locked.case, bedarfsgemeinschaft_id=locked.case.bedarfsgemeinschaft_id,
            decision_type=decision_type, origin=Decision.Origin.MANUAL, reasons=reasons,
            created_by=actor, period_from=locked.month_from,
            period_to=_month_end(locked.month_to),
            monthly_total=_monthly_max(locked.positions), requires_four_eyes=True,
            source_anhoerung=locked,
            shown_to_applicant=key == applicant_key or represented,
            snapshot={
                "request": locked.request, "names": names,
                "results": locked.results, "rechtsstand": first.get("rechtsstand", []),
                "leistungsname": first.get("leistungsname", ""),
                "erstattung": {
                    "kind": "aufhebung", "basis": locked.basis,
                    "rechtsgrundlage": basis_norm(locked.basis) + ", § 50 Abs. 1 SGB X",
                    "aufhebung_norm": basis_norm(locked.basis),
                    "positions": [r for r in rows if Decimal(r["claim"]) > 0],
                    "rows": rows, "total": str(claims_total(rows)),
                    "back_total": str(back_total(rows)),
                    "facts": locked.facts, "trust": locked.trust, "anhoerung_id": locked.pk,
                    "anhoerung_date": f"{locked.letter_date:%Y-%m-%d}" if locked.letter_date
                    else "",
                    "changes_decision_id": previous.pk,
                    "changes_letter_date": f"{previous.letter_date:%Y-%m-%d}"
                    if previous.letter_date else "",
                    "answered": locked.status == Anhoerung.Status.ANSWERED,
                    "fristen": fristen.as_snapshot(),
                    "addressee": addressee,
                    "members": len(concerned),
                },
            },
        )
        decision.save()
        # All members' new amounts: the Bescheid rules these months for the BG in the chain
        # (every member's Bescheid holds the same amounts); its letter shows its member's.
        DecisionAmount.objects.bulk_create(_amount_rows_from(decision, locked.positions))
        decisions.append(decision)
    decision = decisions[0]
    locked.result = decision
    locked.status = Anhoerung.Status.DECIDED
    locked.save(update_fields=["result", "status", "kenntnis_am"])
    for each in decisions:
        timeline_add(case=locked.case, kind=TimelineEntry.Kind.DECISION, actor=actor,
                     text=_("Bescheid-Entwurf erstellt: %(type)s an %(name)s") % {
                         "type": decision_type.title,
                         "name": each.snapshot["erstattung"]["addressee"]["name"]})
    return decision


# --- the event for the claims ----------------------------------------------------------------


def erstattung_positions(decision: Decision) -> list[dict[str, Any]]:
    """The event's positions: one per person and month with a claim (euro, decimal string)."""
    data = decision.snapshot.get("erstattung") or {}
    norm = data.get("rechtsgrundlage", "")
    return [{"person_id": p.get("person_id"), "month": p["month"], "amount": p["claim"],
             "rechtsgrundlage": norm}
            for p in data.get("positions") or [] if Decimal(p["claim"]) > 0]


def erstattung_enqueue(decision: Decision) -> None:
    """Called while issuing: hand the event over to the outbox, once per Bescheid."""
    if not erstattung_positions(decision):
        return
    from jobcenter.decisions.tasks import erstattung_festgesetzt

    outbox_enqueue(task=erstattung_festgesetzt, kwargs={"decision_id": decision.pk},
                   key=f"decisions.erstattung_festgesetzt:{decision.pk}")


def erstattung_publish(*, decision_id: int) -> bool:
    """Publish ``decisions.erstattung_festgesetzt`` for an issued Bescheid with claims
    (run by the outbox task, in one transaction with its done mark)."""
    decision = (Decision.objects.select_related("case").filter(pk=decision_id).first())
    if decision is None or decision.status not in FINAL:
        return False
    positions = erstattung_positions(decision)
    if not positions:
        return False
    events.publish("decisions.erstattung_festgesetzt", bescheid_id=decision.pk,
                   jobcenter_id=decision.case.jobcenter_id, positions=positions)
    return True
