from django.urls import path

from jobcenter.portal.views import bescheide as citizen_views

app_name = "decisions_citizen"
urlpatterns = [
    path("", citizen_views.bescheide, name="list"),
    path("zustellung/", citizen_views.delivery, name="delivery"),
    path("<int:pk>/pdf/", citizen_views.download, name="download"),
]
