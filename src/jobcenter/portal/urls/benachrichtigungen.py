from django.urls import path

from jobcenter.portal.views import benachrichtigungen as views

app_name = "notifications_citizen"
urlpatterns = [
    path("", views.notification_list, name="list"),
    path("alle-gelesen/", views.notification_read_all, name="read_all"),
    path("<int:pk>/", views.notification_open, name="open"),
    path("<int:pk>/gelesen/", views.notification_read, name="read"),
]
