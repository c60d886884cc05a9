from django.urls import path

from jobcenter.portal.views import overview as views

app_name = "portal"
urlpatterns = [
    path("", views.overview, name="overview"),
    path("antraege/", views.applications, name="applications"),
    path("dokumente/", views.documents, name="documents"),
    path("postfach/", views.mailbox, name="mailbox"),
    path("termine/", views.appointments, name="appointments"),
    path("profil/", views.profile, name="profile"),
    path("profil/umzug/", views.move, name="move"),
    path("zugriffe/", views.access_log, name="access_log"),
]
