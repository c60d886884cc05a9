from django.contrib import admin
from django.urls import include, path
from django.views.i18n import set_language

from jobcenter.core.access import public

# Who owns a page (tests/test_page_owners.py): citizen pages live in jobcenter.portal, staff
# pages in jobcenter.backoffice, the site around them (home, legal pages, branding, errors) in
# jobcenter.site, account security in jobcenter.accounts, the public Rechner in
# jobcenter.rechner. URL paths and names are those of the apps the pages came from.
urlpatterns = [
    path("", include("jobcenter.site.urls")),
    path("i18n/setlang/", public(set_language), name="set_language"),
    path("konto/", include("jobcenter.accounts.urls")),
    path("konto/", include("allauth.urls")),
    path("portal/", include("jobcenter.portal.urls")),
    path("jobcenter/", include("jobcenter.portal.urls.legal")),
    path("portal/antraege/", include("jobcenter.portal.urls.antraege")),
    path("portal/vorgaenge/", include("jobcenter.portal.urls.vorgaenge")),
    path("portal/termine/", include("jobcenter.portal.urls.termine")),
    path("formulare/", include("jobcenter.portal.urls.formulare")),
    path("buergergeld-rechner/", include("jobcenter.rechner.urls")),
    path("arbeitsbereich/", include("jobcenter.backoffice.urls")),
    path("arbeitsbereich/akte/", include("jobcenter.backoffice.urls.akte")),
    path("arbeitsbereich/bescheide/", include("jobcenter.backoffice.urls.bescheide")),
    path("arbeitsbereich/verwaltung/erinnerungen/",
         include("jobcenter.backoffice.urls.erinnerungen")),
    path("arbeitsbereich/verwaltung/massenlaeufe/",
         include("jobcenter.backoffice.urls.massenlaeufe")),
    path("arbeitsbereich/papierantrag/", include("jobcenter.backoffice.urls.papierantrag")),
    path("arbeitsbereich/zahlungen/", include("jobcenter.backoffice.urls.zahlungen")),
    path("portal/zahlungen/", include("jobcenter.portal.urls.zahlungen")),
    path("arbeitsbereich/termine/", include("jobcenter.backoffice.urls.termine")),
    path("portal/bescheide/", include("jobcenter.portal.urls.bescheide")),
    path("portal/anhoerungen/", include("jobcenter.portal.urls.anhoerung")),
    path("arbeitsbereich/anhoerungen/", include("jobcenter.backoffice.urls.anhoerung")),
    path("arbeitsbereich/vorlaeufig/", include("jobcenter.backoffice.urls.vorlaeufig")),
    path("portal/widerspruch/", include("jobcenter.portal.urls.widerspruch")),
    path("arbeitsbereich/widersprueche/", include("jobcenter.backoffice.urls.widersprueche")),
    path("portal/minderungen/", include("jobcenter.portal.urls.minderungen")),
    path("arbeitsbereich/minderungen/", include("jobcenter.backoffice.urls.minderungen")),
    path("arbeitsbereich/anliegen/", include("jobcenter.backoffice.urls.anliegen")),
    path("portal/postfach/", include("jobcenter.portal.urls.postfach")),
    path("arbeitsbereich/postfach/", include("jobcenter.backoffice.urls.postfach")),
    path("arbeitsbereich/verwaltung/postfach/",
         include("jobcenter.backoffice.urls.postfach_admin")),
    path("portal/benachrichtigungen/", include("jobcenter.portal.urls.benachrichtigungen")),
    path("plattform/admin/", admin.site.urls),
]

handler400 = "jobcenter.site.views.error_400"
handler403 = "jobcenter.site.views.error_403"
handler404 = "jobcenter.site.views.error_404"
handler500 = "jobcenter.site.views.error_500"
