"""Verwaltung → Angemessenheitsgrenzen (/arbeitsbereich/verwaltung/angemessenheitsgrenzen/):
the Jobcenter admin reads the tables in force and before, and adds a new table valid from
a day (``bedarfe.angemessenheit.table_create``); the Zusicherung for a move is pre-checked
against it. No personal data on this page."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext_lazy

from jobcenter.bedarfe import angemessenheit
from jobcenter.core.access import CHANGE, AuthenticatedHttpRequest, Data, staff_required
from jobcenter.jobcenters.models import Jobcenter

SIZES = range(1, 9)
_REQUIRED = gettext_lazy("Die Grenze für eine Person ist nötig.")


class TableForm(forms.Form):
    valid_from = forms.DateField(label=gettext_lazy("Gültig ab"),
                                 widget=forms.DateInput(attrs={"type": "date"}),
                                 error_messages={"required": gettext_lazy(
                                     "Bitte geben Sie an, ab wann die Grenzen gelten."),
                                     "invalid": gettext_lazy(
                                     "Bitte geben Sie ein Datum an, z. B. 01.01.2027.")})

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for size in SIZES:
            self.fields[f"miete_{size}"] = forms.CharField(
                required=size == 1, error_messages={"required": _REQUIRED}, max_length=12,
                label=ngettext_lazy(
                    "Bruttokaltmiete für %(n)s Person (€ im Monat)",
                    "Bruttokaltmiete für %(n)s Personen (€ im Monat)", size) % {"n": size},
                widget=forms.TextInput(attrs={"inputmode": "decimal"}))
            self.fields[f"heizung_{size}"] = forms.CharField(
                required=size == 1, error_messages={"required": _REQUIRED}, max_length=12,
                label=ngettext_lazy(
                    "Heizkosten für %(n)s Person (€ im Monat)",
                    "Heizkosten für %(n)s Personen (€ im Monat)", size) % {"n": size},
                widget=forms.TextInput(attrs={"inputmode": "decimal"}))


@staff_required(Data.KONTEN, CHANGE)
def tables(request: AuthenticatedHttpRequest) -> HttpResponse:
    jobcenter = Jobcenter.objects.get(pk=request.user.jobcenter_id)
    today = timezone.localdate()
    current = angemessenheit.table_valid_on(jobcenter.pk, today)
    initial = {f"miete_{r.personen}": f"{r.bruttokaltmiete}".replace(".", ",")
               for r in current}
    initial.update({f"heizung_{r.personen}": f"{r.heizkosten}".replace(".", ",")
                    for r in current})
    form = TableForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        rows = {size: (form.cleaned_data.get(f"miete_{size}", ""),
                       form.cleaned_data.get(f"heizung_{size}", "")) for size in SIZES}
        try:
            angemessenheit.table_create(jobcenter=jobcenter, actor=request.user,
                                        valid_from=form.cleaned_data["valid_from"], rows=rows)
        except angemessenheit.TableError as exc:
            for field, message in exc.problems.items():
                form.add_error(None if field == "__all__" else field, message)
        else:
            messages.success(request, _("Die neuen Angemessenheitsgrenzen sind gespeichert."))
            return redirect("backoffice:angemessenheit")
    return render(request, "backoffice/verwaltung/angemessenheit.html", {
        "form": form, "jobcenter": jobcenter, "current": current,
        "tables": angemessenheit.tables(jobcenter.pk), "today": today})
