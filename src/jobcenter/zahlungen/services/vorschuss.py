"""The Vorschuss (§ 42 Abs. 2 SGB II): on application, benefits fixed by a
Bewilligungsbescheid and due at the next payment date may be paid early (Satz 1, "können":
discretionary), at most 100 € (Satz 2); the payment of the following month is reduced by
it (Satz 3), or — where that month is already paid — the payment of the month after
(Satz 4). It is excluded (Satz 5) where an Aufrechnung is to be expected in the current
month or the month of the reduction (Nr. 1), where the following month's benefit is
reduced by a Leistungsminderung (Nr. 2), or where a Vorschuss was taken in one of the two
preceding calendar months (Nr. 3).

:func:`advance_facts` is the one place that answers "may this person have a Vorschuss, how
much, against which month" — for the citizen's start page, the staff screen and the
check before the Bescheid; the issued Bescheid becomes a released order
(``manage.one_off_from_bescheid`` with ``advance_month``) that the next daily run pays
under the month's own recipient key, so the monthly run pays that much less.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from jobcenter.decisions import deadlines
from jobcenter.decisions.documents import month_de
from jobcenter.decisions.models import Decision
from jobcenter.formengine.display import money_text
from jobcenter.households.models import Person
from jobcenter.zahlungen.models import (
    Aufrechnung,
    Claim,
    ManualPayment,
    Payment,
    PaymentRun,
)
from jobcenter.zahlungen.services import due
from jobcenter.zahlungen.services.claims import _bg_of

#: § 42 Abs. 2 Satz 2 SGB II
CAP = Decimal("100.00")
ZERO = Decimal("0.00")


@dataclass
class AdvanceFacts:
    """What decides a Vorschuss for one person today (all amounts of their BG)."""

    bg_id: int | None
    month: dt.date | None  # the month whose payment is reduced (Satz 3/4)
    due: Decimal = ZERO  # what the ruling Bescheid grants the BG for that month
    already_paid: Decimal = ZERO  # paid for that month already (e.g. a staff advance)
    bescheid_reference: str = ""  # the Bewilligungsbescheid ruling that month
    problems: list[str] = field(default_factory=list)  # why it is excluded (Satz 1, 5)

    @property
    def limit(self) -> Decimal:
        """At most 100 € and never more than the month still has to pay."""
        return max(min(CAP, self.due - self.already_paid), ZERO)

    @property
    def possible(self) -> bool:
        return not self.problems and self.limit > 0


def reduction_month(jobcenter_id: int, today: dt.date) -> dt.date:
    """The month the Vorschuss is counted against: the following month (Satz 3) unless
    its monthly run has already paid it — then the month after (Satz 4)."""
    month = deadlines.add_months(deadlines.first_of_month(today), 1)
    if PaymentRun.objects.filter(jobcenter_id=jobcenter_id, kind=PaymentRun.Kind.MONTHLY,
                                 month=month).exists():
        month = deadlines.add_months(month, 1)
    return month


def advance_facts(person: Person | None, *, jobcenter_id: int,
                  today: dt.date | None = None) -> AdvanceFacts:
    today = today or timezone.localdate()
    bg_id = _bg_of(person, today) if person is not None else None
    if person is None or bg_id is None:
        return AdvanceFacts(bg_id=None, month=None, problems=[_(
            "Die Person gehört zu keiner Bedarfsgemeinschaft, der wir Leistungen zahlen.")])
    month = reduction_month(jobcenter_id, today)
    facts = AdvanceFacts(bg_id=bg_id, month=month)
    ruling = due.amounts_due([bg_id], [month]).get((bg_id, month))
    if ruling is None or ruling.decision_id is None or ruling.total <= 0:
        facts.problems.append(_(
            "Für %(month)s sind noch keine Leistungen bewilligt. Ein Vorschuss ist nur auf "
            "Leistungen möglich, die ein Bewilligungsbescheid schon festgesetzt hat (§ 42 "
            "Abs. 2 Satz 1 SGB II).") % {"month": month_de(month)})
        return facts
    facts.due = ruling.total
    decision = Decision.objects.select_related("case").get(pk=ruling.decision_id)
    facts.bescheid_reference = decision.reference
    facts.already_paid = (Payment.objects.filter(
        bedarfsgemeinschaft_id=bg_id, month=month, recipient_key="citizen",
        status=Payment.Status.SENT).aggregate(total=Sum("amount"))["total"] or ZERO)
    facts.already_paid += (ManualPayment.objects.filter(
        bedarfsgemeinschaft_id=bg_id, month=month, status=ManualPayment.Status.APPROVED,
        payment__isnull=True, advance=True).aggregate(total=Sum("amount"))["total"] or ZERO)
    current = deadlines.first_of_month(today)
    # Nr. 1: an Aufrechnung declared for the current month or the month of the reduction,
    # or one being prepared (its Anhörung runs) — "zu erwarten"
    declared = Claim.objects.filter(
        bedarfsgemeinschaft_id=bg_id, status=Claim.Status.OPEN, offset_from__isnull=False,
        offset_from__lte=month).filter(
        Q(offset_until__isnull=True) | Q(offset_until__gte=current)).filter(
        Q(deferred_until__isnull=True) | Q(deferred_until__lt=month))
    preparing = Aufrechnung.objects.filter(claim__bedarfsgemeinschaft_id=bg_id,
                                           status__in=Aufrechnung.OPEN)
    if declared.exists() or preparing.exists():
        facts.problems.append(_(
            "Im laufenden Monat oder in %(month)s ist eine Aufrechnung zu erwarten; dann ist "
            "ein Vorschuss ausgeschlossen (§ 42 Abs. 2 Satz 5 Nr. 1 SGB II).")
            % {"month": month_de(month)})
    # Nr. 2: the month's benefit is reduced by a Leistungsminderung
    minderung = sum((Decimal(str(p.get("minderung") or 0))
                     for p in due.month_details(decision, month).values()), ZERO)
    if minderung > 0:
        facts.problems.append(_(
            "Die Leistung für %(month)s ist durch eine Leistungsminderung gemindert; dann ist "
            "ein Vorschuss ausgeschlossen (§ 42 Abs. 2 Satz 5 Nr. 2 SGB II).")
            % {"month": month_de(month)})
    # Nr. 3: a Vorschuss in one of the two preceding calendar months (or already in this
    # one: the next payment is then already advanced)
    since = deadlines.add_months(current, -2)
    earlier = ManualPayment.objects.filter(
        bedarfsgemeinschaft_id=bg_id, advance=True, status=ManualPayment.Status.APPROVED,
        decision__letter_date__gte=since).exists()
    if earlier:
        facts.problems.append(_(
            "Ein Vorschuss wurde bereits in diesem oder einem der beiden vorangegangenen "
            "Kalendermonate gezahlt; ein weiterer ist ausgeschlossen (§ 42 Abs. 2 Satz 5 "
            "Nr. 3 SGB II)."))
    if not facts.problems and facts.limit <= 0:
        facts.problems.append(_(
            "Für %(month)s ist schon alles ausgezahlt; ein Vorschuss ist nicht mehr möglich.")
            % {"month": month_de(month)})
    return facts


def amount_problem(facts: AdvanceFacts, amount: Decimal | None) -> str:
    """Why ``amount`` cannot be granted (Satz 2 and the month's amount), or ""."""
    if amount is None or amount <= 0:
        return _("Bitte geben Sie den Betrag des Vorschusses an.")
    if amount > CAP:
        return _("Ein Vorschuss ist auf %(cap)s begrenzt (§ 42 Abs. 2 Satz 2 SGB II).") % {
            "cap": money_text(CAP)}
    if amount > facts.limit:
        return _("Für %(month)s können höchstens %(limit)s vorzeitig gezahlt werden (so viel "
                 "steht für den Monat noch aus).") % {
            "month": month_de(facts.month) if facts.month else "", "limit": money_text(facts.limit)}
    return ""
