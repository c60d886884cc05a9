from django.urls import path

from jobcenter.backoffice.views import minderungen as views

app_name = "minderungen"
urlpatterns = [
    path("", views.minderung_list, name="list"),
    path("fall/<int:case_pk>/neu/", views.minderung_record, name="record"),
    path("<int:pk>/", views.minderung_detail, name="detail"),
    path("<int:pk>/anhoerung/", views.minderung_hearing, name="hearing"),
    path("<int:pk>/anhoerung/versandt/", views.minderung_posted, name="posted"),
    path("<int:pk>/anhoerung.pdf", views.minderung_hearing_pdf, name="hearing_pdf"),
    path("<int:pk>/aeusserung/", views.minderung_answer, name="answer"),
    path("<int:pk>/entscheiden/", views.minderung_decide, name="decide"),
    path("<int:pk>/einstellen/", views.minderung_drop, name="drop"),
    path("<int:pk>/beenden/", views.minderung_end, name="end"),
]
