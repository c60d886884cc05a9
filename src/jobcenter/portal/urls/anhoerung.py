from django.urls import path

from jobcenter.portal.views import anhoerung as views

app_name = "anhoerung_citizen"
urlpatterns = [
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/pdf/", views.pdf, name="pdf"),
]
