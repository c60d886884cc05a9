from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    default = True
    name = "jobcenter.core"
    label = "core"
    verbose_name = _("Plattform")

    def ready(self) -> None:
        from jobcenter.core import checks  # registers the deployment checks

        checks.warn_if_unscanned()


class AdminConfig(admin_apps.AdminConfig):
    """The Django admin, open to platform admins only (see ``core.admin_site``)."""

    default = False
    default_site = "jobcenter.accounts.admin_site.PlatformAdminSite"
