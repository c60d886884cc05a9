from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from jobcenter.core.field_messages import NamedMessagesMixin
from jobcenter.formengine.engine import clean_text
from jobcenter.formengine.validators import normalize_iban, validate_phone
from jobcenter.jobcenters.models import postcode_validator


def _clean_text(value: str, limit: int) -> str:
    """Trimmed, control characters removed (as the form engine stores text)."""
    return clean_text(value or "", limit)


class ContactForm(NamedMessagesMixin, forms.Form):
    phone = forms.CharField(
        label=_("Telefonnummer"), required=False, max_length=40,
        help_text=_("Freiwillig. Damit Ihr Jobcenter Sie bei Rückfragen schnell erreicht, "
                    "zum Beispiel 030 1234567 oder +49 151 2345678."),
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel", "type": "tel"}),
    )

    def clean_phone(self) -> str:
        phone = _clean_text(self.cleaned_data.get("phone", ""), 40)
        if phone:
            validate_phone(phone)
        return phone


class AddressForm(NamedMessagesMixin, forms.Form):
    street = forms.CharField(
        label=_("Straße und Hausnummer"), max_length=200,
        error_messages={"required": _("Bitte geben Sie Straße und Hausnummer an.")},
        widget=forms.TextInput(attrs={"autocomplete": "address-line1"}),
    )
    postcode = forms.CharField(
        label=_("Postleitzahl"), max_length=5, validators=[postcode_validator],
        error_messages={"required": _("Bitte geben Sie die Postleitzahl an.")},
        help_text=_("Ändert sich die Postleitzahl, ist danach vielleicht ein anderes "
                    "Jobcenter für Sie zuständig."),
        widget=forms.TextInput(attrs={"autocomplete": "postal-code", "inputmode": "numeric"}),
    )
    city = forms.CharField(
        label=_("Ort"), max_length=100,
        error_messages={"required": _("Bitte geben Sie den Ort an.")},
        widget=forms.TextInput(attrs={"autocomplete": "address-level2"}),
    )

    def clean_street(self) -> str:
        return _clean_text(self.cleaned_data.get("street", ""), 200)

    def clean_postcode(self) -> str:
        return (self.cleaned_data.get("postcode") or "").strip()

    def clean_city(self) -> str:
        return _clean_text(self.cleaned_data.get("city", ""), 100)


class BankAccountForm(NamedMessagesMixin, forms.Form):
    key = forms.CharField(widget=forms.HiddenInput, max_length=48)
    iban = forms.CharField(
        label=_("Neue IBAN"), max_length=64,
        error_messages={"required": _("Bitte geben Sie die IBAN des neuen Kontos an.")},
        help_text=_("Auf dieses Konto zahlen wir ab jetzt Ihre Leistung. Das Konto muss nicht "
                    "auf Ihren Namen laufen. Leerzeichen sind erlaubt."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false",
                                      "autocapitalize": "characters"}),
    )
    confirm = forms.BooleanField(
        label=_("Ich versichere, dass diese Angabe richtig ist."),
        error_messages={"required": _("Bitte bestätigen Sie, dass die Angabe richtig ist.")},
    )

    def clean_key(self) -> str:
        import re

        key = self.cleaned_data.get("key", "")
        if not re.fullmatch(r"[0-9a-f]{32}", key):
            raise forms.ValidationError(_("Bitte laden Sie die Seite neu und versuchen Sie es "
                                          "noch einmal."))
        return key

    def clean_iban(self) -> str:
        return normalize_iban(self.cleaned_data.get("iban", ""))


class DeliveryForm(NamedMessagesMixin, forms.Form):
    channel = forms.ChoiceField(
        label=_("Ihre Wahl"), widget=forms.RadioSelect,
        error_messages={"required": _("Bitte wählen Sie, wie Sie Bescheide erhalten möchten.")},
        choices=[
            ("post", _("Per Post als Brief")),
            ("online", _("Online in meinem Kundenkonto")),
        ],
    )


class NotificationForm(NamedMessagesMixin, forms.Form):
    case_updates = forms.BooleanField(
        label=_("Neuigkeiten zu meinen Anliegen"), required=False,
        help_text=_("Eine E-Mail, wenn Ihr Antrag angekommen ist oder sich der Stand eines "
                    "Anliegens ändert."),
    )
    reminders = forms.BooleanField(
        label=_("Erinnerungen an Fristen"), required=False,
        help_text=_("Eine E-Mail kurz bevor eine Frist endet: zum Einreichen von Unterlagen "
                    "oder für den Weiterbewilligungsantrag."),
    )


class SmsNotificationForm(NotificationForm):
    """The e-mail choices and, when the platform sends SMS, an SMS per kind of notice (to
    the phone number of the profile; off until switched on)."""

    sms_important = forms.BooleanField(
        label=_("SMS bei wichtigen Nachrichten"), required=False,
        help_text=_("Wenn Ihr Jobcenter Unterlagen braucht, ein Bescheid bereitliegt oder "
                    "jemand Ihr Passwort ausprobiert hat."),
    )
    sms_case_updates = forms.BooleanField(
        label=_("SMS bei Neuigkeiten zu meinen Anliegen"), required=False)
    sms_reminders = forms.BooleanField(label=_("SMS bei Erinnerungen"), required=False)

    def __init__(self, *args: object, has_mobile: bool = False, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]  # Django's form signature
        self.has_mobile = has_mobile

    def clean(self) -> dict[str, object]:
        cleaned = super().clean() or {}
        wants_sms = any(cleaned.get(name) for name in
                        ("sms_important", "sms_case_updates", "sms_reminders"))
        if wants_sms and not self.has_mobile:
            raise forms.ValidationError(
                _("Für SMS brauchen wir Ihre Mobilfunknummer. Bitte tragen Sie sie zuerst unter "
                  "„Kontaktdaten“ ein, oder lassen Sie die SMS-Felder leer."),
                code="no_mobile")
        return cleaned
