from django.urls import path

from jobcenter.portal.views import antraege as views

app_name = "antraege"
urlpatterns = [
    path("fingerabdruck-pruefen/", views.verify, name="verify"),
    path("<str:reference>/", views.detail, name="detail"),
    path("<str:reference>/eingangsbestaetigung.pdf", views.receipt_pdf, name="receipt"),
    path("<str:reference>/export.json", views.export_json, name="export"),
    path("<str:reference>/anlagen/<int:pk>/", views.attachment, name="attachment"),
]
