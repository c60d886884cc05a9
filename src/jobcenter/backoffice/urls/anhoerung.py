from django.urls import path

from jobcenter.backoffice.views import anhoerung as views

app_name = "anhoerung"
urlpatterns = [
    path("fall/<int:case_pk>/neu/", views.start, name="start"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/versenden/", views.send, name="send"),
    path("<int:pk>/zur-post/", views.posted, name="posted"),
    path("<int:pk>/antwort/", views.paper_answer, name="paper_answer"),
    path("<int:pk>/entscheiden/", views.decide, name="decide"),
    path("<int:pk>/verwerfen/", views.discard, name="discard"),
    path("<int:pk>/pdf/", views.pdf, name="pdf"),
]
