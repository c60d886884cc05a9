"""Forms of the appointment pages (citizen and staff)."""

from __future__ import annotations

import datetime as dt
from typing import Any, cast

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from jobcenter.core.date_field import MemorableDateField
from jobcenter.core.field_messages import NamedMessagesMixin
from jobcenter.jobcenters.models import Team
from jobcenter.termine.models import (
    GRID_MINUTES,
    AbsenceReason,
    AvailabilityRule,
    CallbackRequest,
    Channel,
    Location,
    Meldezweck,
    Outcome,
    Topic,
)
from jobcenter.termine.slots import BERLIN

TIME_CHOICES = [(f"{h:02d}:{m:02d}", f"{h}:{m:02d}") for h in range(6, 22) for m in (0, 15, 30, 45)]


def _choices(form: forms.BaseForm, name: str) -> forms.ChoiceField:
    """A choice field of ``form`` (typed, to set its choices at run time)."""
    return cast(forms.ChoiceField, form.fields[name])


def _time(value: str) -> dt.time:
    hour, minute = value.split(":")
    return dt.time(int(hour), int(minute))


class TopicChannelForm(NamedMessagesMixin, forms.Form):
    """Step 1 of booking: what about and how (GET, works without JavaScript)."""

    thema = forms.ChoiceField(label=_("Worum geht es?"), widget=forms.RadioSelect,
                              error_messages={"required": _("Bitte wählen Sie ein Thema.")})
    art = forms.ChoiceField(label=_("Wie möchten Sie sprechen?"), widget=forms.RadioSelect,
                            choices=Channel.choices,
                            error_messages={"required": _("Bitte wählen Sie, wie Sie "
                                                          "sprechen möchten.")})

    def __init__(self, *args: Any, topics: list[Topic], video: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.topics = {str(t.pk): t for t in topics}
        _choices(self, "thema").choices = [
            (str(t.pk), _("%(title)s (%(minutes)s Min.)")
             % {"title": gettext(t.title), "minutes": t.duration_minutes}) for t in topics]
        _choices(self, "art").choices = [c for c in Channel.choices
                                      if video or c[0] != Channel.VIDEO]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        topic = self.topics.get(data.get("thema", ""))
        if topic is not None and data.get("art") and data["art"] not in topic.channels():
            self.add_error("art", _("Dieses Thema bietet Ihr Jobcenter so nicht an. Bitte "
                                    "wählen Sie eine andere Art des Gesprächs."))
        data["topic"] = topic
        return data


class SlotForm(NamedMessagesMixin, forms.Form):
    termin = forms.ChoiceField(label=_("Freie Termine"), widget=forms.RadioSelect,
                               error_messages={"required": _("Bitte wählen Sie einen Termin."),
                                               "invalid_choice": _(
                                                   "Dieser Termin ist nicht mehr frei. "
                                                   "Bitte wählen Sie einen anderen.")})

    def __init__(self, *args: Any, keys: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choices(self, "termin").choices = [(k, k) for k in keys]


class CallbackForm(NamedMessagesMixin, forms.Form):
    thema = forms.ChoiceField(label=_("Worum geht es?"),
                              error_messages={"required": _("Bitte wählen Sie ein Thema.")})
    telefon = forms.RegexField(
        label=_("Unter dieser Nummer rufen wir Sie an"), max_length=40,
        regex=r"^\+?[0-9 ()/-]{6,}$",
        error_messages={"required": _("Bitte geben Sie Ihre Telefonnummer ein."),
                        "invalid": _("Bitte geben Sie eine Telefonnummer nur mit Ziffern ein, "
                                     "zum Beispiel 030 1234567.")})
    zeit = forms.ChoiceField(label=_("Wann passt es Ihnen?"), widget=forms.RadioSelect,
                             choices=CallbackRequest.Window.choices,
                             initial=CallbackRequest.Window.ANY)

    def __init__(self, *args: Any, topics: list[Topic], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.topics = {str(t.pk): t for t in topics}
        _choices(self, "thema").choices = [("", _("Bitte wählen"))] + [
            (str(t.pk), gettext(t.title)) for t in topics]


class AbsenceForm(NamedMessagesMixin, forms.Form):
    grund = forms.ChoiceField(label=_("Warum können Sie nicht kommen?"),
                              widget=forms.RadioSelect, choices=AbsenceReason.choices,
                              error_messages={"required": _("Bitte wählen Sie einen Grund.")})
    erlaeuterung = forms.CharField(
        label=_("Erläuterung"), required=False, max_length=1000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Schreiben Sie kurz, was los ist. Gesundheitliche Einzelheiten müssen Sie "
                    "nicht nennen."),
        error_messages={"max_length": _("Bitte fassen Sie sich kürzer (höchstens 1.000 "
                                        "Zeichen).")})
    nachweis = forms.FileField(
        label=_("Nachweis (zum Beispiel Arbeitsunfähigkeitsbescheinigung)"), required=False,
        help_text=_("PDF, Foto (JPEG, HEIC) oder PNG, höchstens 10 MB. Sie können den Nachweis "
                    "auch später per Post schicken."),
        error_messages={"empty": _("Die Datei ist leer. Bitte wählen Sie eine andere Datei.")})


class ReasonForm(NamedMessagesMixin, forms.Form):
    begruendung = forms.CharField(
        label=_("Begründung für die Kundin oder den Kunden"), max_length=300,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Die Kundin oder der Kunde liest diesen Text im Konto."),
        error_messages={"required": _("Bitte geben Sie eine Begründung an."),
                        "max_length": _("Bitte fassen Sie sich kürzer (höchstens 300 "
                                        "Zeichen).")})


class DecisionForm(ReasonForm):
    entscheidung = forms.ChoiceField(
        label=_("Entscheidung"), widget=forms.RadioSelect,
        choices=[("anerkannt", _("Wichtiger Grund anerkannt: Termin aufheben")),
                 ("abgelehnt", _("Grund nicht anerkannt: Termin bleibt bestehen"))],
        error_messages={"required": _("Bitte wählen Sie eine Entscheidung.")})


class OutcomeForm(NamedMessagesMixin, forms.Form):
    """Staff record what happened at an appointment (after its start)."""

    ergebnis = forms.ChoiceField(
        label=_("Ergebnis"), widget=forms.RadioSelect, choices=Outcome.choices,
        error_messages={"required": _("Bitte wählen Sie ein Ergebnis.")})
    vermerk = forms.CharField(
        label=_("Interner Vermerk"), required=False, max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Nur für das Jobcenter sichtbar, nie für die Kundin oder den Kunden. Zum "
                    "Beispiel: später am selben Tag erschienen, Zweck noch erreicht."))
    korrektur_grund = forms.CharField(
        label=_("Grund der Korrektur"), required=False, max_length=500,
        help_text=_("Nur nötig, wenn Sie ein schon erfasstes Ergebnis ändern."))


class _WhenForm(NamedMessagesMixin, forms.Form):
    datum = MemorableDateField(label=_("Tag"))
    uhrzeit = forms.ChoiceField(label=_("Uhrzeit"), choices=TIME_CHOICES)
    person = forms.ChoiceField(label=_("Bei"))
    standort = forms.ChoiceField(label=_("Standort (für Termine vor Ort)"), required=False)

    def __init__(self, *args: Any, staff: list[Any], locations: list[Location],
                 **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.staff = {str(u.pk): u for u in staff}
        self.locations = {str(loc.pk): loc for loc in locations}
        _choices(self, "person").choices = [(k, str(u)) for k, u in self.staff.items()]
        _choices(self, "standort").choices = [("", _("kein Standort"))] + [
            (k, loc.name) for k, loc in self.locations.items()]

    def start(self) -> dt.datetime:
        return dt.datetime.combine(self.cleaned_data["datum"],
                                   _time(self.cleaned_data["uhrzeit"]), tzinfo=BERLIN)


class MoveForm(_WhenForm):
    begruendung = ReasonForm.base_fields["begruendung"]


class MeldeterminForm(_WhenForm):
    thema = forms.ChoiceField(label=_("Thema"))
    dauer = forms.TypedChoiceField(label=_("Dauer"), coerce=int, initial=30,
                                   choices=[(m, f"{m} Min.") for m in (15, 30, 45, 60, 90)])
    art = forms.ChoiceField(label=_("Art des Gesprächs"), choices=Channel.choices,
                            initial=Channel.ON_SITE)
    zweck = forms.ChoiceField(label=_("Zweck der Meldung (§ 309 Abs. 2 SGB III)"),
                              choices=Meldezweck.choices)
    nachricht = forms.CharField(label=_("Nachricht an die Kundin oder den Kunden"),
                                required=False, max_length=300,
                                widget=forms.Textarea(attrs={"rows": 3}),
                                help_text=_("Zum Beispiel, welche Unterlagen mitzubringen "
                                            "sind."))

    def __init__(self, *args: Any, topics: list[Topic], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.topics = {str(t.pk): t for t in topics}
        _choices(self, "thema").choices = [(k, t.title) for k, t in self.topics.items()]


class RuleForm(NamedMessagesMixin, forms.Form):
    person = forms.ChoiceField(label=_("Mitarbeiterin oder Mitarbeiter"))
    wochentag = forms.TypedChoiceField(label=_("Wochentag"), coerce=int,
                                       choices=AvailabilityRule.Weekday.choices)
    von = forms.ChoiceField(label=_("von"), choices=TIME_CHOICES, initial="08:00")
    bis = forms.ChoiceField(label=_("bis"), choices=TIME_CHOICES, initial="12:00")
    gueltig_ab = MemorableDateField(label=_("gültig ab"))
    gueltig_bis = MemorableDateField(label=_("gültig bis (leer: unbefristet)"), required=False)
    standort = forms.ChoiceField(label=_("Standort (für Termine vor Ort)"), required=False)
    vor_ort = forms.BooleanField(label=_("vor Ort"), required=False, initial=True)
    telefon = forms.BooleanField(label=_("Telefon"), required=False, initial=True)
    video = forms.BooleanField(label=_("Video"), required=False, initial=True)
    themen = forms.MultipleChoiceField(label=_("Themen (keines gewählt: alle)"),
                                       required=False, widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args: Any, staff: list[Any], locations: list[Location],
                 topics: list[Topic], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.staff = {str(u.pk): u for u in staff}
        self.locations = {str(loc.pk): loc for loc in locations}
        self.topics = {str(t.pk): t for t in topics}
        _choices(self, "person").choices = [(k, str(u)) for k, u in self.staff.items()]
        _choices(self, "standort").choices = [("", _("kein Standort"))] + [
            (k, loc.name) for k, loc in self.locations.items()]
        _choices(self, "themen").choices = [(k, t.title) for k, t in self.topics.items()]


class ExceptionForm(NamedMessagesMixin, forms.Form):
    wer = forms.ChoiceField(label=_("Wer ist abwesend?"))
    tag = MemorableDateField(label=_("Tag"))
    von = forms.ChoiceField(label=_("von (leer: ganzer Tag)"), required=False,
                            choices=[("", "—")] + TIME_CHOICES)
    bis = forms.ChoiceField(label=_("bis"), required=False, choices=[("", "—")] + TIME_CHOICES)
    grund = forms.CharField(label=_("Grund (intern)"), required=False, max_length=120)

    def __init__(self, *args: Any, staff: list[Any], teams: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.staff = {f"p{u.pk}": u for u in staff}
        self.teams = {f"t{t.pk}": t for t in teams}
        _choices(self, "wer").choices = (
            [(k, str(u)) for k, u in self.staff.items()]
            + [(k, _("ganzes Team: %(team)s") % {"team": t.name}) for k, t in self.teams.items()])


def parse_time(value: str) -> dt.time | None:
    return _time(value) if value else None


class TopicForm(NamedMessagesMixin, forms.ModelForm):
    class Meta:
        model = Topic
        fields = ["title", "description", "duration_minutes", "team", "on_site", "phone",
                  "video", "bookable"]

    def __init__(self, *args: Any, teams: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        team_field = cast(forms.ModelChoiceField, self.fields["team"])
        team_field.queryset = Team.objects.filter(pk__in=[t.pk for t in teams])
        team_field.empty_label = _("alle Teams")
        self.fields["duration_minutes"].widget = forms.Select(
            choices=[(m, f"{m} Min.") for m in (15, 30, 45, 60, 90)])

    def clean_duration_minutes(self) -> int:
        value = int(self.cleaned_data["duration_minutes"])
        if value % GRID_MINUTES:
            raise forms.ValidationError(_("Bitte wählen Sie eine Dauer im Viertelstundentakt."))
        return value


class LocationForm(NamedMessagesMixin, forms.ModelForm):
    class Meta:
        model = Location
        fields = ["name", "street", "postcode", "city", "directions"]
