from django.contrib import admin

from jobcenter.decisions.models import AutomationRule


@admin.register(AutomationRule)
class AutomationRuleAdmin(admin.ModelAdmin):
    list_display = ("jobcenter", "case_type_key", "require_nothing_changed", "max_change_eur",
                    "mode", "is_active")
    list_filter = ("jobcenter", "mode", "is_active")
