"""The letters of the payments area (``Letter``): created with their text fixed, rendered
once as PDF/A (``decisions``' ``pdf/schreiben.typ`` through ``core.typst_pdf``) by the
outbox task ``zahlungen.letter_render`` and filed in the eAkte. Online only where the
person chose it (``DeliveryPreference``), then visible in their account at once and
announced by a notice without personal data; otherwise on the print list until staff mark
the letter as posted (the presumed delivery is then the fourth day, § 37 Abs. 2 SGB X)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from typing import Any

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from jobcenter.casefiles.models import Case
from jobcenter.casefiles.services import case_add_document
from jobcenter.core.typst_pdf import render_pdf
from jobcenter.decisions import deadlines
from jobcenter.decisions.documents import date_de, jobcenter_logo
from jobcenter.decisions.models import DeliveryPreference
from jobcenter.decisions.services.anhoerung_letter import TEMPLATE
from jobcenter.households.models import Bedarfsgemeinschaft, Person
from jobcenter.notifications.services import notify
from jobcenter.outbox.services import outbox_enqueue
from jobcenter.zahlungen.models import Letter
from jobcenter.zahlungen.tasks import letter_render as letter_render_task

#: Letters that are Verwaltungsakte (filed as "Bescheid"); the others are "Schreiben".
BESCHEIDE = frozenset({Letter.Kind.OFFSET})

Builder = Callable[[dt.date, dt.date | None, dt.date | None], dict[str, Any]]


class LetterError(Exception):
    """A letter cannot be made; the message is for the staff member."""


def channel_for(person: Person | None) -> str:
    """Online only where the person has an account and chose online delivery."""
    if person is None or person.user_id is None:
        return Letter.Channel.POST
    pref = DeliveryPreference.objects.filter(user_id=person.user_id).first()
    if pref is not None and pref.channel == DeliveryPreference.Channel.ONLINE:
        return Letter.Channel.ONLINE
    return Letter.Channel.POST


def case_for_bg(bg: Bedarfsgemeinschaft) -> Case:
    """The eAkte a BG's letters are filed in: its latest case."""
    case = (Case.objects.filter(bedarfsgemeinschaft=bg).select_related("jobcenter")
            .order_by("-received_at", "-pk").first())
    if case is None:
        raise LetterError(_("Für diese Bedarfsgemeinschaft gibt es keine Akte, in der das "
                            "Schreiben abgelegt werden kann."))
    return case


def letter_create(*, kind: str, case: Case, person: Person | None, recipient: str,
                  build: Builder, actor: Any, channel: str | None = None,
                  **links: Any) -> Letter:
    """Create the letter once per occasion (``links``: its Aufrechnung, stop or direct
    payment) with its text, and hand the PDF to the outbox. An online letter is sent now;
    its Belehrung names the presumed delivery and the objection deadline."""
    existing = Letter.objects.filter(kind=kind, **links).first()
    if existing is not None:
        return existing
    channel = channel or channel_for(person)
    today = timezone.localdate()
    presumed = objection = None
    if channel == Letter.Channel.ONLINE:
        presumed = deadlines.presumed_delivery(today)
        objection = deadlines.objection_deadline(presumed, 1, case.jobcenter.land,
                                                 case.jobcenter.catholic_local_holidays)
    with translation.override("de"):
        data = build(today, presumed, objection)
    try:
        with transaction.atomic():
            letter = Letter.objects.create(
                jobcenter_id=case.jobcenter_id, case=case, person=person, kind=kind,
                recipient=recipient[:140], channel=channel,
                status=(Letter.Status.SENT if channel == Letter.Channel.ONLINE
                        else Letter.Status.PRINT),
                letter_date=today, presumed_delivery=presumed, data=data, created_by=actor,
                **links)
    except IntegrityError:  # the same occasion at the same moment: the other one wins
        return Letter.objects.get(kind=kind, **links)
    outbox_enqueue(task=letter_render_task, kwargs={"letter_id": letter.pk},
                   key=f"zahlungen.letter_render:{letter.pk}")
    if channel == Letter.Channel.ONLINE and person is not None and person.user is not None:
        notify(user=person.user, template="status_changed",
               dedup_key=f"zahlungen.letter:{letter.pk}",
               link_path=reverse("zahlungen_citizen:list"))
    return letter


def letter_pdf(letter: Letter) -> bytes:
    """The letter as PDF/A-2a, dated by its creation (a second render: the same bytes)."""
    stamp = int(letter.created_at.timestamp()) if letter.created_at else None
    return render_pdf(TEMPLATE, letter.data, logo=jobcenter_logo(letter.case.jobcenter),
                      timestamp=stamp)


def letter_render(*, letter_id: int) -> bool:
    """Render once and file in the eAkte; a second run finds the document and does nothing.
    Rendering holds no lock; only filing takes the letter's row lock, briefly."""
    letter = (Letter.objects.select_related("case", "case__jobcenter", "created_by")
              .filter(pk=letter_id).first())
    if letter is None or letter.document_version_id is not None:
        return False
    pdf = letter_pdf(letter)
    with transaction.atomic():
        locked = Letter.objects.select_for_update().select_related("case").get(pk=letter.pk)
        if locked.document_version_id is not None:
            return False
        locked.document_version = case_add_document(
            case=locked.case, title=_("%(title)s vom %(date)s") % {
                "title": locked.data.get("title", ""), "date": date_de(locked.letter_date)},
            document_type_key="bescheid" if locked.kind in BESCHEIDE else "schreiben",
            content=pdf, content_type="application/pdf", actor=locked.created_by,
            visible_to_citizen=(locked.channel == Letter.Channel.ONLINE
                                and locked.kind != Letter.Kind.PAYEE))
        locked.save(update_fields=["document_version"])
    return True


@transaction.atomic
def letters_mark_posted(*, letters: Iterable[Letter], actor: Any, posted_on: dt.date) -> int:
    """Staff confirm that printed letters went to the post on ``posted_on``."""
    if posted_on > timezone.localdate():
        raise LetterError(_("Das Datum liegt in der Zukunft."))
    count = 0
    for letter in letters:
        locked = Letter.objects.select_for_update().get(pk=letter.pk)
        if locked.status != Letter.Status.PRINT:
            continue
        locked.status, locked.posted_on = Letter.Status.SENT, posted_on
        locked.presumed_delivery = deadlines.presumed_delivery(posted_on)
        locked.save(update_fields=["status", "posted_on", "presumed_delivery"])
        count += 1
    return count
