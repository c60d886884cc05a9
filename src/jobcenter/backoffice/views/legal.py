"""Verwaltung: the Jobcenter admin edits the Jobcenter's legal texts and reads the
accessibility feedback. Only the own Jobcenter (the row is the user's Jobcenter's)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from jobcenter.core.access import (
    CHANGE,
    AuthenticatedHttpRequest,
    Data,
    get_scoped_or_404,
    scope,
    staff_required,
)
from jobcenter.jobcenters import legal
from jobcenter.jobcenters.models import AccessibilityFeedback, LegalTexts


class LegalTextsForm(forms.ModelForm):
    class Meta:
        model = LegalTexts
        fields = [
            "dpo_name", "dpo_address", "dpo_email", "supervisory_authority", "storage_periods",
            "privacy_additions", "conformity", "known_barriers", "accessibility_evaluated_on",
            "enforcement_body", "feedback_email", "represented_by", "oversight",
            "imprint_additions",
        ]
        widgets = {
            "dpo_address": forms.Textarea(attrs={"rows": 3}),
            "supervisory_authority": forms.Textarea(attrs={"rows": 3}),
            "storage_periods": forms.Textarea(attrs={"rows": 3}),
            "privacy_additions": forms.Textarea(attrs={"rows": 4}),
            "known_barriers": forms.Textarea(attrs={"rows": 4}),
            "enforcement_body": forms.Textarea(attrs={"rows": 3}),
            "oversight": forms.Textarea(attrs={"rows": 3}),
            "imprint_additions": forms.Textarea(attrs={"rows": 3}),
            "accessibility_evaluated_on": forms.DateInput(
                format="%d.%m.%Y", attrs={"inputmode": "numeric", "placeholder": "TT.MM.JJJJ"}),
        }

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]  # ModelForm's own args
        self.fields["accessibility_evaluated_on"].input_formats = ["%d.%m.%Y", "%Y-%m-%d"]
        self.fields["accessibility_evaluated_on"].error_messages["invalid"] = _(
            "Bitte geben Sie das Datum als TT.MM.JJJJ an, zum Beispiel 04.12.2026.")
        for name in ("dpo_email", "feedback_email"):
            self.fields[name].error_messages["invalid"] = _(
                "Bitte geben Sie eine gültige E-Mail-Adresse an, zum Beispiel "
                "datenschutz@jobcenter-beispiel.de.")


@staff_required(Data.KONTEN, CHANGE)
@require_http_methods(["GET", "POST"])
def legal_texts(request: AuthenticatedHttpRequest) -> HttpResponse:
    jobcenter = request.user.jobcenter
    assert jobcenter is not None  # staff_required: staff belong to a Jobcenter
    texts = legal.legal_texts_for(jobcenter)
    form = LegalTextsForm(request.POST or None, instance=texts)
    if request.method == "POST" and form.is_valid():
        legal.legal_texts_save(texts=form.save(commit=False), actor=request.user)
        messages.success(request, _("Die Rechtstexte sind gespeichert und ab sofort sichtbar."))
        return redirect("backoffice:legal_texts")
    return render(request, "backoffice/legal_texts.html", {
        "form": form, "jobcenter": jobcenter, "effective": legal.effective(jobcenter),
    }, status=400 if form.errors else 200)


@staff_required(Data.KONTEN, CHANGE)
@require_http_methods(["GET"])
def feedback_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    items = scope(AccessibilityFeedback.objects.all(), request.user)[:200]
    return render(request, "backoffice/legal_feedback.html", {"items": items})


@staff_required(Data.KONTEN, CHANGE)
@require_POST
def feedback_done(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    feedback = get_scoped_or_404(AccessibilityFeedback.objects.all(), request.user, pk=pk)
    if feedback.handled_at is None:
        AccessibilityFeedback.objects.filter(pk=feedback.pk, handled_at__isnull=True).update(
            handled_at=timezone.now())
        messages.success(request, _("Die Rückmeldung ist als erledigt markiert."))
    return redirect("backoffice:legal_feedback")
