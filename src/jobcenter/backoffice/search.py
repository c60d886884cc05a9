"""Person search for staff pages: the search form and the query in the own Jobcenter
(``households.selectors.person_search`` logs every person among the results)."""

from __future__ import annotations

from django.http import HttpRequest

from jobcenter.backoffice.forms import PersonSearchForm
from jobcenter.households.models import Person
from jobcenter.households.selectors import person_search


def persons_searched(request: HttpRequest) -> tuple[PersonSearchForm, list[Person] | None]:
    """The bound search form and its results (None before a valid search)."""
    form = PersonSearchForm(request.GET or None)
    if not (form.is_bound and form.is_valid()):
        return form, None
    results = person_search(
        user=request.user,
        query=form.cleaned_data["q"],
        birth_date=form.cleaned_data["geburtsdatum"],
    )
    return form, results
