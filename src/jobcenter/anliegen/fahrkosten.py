"""Erstattung der Fahrkosten zu Meldeterminen (§ 59 SGB II with § 309 Abs. 4 SGB III): the
choice "which Meldetermin?" (options source ``eigene_meldetermine``, registered in
``config/wiring.py``), the amount by the rules of the Bundesreisekostengesetz, and the facts
the caseworker decides on.

The law: § 309 Abs. 4 SGB III (applied through § 59 SGB II): "Die notwendigen Reisekosten,
die der meldepflichtigen Person und einer erforderlichen Begleitperson aus Anlass der
Meldung entstehen, können auf Antrag übernommen werden, soweit sie nicht bereits nach
anderen Vorschriften oder auf Grund anderer Vorschriften dieses Buches übernommen werden
können." An Ermessensleistung (§ 39 SGB I); towards people on SGB II benefits a refusal is
the exception (BSG, 6 December 2007, B 14/7b AS 50/06 R).

The amount: the norm names no rate; practice applies the Bundesreisekostengesetz by analogy
(Sauer in Haufe SGB Office, § 309 SGB III Rz. 22): public transport at the cost of the
lowest class (§ 4 Abs. 1 BRKG), a car 20 Cent per kilometre driven, at most 130 Euro
(§ 5 Abs. 1 BRKG).

The time limit: § 309 Abs. 4 SGB III sets none. By the same analogy the application is due
within six months after the journey (Ausschlussfrist of § 3 Abs. 2 Satz 1 BRKG), so the form
offers the Meldetermine of the last six months; an older journey can still be brought by
letter or Postfach, where staff decide on it.

Which Meldetermine: the subject's own (online the citizen's account; on paper the
``households.Person`` the entry is for, in its own Jobcenter) that were to be attended in
person (``Channel.ON_SITE``), have begun, and were neither cancelled nor excused
(``Status.BOOKED``/``CONFIRMED`` — not ``CANT_COME`` or ``CANCELLED``). The calendar does not
record attendance; the citizen declares it with the form, and staff confirm it on the
decide screen (refusal text "nicht erschienen"). The key of a choice is ``termin-<id>``: a
choice is valid only if the appointment is one of the subject's own, so another citizen's
appointment can never be chosen. A choice already stored stays resolvable (and named) while
it is the subject's own in-person Meldetermin that has begun, also after six months.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db.models import QuerySet
from django.utils import formats, timezone, translation
from django.utils.translation import gettext
from django.utils.translation import gettext as _

from jobcenter.casefiles.models import Case
from jobcenter.core.roles import Role
from jobcenter.decisions.deadlines import add_months
from jobcenter.decisions.documents import date_de, euro
from jobcenter.formengine.definition import Option
from jobcenter.households.models import Person
from jobcenter.termine.models import Appointment, Channel, Outcome

FORM_KEY = "fahrkosten_meldetermin"
SOURCE = "eigene_meldetermine"
PREFIX = "termin-"
#: § 3 Abs. 2 Satz 1 BRKG (by analogy): six months after the journey.
MONTHS_BACK = 6
#: § 5 Abs. 1 Satz 2 BRKG: 20 Cent per kilometre, at most 130 Euro.
KM_RATE = Decimal("0.20")
KM_CAP = Decimal("130.00")
LANGUAGES = ("de", "en")
CLAIMABLE = (Appointment.Status.BOOKED, Appointment.Status.CONFIRMED)


def earliest(now: dt.datetime | None = None) -> dt.datetime:
    """The first instant whose Meldetermine can still be claimed (six months back)."""
    today = timezone.localdate(now or timezone.now())
    first = add_months(today, -MONTHS_BACK)
    return timezone.make_aware(dt.datetime.combine(first, dt.time.min))


def claimable(subject: Any, now: dt.datetime | None = None) -> QuerySet[Appointment]:
    """The subject's past in-person Meldetermine of the last six months, newest first;
    not those recorded as missed (``Appointment.outcome``): no journey, no travel costs."""
    now = now or timezone.now()
    qs = Appointment.objects.filter(
        kind=Appointment.Kind.MELDETERMIN, channel=Channel.ON_SITE, status__in=CLAIMABLE,
        start__lte=now, start__gte=earliest(now),
    ).exclude(outcome__in=(Outcome.NO_SHOW, Outcome.EXCUSED)).select_related(
        "location").order_by("-start", "-pk")
    if isinstance(subject, Person):
        return qs.filter(person=subject, jobcenter_id=subject.jobcenter_id)
    if getattr(subject, "role", None) == Role.CITIZEN and getattr(subject, "pk", None):
        # the Jobcenter the concern goes to (after a move: not the former one's)
        return qs.filter(citizen=subject, jobcenter_id=subject.jobcenter_id)
    return qs.none()


def _when(appointment: Appointment) -> dict[str, str]:
    local = timezone.localtime(appointment.start)
    return {"date": formats.date_format(local, "DATE_FORMAT"),
            "time": formats.time_format(local, "H:i"),
            "place": appointment.location.name if appointment.location else ""}


def termin_label(appointment: Appointment) -> dict[str, str]:
    """"Meldetermin am 3. November 2026, 09:30 Uhr (Hauptstelle)" per language."""
    label = {}
    for language in LANGUAGES:
        with translation.override(language):
            values = _when(appointment)
            label[language] = (
                gettext("Meldetermin am %(date)s, %(time)s Uhr (%(place)s)") % values
                if values["place"] else
                gettext("Meldetermin am %(date)s, %(time)s Uhr") % values)
    return label


def _own(appointment: Appointment, subject: Any) -> bool:
    if isinstance(subject, Person):
        return (appointment.person_id == subject.pk
                and appointment.jobcenter_id == subject.jobcenter_id)
    return (getattr(subject, "role", None) == Role.CITIZEN
            and appointment.citizen_id == getattr(subject, "pk", None))


def termin_options(answers: Mapping[str, Any], subject: Any) -> list[Option]:
    """The options source ``eigene_meldetermine``: the claimable Meldetermine, and the one
    already chosen if it is still the subject's own in-person Meldetermin that has begun —
    so a stored application keeps showing its appointment by name after six months or after
    the appointment's state changed (the summary, the receipt, the case page)."""
    found = list(claimable(subject))
    chosen = termin_named(answers.get("termin")) if isinstance(answers, Mapping) else None
    if (chosen is not None and chosen not in found and _own(chosen, subject)
            and chosen.channel == Channel.ON_SITE and chosen.start <= timezone.now()):
        found.append(chosen)
    return [Option(key=f"{PREFIX}{a.pk}", label=termin_label(a)) for a in found]


def termin_named(answer: Any) -> Appointment | None:
    """The appointment a stored answer chose (None for anything else). Only called for
    answers the form engine accepted, i.e. one of the subject's own Meldetermine."""
    value = str(answer or "")
    if not value.startswith(PREFIX) or not value[len(PREFIX):].isdigit():
        return None
    return (Appointment.objects.select_related("location")
            .filter(pk=int(value[len(PREFIX):]), kind=Appointment.Kind.MELDETERMIN).first())


def termin_day(answer: Any) -> str:
    """"03.11.2026" for the letter (as its other dates), or "" when the answer names no
    appointment."""
    appointment = termin_named(answer)
    if appointment is None:
        return ""
    return date_de(timezone.localtime(appointment.start).date())


def _decimal(value: Any) -> Decimal | None:
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError, TypeError):
        return None
    return number if number.is_finite() and number > 0 else None


def km_amount(kilometres: Any) -> tuple[Decimal, bool] | None:
    """(amount, capped) for a journey by car of ``kilometres`` there and back: 20 Cent per
    kilometre, at most 130 Euro (§ 5 Abs. 1 BRKG); None for no valid distance."""
    distance = _decimal(kilometres)
    if distance is None:
        return None
    amount = distance * KM_RATE
    if amount > KM_CAP:
        return KM_CAP, True
    return amount.quantize(Decimal("0.01")), False


def suggested_amount(answers: Mapping[str, Any]) -> Decimal | None:
    """What the rules give for the answers: the tickets' price for public transport, the
    Wegstreckenentschädigung for a car; None when the answers give no amount."""
    if answers.get("verkehrsmittel") == "auto":
        found = km_amount(answers.get("kilometer"))
        return found[0] if found else None
    if answers.get("verkehrsmittel") == "oepnv":
        return _decimal(answers.get("betrag"))
    return None


def staff_facts(case: Case) -> list[tuple[str, str]]:
    """Beside the answers on the decide screen: the Meldetermin as the calendar has it, the
    amount by the rules, and other applications for the same appointment."""
    answers = case.data or {}
    facts: list[tuple[str, str]] = []
    appointment = termin_named(answers.get("termin"))
    own = appointment is not None and (
        (case.applicant_user_id is not None and appointment.citizen_id == case.applicant_user_id)
        or (case.applicant_id is not None and appointment.person_id == case.applicant_id))
    if appointment is None or not own:
        facts.append((_("Meldetermin"), _("nicht gefunden – bitte im Kalender prüfen")))
    else:
        assert appointment is not None
        values = _when(appointment)
        facts.append((_("Meldetermin"), _("%(date)s, %(time)s Uhr") % values
                      + (f" ({values['place']})" if values["place"] else "")))
        facts.append((_("Stand im Kalender"), _(
            "%(status)s – nicht abgesagt; ob die Person erschienen ist, bitte bestätigen")
            % {"status": appointment.get_status_display()}))
        if appointment.meldezweck:
            facts.append((_("Zweck der Meldung"), appointment.get_meldezweck_display()))
    if answers.get("verkehrsmittel") == "auto":
        found = km_amount(answers.get("kilometer"))
        if found is not None:
            amount, capped = found
            text = _("%(km)s km × 0,20 € = %(amount)s") % {
                "km": formats.number_format(_decimal(answers.get("kilometer")) or 0),
                "amount": euro(amount)}
            if capped:
                text = _("%(km)s km × 0,20 €, höchstens %(amount)s") % {
                    "km": formats.number_format(_decimal(answers.get("kilometer")) or 0),
                    "amount": euro(KM_CAP)}
            facts.append((_("Wegstreckenentschädigung (§ 5 Abs. 1 BRKG)"), text))
    elif answers.get("verkehrsmittel") == "oepnv":
        price = _decimal(answers.get("betrag"))
        facts.append((_("Fahrkarten laut Antrag"), euro(price) if price else _("keine Angabe")))
    termin = answers.get("termin")
    others = list(Case.objects.filter(jobcenter_id=case.jobcenter_id, form_key=FORM_KEY,
                                      data__termin=termin)
                  .exclude(pk=case.pk).order_by("received_at")
                  .values_list("reference", flat=True)) if isinstance(termin, str) else []
    facts.append((_("Weitere Anträge zu diesem Termin"),
                  ", ".join(others) if others else _("keine")))
    return facts
