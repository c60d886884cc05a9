"""A claim's state reads the same on every page and follows today's Europe/Berlin date: the
Stundung is shown while it runs and as ended after its day (never "gestundet bis" a past
day); a loan's Aufrechnung has no end month and says so; month names follow the reader's
language. Pages: the citizen's "Zahlungen", the staff claim page, the BG's payments."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest
import time_machine
from django.utils import translation

from jobcenter.households.models import Person
from jobcenter.zahlungen import claim_texts
from jobcenter.zahlungen.models import Claim
from jobcenter.zahlungen.services import claim_defer
from tests.conftest import login
from tests.zahlungen import helpers
from tests.zahlungen.conftest import JAN

pytestmark = pytest.mark.django_db

DAY = dt.date(2027, 3, 1)  # the Stundung's last day
#: 23:30 in Berlin on the Stundung's day, and 00:30 on the next day in Berlin — both are
#: still 1 March in UTC, so only the Berlin date tells them apart
ON_THE_DAY = "2027-03-01T22:30:00+00:00"
AFTER_THE_DAY = "2027-03-01T23:30:00+00:00"
RUNNING = "gestundet bis 1. März 2027"
ENDED = "offen, Stundung bis 1. März 2027 abgelaufen"


def at(moment: str):
    return time_machine.travel(dt.datetime.fromisoformat(moment), tick=False)


@pytest.fixture
def owed(jobcenter, citizen, caseworker):
    """The citizen owes 300 €; the caseworker deferred it until 1 March 2027."""
    helpers.payer_account(jobcenter)
    person = Person.objects.get(user=citizen)
    bg = person.memberships.get().bedarfsgemeinschaft
    decision = helpers.issue(bg, person, months=[JAN], amounts={"P1": "900.00"})
    claim = Claim.objects.create(jobcenter=jobcenter, person=person, bedarfsgemeinschaft=bg,
                                 bescheid=decision, basis="30", rechtsgrundlage="§ 50 SGB X",
                                 amount=Decimal("300.00"), due_date=dt.date(2027, 2, 1))
    with at("2027-02-01T09:00:00+01:00"):
        claim_defer(claim=claim, until=DAY, reason="Krankheit", actor=caseworker)
    claim.refresh_from_db()
    return claim


def _pages(client, claim, citizen, caseworker) -> dict[str, str]:
    client.logout()
    login(client, citizen)
    pages = {"citizen": client.get("/portal/zahlungen/").content.decode()}
    client.logout()
    login(client, caseworker)
    base = "/arbeitsbereich/zahlungen"
    pages["claim"] = client.get(f"{base}/forderung/{claim.pk}/").content.decode()
    pages["bg"] = client.get(f"{base}/bg/{claim.bedarfsgemeinschaft_id}/").content.decode()
    return pages


def test_the_stundung_reads_as_running_on_its_day_and_as_ended_after_it(
        client, owed, citizen, caseworker):
    with at(ON_THE_DAY):
        pages = _pages(client, owed, citizen, caseworker)
    for name, page in pages.items():
        assert RUNNING in page, name
        assert "abgelaufen" not in page, name
    assert "bis 1. März 2027 (Krankheit)" in pages["claim"]
    with at(AFTER_THE_DAY):
        pages = _pages(client, owed, citizen, caseworker)
    for name, page in pages.items():
        assert ENDED in page, name
        assert RUNNING not in page, name
    assert "bis 1. März 2027, abgelaufen (Krankheit)" in pages["claim"]


def test_the_state_of_a_claim_that_is_no_longer_open_ignores_a_past_stundung(owed):
    owed.status = Claim.Status.PAID
    with at(ON_THE_DAY):
        assert claim_texts.state(owed, dt.date(2027, 3, 1)) == "getilgt"
    assert not claim_texts.deferred(owed, dt.date(2027, 2, 1))


def test_the_state_in_english(owed):
    with translation.override("en"):
        assert claim_texts.state(owed, DAY) == "deferred until 1 March 2027"
        assert claim_texts.state(owed, DAY + dt.timedelta(days=1)) == (
            "open, deferral until 1 March 2027 has ended")


def test_a_loan_without_an_end_month_says_how_long_it_is_offset(client, owed, caseworker):
    owed.basis, owed.rechtsgrundlage = Claim.Basis.FIVE, "§ 24 Abs. 1 SGB II, § 42a SGB II"
    owed.offset_from, owed.deferred_until = JAN, None
    owed.save(update_fields=["basis", "rechtsgrundlage", "offset_from", "deferred_until"])
    login(client, caseworker)
    page = client.get(f"/arbeitsbereich/zahlungen/forderung/{owed.pk}/").content.decode()
    assert "längstens bis" not in page
    assert "Aufrechnung (§ 42a Abs. 2 SGB II)" in page
    assert ("ab Januar 2027 jeden Monat 5 Prozent des Regelbedarfs, solange Leistungen "
            "bezogen werden, bis das Darlehen getilgt ist; endet der Leistungsbezug, ist der "
            "Rest sofort fällig (§ 42a Abs. 4 Satz 1 SGB II)") in page
    client.cookies.load({"django_language": "en"})
    page = client.get(f"/arbeitsbereich/zahlungen/forderung/{owed.pk}/",
                      HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Offsetting (section 42a(2) SGB II)" in page and "from January 2027, 5%" in page
    assert not re.search(r"\bJanuar\b", page)
    with translation.override("en"):
        assert claim_texts.offset(owed) == (
            "from January 2027, 5% of the standard needs every month while benefits are "
            "received, until the loan is repaid; when the benefits end, the rest falls due at "
            "once (section 42a(4) sentence 1 SGB II)")
        assert claim_texts.offset_label(owed) == "Offsetting (section 42a(2) SGB II)"


def test_an_erstattung_names_the_last_month_in_the_readers_language(owed):
    owed.offset_from, owed.offset_until = JAN, dt.date(2029, 12, 1)
    assert claim_texts.offset_label(owed) == "Aufrechnung (§ 43 SGB II)"
    assert claim_texts.offset(owed) == "ab Januar 2027, längstens bis Dezember 2029"
    with translation.override("en"):
        assert claim_texts.offset(owed) == "from January 2027, at the latest until December 2029"
