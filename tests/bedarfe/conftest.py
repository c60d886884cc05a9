"""Fixtures of the money concerns: complete answers per form (uploads made for the file
questions), a submit that files the concern in the eAkte, the demo Angemessenheitsgrenzen."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from jobcenter.antraege import services as antraege
from jobcenter.bedarfe import angemessenheit
from jobcenter.casefiles.models import Case
from jobcenter.formengine import registry
from jobcenter.formengine.services import draft_start, upload_create
from tests.antraege.conftest import png_bytes


def future(days: int) -> str:
    return (timezone.localdate() + dt.timedelta(days=days)).isoformat()


def past(days: int) -> str:
    return (timezone.localdate() - dt.timedelta(days=days)).isoformat()


def ADDRESS():
    return {"street": "Lindenweg 4", "postcode": "11111", "city": "Alphastadt"}


ANSWERS = {
    "bildung_teilhabe": lambda: {
        "kind_vorname": "Mia", "kind_nachname": "Muster", "kind_geburtsdatum": past(9 * 365),
        "leistungen": ["klassenfahrt", "teilhabe"], "schule": "Grundschule Alphastadt",
        "fahrt_von": future(30), "fahrt_bis": future(34), "fahrt_ziel": "Harz",
        "fahrt_kosten": "245.00", "fahrt_nachweis": "FILE", "teilhabe_angebot": "Fußball",
        "teilhabe_anbieter": "SV Alpha", "teilhabe_kosten": "20.00", "teilhabe_nachweis": "FILE",
        "anbieter_name": "Grundschule Alphastadt", "anbieter_iban": ""},
    "umzug": lambda: {
        "umzug_antraege": ["zusicherung", "umzugskosten"], "umzug_grund": "zu_klein",
        "umzug_grund_text": "Zwei Zimmer für drei Personen.", "einzug_datum": future(45),
        "neue_anschrift": ADDRESS(), "neue_personen": 2, "neue_kaltmiete": "480.00",
        "neue_nebenkosten": "120.00", "neue_heizkosten": "90.00", "mietangebot": "FILE",
        "umzug_art": "selbst", "umzugskosten_betrag": "350.00", "kostenvoranschlag": "FILE"},
    "mietkaution": lambda: {
        "kaution_art": "kaution",
        "neue_anschrift": ADDRESS(), "einzug_datum": future(30), "kaution_betrag": "1440.00",
        "vermieter_name": "Wohnbau Alpha GmbH", "vermieter_iban": "DE89370400440532013000",
        "mietvertrag": "FILE"},
    "mehrbedarf": lambda: {
        "mehrbedarf_arten": ["ernaehrung"],
        "ernaehrung": [{"ern_person": "", "ern_krankheit": "Zöliakie", "ern_betrag": "60.00"}],
        "ernaehrung_bescheinigung": "FILE"},
    "kv_zuschuss": lambda: {
        "kv_anlass": "beginn", "kv_person": "", "kv_art": "privat",
        "kv_versicherer": "Alpha Private Krankenversicherung AG", "kv_ab": past(20),
        "kv_beitrag": "480.00", "pv_beitrag": "52.00", "kv_basistarif": False,
        "kv_basistarif_beitrag": "840.00", "kv_nachweis": "FILE",
        "kv_iban": "DE89370400440532013000"},
    "auszubildende": lambda: {
        "azubi_art": "studium", "azubi_stelle": "Hochschule Alphastadt",
        "azubi_beginn": future(10), "azubi_ende": future(3 * 365), "azubi_foerderung": "beantragt",
        "azubi_nachweis": "FILE", "azubi_leistungen": ["mehrbedarf", "erster_monat"],
        "azubi_mehrbedarf_arten": ["schwangerschaft"],
        "azubi_mehrbedarf_text": "Entbindungstermin im Mai.", "azubi_mehrbedarf_nachweis": "FILE",
        "azubi_erstes_geld": future(40), "azubi_darlehen_betrag": "650.00"},
    "darlehen": lambda: {
        "darlehen_bedarf": "Kühlschrank", "darlehen_grund": "Der alte ist kaputt.",
        "darlehen_betrag": "300.00", "darlehen_angebot": "FILE", "darlehen_ersparnis": False},
    "heizkosten": lambda: {
        "brennstoff_art": "heizoel", "brennstoff_menge": "1.500 Liter",
        "brennstoff_betrag": "1650.00", "brennstoff_lieferung": future(10), "wohnflaeche": 55,
        "brennstoff_angebot": "FILE"},
    "direktzahlung": lambda: {
        "dz_kosten": "miete_heizung", "dz_betrag": "520.00", "dz_ab": "2027-01-01",
        "dz_empfaenger": "Wohnbau Alpha GmbH",
        "dz_anschrift": {"street": "Hafenstraße 3", "postcode": "11111", "city": "Alphastadt"},
        "dz_iban": "DE02100100100006820101", "dz_nachweis": "FILE"},
    "vorschuss": lambda: {"vorschuss_betrag": "80.00",
                          "vorschuss_grund": "Die Stromrechnung ist vor dem Ersten fällig."},
    "nachzahlung": lambda: {
        "abrechnung_art": "betriebskosten", "abrechnung_von": "2025-01-01",
        "abrechnung_bis": "2025-12-31", "nachzahlung_betrag": "212.40",
        "nachzahlung_faellig": future(20), "abrechnung_datei": "FILE"},
    "auszug_u25": lambda: {
        "geburtsdatum": past(20 * 365), "bei_eltern": True, "bereits_ausgezogen": False,
        "einzug_datum": future(40), "leistungsbezug": True, "auszug_grund": "arbeit",
        "auszug_grund_text": "Ausbildung in Betastadt, 90 Minuten Fahrt je Richtung.",
        "grund_nachweis": "FILE", "neue_anschrift": ADDRESS(), "neue_personen": 1,
        "neue_kaltmiete": "380.00", "neue_nebenkosten": "90.00", "neue_heizkosten": "60.00",
        "mietangebot": "FILE"},
    "mietschulden": lambda: {
        "schulden_art": "miete", "bedrohung": "kuendigung", "frist_datum": future(14),
        "schulden_betrag": "1260.00", "schulden_grund": "Eine hohe Nachzahlung im Sommer.",
        "mahnung": "FILE", "kuendigung": "FILE", "vermoegen": False, "ratenzahlung": False,
        "glaeubiger_name": "Wohnbau Alpha GmbH", "glaeubiger_iban": "DE89370400440532013000",
        "kundennummer": "MV-4711"},
}


def young(person, years=20):
    """Make the person ``years`` old (the Auszug unter 25 is for persons under 25)."""
    today = timezone.localdate()
    person.birth_date = today.replace(year=today.year - years) - dt.timedelta(days=30)
    person.save(update_fields=["birth_date"])
    return person


def with_uploads(draft, answers):
    """Replace each "FILE" placeholder by a real upload of the draft."""
    result = dict(answers)
    for key, value in answers.items():
        if value == "FILE":
            upload = upload_create(draft=draft, question_id=key, file=SimpleUploadedFile(
                f"{key}.png", png_bytes(), content_type="image/png"))
            result[key] = [upload.pk]
    return result


@pytest.fixture
def submit(django_capture_on_commit_callbacks):
    """Submit ``form_key`` for ``user``; returns (submission, case)."""

    def run(user, form_key, answers=None, **changes):
        draft = draft_start(user=user, form=registry.get_form(form_key))
        given = ANSWERS[form_key]() if answers is None else answers
        draft.answers = with_uploads(draft, {**given, **changes})
        draft.save(update_fields=["answers"])
        with django_capture_on_commit_callbacks(execute=True):
            submission = antraege.submission_create_from_draft(draft=draft, user=user)
        return submission, Case.objects.get(submission_id=submission.pk)

    return run


@pytest.fixture
def limits(jobcenter):
    """The demo table of the Jobcenter, valid since 1 January 2025."""
    angemessenheit.demo_seed(jobcenter, dt.date(2025, 1, 1))
    return jobcenter
