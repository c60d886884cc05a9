from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RechnerConfig(AppConfig):
    name = "jobcenter.rechner"
    label = "rechner"
    verbose_name = _("Bürgergeld-Rechner")
