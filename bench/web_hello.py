"""The anchor of ``bench/web_bench.py``: a Django hello-world in one module (settings, URL
configuration and WSGI application), served by gunicorn with the same options as the
product. It is Django as ``startproject`` configures it for a page that needs neither a
session nor the database (DEBUG off, the security and common middleware), answering
``GET /`` with a short HTML page.

    DJANGO_SETTINGS_MODULE=bench.web_hello gunicorn bench.web_hello:application
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.urls import path

DEBUG = False
SECRET_KEY = "hello-world-bench-not-secret-0123456789abcdefghijklmnopqrstuvwxyz"
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
ROOT_URLCONF = __name__
INSTALLED_APPS: list[str] = []
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]
USE_TZ = True
DATABASES: dict[str, dict[str, str]] = {}


def hello(request: HttpRequest) -> HttpResponse:
    return HttpResponse("<!doctype html><title>Hallo</title><p>Hallo, Welt!</p>")


urlpatterns = [path("", hello)]


def _application():  # type: ignore[no-untyped-def]
    from django.core.wsgi import get_wsgi_application

    return get_wsgi_application()


application = _application()
