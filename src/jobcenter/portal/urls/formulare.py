from django.urls import path

from jobcenter.portal.views import formulare as views

app_name = "formengine"
urlpatterns = [
    path("", views.draft_list, name="drafts"),
    path("entwurf/<uuid:draft_id>/", views.resume, name="resume"),
    path("entwurf/<uuid:draft_id>/seite/<slug:page_key>/", views.page, name="page"),
    path("entwurf/<uuid:draft_id>/pruefen/", views.summary, name="summary"),
    path("entwurf/<uuid:draft_id>/absenden/", views.submit, name="submit"),
    path("entwurf/<uuid:draft_id>/loeschen/", views.delete, name="delete"),
    path("datei/<uuid:upload_id>/", views.upload_file, name="upload"),
    path("<slug:form_key>/", views.start, name="start"),
]
