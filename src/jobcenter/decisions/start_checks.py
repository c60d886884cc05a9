"""The Weiterbewilligungsantrag is offered only with a current Bewilligung: its start page
shows the end of the Bewilligungszeitraum, or — without one — what to do instead
(registered with the form engine in ``DecisionsConfig.ready``)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils import formats
from django.utils.translation import gettext as _

from jobcenter.decisions.selectors import current_bewilligung
from jobcenter.formengine.registry import StartCheck


def weiterbewilligung(user: Any) -> StartCheck:
    current = current_bewilligung(user)
    if current is None:
        return StartCheck(
            allowed=False,
            text=_("Eine Weiterbewilligung können Sie beantragen, solange Ihnen Leistungen "
                   "bewilligt sind. In Ihrem Konto ist zurzeit keine laufende Bewilligung. "
                   "Bitte stellen Sie einen neuen Antrag; wenn Sie einen Bescheid per Post "
                   "erhalten haben, der hier fehlt, sprechen Sie bitte mit Ihrem Jobcenter."),
            links=((_("Neuen Antrag stellen"), reverse("formengine:start",
                                                       kwargs={"form_key": "hauptantrag"})),
                   (_("Meine Anliegen"), reverse("portal:concerns"))),
        )
    return StartCheck(
        allowed=True,
        text=_("Ihr Bewilligungszeitraum endet am %(date)s.") % {
            "date": formats.date_format(current.period_to, "SHORT_DATE_FORMAT")},
    )
