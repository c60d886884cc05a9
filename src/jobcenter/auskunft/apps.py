from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuskunftConfig(AppConfig):
    name = "jobcenter.auskunft"
    label = "auskunft"
    verbose_name = _("Auskunft (Kopie der Daten)")
