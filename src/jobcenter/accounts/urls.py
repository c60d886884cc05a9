from django.urls import path

from jobcenter.accounts import views

app_name = "accounts"
urlpatterns = [
    path("sicherheit/", views.security, name="security"),
    path("sitzungen/<int:pk>/abmelden/", views.session_end, name="session_end"),
    path("sitzungen/ueberall-abmelden/", views.sign_out_everywhere, name="sign_out_everywhere"),
]
