from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RechtsbehelfeConfig(AppConfig):
    name = "jobcenter.rechtsbehelfe"
    label = "rechtsbehelfe"
    verbose_name = _("Widersprüche")
