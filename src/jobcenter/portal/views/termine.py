"""The citizen's appointments under /portal/termine/: the list, booking an offered slot by
topic and channel (or asking for a callback), one appointment's page with its .ics file and
— shortly before the start — the video link, cancelling and rebooking until the cutoff,
the answer "Ich kann nicht kommen" to a Meldetermin (and, after a missed Meldetermin,
the reason given afterwards), the outcome staff recorded in plain words. Every page works
without JavaScript."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from jobcenter.casefiles.services import CasefilesError
from jobcenter.core.access import AuthenticatedHttpRequest, citizen_required
from jobcenter.formengine.services import UploadRateLimited
from jobcenter.termine import selectors, services, video
from jobcenter.termine.forms import AbsenceForm, CallbackForm, SlotForm, TopicChannelForm
from jobcenter.termine.ics import ics_bytes
from jobcenter.termine.legal import rechtsfolgenbelehrung
from jobcenter.termine.models import Appointment, Channel, Location, Topic
from jobcenter.termine.slots import Slot, offered_slots


def _posted(request: AuthenticatedHttpRequest) -> Any:
    """The POST data of a POST (also an empty one, so the form is bound), else None."""
    return request.POST if request.method == "POST" else None


@citizen_required
@require_GET
def appointments(request: AuthenticatedHttpRequest) -> HttpResponse:
    user = request.user
    return render(request, "termine/citizen/list.html", {
        "upcoming": selectors.upcoming_for_citizen(user),
        "earlier": selectors.past_or_cancelled_for_citizen(user),
        "callbacks": selectors.open_callbacks_for_citizen(user),
        "can_book": selectors.bookable_topics(user.jobcenter_id).exists(),
        "jobcenter": user.jobcenter,
    })


def _days(slots: list[Slot]) -> list[tuple[dt.date, list[tuple[Slot, str]]]]:
    """The slots by Berlin day, each with the name of its place (on site)."""
    ids = {s.location_id for s in slots if s.location_id}
    names = {loc.pk: _(loc.name) for loc in Location.objects.filter(pk__in=ids)}
    by_day: dict[dt.date, list[tuple[Slot, str]]] = defaultdict(list)
    for slot in slots:
        by_day[timezone.localdate(slot.start)].append(
            (slot, names.get(slot.location_id or 0, "")))
    return sorted(by_day.items())


def _week(request: AuthenticatedHttpRequest) -> int:
    try:
        return max(0, min(int(request.GET.get("woche", "0")), 4))
    except ValueError:
        return 0


def _slot_page(slots: list[Slot], week: int) -> tuple[list[Slot], bool]:
    """One week of slots (counted from the first offered day) and whether more follow."""
    if not slots:
        return [], False
    first = timezone.localdate(slots[0].start)
    start = first + dt.timedelta(days=7 * week)
    end = start + dt.timedelta(days=7)
    shown = [s for s in slots if start <= timezone.localdate(s.start) < end]
    more = any(timezone.localdate(s.start) >= end for s in slots)
    return shown, more


@citizen_required
def book(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Step 1 (GET without a choice): topic and channel. Step 2 (GET with both): the free
    slots of one week. POST: book the chosen slot."""
    user = request.user
    topics = list(selectors.bookable_topics(user.jobcenter_id))
    if not topics:
        return redirect("portal:appointments")
    source = request.POST if request.method == "POST" else request.GET
    choice = TopicChannelForm(source if "thema" in source else None, topics=topics,
                              video=video.video_available())
    context: dict = {"choice": choice, "topics": topics}
    if not choice.is_bound or not choice.is_valid():
        return render(request, "termine/citizen/book.html", context,
                      status=400 if choice.is_bound else 200)
    topic: Topic = choice.cleaned_data["topic"]
    channel = choice.cleaned_data["art"]
    slots = offered_slots(topic=topic, channel=channel)
    week = _week(request)
    shown, more = _slot_page(slots, week)
    form = SlotForm(_posted(request),
                    keys=[s.key for s in slots])
    if request.method == "POST" and form.is_valid():
        try:
            appointment = services.appointment_book(citizen=user, topic=topic, channel=channel,
                                                    slot_key=form.cleaned_data["termin"])
        except services.TermineError as exc:
            form.add_error("termin", exc.message)
        else:
            messages.success(request, _("Ihr Termin ist gebucht. Wir haben Ihnen eine E-Mail "
                                        "geschickt; Ihr Jobcenter bestätigt den Termin."))
            return redirect("portal:appointment", pk=appointment.pk)
    context.update({
        "topic": topic, "channel": channel, "channel_label": Channel(channel).label,
        "days": _days(shown), "form": form, "week": week, "more": more,
        "any_slots": bool(slots),
    })
    status = 400 if form.is_bound and form.errors else 200
    return render(request, "termine/citizen/slots.html", context, status=status)


def _detail_context(request: AuthenticatedHttpRequest, appointment: Appointment) -> dict:
    now = timezone.now()
    opens, closes = video.window(appointment)
    return {
        "appointment": appointment,
        "may_change": services.citizen_may_change(appointment, now=now),
        "cutoff": services.cutoff(appointment),
        "cutoff_hours": settings.TERMINE_CANCEL_CUTOFF_HOURS,
        "video_url": video.join_url(appointment, request.user, now=now),
        "video_opens": opens, "video_closed": now >= closes,
        "video_minutes": settings.TERMINE_VIDEO_OPENS_MINUTES,
        "belehrung": (rechtsfolgenbelehrung(appointment)
                      if appointment.kind == Appointment.Kind.MELDETERMIN else []),
        "may_answer": (appointment.kind == Appointment.Kind.MELDETERMIN
                       and appointment.status == Appointment.Status.CONFIRMED
                       and now < appointment.end and not appointment.outcome),
        "reason_given_late": (appointment.is_meldeversaeumnis
                              and appointment.answered_at is not None
                              and appointment.outcome_at is not None
                              and appointment.answered_at > appointment.outcome_at),
        "is_past": appointment.end <= now,
    }


@citizen_required
@require_GET
def appointment_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    appointment = selectors.appointment_for_citizen(request.user, pk)
    return render(request, "termine/citizen/detail.html", _detail_context(request, appointment))


@citizen_required
@require_GET
def appointment_ics(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    appointment = selectors.appointment_for_citizen(request.user, pk)
    link = settings.PUBLIC_BASE_URL.rstrip("/") + reverse("portal:appointment", kwargs={"pk": pk})
    response = HttpResponse(ics_bytes(appointment, link=link),
                            content_type="text/calendar; charset=utf-8")
    local = timezone.localtime(appointment.start)
    response["Content-Disposition"] = f'attachment; filename="termin-{local:%Y-%m-%d}.ics"'
    response["Cache-Control"] = "no-store"
    return response


@citizen_required
def appointment_cancel(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """GET: ask once more; POST: cancel (a second click changes nothing)."""
    appointment = selectors.appointment_for_citizen(request.user, pk)
    error = ""
    if request.method == "POST":
        try:
            services.appointment_cancel_by_citizen(appointment=appointment,
                                                   citizen=request.user)
        except services.TermineError as exc:
            error = exc.message
        else:
            messages.success(request, _("Ihr Termin ist abgesagt."))
            return redirect("portal:appointment", pk=pk)
    elif not services.citizen_may_change(appointment):
        return redirect("portal:appointment", pk=pk)
    return render(request, "termine/citizen/cancel.html",
                  {"appointment": appointment, "error": error}, status=400 if error else 200)


@citizen_required
def appointment_rebook(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    appointment = selectors.appointment_for_citizen(request.user, pk)
    if not services.citizen_may_change(appointment):
        messages.error(request, _("Diesen Termin können Sie online nicht mehr verschieben. "
                                  "Bitte rufen Sie Ihr Jobcenter an."))
        return redirect("portal:appointment", pk=pk)
    slots = [s for s in offered_slots(topic=appointment.topic, channel=appointment.channel)
             if s.start != appointment.start]
    week = _week(request)
    shown, more = _slot_page(slots, week)
    form = SlotForm(_posted(request),
                    keys=[s.key for s in slots])
    if request.method == "POST" and form.is_valid():
        try:
            services.appointment_rebook(appointment=appointment, citizen=request.user,
                                        slot_key=form.cleaned_data["termin"])
        except services.TermineError as exc:
            form.add_error("termin", exc.message)
        else:
            messages.success(request, _("Ihr Termin ist verschoben. Bitte laden Sie die "
                                        "Kalenderdatei neu herunter."))
            return redirect("portal:appointment", pk=pk)
    return render(request, "termine/citizen/slots.html", {
        "appointment": appointment, "topic": appointment.topic,
        "channel": appointment.channel, "channel_label": appointment.get_channel_display(),
        "days": _days(shown), "form": form, "week": week, "more": more,
        "any_slots": bool(slots), "rebook": True,
    }, status=400 if form.is_bound and form.errors else 200)


@citizen_required
def meldetermin_answer(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """"Ich kann nicht kommen" with a wichtiger Grund and, if at hand, a proof."""
    appointment = selectors.appointment_for_citizen(request.user, pk)
    if appointment.kind != Appointment.Kind.MELDETERMIN:
        return redirect("portal:appointment", pk=pk)
    can_upload = services.case_of(appointment) is not None
    form = AbsenceForm(_posted(request), request.FILES or None)
    if appointment.is_meldeversaeumnis:  # the reason afterwards
        form.fields["grund"].label = _("Warum konnten Sie nicht kommen?")
    retry_after = None
    if request.method == "POST" and form.is_valid():
        try:
            services.meldetermin_answer(
                appointment=appointment, citizen=request.user,
                reason=form.cleaned_data["grund"], text=form.cleaned_data["erlaeuterung"],
                upload=form.cleaned_data["nachweis"] if can_upload else None)
        except UploadRateLimited as exc:
            form.add_error("nachweis", exc.messages[0])
            retry_after = exc.retry_after
        except CasefilesError as exc:
            form.add_error("nachweis", str(exc))
        except services.TermineError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Danke, Ihre Nachricht ist angekommen. Ihr Jobcenter "
                                        "prüft den Grund und antwortet Ihnen."))
            return redirect("portal:appointment", pk=pk)
    response = render(request, "termine/citizen/answer.html", {
        "appointment": appointment, "form": form, "can_upload": can_upload,
        "afterwards": appointment.is_meldeversaeumnis,
    }, status=429 if retry_after else 400 if form.is_bound and form.errors else 200)
    if retry_after:
        response["Retry-After"] = str(retry_after)
    return response


@citizen_required
def callback(request: AuthenticatedHttpRequest) -> HttpResponse:
    user = request.user
    topics = list(selectors.bookable_topics(user.jobcenter_id))
    if not topics:
        return redirect("portal:appointments")
    initial = {"telefon": user.phone or ""} if hasattr(user, "phone") else {}
    form = CallbackForm(_posted(request), topics=topics, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.callback_request(citizen=user, topic=form.topics[form.cleaned_data["thema"]],
                                      phone=form.cleaned_data["telefon"],
                                      window=form.cleaned_data["zeit"])
        except services.TermineError as exc:
            form.add_error("thema", exc.message)
        else:
            messages.success(request, _("Danke! Ihr Jobcenter ruft Sie zurück, in der Regel "
                                        "innerhalb von zwei Arbeitstagen."))
            return redirect("portal:appointments")
    return render(request, "termine/citizen/callback.html", {"form": form},
                  status=400 if form.is_bound and form.errors else 200)


@citizen_required
@require_POST
def callback_withdraw(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    callback_obj = selectors.callback_for_citizen(request.user, pk)
    services.callback_withdraw(callback=callback_obj, citizen=request.user)
    messages.success(request, _("Ihre Rückrufbitte ist zurückgezogen."))
    return redirect("portal:appointments")
