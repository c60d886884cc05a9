from django.apps import AppConfig


class BedarfeConfig(AppConfig):
    name = "jobcenter.bedarfe"
    label = "bedarfe"
    verbose_name = "Bedarfe"
