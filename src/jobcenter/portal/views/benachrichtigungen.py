"""The notification centre: every notice of the citizen's account (whatever reached them by
e-mail or SMS, and what they switched off there), unread ones marked; open one, mark one or
all as read. Works without JavaScript (links and small forms)."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jobcenter.core.access import AuthenticatedHttpRequest, citizen_required
from jobcenter.core.redirects import safe_return_url
from jobcenter.notifications import selectors
from jobcenter.notifications.services import notification_mark_read, notifications_mark_all_read


def _list_url(request: AuthenticatedHttpRequest) -> str:
    url = reverse("notifications_citizen:list")
    page = request.POST.get("seite", "")
    return f"{url}?seite={page}" if page.isdigit() else url


@citizen_required
def notification_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    page = selectors.notifications_page(request.user, request.GET.get("seite"))
    return render(request, "portal/notifications.html", {
        "page": page, "unread": selectors.unread_count(request.user), "query": "",
    })


@citizen_required
def notification_open(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Open a notice: it counts as read, and the citizen goes where it leads."""
    notification = selectors.notification_for(request.user, pk)
    if notification is None:
        raise Http404
    notification_mark_read(user=request.user, notification_id=notification.pk)
    target = notification.link_path or reverse("portal:overview")
    # only a page of this site (the link was written by us; kept safe all the same)
    path = target.split("?", 1)[0].split("#", 1)[0]
    return redirect(safe_return_url(target, default=reverse("portal:overview"), paths=[path]))


@citizen_required
@require_POST
def notification_read(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    if not notification_mark_read(user=request.user, notification_id=pk):
        raise Http404
    messages.success(request, _("Die Benachrichtigung ist als gelesen markiert."))
    return redirect(_list_url(request))


@citizen_required
@require_POST
def notification_read_all(request: AuthenticatedHttpRequest) -> HttpResponse:
    count = notifications_mark_all_read(user=request.user)
    if count:
        messages.success(request, _("Alle Benachrichtigungen sind als gelesen markiert."))
    return redirect(_list_url(request))
