"""The citizen's concerns ("Meine Anliegen") and their one status.

A concern is what the citizen asked for: a submitted application (``antraege.Submission``)
and, once the eAkte took it in, its case (``casefiles.Case``) with the Mitwirkung requests,
documents and Bescheide (``decisions.Decision``) that belong to it. A case that came in some
other way (e.g. on paper, or seeded) is a concern of its own.

The status is **derived, never stored**: :func:`derive_status` is a pure function of the facts
(in the eAkte or not, the case's status, open tasks, the latest issued Bescheid and its
delivery), and every citizen page — the overview, "Meine Anliegen", a concern's page, the page
of a received application, "Dokumente" — shows the :class:`Status` this module returns. Its
texts are translated when they are read. The truth table is in
``tests/portal/test_concern_status.py``.

The current Bewilligung (``current_bewilligung``) is ``decisions.selectors``'; it is
re-exported here for the portal's pages.

Reads are scoped to the citizen (``core.access.scope``); another citizen's or an unknown
reference gives a 404.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Prefetch
from django.http import Http404
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jobcenter.anliegen import registry
from jobcenter.antraege import forms_meta
from jobcenter.antraege.models import Submission
from jobcenter.casefiles.models import Case, Document, DocumentRequest
from jobcenter.casefiles.selectors import expected_decision_date
from jobcenter.core.access import scope
from jobcenter.core.request_memo import remembered
from jobcenter.core.templatetags.jc_text import translated
from jobcenter.decisions import deadlines
from jobcenter.decisions import kinds as decision_kinds
from jobcenter.decisions.models import Decision
from jobcenter.decisions.selectors import Bewilligung, current_bewilligung

# --- The status: facts in, one status out (pure) -----------------------------------------


class Key:
    """The statuses a citizen can meet, in the order a concern usually passes them."""

    RECEIVED = "eingegangen"
    IN_PROGRESS = "in_bearbeitung"
    ACTION_NEEDED = "unterlagen_noetig"
    DECIDED = "entschieden"  # decided, no Bescheid in this portal (e.g. decided on paper)
    DECIDED_POST_PENDING = "bescheid_kommt_per_post"
    DECIDED_POSTED = "bescheid_per_post_verschickt"
    DECIDED_ONLINE = "bescheid_im_konto"
    CLOSED = "abgeschlossen"

    ALL = (RECEIVED, IN_PROGRESS, ACTION_NEEDED, DECIDED, DECIDED_POST_PENDING, DECIDED_POSTED,
           DECIDED_ONLINE, CLOSED)


LABELS = {
    Key.RECEIVED: gettext_lazy("Eingegangen"),
    Key.IN_PROGRESS: gettext_lazy("In Bearbeitung"),
    Key.ACTION_NEEDED: gettext_lazy("Unterlagen nötig"),
    Key.DECIDED: gettext_lazy("Entschieden"),
    Key.DECIDED_POST_PENDING: gettext_lazy("Entschieden – Bescheid kommt per Post"),
    Key.DECIDED_POSTED: gettext_lazy("Bescheid per Post verschickt"),
    Key.DECIDED_ONLINE: gettext_lazy("Bescheid in Ihrem Konto"),
    Key.CLOSED: gettext_lazy("Abgeschlossen"),
}

#: The decision type of a letter that is no Bescheid (``anliegen.registry.SCHREIBEN``).
LETTER_KIND = registry.SCHREIBEN
LETTER_LABELS = {
    Key.DECIDED_POST_PENDING: gettext_lazy("Beantwortet – Schreiben kommt per Post"),
    Key.DECIDED_POSTED: gettext_lazy("Schreiben per Post verschickt"),
    Key.DECIDED_ONLINE: gettext_lazy("Schreiben in Ihrem Konto"),
}

#: KERN badge variant per status.
TONES = {
    Key.RECEIVED: "info",
    Key.IN_PROGRESS: "info",
    Key.ACTION_NEEDED: "warning",
    Key.DECIDED: "success",
    Key.DECIDED_POST_PENDING: "success",
    Key.DECIDED_POSTED: "success",
    Key.DECIDED_ONLINE: "success",
    Key.CLOSED: "success",
}

#: eAkte statuses that mean "decided" or "done" without the citizen having to act.
_DECIDED_CASE_STATUSES = {"entschieden"}


@dataclass(frozen=True)
class BescheidFacts:
    """The latest issued (approved) Bescheid of a concern."""

    channel: str  # Decision.Channel
    delivered: bool  # sent online, or posted
    letter_date: dt.date | None = None
    posted_on: dt.date | None = None
    presumed_delivery: dt.date | None = None
    objection_deadline: dt.date | None = None
    kind: str = ""  # the decision type key (a Widerspruchsbescheid: Klage, not Widerspruch)


@dataclass(frozen=True)
class Facts:
    """Everything the status depends on — and nothing else."""

    in_eakte: bool = False
    case_status: str = ""  # the eAkte status key ("" while not in the eAkte)
    case_final: bool = False
    open_tasks: int = 0
    task_deadline: dt.date | None = None  # the earliest deadline of the open tasks
    bescheid: BescheidFacts | None = None


@dataclass(frozen=True)
class Status:
    key: str
    facts: Facts

    @property
    def is_letter(self) -> bool:
        """The concern was answered by a letter that is no Bescheid (``anliegen``: a report
        confirmed, an appointment offered): no objection period, "Schreiben"."""
        b = self.facts.bescheid
        return b is not None and b.kind == LETTER_KIND

    @property
    def label(self) -> str:
        if self.is_letter:
            return str(LETTER_LABELS.get(self.key, LABELS[self.key]))
        return str(LABELS[self.key])

    @property
    def tone(self) -> str:
        return TONES[self.key]

    @property
    def text(self) -> str:
        """One or two sentences in plain language, with the dates that matter."""
        f, b = self.facts, self.facts.bescheid
        if self.key == Key.RECEIVED:
            return _("Ihr Antrag ist bei uns angekommen. Wir beginnen bald mit der Bearbeitung.")
        if self.key == Key.IN_PROGRESS:
            return _("Wir bearbeiten Ihr Anliegen.")
        if self.key == Key.ACTION_NEEDED:
            if f.task_deadline:
                return _("Wir brauchen noch Unterlagen von Ihnen. Bitte reichen Sie sie bis "
                         "zum %(date)s ein.") % {"date": _date(f.task_deadline)}
            return _("Wir brauchen noch Unterlagen von Ihnen.")
        if self.is_letter and b is not None:
            if self.key == Key.DECIDED_ONLINE:
                return _("Wir haben Ihr Anliegen beantwortet. Unser Schreiben vom %(date)s "
                         "liegt unter „Dokumente“.") % {"date": _date(b.letter_date)}
            if self.key == Key.DECIDED_POSTED:
                return _("Wir haben Ihr Anliegen beantwortet. Unser Schreiben wurde am "
                         "%(posted)s per Post an Sie verschickt.") % {
                    "posted": _date(b.posted_on)}
            return _("Wir haben Ihr Anliegen beantwortet. Unser Schreiben kommt per Post.")
        if self.key == Key.DECIDED_POST_PENDING:
            return _("Wir haben entschieden. Der Bescheid wird Ihnen per Post geschickt; eine "
                     "Kopie erscheint danach unter „Dokumente“.")
        if self.key == Key.DECIDED_POSTED and b is not None:
            return _("Wir haben entschieden. Der Bescheid wurde am %(posted)s per Post an Sie "
                     "verschickt. Eine Kopie finden Sie unter „Dokumente“.") % {
                "posted": _date(b.posted_on)}
        if self.key == Key.DECIDED_ONLINE and b is not None:
            return _("Wir haben entschieden. Ihr Bescheid vom %(date)s liegt unter "
                     "„Dokumente“.") % {"date": _date(b.letter_date)}
        if self.key == Key.DECIDED:
            return _("Wir haben über Ihr Anliegen entschieden.")
        return _("Ihr Anliegen ist abgeschlossen.")

    @property
    def deadline_text(self) -> str:
        """When the Bescheid counts as notified and until when an objection is possible."""
        b = self.facts.bescheid
        if self.key not in (Key.DECIDED_POSTED, Key.DECIDED_ONLINE) or b is None:
            return ""
        if self.is_letter:  # no Verwaltungsakt: nothing to object to
            return ""
        if not (b.presumed_delivery and b.objection_deadline):
            return ""
        if b.kind == "widerspruchsbescheid":
            return _("Er gilt als bekannt gegeben am %(delivered)s. Klage beim Sozialgericht "
                     "ist bis zum %(deadline)s möglich.") % {
                "delivered": _date(b.presumed_delivery),
                "deadline": _date(b.objection_deadline)}
        return _("Er gilt als bekannt gegeben am %(delivered)s. Widerspruch ist bis zum "
                 "%(deadline)s möglich.") % {
            "delivered": _date(b.presumed_delivery), "deadline": _date(b.objection_deadline)}


def _date(day: dt.date | None) -> str:
    return formats.date_format(day, "SHORT_DATE_FORMAT") if day else ""


def derive_status(facts: Facts) -> Status:
    """The one status of a concern. Order of precedence:

    1. an issued Bescheid decides it (by its channel and whether it was delivered);
    2. open Mitwirkung tasks (the citizen has to act);
    3. the eAkte's state: final (decided without a Bescheid here, or closed), received,
       in progress;
    4. not yet in the eAkte: received.
    """
    b = facts.bescheid
    if b is not None:
        if b.channel == Decision.Channel.ONLINE and b.delivered:
            return Status(Key.DECIDED_ONLINE, facts)
        if b.delivered:
            return Status(Key.DECIDED_POSTED, facts)
        return Status(Key.DECIDED_POST_PENDING, facts)
    if facts.open_tasks:
        return Status(Key.ACTION_NEEDED, facts)
    if not facts.in_eakte:
        return Status(Key.RECEIVED, facts)
    if facts.case_final:
        if facts.case_status in _DECIDED_CASE_STATUSES:
            return Status(Key.DECIDED, facts)
        return Status(Key.CLOSED, facts)
    if facts.case_status in ("", "eingegangen"):
        return Status(Key.RECEIVED, facts)
    return Status(Key.IN_PROGRESS, facts)


def bescheid_facts(decision: Decision) -> BescheidFacts:
    posted_on = None
    if decision.channel == Decision.Channel.POST and decision.presumed_delivery:
        posted_on = deadlines.posted_on(decision.presumed_delivery)
    return BescheidFacts(
        channel=decision.channel or Decision.Channel.POST,
        delivered=decision.status == Decision.Status.DELIVERED,
        letter_date=decision.letter_date,
        posted_on=posted_on,
        presumed_delivery=decision.presumed_delivery,
        objection_deadline=decision.objection_deadline,
        kind=decision.decision_type.key,
    )


# --- Concerns of a citizen ----------------------------------------------------------------


@dataclass
class DocumentLink:
    title: str
    url: str
    day: dt.date | None
    kind: str  # "bescheid" | "schreiben" | "eingang"
    concern_title: str = ""
    concern_reference: str = ""
    decision: Decision | None = None
    pending: bool = False  # the PDF is still being rendered ("wird gerade erstellt")


@dataclass
class Concern:
    reference: str
    title: str
    received_at: dt.datetime
    status: Status
    submission: Submission | None = None
    case: Case | None = None
    tasks: list[DocumentRequest] = field(default_factory=list)
    bescheide: list[Decision] = field(default_factory=list)
    documents: list[DocumentLink] = field(default_factory=list)

    @property
    def url(self) -> str:
        return reverse("portal:concern", kwargs={"reference": self.reference})

    @property
    def expected_decision(self) -> dt.date | None:
        if self.case is None or self.status.key not in (Key.RECEIVED, Key.IN_PROGRESS,
                                                         Key.ACTION_NEEDED):
            return None
        return expected_decision_date(self.case)

    @property
    def standard_days(self) -> int | None:
        """The processing standard in working days the expected date comes from."""
        return self.case.case_type.processing_days if self.case is not None else None

    @property
    def is_open(self) -> bool:
        return self.status.key in (Key.RECEIVED, Key.IN_PROGRESS, Key.ACTION_NEEDED,
                                   Key.DECIDED_POST_PENDING)


#: eAkte document types the citizen does not get as a separate document: the Bescheid (listed
#: as a Bescheid with its deadlines) and the machine-readable export of the answers (offered
#: on the page of the application as "Ihre Angaben als Datei").
_HIDDEN_DOCUMENT_TYPES = {"bescheid", "antrag"}

_DOCUMENT_TITLES = {
    "eingangsbestaetigung": gettext_lazy("Eingangsbestätigung"),
    "antrag_scan": gettext_lazy("Ihr Antrag (Scan)"),
    "mitwirkungsaufforderung": gettext_lazy("Aufforderung zur Mitwirkung"),
}


def _document_title(doc: Document) -> str:
    if doc.document_type.key in _DOCUMENT_TITLES:
        return str(_DOCUMENT_TITLES[doc.document_type.key])
    return translated(doc.title)  # stored in German; in the reader's language


def _submission_title(submission: Submission) -> str:
    return forms_meta.submission_title(submission)


@remembered
def concerns_for_citizen(user: Any, *, reference: str | None = None) -> list[Concern]:
    """The citizen's concerns, newest first (only the one with ``reference`` if given), each
    with its status, open tasks, Bescheide and documents. A fixed number of queries."""
    submissions = scope(Submission.objects.all(), user).prefetch_related("attachments")
    # The Postfach's correspondence case is no concern of its own: its messages are in the
    # Postfach (casefiles.services.correspondence).
    cases = scope(Case.objects.all(), user).exclude(case_type__key="postfach").select_related(
        "case_type", "status").defer("data", "topics", "sgb2_request")
    if reference is not None:
        submissions = submissions.filter(reference=reference)
        cases = cases.filter(reference=reference)
    case_list = list(cases)
    case_ids = [c.pk for c in case_list]
    decisions_by_case: dict[int, list[Decision]] = {}
    for d in (scope(Decision.objects.all(), user)
              .filter(case_id__in=case_ids, shown_to_applicant=True,
                      status__in=(Decision.Status.APPROVED, Decision.Status.DELIVERED))
              .select_related("decision_type")
              # the calculation snapshot (often 100 KB and more) is for the letter only
              .defer("snapshot")
              .order_by("-approved_at", "-pk")):
        decisions_by_case.setdefault(d.case_id, []).append(d)
    tasks_by_case: dict[int, list[DocumentRequest]] = {}
    for r in (scope(DocumentRequest.objects.all(), user)
              .filter(case_id__in=case_ids)
              .exclude(status=DocumentRequest.Status.FULFILLED)
              .prefetch_related("items")
              .order_by("deadline", "pk")):
        tasks_by_case.setdefault(r.case_id, []).append(r)
    docs_by_case: dict[int, list[Document]] = {}
    for doc in (scope(Document.objects.all(), user)
                .filter(case_id__in=case_ids, visible_to_citizen=True)
                .exclude(document_type__key__in=_HIDDEN_DOCUMENT_TYPES)
                .select_related("document_type")
                .prefetch_related(Prefetch("versions"))
                .order_by("created_at", "pk")):
        docs_by_case.setdefault(doc.case_id, []).append(doc)

    by_submission = {c.submission_id: c for c in case_list if c.submission_id is not None}
    concerns: list[Concern] = []
    for s in submissions:
        concerns.append(_concern(s.reference, _submission_title(s), s.submitted_at, s,
                                 by_submission.pop(s.pk, None), decisions_by_case,
                                 tasks_by_case, docs_by_case))
    for c in case_list:
        if c.submission_id is None or c.submission_id in by_submission:
            concerns.append(_concern(c.reference, translated(c.case_type.title), c.received_at,
                                     None, c, decisions_by_case, tasks_by_case, docs_by_case))
    concerns.sort(key=lambda c: c.received_at, reverse=True)
    return concerns


def _concern(reference: str, title: str, received_at: dt.datetime,
             submission: Submission | None, case: Case | None,
             decisions_by_case: dict[int, list[Decision]],
             tasks_by_case: dict[int, list[DocumentRequest]],
             docs_by_case: dict[int, list[Document]]) -> Concern:
    bescheide = decisions_by_case.get(case.pk, []) if case else []
    tasks = tasks_by_case.get(case.pk, []) if case else []
    facts = Facts(
        in_eakte=case is not None,
        case_status=case.status.key if case else "",
        case_final=case.status.is_final if case else False,
        open_tasks=len(tasks),
        task_deadline=min((t.deadline for t in tasks), default=None),
        bescheid=bescheid_facts(bescheide[0]) if bescheide else None,
    )
    concern = Concern(reference=reference, title=title, received_at=received_at,
                      status=derive_status(facts), submission=submission, case=case,
                      tasks=tasks, bescheide=bescheide)
    concern.documents = _documents(concern, docs_by_case)
    return concern


def _documents(concern: Concern, docs_by_case: dict[int, list[Document]]) -> list[DocumentLink]:
    links: list[DocumentLink] = []
    common = {"concern_title": concern.title, "concern_reference": concern.reference}
    for d in concern.bescheide:
        if d.status == Decision.Status.DELIVERED:  # its PDF may still be rendered (a task)
            kind = decision_kinds.get(d.decision_type.key)
            type_title = (kind.title_of(d) if kind is not None and kind.title_of is not None
                          else translated(d.decision_type.title))
            links.append(DocumentLink(
                title=_("%(type)s vom %(date)s") % {"type": type_title,
                                                    "date": _date(d.letter_date)},
                url=d.download_url, day=d.letter_date,
                kind="bescheid" if kind is None or kind.verwaltungsakt else "schreiben",
                decision=d,
                pending=not d.document_version_id, **common))
    if concern.case is not None:
        for doc in docs_by_case.get(concern.case.pk, []):
            versions = list(doc.versions.all())
            if not versions:
                continue
            direction = doc.document_type.direction
            links.append(DocumentLink(
                title=_document_title(doc),
                url=reverse("casefiles_citizen:document",
                            args=[concern.case.pk, versions[-1].pk]),
                day=timezone.localdate(doc.created_at),
                kind="schreiben" if direction == "ausgang" else "eingang", **common))
    elif concern.submission is not None:
        s = concern.submission
        links.append(DocumentLink(
            title=str(_DOCUMENT_TITLES["eingangsbestaetigung"]),
            url=reverse("antraege:receipt", kwargs={"reference": s.reference}),
            day=timezone.localdate(s.submitted_at), kind="eingang",
            pending=not s.receipt_ready, **common))
        for a in s.attachments.all():
            links.append(DocumentLink(
                title=a.title,
                url=reverse("antraege:attachment", kwargs={"reference": s.reference,
                                                            "pk": a.pk}),
                day=timezone.localdate(s.submitted_at), kind="eingang", **common))
    return links


def concern_for_citizen(user: Any, reference: str) -> Concern:
    """One concern of the citizen by its reference; 404 for anything else."""
    found = concerns_for_citizen(user, reference=reference)
    if not found:
        raise Http404
    return found[0]


def status_for_submission(user: Any, submission: Submission) -> Status | None:
    """The status of the concern a submission belongs to (for the application's page)."""
    found = concerns_for_citizen(user, reference=submission.reference)
    return found[0].status if found else None


__all__ = ["Bewilligung", "Concern", "Facts", "Key", "Status", "concern_for_citizen",
           "concerns_for_citizen", "current_bewilligung", "derive_status"]
