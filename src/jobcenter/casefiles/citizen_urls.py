from django.urls import path

from jobcenter.casefiles import citizen_views

app_name = "casefiles_citizen"
urlpatterns = [
    path("", citizen_views.case_list, name="list"),
]
