from django.urls import path

from jobcenter.portal import profile, views

app_name = "portal"
urlpatterns = [
    path("", views.overview, name="overview"),
    path("antraege/", views.applications, name="applications"),
    path("dokumente/", views.documents, name="documents"),
    path("postfach/", views.mailbox, name="mailbox"),
    path("termine/", views.appointments, name="appointments"),
    path("profil/", profile.profile, name="profile"),
    path("profil/kontakt/", profile.contact, name="profile_contact"),
    path("profil/anschrift/", profile.address, name="profile_address"),
    path("profil/umzug/", profile.address, name="move"),  # older links: the address page
    path("profil/bankverbindung/", profile.bank_account, name="profile_bank"),
    path("profil/zustellung/", profile.delivery, name="profile_delivery"),
    path("profil/benachrichtigungen/", profile.notifications, name="profile_notifications"),
    path("zugriffe/", views.access_log, name="access_log"),
]
