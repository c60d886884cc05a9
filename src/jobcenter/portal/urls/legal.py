from django.urls import path

from jobcenter.portal.views import legal

app_name = "legal"
urlpatterns = [
    path("<slug:slug>/datenschutz/", legal.privacy, name="privacy"),
    path("<slug:slug>/barrierefreiheit/", legal.accessibility, name="accessibility"),
    path("<slug:slug>/impressum/", legal.imprint, name="imprint"),
]
