from django.urls import path

from jobcenter.backoffice.views import massenlaeufe as views

app_name = "bulk_runs"
urlpatterns = [
    path("", views.run_list, name="list"),
]
