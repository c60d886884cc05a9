from django.urls import path

from jobcenter.accounts import views

app_name = "accounts"
urlpatterns = [
    path("sicherheit/", views.security, name="security"),
]
