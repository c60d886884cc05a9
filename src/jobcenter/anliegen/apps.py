from django.apps import AppConfig


class AnliegenConfig(AppConfig):
    name = "jobcenter.anliegen"
    label = "anliegen"
    verbose_name = "Anliegen"
