"""Staff end an Aufrechnung by hand ("Aufrechnung beenden" on the claim page): a reason is
required, who / when / why are stored through the same service and fields as the end by
a Bescheid (``claims.claim_offset_end``), the eAkte gets an internal entry, the citizen
reads the months and that it ended (not the staff's reason). A month already offset
cannot be un-offset; a double submit ends it once; three actors; CSRF."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal as D

import pytest
from django.test import Client

from jobcenter.casefiles.models import TimelineEntry
from jobcenter.zahlungen import claim_texts
from jobcenter.zahlungen.models import Claim, ClaimEntry
from jobcenter.zahlungen.services import (
    ClaimError,
    claim_create_loan,
    claim_offset_end,
)
from tests.conftest import login
from tests.factories import CitizenFactory, JobcenterFactory, StaffFactory
from tests.zahlungen import helpers
from tests.zahlungen.conftest import FEB, JAN
from tests.zahlungen.test_leistung_endet import at, monthly

pytestmark = pytest.mark.django_db

REASON = "Aufrechnungserklärung im Widerspruchsverfahren aufgehoben (Abhilfe vom 20.01.2027)."


def page_text(response) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", response.content.decode()).split())


@pytest.fixture
def claim(erstattung):
    return erstattung


def url(claim: Claim) -> str:
    return f"/arbeitsbereich/zahlungen/forderung/{claim.pk}/aufrechnung_ende/"


def test_a_reason_is_required_and_who_when_why_are_kept(client, jc, family, claim, staff):
    _bg, person, decision = family
    monthly(jc, JAN, "2026-12-18")
    with at("2027-01-20"):
        login(client, staff)
        response = client.post(url(claim), {"last_month": "2027-01", "reason": "  "})
        assert response.status_code == 400
        assert "Bitte füllen Sie „Grund für das Ende der Aufrechnung“ aus." in page_text(
            response)
        claim.refresh_from_db()
        assert claim.offset_ended_at is None and claim.offset_until == dt.date(2029, 12, 1)

        response = client.post(url(claim), {"last_month": "2027-01", "reason": REASON})
        assert response.status_code == 302
        claim.refresh_from_db()
        assert (claim.offset_until, claim.offset_ended_by, claim.offset_end_reason,
                claim.offset_end_decision) == (JAN, staff, REASON, None)
        assert claim.offset_ended_at is not None
        assert claim.due_date == dt.date(2026, 12, 20)  # an Erstattung stays due as it was
        entry = TimelineEntry.objects.get(case=decision.case, text__startswith="Aufrechnung")
        assert entry.text == (
            f"Aufrechnung von Hand beendet: Forderung aus Bescheid Nr. {decision.reference} "
            f"gegen Ayse Yilmaz, letzter Monat der Aufrechnung: Januar 2027. Grund: {REASON}")
        assert not entry.citizen_text  # internal: no notice to the citizen

        # a double submit: ended once, one entry, no error
        again = client.post(url(claim), {"last_month": "2027-01", "reason": REASON})
        assert again.status_code == 302
        assert TimelineEntry.objects.filter(case=decision.case,
                                            text__startswith="Aufrechnung").count() == 1

        page = page_text(client.get(f"/arbeitsbereich/zahlungen/forderung/{claim.pk}/"))
        assert "Aufrechnung (§ 43 SGB II) im Januar 2027; beendet" in page
        assert f"Ende der Aufrechnung {REASON} (am 20.01.2027 10:00, verantwortlich: " \
               "Carla Berger)" in page
        assert "Aufrechnung beenden" not in page  # not offered twice
        client.logout()

        login(client, person.user)
        page = page_text(client.get("/portal/zahlungen/"))
        assert "im Januar 2027; beendet" in page
        assert "Widerspruchsverfahren" not in page  # the staff's reason stays internal
    assert claim_texts.offset(claim) == "im Januar 2027; beendet"


def test_an_end_before_a_month_already_offset_is_refused(client, jc, claim, staff):
    monthly(jc, JAN, "2026-12-18")
    monthly(jc, FEB, "2027-01-18")
    assert ClaimEntry.objects.filter(claim=claim, kind="aufrechnung").count() == 2
    with at("2027-01-20"):
        login(client, staff)
        response = client.post(url(claim), {"last_month": "2027-01", "reason": REASON})
        assert response.status_code == 400
        assert ("Für Februar 2027 ist schon aufgerechnet. Wählen Sie als letzten Monat "
                "mindestens Februar 2027; zu viel Einbehaltenes erstatten Sie mit einem "
                "Bescheid.") in page_text(response)
        claim.refresh_from_db()
        assert claim.offset_ended_at is None
        # the form keeps what was typed and proposes the last month offset
        assert REASON in response.content.decode()
        response = client.post(url(claim), {"last_month": "2027-02", "reason": REASON})
        assert response.status_code == 302
    claim.refresh_from_db()
    assert claim.offset_until == FEB
    assert claim_texts.offset(claim) == "von Januar 2027 bis Februar 2027; beendet"


def test_the_service_keeps_its_rules(jc, family, claim, staff):
    with at("2027-01-20"):
        with pytest.raises(ClaimError, match="begründen"):
            claim_offset_end(claim=claim, last_month=JAN, reason=" ", actor=staff)
        with pytest.raises(ClaimError, match="ohnehin mit Dezember 2029"):
            claim_offset_end(claim=claim, last_month=dt.date(2030, 1, 1), reason=REASON,
                             actor=staff)
        with pytest.raises(ClaimError, match="nicht ändern"):  # another Jobcenter's staff
            claim_offset_end(claim=claim, last_month=JAN, reason=REASON,
                             actor=StaffFactory(jobcenter=JobcenterFactory()))
        # ended before it began: nothing is offset
        ended, claim = claim_offset_end(claim=claim, last_month=dt.date(2026, 11, 1),
                                        reason=REASON, actor=staff)
        assert ended and claim.offset_until == dt.date(2026, 12, 1)
        assert claim_texts.offset(claim) == "beendet, bevor sie begann"
        with pytest.raises(ClaimError, match="bereits beendet"):  # another person
            claim_offset_end(claim=claim, last_month=JAN, reason=REASON,
                             actor=StaffFactory(jobcenter=jc))
    monthly(jc, JAN, "2026-12-18")
    assert not ClaimEntry.objects.filter(claim=claim, kind="aufrechnung").exists()


def test_a_loans_hand_end_makes_the_rest_due(client, jc, family, staff):
    bg, person, decision = family
    with at("2026-12-10"):
        bescheid = helpers.issue(bg, person, months=[], amounts={"P1": "0"},
                                 case=decision.case)
        loan = claim_create_loan(bescheid=bescheid, person=person, amount=D("600.00"),
                                 rechtsgrundlage="§ 22 Abs. 6 Satz 3, § 42a SGB II")
    monthly(jc, JAN, "2026-12-18")
    with at("2027-01-20"):
        login(client, staff)
        page = page_text(client.get(f"/arbeitsbereich/zahlungen/forderung/{loan.pk}/"))
        assert "Aufrechnung beenden (Leistungsbezug endet, § 42a Abs. 4 SGB II)" in page
        response = client.post(url(loan), {
            "last_month": "2027-01",
            "reason": "Bewilligungszeitraum endete am 31.01.2027 ohne Weiterbewilligung."})
        assert response.status_code == 302
        loan.refresh_from_db()
        assert (loan.offset_until, loan.due_date) == (JAN, FEB)  # sofort fällig
        page = page_text(client.get(f"/arbeitsbereich/zahlungen/forderung/{loan.pk}/"))
        assert ("Die Aufrechnung ist von Hand beendet (Grund oben). Der noch nicht getilgte "
                "Betrag ist sofort fällig (§ 42a Abs. 4 Satz 1 SGB II).") in page
        assert "die Person hat eine Mitteilung darüber erhalten" not in page
        client.logout()
        login(client, person.user)
        page = page_text(client.get("/portal/zahlungen/"))
        assert ("im Januar 2027; beendet, weil der Leistungsbezug endete; der Rest ist sofort "
                "fällig (§ 42a Abs. 4 Satz 1 SGB II)") in page
        assert "Weiterbewilligung" not in page


def test_three_actors_and_csrf(jc, family, claim, staff):
    _bg, person, _decision = family
    data = {"last_month": "2027-01", "reason": REASON}
    with at("2027-01-20"):
        for user, allowed in ((person.user, {302, 403}),
                              (CitizenFactory(jobcenter=jc), {302, 403}),
                              (StaffFactory(jobcenter=JobcenterFactory()), {403, 404})):
            client = Client()
            login(client, user)
            assert client.post(url(claim), data).status_code in allowed
        csrf = Client(enforce_csrf_checks=True)
        login(csrf, staff)
        assert csrf.post(url(claim), data).status_code == 403
    claim.refresh_from_db()
    assert claim.offset_ended_at is None
