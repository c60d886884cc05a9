from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from jobcenter.accounts.models import User
from jobcenter.core.roles import Role


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    ordering = ["email"]
    list_display = ["email", "first_name", "last_name", "role", "jobcenter", "is_active"]
    list_filter = ["role", "jobcenter", "is_active"]
    search_fields = ["email", "first_name", "last_name"]
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (_("Person"), {"fields": ("first_name", "last_name", "postcode")}),
        (_("Rolle"), {"fields": ("role", "jobcenter", "team", "is_active")}),
    )
    add_fieldsets = ((None, {"classes": ("wide",),
                             "fields": ("email", "role", "jobcenter", "password1", "password2")}),)

    def get_queryset(self, request):
        """Platform admins manage staff accounts; citizens' accounts are not shown here,
        so personal data of citizens never leaves the audited work area."""
        return super().get_queryset(request).exclude(role=Role.CITIZEN)
