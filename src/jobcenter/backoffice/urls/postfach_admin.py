"""Verwaltung of the Postfach: topics with their team and service clock, Textbausteine."""

from django.urls import path

from jobcenter.backoffice.views import postfach as views

app_name = "postfach_admin"
urlpatterns = [
    path("themen/", views.topics, name="topics"),
    path("themen/<int:pk>/", views.topics, name="topic_edit"),
    path("textbausteine/", views.templates, name="templates"),
    path("textbausteine/<int:pk>/", views.templates, name="template_edit"),
]
