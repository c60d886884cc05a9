"""Citizen views of received applications: confirmation page, receipt PDF, JSON export,
attachments, and a public fingerprint check for an export file."""

from __future__ import annotations

import json

from django import forms
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from jobcenter.antraege import forms_meta, receipt, selectors
from jobcenter.antraege.models import Submission, SubmissionAttachment
from jobcenter.core.access import citizen_required, get_scoped_or_404, public
from jobcenter.core.pending import document_pending


def _file(name: str, *, filename: str, content_type: str, inline: bool) -> FileResponse:
    try:
        handle = default_storage.open(name, "rb")
    except (FileNotFoundError, OSError) as exc:
        raise Http404 from exc
    response = FileResponse(
        handle, as_attachment=not inline, filename=filename, content_type=content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@citizen_required
def detail(request: HttpRequest, reference: str) -> HttpResponse:
    submission = get_scoped_or_404(
        Submission.objects.prefetch_related("attachments"), request.user, reference=reference
    )
    return render(
        request,
        "antraege/detail.html",
        {
            "submission": submission,
            "form_title": forms_meta.submission_title(submission),
            "topics": selectors.submission_topics(submission),
            # what the receipt says besides the answers: from when it counts, what follows
            "guidance": receipt.receipt_guidance(
                form_key=submission.form_key, received_on=submission.received_on,
                jobcenter=submission.jobcenter,
                online=submission.channel != Submission.Channel.PAPIER),
        },
    )


@citizen_required
def receipt_pdf(request: HttpRequest, reference: str) -> HttpResponse:
    submission = get_scoped_or_404(Submission.objects.all(), request.user, reference=reference)
    if not submission.receipt_ready:  # rendered after the submit, in a background task
        return document_pending(
            request, title=_("Eingangsbestätigung"),
            back_url=reverse("antraege:detail", kwargs={"reference": submission.reference}),
            back_label=_("Zurück zu Ihrem Antrag"))
    return _file(
        submission.receipt_name,
        filename=f"Eingangsbestaetigung-{submission.reference}.pdf",
        content_type="application/pdf",
        inline=True,
    )


@citizen_required
def export_json(request: HttpRequest, reference: str) -> FileResponse:
    submission = get_scoped_or_404(Submission.objects.all(), request.user, reference=reference)
    return _file(
        submission.export_name,
        filename=f"Antrag-{submission.reference}.json",
        content_type="application/json",
        inline=False,
    )


@citizen_required
def attachment(request: HttpRequest, reference: str, pk: int) -> FileResponse:
    item = get_scoped_or_404(
        SubmissionAttachment.objects.select_related("submission"),
        request.user,
        pk=pk,
        submission__reference=reference,
    )
    return _file(
        item.storage_name, filename=item.title, content_type=item.content_type, inline=False
    )


class VerifyForm(forms.Form):
    export = forms.FileField(
        label=_("Export-Datei Ihres Antrags (JSON)"),
        help_text=_("Die Datei „Antrag-JC-….json“ aus Ihrem Konto. Sie wird nicht gespeichert."),
    )

    def clean_export(self):
        upload = self.cleaned_data["export"]
        if upload.size > 5 * 1024 * 1024:
            raise forms.ValidationError(_("Die Datei ist größer als 5 MB."))
        raw = upload.read()
        try:
            matches, recorded, recomputed = receipt.verify_export(raw)
        except (UnicodeDecodeError, json.JSONDecodeError, AttributeError, TypeError) as exc:
            raise forms.ValidationError(_("Das ist keine Export-Datei eines Antrags.")) from exc
        return {"matches": matches, "recorded": recorded, "recomputed": recomputed}


@public
def verify(request: HttpRequest) -> HttpResponse:
    result = None
    if request.method == "POST":
        form = VerifyForm(request.POST, request.FILES)
        if form.is_valid():
            result = form.cleaned_data["export"]
    else:
        form = VerifyForm()
    return render(request, "antraege/verify.html", {"form": form, "result": result})
