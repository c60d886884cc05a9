"""The case itself: errors, the dated catalogue (case, status, document types), the timeline
and the citizen's notices, and the edits with optimistic concurrency (status, assignment,
internal notes).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from jobcenter.accounts.models import User
from jobcenter.casefiles.models import (
    Case,
    CaseType,
    DocumentType,
    InternalNote,
    StatusType,
    TimelineEntry,
)
from jobcenter.core import datastand
from jobcenter.core.arbeitstage import processing_dates
from jobcenter.households.models import NoteCategory
from jobcenter.jobcenters.models import Jobcenter
from jobcenter.notifications.services import notify


class CasefilesError(Exception):
    """A write that cannot be done; the message is translated and safe to show."""


class IntakeError(CasefilesError):
    pass


class CaseConflict(CasefilesError):
    """The case changed since the editor loaded it (optimistic concurrency)."""

    def __init__(self, case: Case, expected_version: int) -> None:
        self.case = case
        self.expected_version = expected_version
        super().__init__(
            _("Jemand anderes hat diesen Fall inzwischen geändert. Ihre Eingaben sind noch "
              "da; bitte prüfen Sie die Änderungen und speichern Sie erneut.")
        )

    @property
    def changes(self) -> list[TimelineEntry]:
        return list(
            self.case.timeline.filter(case_version__gt=self.expected_version)
            .select_related("actor")
            .order_by("at", "pk")
        )


def _today() -> dt.date:
    return timezone.localdate()


def status_type(key: str, day: dt.date | None = None) -> StatusType:
    entry = StatusType.objects.entry(key, day or _today())
    if entry is None:
        raise CasefilesError(_("Der Status „%(key)s“ ist nicht (mehr) gültig.") % {"key": key})
    return entry


def case_type(key: str, day: dt.date | None = None) -> CaseType:
    entry = CaseType.objects.entry(key, day or _today())
    if entry is None:
        raise CasefilesError(
            _("Die Vorgangsart „%(key)s“ ist nicht (mehr) gültig.") % {"key": key}
        )
    return entry


def document_type(key: str, day: dt.date | None = None) -> DocumentType:
    entry = DocumentType.objects.entry(key, day or _today())
    if entry is None:
        raise CasefilesError(
            _("Die Dokumentart „%(key)s“ ist nicht (mehr) gültig.") % {"key": key}
        )
    return entry


def service_dates(*, kind: CaseType, received_at: dt.datetime,
                  jobcenter: Jobcenter) -> tuple[dt.datetime, dt.datetime]:
    """(due_at, at_risk_at) for a case of ``kind`` received at ``received_at`` by
    ``jobcenter``: the standard is ``kind.processing_days`` working days counted from the
    Berlin day of receipt in the Jobcenter's Land (``core.arbeitstage.processing_dates``);
    due at the end of the due day, at risk when ``kind.at_risk_days`` working days are
    left. Stored on the case, so the queues filter and sort by it in the database."""
    return processing_dates(received_at, kind.processing_days, kind.at_risk_days,
                            jobcenter.land, jobcenter.catholic_local_holidays)


def timeline_add(
    *,
    case: Case,
    kind: str,
    text: str,
    actor: User | None = None,
    citizen_text: str | None = None,
    case_version: int | None = None,
) -> TimelineEntry:
    entry = _timeline_entry(case_id=case.pk, kind=kind, text=text, actor=actor,
                            citizen_text=citizen_text, case_version=case_version)
    entry.save(force_insert=True)
    return entry


def _timeline_entry(*, case_id: int, kind: str, text: str, actor: User | None,
                    citizen_text: str | None = None,
                    case_version: int | None = None) -> TimelineEntry:
    return TimelineEntry(
        case_id=case_id, kind=kind, text=text[:500], actor=actor,
        citizen_text=citizen_text[:500] if citizen_text else None, case_version=case_version,
    )


def timeline_add_many(
    *, case_ids: Iterable[int], kind: str, text: str, actor: User | None = None
) -> list[TimelineEntry]:
    """The same internal entry (no citizen text, so no notice) for many cases in one insert,
    e.g. the drafts of a mass recalculation."""
    entries = [_timeline_entry(case_id=case_id, kind=kind, text=text, actor=actor)
               for case_id in case_ids]
    created = TimelineEntry.objects.bulk_create(entries)
    datastand.changed(TimelineEntry, [entry.pk for entry in created])
    return created


def _notify_citizen(case: Case, *, template: str, key: str, link_path: str = "") -> None:
    """E-mail notice through ``notifications.notify``: sent after commit, once per ``key``,
    without personal data; only if the case has a citizen account with an e-mail address.
    The link leads to "Meine Anliegen" (``link_path`` to another page of their account); it
    names no case, as the mail names nothing of the citizen's."""
    user = case.applicant_user if case.applicant_user_id else None
    if user is None or not user.email:
        return
    notify(user=user, template=template, dedup_key=key,
           link_path=link_path or reverse("portal:concerns"))


def _bump(*, case: Case, expected_version: int | None, **fields: object) -> Case:
    """Update ``case`` if its version is still ``expected_version``; else CaseConflict."""
    qs = Case.objects.filter(pk=case.pk)
    if expected_version is not None:
        qs = qs.filter(version=expected_version)
    updated = qs.update(version=F("version") + 1, updated_at=timezone.now(), **fields)
    fresh = Case.objects.select_related("status", "assignee", "team", "case_type").get(
        pk=case.pk
    )
    if not updated:
        raise CaseConflict(fresh, expected_version or 0)
    datastand.changed(Case, instances=[case, fresh])  # the owner before and after
    return fresh


@transaction.atomic
def case_set_status(
    *,
    case: Case,
    status_key: str,
    actor: User | None,
    expected_version: int | None = None,
    citizen_text: str | None = None,
    notify: bool = True,
    notice_template: str = "status_changed",
    notice_link: str = "",
) -> Case:
    """Move ``case`` to status ``status_key``; the citizen sees ``citizen_text`` (or the
    status's own text) in their timeline and gets an e-mail notice if the status says so
    (``notify=False`` when the caller sends its own notice for the same occasion;
    ``notice_template``/``notice_link`` when the occasion has a more specific notice, e.g. a
    Bescheid in the account)."""
    new_status = status_type(status_key)
    old_title = case.status.title if case.status_id else ""
    fields: dict[str, object] = {"status": new_status}
    fields["closed_at"] = timezone.now() if new_status.is_final else None
    fresh = _bump(case=case, expected_version=expected_version, **fields)
    entry = timeline_add(
        case=fresh, kind=TimelineEntry.Kind.STATUS, actor=actor,
        text=_("Status: %(old)s → %(new)s") % {"old": old_title, "new": new_status.title},
        citizen_text=citizen_text or new_status.citizen_text, case_version=fresh.version,
    )
    if notify and new_status.notify_citizen:
        _notify_citizen(fresh, template=notice_template, key=f"status:{entry.pk}",
                        link_path=notice_link)
    # Callers holding ``case`` see the new state too.
    case.status, case.version, case.closed_at = fresh.status, fresh.version, fresh.closed_at
    return fresh


@transaction.atomic
def case_assign(
    *,
    case: Case,
    assignee: User | None,
    actor: User,
    expected_version: int | None = None,
    team_id: int | None | object = ...,
) -> Case:
    """Assign (or with ``assignee=None`` release) a case; ``team_id`` optionally moves it."""
    if assignee is not None and (
        assignee.jobcenter_id != case.jobcenter_id or not assignee.is_staff_member
    ):
        raise CasefilesError(_("Diese Person gehört nicht zu Ihrem Jobcenter."))
    fields: dict[str, object] = {"assignee": assignee}
    if team_id is not ...:
        fields["team_id"] = team_id
    elif assignee is not None and assignee.team_id:
        fields["team_id"] = assignee.team_id
    fresh = _bump(case=case, expected_version=expected_version, **fields)
    if assignee is None:
        text = _("Bearbeitung freigegeben durch %(actor)s") % {"actor": actor}
    elif assignee.pk == actor.pk:
        text = _("Übernommen von %(actor)s") % {"actor": actor}
    else:
        text = _("Zugewiesen an %(assignee)s durch %(actor)s") % {
            "assignee": assignee, "actor": actor}
    timeline_add(case=fresh, kind=TimelineEntry.Kind.ASSIGNMENT, actor=actor, text=text,
                 case_version=fresh.version)
    return fresh


@transaction.atomic
def cases_bulk_assign(*, cases: list[Case], assignee: User | None, actor: User) -> int:
    """Team lead: assign many cases at once (no version check: a deliberate override)."""
    for case in cases:
        case_assign(case=case, assignee=assignee, actor=actor)
    return len(cases)


@transaction.atomic
def note_add(*, case: Case, author: User, text: str,
             category: str = NoteCategory.ALLGEMEIN) -> InternalNote:
    text = text.strip()
    if not text:
        raise CasefilesError(_("Bitte schreiben Sie eine Notiz."))
    if category not in NoteCategory.values:
        raise CasefilesError(_("Bitte wählen Sie eine Kategorie."))
    note = InternalNote.objects.create(case=case, author=author, text=text, category=category)
    timeline_add(case=case, kind=TimelineEntry.Kind.NOTE, actor=author,
                 text=_("Interne Notiz von %(author)s") % {"author": author})
    return note
