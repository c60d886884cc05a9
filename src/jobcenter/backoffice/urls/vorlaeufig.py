from django.urls import path

from jobcenter.backoffice.views import vorlaeufig as views

app_name = "vorlaeufig"
urlpatterns = [
    path("fall/<int:case_pk>/neu/", views.create, name="create"),
    path("<int:pk>/nachweise/", views.proofs, name="proofs"),
    path("<int:pk>/abschluss/", views.final, name="final"),
]
