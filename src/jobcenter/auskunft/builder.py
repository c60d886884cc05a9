"""What goes into the copy: the citizen's own data as the portal shows it to them.

Every part is read through the citizen-side selectors of its domain (``scope`` with the
citizen as the reader), so the copy holds exactly what the account shows — the persons of
the Bedarfsgemeinschaft as the overview lists them (name and role, nothing else of another
adult), documents the citizen may see, Bescheide delivered to them, their Postfach, their
appointments, payments and the access log as "Wer hat meine Daten gesehen?" shows it. No
database key, staff note or internal status reaches it.

``collect`` returns plain data: text already in the reader's language (the caller sets it),
times as aware datetimes (the JSON writes them ISO 8601 in Berlin time, the summary in the
reader's format)."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.utils import formats
from django.utils.functional import Promise
from django.utils.translation import gettext

from jobcenter.accounts.models import User
from jobcenter.casefiles.models import Document
from jobcenter.casefiles.selectors import cases_for_citizen, timeline_for_citizen
from jobcenter.core.access import scope
from jobcenter.decisions.selectors import bescheide_for_citizen
from jobcenter.households.models import Person
from jobcenter.households.selectors import current_household_for_user
from jobcenter.postfach.selectors import threads_for_citizen
from jobcenter.termine.selectors import appointments_for_citizen
from jobcenter.transparency.selectors import access_log_rows_for_citizen
from jobcenter.zahlungen.models import Claim
from jobcenter.zahlungen.selectors import (
    claims_for_citizen,
    letters_for_citizen,
    payments_for_citizen,
)

#: The sections of the copy, in order (key → heading via ``SECTION_TITLES`` in the task).
SECTIONS = ("konto", "bedarfsgemeinschaft", "anliegen", "bescheide", "postfach", "termine",
            "zahlungen", "forderungen", "zugriffe")


def _account(user: User) -> dict[str, Any]:
    person = scope(Person.objects.all(), user).filter(user=user).first()
    return {
        "vorname": user.first_name, "nachname": user.last_name, "email": user.email,
        # as the profile shows them: the account's own entry, else the person record's
        "telefon": user.phone or getattr(person, "phone", ""),
        "strasse": user.street or getattr(person, "street", ""),
        "postleitzahl": user.postcode or getattr(person, "postcode", ""),
        "ort": user.city or getattr(person, "city", ""), "konto_seit": user.date_joined,
        "jobcenter": user.jobcenter.name if user.jobcenter else "",
        "geburtsdatum": person.birth_date if person else None,
        "kundennummer": person.customer_number if person else "",
    }


def _household(user: User) -> dict[str, Any] | None:
    household = current_household_for_user(user)
    if household is None:
        return None
    return {
        "nummer": household.bedarfsgemeinschaft.number,
        "personen": [{"name": f"{m.person.first_name} {m.person.last_name}",
                      "rolle": m.get_role_display()} for m in household.members],
    }


def _cases(user: User) -> list[dict[str, Any]]:
    result = []
    for case in cases_for_citizen(user):
        documents = (Document.objects.filter(case=case, visible_to_citizen=True)
                     .order_by("created_at", "pk"))
        result.append({
            "aktenzeichen": case.reference,
            "art": gettext(case.case_type.title),
            "stand": gettext(case.status.title) if case.status_id else "",
            "eingang": case.received_at,
            "verlauf": [{"zeit": t.at, "text": t.citizen_text}
                        for t in timeline_for_citizen(case)],
            "dokumente": [{"titel": d.title, "datum": d.created_at} for d in documents],
        })
    return result


def _bescheide(user: User) -> list[dict[str, Any]]:
    return [{"art": gettext(d.decision_type.title), "datum": d.letter_date,
             "aktenzeichen": d.case.reference} for d in bescheide_for_citizen(user)]


def _postfach(user: User) -> list[dict[str, Any]]:
    result = []
    for thread in threads_for_citizen(user).prefetch_related("messages__attachments"):
        result.append({
            "betreff": thread.subject,
            "nachrichten": [{
                "zeit": m.created_at,
                "von": gettext("Jobcenter") if m.from_staff else gettext("Sie"),
                "text": m.body,
                "anhaenge": [a.name for a in m.attachments.all()],
            } for m in sorted(thread.messages.all(), key=lambda m: (m.created_at, m.pk))],
        })
    return result


def _appointments(user: User) -> list[dict[str, Any]]:
    return [{
        "beginn": a.start, "ende": a.end, "art": a.get_kind_display(),
        "thema": a.topic.title, "gespraech": a.get_channel_display(),
        "ort": a.location.name if a.location else "", "stand": a.get_status_display(),
        "ergebnis": a.get_outcome_display(),
    } for a in appointments_for_citizen(user).select_related("topic", "location")
        .order_by("-start")]


def _payments(user: User) -> list[dict[str, Any]]:
    return [{
        "monat": p.month, "art": p.get_kind_display(), "betrag": p.amount,
        "ueberwiesen_am": p.run.execution_date, "an": p.recipient_name,
        "stand": p.get_status_display(),
    } for p in payments_for_citizen(user).select_related("run")]


def _offset_end_reason(claim: Claim) -> str:
    """Why the Aufrechnung ended, in the citizen's words: the Bescheid that ended the
    benefit, or — ended by hand because the Bezug ended — that it ended. The note staff
    wrote when ending an Aufrechnung by hand is the file's, not this copy's (like every
    Vermerk: "Was nicht in dieser Kopie steht")."""
    if claim.offset_ended_at is None:
        return ""
    if claim.offset_end_decision is not None:
        return gettext("Ihre Leistungen endeten mit dem Bescheid Nr. %(ref)s vom %(day)s.") % {
            "ref": claim.offset_end_decision.reference,
            "day": formats.date_format(claim.offset_end_decision.letter_date, "DATE_FORMAT")
            if claim.offset_end_decision.letter_date else ""}
    if claim.offset_end_bezug:
        return gettext("Ihr Leistungsbezug endete.")
    return ""


def _claims(user: User) -> list[dict[str, Any]]:
    """The claims against the citizen as "Zahlungen" shows them, with the Aufrechnung's end
    (when, why in their words), the due date (a loan's rest falls due when the benefit
    ends) and the letters sent about each claim."""
    letters: dict[int, list[dict[str, Any]]] = {}
    for letter in letters_for_citizen(user).filter(claim__isnull=False).order_by(
            "letter_date", "pk"):
        letters.setdefault(letter.claim_id, []).append({  # type: ignore[arg-type]
            "art": letter.get_kind_display(), "datum": letter.letter_date,
            "versand": letter.get_channel_display(), "stand": letter.get_status_display()})
    result = []
    for view in claims_for_citizen(user):
        claim = view.claim
        result.append({
            "bescheid": claim.bescheid.reference, "bescheid_vom": claim.bescheid.letter_date,
            "art": claim.get_basis_display(), "rechtsgrundlage": claim.rechtsgrundlage,
            "betrag": claim.amount, "offen": view.balance, "faellig_am": claim.due_date,
            "stand": view.state,
            "aufrechnung": view.offset_label if view.offset else "",
            "aufrechnung_zeitraum": view.offset,
            "aufrechnung_beendet_am": claim.offset_ended_at,
            "aufrechnung_beendet_weil": _offset_end_reason(claim),
            "schreiben": letters.get(claim.pk, []),
        })
    return result


def _access_log(user: User) -> list[dict[str, Any]]:
    return [{
        "zeit": row.at, "was": f"{row.what}: {row.detail}" if row.detail else row.what,
        "wer": ", ".join(str(part) for part in (
            row.staff_name, row.role or gettext("Mitarbeiterin oder Mitarbeiter"),
            gettext("Team %(team)s") % {"team": row.team} if row.team else "", row.jobcenter)
            if part),
        "warum": str(row.purpose),
    } for row in access_log_rows_for_citizen(user)]


def collect(user: User) -> dict[str, Any]:
    """The citizen's data, section by section (keys of ``SECTIONS``)."""
    return {
        "konto": _account(user), "bedarfsgemeinschaft": _household(user),
        "anliegen": _cases(user), "bescheide": _bescheide(user), "postfach": _postfach(user),
        "termine": _appointments(user), "zahlungen": _payments(user),
        "forderungen": _claims(user), "zugriffe": _access_log(user),
    }


def json_default(value: Any) -> str:
    """ISO 8601 for the machine-readable file: times in Berlin time, amounts as text."""
    if isinstance(value, dt.datetime):
        return value.astimezone(zoneinfo.ZoneInfo(settings.TIME_ZONE)).isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Decimal | Promise):  # amounts as exact text; lazy translations
        return str(value)
    raise TypeError(f"not serialisable: {type(value).__name__}")
