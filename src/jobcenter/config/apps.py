from django.apps import AppConfig


class WiringConfig(AppConfig):
    """Connects the apps' plug-ins and event handlers once all apps are loaded
    (``jobcenter.config.wiring``). Its place in ``INSTALLED_APPS`` does not matter: Django
    calls ``ready()`` after every app's models are loaded, and the order of the handlers is
    the one stated in ``wiring.SUBSCRIPTIONS``."""

    name = "jobcenter.config"
    label = "wiring"
    verbose_name = "Wiring"

    def ready(self) -> None:
        from jobcenter.config import wiring  # loads the apps' modules: only after app loading

        wiring.connect()
