from django.urls import path

from jobcenter.portal.views import zahlungen as views

app_name = "zahlungen_citizen"
urlpatterns = [
    path("", views.payments, name="list"),
]
