"""The Jobcenter admin's own work area (/arbeitsbereich/verwaltung/…): edit, deactivate and
re-role staff (``accounts.services.staff_update``: the last admin stays), the Jobcenter's
settings with its logo (through the upload pipeline's checks and virus scan), a preview
of the letterhead as the Bescheid PDF prints it, and the Auszahlungskonto (the debtor of
the SEPA files) with the trail of its changes."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from jobcenter.accounts import services as account_services
from jobcenter.accounts.models import User
from jobcenter.backoffice.haushalt_forms import JobcenterSettingsForm, StaffEditForm
from jobcenter.core.access import (
    CHANGE,
    AuthenticatedHttpRequest,
    Data,
    get_scoped_or_404,
    staff_required,
)
from jobcenter.core.roles import STAFF_ROLES
from jobcenter.decisions.pdf import PdfRenderError, render_pdf
from jobcenter.formengine import uploads
from jobcenter.formengine.services import upload_scan
from jobcenter.jobcenters import services as jobcenter_services
from jobcenter.jobcenters.models import Jobcenter
from jobcenter.zahlungen import services as zahlungen_services
from jobcenter.zahlungen.forms import PayerAccountForm
from jobcenter.zahlungen.models import PayerAccount, PayerAccountChange


@staff_required(Data.KONTEN, CHANGE)
def staff_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    staff = get_scoped_or_404(User.objects.filter(role__in=STAFF_ROLES), request.user, pk=pk)
    form = StaffEditForm(request.POST or None, jobcenter_id=request.user.jobcenter_id, initial={
        "first_name": staff.first_name, "last_name": staff.last_name, "role": staff.role,
        "team": staff.team_id, "is_active": staff.is_active})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            changed = account_services.staff_update(
                changed_by=request.user, staff=staff, first_name=data["first_name"],
                last_name=data["last_name"], role=data["role"], team=data["team"],
                is_active=data["is_active"])
        except account_services.AccountError as exc:
            form.add_error(None, str(exc))
        else:
            if changed:
                messages.success(request, _("Das Konto von %(name)s wurde geändert.")
                                 % {"name": staff.get_full_name()})
            else:
                messages.info(request, _("Es wurde nichts geändert."))
            return redirect("backoffice:administration")
    return render(request, "backoffice/verwaltung/staff_edit.html", {
        "staff": staff, "form": form,
        "activated": staff.has_usable_password(),
    })


def _logo_content(form: JobcenterSettingsForm) -> bytes | None:
    """The uploaded logo, checked by the upload pipeline (type from the content, complete
    decoding, size) and virus-scanned; errors land on the field."""
    upload = form.cleaned_data.get("logo_upload")
    if not upload:
        return None
    if upload.size > jobcenter_services.LOGO_MAX_BYTES:
        form.add_error("logo_upload", _("Das Logo ist größer als 1 MB. Bitte laden Sie eine "
                                        "kleinere PNG-Datei hoch."))
        return None
    data = upload.read()
    try:
        clean = uploads.inspect(data)
        if clean.extension != "png":
            raise ValidationError(_("Bitte laden Sie das Logo als PNG-Datei hoch."))
        upload_scan(clean.content)
    except ValidationError as exc:
        form.add_error("logo_upload", exc.messages[0])
        return None
    return clean.content


@staff_required(Data.KONTEN, CHANGE)
def settings_edit(request: AuthenticatedHttpRequest) -> HttpResponse:
    jobcenter = Jobcenter.objects.get(pk=request.user.jobcenter_id)
    form = JobcenterSettingsForm(request.POST or None, request.FILES or None,
                                 instance=Jobcenter.objects.get(pk=jobcenter.pk))
    if request.method == "POST" and form.is_valid():
        logo = _logo_content(form)
        if not form.errors:
            fields = {name: form.cleaned_data[name] for name in JobcenterSettingsForm.Meta.fields}
            try:
                jobcenter_services.jobcenter_settings_update(
                    jobcenter=jobcenter, actor=request.user, **fields)
                if logo is not None:
                    jobcenter_services.jobcenter_logo_set(jobcenter=jobcenter,
                                                          actor=request.user, content=logo)
                elif form.cleaned_data.get("logo_remove") and jobcenter.logo:
                    jobcenter_services.jobcenter_logo_set(jobcenter=jobcenter,
                                                          actor=request.user, content=None)
            except (jobcenter_services.JobcenterSettingsError, ValidationError) as exc:
                form.add_error(None, "; ".join(getattr(exc, "messages", [str(exc)])))
            else:
                messages.success(request, _("Die Einstellungen wurden gespeichert."))
                return redirect("backoffice:settings")
    return render(request, "backoffice/verwaltung/settings.html",
                  {"form": form, "jobcenter": jobcenter})


def letterhead_data(jobcenter: Jobcenter) -> dict:
    """The Bescheid's data (``decisions.documents.bescheid_data``'s shape) for a sample
    letter: the Jobcenter's own letterhead, a sample addressee and a line saying it is a
    preview — rendered by the Bescheid's own template, so the preview is the header the
    Bescheide print."""
    today = timezone.localdate()
    with translation.override("de"):
        return {
            "title": _("Vorschau des Briefkopfs"),
            "footer_reference": _("Muster"),
            "labels": {
                "page": _("Seite"), "phone": _("Telefon"), "email": _("E-Mail"),
                "website": _("Internet"), "opening_hours": _("Öffnungszeiten"),
                "amounts": _("Monatliche Beträge"), "month": _("Monat"), "person": _("Person"),
                "amount": _("Betrag"), "reasons": _("Begründung"), "position": _("Position"),
                "legal_basis": _("Rechtsgrundlage"), "rechtsbehelf": _("Hinweis"),
            },
            "jobcenter": {
                "name": jobcenter.name, "street": jobcenter.street,
                "postcode": jobcenter.postcode, "city": jobcenter.city,
                "phone": jobcenter.phone, "email": jobcenter.email,
                "website": jobcenter.website or "",
                "opening_hours": jobcenter.opening_hours_lines,
            },
            "addressee": ["Erika Mustermann", "Musterweg 1", f"{jobcenter.postcode} "
                          f"{jobcenter.city}"],
            "reference_rows": [[_("Aktenzeichen"), _("Muster")],
                               [_("Datum"), today.strftime("%d.%m.%Y")]],
            "paragraphs": [_("So sieht der Kopf Ihrer Bescheide aus: Name, Anschrift, Logo, "
                             "Kontaktdaten und Öffnungszeiten stammen aus den Einstellungen "
                             "Ihres Jobcenters.")],
            "amount_rows": [], "reasons": [], "berechnungsboegen": [],
            "rechtsbehelf": [_("In Bescheiden folgen hier Beträge, Begründung und die "
                               "Rechtsbehelfsbelehrung.")],
            "signature_note": _("Dies ist eine Vorschau und kein Bescheid."),
        }


def _logo(jobcenter: Jobcenter) -> tuple[bytes, str] | None:
    if not jobcenter.logo:
        return None
    ext = jobcenter.logo.name.rsplit(".", 1)[-1].lower()
    if ext not in {"png", "svg"}:
        return None
    try:
        with jobcenter.logo.open("rb") as handle:
            return handle.read(), ext
    except OSError:
        return None


@staff_required(Data.KONTEN, CHANGE)
def letterhead_preview(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The letterhead as a PDF, rendered by the Bescheid's template (no data of anybody)."""
    jobcenter = Jobcenter.objects.get(pk=request.user.jobcenter_id)
    try:
        pdf = render_pdf(letterhead_data(jobcenter), logo=_logo(jobcenter))
    except PdfRenderError:
        messages.error(request, _("Die Vorschau konnte gerade nicht erstellt werden. Bitte "
                                  "versuchen Sie es noch einmal."))
        return redirect("backoffice:settings")
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = 'inline; filename="briefkopf-vorschau.pdf"'
    response["Cache-Control"] = "no-store"
    return response


@staff_required(Data.KONTEN, CHANGE)
@require_http_methods(["GET", "POST"])
def payer_account(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The Auszahlungskonto (debtor of the SEPA files) and the trail of its changes."""
    jobcenter = Jobcenter.objects.get(pk=request.user.jobcenter_id)
    current = PayerAccount.objects.filter(jobcenter=jobcenter).first()
    initial = ({"name": current.name, "iban": current.iban, "bic": current.bic}
               if current else {"name": jobcenter.name[:70]})
    form = PayerAccountForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            stored = zahlungen_services.payer_account_set(
                jobcenter=jobcenter, actor=request.user, name=data["name"], iban=data["iban"],
                bic=data["bic"], reason=data["reason"])
        except zahlungen_services.PayerAccountError as exc:
            form.add_error(None, str(exc))
        else:
            if stored is None:
                messages.info(request, _("Es wurde nichts geändert."))
            else:
                messages.success(request, _("Das Auszahlungskonto wurde gespeichert."))
            return redirect("backoffice:payer_account")
    changes = (PayerAccountChange.objects.filter(jobcenter=jobcenter)
               .select_related("changed_by")[:50])
    return render(request, "backoffice/verwaltung/payer_account.html", {
        "form": form, "current": current, "changes": changes,
    }, status=400 if form.errors else 200)
