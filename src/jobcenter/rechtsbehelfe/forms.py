"""Forms of the Widerspruchsverfahren (the citizen's page in ``portal``, the staff pages in
``backoffice``)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from jobcenter.core.date_field import MemorableDateField
from jobcenter.core.field_messages import NamedMessagesMixin
from jobcenter.rechtsbehelfe.models import Widerspruch

W = Widerspruch

FILE_HELP = _("Optional. PDF, Foto (JPEG, HEIC) oder PNG, höchstens 10 MB.")


class _ContentMixin(NamedMessagesMixin, forms.Form):
    scope = forms.ChoiceField(label=_("Was fechten Sie an?"), choices=W.Scope.choices,
                              widget=forms.RadioSelect, initial=W.Scope.WHOLE)
    contested = forms.CharField(
        label=_("Welcher Teil?"), required=False, max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Nur wenn Sie einen Teil anfechten, zum Beispiel „die Kosten der "
                    "Unterkunft ab März“."))
    reasons = forms.CharField(
        label=_("Begründung"), required=False, max_length=20000,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("Schreiben Sie, warum der Bescheid aus Ihrer Sicht falsch ist. Sie können "
                    "die Begründung auch später nachreichen."))
    attachment = forms.FileField(label=_("Unterlage beifügen"), required=False,
                                 help_text=FILE_HELP)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("scope") == W.Scope.PART and not (data.get("contested") or "").strip():
            self.add_error("contested", _("Bitte schreiben Sie, welchen Teil des Bescheids "
                                          "Sie anfechten."))
        return data


class CitizenWiderspruchForm(_ContentMixin):
    token = forms.CharField(widget=forms.HiddenInput, max_length=64)
    confirm = forms.BooleanField(
        label=_("Ich habe gelesen: Die Eingabe im Kundenkonto ersetzt nicht die Schriftform. "
                "Ich schicke meinen Widerspruch zusätzlich unterschrieben oder erkläre ihn im "
                "Jobcenter zur Niederschrift."),
        error_messages={"required": _("Bitte bestätigen Sie, dass Sie den Hinweis zur "
                                      "Schriftform gelesen haben.")})


class StaffRecordForm(_ContentMixin):
    channel = forms.ChoiceField(label=_("Eingegangen"), widget=forms.RadioSelect, choices=[
        (W.Channel.POST, W.Channel.POST.label),
        (W.Channel.NIEDERSCHRIFT, W.Channel.NIEDERSCHRIFT.label),
        (W.Channel.QES, W.Channel.QES.label)])
    received_on = MemorableDateField(label=_("Eingangsdatum"))
    scope = forms.ChoiceField(label=_("Angefochten wird"), choices=W.Scope.choices,
                              widget=forms.RadioSelect, initial=W.Scope.WHOLE)
    contested = forms.CharField(label=_("Welcher Teil?"), required=False, max_length=2000,
                                widget=forms.Textarea(attrs={"rows": 3}))
    reasons = forms.CharField(
        label=_("Begründung bzw. Niederschrift der Erklärung"), required=False,
        max_length=20000, widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("Bei einer Niederschrift: die Erklärung der Person, wie sie sie abgegeben "
                    "hat."))
    attachment = forms.FileField(
        label=_("Scan des Schreibens"), required=False,
        help_text=_("Pflicht bei einem Brief. PDF, JPEG, HEIC oder PNG, höchstens 10 MB."))
    field_order = ["channel", "received_on", "scope", "contested", "reasons", "attachment"]


class RegisterForm(NamedMessagesMixin, forms.Form):
    form_ok = forms.TypedChoiceField(
        label=_("Ist die Form gewahrt (§ 84 SGG)?"), widget=forms.RadioSelect,
        coerce=lambda v: v == "ja",
        choices=[("ja", _("Ja: schriftlich, zur Niederschrift oder mit qualifizierter "
                          "elektronischer Signatur")),
                 ("nein", _("Nein oder noch nicht (z. B. nur im Kundenkonto)"))])
    form_note = forms.CharField(
        label=_("Vermerk zur Form"), required=False, max_length=500,
        help_text=_("Pflicht, wenn die Form nicht gewahrt ist: was fehlt und was Sie "
                    "veranlasst haben (z. B. „unterschriebene Fassung angefordert“)."))
    belehrung_defective = forms.BooleanField(
        label=_("Die Rechtsbehelfsbelehrung des Bescheids fehlte oder war unrichtig"),
        required=False,
        help_text=_("Dann gilt die Jahresfrist (§ 66 Abs. 2 SGG). Bescheide mit dem früheren "
                    "Hinweis auf einen Widerspruch „über Ihr Kundenkonto“ gehören dazu."))


COST_FIELDS = {
    "costs": forms.ChoiceField(label=_("Kostenentscheidung (§ 63 SGB X)"),
                               widget=forms.RadioSelect, choices=W.Costs.choices),
    "costs_share": forms.IntegerField(label=_("Anteil der Kosten in Prozent"), required=False,
                                      min_value=1, max_value=99,
                                      help_text=_("Nur bei einem Anteil.")),
}


class RemedyForm(NamedMessagesMixin, forms.Form):
    remedy = forms.ChoiceField(label=_("Abhilfe"), widget=forms.RadioSelect,
                               choices=W.Remedy.choices)
    reasons = forms.CharField(label=_("Begründung des Abhilfebescheids"), max_length=10000,
                              widget=forms.Textarea(attrs={"rows": 5}))
    costs = COST_FIELDS["costs"]
    costs_share = COST_FIELDS["costs_share"]


class RulingForm(NamedMessagesMixin, forms.Form):
    outcome = forms.ChoiceField(label=_("Ergebnis"), widget=forms.RadioSelect,
                                choices=W.Outcome.choices)
    reasons = forms.CharField(label=_("Sachverhalt und Gründe"), max_length=10000,
                              widget=forms.Textarea(attrs={"rows": 10}))
    costs = COST_FIELDS["costs"]
    costs_share = COST_FIELDS["costs_share"]


class SettingsForm(NamedMessagesMixin, forms.Form):
    court_name = forms.CharField(label=_("Sozialgericht"), max_length=200,
                                 help_text=_("Zum Beispiel „Sozialgericht Berlin“."))
    court_street = forms.CharField(label=_("Straße und Hausnummer des Gerichts"),
                                   max_length=200)
    court_postcode = forms.RegexField(label=_("Postleitzahl des Gerichts"), regex=r"^\d{5}$",
                                      error_messages={"invalid": _("Bitte geben Sie die "
                                                                   "Postleitzahl mit fünf "
                                                                   "Ziffern an.")})
    court_city = forms.CharField(label=_("Ort des Gerichts"), max_length=100)
    widerspruchsstelle = forms.TypedChoiceField(
        label=_("Widerspruchsstelle (Team)"), required=False, coerce=int, empty_value=None,
        help_text=_("Nur Mitglieder dieses Teams erlassen Widerspruchsbescheide. Leer: jede "
                    "Teamleitung."))

    def __init__(self, *args: Any, teams: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["widerspruchsstelle"]
        assert isinstance(field, forms.TypedChoiceField)
        field.choices = [("", _("keine (jede Teamleitung)")), *teams]
