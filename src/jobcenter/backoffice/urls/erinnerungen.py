from django.urls import path

from jobcenter.backoffice.views import erinnerungen as views

app_name = "reminders_admin"
urlpatterns = [
    path("", views.rule_list, name="list"),
    path("neu/", views.rule_create, name="create"),
    path("<int:pk>/", views.rule_edit, name="edit"),
    path("<int:pk>/loeschen/", views.rule_delete, name="delete"),
]
