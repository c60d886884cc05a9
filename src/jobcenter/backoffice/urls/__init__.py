from django.urls import path

from jobcenter.backoffice.views import angemessenheit, haushalt, legal, verwaltung, zustellung
from jobcenter.backoffice.views import persons as views

app_name = "backoffice"
urlpatterns = [
    path("", views.queue, name="queue"),
    path("suche/", views.search, name="search"),
    path("personen/<int:pk>/", views.person_detail, name="person_detail"),
    path("personen/<int:pk>/zugriffe/", views.person_access_log, name="person_access_log"),
    path("personen/<int:pk>/benachrichtigungen/", zustellung.person_notifications,
         name="person_notifications"),
    path("verwaltung/", views.administration, name="administration"),
    path("verwaltung/mitarbeitende/neu/", views.staff_create, name="staff_create"),
    path("verwaltung/mitarbeitende/<int:pk>/", verwaltung.staff_edit, name="staff_edit"),
    path("verwaltung/einstellungen/", verwaltung.settings_edit, name="settings"),
    path("verwaltung/einstellungen/briefkopf.pdf", verwaltung.letterhead_preview,
         name="letterhead_preview"),
    path("verwaltung/auszahlungskonto/", verwaltung.payer_account, name="payer_account"),
    # the Bedarfsgemeinschaft as data: persons, memberships, bank accounts, matching
    path("personen/<int:pk>/bearbeiten/", haushalt.person_edit, name="person_edit"),
    path("personen/<int:pk>/bankverbindung/", haushalt.bank_account, name="bank_account"),
    path("personen/<int:pk>/vermerke/", haushalt.person_note_add, name="person_note_add"),
    path("personen/<int:pk>/wiedervorlage/", haushalt.person_follow_up,
         name="person_follow_up"),
    path("personen/<int:pk>/aufnehmen/", haushalt.member_add, name="member_add"),
    path("mitgliedschaften/<int:pk>/", haushalt.membership_edit, name="membership_edit"),
    path("abgleich/", haushalt.match_list, name="match_list"),
    path("abgleich/<int:pk>/", haushalt.match_detail, name="match_detail"),
    path("abgleich/vorgaenge/<int:pk>/", haushalt.case_link, name="case_link"),
    path("verwaltung/rechtstexte/", legal.legal_texts, name="legal_texts"),
    path("verwaltung/angemessenheitsgrenzen/", angemessenheit.tables, name="angemessenheit"),
    path("verwaltung/barrierefreiheit/rueckmeldungen/", legal.feedback_list,
         name="legal_feedback"),
    path("verwaltung/barrierefreiheit/rueckmeldungen/<int:pk>/erledigt/",
         legal.feedback_done, name="legal_feedback_done"),
]
