"""The copy of one's data (Art. 15 Abs. 3 DSGVO) holds the claims against the citizen as
"Zahlungen" shows them: amount, balance, due date (a loan's rest due at once when the
benefit ended), the Aufrechnung and its end — when, why in the citizen's words — and the
letters sent about the claim. Not the staff's own reason for a hand end, not another
citizen's claims."""

from __future__ import annotations

import datetime as dt
import io
import json
import zipfile
from decimal import Decimal as D

import pytest
from django.utils import timezone, translation

from jobcenter.auskunft import builder, services
from jobcenter.zahlungen.services import claim_offset_end
from tests.factories import CitizenFactory
from tests.zahlungen.conftest import (  # noqa: F401  (fixtures)
    FEB,
    JAN,
    erstattung,
    family,
    jc,
    staff,
)
from tests.zahlungen.test_leistung_endet import (  # noqa: F401  (fixtures)
    at,
    aufhebung,
    loan,
    monthly,
)

pytestmark = pytest.mark.django_db


def summary(user, language: str) -> str:
    with zipfile.ZipFile(io.BytesIO(services._archive(user, language, timezone.now()))) as z:
        assert json.loads(z.read("daten.json"))["forderungen"]
        return " ".join(z.read("uebersicht.html").decode().split())


def test_the_end_of_a_loans_aufrechnung_is_in_the_copy(jc, family, loan, staff):  # noqa: F811
    _bg, person, _decision = family
    monthly(jc, JAN, "2026-12-18")
    ended = aufhebung(family, staff, FEB, "2027-01-20")
    with at("2027-01-21"), translation.override("de"), timezone.override("Europe/Berlin"):
        [row] = builder.collect(person.user)["forderungen"]
        assert row["bescheid"] == loan.bescheid.reference
        assert (row["betrag"], row["offen"], row["faellig_am"]) == (
            D("600.00"), D("571.85"), FEB)
        assert row["aufrechnung"] == "Aufrechnung (§ 42a Abs. 2 SGB II)"
        assert row["aufrechnung_zeitraum"] == (
            "im Januar 2027; beendet, weil der Leistungsbezug endete; der Rest ist sofort "
            "fällig (§ 42a Abs. 4 Satz 1 SGB II)")
        assert row["aufrechnung_beendet_am"] is not None
        day = f"{ended.letter_date.day}. Januar 2027"
        assert row["aufrechnung_beendet_weil"] == (
            f"Ihre Leistungen endeten mit dem Bescheid Nr. {ended.reference} vom {day}.")
        assert [(s["art"], str(s["versand"])) for s in row["schreiben"]] == [
            ("Mitteilung über das Ende der Aufrechnung", "per Post")]
        html = summary(person.user, "de")
        assert "<h2>Forderungen gegen Sie</h2>" in html
        assert "600,00 €, offen 571,85 €, fällig am 1. Februar 2027" in html
        assert (f"Aufrechnung beendet am 20. Januar 2027: Ihre Leistungen endeten mit dem "
                f"Bescheid Nr. {ended.reference} vom {day}.") in html
        assert "Mitteilung über das Ende der Aufrechnung vom" in html
        english = summary(person.user, "en")
        assert "Claims against you" in english and "Offset ended on" in english
        assert "Forderungen gegen Sie" not in english
        # another citizen's copy holds none of it
        assert builder.collect(CitizenFactory(jobcenter=jc))["forderungen"] == []


def test_a_hand_end_shows_its_months_not_the_staffs_note(
        jc, family, staff, erstattung):  # noqa: F811
    _bg, person, _decision = family
    claim = erstattung
    monthly(jc, JAN, "2026-12-18")
    with at("2027-01-20"):
        claim_offset_end(claim=claim, last_month=JAN, actor=staff,
                         reason="Vermerk: Widerspruch, Abhilfe intern abgestimmt.")
    with at("2027-01-21"), translation.override("de"), timezone.override("Europe/Berlin"):
        [row] = builder.collect(person.user)["forderungen"]
        assert row["aufrechnung_zeitraum"] == "im Januar 2027; beendet"
        assert row["aufrechnung_beendet_weil"] == ""  # ended for another reason
        assert [(s["art"], str(s["versand"])) for s in row["schreiben"]] == [
            ("Mitteilung über das Ende der Aufrechnung", "per Post")]
        assert row["faellig_am"] == dt.date(2026, 12, 20)
        html = summary(person.user, "de")
        assert "Aufrechnung beendet am 20. Januar 2027" in html
        assert "Vermerk" not in html and "Abhilfe" not in html
