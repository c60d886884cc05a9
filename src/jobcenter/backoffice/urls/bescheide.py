from django.urls import path

from jobcenter.backoffice.views import bescheide as views

app_name = "decisions"
urlpatterns = [
    path("", views.overview, name="overview"),
    path("druckliste/", views.print_list, name="print_list"),
    path("automatisierung/", views.report, name="report"),
    path("automatisierung/regeln/", views.rules, name="rules"),
    path("einstellungen/", views.decision_settings, name="settings"),
    path("fall/<int:case_pk>/", views.calculation, name="calculation"),
    path("fall/<int:case_pk>/eintraege/", views.calculation_structure, name="structure"),
    path("fall/<int:case_pk>/neu/", views.decision_create, name="create"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/entscheiden/", views.finalize, name="finalize"),
    path("<int:pk>/freigeben/", views.approve, name="approve"),
    path("<int:pk>/zurueckgeben/", views.return_to_draft, name="return"),
    path("<int:pk>/verwerfen/", views.discard, name="discard"),
    path("<int:pk>/pdf/", views.pdf, name="pdf"),
]
