"""Forms of the payment and claim pages (staff)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django import forms
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _
from schwifty import IBAN

from jobcenter.core.date_field import MemorableDateField
from jobcenter.core.field_messages import NamedMessagesMixin
from jobcenter.decisions.deadlines import add_months, first_of_month
from jobcenter.zahlungen.models import DirectPayment, PaymentRun
from jobcenter.zahlungen.services import RETURN_REASONS, account


def month_choices(back: int = 24, ahead: int = 1) -> list[tuple[str, str]]:
    current = first_of_month(timezone.localdate())
    months = [add_months(current, offset) for offset in range(ahead, -back - 1, -1)]
    return [(f"{m:%Y-%m}", formats.date_format(m, "YEAR_MONTH_FORMAT")) for m in months]


def parse_month(value: str) -> dt.date:
    return dt.datetime.strptime(value, "%Y-%m").date()


def _amount(label: Any) -> forms.DecimalField:
    return forms.DecimalField(label=label, min_value=Decimal("0.01"), max_digits=10,
                              decimal_places=2, localize=True)


class MonthField(forms.TypedChoiceField):
    def __init__(self, *, back: int = 24, ahead: int = 1, **kwargs):  # noqa: ANN003
        super().__init__(choices=lambda: month_choices(back, ahead), coerce=parse_month,
                         **kwargs)


class RunStartForm(NamedMessagesMixin, forms.Form):
    kind = forms.ChoiceField(label=_("Art des Zahllaufs"), choices=PaymentRun.Kind.choices,
                             widget=forms.RadioSelect)
    month = MonthField(label=_("Zahlmonat (nur monatlicher Zahllauf)"), back=0, ahead=1,
                       required=False)


class IbanField(forms.CharField):
    def clean(self, value):  # noqa: ANN001, ANN201
        text = super().clean(value)
        try:
            return IBAN("".join(str(text).split())).compact
        except ValueError as exc:
            raise forms.ValidationError(_("Diese IBAN ist nicht gültig. Bitte prüfen Sie sie.")) \
                from exc


class StopForm(NamedMessagesMixin, forms.Form):
    facts = forms.CharField(label=_("Tatsachen, die kraft Gesetzes zum Wegfall oder Ruhen "
                                    "des Anspruchs führen (stehen in der Mitteilung an die "
                                    "Person)"), max_length=1000,
                            widget=forms.Textarea(attrs={"rows": 3}))
    partial_amount = _amount(_("Nur teilweise einstellen: einbehaltener Betrag je Monat "
                               "(leer: ganz)"))
    from_person = forms.BooleanField(label=_("Die Kenntnis beruht auf Angaben der Person "
                                             "selbst"), required=False)

    def __init__(self, *args, **kwargs):  # noqa: ANN002, ANN003
        super().__init__(*args, **kwargs)
        self.fields["partial_amount"].required = False


class LiftForm(NamedMessagesMixin, forms.Form):
    reason = forms.CharField(label=_("Grund"), max_length=500)


class DirectPaymentForm(NamedMessagesMixin, forms.Form):
    kind = forms.ChoiceField(label=_("Art"), choices=DirectPayment.Kind.choices)
    basis = forms.ChoiceField(label=_("Grundlage"), choices=DirectPayment.Basis.choices)
    payee_name = forms.CharField(label=_("Empfänger (Name)"), max_length=70)
    payee_street = forms.CharField(label=_("Straße und Hausnummer des Empfängers"),
                                   max_length=100)
    payee_postcode = forms.CharField(label=_("Postleitzahl des Empfängers"), max_length=10)
    payee_city = forms.CharField(label=_("Ort des Empfängers"), max_length=80)
    iban = IbanField(label=_("IBAN des Empfängers"), max_length=42)
    monthly_amount = _amount(_("Betrag je Monat (höchstens die anerkannten Kosten der "
                               "Unterkunft und Heizung)"))
    valid_from = MonthField(label=_("ab Monat"), back=0, ahead=1)
    reason = forms.CharField(label=_("Begründung (steht im Schreiben an die Person, nicht im "
                                     "Schreiben an den Empfänger)"), max_length=500)


class DirectEndForm(NamedMessagesMixin, forms.Form):
    last_month = MonthField(label=_("letzter Monat der Direktzahlung"), back=1, ahead=1)


class StandingEndForm(NamedMessagesMixin, forms.Form):
    """End a Bescheid's monthly payment early (§ 26, § 27 SGB II)."""

    last_month = MonthField(label=_("letzter Monat, der gezahlt wird"), back=1, ahead=48)
    reason = forms.CharField(
        label=_("Grund"), max_length=500,
        help_text=_("Zum Beispiel: Aufhebungsbescheid vom …, Abmeldung zum …, Ende der "
                    "Versicherung. Der Grund bleibt bei der Zahlung vermerkt."))


class ManualPaymentForm(NamedMessagesMixin, forms.Form):
    month = MonthField(label=_("für Monat"))
    amount = _amount(_("Betrag"))
    reason = forms.CharField(label=_("Begründung"), max_length=500)


class ReturnForm(NamedMessagesMixin, forms.Form):
    payment = forms.TypedChoiceField(label=_("Zahlung"), coerce=int)
    reason = forms.ChoiceField(label=_("Rückgabegrund der Bank"),
                               choices=[(k, f"{k} – {v}") for k, v in RETURN_REASONS.items()])
    returned_on = MemorableDateField(label=_("zurückgekommen am"))

    def __init__(self, *args, payments=(), **kwargs):  # noqa: ANN001, ANN002, ANN003
        super().__init__(*args, **kwargs)
        self.fields["payment"].choices = [
            (p.pk, f"{formats.date_format(p.month, 'YEAR_MONTH_FORMAT')}: "
                   f"{formats.localize(p.amount)} € – {p.recipient_name}")
            for p in payments if p.status == p.Status.SENT]


class ReissueForm(NamedMessagesMixin, forms.Form):
    """Order a returned one-off payment again, to the corrected account (four eyes)."""

    payment = forms.TypedChoiceField(label=_("Zurückgekommene Zahlung"), coerce=int)
    payee_name = forms.CharField(label=_("Kontoinhaberin oder Kontoinhaber"), max_length=70)
    iban = IbanField(label=_("Berichtigte IBAN"), max_length=42)
    reason = forms.CharField(label=_("Woher stammt die berichtigte Bankverbindung?"),
                             max_length=500, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, payments=(), **kwargs):  # noqa: ANN001, ANN002, ANN003
        super().__init__(*args, **kwargs)
        self.fields["payment"].choices = [
            (p.pk, f"{formats.date_format(p.month, 'YEAR_MONTH_FORMAT')}: "
                   f"{formats.localize(p.amount)} € – {p.recipient_name} ({p.return_reason})")
            for p in payments]


class InstalmentForm(NamedMessagesMixin, forms.Form):
    amount = _amount(_("Rate je Monat"))
    start = MemorableDateField(label=_("erste Rate am"))


class OffsetForm(NamedMessagesMixin, forms.Form):
    """Prepare the Aufrechnung (§ 43 SGB II); it takes effect only with the written
    Aufrechnungserklärung after the Anhörung."""

    start = MonthField(label=_("Aufrechnung ab Monat"), back=0, ahead=4)
    months = forms.IntegerField(label=_("Dauer in Monaten (höchstens 36)"), min_value=1,
                                max_value=36, initial=36)
    reasons = forms.CharField(
        label=_("Ermessenserwägungen (stehen in der Anhörung und im Bescheid)"),
        max_length=4000, widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Warum aufgerechnet werden soll und was für die Person spricht, zum "
                    "Beispiel: Höhe der Forderung, Verschulden, besondere Ausgaben, Kinder, "
                    "Schulden. Keine Leerformeln."))


class HearingForm(NamedMessagesMixin, forms.Form):
    deadline = MemorableDateField(label=_("Frist zur Äußerung (mindestens zwei Wochen nach "
                                          "dem Zugang)"))


class AnswerForm(NamedMessagesMixin, forms.Form):
    answer = forms.CharField(label=_("Äußerung der Person (sinngemäß)"), max_length=10000,
                             widget=forms.Textarea(attrs={"rows": 3}))
    assessment = forms.CharField(label=_("Würdigung der Äußerung (steht im Bescheid)"),
                                 max_length=4000, widget=forms.Textarea(attrs={"rows": 3}))


class DropForm(NamedMessagesMixin, forms.Form):
    reason = forms.CharField(label=_("Grund, warum nicht aufgerechnet wird"), max_length=500)


class PostedForm(NamedMessagesMixin, forms.Form):
    posted_on = MemorableDateField(label=_("zur Post gegeben am"))


class DeferForm(NamedMessagesMixin, forms.Form):
    until = MemorableDateField(label=_("gestundet bis"))
    reason = forms.CharField(label=_("Grund der Stundung"), max_length=500)


class WriteOffForm(NamedMessagesMixin, forms.Form):
    reason = forms.CharField(label=_("Grund der Niederschlagung"), max_length=500)


class OffsetEndForm(NamedMessagesMixin, forms.Form):
    """End a running Aufrechnung by hand (``services.claim_offset_end``): why — the
    Leistungsbezug ends (a loan's rest falls due, § 42a Abs. 4 Satz 1 SGB II) or another
    reason while the benefit goes on — decides what the person's notice says."""

    BEZUG, OTHER = "bezug", "anderer"

    last_month = MonthField(label=_("letzter Monat, in dem aufgerechnet wird"), back=24,
                            ahead=12)
    cause = forms.ChoiceField(
        label=_("Warum endet die Aufrechnung?"), widget=forms.RadioSelect,
        choices=[(BEZUG, _("Der Leistungsbezug endet (ohne Aufhebungsbescheid, etwa weil der "
                           "Bewilligungszeitraum ohne Weiterbewilligung endet)")),
                 (OTHER, _("Aus einem anderen Grund; der Leistungsbezug geht weiter (etwa "
                           "weil die Aufrechnungserklärung im Widerspruchsverfahren "
                           "aufgehoben wurde)"))],
        help_text=_("Die Person erhält darüber eine Mitteilung, online oder per Post, wie "
                    "sie es gewählt hat. Bei einem Darlehen ist der Rest nur mit dem Ende "
                    "des Leistungsbezugs sofort fällig (§ 42a Abs. 4 Satz 1 SGB II)."))
    reason = forms.CharField(
        label=_("Grund für das Ende der Aufrechnung"), max_length=500,
        help_text=_("Zum Beispiel: Bewilligungszeitraum endete am … ohne Weiterbewilligung; "
                    "Aufrechnungserklärung im Widerspruchsverfahren aufgehoben. Der Grund "
                    "bleibt bei der Forderung vermerkt; die Person sieht ihn nicht."))


class ReceiptForm(NamedMessagesMixin, forms.Form):
    amount = _amount(_("erhaltener Betrag"))
    booked_on = MemorableDateField(label=_("erhalten am"))


class PayerAccountForm(NamedMessagesMixin, forms.Form):
    """The Auszahlungskonto (Verwaltung); each field checked as the service checks it, so
    the message stands at the field to fix."""

    name = forms.CharField(label=_("Kontoinhaber (wie er auf den Kontoauszügen der "
                                   "Empfänger steht)"), max_length=70)
    iban = forms.CharField(label=_("IBAN"), max_length=42)
    bic = forms.CharField(label=_("BIC (freiwillig)"), max_length=14, required=False)
    reason = forms.CharField(label=_("Grund der Änderung"), max_length=500,
                             help_text=_("Zum Beispiel: neues Konto bei der Bundesbank ab "
                                         "1. Januar. Der Grund steht im Verlauf."))

    def _checked(self, name: str, check: Any) -> str:
        try:
            return check(self.cleaned_data.get(name, ""))
        except account.PayerAccountError as exc:
            raise forms.ValidationError(str(exc)) from exc

    def clean_name(self) -> str:
        return self._checked("name", account.clean_name)

    def clean_iban(self) -> str:
        return self._checked("iban", account.clean_iban)

    def clean_bic(self) -> str:
        return self._checked("bic", account.clean_bic)


class StatementUploadForm(NamedMessagesMixin, forms.Form):
    file = forms.FileField(label=_("Kontoauszug (camt.054 oder camt.053, XML)"))
