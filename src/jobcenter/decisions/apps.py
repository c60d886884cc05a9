from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DecisionsConfig(AppConfig):
    name = "jobcenter.decisions"
    label = "decisions"
    verbose_name = _("Bescheide")

    def ready(self) -> None:
        from jobcenter.decisions import (
            handlers,  # noqa: F401  (subscribes to domain events)
            start_checks,
        )
        from jobcenter.formengine.registry import register_start_check

        register_start_check("weiterbewilligung", start_checks.weiterbewilligung)
