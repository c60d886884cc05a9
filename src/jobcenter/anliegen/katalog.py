"""The catalogue "Was möchten Sie erledigen?": its groups, the links to forms and pages of
other apps, and the concerns built on this app (registered in ``config/wiring.py`` by
:func:`register_all`). The letters' texts are in ``briefe.py``.
"""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from jobcenter.anliegen import fahrkosten, registry
from jobcenter.anliegen.briefe import (
    abmeldung_bestaetigung,
    abmeldung_links,
    akteneinsicht_ablehnung,
    akteneinsicht_kopien,
    akteneinsicht_termin,
    arbeitsunfaehigkeit_kenntnis,
    bewerbungskosten_ablehnung,
    bewerbungskosten_bewilligung,
    fahrkosten_ablehnung,
    fahrkosten_bewilligung,
    ortsabwesenheit_ablehnung,
    ortsabwesenheit_facts,
    ortsabwesenheit_start,
    ortsabwesenheit_zustimmung,
    ueberpruefung_abgelehnt,
    ueberpruefung_stattgegeben,
    ueberpruefung_teilweise,
)
from jobcenter.anliegen.registry import (
    ABLEHNUNG,
    BESCHEID,
    SCHREIBEN,
    Anliegen,
    Art,
    Link,
    Outcome,
    ReceiptTexts,
)
from jobcenter.decisions.selectors import current_bewilligung
from jobcenter.formengine import registry as forms
from jobcenter.formengine.registry import StartCheck

GROUPS = (
    ("leistung", _("Grundsicherungsgeld beantragen und weiter erhalten"), 10),
    ("aendern", _("Änderungen mitteilen"), 20),
    ("einmalig", _("Einmalige und zusätzliche Leistungen"), 30),
    ("wohnen", _("Wohnen und Umzug"), 40),
    ("kinder", _("Bildung und Teilhabe für Kinder"), 50),
    ("arbeit", _("Arbeit und Bewerbung"), 60),
    ("abwesenheit", _("Abwesenheit und Krankheit"), 70),
    ("forderungen", _("Geld an das Jobcenter zurückzahlen"), 75),
    ("rechte", _("Ihre Rechte im Verfahren"), 80),
)

NO_DOCUMENTS = _("Sie brauchen keine Unterlagen.")


# --- Ortsabwesenheit (§ 7b SGB II) ---------------------------------------------------------


ORTSABWESENHEIT = Anliegen(
    key="ortsabwesenheit", case_type="ortsabwesenheit", processing_days=5,
    group="abwesenheit", art=Art.ZUSTIMMUNG,
    title=_("Ortsabwesenheit – Zustimmung zu einer Reise"),
    description=_("Sie möchten verreisen oder sind länger nicht an Ihrem Wohnort? Das "
                  "Jobcenter muss vorher zustimmen. Ohne besonderen Grund sind in der Regel "
                  "bis zu drei Wochen im Jahr möglich."),
    audience=_("Für alle, die Grundsicherungsgeld erhalten und arbeiten können."),
    documents=(_("Reisezeitraum und Reiseziel"),
               _("bei einer Kur, Reha oder Bewerbung: die Verordnung oder Einladung, wenn "
                 "vorhanden")),
    keywords=(_("Urlaub"), _("Reise"), _("verreisen"), _("Erreichbarkeit"), _("Kur")),
    outcomes=(
        Outcome(key="zustimmung", label=_("Zustimmen"), decision_type=BESCHEID,
                title=_("Zustimmung zur Ortsabwesenheit"),
                paragraphs=ortsabwesenheit_zustimmung),
        Outcome(key="ablehnung", label=_("Nicht zustimmen"), decision_type=ABLEHNUNG,
                title=_("Ablehnung der Zustimmung zur Ortsabwesenheit"),
                paragraphs=ortsabwesenheit_ablehnung, reasons_required=True),
    ),
    receipt=ReceiptTexts(
        counts_title=_("Bitte warten Sie die Zustimmung ab"),
        counts=_("Ihr Antrag ist am %(received)s eingegangen. Verreisen Sie erst, wenn das "
                 "Jobcenter zugestimmt hat (§ 7b SGB II)."),
        next_steps=(_("Das Jobcenter entscheidet vor Ihrer Abreise und schickt Ihnen die "
                      "Entscheidung."),)),
    letter_answers=("von", "bis", "ort", "grund"),
    staff_facts=ortsabwesenheit_facts,
    start_check=ortsabwesenheit_start,
)


# --- Überprüfungsantrag (§ 44 SGB X, § 40 Abs. 1 SGB II) ----------------------------------


UEBERPRUEFUNG = Anliegen(
    key="ueberpruefung", case_type="ueberpruefung", processing_days=43, group="rechte",
    art=Art.ENTSCHEIDUNG,
    title=_("Überprüfungsantrag – einen Bescheid noch einmal prüfen lassen"),
    description=_("Sie halten einen Bescheid für falsch, auch wenn die Frist für einen "
                  "Widerspruch vorbei ist? Wir prüfen ihn noch einmal. War er falsch, ändern "
                  "wir ihn und zahlen zu wenig gezahltes Geld nach."),
    audience=_("Für alle, die einen Bescheid des Jobcenters erhalten haben. Ist der Bescheid "
               "jünger als ein Monat, legen Sie besser Widerspruch ein."),
    documents=(_("Datum des Bescheids"),
               _("Nachweise, die zeigen, was falsch ist, wenn vorhanden")),
    keywords=(_("Überprüfung"), _("falsch"), _("Bescheid prüfen"), _("Nachzahlung"),
              _("§ 44")),
    outcomes=(
        Outcome(key="stattgegeben", label=_("Bescheid zurücknehmen (stattgeben)"),
                decision_type=BESCHEID, title=_("Bescheid über Ihren Überprüfungsantrag"),
                paragraphs=ueberpruefung_stattgegeben, details=True),
        Outcome(key="teilweise", label=_("Teilweise stattgeben"), decision_type=BESCHEID,
                title=_("Bescheid über Ihren Überprüfungsantrag"),
                paragraphs=ueberpruefung_teilweise, details=True, reasons_required=True),
        Outcome(key="abgelehnt", label=_("Ablehnen"), decision_type=ABLEHNUNG,
                title=_("Bescheid über Ihren Überprüfungsantrag"),
                paragraphs=ueberpruefung_abgelehnt, reasons_required=True,
                reason_templates=(
                    _("Die Berechnung entspricht den Angaben und Nachweisen, die uns zum "
                      "Zeitpunkt des Bescheids vorlagen. Neue Tatsachen haben Sie nicht "
                      "genannt."),)),
    ),
    receipt=ReceiptTexts(
        counts_title=_("Ab wann Ihr Antrag zählt"),
        counts=_("Ihr Überprüfungsantrag ist am %(received)s eingegangen. War der Bescheid "
                 "falsch, zahlen wir Leistungen bis zu einem Jahr vor Beginn des Jahres "
                 "nach, in dem Sie den Antrag gestellt haben (§ 44 SGB X, § 40 Abs. 1 SGB II)."),
        next_steps=(_("Über Ihren Antrag entscheidet das Jobcenter mit einem Bescheid."),)),
    letter_answers=("bescheid", "bescheid_beschreibung", "bescheid_datum", "bescheid_art",
                    "bescheid_nummer"),
)


# --- Akteneinsicht (§ 25 SGB X) ------------------------------------------------------------


AKTENEINSICHT = Anliegen(
    key="akteneinsicht", case_type="akteneinsicht", processing_days=10, group="rechte",
    art=Art.VERFAHREN,
    title=_("Akteneinsicht – Ihre Akte ansehen"),
    description=_("Sie möchten sehen, was das Jobcenter über Sie gespeichert hat? Wir bieten "
                  "Ihnen einen Termin zur Einsicht an oder schicken Ihnen Kopien."),
    audience=_("Für alle, deren Angelegenheiten das Jobcenter bearbeitet, und für ihre "
               "Bevollmächtigten."),
    documents=(NO_DOCUMENTS,),
    keywords=(_("Akte"), _("Einsicht"), _("Daten"), _("Kopien"), _("§ 25")),
    outcomes=(
        Outcome(key="termin", label=_("Termin zur Einsicht anbieten"), decision_type=SCHREIBEN,
                title=_("Ihre Akteneinsicht: Terminangebot"),
                paragraphs=akteneinsicht_termin, appointment=True),
        Outcome(key="kopien", label=_("Kopien bereitstellen"), decision_type=SCHREIBEN,
                title=_("Ihre Akteneinsicht"), paragraphs=akteneinsicht_kopien, details=True),
        Outcome(key="ablehnung", label=_("Einsicht ablehnen (§ 25 Abs. 3 SGB X)"),
                decision_type=ABLEHNUNG, title=_("Ablehnung der Akteneinsicht"),
                paragraphs=akteneinsicht_ablehnung, reasons_required=True),
    ),
    receipt=ReceiptTexts(
        counts_title=_("Wie es mit Ihrem Antrag weitergeht"),
        counts=_("Ihr Antrag auf Akteneinsicht ist am %(received)s eingegangen (§ 25 SGB X)."),
        next_steps=(_("Das Jobcenter schickt Ihnen ein Terminangebot oder die Kopien."),)),
    letter_answers=("umfang", "art"),
)


# --- Bewerbungs- und Fahrtkosten (§ 16 Abs. 1 SGB II, § 44 SGB III) ------------------------


BEWERBUNGSKOSTEN = Anliegen(
    key="bewerbungskosten", case_type="bewerbungskosten", processing_days=15, group="arbeit",
    art=Art.BEWILLIGUNG, money=True,
    title=_("Bewerbungs- und Fahrtkosten"),
    description=_("Das Jobcenter kann Kosten Ihrer Bewerbungen übernehmen: Bewerbungsfotos, "
                  "Mappen, Porto und die Fahrt zu einem Vorstellungsgespräch. Beantragen Sie "
                  "das bitte, bevor die Kosten entstehen."),
    audience=_("Für alle, die Grundsicherungsgeld erhalten und Arbeit oder eine Ausbildung "
               "suchen."),
    documents=(_("Einladung zum Vorstellungsgespräch, wenn vorhanden"),
               _("Belege oder Fahrkarten, wenn Sie sie schon haben")),
    keywords=(_("Bewerbung"), _("Vorstellungsgespräch"), _("Fahrtkosten"),
              _("Vermittlungsbudget"), _("Fotos")),
    outcomes=(
        Outcome(key="bewilligung", label=_("Bewilligen"), decision_type=BESCHEID,
                title=_("Bewilligung von Bewerbungs- und Fahrtkosten"),
                paragraphs=bewerbungskosten_bewilligung, amount=True),
        Outcome(key="ablehnung", label=_("Ablehnen"), decision_type=ABLEHNUNG,
                title=_("Ablehnung von Bewerbungs- und Fahrtkosten"),
                paragraphs=bewerbungskosten_ablehnung, reasons_required=True,
                reason_templates=(
                    _("Die Kosten sind vor der Antragstellung entstanden. Leistungen aus dem "
                      "Vermittlungsbudget werden nur erbracht, wenn sie vorher beantragt "
                      "werden (§ 324 Abs. 1 SGB III)."),
                    _("Die Kosten werden bereits von dritter Seite übernommen, zum Beispiel "
                      "vom Arbeitgeber."))),
    ),
    receipt=ReceiptTexts(
        counts_title=_("Ab wann Ihr Antrag zählt"),
        counts=_("Ihr Antrag ist am %(received)s eingegangen. Kosten übernehmen wir nur, wenn "
                 "sie nach dem Antrag entstehen (§ 324 Abs. 1 SGB III)."),
        next_steps=(_("Über Ihren Antrag entscheidet das Jobcenter mit einem Bescheid."),)),
    letter_answers=("kostenarten", "arbeitgeber", "gespraech_am", "betrag"),
)


# --- Fahrkosten zu Meldeterminen (§ 59 SGB II with § 309 Abs. 4 SGB III) --------------------


def _fahrkosten_start(user: Any) -> StartCheck:
    """Only with a past in-person Meldetermin of the last six months to choose."""
    if fahrkosten.claimable(user).exists():
        return StartCheck(allowed=True, text=gettext(
            "Sie können die Fahrkosten zu Ihren Meldeterminen vor Ort aus den letzten sechs "
            "Monaten beantragen."))
    return StartCheck(allowed=False, text=gettext(
        "Sie hatten in den letzten sechs Monaten keinen Meldetermin vor Ort, zu dem Sie "
        "Fahrkosten beantragen können. Für einen älteren Termin schreiben Sie uns bitte eine "
        "Nachricht."), links=((gettext("Ihre Termine"), reverse("portal:appointments")),
                              (gettext("Nachricht an das Jobcenter"),
                               reverse("postfach_citizen:new"))))


FAHRKOSTEN = Anliegen(
    key=fahrkosten.FORM_KEY, case_type=fahrkosten.FORM_KEY, processing_days=10,
    group="arbeit", art=Art.BEWILLIGUNG, money=True,
    title=_("Fahrkosten zu einem Meldetermin"),
    description=_("Sie waren zu einem Termin im Jobcenter eingeladen (Meldetermin) und sind "
                  "mit Bus und Bahn oder dem Auto hingefahren? Dann erstatten wir Ihnen in der "
                  "Regel die Fahrkosten: die Fahrkarten, mit dem Auto 20 Cent je Kilometer. "
                  "Beantragen Sie das bitte innerhalb von sechs Monaten nach dem Termin."),
    audience=_("Für alle, die Grundsicherungsgeld erhalten und zu einem Meldetermin vor Ort "
               "eingeladen waren."),
    documents=(_("Fahrkarte oder Kaufbeleg, wenn Sie mit Bus und Bahn gefahren sind"),),
    keywords=(_("Fahrkosten"), _("Fahrtkosten"), _("Reisekosten"), _("Meldetermin"),
              _("Einladung"), _("Termin"), _("Fahrkarte"), _("Kilometer")),
    outcomes=(
        Outcome(key="bewilligung", label=_("Erstatten"), decision_type=BESCHEID,
                title=_("Erstattung von Fahrkosten zu einem Meldetermin"),
                paragraphs=fahrkosten_bewilligung, amount=True),
        Outcome(key="ablehnung", label=_("Ablehnen"), decision_type=ABLEHNUNG,
                title=_("Ablehnung der Erstattung von Fahrkosten zu einem Meldetermin"),
                paragraphs=fahrkosten_ablehnung, reasons_required=True,
                reason_templates=(
                    _("Sie sind zu dem Meldetermin nicht erschienen. Erstattet werden nur "
                      "Reisekosten, die aus Anlass einer Meldung entstanden sind (§ 309 Abs. 4 "
                      "SGB III)."),
                    _("Ihnen sind für die Fahrt keine zusätzlichen Kosten entstanden, zum "
                      "Beispiel weil Sie eine Monatskarte oder das Deutschlandticket schon "
                      "hatten. Erstattet werden nur notwendige Reisekosten."),
                    _("Die Kosten werden bereits nach einer anderen Vorschrift übernommen "
                      "(§ 309 Abs. 4 SGB III: „soweit sie nicht bereits nach anderen "
                      "Vorschriften … übernommen werden können“)."),
                    _("Der Termin liegt mehr als sechs Monate zurück. Wie das "
                      "Bundesreisekostengesetz (§ 3 Abs. 2 Satz 1 BRKG), das wir für die "
                      "Erstattung entsprechend anwenden, erstatten wir Reisekosten nur, wenn "
                      "sie innerhalb von sechs Monaten nach der Reise beantragt werden."))),
    ),
    receipt=ReceiptTexts(
        counts_title=_("Ab wann Ihr Antrag zählt"),
        counts=_("Ihr Antrag ist am %(received)s eingegangen."),
        next_steps=(_("Über Ihren Antrag entscheidet das Jobcenter mit einem Bescheid. Wird "
                      "erstattet, überweisen wir den Betrag auf Ihr Konto."),)),
    letter_answers=("termin", "verkehrsmittel", "kilometer", "betrag"),
    staff_facts=fahrkosten.staff_facts,
    start_check=_fahrkosten_start,
)


# --- Arbeitsunfähigkeit (§ 56 SGB II) -------------------------------------------------------


ARBEITSUNFAEHIGKEIT = Anliegen(
    key="arbeitsunfaehigkeit", case_type="arbeitsunfaehigkeit", processing_days=5,
    group="abwesenheit", art=Art.KENNTNISNAHME,
    title=_("Arbeitsunfähigkeit melden"),
    description=_("Sie sind krank und können nicht arbeiten oder nicht zu einem Termin "
                  "kommen? Melden Sie das bitte sofort mit der Bescheinigung Ihrer Ärztin oder "
                  "Ihres Arztes. Zu Meldeterminen in dieser Zeit vermerken wir Ihre "
                  "Krankmeldung als Absage."),
    audience=_("Für alle, die Grundsicherungsgeld erhalten und arbeiten können."),
    documents=(_("Arbeitsunfähigkeitsbescheinigung (Ausfertigung für Versicherte)"),),
    keywords=(_("krank"), _("Krankmeldung"), _("AU"), _("Krankschreibung"),
              _("Termin absagen")),
    outcomes=(
        Outcome(key="kenntnisnahme", label=_("Zur Kenntnis genommen – Bestätigung schicken"),
                decision_type=SCHREIBEN, title=_("Bestätigung Ihrer Krankmeldung"),
                paragraphs=arbeitsunfaehigkeit_kenntnis),
    ),
    receipt=ReceiptTexts(
        counts_title=_("Ihre Krankmeldung"),
        counts=_("Ihre Krankmeldung ist am %(received)s eingegangen (§ 56 SGB II). Zu "
                 "Meldeterminen in dieser Zeit vermerken wir sie als Absage."),
        next_steps=(_("Sie erhalten eine Bestätigung in Ihr Konto."),)),
    letter_answers=("krank_seit", "krank_bis", "krank_person"),
)


# --- Abmeldung -----------------------------------------------------------------------------


ABMELDUNG = Anliegen(
    key="abmeldung", case_type="abmeldung", processing_days=10, group="aendern",
    art=Art.KENNTNISNAHME,
    title=_("Abmeldung: keine Leistungen mehr"),
    description=_("Sie brauchen kein Grundsicherungsgeld mehr, zum Beispiel weil Sie genug "
                  "verdienen oder wegziehen? Teilen Sie uns mit, ab wann. Wir bestätigen die "
                  "Abmeldung und beenden die Zahlung."),
    audience=_("Für alle, die Grundsicherungsgeld erhalten."),
    documents=(NO_DOCUMENTS,),
    keywords=(_("abmelden"), _("beenden"), _("Arbeit gefunden"), _("Wegzug"), _("Rente")),
    outcomes=(
        Outcome(key="bestaetigung", label=_("Abmeldung bestätigen"), decision_type=SCHREIBEN,
                title=_("Bestätigung Ihrer Abmeldung"), paragraphs=abmeldung_bestaetigung),
    ),
    receipt=ReceiptTexts(
        counts_title=_("Ihre Abmeldung"),
        counts=_("Ihre Abmeldung ist am %(received)s eingegangen."),
        next_steps=(_("Sie erhalten eine Bestätigung und einen Bescheid über das Ende Ihrer "
                      "Bewilligung."),)),
    letter_answers=("ab", "grund"),
    staff_links=abmeldung_links,
)


# --- Links to the forms and pages of other apps ---------------------------------------------


def _has_bewilligung(user: Any) -> bool:
    return current_bewilligung(user) is not None


LINKS = (
    Link(key="hauptantrag", url_name="formengine:start", url_kwargs={"form_key": "hauptantrag"},
         group="leistung", title=_("Grundsicherungsgeld beantragen (Hauptantrag)"),
         description=_("Der Antrag auf Grundsicherungsgeld (früher Bürgergeld) für Sie und "
                       "die Menschen, mit denen Sie zusammenleben."),
         audience=_("Für alle, die ihren Lebensunterhalt nicht selbst decken können und "
                    "zwischen 15 Jahren und der Altersgrenze für die Rente sind."),
         documents=(_("Personalausweis oder Pass"), _("Mietvertrag und Nachweis der "
                    "Heizkosten"), _("Kontoauszüge der letzten drei Monate"),
                    _("Nachweise über Einkommen, zum Beispiel Lohnabrechnungen")),
         keywords=(_("Antrag"), _("Bürgergeld"), _("Neuantrag"))),
    Link(key="weiterbewilligung", url_name="formengine:start",
         url_kwargs={"form_key": "weiterbewilligung"}, group="leistung",
         title=_("Weiterbewilligung beantragen"),
         description=_("Ihr Bewilligungszeitraum endet bald? Mit diesem Antrag erhalten Sie "
                       "die Leistung danach weiter."),
         audience=_("Für alle, die zurzeit Grundsicherungsgeld erhalten."),
         documents=(_("Nachweise über Änderungen seit dem letzten Antrag, wenn es welche "
                      "gibt"),),
         keywords=(_("Weiterbewilligungsantrag"), _("WBA"), _("verlängern")),
         available=_has_bewilligung,
         unavailable_text=_("Eine Weiterbewilligung ist möglich, solange Sie Leistungen "
                            "bewilligt bekommen haben. Zurzeit haben Sie keine laufende "
                            "Bewilligung in Ihrem Konto. Bitte stellen Sie einen neuen "
                            "Antrag.")),
    Link(key="veraenderung", url_name="formengine:start",
         url_kwargs={"form_key": "veraenderung"}, group="aendern",
         title=_("Veränderung mitteilen"),
         description=_("Teilen Sie uns mit, wenn sich etwas ändert: Einkommen, Miete, wer "
                       "bei Ihnen wohnt, Vermögen."),
         audience=_("Für alle, die Grundsicherungsgeld erhalten."),
         documents=(_("Nachweise über die Änderung, zum Beispiel eine Lohnabrechnung oder "
                      "ein Mieterhöhungsschreiben"),),
         keywords=(_("Änderung"), _("Veränderungsmitteilung"), _("VÄM"))),
    Link(key="arbeitsaufnahme", url_name="formengine:start",
         url_kwargs={"form_key": "veraenderung"}, query="anlass=arbeitsaufnahme",
         group="aendern", title=_("Neue Arbeit oder neues Einkommen melden"),
         description=_("Sie haben eine Arbeit aufgenommen, auch einen Minijob? Melden Sie das "
                       "bitte sofort. Wir rechnen Ihr Einkommen an, sobald wir die erste "
                       "Lohnabrechnung haben."),
         audience=_("Für alle, die Grundsicherungsgeld erhalten."),
         documents=(_("Arbeitsvertrag"), _("Erste Lohnabrechnung, sobald Sie sie haben")),
         keywords=(_("Arbeit"), _("Job"), _("Minijob"), _("Lohn"), _("Gehalt"),
                   _("Arbeitsaufnahme"))),
    Link(key="bankverbindung", url_name="portal:profile_bank", url_kwargs={},
         group="aendern", title=_("Neue Bankverbindung mitteilen"),
         description=_("Ihr Geld soll auf ein anderes Konto gehen? Tragen Sie die neue IBAN "
                       "in Ihrem Profil ein."),
         audience=_("Für alle, die Grundsicherungsgeld erhalten."),
         documents=(_("Die neue IBAN"),),
         keywords=(_("Konto"), _("IBAN"), _("Bank"))),
    Link(key="erstausstattung", url_name="formengine:start",
         url_kwargs={"form_key": "erstausstattung"}, group="einmalig",
         title=_("Erstausstattung beantragen"),
         description=_("Eine einmalige Leistung für die erste Einrichtung einer Wohnung oder "
                       "für Schwangerschaft und Geburt."),
         audience=_("Für alle, die Grundsicherungsgeld erhalten oder es nur für diesen "
                    "Bedarf brauchen."),
         documents=(_("bei Schwangerschaft: Mutterpass (Seite mit dem Entbindungstermin)"),),
         keywords=(_("Möbel"), _("Baby"), _("Schwangerschaft"), _("Wohnung"))),
)

CONCERNS: tuple[Anliegen, ...] = (ORTSABWESENHEIT, ARBEITSUNFAEHIGKEIT, ABMELDUNG,
                                   BEWERBUNGSKOSTEN, FAHRKOSTEN, UEBERPRUEFUNG, AKTENEINSICHT)

#: Named starts of forms of other apps (``formengine.registry.register_start_preset``).
START_PRESETS = (
    ("veraenderung", "arbeitsaufnahme", {"aenderungen": ["arbeitsaufnahme"]}),
)


def register_all() -> None:
    """Groups, links and concerns of this app into the registry (``config/wiring.py``)."""
    for key, title, position in GROUPS:
        registry.group_register(key=key, title=title, position=position)
    for link in LINKS:
        registry.link_register(link)
    for concern in CONCERNS:
        registry.register(concern)
    for form_key, name, answers in START_PRESETS:
        forms.register_start_preset(form_key, name, answers)
