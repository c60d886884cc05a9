"""The Postfach's items on the citizen's to-do list (``core.todo``, registered in
``config/wiring.py``): answers they have not read yet."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from jobcenter.core import todo
from jobcenter.postfach.selectors import unread_for_citizen


def provider(user: Any) -> Iterable[todo.ToDo]:
    """One item "Neue Nachricht" when answers wait unread; it leads to the thread if there
    is one, to the Postfach if there are several."""
    threads = unread_for_citizen(user)
    if not threads:
        return []
    count = sum(t.unread for t in threads)  # type: ignore[attr-defined]  # annotated
    url = (reverse("postfach_citizen:thread", args=[threads[0].pk]) if len(threads) == 1
           else reverse("portal:mailbox"))
    detail = (_("Betreff: %(subject)s") % {"subject": threads[0].subject} if len(threads) == 1
              else ngettext("%(count)d ungelesene Nachricht im Postfach",
                            "%(count)d ungelesene Nachrichten im Postfach", count)
              % {"count": count})
    return [todo.ToDo(kind="postfach_unread", title=_("Neue Nachricht"), detail=detail,
                      action_label=_("Nachricht lesen"), action_url=url, urgency=todo.OPEN,
                      due=threads[0].last_message_at)]
