from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ZahlungenConfig(AppConfig):
    name = "jobcenter.zahlungen"
    label = "zahlungen"
    verbose_name = _("Zahlungen und Forderungen")
