"""A URL configuration with ``i18n_patterns`` (tests/core/test_locale.py)."""

from django.conf.urls.i18n import i18n_patterns
from django.http import HttpResponse
from django.urls import path

urlpatterns = i18n_patterns(path("seite/", lambda request: HttpResponse("ok")))
