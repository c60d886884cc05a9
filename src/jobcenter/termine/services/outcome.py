"""The outcome of an appointment, recorded by staff after its start: "wahrgenommen", "nicht
erschienen", "nicht erschienen – wichtiger Grund nachgewiesen" or "ausgefallen" (on the
Jobcenter's side). For a Meldetermin the outcome "nicht erschienen" is the fact a
Meldeversäumnis (§ 32 SGB II) rests on: who recorded it and when is kept, every correction
needs a reason and keeps the earlier recording (``AppointmentOutcome``). Nothing follows
automatically; staff open the Minderung procedure themselves ("Meldeversäumnis prüfen")."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from jobcenter.notifications.services import notify
from jobcenter.termine.models import Appointment, AppointmentOutcome, Outcome
from jobcenter.termine.services.common import (
    TermineError,
    _locked,
    _staff_check,
    _timeline,
    when_text,
)

if TYPE_CHECKING:
    from jobcenter.accounts.models import User

#: What the citizen reads in the eAkte timeline for each outcome (German, shown translated).
_CITIZEN_TEXT = {
    Outcome.ATTENDED: gettext_noop("Sie waren bei Ihrem Termin. Vielen Dank."),
    Outcome.NO_SHOW: gettext_noop("Sie sind zu Ihrem Termin nicht erschienen."),
    Outcome.EXCUSED: gettext_noop("Sie waren nicht bei Ihrem Termin. Ihr Jobcenter hat Ihren "
                                  "wichtigen Grund anerkannt."),
    Outcome.NOT_HELD: gettext_noop("Ihr Termin hat nicht stattgefunden. Ihnen entsteht daraus "
                                   "kein Nachteil."),
}


@transaction.atomic
def appointment_outcome_record(*, appointment: Appointment, actor: User, outcome: str,
                               note: str = "", correction_reason: str = "") -> Appointment:
    """Record (or correct) what happened at an appointment whose start has passed. A second
    click with the same outcome and note changes nothing; a different outcome or note after
    a recording is a correction and needs ``correction_reason``."""
    appointment = _locked(appointment)
    _staff_check(appointment, actor)
    if outcome not in Outcome.values:
        raise TermineError(_("Bitte wählen Sie ein Ergebnis."))
    if appointment.status == Appointment.Status.CANCELLED:
        raise TermineError(_("Dieser Termin ist abgesagt; er hat kein Ergebnis."))
    if timezone.now() < appointment.start:
        raise TermineError(_("Das Ergebnis können Sie erst nach dem Beginn des Termins "
                             "erfassen."))
    note, correction_reason = note.strip()[:1000], correction_reason.strip()[:500]
    previous = appointment.outcomes.order_by("-recorded_at", "-pk").first()
    if previous is not None:
        if previous.outcome == outcome and previous.note == note:
            return appointment  # a double submit: already recorded
        if not correction_reason:
            raise TermineError(_("Das Ergebnis ist schon erfasst. Bitte geben Sie für die "
                                 "Korrektur einen Grund an."))
    row = AppointmentOutcome.objects.create(
        appointment=appointment, outcome=outcome, note=note,
        correction_reason=correction_reason if previous is not None else "",
        recorded_by=actor)
    appointment.outcome = outcome
    appointment.outcome_at = row.recorded_at
    appointment.outcome_by = actor
    appointment.save(update_fields=["outcome", "outcome_at", "outcome_by", "updated_at"])
    when = when_text(appointment.start)
    if previous is None:
        text = gettext_noop("Ergebnis des Termins am %(when)s erfasst: %(outcome)s")
    else:
        text = gettext_noop("Ergebnis des Termins am %(when)s korrigiert: %(outcome)s "
                            "(Grund: %(reason)s)")
    if previous is None or previous.outcome != outcome:
        _timeline(appointment, actor=actor,
                  text=lambda: _(text) % {"when": when, "outcome": Outcome(outcome).label,
                                          "reason": correction_reason},
                  citizen_text=lambda: _(_CITIZEN_TEXT[Outcome(outcome)]))
        if appointment.citizen.email and Outcome.NO_SHOW in {
                outcome, previous.outcome if previous else ""}:
            # "news in your account": the citizen may still give a wichtiger Grund
            notify(user=appointment.citizen, template="status_changed",
                   dedup_key=f"termin:{appointment.pk}:ergebnis:{row.pk}",
                   link_path=reverse("portal:appointment", kwargs={"pk": appointment.pk}))
    return appointment


def missed_in_row(appointment: Appointment) -> int:
    """How many Meldetermine of the person in a row, up to and including this one, are
    recorded as "nicht erschienen" without a recognised reason. Going back from this
    appointment, cancelled ones are skipped; the count stops at the first Meldetermin that
    was kept, excused, did not take place or has no outcome yet (in the person's favour:
    an unknown outcome never lengthens the row). 0 when this one is not such a miss."""
    if not appointment.is_meldeversaeumnis:
        return 0
    same_person = ({"person_id": appointment.person_id} if appointment.person_id
                   else {"citizen_id": appointment.citizen_id})
    earlier = (Appointment.objects.filter(
        jobcenter_id=appointment.jobcenter_id, kind=Appointment.Kind.MELDETERMIN,
        start__lte=appointment.start, **same_person)
        .exclude(status=Appointment.Status.CANCELLED)
        .order_by("-start", "-pk").values_list("pk", "outcome"))
    count = 0
    for pk, outcome in earlier:
        if pk != appointment.pk and count == 0:
            continue  # a later-created one at the same start: not before this one
        if outcome != Outcome.NO_SHOW:
            break
        count += 1
    return count
