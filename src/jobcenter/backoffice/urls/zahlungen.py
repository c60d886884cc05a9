from django.urls import path

from jobcenter.backoffice.views import zahlungen as views

app_name = "zahlungen"
urlpatterns = [
    path("", views.runs, name="runs"),
    path("starten/", views.run_start, name="run_start"),
    path("lauf/<int:pk>/", views.run_detail, name="run"),
    path("lauf/<int:pk>/datei/", views.run_file, name="run_file"),
    path("bg/<int:pk>/", views.bg_payments, name="bg"),
    path("bg/<int:pk>/einstellen/", views.stop_create, name="stop_create"),
    path("bg/<int:pk>/einstellung-aufheben/", views.stop_lift, name="stop_lift"),
    path("bg/<int:pk>/direktzahlung/", views.direct_create, name="direct_create"),
    path("bg/<int:pk>/direktzahlung/<int:direct_pk>/beenden/", views.direct_end,
         name="direct_end"),
    path("bg/<int:pk>/laufende-zahlung/<int:order_pk>/beenden/", views.standing_end,
         name="standing_end"),
    path("bg/<int:pk>/manuell/", views.manual_create, name="manual_create"),
    path("bg/<int:pk>/manuell/<int:manual_pk>/", views.manual_decide, name="manual_decide"),
    path("bg/<int:pk>/rueckueberweisung/", views.payment_returned, name="payment_returned"),
    path("bg/<int:pk>/erneut-anweisen/", views.payment_reissue, name="payment_reissue"),
    path("forderung/<int:pk>/", views.claim_detail, name="claim"),
    path("forderung/<int:pk>/<slug:action>/", views.claim_action, name="claim_action"),
    path("forderung/<int:pk>/aufrechnung/<int:a_pk>/<slug:action>/", views.aufrechnung_action,
         name="aufrechnung_action"),
    path("schreiben/", views.print_list, name="print_list"),
    path("kontoauszuege/", views.statements, name="statements"),
]
