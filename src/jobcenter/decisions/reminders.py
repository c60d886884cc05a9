"""The Weiterbewilligung's reminder source (registered in ``config.wiring`` as the source
``weiterbewilligung`` of ``jobcenter.reminders``): the end of a Bewilligungszeitraum, so that
the citizen applies in time (§ 41 Abs. 3 SGB II: benefits are granted for a period; a new
period needs the Weiterbewilligungsantrag). The reminder links to the Weiterbewilligungsantrag,
which starts prefilled from the last application (form ``weiterbewilligung``, base
``last_submission``)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jobcenter.antraege.models import Submission
from jobcenter.decisions.models import Decision
from jobcenter.decisions.selectors import _GRANTING
from jobcenter.reminders.sources import DefaultRule, Occurrence

SOURCE = "weiterbewilligung"
LABEL = _("Ende des Bewilligungszeitraums (Weiterbewilligung)")
HELP = _("Erinnert daran, rechtzeitig den Weiterbewilligungsantrag zu stellen, so viele Tage vor "
         "dem Ende des Bewilligungszeitraums. Die Erinnerung führt zum vorausgefüllten Antrag.")
#: Six and two weeks before the end.
DEFAULTS = (DefaultRule(days_before=42), DefaultRule(days_before=14))


def weiterbewilligung_link() -> str:
    return reverse("formengine:start", kwargs={"form_key": "weiterbewilligung"})


def bewilligung_ends(start: dt.datetime, end: dt.datetime) -> Iterator[Occurrence]:
    """Issued Bewilligungen (of citizens with an account) whose period ends on a Berlin day
    in ``[start, end)``, one per person and end date (an Änderungsbescheid for the same
    period is the same occasion) — unless a later Bescheid for the same person was issued (it set a
    new period or ended the old one) or a Weiterbewilligungsantrag came in since."""
    first = timezone.localdate(start)
    last = timezone.localdate(end - dt.timedelta(microseconds=1))
    issued = (Decision.Status.APPROVED, Decision.Status.DELIVERED)
    later = Decision.objects.filter(
        case__applicant_user=OuterRef("case__applicant_user"), status__in=issued,
        approved_at__gt=OuterRef("approved_at"))
    applied = Submission.objects.filter(
        user=OuterRef("case__applicant_user"), form_key="weiterbewilligung",
        submitted_at__gt=OuterRef("approved_at"))
    rows = (Decision.objects
            .filter(status__in=issued, decision_type__key__in=_GRANTING,
                    period_to__gte=first, period_to__lte=last,
                    case__applicant_user__isnull=False, approved_at__isnull=False)
            .exclude(Exists(later)).exclude(Exists(applied))
            .values_list("pk", "period_to", "case__applicant_user_id", "case__jobcenter_id")
            .order_by("pk"))
    link = weiterbewilligung_link()
    for _pk, period_to, user_id, jobcenter_id in rows.iterator(chunk_size=2000):
        yield Occurrence(user_id=user_id, jobcenter_id=jobcenter_id,
                         key=f"bewilligungszeitraum:{user_id}", on=period_to, link_path=link)
