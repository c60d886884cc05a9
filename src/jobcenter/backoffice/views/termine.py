"""Staff pages of the appointments under /arbeitsbereich/termine/: the calendar per day and
week for a person or a team (with open callback requests), one appointment (confirm, move,
cancel with a reason, decide on a Meldetermin's "Ich kann nicht kommen", the video link,
its outcome afterwards with "Meldeversäumnis prüfen"), "Termine ohne Ergebnis",
inviting a person to a Meldetermin, and the availability (weekly patterns, absences)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jobcenter.accounts.models import User
from jobcenter.core.access import (
    CHANGE,
    AuthenticatedHttpRequest,
    Data,
    may,
    scope,
    staff_required,
)
from jobcenter.core.roles import Role
from jobcenter.households.selectors import person_for_staff
from jobcenter.jobcenters.models import Team
from jobcenter.minderungen import selectors as minderung_selectors
from jobcenter.termine import selectors, services, video
from jobcenter.termine.forms import (
    DecisionForm,
    ExceptionForm,
    LocationForm,
    MeldeterminForm,
    MoveForm,
    OutcomeForm,
    ReasonForm,
    RuleForm,
    TopicForm,
    parse_time,
)
from jobcenter.termine.legal import rechtsfolgenbelehrung
from jobcenter.termine.models import (
    Appointment,
    AvailabilityException,
    AvailabilityRule,
    Location,
    Topic,
)
from jobcenter.termine.slots import BERLIN, is_holiday
from jobcenter.transparency.models import AccessLogEntry

PURPOSE = AccessLogEntry.Purpose.APPOINTMENTS
#: Who has appointments: the roles that work with citizens in person.
APPOINTMENT_ROLES = (Role.LEISTUNG, Role.VERMITTLUNG, Role.TEAMLEITUNG)
#: "Termine ohne Ergebnis" shows at most this many, the oldest (the heading counts all).
WITHOUT_OUTCOME_SHOWN = 200


def _posted(request: AuthenticatedHttpRequest) -> Any:
    """The POST data of a POST (also an empty one, so the form is bound), else None."""
    return request.POST if request.method == "POST" else None


def _staff(user: User) -> list[User]:
    return list(User.objects.filter(jobcenter_id=user.jobcenter_id, is_active=True,
                                    role__in=APPOINTMENT_ROLES)
                .order_by("last_name", "first_name"))


def _teams(user: User) -> list[Team]:
    return list(scope(Team.objects.all(), user))


def _locations(user: User) -> list[Location]:
    return list(scope(Location.objects.filter(is_active=True), user))


def _topics(user: User) -> list[Topic]:
    return list(scope(Topic.objects.filter(is_active=True), user))


def _int(value: str | None) -> int | None:
    try:
        return int(value) if value else None
    except ValueError:
        return None


@staff_required(Data.TERMINE)
def calendar(request: AuthenticatedHttpRequest) -> HttpResponse:
    user = request.user
    view = "tag" if request.GET.get("ansicht") == "tag" else "woche"
    try:
        day = dt.date.fromisoformat(request.GET.get("datum", ""))
    except ValueError:
        day = timezone.localdate()
    staff = _staff(user)
    teams = _teams(user)
    team_id = _int(request.GET.get("team"))
    if team_id not in {t.pk for t in teams}:
        team_id = None
    person_id = _int(request.GET.get("person"))
    if person_id not in {u.pk for u in staff}:
        person_id = None
    if team_id is None and person_id is None:
        person_id = user.pk if user.pk in {u.pk for u in staff} else None
        if person_id is None and user.team_id:
            team_id = user.team_id
    first = day if view == "tag" else day - dt.timedelta(days=day.weekday())
    length = 1 if view == "tag" else 7
    start = dt.datetime.combine(first, dt.time.min, tzinfo=BERLIN)
    end = dt.datetime.combine(first + dt.timedelta(days=length), dt.time.min, tzinfo=BERLIN)
    items = selectors.calendar_for_staff(user=user, start=start, end=end, staff_id=person_id,
                                         team_id=team_id if person_id is None else None,
                                         include_cancelled=True)
    days = []
    for offset in range(length):
        current = first + dt.timedelta(days=offset)
        days.append({"day": current, "holiday": is_holiday(current, user.jobcenter),
                     "items": [a for a in items if timezone.localdate(a.start) == current]})
    callbacks = selectors.open_callbacks_for_staff(
        user=user, team_id=team_id if team_id else (user.team_id if person_id == user.pk
                                                     else None))
    step = dt.timedelta(days=length)
    shown = next((f"{u.first_name} {u.last_name}" for u in staff if u.pk == person_id),
                 next((t.name for t in teams if t.pk == team_id), ""))
    return render(request, "termine/staff/calendar.html", {
        "shown_name": shown,
        "view": view, "day": day, "days": days, "staff": staff, "teams": teams,
        "person_id": person_id, "team_id": team_id, "callbacks": callbacks,
        "previous": (first - step).isoformat(), "next": (first + step).isoformat(),
        "today": timezone.localdate().isoformat(),
        "can_change": may(user, Data.TERMINE, CHANGE),
    })


def _detail(request: AuthenticatedHttpRequest, appointment: Appointment,
            **forms: Any) -> dict[str, Any]:
    user = request.user
    history = selectors.outcome_history(appointment)
    melde = appointment.is_meldeversaeumnis
    minderung = (minderung_selectors.for_source_for_staff(user, f"termin:{appointment.pk}")
                 if melde and may(user, Data.LEISTUNGSAKTE) else None)
    latest = history[-1] if history else None
    return {
        "outcome_form": forms.get("outcome_form") or OutcomeForm(initial={
            "ergebnis": appointment.outcome, "vermerk": latest.note if latest else ""}),
        "history": history,
        "has_started": timezone.now() >= appointment.start,
        "missed_in_row": services.missed_in_row(appointment) if melde else 0,
        "minderung": minderung,
        "may_check": (melde and minderung is None and appointment.case_id is not None
                      and may(user, Data.LEISTUNGSAKTE, CHANGE)),
        "late_reason": (melde and appointment.answered_at is not None
                        and appointment.outcome_at is not None
                        and appointment.answered_at > appointment.outcome_at),
        "appointment": appointment,
        "day_iso": timezone.localdate(appointment.start).isoformat(),
        "video_url": video.join_url(appointment, user),
        "video_opens": video.window(appointment)[0],
        "belehrung": (rechtsfolgenbelehrung(appointment)
                      if appointment.kind == Appointment.Kind.MELDETERMIN else []),
        "decision_form": forms.get("decision_form") or DecisionForm(),
        "can_change": may(user, Data.TERMINE, CHANGE),
    }


@staff_required(Data.TERMINE)
def appointment_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    appointment = selectors.appointment_for_staff(user=request.user, pk=pk, purpose=PURPOSE)
    return render(request, "termine/staff/detail.html", _detail(request, appointment))


@staff_required(Data.TERMINE, CHANGE)
@require_POST
def appointment_confirm(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    appointment = selectors.appointment_for_staff(user=request.user, pk=pk, purpose=PURPOSE)
    try:
        services.appointment_confirm(appointment=appointment, actor=request.user)
    except services.TermineError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Der Termin ist bestätigt; die Kundin oder der Kunde wird "
                                    "benachrichtigt."))
    return redirect("termine_staff:detail", pk=pk)


@staff_required(Data.TERMINE, CHANGE)
def appointment_move(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    user = request.user
    appointment = selectors.appointment_for_staff(user=user, pk=pk, purpose=PURPOSE)
    local = timezone.localtime(appointment.start)
    initial = {"datum": local.date(), "uhrzeit": local.strftime("%H:%M"),
               "person": str(appointment.staff_id),
               "standort": str(appointment.location_id or "")}
    form = MoveForm(_posted(request), initial=initial, staff=_staff(user),
                    locations=_locations(user))
    if request.method == "POST" and form.is_valid():
        try:
            services.appointment_move(
                appointment=appointment, actor=user, start=form.start(),
                staff=form.staff[form.cleaned_data["person"]],
                location=form.locations.get(form.cleaned_data["standort"] or ""),
                reason=form.cleaned_data["begruendung"])
        except services.TermineError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Der Termin ist verschoben; die Kundin oder der Kunde "
                                        "wird benachrichtigt."))
            return redirect("termine_staff:detail", pk=pk)
    return render(request, "termine/staff/move.html", {"appointment": appointment, "form": form},
                  status=400 if form.is_bound and form.errors else 200)


@staff_required(Data.TERMINE, CHANGE)
def appointment_cancel(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    appointment = selectors.appointment_for_staff(user=request.user, pk=pk, purpose=PURPOSE)
    form = ReasonForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.appointment_cancel_by_staff(appointment=appointment, actor=request.user,
                                                 reason=form.cleaned_data["begruendung"])
        except services.TermineError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Der Termin ist abgesagt; die Kundin oder der Kunde "
                                        "wird benachrichtigt."))
            return redirect("termine_staff:detail", pk=pk)
    return render(request, "termine/staff/cancel.html", {"appointment": appointment,
                                                         "form": form},
                  status=400 if form.is_bound and form.errors else 200)


def _detail_post(request: AuthenticatedHttpRequest, pk: int, form_class: Any, key: str,
                 call: Callable[[Appointment, dict[str, Any]], object],
                 done: str) -> HttpResponse:
    """A form posted from the appointment's page: on success back to it with ``done``,
    otherwise the page again with the form's errors (400)."""
    appointment = selectors.appointment_for_staff(user=request.user, pk=pk, purpose=PURPOSE)
    form = form_class(request.POST)
    if form.is_valid():
        try:
            call(appointment, form.cleaned_data)
        except services.TermineError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, done)
            return redirect("termine_staff:detail", pk=pk)
    return render(request, "termine/staff/detail.html",
                  _detail(request, appointment, **{key: form}), status=400)


@staff_required(Data.TERMINE, CHANGE)
@require_POST
def appointment_outcome(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Record or correct what happened at the appointment (after its start)."""
    return _detail_post(
        request, pk, OutcomeForm, "outcome_form",
        lambda appointment, data: services.appointment_outcome_record(
            appointment=appointment, actor=request.user, outcome=data["ergebnis"],
            note=data["vermerk"], correction_reason=data["korrektur_grund"]),
        _("Das Ergebnis des Termins ist gespeichert."))


@staff_required(Data.TERMINE)
def without_outcome(request: AuthenticatedHttpRequest) -> HttpResponse:
    """"Termine ohne Ergebnis": started appointments of the own Jobcenter without an
    outcome, and reasons given afterwards for a missed Meldetermin; one's own, the team's
    or the whole Jobcenter's (``?wer=``; a Teamleitung starts with the team's)."""
    user = request.user
    asked = request.GET.get("wer") or ("alle" if request.GET.get("alle") == "1" else None)
    who = selectors.without_outcome_choice(user, asked)
    counts = selectors.without_outcome_counts(user=user)
    rows = selectors.without_outcome_for_staff(user=user, who=who,
                                               limit=WITHOUT_OUTCOME_SHOWN)
    return render(request, "termine/staff/without_outcome.html", {
        "rows": rows, "count": counts[who], "who": who,
        "choices": [{"who": choice, "count": counts[choice]}
                    for choice in selectors.without_outcome_choices(user)],
        "team": user.team if user.team_id else None,
        "late": selectors.late_reasons_for_staff(user=user, who=who,
                                                 limit=WITHOUT_OUTCOME_SHOWN),
        "can_change": may(user, Data.TERMINE, CHANGE),
    })


@staff_required(Data.TERMINE, CHANGE)
@require_POST
def meldetermin_decide(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _detail_post(
        request, pk, DecisionForm, "decision_form",
        lambda appointment, data: services.meldetermin_decide(
            appointment=appointment, actor=request.user,
            accept=data["entscheidung"] == "anerkannt", message=data["begruendung"]),
        _("Ihre Entscheidung ist gespeichert; die Kundin oder der Kunde wird benachrichtigt."))


@staff_required(Data.TERMINE, CHANGE)
def meldetermin_new(request: AuthenticatedHttpRequest, person_pk: int) -> HttpResponse:
    user = request.user
    person = person_for_staff(user, person_pk, purpose=PURPOSE)
    initial = {"person": str(user.pk), "dauer": 30}
    form = MeldeterminForm(_posted(request), initial=initial, staff=_staff(user),
                           locations=_locations(user), topics=_topics(user))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            appointment = services.meldetermin_invite(
                person=person, actor=user, staff=form.staff[data["person"]],
                topic=form.topics[data["thema"]], start=form.start(),
                duration_minutes=data["dauer"], channel=data["art"],
                location=form.locations.get(data["standort"] or ""), meldezweck=data["zweck"],
                message=data["nachricht"])
        except services.TermineError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Die Einladung ist verschickt. Die Kundin oder der "
                                        "Kunde sieht sie im Konto und wird per E-Mail "
                                        "benachrichtigt."))
            return redirect("termine_staff:detail", pk=appointment.pk)
    return render(request, "termine/staff/meldetermin.html", {
        "person": person, "form": form, "has_account": person.user_id is not None,
    }, status=400 if form.is_bound and form.errors else 200)


@staff_required(Data.TERMINE, CHANGE)
@require_POST
def callback_done(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    callback = selectors.callback_for_staff(user=request.user, pk=pk, purpose=PURPOSE)
    services.callback_done(callback=callback, actor=request.user)
    messages.success(request, _("Die Rückrufbitte ist erledigt."))
    return redirect("termine_staff:calendar")


# --- availability -----------------------------------------------------------------------


def _availability_forms(user: User, data: Any = None, which: str = "") -> dict[str, Any]:
    staff, locations, topics = _staff(user), _locations(user), _topics(user)
    today = timezone.localdate()
    rule_form = RuleForm(data if which == "rule" else None, staff=staff, locations=locations,
                         topics=topics, initial={"gueltig_ab": today})
    exception_form = ExceptionForm(data if which == "exception" else None, staff=staff,
                                   teams=_teams(user), initial={"tag": today})
    topic_form = TopicForm(data if which == "topic" else None, teams=_teams(user),
                           prefix="thema")
    location_form = LocationForm(data if which == "location" else None, prefix="standort")
    return {"rule_form": rule_form, "exception_form": exception_form,
            "topic_form": topic_form, "location_form": location_form}


@staff_required(Data.TERMINE)
def availability(request: AuthenticatedHttpRequest, forms: dict[str, Any] | None = None,
                 status: int = 200) -> HttpResponse:
    user = request.user
    team_id = _int(request.GET.get("team"))
    rules = scope(AvailabilityRule.objects.select_related("staff", "location")
                  .prefetch_related("topics"), user)
    today = timezone.localdate()
    exceptions = scope(AvailabilityException.objects.select_related("staff", "team"),
                       user).filter(day__gte=today)
    if team_id:
        rules = rules.filter(staff__team_id=team_id)
        exceptions = exceptions.filter(team_id=team_id) | exceptions.filter(
            staff__team_id=team_id)
    context = {"rules": rules, "exceptions": exceptions.order_by("day", "start_time"),
               "teams": _teams(user), "team_id": team_id,
               "topics": scope(Topic.objects.select_related("team"), user),
               "locations": _locations(user),
               "can_change": may(user, Data.TERMINE, CHANGE)}
    context.update(forms or _availability_forms(user))
    return render(request, "termine/staff/availability.html", context, status=status)


@staff_required(Data.TERMINE, CHANGE)
@require_POST
def rule_add(request: AuthenticatedHttpRequest) -> HttpResponse:
    user = request.user
    forms = _availability_forms(user, request.POST, "rule")
    form = forms["rule_form"]
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.rule_create(
                actor=user, staff=form.staff[data["person"]], weekday=data["wochentag"],
                start_time=parse_time(data["von"]) or dt.time(8),
                end_time=parse_time(data["bis"]) or dt.time(12),
                valid_from=data["gueltig_ab"], valid_until=data["gueltig_bis"],
                location=form.locations.get(data["standort"] or ""), on_site=data["vor_ort"],
                phone=data["telefon"], video=data["video"],
                topics=[form.topics[k] for k in data["themen"]])
        except services.TermineError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Die Sprechzeit ist gespeichert."))
            return redirect("termine_staff:availability")
    return availability(request, forms=forms, status=400)


@staff_required(Data.TERMINE, CHANGE)
@require_POST
def rule_delete(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    rule = get_object_or_404(scope(AvailabilityRule.objects.all(), request.user), pk=pk)
    services.rule_delete(rule=rule, actor=request.user)
    messages.success(request, _("Die Sprechzeit ist gelöscht. Gebuchte Termine bleiben "
                                "bestehen."))
    return redirect("termine_staff:availability")


@staff_required(Data.TERMINE, CHANGE)
@require_POST
def exception_add(request: AuthenticatedHttpRequest) -> HttpResponse:
    user = request.user
    forms = _availability_forms(user, request.POST, "exception")
    form = forms["exception_form"]
    if form.is_valid():
        data = form.cleaned_data
        who = data["wer"]
        try:
            exception = services.exception_create(
                actor=user, staff=form.staff.get(who),
                team_id=form.teams[who].pk if who in form.teams else None, day=data["tag"],
                start_time=parse_time(data["von"]), end_time=parse_time(data["bis"]),
                reason=data["grund"])
        except services.TermineError as exc:
            form.add_error(None, exc.message)
        else:
            affected = services.appointments_in_absence(exception)
            messages.success(request, _("Die Abwesenheit ist gespeichert. Es werden an diesem "
                                        "Tag keine Termine mehr angeboten."))
            if affected:
                messages.warning(request, _("An diesem Tag sind schon %(count)s Termine "
                                            "gebucht. Bitte verschieben oder sagen Sie sie ab "
                                            "(Kalender).") % {"count": affected})
            return redirect("termine_staff:availability")
    return availability(request, forms=forms, status=400)


@staff_required(Data.TERMINE, CHANGE)
@require_POST
def exception_delete(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    exception = get_object_or_404(scope(AvailabilityException.objects.all(), request.user),
                                  pk=pk)
    services.exception_delete(exception=exception, actor=request.user)
    messages.success(request, _("Die Abwesenheit ist gelöscht."))
    return redirect("termine_staff:availability")


@staff_required(Data.TERMINE, CHANGE)
@require_POST
def topic_add(request: AuthenticatedHttpRequest) -> HttpResponse:
    forms = _availability_forms(request.user, request.POST, "topic")
    form = forms["topic_form"]
    if form.is_valid():
        try:
            services.topic_save(actor=request.user, form=form)
        except services.TermineError as exc:
            form.add_error("title", exc.message)
        else:
            messages.success(request, _("Das Thema ist gespeichert."))
            return redirect("termine_staff:availability")
    return availability(request, forms=forms, status=400)


@staff_required(Data.TERMINE, CHANGE)
@require_POST
def topic_toggle(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    topic = get_object_or_404(scope(Topic.objects.all(), request.user), pk=pk)
    services.topic_set_active(topic=topic, actor=request.user, active=not topic.is_active)
    messages.success(request, _("Das Thema wird jetzt angeboten.") if topic.is_active
                     else _("Das Thema wird nicht mehr angeboten. Gebuchte Termine bleiben."))
    return redirect("termine_staff:availability")


@staff_required(Data.TERMINE, CHANGE)
@require_POST
def location_add(request: AuthenticatedHttpRequest) -> HttpResponse:
    forms = _availability_forms(request.user, request.POST, "location")
    form = forms["location_form"]
    if form.is_valid():
        services.location_save(actor=request.user, form=form)
        messages.success(request, _("Der Standort ist gespeichert."))
        return redirect("termine_staff:availability")
    return availability(request, forms=forms, status=400)
