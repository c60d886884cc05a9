"""The citizen's Postfach (the list itself is ``portal:mailbox`` at /portal/postfach/)."""

from django.urls import path

from jobcenter.portal.views import postfach as views

app_name = "postfach_citizen"
urlpatterns = [
    path("neu/", views.new, name="new"),
    path("<int:pk>/", views.thread, name="thread"),
    path("<int:pk>/aktualisieren/", views.poll, name="poll"),
    path("<int:pk>/anhang/<int:attachment_pk>/", views.attachment, name="attachment"),
    path("<int:pk>/nachricht/<int:message_pk>/sendebestaetigung.pdf", views.receipt,
         name="receipt"),
]
