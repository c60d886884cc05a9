"""Claims (Erstattungsforderungen): created from the Erstattungsbescheid's event, paid by
instalments or offset against current benefits (§ 43 SGB II, in the payment run),
deferred (Stundung), written off (Niederschlagung, four eyes) or remitted (Erlass, § 44
SGB II, four eyes, by a Bescheid).

The norms: the SGB II itself regulates only the Erlass (§ 44 SGB II). Stundung (Ratenzahlung
being a Stundung in parts) and Niederschlagung of a Jobcenter's claims follow the budget law
of the Träger — for a gemeinsame Einrichtung § 59 Abs. 1 Satz 1 Nr. 1 and 2 BHO, for the
share of a kommunaler Träger the Land's Haushaltsordnung or municipal budget law;
§ 76 Abs. 2 SGB IV binds the Sozialversicherungsträger, not the Jobcenter
(docs/zahlungen.md, "Stundung, Ratenzahlung, Erlass: the norms")."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from functools import partial
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from jobcenter.casefiles.models import TimelineEntry
from jobcenter.casefiles.services import timeline_add
from jobcenter.core.access import CHANGE, Data, may
from jobcenter.decisions import deadlines
from jobcenter.decisions.letter import month_de
from jobcenter.decisions.models import Decision
from jobcenter.households.models import Membership, Person
from jobcenter.zahlungen import letters
from jobcenter.zahlungen.models import Claim, ClaimEntry, Letter
from jobcenter.zahlungen.services.runs import claim_balances, close_paid_claims
from jobcenter.zahlungen.services.schreiben import letter_create

ZERO = Decimal("0.00")


class ClaimError(Exception):
    """A claim action is not possible; the message is for the staff member."""


def basis_for(rechtsgrundlage: str) -> str:
    """§ 43 Abs. 2 Satz 1 SGB II: 10 % for claims based on § 41a SGB II or on § 48 Abs. 1
    Satz 2 Nr. 3 SGB X (income or assets gained), 30 % for every other claim."""
    text = " ".join(rechtsgrundlage.replace("S.", "Satz").split())
    if "41a" in text or "48 Abs. 1 Satz 2 Nr. 3" in text:
        return Claim.Basis.TEN
    return Claim.Basis.THIRTY


def _bg_of(person: Person, on: dt.date) -> int | None:
    membership = (Membership.objects.filter(person=person, valid_from__lte=on)
                  .order_by("-valid_from").first())
    return membership.bedarfsgemeinschaft_id if membership else None


def claims_from_bescheid(*, bescheid_id: int, jobcenter_id: int,
                         positions: list[dict[str, Any]]) -> list[Claim]:
    """One claim per person of the Erstattungsbescheid (idempotent per Bescheid and
    person: the event delivered twice creates nothing twice)."""
    decision = Decision.objects.get(pk=bescheid_id)
    by_person: dict[int, list[dict[str, Any]]] = {}
    for position in positions:
        by_person.setdefault(int(position["person_id"]), []).append(position)
    today = timezone.localdate()
    letter = decision.letter_date or today
    due_date = (decision.presumed_delivery or letter) + dt.timedelta(days=30)
    created = []
    for person_id, items in by_person.items():
        person = Person.objects.get(pk=person_id, jobcenter_id=jobcenter_id)
        try:
            total = sum((Decimal(str(i["amount"])) for i in items), ZERO)
        except (InvalidOperation, KeyError) as exc:
            raise ValueError(f"invalid amount in positions of Bescheid {bescheid_id}") from exc
        if total <= 0:
            continue
        grounds = sorted({str(i.get("rechtsgrundlage") or "") for i in items} - {""})
        rechtsgrundlage = "; ".join(grounds) or "§ 50 SGB X"
        basis = (Claim.Basis.THIRTY if any(basis_for(g) == Claim.Basis.THIRTY for g in grounds)
                 or not grounds else Claim.Basis.TEN)
        try:
            with transaction.atomic():
                claim = Claim.objects.create(
                    jobcenter_id=jobcenter_id, person=person,
                    bedarfsgemeinschaft_id=decision.bedarfsgemeinschaft_id or _bg_of(
                        person, today),
                    bescheid=decision, basis=basis, rechtsgrundlage=rechtsgrundlage[:200],
                    positions=[{"month": i["month"], "amount": str(i["amount"]),
                                "rechtsgrundlage": i.get("rechtsgrundlage", "")}
                               for i in items],
                    amount=total, due_date=due_date)
        except IntegrityError:
            claim = Claim.objects.get(bescheid=decision, person=person)
        created.append(claim)
    return created


def claim_create_loan(*, bescheid: Decision, person: Person, amount: Decimal,
                      rechtsgrundlage: str) -> Claim:
    """The repayment claim of a loan granted by ``bescheid`` (§ 42a SGB II), idempotent per
    Bescheid and person. The Bescheid declares the Aufrechnung (§ 42a Abs. 2 Satz 2): it
    runs from the month after the payout — taken as the month after the letter — at 5 % of
    the maßgebender Regelbedarf, within the run's 30 % total (§ 43 Abs. 2 Satz 2); the
    remaining amount falls due when benefits end (§ 42a Abs. 4), so no due date of its own
    is set before that beyond the letter's day."""
    if amount <= 0:
        raise ClaimError(_("Ein Darlehen braucht einen Betrag über 0 €."))
    letter = bescheid.letter_date or timezone.localdate()
    start = deadlines.add_months(deadlines.first_of_month(letter), 1)
    try:
        with transaction.atomic():
            return Claim.objects.create(
                jobcenter_id=bescheid.case.jobcenter_id, person=person,
                bedarfsgemeinschaft_id=bescheid.case.bedarfsgemeinschaft_id
                or _bg_of(person, letter),
                bescheid=bescheid, basis=Claim.Basis.FIVE,
                rechtsgrundlage=rechtsgrundlage[:200],
                positions=[{"month": f"{letter:%Y-%m}", "amount": str(amount),
                            "rechtsgrundlage": rechtsgrundlage}],
                amount=amount, due_date=letter, offset_from=start)
    except IntegrityError:
        return Claim.objects.get(bescheid=bescheid, person=person)


def balance(claim: Claim) -> Decimal:
    return claim_balances([claim.pk]).get(claim.pk, ZERO)


def _locked(claim: Claim) -> Claim:
    return Claim.objects.select_for_update().get(pk=claim.pk)


def _open(claim: Claim) -> None:
    if claim.status != Claim.Status.OPEN:
        raise ClaimError(_("Diese Forderung ist nicht mehr offen."))


@transaction.atomic
def claim_set_instalments(*, claim: Claim, amount: Decimal, start: dt.date,
                          actor: Any) -> Claim:
    claim = _locked(claim)
    _open(claim)
    if amount <= 0:
        raise ClaimError(_("Die Rate muss größer als 0 € sein."))
    if amount > balance(claim):
        raise ClaimError(_("Die Rate ist höher als die offene Forderung."))
    claim.instalment_amount, claim.instalment_start = amount, start
    claim.save(update_fields=["instalment_amount", "instalment_start"])
    return claim


def bestandskraft(decision: Decision) -> dt.date | None:
    """The day the Erstattungsbescheid becomes final without objection: the day after the
    objection deadline (§ 84 SGG, § 77 SGG)."""
    if decision.objection_deadline is None:
        return None
    return decision.objection_deadline + dt.timedelta(days=1)


@transaction.atomic
def claim_offset_end(*, claim: Claim, last_month: dt.date, reason: str, actor: Any,
                     cause: Decision | None = None, due_on: dt.date | None = None,
                     bezug: bool = False) -> tuple[bool, Claim]:
    """End the claim's Aufrechnung with ``last_month`` (the last month offset; a month
    before ``offset_from``: it ends before it began). The one place that stores who, when,
    why, whether the Leistungsbezug ended (``offset_end_bezug``) and — when a Bescheid
    ended the benefit — which Bescheid (``offset_ended_*``, ``offset_end_decision``; a
    database check requires who and why together). Staff end it by hand (no ``cause``)
    when the Bezug ends without a Bescheid (``bezug``) or for another reason while the
    benefit goes on (the declaration cancelled in the Widerspruch);
    :func:`claim_offset_end_from` when a Bescheid ended the benefit (always ``bezug``).

    A month after ``last_month`` that a run already offset cannot be un-offset: refused
    (that is the Aufhebung's and Erstattung's matter). A loan's rest falls due at once only
    when the Bezug ends (§ 42a Abs. 4 Satz 1 SGB II: ``due_date`` and ``rest_due_from``
    become ``due_on``, by default the first day after ``last_month``); ended for another
    reason, it falls due when the Bezug ends later (:func:`claim_rest_due`). An end by hand
    sends the person the notice of the end (``Letter.Kind.DUE``, once per claim; the
    automatic end sends its own from the handler). Once ended, the end record stays: a
    later Bescheid does not overwrite it. Returns (whether this call ended it, the claim);
    the same hand end submitted twice (same person, month and cause) ends it once and
    sends one letter."""
    claim = _locked(claim)
    _open(claim)
    if cause is None and (not may(actor, Data.LEISTUNGSAKTE, CHANGE)
                          or actor.jobcenter_id != claim.jobcenter_id):
        raise ClaimError(_("Sie dürfen die Leistungsakte nicht ändern."))
    reason = " ".join(reason.split())
    last = deadlines.first_of_month(last_month)
    bezug = bezug or cause is not None
    if claim.offset_ended_at is not None:
        if (cause is None and claim.offset_end_decision_id is None
                and claim.offset_ended_by_id == getattr(actor, "pk", None)
                and claim.offset_end_bezug == bezug
                and claim.offset_until == max(last, deadlines.add_months(
                    claim.offset_from or last, -1))):
            return False, claim  # the same submit again
        raise ClaimError(_("Die Aufrechnung dieser Forderung ist bereits beendet."))
    if claim.offset_from is None:
        raise ClaimError(_("Für diese Forderung läuft keine Aufrechnung."))
    if not reason:
        raise ClaimError(_("Bitte begründen Sie das Ende der Aufrechnung."))
    if claim.offset_until is not None and last >= claim.offset_until:
        raise ClaimError(_("Die Aufrechnung endet ohnehin mit %(month)s. Wählen Sie einen "
                           "früheren letzten Monat.") % {
                               "month": formats.date_format(claim.offset_until,
                                                            "YEAR_MONTH_FORMAT")})
    last = max(last, deadlines.add_months(claim.offset_from, -1))
    booked = (ClaimEntry.objects.filter(claim=claim, kind=ClaimEntry.Kind.OFFSET,
                                        month__gt=last)
              .order_by("-month").values_list("month", flat=True).first())
    if booked is not None:
        raise ClaimError(_("Für %(month)s ist schon aufgerechnet. Wählen Sie als letzten "
                           "Monat mindestens %(month)s; zu viel Einbehaltenes erstatten Sie "
                           "mit einem Bescheid.") % {
                               "month": formats.date_format(booked, "YEAR_MONTH_FORMAT")})
    claim.offset_until = last
    claim.offset_ended_at, claim.offset_ended_by = timezone.now(), actor
    claim.offset_end_reason, claim.offset_end_decision = reason[:500], cause
    claim.offset_end_bezug = bezug
    fields = ["offset_until", "offset_ended_at", "offset_ended_by", "offset_end_reason",
              "offset_end_decision", "offset_end_bezug"]
    if claim.basis == Claim.Basis.FIVE and bezug:
        claim.due_date = claim.rest_due_from = due_on or deadlines.add_months(last, 1)
        fields += ["due_date", "rest_due_from"]
    claim.save(update_fields=fields)
    if cause is None:  # the automatic end writes its own entries and letter (handlers)
        case = claim.bescheid.case
        note = _("Aufrechnung von Hand beendet: Forderung aus Bescheid Nr. %(ref)s gegen "
                 "%(person)s, letzter Monat der Aufrechnung: %(last)s. Grund: %(reason)s") % {
                     "ref": claim.bescheid.reference, "person": claim.person,
                     "last": month_de(last) if last >= claim.offset_from else _("keiner"),
                     "reason": reason}
        timeline_add(case=case, kind=TimelineEntry.Kind.NOTE, actor=actor, text=note[:500])
        claim_notify(claim, Letter.Kind.DUE, actor, partial(
            letters.offset_end_by_hand_notice, claim, case=case))
    return True, claim


def claim_notify(claim: Claim, kind: str, actor: Any, build: Any) -> Letter | None:
    """The person's notice about the claim (once per claim and kind: ``letter_create``
    and ``letter_once_per_claim``), online or by post as they chose; none when nothing is
    owed. ``build`` takes the balance, the letter's date and the online delivery dates."""
    left = balance(claim)
    if left <= 0:
        return None
    person = claim.person
    return letter_create(
        kind=kind, case=claim.bescheid.case, person=person,
        recipient=f"{person.first_name} {person.last_name}",
        build=lambda day, _presumed, _objection: build(balance=left, letter_date=day),
        actor=actor, claim=claim)


@transaction.atomic
def claim_offset_end_from(*, claim: Claim, first_month: dt.date, reason: str, actor: Any,
                          cause: Decision) -> tuple[bool, list[dt.date]]:
    """The benefit ends from ``first_month`` (``cause``: an Aufhebung, an Änderung to 0 €):
    the claim's Aufrechnung ends with the month before — an Aufrechnung is a set-off against
    the benefit (§ 43 Abs. 1, § 42a Abs. 2 Satz 1 SGB II: "solange … Leistungen … beziehen"),
    nothing is left to set off against. A month from ``first_month`` on that a run already
    offset stays booked (the Aufrechnung then ends after it) and is returned for the
    caseworker. Through :func:`claim_offset_end` (the same trail; a loan's rest falls due
    on the first day without benefit — the first month after the last one offset).
    Idempotent: a claim without a running Aufrechnung in ``first_month`` is left as it is
    (returns False) — and so is one already ended, by hand or by another Bescheid: it
    keeps its own end record (a loan's rest then falls due by :func:`claim_rest_due`).
    Nothing restarts by itself when benefits are granted again: a new Aufrechnung needs a
    new written declaration."""
    claim = _locked(claim)
    first = deadlines.first_of_month(first_month)
    booked = sorted(month for month in ClaimEntry.objects.filter(
        claim=claim, kind=ClaimEntry.Kind.OFFSET, month__gte=first)
        .values_list("month", flat=True) if month is not None)
    if (claim.status != Claim.Status.OPEN or claim.offset_from is None
            or claim.offset_ended_at is not None
            or (claim.offset_until is not None and claim.offset_until < first)):
        return False, booked
    last = booked[-1] if booked else deadlines.add_months(first, -1)
    if claim.offset_until is not None and last >= claim.offset_until:
        return False, booked  # nothing left to end
    claim_offset_end(claim=claim, last_month=last, reason=reason, actor=actor, cause=cause,
                     due_on=first)
    return True, booked


@transaction.atomic
def claim_rest_due(*, claim: Claim, first_month: dt.date) -> bool:
    """The Leistungsbezug ends from ``first_month`` for a loan whose Aufrechnung had ended
    before for another reason (by hand, the benefit going on): its rest falls due now
    (§ 42a Abs. 4 Satz 1 SGB II: "Nach Beendigung des Leistungsbezuges ist der noch nicht
    getilgte Darlehensbetrag sofort fällig"), on the first day without benefit. The end
    record of the Aufrechnung stays as it is. Returns whether this call made it due (not
    for a claim that is no open loan, has nothing left or was due already)."""
    claim = _locked(claim)
    if (claim.status != Claim.Status.OPEN or claim.basis != Claim.Basis.FIVE
            or claim.rest_due_from is not None or balance(claim) <= 0):
        return False
    claim.due_date = claim.rest_due_from = deadlines.first_of_month(first_month)
    claim.save(update_fields=["due_date", "rest_due_from"])
    return True


@transaction.atomic
def claim_defer(*, claim: Claim, until: dt.date, reason: str, actor: Any) -> Claim:
    """Stundung: no instalments and no Aufrechnung until ``until`` (§ 59 Abs. 1 Satz 1 Nr. 1
    BHO for a gemeinsame Einrichtung; module docstring)."""
    claim = _locked(claim)
    _open(claim)
    if until <= timezone.localdate():
        raise ClaimError(_("Bitte geben Sie ein Datum in der Zukunft an."))
    if not reason.strip():
        raise ClaimError(_("Bitte begründen Sie die Stundung."))
    claim.deferred_until, claim.deferral_reason = until, reason.strip()
    claim.save(update_fields=["deferred_until", "deferral_reason"])
    return claim


@transaction.atomic
def claim_request_write_off(*, claim: Claim, reason: str, actor: Any) -> Claim:
    """Niederschlagung (§ 59 Abs. 1 Satz 1 Nr. 2 BHO; an internal measure, no Bescheid) is
    proposed by one person …"""
    claim = _locked(claim)
    _open(claim)
    if not reason.strip():
        raise ClaimError(_("Bitte begründen Sie die Niederschlagung."))
    claim.write_off_reason, claim.write_off_requested_by = reason.strip(), actor
    claim.write_off_approved_by = None
    claim.save(update_fields=["write_off_reason", "write_off_requested_by",
                              "write_off_approved_by"])
    return claim


@transaction.atomic
def claim_approve_write_off(*, claim: Claim, actor: Any) -> Claim:
    """… and released by another person with the right role (four eyes)."""
    claim = _locked(claim)
    _open(claim)
    if claim.write_off_requested_by_id is None:
        raise ClaimError(_("Für diese Forderung ist keine Niederschlagung vorgeschlagen."))
    if claim.write_off_requested_by_id == actor.pk:
        raise ClaimError(_("Die Niederschlagung muss eine andere Person freigeben "
                           "(Vier-Augen-Prinzip)."))
    if not may(actor, Data.LEISTUNGSAKTE, CHANGE):
        raise ClaimError(_("Sie dürfen Niederschlagungen nicht freigeben."))
    claim.write_off_approved_by = actor
    claim.written_off_on = timezone.localdate()
    claim.status = Claim.Status.WRITTEN_OFF
    claim.save(update_fields=["write_off_approved_by", "written_off_on", "status"])
    return claim


@transaction.atomic
def claim_record_receipt(*, claim: Claim, amount: Decimal, booked_on: dt.date,
                         actor: Any) -> ClaimEntry:
    claim = _locked(claim)
    _open(claim)
    if amount <= 0:
        raise ClaimError(_("Der Betrag muss größer als 0 € sein."))
    if amount > balance(claim):
        raise ClaimError(_("Der Betrag ist höher als die offene Forderung."))
    entry = ClaimEntry.objects.create(claim=claim, kind=ClaimEntry.Kind.RECEIPT,
                                      booked_on=booked_on, amount=amount, recorded_by=actor)
    close_paid_claims([claim.pk])
    return entry


@transaction.atomic
def claim_remit(*, claim: Claim, amount: Decimal, decision: Decision, requested_by: Any,
                approved_by: Any) -> ClaimEntry | None:
    """Erlass (§ 44 SGB II: "wenn deren Einziehung nach Lage des einzelnen Falles unbillig
    wäre"), granted by the issued ``decision``, wholly or in part: a booking of kind
    ``erlass`` lowers the balance by ``amount`` (at most the balance left today — an
    Aufrechnung booked since the decision is not remitted twice). In part: the rest is
    still owed, and a declared Aufrechnung (§ 43 SGB II, a Verwaltungsakt that stays in
    force, § 39 Abs. 2 SGB X) goes on for it with the same monthly amount, capped by what
    is left, until the rest is paid; a Stundung pauses it as before. Nothing is left: the
    claim is "erlassen" and its Aufrechnung ends. Four eyes, as for the Niederschlagung: the
    person who decided and the one who released the Bescheid differ, and the second one
    may change the Leistungsakte (also a database check). Once per Bescheid: the event
    delivered twice remits nothing twice (returns None)."""
    claim = _locked(claim)
    if ClaimEntry.objects.filter(decision=decision, kind=ClaimEntry.Kind.REMISSION).exists():
        return None
    _open(claim)
    if amount <= 0:
        raise ClaimError(_("Der erlassene Betrag muss größer als 0 € sein."))
    if requested_by is None or approved_by is None or requested_by.pk == approved_by.pk:
        raise ClaimError(_("Einen Erlass muss eine andere Person freigeben "
                           "(Vier-Augen-Prinzip)."))
    if not may(approved_by, Data.LEISTUNGSAKTE, CHANGE):
        raise ClaimError(_("Sie dürfen einen Erlass nicht freigeben."))
    left = balance(claim)
    if left <= 0:
        raise ClaimError(_("Diese Forderung ist bereits getilgt."))
    remitted = min(amount, left)
    entry = ClaimEntry.objects.create(
        claim=claim, kind=ClaimEntry.Kind.REMISSION, booked_on=timezone.localdate(),
        amount=remitted, recorded_by=requested_by, approved_by=approved_by,
        decision=decision)
    if remitted == left:
        claim.status = Claim.Status.REMITTED
        claim.offset_from = claim.offset_until = None
        claim.save(update_fields=["status", "offset_from", "offset_until"])
    return entry


def instalment_schedule(claim: Claim, remaining: Decimal) -> list[tuple[dt.date, Decimal]]:
    """The coming instalments (date, amount) for the open balance; none falls due while
    the claim is deferred (Stundung: the first one after ``deferred_until``)."""
    if not claim.instalment_amount or not claim.instalment_start or remaining <= 0:
        return []
    today = timezone.localdate()
    if claim.deferred_until is not None and claim.deferred_until >= today:
        today = claim.deferred_until + dt.timedelta(days=1)
    day = claim.instalment_start
    while day < today:
        day = deadlines.add_months(deadlines.first_of_month(day), 1).replace(
            day=min(claim.instalment_start.day, 28))
    schedule: list[tuple[dt.date, Decimal]] = []
    left = remaining
    while left > 0 and len(schedule) < 240:
        amount = min(claim.instalment_amount, left)
        schedule.append((day, amount))
        left -= amount
        day = deadlines.add_months(deadlines.first_of_month(day), 1).replace(
            day=min(claim.instalment_start.day, 28))
    return schedule
