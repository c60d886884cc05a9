"""Changes a citizen makes in the profile that reach the eAkte as an application: a new
bank account becomes a Veränderungsmitteilung, stored exactly like a submitted form."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jobcenter.accounts.models import User
from jobcenter.antraege import forms_meta
from jobcenter.antraege.models import Submission
from jobcenter.antraege.services.paper import paper_answers_check
from jobcenter.antraege.services.submission import SubmissionError, _store

#: the Veränderungsmitteilung's answers for a new bank account from the profile
BANK_CHANGE_FORM = "veraenderung"


def bank_account_change(*, user: User, iban: str, key: str) -> Submission:
    """A new bank account entered in the profile, sent as a Veränderungsmitteilung
    ("Neue Bankverbindung", valid from today): the same path as the form — reference,
    receipt, export, hand-over to the eAkte — so the caseworker finds it in the case list
    like any other notification of changes.

    ``key`` (a random token of the profile page, ≤ 48 characters) makes it idempotent: a
    double click or a retry returns the first submission. The IBAN is checked by the
    form's own rules (``iban`` type: checksum and country format, schwifty).
    """
    if not user.is_citizen:
        raise SubmissionError(_("Nur Kundinnen und Kunden können eine Bankverbindung ändern."))
    draft_key = f"profil-konto:{key}"[:64]
    existing = Submission.objects.filter(draft_key=draft_key, user=user).first()
    if existing is not None:
        return existing
    form = forms_meta.definition(BANK_CHANGE_FORM, None)
    if form is None:
        raise SubmissionError(_("Unbekanntes Formular."))
    jobcenter = user.jobcenter
    if jobcenter is None:
        raise SubmissionError(
            _("Ihrem Konto ist noch kein Jobcenter zugeordnet. "
              "Bitte prüfen Sie Ihre Postleitzahl im Profil."))
    answers = paper_answers_check(form, {
        "aenderungen": ["konto"],
        "aenderung_ab": timezone.localdate().isoformat(),
        "iban": iban,
    })
    person = getattr(user, "person", None) if hasattr(user, "person") else None
    with transaction.atomic():
        User.objects.select_for_update().filter(pk=user.pk).first()  # one change at a time
        existing = Submission.objects.filter(draft_key=draft_key).first()
        if existing is not None:
            return existing
        return _store(
            form_key=form.key,
            form_version=form.version,
            answers=answers,
            channel=Submission.Channel.ONLINE,
            jobcenter_id=jobcenter.pk,
            user=user,
            person=person,
            entered_by=None,
            draft_key=draft_key,
            attachments=[],
        )
