from django import template

from jobcenter.casefiles.selectors import open_requests_for_citizen

register = template.Library()


@register.inclusion_tag("casefiles/citizen/overview_tasks.html", takes_context=True)
def casefiles_open_tasks(context: template.Context) -> dict:
    """The citizen's open Mitwirkung tasks, for the portal overview."""
    user = context["request"].user
    return {"tasks": list(open_requests_for_citizen(user))}
