from typing import Any

from django.apps import AppConfig
from django.db.models.signals import post_save
from django.utils.translation import gettext_lazy as _


def _jobcenter_saved(sender: Any, instance: Any, created: bool, raw: bool = False,
                     **kwargs: Any) -> None:
    """A new Jobcenter starts with the default reminder rules of every source."""
    if created and not raw:
        from jobcenter.reminders.services import default_rules_install

        default_rules_install(jobcenter=instance)


class RemindersConfig(AppConfig):
    name = "jobcenter.reminders"
    label = "reminders"
    verbose_name = _("Erinnerungen")

    def ready(self) -> None:
        post_save.connect(_jobcenter_saved, sender="jobcenters.Jobcenter",
                          dispatch_uid="reminders.default_rules")
