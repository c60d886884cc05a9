from django.urls import path

from jobcenter.portal.views import vorgaenge as citizen_views

app_name = "casefiles_citizen"
urlpatterns = [
    path("", citizen_views.case_list, name="list"),
    path("dokumente/", citizen_views.documents, name="documents"),
    path("<int:pk>/", citizen_views.case_detail, name="case"),
    path("<int:pk>/unterlagen/<int:item_pk>/", citizen_views.item_upload, name="upload"),
    path("<int:pk>/dokumente/<int:version_pk>/", citizen_views.document_download,
         name="document"),
]
