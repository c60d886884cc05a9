"""E-mail notices to citizens. They never contain personal data: only that there is news
and where to find it after signing in (the e-mail may be read by others)."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from jobcenter.casefiles.models import Case, CitizenNotice


def send_citizen_notice(*, case_id: int, key: str | None, kind: str = "update") -> bool:
    """Send one notice for ``key`` (once only: the key is recorded in ``CitizenNotice``).

    Returns False if the notice was already sent or the case has no citizen account.
    """
    case = Case.objects.select_related("applicant_user").filter(pk=case_id).first()
    if case is None or case.applicant_user is None or not case.applicant_user.email:
        return False
    key = key or f"case:{case_id}:update"
    try:
        with transaction.atomic():
            CitizenNotice.objects.create(case=case, key=key)
            with translation.override(settings.LANGUAGE_CODE):
                context = {
                    "kind": kind,
                    "url": getattr(settings, "PUBLIC_BASE_URL", "").rstrip("/")
                    + reverse("casefiles_citizen:list"),
                }
                subject = (_("Neue Aufgabe in Ihrem Kundenkonto") if kind in {
                    "request", "reminder"} else _("Neuigkeiten in Ihrem Kundenkonto"))
                body = render_to_string("casefiles/email/notice.txt", context)
            # Inside the atomic block: if sending fails, the key is not recorded and the
            # task's retry sends again.
            send_mail(subject, body, None, [case.applicant_user.email])
    except IntegrityError:
        return False
    return True
