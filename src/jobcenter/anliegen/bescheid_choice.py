"""The choice "which Bescheid?" of the Überprüfungsantrag: the citizen's own issued
Bescheide (options source ``eigene_bescheide``, registered in ``config/wiring.py``), and
"another, or I don't know" with a description.

The source needs the form's subject (``formengine.options``): online the citizen's
account — the Bescheide their account shows (``decisions.selectors.bescheide_for_citizen``);
on paper the ``households.Person`` the application is for — that person's issued
Bescheide in their own Jobcenter. Without a subject, or for any other kind of subject
(a staff account), it offers only "another". The key of a Bescheid is ``bescheid-<id>``:
a choice is valid only if the Bescheid is one of the subject's own, so another citizen's
Bescheid can never be chosen, and the letter (``bescheid_named``) can name it.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db.models import QuerySet
from django.utils import formats, translation
from django.utils.translation import gettext

from jobcenter.core.roles import Role
from jobcenter.decisions.models import Decision
from jobcenter.decisions.selectors import bescheide_for_citizen
from jobcenter.formengine.definition import Option
from jobcenter.households.models import Person

SOURCE = "eigene_bescheide"
OTHER = "anderer"
PREFIX = "bescheid-"
#: The newest Bescheide offered; older ones are described under "another".
LIMIT = 60
LANGUAGES = ("de", "en")

_OTHER_LABEL = {"de": "Ein anderer Bescheid oder ich weiß es nicht",
                "en": "Another decision, or I don't know"}


def own_bescheide(subject: Any) -> QuerySet[Decision]:
    """The issued Bescheide of the subject (a citizen's account or a person), newest
    first; none for anything else."""
    if isinstance(subject, Person):
        return (
            Decision.objects.filter(
                case__applicant=subject, case__jobcenter_id=subject.jobcenter_id,
                status__in=(Decision.Status.APPROVED, Decision.Status.DELIVERED),
                shown_to_applicant=True, letter_date__isnull=False,
            )
            .select_related("decision_type", "case")
            .order_by("-letter_date", "-pk")
        )
    if getattr(subject, "role", None) == Role.CITIZEN and getattr(subject, "pk", None):
        return bescheide_for_citizen(subject).filter(letter_date__isnull=False)
    return Decision.objects.none()


def bescheid_label(decision: Decision) -> dict[str, str]:
    """"Bewilligung vom 3. März 2026 (Bescheid-Nr. …)" in each language (only issued
    Bescheide with a letter date are offered)."""
    assert decision.letter_date is not None
    label = {}
    for language in LANGUAGES:
        with translation.override(language):
            label[language] = gettext("%(title)s vom %(date)s (Bescheid-Nr. %(number)s)") % {
                "title": gettext(decision.decision_type.title),
                "date": formats.date_format(decision.letter_date, "j. F Y"),
                "number": decision.reference,
            }
    return label


def bescheid_options(answers: Mapping[str, Any], subject: Any) -> list[Option]:
    """The options source ``eigene_bescheide``."""
    options = [Option(key=f"{PREFIX}{d.pk}", label=bescheid_label(d))
               for d in own_bescheide(subject)[:LIMIT]]
    return [*options, Option(key=OTHER, label=dict(_OTHER_LABEL))]


def bescheid_named(answer: Any) -> Decision | None:
    """The Bescheid a stored answer chose (None for "another" or anything else). Only
    called for answers the form engine accepted, i.e. the subject's own Bescheid."""
    value = str(answer or "")
    if not value.startswith(PREFIX) or not value[len(PREFIX):].isdigit():
        return None
    return (Decision.objects.select_related("decision_type", "case")
            .filter(pk=int(value[len(PREFIX):]),
                    status__in=(Decision.Status.APPROVED, Decision.Status.DELIVERED))
            .first())
