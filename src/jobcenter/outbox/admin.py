"""The platform admin's view of background work: what is stuck or dead, and "erneut zustellen"."""

from __future__ import annotations

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from jobcenter.outbox import selectors, services
from jobcenter.outbox.models import OutboxMessage


class StateFilter(admin.SimpleListFilter):
    title = _("Zustand")
    parameter_name = "zustand"

    def lookups(self, request: HttpRequest, model_admin: admin.ModelAdmin) -> list:
        return [
            ("haengt", _("hängt")),
            ("offen", _("offen")),
            ("aufgegeben", _("aufgegeben")),
            ("erledigt", _("erledigt")),
        ]

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        match self.value():
            case "haengt":
                return queryset.filter(pk__in=selectors.messages_stuck().values("pk"))
            case "offen":
                return queryset.filter(status=OutboxMessage.Status.PENDING)
            case "aufgegeben":
                return queryset.filter(status=OutboxMessage.Status.DEAD)
            case "erledigt":
                return queryset.filter(status=OutboxMessage.Status.DONE)
        return queryset


@admin.register(OutboxMessage)
class OutboxMessageAdmin(admin.ModelAdmin):
    list_display = ("id", "task_name", "status", "attempts", "created_at", "next_attempt_at")
    list_filter = (StateFilter, "task")
    search_fields = ("key", "task")
    readonly_fields = [field.name for field in OutboxMessage._meta.fields]
    actions = ["hand_over_again"]

    @admin.display(description=_("Aufgabe"), ordering="task")
    def task_name(self, message: OutboxMessage) -> str:
        """``jobcenter.antraege.tasks.submission_received`` → ``antraege.submission_received``"""
        return message.task.removeprefix("jobcenter.").replace(".tasks.", ".")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    @admin.action(description=_("Erneut zustellen"), permissions=["view"])
    def hand_over_again(self, request: HttpRequest, queryset: QuerySet) -> None:
        published = services.outbox_retry(message_ids=queryset.values_list("pk", flat=True))
        self.message_user(
            request,
            ngettext("%(count)d Auftrag wurde erneut zugestellt.",
                     "%(count)d Aufträge wurden erneut zugestellt.", published)
            % {"count": published},
            messages.SUCCESS if published else messages.WARNING,
        )
