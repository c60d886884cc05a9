"""Verwaltung → Erinnerungen: the Jobcenter's reminder rules (event, days before, channel,
text) and the delivery figures of its notices (no person is shown: numbers only).
Team leads and the Jobcenter admin change the rules; caseworkers may read them."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.db.models import Count
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from jobcenter.backoffice.reminder_forms import ReminderRuleForm
from jobcenter.core.access import (
    CHANGE,
    AuthenticatedHttpRequest,
    Data,
    get_scoped_or_404,
    may,
    scope,
    staff_required,
)
from jobcenter.notifications.models import DeliveryAttempt
from jobcenter.reminders import services, sources
from jobcenter.reminders.models import ReminderDispatch, ReminderRule
from jobcenter.transparency.reads import staff_statistics

#: The delivery figures cover this many days.
FIGURES_DAYS = 30


def _figures(user: Any) -> dict[str, Any]:
    """Attempts per channel and outcome, and reminders sent, over the last days."""
    since = timezone.now() - dt.timedelta(days=FIGURES_DAYS)

    def compute() -> dict[str, Any]:
        attempts = (scope(DeliveryAttempt.objects.all(), user).filter(at__gte=since)
                    .values("channel", "outcome").annotate(n=Count("pk")))
        table: dict[str, dict[str, int]] = {
            channel: dict.fromkeys(DeliveryAttempt.Outcome.values, 0)
            for channel in DeliveryAttempt.Channel.values}
        for row in attempts:
            table[row["channel"]][row["outcome"]] = row["n"]
        reminders = (scope(ReminderDispatch.objects.all(), user)
                     .filter(created_at__gte=since, status=ReminderDispatch.Status.SENT)
                     .values("source").annotate(n=Count("pk")))
        return {"attempts": table, "reminders": {r["source"]: r["n"] for r in reminders}}

    figures = staff_statistics(user=user, data=Data.AUTOMATISIERUNG, compute=compute)
    channel_labels = dict(DeliveryAttempt.Channel.choices)
    rows = [{"channel": channel_labels[channel], **counts}
            for channel, counts in figures["attempts"].items()]
    return {"rows": rows, "reminders": figures["reminders"]}


def _rules(user: Any) -> list[dict[str, Any]]:
    known = sources.all_sources()
    rows = []
    for rule in scope(ReminderRule.objects.all(), user).order_by("source", "-days_before"):
        source = known.get(rule.source)
        rows.append({"rule": rule, "label": source.label if source else rule.source,
                     "known": source is not None})
    return rows


@staff_required(Data.AUTOMATISIERUNG)
def rule_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    figures = _figures(request.user)
    known = sources.all_sources()
    return render(request, "backoffice/reminders.html", {
        "jobcenter": request.user.jobcenter, "rules": _rules(request.user),
        "can_change": may(request.user, Data.AUTOMATISIERUNG, CHANGE),
        "sources": [{"label": s.label, "help": s.help_text,
                     "sent": figures["reminders"].get(key, 0)} for key, s in sorted(known.items())],
        "figures": figures["rows"], "figures_days": FIGURES_DAYS,
    })


def _save(request: AuthenticatedHttpRequest, form: ReminderRuleForm,
          rule: ReminderRule | None) -> HttpResponse | None:
    if not form.is_valid():
        return None
    try:
        services.rule_save(actor=request.user, jobcenter=request.user.jobcenter,
                           rule=rule, **form.cleaned_data)
    except services.RuleError as exc:
        form.add_error(None, str(exc))
        return None
    messages.success(request, _("Die Erinnerung ist gespeichert."))
    return redirect("reminders_admin:list")


@staff_required(Data.AUTOMATISIERUNG, CHANGE)
@require_http_methods(["GET", "POST"])
def rule_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = ReminderRuleForm(request.POST or None, initial={"channel": "email", "active": True})
    if request.method == "POST" and (done := _save(request, form, None)) is not None:
        return done
    return render(request, "backoffice/reminder_form.html", {"form": form, "rule": None},
                  status=400 if form.errors else 200)


@staff_required(Data.AUTOMATISIERUNG, CHANGE)
@require_http_methods(["GET", "POST"])
def rule_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    rule = get_scoped_or_404(ReminderRule.objects.all(), request.user, pk=pk)
    form = ReminderRuleForm(request.POST or None, initial={
        "source": rule.source, "days_before": rule.days_before, "channel": rule.channel,
        "text_de": rule.text_de, "text_en": rule.text_en, "active": rule.active})
    if request.method == "POST" and (done := _save(request, form, rule)) is not None:
        return done
    return render(request, "backoffice/reminder_form.html", {"form": form, "rule": rule},
                  status=400 if form.errors else 200)


@staff_required(Data.AUTOMATISIERUNG, CHANGE)
@require_POST
def rule_delete(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    rule = get_scoped_or_404(ReminderRule.objects.all(), request.user, pk=pk)
    services.rule_delete(rule=rule)
    messages.success(request, _("Die Erinnerung ist gelöscht."))
    return redirect("reminders_admin:list")
