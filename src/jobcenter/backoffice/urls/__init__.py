from django.urls import path

from jobcenter.backoffice.views import legal, zustellung
from jobcenter.backoffice.views import persons as views

app_name = "backoffice"
urlpatterns = [
    path("", views.queue, name="queue"),
    path("suche/", views.search, name="search"),
    path("personen/<int:pk>/", views.person_detail, name="person_detail"),
    path("personen/<int:pk>/zugriffe/", views.person_access_log, name="person_access_log"),
    path("personen/<int:pk>/benachrichtigungen/", zustellung.person_notifications,
         name="person_notifications"),
    path("verwaltung/", views.administration, name="administration"),
    path("verwaltung/mitarbeitende/neu/", views.staff_create, name="staff_create"),
    path("verwaltung/rechtstexte/", legal.legal_texts, name="legal_texts"),
    path("verwaltung/barrierefreiheit/rueckmeldungen/", legal.feedback_list,
         name="legal_feedback"),
    path("verwaltung/barrierefreiheit/rueckmeldungen/<int:pk>/erledigt/",
         legal.feedback_done, name="legal_feedback_done"),
]
