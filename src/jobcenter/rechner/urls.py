from django.urls import path

from jobcenter.rechner import views

app_name = "rechner"
urlpatterns = [
    path("", views.rechner, name="rechner"),
]
