from django.urls import path

from jobcenter.portal.views import termine as views

app_name = "termine_citizen"
urlpatterns = [
    path("buchen/", views.book, name="book"),
    path("rueckruf/", views.callback, name="callback"),
    path("rueckruf/<int:pk>/zurueckziehen/", views.callback_withdraw, name="callback_withdraw"),
    path("<int:pk>/absagen/", views.appointment_cancel, name="cancel"),
    path("<int:pk>/verschieben/", views.appointment_rebook, name="rebook"),
    path("<int:pk>/kann-nicht-kommen/", views.meldetermin_answer, name="answer"),
    path("<int:pk>/termin.ics", views.appointment_ics, name="ics"),
]
