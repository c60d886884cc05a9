from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FormengineConfig(AppConfig):
    name = "jobcenter.formengine"
    label = "formengine"
    verbose_name = _("Formulare")

    def ready(self) -> None:
        from jobcenter.formengine import checks  # noqa: F401  (registers the system check)
