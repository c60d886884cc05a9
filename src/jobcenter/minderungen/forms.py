"""Forms of the Minderung procedure (staff pages in ``backoffice``, the citizen's answer in
``portal``)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from jobcenter.core.date_field import MemorableDateField
from jobcenter.core.field_messages import NamedMessagesMixin
from jobcenter.minderungen.models import Minderung


class RecordForm(NamedMessagesMixin, forms.Form):
    person_key = forms.ChoiceField(label=_("Person"), widget=forms.RadioSelect)
    kind = forms.ChoiceField(label=_("Art"), widget=forms.RadioSelect,
                             choices=Minderung.Kind.choices)
    duty = forms.CharField(label=_("Pflicht"), max_length=500, help_text=_(
        "Zum Beispiel „Teilnahme an der Maßnahme Bewerbungstraining ab 02.11.2026“ oder "
        "„Meldetermin am 10.11.2026, 9:00 Uhr“."))
    belehrung_on = MemorableDateField(label=_("Rechtsfolgenbelehrung erteilt am"))
    belehrung_text = forms.CharField(
        label=_("Wortlaut der Rechtsfolgenbelehrung"), max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("So, wie sie der Person schriftlich gegeben wurde."))
    event_on = MemorableDateField(label=_("Pflichtverletzung oder versäumter Termin am"))
    event_text = forms.CharField(label=_("Sachverhalt"), max_length=5000,
                                 widget=forms.Textarea(attrs={"rows": 4}))
    missed_in_row = forms.IntegerField(
        label=_("Versäumter Termin in Folge"), min_value=1, max_value=10, initial=1,
        help_text=_("Nur bei einem Meldeversäumnis: der wievielte Termin in Folge."))

    def __init__(self, *args: Any, persons: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["person_key"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = persons


class HearingForm(NamedMessagesMixin, forms.Form):
    answer_due = MemorableDateField(
        label=_("Äußerung bis"),
        help_text=_("Mindestens zwei Wochen ab Zugang; ein Brief gilt am vierten Tag nach "
                    "der Aufgabe zur Post als zugegangen."))
    personal_hearing_on = MemorableDateField(
        label=_("Persönliche Anhörung am"), required=False,
        help_text=_("Anzubieten vor dem Entzug des Regelbedarfs und bei wiederholten "
                    "Pflichtverletzungen oder Meldeversäumnissen (§ 31a Abs. 2 SGB II); vor "
                    "dem Ende der Frist."))


class PostedForm(NamedMessagesMixin, forms.Form):
    posted_on = MemorableDateField(label=_("zur Post gegeben am"))


class AnswerRecordForm(NamedMessagesMixin, forms.Form):
    channel = forms.ChoiceField(label=_("Äußerung über"), widget=forms.RadioSelect, choices=[
        ("brief", _("Brief")), ("telefon", _("Telefon")),
        ("persoenlich", _("persönliche Anhörung"))])
    answer = forms.CharField(label=_("Äußerung"), max_length=10000,
                             widget=forms.Textarea(attrs={"rows": 5}))


class CitizenAnswerForm(NamedMessagesMixin, forms.Form):
    answer = forms.CharField(
        label=_("Ihre Antwort"), max_length=10000, widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Zum Beispiel: Warum konnten Sie nicht kommen oder teilnehmen? Waren Sie "
                    "krank? Unterlagen können Sie unter „Meine Anliegen“ nachreichen."))


class DecideForm(NamedMessagesMixin, forms.Form):
    reasons = forms.CharField(label=_("Begründung"), max_length=10000,
                              widget=forms.Textarea(attrs={"rows": 6}),
                              help_text=_("Warum kein wichtiger Grund vorliegt; auf die "
                                          "Äußerung eingehen."))
    hardship = forms.CharField(
        label=_("Prüfung der außergewöhnlichen Härte (§ 31a Abs. 3 SGB II)"), max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Warum die Minderung keine außergewöhnliche Härte bedeutet, zum Beispiel "
                    "kein drohender Wohnungsverlust. Steht im Bescheid."))


class DropForm(NamedMessagesMixin, forms.Form):
    note = forms.CharField(label=_("Warum keine Minderung?"), max_length=5000,
                           widget=forms.Textarea(attrs={"rows": 3}),
                           help_text=_("Zum Beispiel wichtiger Grund (Krankheit belegt) oder "
                                       "außergewöhnliche Härte (§ 31a Abs. 3 SGB II)."))


class EndForm(NamedMessagesMixin, forms.Form):
    cooperated_on = MemorableDateField(label=_("Mitgewirkt am"))
    reasons = forms.CharField(label=_("Wie hat die Person mitgewirkt?"), max_length=5000,
                              widget=forms.Textarea(attrs={"rows": 3}))
