from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MinderungenConfig(AppConfig):
    name = "jobcenter.minderungen"
    label = "minderungen"
    verbose_name = _("Leistungsminderungen")
