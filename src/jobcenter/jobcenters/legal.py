"""A Jobcenter's legal pages: the effective texts (its own entries, else defaults built from
its master data and kind) and the accessibility feedback.

Norms followed:

* Datenschutzerklärung — Art. 13 DSGVO (controller, data-protection officer, purposes, legal
  bases, recipients, storage period, rights, supervisory authority) with the social-data
  rules of §§ 67 ff. SGB X (§ 67a collection, § 67b storage/use, § 67d/§ 69 transfer for
  social-law tasks, § 84 erasure) and § 35 SGB I (Sozialgeheimnis), § 50 SGB II (data
  processing by the Jobcenter; Abs. 4: the federal commissioner supervises gemeinsame
  Einrichtungen).
* Erklärung zur Barrierefreiheit — § 12b BGG and § 7 BITV 2.0 (state of conformity,
  inaccessible content, date, feedback mechanism, enforcement procedure § 16 BGG).
* Impressum — § 5 DDG (name, address, representation, contact, supervisory authority).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jobcenter.jobcenters.models import AccessibilityFeedback, Jobcenter, LegalTexts
from jobcenter.jobcenters.tasks import send_accessibility_feedback_notice
from jobcenter.outbox.services import outbox_enqueue

#: The day the platform's default texts (the known barriers, the statements' structure) were
#: last reviewed; a Jobcenter that saves its own texts dates its statement itself.
DEFAULTS_REVIEWED_ON = dt.date(2026, 12, 4)

BFDI = ("Die Bundesbeauftragte für den Datenschutz und die Informationsfreiheit (BfDI)\n"
        "Graurheindorfer Straße 153, 53117 Bonn\nhttps://www.bfdi.bund.de")
SCHLICHTUNGSSTELLE_BGG = (
    "Schlichtungsstelle nach dem Behindertengleichstellungsgesetz bei dem Beauftragten der "
    "Bundesregierung für die Belange von Menschen mit Behinderungen\n"
    "Mauerstraße 53, 10117 Berlin\nhttps://www.schlichtungsstelle-bgg.de")


@dataclass(frozen=True)
class Effective:
    """The texts a legal page shows (never empty where the norm requires an entry)."""

    jobcenter: Jobcenter
    texts: LegalTexts
    dpo_name: str
    dpo_address: str
    dpo_email: str
    supervisory_authority: str
    storage_periods: str
    conformity: str
    conformity_label: str
    known_barriers: str
    evaluated_on: dt.date
    enforcement_body: str
    feedback_email: str
    represented_by: str
    oversight: str
    draft_retention_days: int
    access_log_retention_days: int


def legal_texts_for(jobcenter: Jobcenter) -> LegalTexts:
    """The Jobcenter's stored texts (an unsaved, empty row if it never edited them)."""
    found = LegalTexts.objects.filter(jobcenter=jobcenter).first()
    return found if found is not None else LegalTexts(jobcenter=jobcenter)


def address_of(jobcenter: Jobcenter) -> str:
    return f"{jobcenter.name}\n{jobcenter.street}\n{jobcenter.postcode} {jobcenter.city}"


def effective(jobcenter: Jobcenter) -> Effective:
    t = legal_texts_for(jobcenter)
    ge = jobcenter.kind == Jobcenter.Kind.GEMEINSAME_EINRICHTUNG
    land = jobcenter.get_land_display() if jobcenter.land else ""
    if t.supervisory_authority:
        authority = t.supervisory_authority
    elif ge:
        authority = BFDI
    elif land:
        authority = _("Die oder der Landesbeauftragte für den Datenschutz in %(land)s") % {
            "land": land}
    else:
        authority = _("Die oder der Landesbeauftragte für den Datenschutz des Landes, in dem "
                      "Ihr Jobcenter seinen Sitz hat")
    if t.enforcement_body:
        enforcement = t.enforcement_body
    elif ge:
        enforcement = SCHLICHTUNGSSTELLE_BGG
    else:
        enforcement = _("Die Durchsetzungs- oder Schlichtungsstelle nach dem "
                        "Behindertengleichstellungsgesetz des Landes %(land)s") % {
            "land": land or jobcenter.city}
    if t.oversight:
        oversight = t.oversight
    elif ge:
        oversight = _("Die Bundesagentur für Arbeit und der kommunale Träger, jeweils für "
                      "ihre Aufgaben (§ 47 SGB II)")
    else:
        oversight = _("Die zuständige Landesbehörde (§ 48 SGB II)")
    return Effective(
        jobcenter=jobcenter,
        texts=t,
        dpo_name=t.dpo_name or _("Die oder der Datenschutzbeauftragte von %(name)s") % {
            "name": jobcenter.name},
        dpo_address=t.dpo_address or (
            address_of(jobcenter) + "\n" + _("– Datenschutzbeauftragte oder "
                                             "Datenschutzbeauftragter –")),
        dpo_email=t.dpo_email or jobcenter.email,
        supervisory_authority=authority,
        storage_periods=t.storage_periods or _(
            "Ihre Leistungsakte bewahren wir auf, solange wir sie für die Leistung und für "
            "mögliche Erstattungen, Prüfungen und Gerichtsverfahren brauchen; danach wird sie "
            "gelöscht (§ 84 Abs. 2 SGB X)."),
        conformity=t.conformity,
        conformity_label=str(LegalTexts.Conformity(t.conformity).label),
        known_barriers=t.known_barriers or _(
            "Die PDF-Dokumente (Eingangsbestätigung, Bescheide) enthalten Strukturinformationen "
            "für Screenreader, sind aber nicht nach PDF/UA geprüft. Die Angaben eines Antrags "
            "stehen auch auf seiner Seite unter „Meine Anliegen“. Blinde und sehbehinderte "
            "Menschen können verlangen, dass ihnen Bescheide in einer für sie wahrnehmbaren "
            "Form zugänglich gemacht werden (§ 10 BGG oder das entsprechende "
            "Landesgesetz)."),
        evaluated_on=t.accessibility_evaluated_on or (
            timezone.localdate(t.updated_at) if t.updated_at else DEFAULTS_REVIEWED_ON),
        enforcement_body=enforcement,
        feedback_email=t.feedback_email or jobcenter.email,
        represented_by=t.represented_by or _("die Geschäftsführung"),
        oversight=oversight,
        draft_retention_days=settings.FORMENGINE_DRAFT_RETENTION_DAYS,
        access_log_retention_days=settings.ACCESS_LOG_RETENTION_DAYS,
    )


@transaction.atomic
def legal_texts_save(*, texts: LegalTexts, actor: object) -> LegalTexts:
    texts.updated_by = actor  # type: ignore[assignment]  # a User (staff of the Jobcenter)
    texts.save()
    return texts


@transaction.atomic
def accessibility_feedback_create(*, jobcenter: Jobcenter, message: str, page: str = "",
                                  contact: str = "") -> AccessibilityFeedback:
    """Store a barrier report and hand the notice to the Jobcenter's feedback address to
    the outbox (sent after commit, again until sent)."""
    feedback = AccessibilityFeedback.objects.create(
        jobcenter=jobcenter, message=message.strip(), page=page.strip(),
        contact=contact.strip())
    outbox_enqueue(task=send_accessibility_feedback_notice,
                   kwargs={"feedback_id": feedback.pk},
                   key=f"jobcenters.accessibility_feedback:{feedback.pk}")
    return feedback
