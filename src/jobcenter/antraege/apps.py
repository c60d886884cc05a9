from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AntraegeConfig(AppConfig):
    name = "jobcenter.antraege"
    label = "antraege"
    verbose_name = _("Anträge")
