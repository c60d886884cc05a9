"""The § 26 Zuschuss and the months of Leistungsbezug: the one rule of which months a run
pays a standing order that the law grants only "für die Dauer des Leistungsbezugs"
(``StandingOrder.while_receiving``), and what the caseworker is told about a month that
no Bescheid rules.

§ 26 Abs. 1 Satz 1 SGB II: "Für Bezieherinnen und Bezieher von Bürgergeld … wird für die
Dauer des Leistungsbezugs ein Zuschuss zum Beitrag geleistet" (the same in Abs. 1 Satz 2
and Abs. 3). The Bezug of a month is what an issued Bescheid grants the BG for it — the
same rule by which the runs pay the month's benefit (``due.amounts_due``). So a month is
paid only if the ruling Bescheid grants the BG more than 0 €:

* no issued Bescheid rules the month (the Bewilligungszeitraum or a provisional
  Bescheid's period ran out, no Weiterbewilligung yet): **held**, not lost — the runs
  pay it as soon as a Bescheid grants the month (a daily run looks 24 months back);
* the ruling Bescheid grants 0 € or is an Aufhebung: **paused** for that month.
"""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext as _

from jobcenter.casefiles.models import FollowUp
from jobcenter.casefiles.services import note_and_follow_up
from jobcenter.decisions.letter import euro, month_de
from jobcenter.zahlungen.models import RunHold, StandingOrder
from jobcenter.zahlungen.services import due


def withheld_reason(order: StandingOrder, ruling: due.Due | None) -> str | None:
    """Why a run pays ``order`` nothing in a month whose ruling Bescheid is ``ruling``
    (``due.amounts_due``): ``RunHold.Reason.NO_DECISION`` (no issued Bescheid rules the
    month), ``RunHold.Reason.NOT_RECEIVING`` (it grants the BG 0 €, an Aufhebung), or None
    (paid). Only a § 26 Zuschuss depends on the Bezug; a § 27 amount is paid either way."""
    if not order.while_receiving:
        return None
    if ruling is None:
        return RunHold.Reason.NO_DECISION
    if ruling.total <= 0:
        return RunHold.Reason.NOT_RECEIVING
    return None


def follow_up_key(order: StandingOrder, month: dt.date) -> str:
    return f"kein_bescheid:M{order.pk}:{month:%Y-%m}"


def unruled_tell(*, order_id: int, month: str) -> bool:
    """A run held ``order`` for ``month`` because no issued Bescheid rules the month: an
    internal entry in the eAkte of the Zuschuss's case and a Wiedervorlage (due today, to
    the case's caseworker) to check the Weiterbewilligung — or, if the Bezug ended, to end
    the payment and cancel the Zuschuss's Bescheid (§ 48 SGB X). Once per order and month
    (the key ``kein_bescheid:M<order>:<YYYY-MM>``); nothing if a Bescheid rules the month
    by now (the next daily run pays it). Returns whether it told."""
    order = (StandingOrder.objects.select_related("decision__case")
             .filter(pk=order_id).first())
    if order is None:
        return False
    first = dt.date.fromisoformat(month)
    key = follow_up_key(order, first)
    if FollowUp.objects.filter(jobcenter_id=order.jobcenter_id, key=key).exists():
        return False
    ruling = due.amount_due(order.bedarfsgemeinschaft_id, first)
    if withheld_reason(order, ruling) != RunHold.Reason.NO_DECISION:
        return False
    values = {"purpose": order.purpose, "amount": euro(order.monthly_amount),
              "order_ref": order.decision.reference, "month": month_de(first)}
    note = _("Laufende Zahlung nicht gezahlt: %(purpose)s (%(amount)s im Monat, Bescheid "
             "Nr. %(order_ref)s) für %(month)s, weil kein Bescheid der "
             "Bedarfsgemeinschaft Leistungen für diesen Monat bewilligt (§ 26 SGB II: nur "
             "für die Dauer des Leistungsbezugs). Bewilligt ein Bescheid den Monat, zahlt "
             "der nächste tägliche Zahllauf den Zuschuss nach.") % values
    todo = _("Für %(month)s bewilligt kein Bescheid der Bedarfsgemeinschaft Leistungen "
             "(etwa Bewilligungszeitraum ohne Weiterbewilligung abgelaufen): %(purpose)s "
             "(Bescheid Nr. %(order_ref)s, § 26 SGB II) wird dafür nicht gezahlt. Bitte "
             "prüfen Sie die Weiterbewilligung; bewilligt ein Bescheid den Monat, zahlt der "
             "nächste tägliche Zahllauf nach. Endet der Leistungsbezug, beenden Sie die "
             "Zahlung und heben Sie den Bescheid über den Zuschuss auf (§ 48 SGB X).") % values
    note_and_follow_up(jobcenter_id=order.jobcenter_id, cases={order.decision.case},
                       case=order.decision.case, key=key, actor=None, note=note, todo=todo)
    return True
