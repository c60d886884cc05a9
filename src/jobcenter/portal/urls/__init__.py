from django.urls import path

from jobcenter.portal.views import anliegen, datenkopie, katalog, postfach, profile, termine
from jobcenter.portal.views import overview as views

app_name = "portal"
urlpatterns = [
    path("", views.overview, name="overview"),
    path("anliegen/", anliegen.concern_list, name="concerns"),
    path("erledigen/", katalog.catalogue, name="catalogue"),
    path("anliegen/<str:reference>/", anliegen.concern_detail, name="concern"),
    # Retired: "Anträge" is part of "Meine Anliegen".
    path("antraege/", anliegen.applications_redirect, name="applications"),
    path("dokumente/", anliegen.documents, name="documents"),
    path("kontakt/", views.contact, name="contact"),
    path("postfach/", postfach.inbox, name="mailbox"),
    path("termine/", termine.appointments, name="appointments"),
    path("termine/<int:pk>/", termine.appointment_detail, name="appointment"),
    path("profil/", profile.profile, name="profile"),
    path("profil/kontakt/", profile.contact, name="profile_contact"),
    path("profil/anschrift/", profile.address, name="profile_address"),
    path("profil/umzug/", profile.address, name="move"),  # older links: the address page
    path("profil/bankverbindung/", profile.bank_account, name="profile_bank"),
    path("profil/zustellung/", profile.delivery, name="profile_delivery"),
    path("profil/benachrichtigungen/", profile.notifications, name="profile_notifications"),
    path("zugriffe/", views.access_log, name="access_log"),
    path("meine-daten/", datenkopie.data_copy, name="data_copy"),
    path("meine-daten/<int:pk>/kopie.zip", datenkopie.data_copy_download,
         name="data_copy_download"),
]
