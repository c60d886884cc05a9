"""Aufhebungs- und Erstattungsbescheide per member of the Bedarfsgemeinschaft
(``decisions.addressees``): each member whose benefit is withdrawn gets an own Bescheid with
an own Verfügungssatz and only his or her claim; a minor's goes to the legal representatives
with the note on § 1629a BGB; the claims are published per person exactly once; another
adult's Bescheid goes by post and is not shown in the applicant's account.

Family: Ayşe Yılmaz (applicant, account, online delivery), her partner Mehmet, their daughter
Elif (born 2015). Ayşe's pay rises from 900/720 € to 1.300/1.040 € from January 2027: her
counted income rises by 320 € netto less the larger allowance — 30 % of the 100 € up to
1.000 € and 10 % of the 300 € above (up to 1.500 € with a minor child, § 11b Abs. 3 Satz 3)
— = 320 − 30 − 30 = 260 € a month, which lowers the benefit of all three (their shares of
the need, § 9 Abs. 2 Satz 3 SGB II).
"""

from __future__ import annotations

import datetime as dt
import os
from decimal import Decimal
from pathlib import Path

import pytest
import time_machine
from django.core.files.storage import default_storage
from django.http import Http404

from jobcenter.core import events
from jobcenter.decisions import selectors, services
from jobcenter.decisions.models import Decision, DeliveryPreference
from jobcenter.decisions.services import aufhebung
from jobcenter.households.services import MemberSpec, household_create
from tests.decisions.facts import family_request, make_family, normalised, pdf_bytes, pdf_text
from tests.decisions.test_bescheid_facts import _golden
from tests.factories import CitizenFactory

APRIL = dt.datetime(2027, 4, 10, 10, tzinfo=dt.UTC)
LATE_APRIL = dt.datetime(2027, 4, 20, 10, tzinfo=dt.UTC)


def pdf_text_version(version) -> str:
    with default_storage.open(version.storage_name, "rb") as handle:
        return pdf_text(handle.read())


def _issue(decision, caseworker, teamlead, capture):
    with capture(execute=True):
        services.decision_finalize(decision=decision, actor=caseworker)
        services.decision_approve(decision=decision, actor=teamlead)
    decision.refresh_from_db()
    return decision


@pytest.fixture
def family_anhoerung(make_calc_case, jobcenter, caseworker, teamlead,
                     django_capture_on_commit_callbacks):
    def build(request, *, child: bool = True):
        user = make_family(jobcenter) if child else make_couple(jobcenter)
        DeliveryPreference.objects.create(user=user, channel="online")
        with time_machine.travel(dt.datetime(2026, 12, 15, 10, tzinfo=dt.UTC), tick=False):
            case = make_calc_case(user, request=request)
            bewilligung = services.decision_create(case=case, decision_type_key="bewilligung",
                                                   actor=caseworker)
            bewilligung = _issue(bewilligung, caseworker, teamlead,
                                 django_capture_on_commit_callbacks)
        with time_machine.travel(APRIL, tick=False):
            calc = services.calculation_for_case(case=case, actor=caseworker)
            services.calculation_change(
                calculation=calc, actor=caseworker, reason="Lohnabrechnungen nachgereicht",
                ops=[("set", "personen[0].einkommen[0].brutto", 1300.0),
                     ("set", "personen[0].einkommen[0].netto", 1040.0)])
            anhoerung = aufhebung.anhoerung_create(
                case=case, actor=caseworker, basis="48_nr3",
                facts="Seit Januar 2027 verdient Ayşe Yılmaz 1.300 € brutto (1.040 € netto).",
                month_from=dt.date(2027, 1, 1), month_to=dt.date(2027, 3, 1),
                kenntnis_am=dt.date(2027, 4, 1))
            with django_capture_on_commit_callbacks(execute=True):
                anhoerung = aufhebung.anhoerung_send(anhoerung=anhoerung, actor=caseworker)
            # Mehmet is heard too: the letter to both goes by post, although Ayşe chose online
            assert anhoerung.channel == "post"
            anhoerung = aufhebung.anhoerung_mark_posted(anhoerung=anhoerung, actor=caseworker,
                                                        posted_on=APRIL.date())
            anhoerung = aufhebung.anhoerung_answer(anhoerung=anhoerung, user=user,
                                                   text="Die Angaben stimmen.")
        anhoerung.refresh_from_db()
        text = " ".join(pdf_text_version(anhoerung.document_version).split())
        assert "Ayşe Yılmaz und Mehmet Yılmaz Aktenzeichen" in text
        assert "Sehr geehrte Frau Yılmaz, sehr geehrter Herr Yılmaz," in text
        assert "Dieses Schreiben richtet sich an jede der genannten Personen: Ayşe Yılmaz " \
               "und Mehmet Yılmaz. Jede von Ihnen kann sich äußern." in text
        if request["personen"][-1]["rolle"] == "kind":
            assert "Für Elif Yılmaz schreiben wir Ihnen als gesetzliche Vertretung." in text
        return user, anhoerung

    return build


def test_adult_and_minor_get_own_bescheide_claims_once_and_privacy(
        family_anhoerung, caseworker, teamlead, django_capture_on_commit_callbacks):
    user, anhoerung = family_anhoerung(family_request())
    per_person = {}
    for r in anhoerung.positions:
        per_person[r["person_name"]] = per_person.get(r["person_name"], 0) + Decimal(r["claim"])
    assert set(per_person) == {"Ayşe Yılmaz", "Mehmet Yılmaz", "Elif Yılmaz"}
    assert all(v > 0 for v in per_person.values())
    # 260 € a month less for the BG, three months
    assert anhoerung.total == Decimal("780.00") == sum(per_person.values())
    with time_machine.travel(LATE_APRIL, tick=False):
        with pytest.raises(services.DecisionError,
                           match="Elif Yılmaz – Ayşe Yılmaz und Mehmet Yılmaz"):
            aufhebung.erstattungsbescheid_create(anhoerung=anhoerung, actor=caseworker,
                                                 reasons="Die Angaben sind bestätigt.")
        first = aufhebung.erstattungsbescheid_create(
            anhoerung=anhoerung, actor=caseworker, reasons="Die Angaben sind bestätigt.",
            representatives_confirmed=True)
        bescheide = list(anhoerung.bescheide.order_by("pk"))
        assert first == bescheide[0]
        assert [b.snapshot["erstattung"]["addressee"]["name"] for b in bescheide] == [
            "Ayşe Yılmaz", "Mehmet Yılmaz", "Elif Yılmaz"]
        assert [b.shown_to_applicant for b in bescheide] == [True, False, True]
        assert [b.snapshot["erstattung"]["addressee"]["minor"] for b in bescheide] == [
            False, False, True]
        for b in bescheide:  # each only its member's claim
            data = b.snapshot["erstattung"]
            name = data["addressee"]["name"]
            assert {p["person_name"] for p in data["positions"]} == {name}
            assert Decimal(data["total"]) == per_person[name]
            assert b.requires_four_eyes
        seen: list[dict] = []

        def handler(**payload):
            seen.append(payload)

        events.subscribe("decisions.erstattung_festgesetzt", handler)
        try:
            issued = [_issue(b, caseworker, teamlead, django_capture_on_commit_callbacks)
                      for b in bescheide]
        finally:
            events.unsubscribe("decisions.erstattung_festgesetzt", handler)
    # Ayşe's and Elif's (through Ayşe as representative) online; Mehmet's by post
    assert [b.channel for b in issued] == ["online", "post", "online"]
    # The claims: one event per Bescheid, each person and month exactly once
    positions = [p for event in seen for p in event["positions"]]
    keys = [(p["person_id"], p["month"]) for p in positions]
    assert len(keys) == len(set(keys)) == 9
    assert sum(Decimal(p["amount"]) for p in positions) == Decimal("780.00")
    assert {e["bescheid_id"] for e in seen} == {b.pk for b in issued}
    # zahlungen: one claim per person, from that person's own Bescheid
    from jobcenter.zahlungen.models import Claim

    claims = Claim.objects.filter(bescheid__source_anhoerung=anhoerung)
    assert sorted((c.bescheid_id, c.person_id) for c in claims) == sorted(
        (b.pk, b.snapshot["erstattung"]["addressee"]["person_id"]) for b in issued)
    assert sum(c.amount for c in claims) == Decimal("780.00")
    # The applicant's account: her own and her daughter's Bescheid, not her partner's
    visible = set(selectors.bescheide_for_citizen(user).values_list("pk", flat=True))
    assert {issued[0].pk, issued[2].pk} <= visible and issued[1].pk not in visible
    with pytest.raises(Http404):
        selectors.bescheid_for_citizen(user, issued[1].pk)
    if os.environ.get("BESCHEID_DUMP"):  # to look at them (pdftoppm)
        for b in issued:
            Path(os.environ["BESCHEID_DUMP"], f"erstattung-{b.pk}.pdf").write_bytes(
                pdf_bytes(b))
        with default_storage.open(anhoerung.document_version.storage_name, "rb") as handle:
            Path(os.environ["BESCHEID_DUMP"], "anhoerung.pdf").write_bytes(handle.read())
    # The letters
    ayse, mehmet, elif_ = (" ".join(pdf_text(pdf_bytes(b)).split()) for b in issued)
    assert "Sehr geehrte Frau Yılmaz," in ayse and "Ihnen gegenüber" in ayse
    assert "Mit diesem Bescheid fordern wir nur zurück, was Sie selbst zu viel erhalten " \
           "haben." in ayse
    assert "Sehr geehrter Herr Yılmaz," in mehmet and "Lindenweg 4" in mehmet
    assert "Mehmet Yılmaz: " + _euro(per_person["Mehmet Yılmaz"]) in mehmet
    assert "Ayşe Yılmaz: " not in mehmet  # no other member's claim in his letter
    assert "als gesetzliche Vertreter von Elif Yılmaz" in elif_
    assert "Sehr geehrte Frau Yılmaz, sehr geehrter Herr Yılmaz," in elif_
    assert "gegenüber Elif Yılmaz, geb. 03.09.2015, für die Zeit vom 01.01.2027" in elif_
    assert f"Elif Yılmaz muss die zu viel gezahlten Leistungen von insgesamt " \
           f"{_euro(per_person['Elif Yılmaz'])} erstatten (§ 50 Abs. 1 SGB X)." in elif_
    assert "(§ 1629 Abs. 1 BGB)" in elif_ and "§ 1629a BGB" in elif_
    assert "B 14 AS 153/10 R" in elif_
    assert "§ 1629a" not in ayse and "§ 1629a" not in mehmet
    for text in (ayse, mehmet, elif_):
        assert "Rechtsbehelfsbelehrung" in text and "Fristen" in text
        assert "Aufhebungs- und Erstattungsbescheid" in text
        # Stundung, Ratenzahlung, Erlass: the norms and the three ways, the online concern
        # by its title as the portal shows it — no "sprechen Sie uns an"
        assert "mit dem Antrag „Stundung, Ratenzahlung oder Erlass einer Forderung“ (unter " \
               "„Zahlungen“), schriftlich per Post oder persönlich bei uns" in text
        assert "(§ 44 SGB II: wenn die Einziehung nach Lage Ihres Falles unbillig" in text
        assert "sprechen Sie uns" not in text
    _golden("erstattung_erwachsene", pdf_text(pdf_bytes(issued[1])))
    _golden("erstattung_kind", pdf_text(pdf_bytes(issued[2])))


def make_couple(jobcenter):
    """Ayşe and Mehmet Yılmaz without children (a BG of two adults)."""
    user = CitizenFactory(jobcenter=jobcenter, email="ayse@example.org", first_name="Ayşe",
                          last_name="Yılmaz", postcode="99001")
    household_create(
        jobcenter=jobcenter, valid_from=dt.date(2026, 1, 1), street="Lindenweg 4",
        postcode="99001", city="Teststadt", customer_number_prefix="07",
        members=[
            MemberSpec("Ayşe", "Yılmaz", dt.date(1985, 5, 17), "antragsteller", sex="w",
                       user=user),
            MemberSpec("Mehmet", "Yılmaz", dt.date(1983, 2, 1), "partner", sex="m"),
        ])
    return user


def _euro(value: Decimal) -> str:
    from jobcenter.decisions.documents import euro

    return euro(value)


def test_two_adults_without_children(family_anhoerung, caseworker, teamlead,
                                     django_capture_on_commit_callbacks):
    request = family_request()
    del request["personen"][2]
    request["unterkunft"]["personen_im_haushalt"] = 2
    _user, anhoerung = family_anhoerung(request, child=False)
    # without a child the 10 % band ends at 1.200 €: 320 − 30 − 20 = 270 € a month
    assert anhoerung.total == Decimal("810.00")
    with time_machine.travel(LATE_APRIL, tick=False):  # no minor: nothing to confirm
        aufhebung.erstattungsbescheid_create(anhoerung=anhoerung, actor=caseworker,
                                             reasons="Die Angaben sind bestätigt.")
    bescheide = list(anhoerung.bescheide.order_by("pk"))
    assert [b.snapshot["erstattung"]["addressee"]["name"] for b in bescheide] == [
        "Ayşe Yılmaz", "Mehmet Yılmaz"]
    assert sum(Decimal(b.snapshot["erstattung"]["total"]) for b in bescheide) == \
        anhoerung.total
    # every member's Bescheid rules the months with the BG's new amounts (the chain)
    for b in bescheide:
        assert b.amounts.count() == 6
    with time_machine.travel(LATE_APRIL, tick=False):
        issued = [_issue(b, caseworker, teamlead, django_capture_on_commit_callbacks)
                  for b in bescheide]
    text = normalised(pdf_text(pdf_bytes(issued[1])))
    flat = " ".join(text.split())
    # his letter compares his own amounts with his own amounts before
    assert "Monatliche Beträge" in flat and "Mehmet Yılmaz" in flat
    assert "bisher" in flat and "künftig" in flat
    assert Decision.objects.filter(source_anhoerung=anhoerung).count() == 2


def test_the_stundung_hint_names_the_concern_as_the_portal_shows_it():
    """The Erstattungsbescheid names the online concern by the registry's title (the same
    msgid), in German and in English, with the ways by post and in person."""
    from django.utils import translation

    from jobcenter.bedarfe.forderung import FORDERUNG
    from jobcenter.decisions.letters import stundung_erlass_hint

    for language, post in (("de", "schriftlich per Post oder persönlich bei uns"),
                           ("en", "by post or in person")):
        with translation.override(language):
            hint = stundung_erlass_hint()
            assert f"„{FORDERUNG.title}“" in hint or f"“{FORDERUNG.title}”" in hint
            assert post in hint and "§ 44 SGB II" in hint
    with translation.override("en"):
        assert stundung_erlass_hint() == (
            "If you cannot pay the amount, or not all at once, you can apply for a deferral or "
            "payment in instalments (§ 59 (1) sentence 1 no. 1 Federal Budget Code: if paying "
            "at once would be a considerable hardship for you and the claim is not put at risk "
            "by it) or for a waiver (§ 44 SGB II: if collecting it would be inequitable in "
            "your particular case): online in your account at Jobcenter Online with the "
            "application “Deferral, instalments or waiver of a claim” (under "
            "“Payments”), by post or in person.")
