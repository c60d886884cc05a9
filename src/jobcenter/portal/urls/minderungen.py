from django.urls import path

from jobcenter.portal.views import minderungen as views

app_name = "minderungen_citizen"
urlpatterns = [
    path("", views.minderung_list, name="list"),
    path("<int:pk>/", views.minderung_detail, name="detail"),
    path("<int:pk>/anhoerung.pdf", views.minderung_hearing_pdf, name="hearing_pdf"),
]
