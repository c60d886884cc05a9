"""A Jobcenter's rules for Bescheide (``DecisionSettings``) and the four-eyes decision.

Four eyes are required for

- every Ablehnung and every decision type flagged in the catalogue;
- a highest monthly amount above the Jobcenter's monthly threshold;
- a sum of twelve months of the period above its yearly threshold (a Bewilligung of
  1,220 € a month is 14,640 € a year);
- every decision for the past: a Bescheid that changes or cancels an earlier one from a
  month that has already begun (its amounts were paid in advance, § 42 Abs. 1 SGB II).

The approver is always another person than the one who created or decided the draft, of
the same Jobcenter and with role Leistung or Teamleitung (``services.can_approve``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal

from django.conf import settings as django_settings
from django.utils import timezone
from django.utils.translation import gettext as _

from jobcenter.decisions.models import DecisionSettings

#: Types that change or cancel an earlier Bescheid (a decision for the past when they
#: take effect in a month that has begun).
CHANGING = frozenset({"aenderung", "aufhebung"})


def settings_for(jobcenter_id: int | None) -> DecisionSettings:
    """The Jobcenter's settings, or the defaults (unsaved) when it has none yet. The
    monthly threshold's default follows ``DECISIONS_FOUR_EYES_THRESHOLD_EUR``."""
    found = (DecisionSettings.objects.filter(jobcenter_id=jobcenter_id).first()
             if jobcenter_id is not None else None)
    if found is not None:
        return found
    monthly = Decimal(str(getattr(django_settings, "DECISIONS_FOUR_EYES_THRESHOLD_EUR", 2000))
                      ).quantize(Decimal("0.01"))
    return DecisionSettings(jobcenter_id=jobcenter_id, four_eyes_monthly_eur=monthly)


def yearly_total(month_totals: dict[dt.date, Decimal]) -> Decimal:
    """The highest sum of twelve consecutive months of the period."""
    months = sorted(month_totals)
    best = Decimal(0)
    for index in range(len(months)):
        best = max(best, sum((month_totals[m] for m in months[index:index + 12]), Decimal(0)))
    return best


def is_for_the_past(*, decision_type_key: str, period_from: dt.date | None,
                    today: dt.date | None = None) -> bool:
    """A change or cancellation taking effect on or before today (Europe/Berlin)."""
    if decision_type_key not in CHANGING or period_from is None:
        return False
    return period_from <= (today or timezone.localdate())


def four_eyes_reasons(*, decision_type_key: str, flagged: bool, jobcenter_id: int | None,
                      month_totals: dict[dt.date, Decimal], period_from: dt.date | None,
                      today: dt.date | None = None) -> list[str]:
    """Why this Bescheid needs a second person (empty: it does not). Translated."""
    rules = settings_for(jobcenter_id)
    reasons = []
    if decision_type_key == "ablehnung":
        reasons.append(_("Ablehnungen werden immer von einer zweiten Person geprüft."))
    elif flagged:
        reasons.append(_("Diese Bescheidart wird immer von einer zweiten Person geprüft."))
    highest = max(month_totals.values(), default=Decimal(0))
    if highest > rules.four_eyes_monthly_eur:
        reasons.append(_("Der höchste Monatsbetrag liegt über %(limit)s.")
                       % {"limit": euro_text(rules.four_eyes_monthly_eur)})
    if yearly_total(month_totals) > rules.four_eyes_yearly_eur:
        reasons.append(_("Die Summe für zwölf Monate liegt über %(limit)s.")
                       % {"limit": euro_text(rules.four_eyes_yearly_eur)})
    if is_for_the_past(decision_type_key=decision_type_key, period_from=period_from,
                       today=today):
        reasons.append(_("Der Bescheid ändert Leistungen für die Vergangenheit."))
    return reasons


def euro_text(value: Decimal) -> str:
    text = f"{Decimal(str(value)).quantize(Decimal('0.01')):,.2f}"
    return text.replace(",", "§").replace(".", ",").replace("§", ".") + " €"


def month_totals(rows: Iterable[tuple[dt.date, Decimal]]) -> dict[dt.date, Decimal]:
    totals: dict[dt.date, Decimal] = {}
    for month, amount in rows:
        totals[month] = totals.get(month, Decimal(0)) + amount
    return totals


def automation_within_cap(*, jobcenter_id: int | None, change: Decimal | None) -> bool:
    """May an automation rule decide without a person? Only with a known change of the
    monthly amount no larger than the Jobcenter's cap."""
    if change is None:
        return False
    return abs(change) <= settings_for(jobcenter_id).automation_max_change_eur
