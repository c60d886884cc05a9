"""Each Jobcenter's legal pages, public: Datenschutzerklärung (Art. 13 DSGVO), Erklärung zur
Barrierefreiheit (BITV 2.0) with the feedback form, and Impressum. The texts come from
``jobcenters.legal`` (the Jobcenter's own entries, else defaults); its admin edits them in the
Verwaltung (``backoffice.legal``)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from jobcenter.core.access import public
from jobcenter.jobcenters import legal
from jobcenter.jobcenters.models import Jobcenter

#: At most this many feedback messages per client address and hour (spam protection).
FEEDBACK_PER_HOUR = 5


class FeedbackForm(forms.Form):
    message = forms.CharField(
        label=gettext_lazy("Welche Barriere ist Ihnen aufgefallen?"),
        max_length=5000, widget=forms.Textarea(attrs={"rows": 6}),
        help_text=gettext_lazy("Beschreiben Sie bitte, was nicht funktioniert hat und womit "
                               "Sie die Seite genutzt haben, z. B. mit einem Screenreader."),
        error_messages={"required": gettext_lazy("Bitte beschreiben Sie die Barriere."),
                        "max_length": gettext_lazy(
                            "Bitte fassen Sie sich kürzer (höchstens %(limit_value)d Zeichen).")},
    )
    page = forms.CharField(
        label=gettext_lazy("Auf welcher Seite?"), max_length=300, required=False,
        help_text=gettext_lazy("Zum Beispiel der Titel der Seite oder ihre Adresse."),
        error_messages={"max_length": gettext_lazy(
            "Bitte geben Sie höchstens %(limit_value)d Zeichen an.")},
    )
    contact = forms.EmailField(
        label=gettext_lazy("Ihre E-Mail-Adresse für eine Antwort"), required=False,
        max_length=254, widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        error_messages={"invalid": gettext_lazy(
            "Bitte geben Sie eine gültige E-Mail-Adresse an, zum Beispiel name@beispiel.de.")},
    )


def _jobcenter(slug: str) -> Jobcenter:
    return get_object_or_404(Jobcenter, slug=slug, is_active=True)


@public
@require_GET
def privacy(request: HttpRequest, slug: str) -> HttpResponse:
    return render(request, "portal/legal/privacy.html",
                  {"legal": legal.effective(_jobcenter(slug))})


@public
@require_GET
def imprint(request: HttpRequest, slug: str) -> HttpResponse:
    return render(request, "portal/legal/imprint.html",
                  {"legal": legal.effective(_jobcenter(slug))})


def _client(request: HttpRequest) -> str:
    return request.META.get("REMOTE_ADDR", "") or "unknown"


@public
@require_http_methods(["GET", "POST"])
def accessibility(request: HttpRequest, slug: str) -> HttpResponse:
    jobcenter = _jobcenter(slug)
    form = FeedbackForm(request.POST or None)
    status = 200
    if request.method == "POST":
        key = f"a11y-feedback:{_client(request)}"
        if cache.get(key, 0) >= FEEDBACK_PER_HOUR:
            form.is_valid()
            form.add_error(None, _("Sie haben in der letzten Stunde schon mehrere Rückmeldungen "
                                   "geschickt. Bitte versuchen Sie es später noch einmal oder "
                                   "schreiben Sie uns eine E-Mail."))
            status = 429
        elif form.is_valid():
            legal.accessibility_feedback_create(
                jobcenter=jobcenter, message=form.cleaned_data["message"],
                page=form.cleaned_data["page"], contact=form.cleaned_data["contact"])
            cache.add(key, 0, 3600)
            try:
                cache.incr(key)
            except ValueError:
                cache.set(key, 1, 3600)
            messages.success(request, _("Vielen Dank! Ihre Rückmeldung ist bei %(name)s "
                                        "angekommen.") % {"name": jobcenter.name})
            return redirect("legal:accessibility", slug=slug)
        else:
            status = 400
    return render(request, "portal/legal/accessibility.html",
                  {"legal": legal.effective(jobcenter), "form": form}, status=status)
