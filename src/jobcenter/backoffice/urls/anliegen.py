from django.urls import path

from jobcenter.backoffice.views import anliegen as views

app_name = "anliegen"
urlpatterns = [
    path("fall/<int:pk>/", views.decide, name="decide"),
]
