"""The team's Postfach in the work area."""

from django.urls import path

from jobcenter.backoffice.views import postfach as views

app_name = "postfach"
urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("neu/<int:person_pk>/", views.new, name="new"),
    path("<int:pk>/", views.thread, name="thread"),
    path("<int:pk>/antworten/", views.reply, name="reply"),
    path("<int:pk>/aktualisieren/", views.poll, name="poll"),
    path("<int:pk>/zuweisen/", views.assign, name="assign"),
    path("<int:pk>/stand/", views.state, name="state"),
    path("<int:pk>/anhang/<int:attachment_pk>/", views.attachment, name="attachment"),
]
