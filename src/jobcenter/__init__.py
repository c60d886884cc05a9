"""Jobcenter Online: the Django project (portal for citizens, work area for staff)."""

from jobcenter.config.celery import app as celery_app

__all__ = ["celery_app"]
