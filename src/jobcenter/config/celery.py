"""Celery application.

Production: a real broker (Redis or RabbitMQ) from ``CELERY_BROKER_URL``.
``make run``: the broker-less filesystem transport, so a real worker runs without a server.
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jobcenter.config.settings")

app = Celery("jobcenter")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
