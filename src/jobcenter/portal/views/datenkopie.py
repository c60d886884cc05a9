""""Kopie meiner Daten" (Art. 15 Abs. 3 DSGVO, § 83 SGB X): ask for a copy of one's data,
see its state, download it while it is kept. The copy is built by an outbox task
(``auskunft.tasks.copy_build``); the citizen is notified when it is ready."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.files.storage import default_storage
from django.http import FileResponse, HttpResponse
from django.shortcuts import redirect, render
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from jobcenter.auskunft import selectors, services
from jobcenter.core.access import AuthenticatedHttpRequest, citizen_required


@citizen_required
@require_http_methods(["GET", "POST"])
def data_copy(request: AuthenticatedHttpRequest) -> HttpResponse:
    if request.method == "POST":
        try:
            services.copy_request(user=request.user)
        except services.CopyRefused as refused:
            if refused.code == "open":
                messages.error(request, _("Ihre Kopie wird gerade erstellt. Bitte warten Sie, "
                                          "bis sie fertig ist; wir benachrichtigen Sie."))
            elif refused.next_at is None:
                messages.error(request, _("Ihrem Konto ist noch kein Jobcenter zugeordnet. "
                                          "Bitte tragen Sie Ihre Anschrift im Profil ein."))
            else:
                with timezone.override(settings.TIME_ZONE):
                    at = timezone.localtime(refused.next_at)
                messages.error(request, _(
                    "Sie haben vor Kurzem schon eine Kopie angefordert. Eine neue "
                    "Kopie können Sie "
                    "ab %(date)s, %(time)s Uhr anfordern. Bis dahin können Sie die letzte "
                    "Kopie herunterladen.") % {
                        "date": formats.date_format(at, "DATE_FORMAT"),
                        "time": formats.time_format(at, "TIME_FORMAT")})
            return redirect("portal:data_copy")
        messages.success(request, _("Ihre Anforderung ist eingegangen. Wir erstellen die Kopie "
                                    "und benachrichtigen Sie, sobald Sie sie herunterladen "
                                    "können."))
        return redirect("portal:data_copy")
    copies = list(selectors.copies_for_citizen(request.user)[:10])
    return render(request, "portal/data_copy.html", {
        "copies": copies,
        "open": any(c.status == c.Status.REQUESTED for c in copies),
        "download_days": settings.AUSKUNFT_DOWNLOAD_DAYS,
    })


@citizen_required
@require_GET
def data_copy_download(request: AuthenticatedHttpRequest, pk: int) -> FileResponse:
    copy = selectors.ready_copy_for_citizen(request.user, pk)
    services.copy_downloaded(copy=copy)
    with timezone.override(settings.TIME_ZONE):
        day = timezone.localtime(copy.ready_at)
    response = FileResponse(default_storage.open(copy.storage_name, "rb"),
                            content_type="application/zip", as_attachment=True,
                            filename=f"kopie-meiner-daten-{day:%Y-%m-%d}.zip")
    response["Cache-Control"] = "private, no-store"
    return response
