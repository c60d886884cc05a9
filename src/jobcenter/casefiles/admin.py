"""The catalogue is data: platform admins maintain it here with validity dates.

Cases and documents are personal data and are not shown in the admin.
"""

from django.contrib import admin

from jobcenter.casefiles.models import CaseType, DecisionType, DocumentType, StatusType


class CatalogueAdmin(admin.ModelAdmin):
    list_filter = ["valid_from", "valid_to"]
    search_fields = ["key", "title"]
    ordering = ["key", "-valid_from"]


@admin.register(CaseType)
class CaseTypeAdmin(CatalogueAdmin):
    list_display = ["key", "title", "processing_days", "at_risk_days", "valid_from", "valid_to"]


@admin.register(StatusType)
class StatusTypeAdmin(CatalogueAdmin):
    list_display = ["key", "title", "notify_citizen", "is_final", "manual", "position",
                    "valid_from", "valid_to"]


@admin.register(DocumentType)
class DocumentTypeAdmin(CatalogueAdmin):
    list_display = ["key", "title", "direction", "valid_from", "valid_to"]


@admin.register(DecisionType)
class DecisionTypeAdmin(CatalogueAdmin):
    list_display = ["key", "title", "objection_period_months", "requires_four_eyes",
                    "valid_from", "valid_to"]
