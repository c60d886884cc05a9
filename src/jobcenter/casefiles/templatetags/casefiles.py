from django import template

from jobcenter.casefiles.selectors import open_requests_for_citizen

register = template.Library()


@register.inclusion_tag("casefiles/citizen/overview_tasks.html", takes_context=True)
def casefiles_open_tasks(context: template.Context) -> dict:
    """The citizen's open Mitwirkung tasks, for the portal overview."""
    user = context["request"].user
    return {"tasks": list(open_requests_for_citizen(user))}


@register.filter
def legal_notice_for_reader(task: object) -> str:
    """The legal notice of a request for documents in the reader's language: the text stored
    with the request (German, as sent) for a German reader; the same notice with the same
    deadline in the reader's language otherwise."""
    from django.utils.translation import get_language

    from jobcenter.casefiles.services import mitwirkung_legal_notice

    if (get_language() or "de").startswith("de"):
        return str(getattr(task, "legal_notice", ""))
    return mitwirkung_legal_notice(task.deadline)  # type: ignore[attr-defined]  # a DocumentRequest
