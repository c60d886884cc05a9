"""How a contested Bescheid is named to the citizen and in letters."""

from __future__ import annotations

from django.utils.translation import gettext as _

from jobcenter.decisions import kinds
from jobcenter.decisions.documents import TITLES, date_de
from jobcenter.decisions.models import Decision


def contested_label(decision: Decision) -> str:
    """"Bewilligungsbescheid vom 03.12.2026" — the Bescheid by its kind and date."""
    kind = kinds.get(decision.decision_type.key)
    title = _(kind.title if kind is not None
              else TITLES.get(decision.decision_type.key, decision.decision_type.title))
    if decision.letter_date:
        return _("%(title)s vom %(date)s") % {"title": title,
                                               "date": date_de(decision.letter_date)}
    return title
