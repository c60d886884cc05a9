from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class JobcentersConfig(AppConfig):
    name = "jobcenter.jobcenters"
    label = "jobcenters"
    verbose_name = _("Jobcenter")

    def ready(self) -> None:
        # Keeps the cached branding fresh (a cache, not domain logic: see
        # jobcenters.selectors.branding_jobcenter and core.fresh_cache).
        from django.db.models.signals import post_delete, post_save

        from jobcenter.jobcenters.models import Jobcenter
        from jobcenter.jobcenters.selectors import on_jobcenter_changed

        for signal in (post_save, post_delete):
            signal.connect(on_jobcenter_changed, sender=Jobcenter,
                           dispatch_uid=f"jobcenters.branding.{signal is post_save}")
