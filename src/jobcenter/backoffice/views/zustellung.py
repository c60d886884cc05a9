"""A person's notices and their delivery log (attempts, retries, bounces), for staff who
may read the person's master data: what reached the citizen, by which channel, and what
failed — e.g. to explain why a reminder did not arrive. Reading it is logged."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from jobcenter.core.access import Data, staff_required
from jobcenter.households.selectors import person_for_staff, person_notifications_for_staff
from jobcenter.notifications.models import Notification
from jobcenter.notifications.services import title_for


@staff_required(Data.STAMMDATEN)
def person_notifications(request: HttpRequest, pk: int) -> HttpResponse:
    person = person_for_staff(request.user, pk)
    page = person_notifications_for_staff(request.user, person, page=request.GET.get("seite"))
    statuses = dict(Notification.Status.choices)
    rows = [{
        "notification": n, "title": title_for(n.template),
        "email": statuses.get(n.status, n.status),
        "sms": statuses.get(n.sms_status, "") if n.sms_status else "",
        "attempts": list(n.delivery_attempts.all()),
    } for n in page.object_list]
    return render(request, "backoffice/person_notifications.html", {
        "person": person, "page": page, "rows": rows, "query": "",
    })
