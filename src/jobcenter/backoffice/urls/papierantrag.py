from django.urls import path

from jobcenter.backoffice.views import papierantrag as views

app_name = "paper"
urlpatterns = [
    path("", views.start, name="start"),
    path("person/neu/", views.person_new, name="person_new"),
    path("person/<int:pk>/", views.person, name="person"),
    path("<uuid:entry_id>/", views.entry, name="entry"),
    path("<uuid:entry_id>/seite/<slug:page_key>/", views.page, name="page"),
    path("<uuid:entry_id>/pruefen/", views.summary, name="summary"),
    path("<uuid:entry_id>/erfassen/", views.submit, name="submit"),
    path("<uuid:entry_id>/verwerfen/", views.discard, name="discard"),
    path("<uuid:entry_id>/scan/", views.scan, name="scan"),
]
