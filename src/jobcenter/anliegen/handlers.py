"""Reactions of the concerns to events (connected in ``config/wiring.SUBSCRIPTIONS``)."""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from django.utils import timezone, translation
from django.utils.translation import gettext as _

from jobcenter.anliegen import registry
from jobcenter.anliegen.letters import letter_of
from jobcenter.casefiles.models import Case, FollowUp
from jobcenter.casefiles.services import note_and_follow_up
from jobcenter.decisions.documents import euro, month_de
from jobcenter.decisions.letter import months_text
from jobcenter.decisions.models import Decision
from jobcenter.decisions.services.issuing import issued_by, leistung_endet_text
from jobcenter.termine import services as termine
from jobcenter.termine.models import AbsenceReason, Appointment
from jobcenter.zahlungen.models import StandingOrder
from jobcenter.zahlungen.selectors import standing_order_paid_months
from jobcenter.zahlungen.services import (
    PaymentActionError,
    one_off_from_bescheid,
    standing_order_end_from,
    standing_order_from_bescheid,
)

logger = logging.getLogger(__name__)


def _day(value: object) -> dt.date | None:
    try:
        return dt.date.fromisoformat(str(value))
    except (TypeError, ValueError):
        return None


def on_submission_received(submission_id: int) -> None:
    """A reported Arbeitsunfähigkeit of the citizen themself is the answer "Ich kann nicht
    kommen" (reason: arbeitsunfähig) to each Meldetermin in its period that is still ahead
    and unanswered (``termine.services.meldetermin_answer``); staff decide on it there, as
    on every such answer (§ 32 SGB II: a wichtiger Grund). Runs after the eAkte filed the
    case (step 4 of the intake) and in its transaction."""
    case = (Case.objects.filter(submission_id=submission_id,
                                case_type__key="arbeitsunfaehigkeit")
            .select_related("applicant_user").first())
    if case is None or case.applicant_user is None:
        return
    answers = case.data or {}
    if (answers.get("krank_person") or "").strip():
        return  # another person of the household is ill: their appointments are theirs
    start, end = _day(answers.get("krank_seit")), _day(answers.get("krank_bis"))
    if start is None or end is None or end < start:
        return
    tz = timezone.get_current_timezone()
    first = max(timezone.now(), dt.datetime.combine(start, dt.time.min, tzinfo=tz))
    last = dt.datetime.combine(end + dt.timedelta(days=1), dt.time.min, tzinfo=tz)
    appointments = Appointment.objects.filter(
        citizen=case.applicant_user, kind=Appointment.Kind.MELDETERMIN,
        status__in=(Appointment.Status.BOOKED, Appointment.Status.CONFIRMED),
        start__gte=first, start__lt=last)
    for appointment in appointments:
        try:
            termine.meldetermin_answer(
                appointment=appointment, citizen=case.applicant_user,
                reason=AbsenceReason.ARBEITSUNFAEHIG,
                text=_("Arbeitsunfähigkeit vom %(from)s bis %(to)s gemeldet, Bescheinigung in "
                       "der eAkte (Aktenzeichen %(reference)s).")
                % {"from": start.strftime("%d.%m.%Y"), "to": end.strftime("%d.%m.%Y"),
                   "reference": case.reference},
                upload=None)
        except termine.TermineError as exc:  # e.g. cancelled meanwhile: nothing to answer
            logger.info("Meldetermin %s not answered from sick note: %s", appointment.pk, exc)


def on_kind_erlassen(*, decision_id: int, **_kwargs: Any) -> bool:
    """A concern's Bescheid is issued: the amount it grants (an outcome with ``amount`` of
    type ``anliegen_bescheid``) becomes one released payment order in ``zahlungen``, paid
    once by the next daily run (a monthly amount, ``Outcome.pays_monthly``: a standing
    order paid by the runs in each month the letter names) — to the third party the
    letter names (name and IBAN in the letter data) or to the person's account. Refusals
    and Schreiben pay nothing; the order exists once per Bescheid (the event delivered
    twice orders nothing twice)."""
    decision = (Decision.objects.select_related("case", "case__applicant", "decision_type")
                .get(pk=decision_id))
    if decision.decision_type.key != registry.BESCHEID:
        return False
    data = dict((decision.snapshot or {}).get("letter") or {})
    concern = registry.get(str(data.get("anliegen") or ""))
    outcome = concern.outcome(str(data.get("outcome") or "")) if concern else None
    if concern is None or outcome is None or not (outcome.pays or outcome.pays_monthly):
        return False
    amount = letter_of(data).amount
    person = decision.case.applicant
    if amount is None or amount <= 0 or person is None:
        logger.warning("Bescheid %s grants no payable amount or has no person", decision.pk)
        return False
    payee = dict(data.get("payee") or {})
    with translation.override("de"):  # the transfer's text is German (the bank's)
        purpose = str(concern.title)
    if concern.payment_reference_answer:
        answers = dict(data.get("answers") or {})
        reference = " ".join(str(answers.get(concern.payment_reference_answer) or "").split())
        purpose = f"{reference[:35]} {purpose}" if reference else purpose
    if outcome.pays_monthly:  # § 26, § 27: paid by the runs in each month the letter names
        months = letter_of(data).months
        if months is None:
            logger.warning("Bescheid %s: a monthly amount without its months; not paid",
                           decision.pk)
            return False
        standing = standing_order_from_bescheid(
            decision=decision, person=person, amount=amount, purpose=purpose,
            first_month=months[0], last_month=months[1],
            payee_name=str(payee.get("name") or ""), payee_iban=str(payee.get("iban") or ""),
            while_receiving=outcome.while_receiving)
        if standing is None:
            logger.warning("Bescheid %s: the person is in no Bedarfsgemeinschaft; not paid",
                           decision.pk)
        return standing is not None
    advance_month = None
    if outcome.advance:  # a Vorschuss: counted against the month its letter names
        advance_month = _day(letter_of(data).extra.get("month"))
        if advance_month is None:
            logger.warning("Bescheid %s: a Vorschuss without its month; not paid", decision.pk)
            return False
    order = one_off_from_bescheid(
        decision=decision, person=person, amount=amount, purpose=purpose,
        payee_name=str(payee.get("name") or ""), payee_iban=str(payee.get("iban") or ""),
        advance_month=advance_month)
    if order is None:
        logger.warning("Bescheid %s: the person is in no Bedarfsgemeinschaft; not paid",
                       decision.pk)
    return order is not None


def _while_receiving(order: StandingOrder) -> bool:
    """Whether the law grants the order's monthly amount only while the person receives
    Bürgergeld/Grundsicherungsgeld (``Outcome.while_receiving``: § 26 SGB II)."""
    data = dict((order.decision.snapshot or {}).get("letter") or {})
    concern = registry.get(str(data.get("anliegen") or ""))
    outcome = concern.outcome(str(data.get("outcome") or "")) if concern else None
    return outcome is not None and outcome.while_receiving


def on_leistung_aufgehoben(*, decision_id: int, jobcenter_id: int,
                           bedarfsgemeinschaft_id: int | None, from_month: str,
                           **_kwargs: Any) -> int:
    """A Bescheid ends the BG's Bürgergeld/Grundsicherungsgeld from ``from_month`` — an
    Aufhebungsbescheid, or an Änderungsbescheid that sets it to 0 € from that month to the
    end of its period (``decisions.services.issuing.leistung_endet_ab``): each of the BG's
    standing orders still running then is dealt with as the law requires, with an entry in
    the eAkte and a Wiedervorlage for the caseworker.

    * A § 26 Zuschuss (``Outcome.while_receiving``) is granted "für die Dauer des
      Leistungsbezugs": with 0 € the person no longer receives the benefit, so its payment
      ends from that month either way (``standing_order_end_from``, the trail naming the
      Bescheid, kept as the order's ``end_decision``); the Wiedervorlage asks to cancel
      the Zuschuss's own Bescheid (§ 48 SGB X), to check § 26 Abs. 2 or 4 SGB II
      (hilfebedürftig only through the health or care insurance contribution) and, for a
      month already paid, the Erstattung.
    * Any other monthly amount (§ 27 SGB II: not Bürgergeld, § 27 Abs. 1 Satz 2) does not
      end with the benefit by law: it goes on, and the Wiedervorlage asks the caseworker to
      check whether its own conditions still hold.

    Once per Bescheid and order (the Wiedervorlage's key): the event delivered twice does
    nothing twice. Returns how many orders were ended."""
    if bedarfsgemeinschaft_id is None:
        return 0
    decision = Decision.objects.select_related("case").get(pk=decision_id)
    first = dt.date.fromisoformat(from_month)
    actor = issued_by(decision)
    ended_count = 0
    orders = (StandingOrder.objects.filter(jobcenter_id=jobcenter_id,
                                           bedarfsgemeinschaft_id=bedarfsgemeinschaft_id,
                                           valid_to__gte=first)
              .select_related("decision__case").order_by("pk"))
    for order in orders:
        key = f"aufhebung:{decision.pk}:M{order.pk}"
        if FollowUp.objects.filter(jobcenter_id=jobcenter_id, key=key).exists():
            continue
        values = {"purpose": order.purpose, "amount": euro(order.monthly_amount),
                  "order_ref": order.decision.reference, "ref": decision.reference,
                  "from": month_de(first), "to": month_de(order.valid_to)}
        values["cause"] = leistung_endet_text(decision) % values
        ended, problem = False, ""
        paid: list[dt.date] = []
        if _while_receiving(order):
            if actor is None:
                problem = _("Niemand ist als Bearbeiterin oder Bearbeiter des "
                            "Bescheids erfasst.")
            else:
                reason = _("%(cause)s; der Zuschuss wird nur für die Dauer des "
                           "Leistungsbezugs geleistet (§ 26 SGB II).") % values
                try:
                    ended, paid = standing_order_end_from(order=order, first_month=first,
                                                          reason=reason, actor=actor,
                                                          cause=decision)
                except PaymentActionError as exc:
                    problem = str(exc)
        if ended:
            ended_count += 1
            order.refresh_from_db()
            note = _("Laufende Zahlung beendet: %(purpose)s (%(amount)s im Monat, Bescheid "
                     "Nr. %(order_ref)s), letzter Monat %(last)s. Grund: %(cause)s (§ 26 "
                     "SGB II: nur für die Dauer des Leistungsbezugs).") % {
                         **values, "last": month_de(order.valid_to)}
            todo = _("Die Zahlung des Zuschusses %(purpose)s (Bescheid Nr. %(order_ref)s) "
                     "ist ab %(from)s beendet. Bitte heben Sie den Bescheid über den "
                     "Zuschuss ab %(from)s auf (§ 48 SGB X) und prüfen Sie, ob ein Zuschuss "
                     "nach § 26 Abs. 2 oder 4 SGB II in Betracht kommt (hilfebedürftig "
                     "allein durch den Beitrag zur Kranken- oder Pflegeversicherung).") % values
        elif _while_receiving(order):
            note = _("Laufende Zahlung nicht beendet: %(purpose)s (%(amount)s im Monat bis "
                     "%(to)s, Bescheid Nr. %(order_ref)s), obwohl gilt: %(cause)s.") % values + (
                         " " + problem if problem else "")
            todo = _("%(cause)s. Der Zuschuss %(purpose)s "
                     "(Bescheid Nr. %(order_ref)s) wird nur für die Dauer des "
                     "Leistungsbezugs geleistet (§ 26 SGB II), seine Zahlung konnte aber "
                     "nicht beendet werden. Bitte beenden Sie sie auf der Seite der "
                     "Bedarfsgemeinschaft und heben Sie den Bescheid über den Zuschuss auf "
                     "(§ 48 SGB X).") % values
        else:
            note = _("Laufende Zahlung läuft weiter: %(purpose)s (%(amount)s im Monat bis "
                     "%(to)s, Bescheid Nr. %(order_ref)s); sie hängt nicht vom Bezug des "
                     "Bürgergelds ab. %(cause)s: zur Prüfung vorgelegt.") % values
            todo = _("%(cause)s. Die laufende Zahlung "
                     "%(purpose)s (%(amount)s im Monat bis %(to)s, Bescheid Nr. "
                     "%(order_ref)s) läuft weiter, weil sie nicht vom Bezug des Bürgergelds "
                     "abhängt (§ 27 Abs. 1 Satz 2 SGB II). Bitte prüfen Sie, ob ihre "
                     "Voraussetzungen weiter vorliegen; sonst beenden Sie sie auf der Seite "
                     "der Bedarfsgemeinschaft.") % values
        if paid:
            todo += " " + _("Schon gezahlt für %(months)s: bitte Aufhebung und Erstattung "
                            "prüfen.") % {"months": ", ".join(month_de(m) for m in paid)}
        note_and_follow_up(jobcenter_id=jobcenter_id, cases={order.decision.case, decision.case},
                           case=order.decision.case, key=key, actor=actor, note=note,
                           todo=todo)
    return ended_count


def _granted_until(order: StandingOrder) -> dt.date:
    """The last month the order's own Bescheid granted (its letter's months; the order's
    ``valid_to`` before it was ended)."""
    data = dict((order.decision.snapshot or {}).get("letter") or {})
    months = letter_of(data).months
    return months[1] if months is not None else order.valid_to


def on_leistung_bewilligt(*, decision_id: int, jobcenter_id: int,
                          bedarfsgemeinschaft_id: int | None, months: list[str],
                          **_kwargs: Any) -> int:
    """A granting Bescheid (an Abhilfe on the Widerspruch against the Aufhebung, an
    Änderung, a new Bewilligung) pays the BG's benefit again for months in which a § 26
    Zuschuss's standing order no longer pays because an earlier Bescheid ended the benefit
    (``StandingOrder.end_decision``). The order is not reopened by itself: the Wiedervorlage
    of that end asked to cancel the Zuschuss's own Bescheid (§ 48 SGB X), which may be done
    by now, and months already past need a Nachzahlung that someone releases. The
    caseworker is told instead — an entry in the eAkte of both cases and a Wiedervorlage
    naming the months granted again, the order, the Bescheid that ended it and what to do.

    Once per Bescheid and order (the Wiedervorlage's key). Returns how many orders were
    put before the caseworker."""
    if bedarfsgemeinschaft_id is None:
        return 0
    decision = Decision.objects.select_related("case").get(pk=decision_id)
    granted = sorted(dt.date.fromisoformat(month) for month in months)
    actor = issued_by(decision)
    told = 0
    orders = (StandingOrder.objects.filter(jobcenter_id=jobcenter_id,
                                           bedarfsgemeinschaft_id=bedarfsgemeinschaft_id,
                                           ended_at__isnull=False,
                                           end_decision__isnull=False)
              .exclude(end_decision_id=decision.pk)
              .select_related("decision__case", "end_decision").order_by("pk"))
    for order in orders:
        until = _granted_until(order)
        again = [month for month in granted if order.valid_to < month <= until]
        key = f"bewilligt:{decision.pk}:M{order.pk}"
        if not again or FollowUp.objects.filter(jobcenter_id=jobcenter_id, key=key).exists():
            continue
        values = {"purpose": order.purpose, "amount": euro(order.monthly_amount),
                  "order_ref": order.decision.reference, "ref": decision.reference,
                  "ended_ref": order.end_decision.reference if order.end_decision else "",
                  "last": month_de(order.valid_to), "until": month_de(until),
                  "months": months_text(again)}
        note = _("Leistungen wieder bewilligt mit Bescheid Nr. %(ref)s für %(months)s. Die "
                 "laufende Zahlung %(purpose)s (%(amount)s im Monat, Bescheid Nr. "
                 "%(order_ref)s, bewilligt bis %(until)s) ist wegen des Bescheids Nr. "
                 "%(ended_ref)s mit %(last)s beendet und bleibt es, bis sie geprüft ist.") % (
                     values)
        todo = _("Bescheid Nr. %(ref)s bewilligt die Leistungen für %(months)s wieder. Die "
                 "Zahlung des Zuschusses %(purpose)s (Bescheid Nr. %(order_ref)s, § 26 "
                 "SGB II) endete wegen des Bescheids Nr. "
                 "%(ended_ref)s mit %(last)s und läuft nicht von selbst wieder an. Haben Sie "
                 "den Bescheid über den Zuschuss aufgehoben, nehmen Sie das für diese Monate "
                 "zurück (§ 44 SGB X); bewilligen Sie den Zuschuss dann erneut mit einem "
                 "Bescheid zum Anliegen.") % values
        note_and_follow_up(jobcenter_id=jobcenter_id, cases={order.decision.case, decision.case},
                           case=order.decision.case, key=key, actor=actor, note=note,
                           todo=todo)
        told += 1
    return told


def on_leistung_ausgesetzt(*, decision_id: int, jobcenter_id: int,
                           bedarfsgemeinschaft_id: int | None, months: list[str],
                           **_kwargs: Any) -> int:
    """A granting Bescheid sets the BG's benefit to 0 € for ``months`` that a paid month
    follows: in them nobody of the BG receives Bürgergeld/Grundsicherungsgeld, so a § 26
    Zuschuss ("für die Dauer des Leistungsbezugs") is not paid for them — the payment runs
    pause the order in such a month (``StandingOrder.while_receiving``) and go on with the
    next paid month; the order is not ended. The caseworker is told: an entry in the eAkte
    of both cases and a Wiedervorlage to cancel the Zuschuss's Bescheid for those months
    (§ 48 SGB X), to check § 26 Abs. 2 or 4 SGB II and, for a month already paid, the
    Erstattung. Other monthly amounts (§ 27) do not depend on the Bezug: nothing to do.

    Once per Bescheid and order (the key ``ausgesetzt:<Bescheid>:M<order>``). Returns how
    many orders were put before the caseworker."""
    if bedarfsgemeinschaft_id is None:
        return 0
    decision = Decision.objects.select_related("case").get(pk=decision_id)
    paused = sorted(dt.date.fromisoformat(month) for month in months)
    actor = issued_by(decision)
    told = 0
    orders = (StandingOrder.objects.filter(jobcenter_id=jobcenter_id,
                                           bedarfsgemeinschaft_id=bedarfsgemeinschaft_id,
                                           while_receiving=True)
              .select_related("decision__case").order_by("pk"))
    for order in orders:
        within = [month for month in paused if order.valid_from <= month <= order.valid_to]
        key = f"ausgesetzt:{decision.pk}:M{order.pk}"
        if not within or FollowUp.objects.filter(jobcenter_id=jobcenter_id, key=key).exists():
            continue
        values = {"purpose": order.purpose, "amount": euro(order.monthly_amount),
                  "order_ref": order.decision.reference, "ref": decision.reference,
                  "months": months_text(within)}
        note = _("Laufende Zahlung ausgesetzt: %(purpose)s (%(amount)s im Monat, Bescheid "
                 "Nr. %(order_ref)s) wird für %(months)s nicht gezahlt, weil Bescheid Nr. "
                 "%(ref)s die Leistungen für diese Zeit auf 0,00 € festsetzt (§ 26 SGB II: "
                 "nur für die Dauer des Leistungsbezugs); danach läuft sie weiter.") % values
        todo = _("Bescheid Nr. %(ref)s setzt die Leistungen für %(months)s auf 0,00 € fest, "
                 "danach wieder höher: %(purpose)s (Bescheid Nr. %(order_ref)s) wird für "
                 "diese Zeit nicht gezahlt (§ 26 SGB II) und läuft danach weiter. Bitte heben "
                 "Sie den Bescheid über den Zuschuss für diese Zeit auf (§ 48 SGB X) und "
                 "prüfen Sie § 26 Abs. 2 und 4 SGB II (hilfebedürftig allein durch den "
                 "Versicherungsbeitrag).") % values
        paid = standing_order_paid_months(order, within)
        if paid:
            todo += " " + _("Schon gezahlt für %(months)s: bitte Aufhebung und Erstattung "
                            "prüfen.") % {"months": ", ".join(month_de(m) for m in paid)}
        note_and_follow_up(jobcenter_id=jobcenter_id, cases={order.decision.case, decision.case},
                           case=order.decision.case, key=key, actor=actor, note=note,
                           todo=todo)
        told += 1
    return told
