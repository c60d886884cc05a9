from django.contrib import admin

from jobcenter.zahlungen.models import PayerAccount


@admin.register(PayerAccount)
class PayerAccountAdmin(admin.ModelAdmin):
    list_display = ("jobcenter", "name", "iban")
