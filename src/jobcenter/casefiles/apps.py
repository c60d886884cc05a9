from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasefilesConfig(AppConfig):
    name = "jobcenter.casefiles"
    label = "casefiles"
    verbose_name = _("eAkte")
