from django.urls import path

from jobcenter.accounts import views

app_name = "accounts"
urlpatterns = [
    path("sicherheit/", views.security, name="security"),
    path("sitzungen/ueberall-abmelden/", views.sign_out_everywhere, name="sign_out_everywhere"),
]
