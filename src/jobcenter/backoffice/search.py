"""Person search for staff pages: the search form, the query in the own Jobcenter and the
access-log entry for the search, in one place."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.translation import gettext as _

from jobcenter.backoffice.forms import PersonSearchForm
from jobcenter.households.models import Person
from jobcenter.households.selectors import person_search
from jobcenter.transparency.models import AccessLogEntry
from jobcenter.transparency.services import access_log_record


def persons_searched(
    request: HttpRequest, *, context: str = ""
) -> tuple[PersonSearchForm, list[Person] | None]:
    """The bound search form and its results (None before a valid search).

    Every search is logged; ``context`` names the screen it was made from.
    """
    form = PersonSearchForm(request.GET or None)
    if not (form.is_bound and form.is_valid()):
        return form, None
    results = person_search(
        user=request.user,
        query=form.cleaned_data["q"],
        birth_date=form.cleaned_data["geburtsdatum"],
    )
    hits = _("%(count)s Treffer") % {"count": len(results)}
    access_log_record(
        actor=request.user,
        purpose=AccessLogEntry.Purpose.SEARCH,
        detail=f"{context}: {hits}" if context else hits,
    )
    return form, results
