"""Forms of the staff pages for persons and Bedarfsgemeinschaften, Wiedervorlagen, Vermerke
and the Jobcenter admin's work area (staff accounts, the Jobcenter's settings)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from jobcenter.accounts.models import User
from jobcenter.accounts.services import assignable_staff
from jobcenter.core.date_field import MemorableDateField
from jobcenter.core.field_messages import NamedMessagesMixin
from jobcenter.core.roles import STAFF_ROLES, Role
from jobcenter.households.models import Membership, NoteCategory, Person
from jobcenter.jobcenters.models import Jobcenter, Land, Team, postcode_validator

REASON_HELP = _("Steht im Verlauf der Person, z. B. „Geburt laut Geburtsurkunde“ oder "
                "„Umzug laut Meldebescheinigung“.")


def _reason_field() -> forms.CharField:
    return forms.CharField(
        label=_("Grund der Änderung"), max_length=500, help_text=REASON_HELP,
        error_messages={"required": _("Bitte geben Sie an, warum Sie die Angaben ändern.")})


class PersonEditForm(NamedMessagesMixin, forms.Form):
    first_name = forms.CharField(label=_("Vorname"), max_length=100,
                                 error_messages={"required": _("Bitte geben Sie den Vornamen "
                                                               "an.")})
    last_name = forms.CharField(label=_("Nachname"), max_length=100,
                                error_messages={"required": _("Bitte geben Sie den Nachnamen "
                                                              "an.")})
    birth_date = MemorableDateField(label=_("Geburtsdatum"), birthday=True)
    sex = forms.ChoiceField(label=_("Geschlecht"), choices=Person.Sex.choices)
    street = forms.CharField(label=_("Straße und Hausnummer"), max_length=200, required=False)
    postcode = forms.CharField(label=_("Postleitzahl"), max_length=5, required=False,
                               validators=[postcode_validator])
    city = forms.CharField(label=_("Ort"), max_length=100, required=False)
    phone = forms.CharField(label=_("Telefon"), max_length=40, required=False)
    reason = _reason_field()


class MemberAddForm(NamedMessagesMixin, forms.Form):
    first_name = forms.CharField(label=_("Vorname"), max_length=100,
                                 error_messages={"required": _("Bitte geben Sie den Vornamen "
                                                               "an.")})
    last_name = forms.CharField(label=_("Nachname"), max_length=100,
                                error_messages={"required": _("Bitte geben Sie den Nachnamen "
                                                              "an.")})
    birth_date = MemorableDateField(label=_("Geburtsdatum"), birthday=True)
    sex = forms.ChoiceField(label=_("Geschlecht"), choices=Person.Sex.choices,
                            initial=Person.Sex.NONE)
    role = forms.ChoiceField(label=_("Rolle in der Bedarfsgemeinschaft"),
                             choices=Membership.Role.choices, initial=Membership.Role.KIND)
    valid_from = MemorableDateField(
        label=_("Mitglied ab"), help_text=_("Tag der Geburt oder des Einzugs"))
    reason = _reason_field()


class MembershipForm(NamedMessagesMixin, forms.Form):
    role = forms.ChoiceField(label=_("Rolle in der Bedarfsgemeinschaft"),
                             choices=Membership.Role.choices)
    valid_from = MemorableDateField(label=_("Mitglied ab"))
    valid_to = MemorableDateField(
        label=_("Mitglied bis"), required=False,
        help_text=_("Letzter Tag, z. B. vor dem Auszug. Leer: weiterhin Mitglied."))
    reason = _reason_field()

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        start, end = data.get("valid_from"), data.get("valid_to")
        if start and end and end < start:
            self.add_error("valid_to", _("Das Ende darf nicht vor dem Beginn der "
                                         "Mitgliedschaft liegen."))
        return data


class BankAccountForm(NamedMessagesMixin, forms.Form):
    iban = forms.CharField(label=_("IBAN"), max_length=42,
                           help_text=_("Zum Beispiel DE02 1203 0000 0000 2020 51"),
                           error_messages={"required": _("Bitte geben Sie die IBAN an.")})
    bic = forms.CharField(label=_("BIC (freiwillig)"), max_length=11, required=False)
    holder = forms.CharField(label=_("Kontoinhaberin oder Kontoinhaber"), max_length=140,
                             error_messages={"required": _("Bitte geben Sie an, wem das "
                                                           "Konto gehört.")})
    valid_from = MemorableDateField(label=_("Gültig ab"))
    reason = _reason_field()


class NoteForm(NamedMessagesMixin, forms.Form):
    category = forms.ChoiceField(label=_("Kategorie"), choices=NoteCategory.choices)
    text = forms.CharField(label=_("Vermerk"), max_length=5000,
                           widget=forms.Textarea(attrs={"rows": 3}),
                           error_messages={"required": _("Bitte schreiben Sie einen "
                                                         "Vermerk.")})


class FollowUpForm(NamedMessagesMixin, forms.Form):
    due_on = MemorableDateField(label=_("Wiedervorlage am"))
    text = forms.CharField(label=_("Was ist zu tun?"), max_length=500,
                           error_messages={"required": _("Bitte beschreiben Sie, was wieder "
                                                         "vorgelegt werden soll.")})
    assignee: forms.ModelChoiceField[User] = forms.ModelChoiceField(
        label=_("Für"), required=False, queryset=User.objects.none(),
        empty_label=_("niemand Bestimmtes"))
    team = forms.ModelChoiceField(label=_("oder für das Team"), required=False,
                                  queryset=Team.objects.none(), empty_label=_("kein Team"))

    def __init__(self, *args: Any, jobcenter_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = assignable_staff(jobcenter_id=jobcenter_id)
        self.fields["team"].queryset = Team.objects.filter(jobcenter_id=jobcenter_id)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if not data.get("assignee") and not data.get("team"):
            self.add_error("assignee", _("Bitte wählen Sie eine Person oder ein Team."))
        return data


class FollowUpFilterForm(NamedMessagesMixin, forms.Form):
    SHOW = [("", _("alle offenen")), ("bis_heute", _("heute oder früher fällig")),
            ("heute", _("heute fällig")), ("ueberfaellig", _("überfällig"))]
    WHO = [("", _("alle")), ("meine", _("meine")), ("team", _("mein Team"))]
    wer = forms.ChoiceField(label=_("Für"), choices=WHO, required=False)
    faellig = forms.ChoiceField(label=_("Fälligkeit"), choices=SHOW, required=False)


class MatchMergeForm(NamedMessagesMixin, forms.Form):
    target = forms.IntegerField(widget=forms.HiddenInput)
    reason = forms.CharField(
        label=_("Woran erkennen Sie, dass es dieselbe Person ist?"), max_length=500,
        error_messages={"required": _("Bitte geben Sie an, warum es dieselbe Person ist.")})


class CaseLinkForm(NamedMessagesMixin, forms.Form):
    customer_number = forms.CharField(
        label=_("Kundennummer der Person"), max_length=20,
        error_messages={"required": _("Bitte geben Sie die Kundennummer an.")})


class StaffEditForm(NamedMessagesMixin, forms.Form):
    first_name = forms.CharField(label=_("Vorname"), max_length=100)
    last_name = forms.CharField(label=_("Nachname"), max_length=100)
    role = forms.ChoiceField(
        label=_("Rolle"), choices=[(r.value, r.label) for r in Role if r in STAFF_ROLES])
    team = forms.ModelChoiceField(label=_("Team"), queryset=Team.objects.none(),
                                  required=False, empty_label=_("kein Team"))
    is_active = forms.BooleanField(
        label=_("Konto aktiv"), required=False,
        help_text=_("Ein deaktiviertes Konto kann sich nicht anmelden; offene Sitzungen "
                    "enden sofort."))

    def __init__(self, *args: Any, jobcenter_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = Team.objects.filter(jobcenter_id=jobcenter_id)


class JobcenterSettingsForm(NamedMessagesMixin, forms.ModelForm):
    website = forms.URLField(label=_("Webseite"), required=False, assume_scheme="https",
                             max_length=200)
    logo_upload = forms.FileField(
        label=_("Neues Logo (PNG, höchstens 1 MB)"), required=False,
        help_text=_("Erscheint im Briefkopf der Bescheide und oben auf den Seiten."))
    logo_remove = forms.BooleanField(label=_("Logo entfernen"), required=False)

    class Meta:
        model = Jobcenter
        fields = ["name", "street", "postcode", "city", "land", "catholic_local_holidays",
                  "phone", "email", "website", "opening_hours", "theme_colour",
                  "email_domains", "intake_team", "access_log_shows_staff_names"]
        widgets = {"opening_hours": forms.Textarea(attrs={"rows": 3}),
                   "email_domains": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["land"].choices = [("", _("keine Angabe")), *Land.choices]
        self.fields["intake_team"].queryset = Team.objects.filter(jobcenter_id=self.instance.pk)
        self.fields["intake_team"].empty_label = _("kein Team (Eingang für alle)")

    def clean_email_domains(self) -> str:
        value = self.cleaned_data.get("email_domains") or ""
        for line in value.replace(",", "\n").splitlines():
            domain = line.strip().lower().lstrip("@")
            if domain and ("." not in domain or " " in domain or "@" in domain):
                raise forms.ValidationError(
                    _("„%(domain)s“ ist keine E-Mail-Domain. Bitte eine Domain je Zeile, "
                      "z. B. jobcenter-musterstadt.de.") % {"domain": domain})
        return value
