from django.urls import path

from jobcenter.portal.views import anliegen
from jobcenter.portal.views import overview as views

app_name = "portal"
urlpatterns = [
    path("", views.overview, name="overview"),
    path("anliegen/", anliegen.concern_list, name="concerns"),
    path("anliegen/<str:reference>/", anliegen.concern_detail, name="concern"),
    # Retired: "Anträge" is part of "Meine Anliegen".
    path("antraege/", anliegen.applications_redirect, name="applications"),
    path("dokumente/", anliegen.documents, name="documents"),
    path("postfach/", views.mailbox, name="mailbox"),
    path("termine/", views.appointments, name="appointments"),
    path("profil/", views.profile, name="profile"),
    path("profil/umzug/", views.move, name="move"),
    path("zugriffe/", views.access_log, name="access_log"),
]
