from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    default = True
    name = "jobcenter.core"
    label = "core"
    verbose_name = _("Plattform")


class AdminConfig(admin_apps.AdminConfig):
    """The Django admin, open to platform admins only (see ``core.admin_site``)."""

    default = False
    default_site = "jobcenter.core.admin_site.PlatformAdminSite"
