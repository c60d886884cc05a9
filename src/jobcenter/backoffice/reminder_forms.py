"""The Jobcenter admin's form for a reminder rule (backoffice "Erinnerungen")."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from jobcenter.core.field_messages import NamedMessagesMixin
from jobcenter.reminders import sources
from jobcenter.reminders.models import ReminderRule

#: Something that looks like a placeholder, an e-mail address or a long number: the text is
#: the same for every citizen and goes into e-mails and SMS, so it must not carry such data.
_PLACEHOLDER = re.compile(r"[{}<>\[\]%]")
_EMAIL = re.compile(r"\S+@\S+")
_NUMBER = re.compile(r"\d[\d\s./-]{7,}\d")


def _check_text(value: str) -> str:
    value = " ".join((value or "").split())
    if _PLACEHOLDER.search(value):
        raise forms.ValidationError(
            _("Bitte schreiben Sie den Hinweis ohne Platzhalter und ohne die Zeichen "
              "{ } < > [ ] %. Er geht unverändert an alle Empfängerinnen und Empfänger."),
            code="placeholder")
    if _EMAIL.search(value) or _NUMBER.search(value):
        raise forms.ValidationError(
            _("Bitte nennen Sie im Hinweis keine E-Mail-Adressen, Aktenzeichen oder "
              "Telefonnummern. E-Mails und SMS dürfen keine persönlichen Angaben enthalten; "
              "Kontaktwege stehen auf der Kontaktseite im Konto."),
            code="personal")
    return value


class ReminderRuleForm(NamedMessagesMixin, forms.Form):
    source = forms.ChoiceField(label=_("Anlass"))
    days_before = forms.IntegerField(
        label=_("Tage vor dem Anlass"), min_value=1, max_value=365,
        help_text=_("Eine Zahl von 1 bis 365, zum Beispiel 42 für sechs Wochen."),
        error_messages={
            "min_value": _("Bitte geben Sie mindestens 1 Tag an."),
            "max_value": _("Bitte geben Sie höchstens 365 Tage an."),
            "invalid": _("Bitte geben Sie die Zahl der Tage als ganze Zahl an, zum Beispiel 14."),
        })
    channel = forms.ChoiceField(
        label=_("Versandweg"), choices=ReminderRule.Channel.choices, widget=forms.RadioSelect,
        help_text=_("SMS erhalten nur Personen, die SMS in ihrem Profil eingeschaltet haben; "
                    "alle anderen bekommen die Erinnerung per E-Mail. Im Konto steht sie immer."))
    text_de = forms.CharField(
        label=_("Zusätzlicher Hinweis (Deutsch)"), required=False, max_length=300,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Freiwillig, höchstens 300 Zeichen. Für alle gleich, ohne persönliche "
                    "Angaben; steht in der E-Mail, der SMS und im Konto."))
    text_en = forms.CharField(
        label=_("Zusätzlicher Hinweis (Englisch)"), required=False, max_length=300,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Freiwillig. Fehlt er, sehen englischsprachige Personen den deutschen "
                    "Hinweis im Konto."))
    active = forms.BooleanField(label=_("Aktiv"), required=False, initial=True)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["source"].choices = [
            (key, source.label) for key, source in sorted(sources.all_sources().items())]

    def clean_text_de(self) -> str:
        return _check_text(self.cleaned_data.get("text_de", ""))

    def clean_text_en(self) -> str:
        return _check_text(self.cleaned_data.get("text_en", ""))
