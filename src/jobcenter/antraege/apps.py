from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AntraegeConfig(AppConfig):
    name = "jobcenter.antraege"
    label = "antraege"
    verbose_name = _("Anträge")

    def ready(self) -> None:
        from jobcenter.antraege import hooks, household_choice, prefill
        from jobcenter.formengine import options
        from jobcenter.formengine import prefill as engine_prefill

        engine_prefill.register_provider("profile", prefill.profile)
        engine_prefill.register_provider("household", prefill.household)
        engine_prefill.register_provider("last_submission", prefill.last_submission)
        options.register_source(household_choice.SOURCE, household_choice.household_options)
        hooks.register()
