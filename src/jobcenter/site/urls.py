from django.urls import path

from jobcenter.site import views

app_name = "core"
urlpatterns = [
    path("", views.home, name="home"),
    path("start/", views.start, name="start"),
    path("sitzung/verlaengern/", views.keepalive, name="keepalive"),
    path("healthz/", views.healthz, name="healthz"),
    path("favicon.ico", views.favicon, name="favicon"),
    path("robots.txt", views.robots_txt, name="robots_txt"),
    path("branding/<slug:slug>.css", views.branding_css, name="branding_css"),
    path("branding/<slug:slug>/logo", views.branding_logo, name="branding_logo"),
    path("barrierefreiheit/", views.accessibility, name="accessibility"),
    path("datenschutz/", views.privacy, name="privacy"),
    path("impressum/", views.imprint, name="imprint"),
]
