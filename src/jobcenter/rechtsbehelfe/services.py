"""Writes of the Widerspruchsverfahren: filing (online by the citizen, recorded by staff
from a letter or on record), registration with the deadline check, Abhilfe by a new
Bescheid, hand-over to the Widerspruchsstelle, the Widerspruchsbescheid, withdrawal, and
each Jobcenter's settings. Bescheide are made and issued through ``decisions.services``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import secrets
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jobcenter.accounts.models import User
from jobcenter.casefiles.models import DocumentVersion, TimelineEntry
from jobcenter.casefiles.services import (
    CasefilesError,
    case_add_document,
    timeline_add,
    upload_read,
)
from jobcenter.core.roles import Role
from jobcenter.decisions import services as decisions
from jobcenter.decisions.models import Decision
from jobcenter.outbox.services import outbox_enqueue
from jobcenter.rechtsbehelfe import fristen
from jobcenter.rechtsbehelfe.labels import contested_label
from jobcenter.rechtsbehelfe.letters import ABHILFE, WIDERSPRUCHSBESCHEID
from jobcenter.rechtsbehelfe.models import Widerspruch, WiderspruchSettings
from jobcenter.rechtsbehelfe.tasks import receipt_render

W = Widerspruch


class WiderspruchError(Exception):
    """A write that cannot be done; the message is translated and safe to show."""


def _lock(widerspruch: Widerspruch) -> Widerspruch:
    return (Widerspruch.objects.select_for_update(of=("self",))
            .select_related("decision", "decision__case", "decision__case__jobcenter",
                            "decision__decision_type", "remedy_decision")
            .get(pk=widerspruch.pk))


def _new_reference() -> str:
    return f"WS-{timezone.localdate().year}-{secrets.token_hex(3).upper()}"


def _content_hash(w: Widerspruch, attachments: list[DocumentVersion]) -> str:
    """SHA-256 over what was lodged: the Bescheid, the text and the files' own hashes."""
    payload = {
        "reference": w.reference, "decision": w.decision_id,
        "case": w.decision.case.reference, "channel": w.channel,
        "received_at": w.received_at.isoformat(), "scope": w.scope,
        "contested": w.contested, "reasons": w.reasons,
        "attachments": [v.sha256 for v in attachments],
    }
    blob = json.dumps(payload, sort_keys=True, ensure_ascii=False).encode()
    return hashlib.sha256(blob).hexdigest()


def _attach(w: Widerspruch, upload: Any, *, user: User) -> DocumentVersion:
    try:
        content, content_type = upload_read(upload, user=user)
    except ValidationError as exc:  # the upload rate limit
        raise WiderspruchError(" ".join(str(m) for m in exc.messages)) from exc
    except CasefilesError as exc:
        raise WiderspruchError(str(exc)) from exc
    name = getattr(upload, "name", "") or _("Anlage")
    return case_add_document(
        case=w.decision.case, document_type_key="nachweis", content=content,
        content_type=content_type, actor=user,
        title=(_("Anlage zum Widerspruch %(reference)s (%(name)s)")
               % {"reference": w.reference, "name": name})[:200])


def _check_contestable(decision: Decision) -> None:
    if not decision.is_final:
        raise WiderspruchError(_("Gegen einen Bescheid, der noch nicht erlassen ist, ist kein "
                                 "Widerspruch möglich."))
    if decision.decision_type.key == WIDERSPRUCHSBESCHEID:
        raise WiderspruchError(_("Gegen einen Widerspruchsbescheid ist kein Widerspruch "
                                 "möglich. Sie können Klage beim Sozialgericht erheben; "
                                 "wie, steht im Widerspruchsbescheid."))


def _create(*, decision: Decision, channel: str, received_at: dt.datetime, scope: str,
            contested: str, reasons: str, actor: User, filed_by: User | None,
            recorded_by: User | None, idempotency_key: str, uploads: list[Any]
            ) -> Widerspruch:
    _check_contestable(decision)
    if scope == W.Scope.PART and not contested.strip():
        raise WiderspruchError(_("Bitte schreiben Sie, welchen Teil des Bescheids Sie "
                                 "anfechten."))
    w = Widerspruch(
        jobcenter_id=decision.case.jobcenter_id, decision=decision, reference=_new_reference(),
        channel=channel, received_at=received_at, scope=scope, contested=contested.strip(),
        reasons=reasons.strip(), filed_by=filed_by, recorded_by=recorded_by,
        idempotency_key=idempotency_key, content_hash="")
    w.save()
    versions = [_attach(w, upload, user=actor) for upload in uploads if upload]
    if versions:
        w.attachments.set(versions)
    w.content_hash = _content_hash(w, versions)
    w.save(update_fields=["content_hash"])
    # the Eingangsbestätigung (PDF/A) is rendered after commit and filed in the eAkte
    outbox_enqueue(task=receipt_render, kwargs={"widerspruch_id": w.pk},
                   key=f"rechtsbehelfe.receipt_render:{w.pk}")
    timeline_add(
        case=decision.case, kind=TimelineEntry.Kind.MESSAGE, actor=actor,
        text=_("Widerspruch %(reference)s eingegangen (%(channel)s) gegen %(bescheid)s")
        % {"reference": w.reference, "channel": w.get_channel_display(),
           "bescheid": contested_label(decision)},
        citizen_text=_("Ihr Widerspruch gegen den %(bescheid)s ist bei uns eingegangen.")
        % {"bescheid": contested_label(decision)})
    return w


def widerspruch_file_online(*, user: User, decision: Decision, scope: str, contested: str,
                            reasons: str, idempotency_key: str, upload: Any = None
                            ) -> Widerspruch:
    """The citizen files a Widerspruch in the account. A repeated POST with the same key
    (double click, reload) returns the first one."""
    existing = Widerspruch.objects.filter(filed_by=user, idempotency_key=idempotency_key
                                          ).first() if idempotency_key else None
    if existing is not None:
        return existing
    if decision.case.applicant_user_id != user.pk:
        raise WiderspruchError(_("Diesen Bescheid gibt es in Ihrem Konto nicht."))
    try:
        with transaction.atomic():
            return _create(decision=decision, channel=W.Channel.ONLINE,
                           received_at=timezone.now(), scope=scope, contested=contested,
                           reasons=reasons, actor=user, filed_by=user, recorded_by=None,
                           idempotency_key=idempotency_key, uploads=[upload])
    except IntegrityError:  # a concurrent request with the same key won
        existing = Widerspruch.objects.filter(filed_by=user,
                                              idempotency_key=idempotency_key).first()
        if existing is None:
            raise
        return existing


@transaction.atomic
def widerspruch_record(*, actor: User, decision: Decision, channel: str, received_on: dt.date,
                       scope: str, contested: str, reasons: str, upload: Any = None
                       ) -> Widerspruch:
    """Staff record a Widerspruch received by letter, on record (Niederschrift) or as a
    document with a qualified electronic signature."""
    if channel == W.Channel.ONLINE:
        raise WiderspruchError(_("Online eingelegte Widersprüche legt die Person selbst im "
                                 "Kundenkonto an."))
    if received_on > timezone.localdate():
        raise WiderspruchError(_("Das Eingangsdatum liegt in der Zukunft."))
    if channel == W.Channel.NIEDERSCHRIFT and not reasons.strip():
        raise WiderspruchError(_("Bitte nehmen Sie die Erklärung der Person in die "
                                 "Niederschrift auf."))
    if channel == W.Channel.POST and not upload:
        raise WiderspruchError(_("Bitte laden Sie den Scan des Schreibens hoch."))
    tz = timezone.get_current_timezone()
    received_at = dt.datetime.combine(received_on, dt.time(12, 0), tzinfo=tz)
    if received_on == timezone.localdate():
        received_at = timezone.now()
    return _create(decision=decision, channel=channel, received_at=received_at, scope=scope,
                   contested=contested, reasons=reasons, actor=actor,
                   filed_by=decision.case.applicant_user, recorded_by=actor,
                   idempotency_key="", uploads=[upload])


@transaction.atomic
def widerspruch_register(*, widerspruch: Widerspruch, actor: User, form_ok: bool,
                         form_note: str = "", belehrung_defective: bool = False
                         ) -> Widerspruch:
    """The back office checks form and deadline and starts the Abhilfeprüfung."""
    w = _lock(widerspruch)
    if w.status not in {W.Status.RECEIVED, W.Status.REVIEW}:
        raise WiderspruchError(_("Dieser Widerspruch ist schon weiter bearbeitet."))
    if not form_ok and not form_note.strip():
        raise WiderspruchError(_("Bitte vermerken Sie, was an der Form fehlt und was Sie "
                                 "veranlasst haben."))
    w.form_ok = form_ok
    w.form_note = form_note.strip()
    w.belehrung_defective = belehrung_defective
    w.deadline = fristen.objection_deadline(w.decision, belehrung_defective=belehrung_defective)
    w.in_time = fristen.in_time(timezone.localdate(w.received_at), w.deadline)
    w.registered_at = timezone.now()
    w.registered_by = actor
    w.status = W.Status.REVIEW
    w.save()
    timeline_add(case=w.decision.case, kind=TimelineEntry.Kind.NOTE, actor=actor,
                 text=_("Widerspruch %(reference)s registriert: %(in_time)s, Form %(form)s")
                 % {"reference": w.reference,
                    "in_time": _("fristgerecht") if w.in_time else _("verspätet"),
                    "form": _("gewahrt") if form_ok else _("nicht gewahrt")},
                 citizen_text=_("Wir prüfen Ihren Widerspruch und sehen uns den Bescheid noch "
                                "einmal an."))
    return w


def _letter(w: Widerspruch, **extra: Any) -> dict[str, Any]:
    return {"widerspruch": w.pk, "reference": w.reference,
            "received": timezone.localdate(w.received_at).isoformat(),
            "contested": contested_label(w.decision),
            "contested_reference": w.decision.reference, **extra}


def _check_costs(costs: str, costs_share: int | None) -> None:
    if costs == W.Costs.SHARE and not (costs_share and 0 < costs_share < 100):
        raise WiderspruchError(_("Bitte geben Sie den Anteil der Kosten zwischen 1 und 99 "
                                 "Prozent an."))


@transaction.atomic
def widerspruch_remedy(*, widerspruch: Widerspruch, actor: User, remedy: str, reasons: str,
                       costs: str, costs_share: int | None = None) -> Decision:
    """Abhilfe (§ 85 Abs. 1 SGG): the draft of an Abhilfebescheid from the case's corrected
    calculation; it is issued on the Bescheid's page (four eyes where required)."""
    w = _lock(widerspruch)
    if w.status == W.Status.REMEDY and w.remedy_decision_id is not None:
        raise WiderspruchError(_("Für diesen Widerspruch gibt es schon einen "
                                 "Abhilfebescheid."))
    if w.status not in {W.Status.REVIEW, W.Status.REMEDY}:  # REMEDY: its draft was discarded
        raise WiderspruchError(_("Bitte registrieren Sie den Widerspruch zuerst (Form und "
                                 "Frist)."))
    if remedy not in W.Remedy.values:
        raise WiderspruchError(_("Bitte wählen Sie, ob Sie voll oder teilweise abhelfen."))
    _check_costs(costs, costs_share)
    contested = w.decision
    try:
        draft = decisions.decision_create(
            case=contested.case, decision_type_key=ABHILFE, actor=actor, reasons=reasons,
            period_from=contested.period_from, period_to=contested.period_to,
            previous=contested,
            letter=_letter(w, remedy=remedy, costs=costs, costs_share=costs_share))
    except decisions.DecisionError as exc:
        raise WiderspruchError(str(exc)) from exc
    w.remedy = remedy
    w.remedy_decision = draft
    w.status = W.Status.REMEDY
    w.costs, w.costs_share = costs, costs_share
    w.save(update_fields=["remedy", "remedy_decision", "status", "costs", "costs_share"])
    return draft


@transaction.atomic
def widerspruch_hand_over(*, widerspruch: Widerspruch, actor: User) -> Widerspruch:
    """No (full) Abhilfe: the Widerspruch goes to the Widerspruchsstelle (§ 85 Abs. 2 SGG)."""
    w = _lock(widerspruch)
    if w.status == W.Status.REMEDY:
        if w.remedy != W.Remedy.PART:
            raise WiderspruchError(_("Dem Widerspruch wird in vollem Umfang abgeholfen; er "
                                     "geht nicht an die Widerspruchsstelle."))
        if w.remedy_decision is None or not w.remedy_decision.is_final:
            raise WiderspruchError(_("Bitte erlassen Sie zuerst den Abhilfebescheid."))
    elif w.status != W.Status.REVIEW:
        raise WiderspruchError(_("Dieser Widerspruch kann jetzt nicht abgegeben werden."))
    w.status = W.Status.BOARD
    w.handed_over_at = timezone.now()
    w.save(update_fields=["status", "handed_over_at"])
    timeline_add(case=w.decision.case, kind=TimelineEntry.Kind.NOTE, actor=actor,
                 text=_("Widerspruch %(reference)s an die Widerspruchsstelle abgegeben")
                 % {"reference": w.reference},
                 citizen_text=_("Unsere Widerspruchsstelle prüft Ihren Widerspruch. Sie "
                                "erhalten einen Widerspruchsbescheid."))
    return w


def may_rule(*, widerspruch: Widerspruch, user: User) -> bool:
    """The Widerspruchsstelle: a member of its team (or, without one configured, a
    Teamleitung) of the same Jobcenter, who neither made nor approved the contested
    Bescheid."""
    if user.jobcenter_id != widerspruch.jobcenter_id or user.role not in {
            Role.LEISTUNG, Role.TEAMLEITUNG}:
        return False
    if user.pk in {widerspruch.decision.created_by_id, widerspruch.decision.approved_by_id}:
        return False
    config = WiderspruchSettings.objects.filter(jobcenter_id=widerspruch.jobcenter_id).first()
    if config is not None and config.widerspruchsstelle_id:
        return bool(user.team_id == config.widerspruchsstelle_id)
    return bool(user.role == Role.TEAMLEITUNG)


@transaction.atomic
def widerspruch_rule(*, widerspruch: Widerspruch, actor: User, outcome: str, reasons: str,
                     costs: str, costs_share: int | None = None) -> Decision:
    """The Widerspruchsbescheid (§ 85 Abs. 2 SGG), issued at once by the Widerspruchsstelle
    with the cost decision (§ 63 SGB X) and the Klage Belehrung naming the Sozialgericht."""
    w = _lock(widerspruch)
    if w.status != W.Status.BOARD:
        raise WiderspruchError(_("Der Widerspruch liegt nicht bei der Widerspruchsstelle."))
    if not may_rule(widerspruch=w, user=actor):
        raise WiderspruchError(_("Widerspruchsbescheide erlässt die Widerspruchsstelle. Wer "
                                 "den angefochtenen Bescheid erstellt oder freigegeben hat, "
                                 "entscheidet nicht über den Widerspruch."))
    if outcome not in W.Outcome.values:
        raise WiderspruchError(_("Bitte wählen Sie das Ergebnis."))
    if not reasons.strip():
        raise WiderspruchError(_("Bitte begründen Sie die Entscheidung (Sachverhalt und "
                                 "Gründe)."))
    _check_costs(costs, costs_share)
    config = WiderspruchSettings.objects.filter(jobcenter_id=w.jobcenter_id).first()
    if config is None:
        raise WiderspruchError(_("Das zuständige Sozialgericht ist noch nicht hinterlegt. Die "
                                 "Verwaltung trägt es unter „Widersprüche – Einstellungen“ "
                                 "ein."))
    remedy_date = (w.remedy_decision.letter_date.isoformat()
                   if w.remedy_decision is not None and w.remedy_decision.letter_date else None)
    letter = _letter(w, outcome=outcome, costs=costs, costs_share=costs_share,
                     remedy_letter_date=remedy_date,
                     court={"name": config.court_name, "street": config.court_street,
                            "postcode": config.court_postcode, "city": config.court_city})
    try:
        ruling = decisions.decision_create(
            case=w.decision.case, decision_type_key=WIDERSPRUCHSBESCHEID, actor=actor,
            request={}, period_from=w.decision.period_from, reasons=reasons,
            previous=w.decision, letter=letter)
        ruling = decisions.decision_finalize(decision=ruling, actor=actor)
    except decisions.DecisionError as exc:
        raise WiderspruchError(str(exc)) from exc
    w.ruling = ruling
    w.outcome, w.costs, w.costs_share = outcome, costs, costs_share
    w.status = W.Status.DECIDED
    w.closed_at = timezone.now()
    w.save(update_fields=["ruling", "outcome", "costs", "costs_share", "status", "closed_at"])
    return ruling


@transaction.atomic
def widerspruch_withdraw(*, widerspruch: Widerspruch, actor: User) -> Widerspruch:
    """The person withdrew the Widerspruch (by letter or on record)."""
    w = _lock(widerspruch)
    if not w.is_open:
        raise WiderspruchError(_("Dieser Widerspruch ist schon abgeschlossen."))
    w.status = W.Status.WITHDRAWN
    w.closed_at = timezone.now()
    w.save(update_fields=["status", "closed_at"])
    timeline_add(case=w.decision.case, kind=TimelineEntry.Kind.NOTE, actor=actor,
                 text=_("Widerspruch %(reference)s zurückgenommen") % {"reference": w.reference},
                 citizen_text=_("Sie haben Ihren Widerspruch zurückgenommen. Das Verfahren ist "
                                "beendet."))
    return w


@transaction.atomic
def settings_save(*, jobcenter_id: int, actor: User, court_name: str, court_street: str,
                  court_postcode: str, court_city: str, widerspruchsstelle_id: int | None
                  ) -> WiderspruchSettings:
    config, _created = WiderspruchSettings.objects.update_or_create(
        jobcenter_id=jobcenter_id,
        defaults={"court_name": court_name.strip(), "court_street": court_street.strip(),
                  "court_postcode": court_postcode.strip(), "court_city": court_city.strip(),
                  "widerspruchsstelle_id": widerspruchsstelle_id})
    return config
