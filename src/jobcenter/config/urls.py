from django.contrib import admin
from django.urls import include, path
from django.views.i18n import set_language

from jobcenter.core.access import public

urlpatterns = [
    path("", include("jobcenter.core.urls")),
    path("i18n/setlang/", public(set_language), name="set_language"),
    path("konto/", include("jobcenter.accounts.urls")),
    path("konto/", include("allauth.urls")),
    path("portal/", include("jobcenter.portal.urls")),
    path("portal/antraege/", include("jobcenter.antraege.urls")),
    path("portal/vorgaenge/", include("jobcenter.casefiles.citizen_urls")),
    path("formulare/", include("jobcenter.formengine.urls")),
    path("buergergeld-rechner/", include("jobcenter.rechner.urls")),
    path("arbeitsbereich/", include("jobcenter.backoffice.urls")),
    path("arbeitsbereich/akte/", include("jobcenter.casefiles.urls")),
    path("arbeitsbereich/bescheide/", include("jobcenter.decisions.urls")),
    path("arbeitsbereich/papierantrag/", include("jobcenter.antraege.staff_urls")),
    path("portal/bescheide/", include("jobcenter.decisions.citizen_urls")),
    path("plattform/admin/", admin.site.urls),
]

handler400 = "jobcenter.core.views.error_400"
handler403 = "jobcenter.core.views.error_403"
handler404 = "jobcenter.core.views.error_404"
handler500 = "jobcenter.core.views.error_500"
