from django.urls import path

from jobcenter.backoffice.views import termine as views

app_name = "termine_staff"
urlpatterns = [
    path("", views.calendar, name="calendar"),
    path("<int:pk>/", views.appointment_detail, name="detail"),
    path("<int:pk>/bestaetigen/", views.appointment_confirm, name="confirm"),
    path("<int:pk>/verschieben/", views.appointment_move, name="move"),
    path("<int:pk>/absagen/", views.appointment_cancel, name="cancel"),
    path("<int:pk>/ergebnis/", views.appointment_outcome, name="outcome"),
    path("ohne-ergebnis/", views.without_outcome, name="without_outcome"),
    path("<int:pk>/entscheiden/", views.meldetermin_decide, name="decide"),
    path("meldetermin/<int:person_pk>/", views.meldetermin_new, name="meldetermin"),
    path("rueckruf/<int:pk>/erledigt/", views.callback_done, name="callback_done"),
    path("sprechzeiten/", views.availability, name="availability"),
    path("sprechzeiten/neu/", views.rule_add, name="rule_add"),
    path("sprechzeiten/<int:pk>/loeschen/", views.rule_delete, name="rule_delete"),
    path("themen/neu/", views.topic_add, name="topic_add"),
    path("themen/<int:pk>/umschalten/", views.topic_toggle, name="topic_toggle"),
    path("standorte/neu/", views.location_add, name="location_add"),
    path("abwesenheiten/neu/", views.exception_add, name="exception_add"),
    path("abwesenheiten/<int:pk>/loeschen/", views.exception_delete, name="exception_delete"),
]
