from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TermineConfig(AppConfig):
    name = "jobcenter.termine"
    label = "termine"
    verbose_name = _("Termine")
