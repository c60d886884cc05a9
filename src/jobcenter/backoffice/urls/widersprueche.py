from django.urls import path

from jobcenter.backoffice.views import widersprueche as views

app_name = "rechtsbehelfe"
urlpatterns = [
    path("", views.widerspruch_list, name="list"),
    path("einstellungen/", views.widerspruch_settings, name="settings"),
    path("erfassen/<int:decision_pk>/", views.widerspruch_record, name="record"),
    path("<int:pk>/", views.widerspruch_detail, name="detail"),
    path("<int:pk>/registrieren/", views.widerspruch_register, name="register"),
    path("<int:pk>/abhilfe/", views.widerspruch_remedy, name="remedy"),
    path("<int:pk>/abgeben/", views.widerspruch_hand_over, name="hand_over"),
    path("<int:pk>/widerspruchsbescheid/", views.widerspruch_rule, name="rule"),
    path("<int:pk>/ruecknahme/", views.widerspruch_withdraw, name="withdraw"),
]
