from django.urls import path

from jobcenter.backoffice.views import akte as views
from jobcenter.backoffice.views import wiedervorlagen

app_name = "casefiles"
urlpatterns = [
    path("", views.queue, name="queue"),
    path("zuweisen/", views.bulk_assign, name="bulk_assign"),
    path("<int:pk>/", views.case_detail, name="case"),
    path("<int:pk>/zustaendigkeit/", views.case_assign, name="case_assign"),
    path("<int:pk>/status/", views.case_status, name="case_status"),
    path("<int:pk>/notizen/", views.note_add, name="note_add"),
    path("<int:pk>/wiedervorlage/", wiedervorlagen.follow_up_create, name="follow_up_create"),
    path("wiedervorlagen/", wiedervorlagen.follow_up_list, name="follow_ups"),
    path("wiedervorlagen/<int:pk>/erledigt/", wiedervorlagen.follow_up_done,
         name="follow_up_done"),
    path("<int:pk>/mitwirkung/neu/", views.request_create, name="request_create"),
    path("<int:pk>/dokumente/<int:version_pk>/", views.document_detail, name="document"),
    path("<int:pk>/dokumente/<int:version_pk>/inhalt/", views.document_content,
         name="document_content"),
]
