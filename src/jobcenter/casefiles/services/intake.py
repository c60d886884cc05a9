"""The intake: a stored submission becomes exactly one case of the responsible Jobcenter, with
its receipt, export and uploads as documents (all read and verified before anything is
written).
"""

from __future__ import annotations

import datetime as dt

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from jobcenter.accounts.models import User
from jobcenter.antraege.intake import SubmissionForIntake
from jobcenter.casefiles.models import (
    Case,
    TimelineEntry,
)
from jobcenter.casefiles.services.cases import (
    IntakeError,
    _notify_citizen,
    case_type,
    document_type,
    service_dates,
    status_type,
    timeline_add,
)
from jobcenter.casefiles.services.documents import _document_create, _read_verified
from jobcenter.households.models import Membership
from jobcenter.households.services import (
    ApplicantData,
    MemberData,
    person_for_application,
)
from jobcenter.jobcenters.models import Jobcenter

#: Form key of a submission → case type key.
FORM_CASE_TYPES = {
    "hauptantrag": "neuantrag",
    "weiterbewilligung": "weiterbewilligung",
    "veraenderung": "veraenderung",
    "erstausstattung": "erstausstattung",
}


def form_case_type_register(*, form_key: str, case_type_key: str) -> None:
    """A further form (a concern of ``anliegen``) is filed as ``case_type_key``
    (connected in ``config/wiring.py``; the case type is a catalogue row)."""
    FORM_CASE_TYPES[form_key] = case_type_key


#: ``question_id`` under which ``antraege`` hands over the scan of a paper application.
PAPER_SCAN_QUESTION = "papierantrag"


def _current_bg_id(person_id: int | None, day: dt.date) -> int | None:
    if person_id is None:
        return None

    return (
        Membership.objects.filter(person_id=person_id, valid_from__lte=day)
        .exclude(valid_to__lt=day)
        .order_by("-valid_from")
        .values_list("bedarfsgemeinschaft_id", flat=True)
        .first()
    )


#: The application's relation answers → the role in the Bedarfsgemeinschaft.
_BEZIEHUNG_ROLES = {
    "partner": Membership.Role.PARTNER,
    "kind": Membership.Role.KIND,
    "kind_partner": Membership.Role.KIND,
    "kind_gemeinsam": Membership.Role.KIND,
    "sonstige": Membership.Role.SONSTIGE,
}


def _answer_date(value: object) -> dt.date | None:
    try:
        return dt.date.fromisoformat(str(value))
    except (TypeError, ValueError):
        return None


def applicant_data(answers: dict) -> ApplicantData | None:
    """The applicant and the household members as the application states them (None
    without name and date of birth: then nobody can be matched or created)."""
    first = str(answers.get("vorname") or "").strip()
    last = str(answers.get("nachname") or "").strip()
    born = _answer_date(answers.get("geburtsdatum"))
    if not (first and last and born):
        return None
    address = answers.get("anschrift") if isinstance(answers.get("anschrift"), dict) else {}
    members = []
    if answers.get("weitere_personen") is not False:
        for item in answers.get("personen") or []:
            if not isinstance(item, dict):
                continue
            member_born = _answer_date(item.get("person_geburtsdatum"))
            name = str(item.get("person_vorname") or "").strip()
            if member_born is None or not name:
                continue
            members.append(MemberData(
                first_name=name, last_name=str(item.get("person_nachname") or last).strip(),
                birth_date=member_born,
                role=_BEZIEHUNG_ROLES.get(str(item.get("beziehung")), Membership.Role.SONSTIGE)))
    return ApplicantData(first_name=first, last_name=last, birth_date=born,
                         street=str(address.get("street") or "").strip(),
                         postcode=str(address.get("postcode") or "").strip(),
                         city=str(address.get("city") or "").strip(), members=members)


def _applicant(submission: SubmissionForIntake, jobcenter: Jobcenter, day: dt.date
               ) -> tuple[int | None, bool]:
    """The applicant's person id (linked, matched or created; ``households.matching``) and
    whether the back office must still confirm the match."""
    if submission.person_id is not None:
        return submission.person_id, False
    data = applicant_data(submission.answers)
    if data is None:
        return None, False
    user = (User.objects.filter(pk=submission.user_id).first()
            if submission.user_id is not None else None)
    resolution = person_for_application(jobcenter=jobcenter, user=user, data=data,
                                        valid_from=day)
    return resolution.person.pk, resolution.match_pending


def received_moment(submission: SubmissionForIntake) -> dt.datetime:
    """When the application reached the Jobcenter: the moment of submission, or for a
    paper application received on an earlier day the start of that day (the processing
    standard and the case's age count from the receipt, § 37 SGB II)."""
    moment = submission.submitted_at
    if submission.received_on is None:
        return moment
    day = timezone.localdate(moment) if timezone.is_aware(moment) else moment.date()
    if submission.received_on >= day:
        return moment
    start = dt.datetime.combine(submission.received_on, dt.time.min)
    return timezone.make_aware(start) if timezone.is_aware(moment) else start


def case_intake(*, submission: SubmissionForIntake) -> Case:
    """Turn a stored submission into a case of the responsible Jobcenter. Idempotent."""
    existing = Case.objects.filter(submission_id=submission.submission_id).first()
    if existing is not None:
        return existing
    try:
        kind_key = FORM_CASE_TYPES[submission.form_key]
    except KeyError as exc:
        raise IntakeError(f"no case type for form {submission.form_key!r}") from exc
    # Read and verify everything before writing anything.
    files = [
        (submission.receipt, "eingangsbestaetigung"),
        (submission.export, "antrag"),
        *[(attachment, "antrag_scan" if attachment.question_id == PAPER_SCAN_QUESTION
           else "nachweis") for attachment in submission.attachments],
    ]
    contents = [(doc, key, _read_verified(doc)) for doc, key in files]
    received_at = received_moment(submission)
    day = timezone.localdate(received_at) if timezone.is_aware(received_at) else received_at.date()
    kind = case_type(kind_key, day)
    initial = status_type("eingegangen", day)
    jobcenter = Jobcenter.objects.get(pk=submission.jobcenter_id)
    due_at, at_risk_at = service_dates(kind=kind, received_at=received_at, jobcenter=jobcenter)
    try:
        with transaction.atomic():
            applicant_id, match_pending = _applicant(submission, jobcenter, day)
            case = Case.objects.create(
                jobcenter_id=submission.jobcenter_id,
                reference=submission.reference,
                case_type=kind,
                status=initial,
                applicant_id=applicant_id,
                applicant_user_id=submission.user_id,
                bedarfsgemeinschaft_id=_current_bg_id(applicant_id, day),
                # the routing rule: new cases go to the Jobcenter's team for new cases
                team_id=jobcenter.intake_team_id,
                submission_id=submission.submission_id,
                channel=submission.channel,
                form_key=submission.form_key,
                data=submission.answers,
                topics=[[key, title, [list(row) for row in rows]]
                        for key, title, rows in submission.topics],
                sgb2_request=submission.sgb2_request,
                nothing_changed=submission.nothing_changed,
                received_at=received_at,
                due_at=due_at,
                at_risk_at=at_risk_at,
            )
            for doc, key, content in contents:
                _document_create(
                    case=case, title=doc.title, doc_type=document_type(key, day),
                    content=content, content_type=doc.content_type, actor=None,
                    question_id=doc.question_id or "",
                )
            entry = timeline_add(
                case=case, kind=TimelineEntry.Kind.STATUS,
                text=_("Antrag eingegangen (%(channel)s)")
                % {"channel": case.get_channel_display()},
                citizen_text=initial.citizen_text, case_version=case.version,
            )
            if match_pending:
                timeline_add(case=case, kind=TimelineEntry.Kind.NOTE,
                             text=gettext_noop("Person aus dem Antrag neu angelegt; ähnliche "
                                               "Person bekannt – Abgleich offen"))
            if initial.notify_citizen:
                _notify_citizen(case, template="status_changed", key=f"status:{entry.pk}")
    except IntegrityError:
        # A concurrent run of the same intake won the race: return its case.
        existing = Case.objects.filter(submission_id=submission.submission_id).first()
        if existing is None:
            raise
        return existing
    return case
