from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PostfachConfig(AppConfig):
    name = "jobcenter.postfach"
    label = "postfach"
    verbose_name = _("Postfach")
