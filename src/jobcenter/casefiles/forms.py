from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jobcenter.accounts.models import User
from jobcenter.accounts.services import assignable_staff
from jobcenter.casefiles.models import CaseType, ServiceState, StatusType
from jobcenter.casefiles.selectors import QueueFilters
from jobcenter.core.date_field import MemorableDateField
from jobcenter.core.field_messages import NamedMessagesMixin
from jobcenter.households.models import NoteCategory
from jobcenter.jobcenters.models import Team


def _staff_choices(jobcenter_id: int) -> list[tuple[str, str]]:
    """Active, activated staff of the Jobcenter (``accounts.services.assignable_staff``)."""
    return [(str(u.pk), str(u)) for u in assignable_staff(jobcenter_id=jobcenter_id)]


class QueueFilterForm(NamedMessagesMixin, forms.Form):
    q = forms.CharField(label=_("Name oder Aktenzeichen"), max_length=100, required=False,
                        widget=forms.TextInput(attrs={"type": "search"}))
    geburtsdatum = MemorableDateField(label=_("Geburtsdatum"), required=False)
    art = forms.ChoiceField(label=_("Vorgangsart"), required=False)
    status = forms.ChoiceField(label=_("Status"), required=False)
    servicestand = forms.ChoiceField(
        label=_("Servicestand"), required=False,
        choices=[("", _("alle"))] + [(s.value, s.label) for s in ServiceState
                                     if s != ServiceState.DONE],
    )
    bearbeitung = forms.ChoiceField(label=_("Bearbeitung"), required=False)
    team = forms.ChoiceField(label=_("Team"), required=False)
    alter_min = forms.IntegerField(label=_("Mindestens so viele Tage alt"), required=False,
                                   min_value=0, max_value=3650)
    alter_max = forms.IntegerField(label=_("Höchstens so viele Tage alt"), required=False,
                                   min_value=0, max_value=3650)
    sortierung = forms.ChoiceField(
        label=_("Sortierung"), required=False,
        choices=[("due", _("nach Fälligkeit")), ("received", _("älteste zuerst")),
                 ("-received", _("neueste zuerst"))],
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        today = timezone.localdate()
        case_types = {t.key: t.title for t in CaseType.objects.valid_on(today)}
        self.fields["art"].choices = [("", _("alle"))] + sorted(case_types.items(),
                                                                key=lambda kv: kv[1])
        statuses = {s.key: s.title for s in StatusType.objects.valid_on(today)}
        self.fields["status"].choices = (
            [("", _("alle offenen")), ("alle", _("alle, auch erledigte"))]
            + list(statuses.items())
        )
        self.fields["bearbeitung"].choices = [
            ("", _("alle")), ("mine", _("meine Fälle")), ("unassigned", _("nicht zugewiesen")),
        ] + _staff_choices(user.jobcenter_id)
        teams = Team.objects.filter(jobcenter_id=user.jobcenter_id).order_by("name")
        self.fields["team"].choices = [("", _("alle")), ("none", _("ohne Team"))] + [
            (str(t.pk), t.name) for t in teams]

    def filters(self) -> QueueFilters:
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        return QueueFilters(
            q=data.get("q") or "",
            birth_date=data.get("geburtsdatum"),
            case_type=data.get("art") or "",
            status=data.get("status") or "",
            service_state=data.get("servicestand") or "",
            assignee=data.get("bearbeitung") or "",
            team=data.get("team") or "",
            min_age_days=data.get("alter_min"),
            max_age_days=data.get("alter_max"),
            order=data.get("sortierung") or "due",
        )


class VersionedForm(NamedMessagesMixin, forms.Form):
    """Every case edit carries the version the editor saw (optimistic concurrency)."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class AssignForm(VersionedForm):
    assignee = forms.ChoiceField(label=_("Zuweisen an"), required=False)

    def __init__(self, *args: Any, jobcenter_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["assignee"].choices = [("", _("niemand (freigeben)"))] + _staff_choices(
            jobcenter_id)


class StatusForm(VersionedForm):
    status = forms.ChoiceField(label=_("Neuer Status"))
    citizen_text = forms.CharField(
        label=_("Text für die Kundin oder den Kunden"), required=False, max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Leer lassen für den Standardtext des Status. Keine internen Angaben."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [
            (s.key, s.title)
            for s in StatusType.objects.valid_on(timezone.localdate()).filter(manual=True)
        ]


class NoteForm(NamedMessagesMixin, forms.Form):
    """An internal note (Vermerk) on the case; without a category it is "Allgemein"."""

    category = forms.ChoiceField(label=_("Kategorie"), choices=NoteCategory.choices,
                                 initial=NoteCategory.ALLGEMEIN, required=False)
    text = forms.CharField(label=_("Interne Notiz"), max_length=5000,
                           widget=forms.Textarea(attrs={"rows": 3}),
                           error_messages={"required": _("Bitte schreiben Sie eine Notiz.")})


class DocumentRequestForm(VersionedForm):
    ITEM_COUNT = 5

    deadline = MemorableDateField(
        label=_("Frist"), help_text=_("Mindestens eine Woche ab heute"),
        error_messages={"required": _("Bitte geben Sie die Frist an.")},
    )
    message = forms.CharField(
        label=_("Erläuterung für die Kundin oder den Kunden"), required=False, max_length=3000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("In einfacher Sprache: warum Sie die Unterlagen brauchen."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for i in range(1, self.ITEM_COUNT + 1):
            self.fields[f"item_{i}"] = forms.CharField(
                label=_("Unterlage %(n)s") % {"n": i}, required=(i == 1), max_length=200,
                error_messages={"required": _("Bitte nennen Sie mindestens eine Unterlage.")},
            )
            self.fields[f"hint_{i}"] = forms.CharField(
                label=_("Hinweis zu Unterlage %(n)s") % {"n": i}, required=False,
                max_length=500,
            )
        if not self.is_bound:
            self.initial.setdefault("deadline", timezone.localdate() + dt.timedelta(days=14))

    def items(self) -> list[tuple[str, str]]:
        data = self.cleaned_data
        return [(data[f"item_{i}"], data.get(f"hint_{i}", ""))
                for i in range(1, self.ITEM_COUNT + 1) if data.get(f"item_{i}")]


class UploadForm(NamedMessagesMixin, forms.Form):
    file = forms.FileField(
        label=_("Datei auswählen"),
        help_text=_("PDF, Foto (JPEG, HEIC) oder PNG, höchstens 10 MB. Ein Foto mit dem Handy "
                    "genügt."),
        error_messages={"required": _("Bitte wählen Sie eine Datei aus."),
                        "empty": _("Die Datei ist leer. Bitte wählen Sie eine andere Datei.")},
    )
