"""The staff's answer to a concern (the page in ``backoffice/views/anliegen.py``)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jobcenter.anliegen import registry
from jobcenter.core.date_field import MemorableDateField
from jobcenter.core.field_messages import NamedMessagesMixin
from jobcenter.formengine.validators import normalize_iban, parse_money
from jobcenter.zahlungen.forms import MonthField


class DecideForm(NamedMessagesMixin, forms.Form):
    """One form for every outcome of the concern: the choice, then the fields the chosen
    outcome needs (only those of the concern's outcomes are present; the labels say for
    which outcome)."""

    outcome = forms.ChoiceField(label=gettext_lazy("Entscheidung"), widget=forms.RadioSelect)
    textbausteine = forms.MultipleChoiceField(
        label=gettext_lazy("Textbausteine für die Begründung"), required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=gettext_lazy("Gewählte Textbausteine stehen im Bescheid vor Ihrem "
                               "eigenen Text."))
    reasons = forms.CharField(
        label=gettext_lazy("Begründung"), required=False, max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=gettext_lazy("Bei einer Ablehnung erforderlich: die wesentlichen "
                               "tatsächlichen und rechtlichen Gründe (§ 35 SGB X). Der Text "
                               "steht so im Bescheid."))
    amount = forms.CharField(label=gettext_lazy("Bewilligter Betrag in Euro"),
                             required=False, max_length=20,
                             help_text=gettext_lazy("Nur bei einer Bewilligung, zum "
                                                    "Beispiel 125,50."))
    details = forms.CharField(
        label=gettext_lazy("Ergebnis der Prüfung"), required=False, max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=gettext_lazy("Was Sie entschieden haben, in ganzen Sätzen. Der Text steht "
                               "so im Schreiben."))
    payee_name = forms.CharField(
        label=gettext_lazy("Zahlungsempfänger (Kontoinhaber)"), required=False, max_length=70,
        help_text=gettext_lazy("Nur wenn der Betrag direkt an einen Dritten geht, zum "
                               "Beispiel die Schule, den Anbieter oder den Vermieter. Der "
                               "Name steht so im Bescheid und in der Überweisung."))
    payee_iban = forms.CharField(
        label=gettext_lazy("IBAN des Zahlungsempfängers"), required=False, max_length=42,
        help_text=gettext_lazy("Zum Beispiel DE02 1203 0000 0000 2020 51. Die IBAN steht "
                               "nicht im Bescheid."))
    month_from = MonthField(
        label=gettext_lazy("Erster Monat der Zahlung"), back=12, ahead=12, required=False,
        help_text=gettext_lazy("Nur bei einem Betrag im Monat. Der Bescheid nennt den "
                               "Monat, der Zahllauf zahlt ab ihm."))
    month_to = MonthField(
        label=gettext_lazy("Letzter Monat der Zahlung"), back=12, ahead=48, required=False,
        help_text=gettext_lazy("Nur bei einem Betrag im Monat, zum Beispiel das Ende des "
                               "Bewilligungszeitraums oder der Ausbildung."))
    day = MemorableDateField(label=gettext_lazy("Tag"), required=False)
    appointment_day = MemorableDateField(label=gettext_lazy("Termin: Tag"), required=False)
    appointment_time = forms.TimeField(label=gettext_lazy("Termin: Uhrzeit"), required=False,
                                       help_text=gettext_lazy("Zum Beispiel 9:30."))
    appointment_place = forms.CharField(
        label=gettext_lazy("Termin: Ort"), required=False, max_length=300,
        help_text=gettext_lazy("Dienststelle, Raum; oder „per Video“."))

    def __init__(self, *args: Any, concern: registry.Anliegen,
                 answers: dict[str, Any] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.concern = concern
        self.answers = dict(answers or {})
        outcome = self.fields["outcome"]
        assert isinstance(outcome, forms.ChoiceField)
        outcome.choices = [(o.key, o.label) for o in concern.outcomes]
        templates = [(f"{o.key}:{i}", t) for o in concern.outcomes
                     for i, t in enumerate(o.reason_templates)]
        if templates:
            field = self.fields["textbausteine"]
            assert isinstance(field, forms.MultipleChoiceField)
            field.choices = templates
        else:
            del self.fields["textbausteine"]
        if not any(o.reasons_required for o in concern.outcomes):
            self.fields["reasons"].help_text = gettext_lazy(
                "Freiwillig. Der Text steht so im Bescheid.")
        elif all(o.reasons_required for o in concern.outcomes):
            self.fields["reasons"].help_text = gettext_lazy(
                "Bei jeder Entscheidung erforderlich (Textbausteine oder eigener Text): die "
                "wesentlichen tatsächlichen und rechtlichen Gründe, bei einer "
                "Ermessensentscheidung auch Ihre Erwägungen (§ 35 SGB X). Der Text steht so "
                "im Bescheid.")
        if not any(o.amount for o in concern.outcomes):
            del self.fields["amount"]
        elif any(o.monthly for o in concern.outcomes):
            monthly = ", ".join(f"„{o.label}“" for o in concern.outcomes if o.monthly)
            self.fields["amount"].help_text = _(
                "Nur bei einer Bewilligung, zum Beispiel 125,50. Bei %(outcomes)s: der "
                "Betrag im Monat.") % {"outcomes": monthly}
        on_claim = [o for o in concern.outcomes if o.amount and o.on_claim]
        if on_claim:
            self.fields["amount"].label = gettext_lazy("Betrag in Euro")
            self.fields["amount"].help_text = " ".join(
                _("Bei „%(outcome)s“: %(meaning)s.") % {"outcome": o.label,
                                                     "meaning": o.amount_help}
                for o in on_claim)
        with_day = [o for o in concern.outcomes if o.day]
        if with_day:
            self.fields["day"].label = " / ".join(str(o.day) for o in with_day)
            self.fields["day"].help_text = _("Nur bei %(outcomes)s. Der Tag steht im "
                                             "Bescheid.") % {
                "outcomes": ", ".join(f"„{o.label}“" for o in with_day)}
        else:
            del self.fields["day"]
        if not any(o.pays_monthly for o in concern.outcomes):
            del self.fields["month_from"], self.fields["month_to"]
        if not any(o.details for o in concern.outcomes):
            del self.fields["details"]
        if not any(o.appointment for o in concern.outcomes):
            for name in ("appointment_day", "appointment_time", "appointment_place"):
                del self.fields[name]
        payees = [o for o in concern.outcomes if o.pays_third_party(self.answers)]
        if not payees:
            del self.fields["payee_name"], self.fields["payee_iban"]
        else:
            # prefilled with what the person gave in the form (staff check it)
            for payee in payees:
                name = str(self.answers.get(payee.payee_answer) or "").strip()
                iban = str(self.answers.get(payee.payee_iban_answer) or "").strip()
                self.fields["payee_name"].initial = self.fields["payee_name"].initial or name
                self.fields["payee_iban"].initial = self.fields["payee_iban"].initial or iban
            labels = ", ".join(f"„{o.label}“" for o in payees)
            self.fields["payee_name"].help_text = _(
                "Erforderlich bei %(outcomes)s: Der Betrag geht direkt an diesen Empfänger. "
                "Der Name steht so im Bescheid und in der Überweisung.") % {
                    "outcomes": labels}

    def clean_amount(self) -> Decimal | None:
        raw = self.cleaned_data.get("amount") or ""
        if not raw.strip():
            return None
        return Decimal(parse_money(raw))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or self.cleaned_data
        outcome = self.concern.outcome(data.get("outcome") or "")
        if outcome is None:
            return data
        picked = [str(t) for o in self.concern.outcomes
                  for i, t in enumerate(o.reason_templates)
                  if f"{o.key}:{i}" in (data.get("textbausteine") or [])]
        data["reasons_text"] = "\n".join([*picked, (data.get("reasons") or "").strip()]).strip()
        if outcome.reasons_required and not data["reasons_text"]:
            self.add_error("reasons", _("Bitte begründen Sie die Ablehnung.")
                           if outcome.decision_type == registry.ABLEHNUNG
                           else _("Bitte begründen Sie die Entscheidung."))
        if outcome.day:
            day = data.get("day")
            if day is None:
                self.add_error("day", _("Bitte geben Sie den Tag an: %(label)s.")
                               % {"label": outcome.day})
            elif day <= timezone.localdate():
                self.add_error("day", _("Der Tag muss in der Zukunft liegen."))
        if outcome.amount and not data.get("amount"):
            self.add_error("amount", _("Bitte geben Sie den Betrag an: %(meaning)s.")
                           % {"meaning": outcome.amount_help} if outcome.on_claim
                           else _("Bitte geben Sie den bewilligten Betrag an."))
        if outcome.pays_monthly:
            first, last = data.get("month_from"), data.get("month_to")
            if not first:
                self.add_error("month_from", _("Bitte wählen Sie den ersten Monat der "
                                               "Zahlung."))
            if not last:
                self.add_error("month_to", _("Bitte wählen Sie den letzten Monat der "
                                             "Zahlung."))
            elif first and last < first:
                self.add_error("month_to", _("Der letzte Monat darf nicht vor dem ersten "
                                             "liegen."))
        if outcome.details and not (data.get("details") or "").strip():
            self.add_error("details", _("Bitte schreiben Sie das Ergebnis der Prüfung."))
        if outcome.pays_third_party(self.answers):
            if not (data.get("payee_name") or "").strip():
                self.add_error("payee_name", _("Bitte geben Sie den Namen des "
                                               "Zahlungsempfängers an."))
            raw = (data.get("payee_iban") or "").strip()
            if not raw:
                self.add_error("payee_iban", _("Bitte geben Sie die IBAN des "
                                               "Zahlungsempfängers an."))
            else:
                try:
                    data["payee_iban"] = normalize_iban(raw)
                except ValidationError as exc:
                    self.add_error("payee_iban", exc)
        else:
            data["payee_name"], data["payee_iban"] = "", ""
        if outcome.appointment:
            day, time = data.get("appointment_day"), data.get("appointment_time")
            if day is None:
                self.add_error("appointment_day", _("Bitte geben Sie den Tag des Termins an."))
            elif day < timezone.localdate():
                self.add_error("appointment_day", _("Der Termin darf nicht in der "
                                                    "Vergangenheit liegen."))
            if time is None:
                self.add_error("appointment_time", _("Bitte geben Sie die Uhrzeit an."))
            if not (data.get("appointment_place") or "").strip():
                self.add_error("appointment_place", _("Bitte geben Sie den Ort an."))
        return data

    def months(self) -> tuple[dt.date, dt.date] | None:
        """First and last month of a monthly amount (None for other outcomes)."""
        data = self.cleaned_data
        outcome = self.concern.outcome(data.get("outcome") or "")
        if outcome is None or not outcome.pays_monthly:
            return None
        return data["month_from"], data["month_to"]

    def day_value(self) -> dt.date | None:
        """The day an outcome with ``Outcome.day`` needs (None for other outcomes)."""
        outcome = self.concern.outcome(self.cleaned_data.get("outcome") or "")
        if outcome is None or not outcome.day:
            return None
        return self.cleaned_data.get("day")

    def appointment(self) -> dict[str, str] | None:
        data = self.cleaned_data
        outcome = self.concern.outcome(data.get("outcome") or "")
        if outcome is None or not outcome.appointment:
            return None
        day, time = data["appointment_day"], data["appointment_time"]
        return {"when": dt.datetime.combine(day, time).isoformat(timespec="minutes"),
                "day": day.isoformat(), "time": formats.time_format(time, "H:i"),
                "place": data["appointment_place"].strip()}
