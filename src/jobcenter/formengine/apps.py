from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FormengineConfig(AppConfig):
    name = "jobcenter.formengine"
    label = "formengine"
    verbose_name = _("Formulare")
