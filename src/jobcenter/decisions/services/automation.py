"""One-click renewals and the Jobcenter's automation rules: an intake hook prepares (or
decides) the Bescheid of a low-risk case, once.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jobcenter.accounts.models import User
from jobcenter.casefiles.models import Case, TimelineEntry
from jobcenter.casefiles.services import (
    case_set_status,
    timeline_add,
)
from jobcenter.core import sgb2_adapter as engine  # the one adapter to the law engine
from jobcenter.decisions import chain, policy
from jobcenter.decisions.models import (
    AutomationRule,
    Decision,
    DecisionSettings,
)
from jobcenter.decisions.services.calculation import calculation_for_case
from jobcenter.decisions.services.common import (
    AMOUNT_TYPES,
    _dec,
    _month_end,
    previous_final_decision,
)
from jobcenter.decisions.services.issuing import decision_create, decision_finalize


def _rule_for(case: Case) -> AutomationRule | None:
    return (AutomationRule.objects
            .filter(jobcenter_id=case.jobcenter_id, case_type_key=case.case_type.key,
                    is_active=True).order_by("-pk").first())


def _current_period_end(case: Case) -> tuple[Decision | None, dt.date | None]:
    """The Bescheid that rules the last decided month of the BG (``decisions.chain``) and
    that month's last day — the end of the current Bewilligungszeitraum."""
    months = chain.chain_for(bedarfsgemeinschaft_id=case.bedarfsgemeinschaft_id,
                             case_id=case.pk)
    ruled = [m for m in months if m.decision is not None]
    if not ruled:
        return None, None
    last = ruled[-1]
    return last.decision, _month_end(last.month)


def _to_a_person(case: Case, *, staff: str, citizen: str | None = None) -> None:
    timeline_add(case=case, kind=TimelineEntry.Kind.NOTE, text=staff, citizen_text=citizen)


def renewal_window_problem(case: Case, *, today: dt.date | None = None
                           ) -> tuple[str, str] | None:
    """Why a Weiterbewilligung cannot be handled with one click, as (staff text, citizen
    text), or None. Only within the Jobcenter's window before the current period ends
    (``DecisionSettings.renewal_window_days``), and only while a period runs that the new
    one can follow without gap or overlap."""
    today = today or timezone.localdate()
    ruler, end = _current_period_end(case)
    if ruler is None or end is None:
        return (_("Keine automatische Weiterbewilligung: Es gibt keinen Bewilligungszeitraum, "
                  "an den sie anschließen kann."), None)
    if ruler.decision_type.key not in AMOUNT_TYPES:
        return (_("Keine automatische Weiterbewilligung: Der letzte Bescheid hebt die "
                  "Leistungen auf."), None)
    window = policy.settings_for(case.jobcenter_id).renewal_window_days
    if end < today:
        return (_("Keine automatische Weiterbewilligung: Der Bewilligungszeitraum endete am "
                  "%(end)s; der neue Zeitraum würde nicht lückenlos anschließen.")
                % {"end": end.strftime("%d.%m.%Y")}, None)
    if (end - today).days > window:
        opens = end - dt.timedelta(days=window)
        return (
            _("Keine automatische Weiterbewilligung: Der Antrag kam %(days)s Tage vor dem Ende "
              "des Bewilligungszeitraums am %(end)s, frühestens %(window)s Tage davor sind "
              "vorgesehen. Bitte persönlich prüfen.")
            % {"days": (end - today).days, "end": end.strftime("%d.%m.%Y"), "window": window},
            _("Ihr Weiterbewilligungsantrag ist früh eingegangen: Ihr jetziger "
              "Bewilligungszeitraum läuft noch bis %(end)s. Eine Sachbearbeiterin oder ein "
              "Sachbearbeiter prüft ihn persönlich. Ab %(opens)s können Anträge ohne "
              "Änderungen sofort vorbereitet werden.")
            % {"end": end.strftime("%d.%m.%Y"), "opens": opens.strftime("%d.%m.%Y")})
    return None


def automation_handle_case(*, case_id: int) -> Decision | None:
    """Intake hook: prepare (or decide) a Bescheid for low-risk cases. Idempotent.

    A Weiterbewilligung follows the current Bewilligungszeitraum of the BG without gap or
    overlap and only within the Jobcenter's window before it ends; every month is computed
    with the law in force in that month. A rule that decides automatically decides only
    within the Jobcenter's cap on the change of the monthly amount; beyond it the Bescheid
    is prepared for a person."""
    case = Case.objects.select_related("case_type", "jobcenter").get(pk=case_id)
    if Decision.objects.filter(case=case).exists():
        return None
    rule = _rule_for(case)
    renewal = case.case_type.key == "weiterbewilligung"
    nothing_changed_renewal = renewal and case.nothing_changed
    if rule is None and not nothing_changed_renewal:
        return None
    if rule is not None and rule.require_nothing_changed and not case.nothing_changed:
        return None
    previous, period_from = None, None
    if renewal:
        problem = renewal_window_problem(case)
        if problem is not None:
            _to_a_person(case, staff=problem[0], citizen=problem[1])
            return None
        previous, end = _current_period_end(case)
        period_from = end + dt.timedelta(days=1) if end else None
    else:
        previous = previous_final_decision(case=case)
    calculation = calculation_for_case(case=case, actor=None)
    if calculation.result is None:
        _to_a_person(case, staff=_("Automatische Berechnung nicht möglich; bitte manuell "
                                   "prüfen."))
        return None
    if period_from is not None:
        calculation.request = engine.with_month(calculation.request, period_from)
        calculation.result = engine.calculate(calculation.request)
        calculation.save(update_fields=["request", "result", "updated_at"])
    new_total = _dec(calculation.result["summe"]["zahlbetrag"])
    change = None
    if previous is not None:
        before = chain.total_in_force(
            month=previous.period_to or period_from or dt.date.today(),
            bedarfsgemeinschaft_id=case.bedarfsgemeinschaft_id, case_id=case.pk)
        change = new_total - before if before is not None else None
    if rule is not None and rule.max_change_eur is not None and (
            change is None or abs(change) > rule.max_change_eur):
        _to_a_person(case, staff=_("Keine automatische Entscheidung: Der Betrag ändert "
                                   "sich stärker als nach der Regel erlaubt."))
        return None
    if new_total <= 0:
        return None
    decide = rule is not None and rule.mode == AutomationRule.Mode.DECIDE
    if decide and not policy.automation_within_cap(jobcenter_id=case.jobcenter_id,
                                                   change=change):
        decide = False
        _to_a_person(case, staff=_("Nur vorbereitet, nicht automatisch entschieden: Die "
                                   "Änderung des Monatsbetrags liegt über der Obergrenze "
                                   "des Jobcenters für automatische Entscheidungen."))
    try:
        with transaction.atomic():
            decision = decision_create(
                case=case, decision_type_key="bewilligung", actor=None,
                request=calculation.request, period_from=period_from,
                origin=Decision.Origin.AUTOMATION,
                # A renewal follows the period; it changes no Bescheid (decisions.chain).
                previous=None,
                person_names=previous.snapshot.get("names") if previous else None,
            )
            case_set_status(case=case, status_key="entscheidung_vorbereitet", actor=None)
            if decide:
                decision = decision_finalize(decision=decision, actor=None)
    except IntegrityError:
        # A concurrent run prepared this case's Bescheid first (unique constraint
        # ``decision_automation_once_per_case``): nothing to do twice.
        if Decision.objects.filter(case=case, origin=Decision.Origin.AUTOMATION).exists():
            return None
        raise
    return decision


@transaction.atomic
def automation_rule_save(*, jobcenter_id: int, case_type_key: str, mode: str,
                         require_nothing_changed: bool, max_change_eur: Decimal | None,
                         actor: User) -> AutomationRule:
    """One active rule per Jobcenter and case type (a new setting replaces the old one)."""
    AutomationRule.objects.filter(jobcenter_id=jobcenter_id, case_type_key=case_type_key,
                                  is_active=True).update(is_active=False)
    return AutomationRule.objects.create(
        jobcenter_id=jobcenter_id, case_type_key=case_type_key, mode=mode,
        require_nothing_changed=require_nothing_changed, max_change_eur=max_change_eur)


@transaction.atomic
def automation_rule_deactivate(*, rule: AutomationRule, actor: User) -> None:
    AutomationRule.objects.filter(pk=rule.pk).update(is_active=False)


@transaction.atomic
def decision_settings_save(*, jobcenter_id: int, actor: User, four_eyes_monthly_eur: Decimal,
                           four_eyes_yearly_eur: Decimal, automation_max_change_eur: Decimal,
                           renewal_window_days: int) -> DecisionSettings:
    """The Jobcenter's rules for Bescheide (one row per Jobcenter; applies to Bescheide
    created or decided from now on)."""
    row, _created = DecisionSettings.objects.select_for_update().get_or_create(
        jobcenter_id=jobcenter_id)
    row.four_eyes_monthly_eur = four_eyes_monthly_eur
    row.four_eyes_yearly_eur = four_eyes_yearly_eur
    row.automation_max_change_eur = automation_max_change_eur
    row.renewal_window_days = renewal_window_days
    row.updated_by = actor
    row.save()
    return row
