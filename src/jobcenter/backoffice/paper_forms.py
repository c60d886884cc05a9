"""Forms of the staff screen "Papierantrag erfassen" (the answers use the form engine)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jobcenter.anliegen import registry as anliegen_registry
from jobcenter.antraege import forms_meta, services
from jobcenter.core.date_field import MemorableDateField
from jobcenter.core.field_messages import NamedMessagesMixin
from jobcenter.formengine import registry
from jobcenter.jobcenters.selectors import jobcenter_for_postcode


def paper_form_choices(on: dt.date) -> list[tuple[str, Any]]:
    """Every form a paper application can be entered for, with today's titles, grouped
    like the catalogue "Was möchten Sie erledigen?": first the four applications, then the
    registered concerns (``anliegen.registry``) by the catalogue's groups, each group
    ordered by title. Only forms the form engine has loaded are offered."""
    loaded = set(registry.form_keys())
    choices: list[tuple[str, Any]] = [("", _("Bitte wählen"))]
    choices.append((
        str(_("Anträge auf Grundsicherungsgeld")),
        [(key, forms_meta.title(key, on)) for key in services.FORM_KEYS if key in loaded],
    ))
    by_group: dict[str, list[tuple[str, str]]] = {}
    for concern in anliegen_registry.concerns():
        if concern.key in loaded and concern.key not in services.FORM_KEYS \
                and services.form_accepted(concern.key):
            by_group.setdefault(concern.group, []).append(
                (concern.key, forms_meta.title(concern.key, on)))
    for group, title in anliegen_registry.groups():
        if by_group.get(group):
            choices.append((str(title), sorted(by_group[group], key=lambda c: c[1].casefold())))
    return choices


class PaperStartForm(NamedMessagesMixin, forms.Form):
    form_key = forms.ChoiceField(
        label=_("Formular"),
        help_text=_("Die Anträge und alle Anliegen, nach den Gruppen des Katalogs. Tippen Sie "
                    "im geöffneten Feld die ersten Buchstaben, um zu springen."),
        error_messages={"required": _("Bitte wählen Sie das Formular des Papierantrags."),
                        "invalid_choice": _("Bitte wählen Sie das Formular des Papierantrags.")},
    )
    received_on = MemorableDateField(
        label=_("Eingangsdatum"),
        help_text=_("Der Tag, an dem der Antrag beim Jobcenter einging (Eingangsstempel). "
                    "Er gilt als Tag der Antragstellung."),
        error_messages={"required": _("Bitte geben Sie das Eingangsdatum an.")},
    )
    scan = forms.FileField(
        label=_("Scan des Papierantrags"),
        help_text=_("PDF, JPEG oder PNG, höchstens 20 MB. Die Datei wird unverändert und "
                    "auf Schadsoftware geprüft zur Akte genommen."),
        error_messages={"required": _("Bitte wählen Sie den Scan des Papierantrags aus."),
                        "empty": _("Die Datei ist leer. Bitte wählen Sie eine andere Datei.")},
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,image/jpeg,image/png"}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        today = timezone.localdate()
        self.fields["form_key"].choices = paper_form_choices(today)
        self.fields["received_on"].initial = today

    def clean_received_on(self) -> dt.date:
        received_on = self.cleaned_data["received_on"]
        try:
            services.received_on_check(received_on)
        except services.SubmissionError as exc:
            raise forms.ValidationError(str(exc)) from exc
        return received_on


class NewPersonForm(NamedMessagesMixin, forms.Form):
    first_name = forms.CharField(label=_("Vorname"), max_length=100)
    last_name = forms.CharField(label=_("Nachname"), max_length=100)
    birth_date = MemorableDateField(
        label=_("Geburtsdatum"),
        error_messages={"required": _("Bitte geben Sie das Geburtsdatum an.")},
    )
    street = forms.CharField(label=_("Straße und Hausnummer"), max_length=200)
    postcode = forms.RegexField(
        label=_("Postleitzahl"), regex=r"^\d{5}$", max_length=5,
        error_messages={"invalid": _("Bitte geben Sie eine Postleitzahl mit 5 Ziffern ein.")},
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    city = forms.CharField(label=_("Ort"), max_length=100)

    def __init__(self, *args: Any, jobcenter_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.jobcenter_id = jobcenter_id

    def clean_birth_date(self) -> dt.date:
        birth_date = self.cleaned_data["birth_date"]
        today = timezone.localdate()
        if birth_date > today:
            raise forms.ValidationError(_("Das Geburtsdatum darf nicht in der Zukunft liegen."))
        if today.year - birth_date.year > 120:
            raise forms.ValidationError(_("Bitte prüfen Sie das Geburtsdatum."))
        return birth_date

    def clean_postcode(self) -> str:

        postcode = self.cleaned_data["postcode"]
        responsible = jobcenter_for_postcode(postcode)
        if responsible is not None and responsible.pk != self.jobcenter_id:
            raise forms.ValidationError(
                _("Für diese Postleitzahl ist ein anderes Jobcenter zuständig "
                  "(%(name)s). Bitte leiten Sie den Antrag dorthin weiter.")
                % {"name": responsible.name}
            )
        return postcode
