from typing import Any

from django.contrib import admin

from jobcenter.zahlungen.models import PayerAccount, PayerAccountChange


class _ReadOnly(admin.ModelAdmin):
    """The Auszahlungskonto is changed by the Jobcenter's admins in the back office
    (Verwaltung → Auszahlungskonto), where every change lands in the trail; here it is only
    shown, so no change bypasses the trail."""

    def has_add_permission(self, request: Any) -> bool:
        return False

    def has_change_permission(self, request: Any, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: Any, obj: Any = None) -> bool:
        return False


@admin.register(PayerAccount)
class PayerAccountAdmin(_ReadOnly):
    list_display = ("jobcenter", "name", "iban")


@admin.register(PayerAccountChange)
class PayerAccountChangeAdmin(_ReadOnly):
    list_display = ("jobcenter", "changed_at", "changed_by", "name", "iban")
