"""The Auszahlungskonto: the Jobcenter's own account that the SEPA credit transfers are
debited from (the debtor of every pain.001 file). Set by the Jobcenter admin in the back
office's Verwaltung; every change is written to ``PayerAccountChange`` (who, when, before,
after, why) in the same transaction."""

from __future__ import annotations

import re
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _
from schwifty import BIC, IBAN
from schwifty.exceptions import SchwiftyException

from jobcenter.core.access import CHANGE, Data, may
from jobcenter.jobcenters.models import Jobcenter
from jobcenter.zahlungen.models import PayerAccount, PayerAccountChange

#: Characters a SEPA name may contain (EPC "Latin character set" plus German umlauts,
#: which the German banks accept under the DFÜ-Abkommen).
_SEPA_NAME = re.compile(r"^[A-Za-z0-9ÄÖÜäöüß/\-?:().,'+ &]+$")


class PayerAccountError(ValueError):
    """The account cannot be stored; the message says what to fix."""


def clean_iban(raw: str) -> str:
    try:
        return IBAN(re.sub(r"\s+", "", raw or "").upper()).compact
    except (SchwiftyException, ValueError) as exc:
        raise PayerAccountError(_("Diese IBAN ist nicht gültig. Bitte prüfen Sie sie, zum "
                                  "Beispiel DE02 1203 0000 0000 2020 51.")) from exc


def clean_bic(raw: str) -> str:
    text = re.sub(r"\s+", "", raw or "").upper()
    if not text:
        return ""
    try:
        return str(BIC(text))
    except (SchwiftyException, ValueError) as exc:
        raise PayerAccountError(_("Diese BIC ist nicht gültig. Sie hat 8 oder 11 Zeichen, "
                                  "zum Beispiel COBADEFFXXX.")) from exc


def clean_name(raw: str) -> str:
    name = " ".join((raw or "").split())
    if not name:
        raise PayerAccountError(_("Bitte geben Sie den Kontoinhaber an."))
    if len(name) > 70:
        raise PayerAccountError(_("Der Kontoinhaber darf höchstens 70 Zeichen lang sein "
                                  "(SEPA)."))
    if not _SEPA_NAME.match(name):
        raise PayerAccountError(_("Der Kontoinhaber enthält Zeichen, die eine "
                                  "SEPA-Überweisung nicht zulässt. Erlaubt sind Buchstaben, "
                                  "Ziffern, Leerzeichen und / - ? : ( ) . , ' + &."))
    return name


@transaction.atomic
def payer_account_set(*, jobcenter: Jobcenter, actor: Any, name: str, iban: str, bic: str,
                      reason: str) -> PayerAccount | None:
    """Store the Auszahlungskonto (only the Jobcenter's own admins). Returns the account, or
    ``None`` if nothing changed (then nothing is written to the trail)."""
    if not may(actor, Data.KONTEN, CHANGE) or actor.jobcenter_id != jobcenter.pk:
        raise PayerAccountError(_("Nur die Jobcenter-Admins dieses Jobcenters können das "
                                  "Auszahlungskonto ändern."))
    name, iban, bic = clean_name(name), clean_iban(iban), clean_bic(bic)
    if bic and IBAN(iban).country_code != BIC(bic).country_code:
        raise PayerAccountError(_("IBAN und BIC gehören zu verschiedenen Ländern. Bitte "
                                  "prüfen Sie beide."))
    if not (reason or "").strip():
        raise PayerAccountError(_("Bitte geben Sie den Grund der Änderung an."))
    Jobcenter.objects.select_for_update().get(pk=jobcenter.pk)
    account = PayerAccount.objects.filter(jobcenter=jobcenter).first()
    old = (account.name, account.iban, account.bic) if account else ("", "", "")
    if old == (name, iban, bic):
        return None
    if account is None:
        account = PayerAccount(jobcenter=jobcenter)
    account.name, account.iban, account.bic = name, iban, bic
    account.save()
    PayerAccountChange.objects.create(
        jobcenter=jobcenter, changed_by=actor, old_name=old[0], old_iban=old[1],
        old_bic=old[2], name=name, iban=iban, bic=bic, reason=reason.strip()[:500])
    return account
