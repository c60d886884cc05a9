from django.urls import path

from jobcenter.portal.views import widerspruch as views

app_name = "rechtsbehelfe_citizen"
urlpatterns = [
    path("", views.widerspruch_list, name="list"),
    path("bescheid/<int:decision_pk>/", views.widerspruch_create, name="create"),
    path("<int:pk>/", views.widerspruch_detail, name="detail"),
    path("<int:pk>/eingangsbestaetigung.pdf", views.widerspruch_receipt, name="receipt"),
]
