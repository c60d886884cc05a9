"""Reads and forms of the Anhörung (§ 24 SGB X) and the citizen's to-do item for it.

Staff read an Anhörung only through ``transparency.reads`` (logged for every person it
shows); the citizen sees their own Anhörungen once they were sent.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django import forms
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jobcenter.accounts.models import User
from jobcenter.casefiles.selectors import case_persons
from jobcenter.core import sgb2_adapter as engine  # the one adapter to the law engine
from jobcenter.core import todo
from jobcenter.core.access import Data, scope
from jobcenter.core.date_field import MemorableDateField
from jobcenter.decisions.models import Anhoerung
from jobcenter.transparency.models import AccessLogEntry
from jobcenter.transparency.reads import Reading, Seen, staff_read_many, staff_read_one

What = AccessLogEntry.What


def _title(anhoerung: Anhoerung) -> str:
    return f"{_('Anhörung')}, {anhoerung.case.reference}"


#: An Anhörung names every member of the household with their amounts.
ANHOERUNG = Reading(data=Data.LEISTUNGSAKTE, what=What.DECISION, seen=lambda a: [
    Seen(person, a, _title(a)) for person in case_persons(a.case)])
ANHOERUNG_PDF = Reading(data=Data.DOKUMENTE, what=What.DECISION, seen=lambda a: [
    Seen(person, a, _title(a)) for person in case_persons(a.case)])
ANHOERUNG_IN_LIST = Reading(data=Data.LEISTUNGSAKTE, what=What.DECISION_LIST, seen=lambda a: [
    Seen(a.case.applicant, a, _title(a))] if a.case.applicant_id else [])

_RELATED = ("case", "case__jobcenter", "case__applicant", "case__bedarfsgemeinschaft",
            "case__applicant_user", "decision", "decision__decision_type", "created_by",
            "answered_by", "result", "result__decision_type", "document_version")


def anhoerung_for_staff(user: User, pk: int, *, reading: Reading = ANHOERUNG) -> Anhoerung:
    """An Anhörung of the own Jobcenter (404 otherwise), logged."""
    return staff_read_one(user=user, queryset=Anhoerung.objects.select_related(*_RELATED),
                          reading=reading, purpose=AccessLogEntry.Purpose.DECISION, pk=pk)


def anhoerungen_for_case(user: User, case_pk: int) -> list[Anhoerung]:
    """The Anhörungen of a case (for the calculation page), logged."""
    return staff_read_many(
        user=user, queryset=Anhoerung.objects.filter(case_id=case_pk).select_related(
            "case", "case__applicant", "result"),
        reading=ANHOERUNG_IN_LIST, purpose=AccessLogEntry.Purpose.DECISION, limit=50)


def anhoerungen_to_act_on(user: User) -> dict[str, list[Anhoerung]]:
    """The own Jobcenter's Anhörungen that wait for staff: to be posted, and ready for the
    Bescheid (answered, or the deadline has passed), logged."""
    today = timezone.localdate()
    base = scope(Anhoerung.objects.filter(result__isnull=True), user).select_related(
        "case", "case__applicant").order_by("deadline", "pk")
    ready = base.filter(Q(status=Anhoerung.Status.ANSWERED)
                        | Q(status=Anhoerung.Status.SENT, deadline__lt=today))
    return {
        "ready": staff_read_many(user=user, queryset=ready, reading=ANHOERUNG_IN_LIST,
                                 purpose=AccessLogEntry.Purpose.DECISION, limit=200),
        "print": staff_read_many(user=user, queryset=base.filter(status=Anhoerung.Status.PRINT),
                                 reading=ANHOERUNG_IN_LIST,
                                 purpose=AccessLogEntry.Purpose.DECISION, limit=200),
    }


def anhoerungen_for_citizen(user: User) -> QuerySet[Anhoerung]:
    """The citizen's own Anhörungen that were sent (drafts and unposted letters never)."""
    return (scope(Anhoerung.objects.all(), user).filter(sent_at__isnull=False)
            .select_related("case", "decision", "result", "document_version")
            .order_by("-sent_at", "-pk"))


def anhoerung_for_citizen(user: User, pk: int) -> Anhoerung:
    from django.http import Http404

    anhoerung = anhoerungen_for_citizen(user).filter(pk=pk).first()
    if anhoerung is None:
        raise Http404
    return anhoerung


def is_open(anhoerung: Anhoerung) -> bool:
    return anhoerung.result_id is None and anhoerung.status in {
        Anhoerung.Status.SENT, Anhoerung.Status.ANSWERED}


def todo_provider(user: Any) -> Iterable[todo.ToDo]:
    """"Das steht an": an Anhörung waiting for the citizen's answer."""
    if not getattr(user, "is_authenticated", False):
        return []
    items = []
    today = timezone.localdate()
    # the item needs the deadline only: no related rows (compiling their columns cost more
    # than the whole item; docs/performance.md, "Uncached renders")
    for anhoerung in (anhoerungen_for_citizen(user)
                      .filter(status=Anhoerung.Status.SENT, result__isnull=True)
                      .select_related(None).only("pk", "deadline")):
        deadline = anhoerung.deadline
        if deadline is None:
            continue
        overdue = deadline < today
        items.append(todo.ToDo(
            kind="anhoerung",
            title=_("Wir möchten Ihre Sicht hören (Anhörung)"),
            detail=(_("Die Frist ist am %(date)s abgelaufen. Sie können trotzdem noch "
                      "antworten, solange wir nicht entschieden haben.") if overdue else
                    _("Bitte antworten Sie bis zum %(date)s.")) % {
                "date": formats.date_format(deadline, "SHORT_DATE_FORMAT")},
            action_label=_("Anhörung lesen und antworten"),
            action_url=reverse("anhoerung_citizen:detail", args=[anhoerung.pk]),
            urgency=todo.OVERDUE if overdue else (
                todo.DUE_SOON if deadline - today <= dt.timedelta(days=3) else todo.OPEN),
            due=timezone.make_aware(dt.datetime.combine(deadline, dt.time(23, 59))),
            badge=_("Frist abgelaufen") if overdue else "",
        ))
    return items


# --- forms -----------------------------------------------------------------------------------


class AnhoerungStartForm(forms.Form):
    month_from = MemorableDateField(label=gettext_lazy("ab (erster betroffener Monat)"))
    month_to = MemorableDateField(label=gettext_lazy("bis (letzter betroffener Monat)"))
    # § 48 Abs. 1 S. 2 Nr. 1 SGB X (a change in the person's favour) never leads to a claim.
    basis = forms.ChoiceField(label=gettext_lazy("Rechtsgrundlage"), choices=[
        (value, label) for value, label in Anhoerung.Basis.choices
        if value != Anhoerung.Basis.NR1])
    kenntnis_am = MemorableDateField(
        label=gettext_lazy("Kenntnis der Tatsachen am"),
        help_text=gettext_lazy("Der Tag, an dem das Jobcenter von den Tatsachen erfahren hat, "
                               "die die Aufhebung rechtfertigen (zum Beispiel Eingang der "
                               "Lohnabrechnung). Ab diesem Tag läuft die Jahresfrist des § 45 "
                               "Abs. 4 Satz 2 SGB X (bei § 48 SGB X über dessen Abs. 4 Satz 1)."))
    facts = forms.CharField(
        label=gettext_lazy("Sachverhalt (erscheint im Schreiben)"), max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=gettext_lazy("Was hat sich wann geändert, und wann haben wir davon "
                               "erfahren? In einfacher Sprache. Betrifft es mehrere Personen, "
                               "nennen Sie die Person beim Namen: Jede erhält das Schreiben "
                               "und ihren eigenen Bescheid."))
    trust = forms.CharField(
        label=gettext_lazy("Vertrauensschutz (bei § 48 Abs. 1 S. 2 Nr. 2, 4 und § 45 SGB X)"),
        max_length=5000, required=False, widget=forms.Textarea(attrs={"rows": 4}),
        help_text=gettext_lazy("Warum wusste die Person, oder warum hätte sie ohne Weiteres "
                               "erkennen können, dass ihr das Geld nicht zustand?"))


class AnswerForm(forms.Form):
    text = forms.CharField(
        label=gettext_lazy("Ihre Stellungnahme"), max_length=5000, required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=gettext_lazy("Schreiben Sie, ob die Angaben stimmen und was wir noch "
                               "berücksichtigen sollen."))
    file = forms.FileField(
        label=gettext_lazy("Nachweis beifügen (freiwillig)"), required=False,
        help_text=gettext_lazy("PDF, Foto (JPEG, HEIC) oder PNG, höchstens 10 MB."))

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if not (data.get("text") or "").strip() and not data.get("file"):
            raise forms.ValidationError(_("Bitte schreiben Sie Ihre Antwort oder fügen Sie "
                                          "eine Datei bei."))
        return data


class PaperAnswerForm(forms.Form):
    received_on = MemorableDateField(label=gettext_lazy("Eingang am"))
    text = forms.CharField(label=gettext_lazy("Inhalt der Stellungnahme"), max_length=5000,
                           widget=forms.Textarea(attrs={"rows": 5}))


class PostedForm(forms.Form):
    posted_on = MemorableDateField(label=gettext_lazy("zur Post gegeben am"))


class ProofsForm(forms.Form):
    deadline = MemorableDateField(label=gettext_lazy("Frist für die Nachweise"))


class DecideForm(forms.Form):
    reasons = forms.CharField(
        label=gettext_lazy("Begründung mit Würdigung der Stellungnahme"), max_length=10000,
        widget=forms.Textarea(attrs={"rows": 6}))
    kenntnis_am = MemorableDateField(
        label=gettext_lazy("Kenntnis der Tatsachen am"),
        help_text=gettext_lazy("Für diese Anhörung ist noch nicht erfasst, wann das Jobcenter "
                               "von den Tatsachen erfahren hat. Ab diesem Tag läuft die "
                               "Jahresfrist (§ 45 Abs. 4 Satz 2 SGB X)."))

    vertretung = forms.BooleanField(label="", required=True)

    def __init__(self, *args: Any, anhoerung: Anhoerung, minors: list[str] | None = None,
                 **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if anhoerung.kenntnis_am is not None:  # recorded when the Anhörung was prepared
            del self.fields["kenntnis_am"]
        if minors:  # the Bescheid for a minor goes to the legal representatives
            self.fields["vertretung"].label = _(
                "Ich habe geprüft, wer die Kinder gesetzlich vertritt; der Bescheid an das Kind "
                "geht an: %(list)s") % {"list": "; ".join(minors)}
            self.fields["vertretung"].error_messages["required"] = _(
                "Bitte bestätigen Sie die gesetzliche Vertretung der Kinder. Stimmt sie nicht, "
                "erfassen Sie die Bedarfsgemeinschaft zuerst richtig.")
        else:
            del self.fields["vertretung"]


def money(value: Any) -> str:
    """An amount in the reader's number format, with the euro sign."""
    return f"{formats.number_format(Decimal(str(value)), 2, use_l10n=True, force_grouping=True)} €"


def display_rows(positions: list[dict[str, Any]], *, only_claims: bool = True
                 ) -> list[dict[str, str]]:
    """The positions for a page: month and amounts in the reader's format, persons by name."""
    rows = []
    for r in positions:
        if only_claims and r["claim"] in {"0", "0.00"}:
            continue
        rows.append({
            "month": formats.date_format(engine.month_of(r["month"]), "YEAR_MONTH_FORMAT"),
            "person": r["person_name"], "old": money(r["old"]), "new": money(r["new"]),
            "claim": money(r["claim"]),
        })
    return rows
