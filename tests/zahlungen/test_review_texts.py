"""What the payment pages say, as their readers read them: the citizen's "Zahlungen" page
announces a payment sent to the bank for a later execution day ("wird überwiesen am"),
rather than reporting it done — a monthly run is made days before the month; a Bescheid
named as text follows the reader's language; staff pages name a Bedarfsgemeinschaft by
its BG-Nummer."""

from __future__ import annotations

import datetime as dt
import re

import pytest
import time_machine

from jobcenter.zahlungen.services import run_execute, run_start
from tests.conftest import login
from tests.zahlungen.conftest import JAN

pytestmark = pytest.mark.django_db


def _text(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


def test_a_payment_before_its_execution_day_is_announced_then_reported(client, jc, family):
    _, person, _ = family
    with time_machine.travel(dt.datetime(2026, 12, 18, 9, 0), tick=False):
        run = run_execute(run_start(jobcenter=jc, kind="monatlich", month=JAN).pk)
        assert run.execution_date == dt.date(2026, 12, 31)
        login(client, person.user)
        before = _text(client.get("/portal/zahlungen/"))
    assert "wird überwiesen am 31. Dezember 2026" in before
    with time_machine.travel(dt.datetime(2026, 12, 31, 9, 0), tick=False):
        login(client, person.user)
        on_the_day = _text(client.get("/portal/zahlungen/"))
    assert "wird überwiesen am" not in on_the_day
    assert "überwiesen am 31. Dezember 2026" in on_the_day


@pytest.mark.parametrize(("language", "announced", "reported"), [
    ("de", "wird überwiesen am 31. Dezember 2026", "überwiesen am 31. Dezember 2026"),
    ("en", "to be transferred on 31 December 2026", "transferred on 31 December 2026"),
])
def test_the_data_copy_says_the_same_as_the_payments_page(jc, family, language, announced,
                                                           reported):
    """The copy of one's data (Art. 15 DSGVO) said "überwiesen am 31. Dezember 2026" on
    18 December, for a run not yet executed; it follows the day it is built, in Berlin."""
    import io
    import zipfile

    from django.utils import timezone

    from jobcenter.auskunft.services import _archive

    _, person, _ = family

    def summary(day: dt.datetime) -> str:
        with time_machine.travel(day, tick=False):
            archive = _archive(person.user, language, timezone.now())
        with zipfile.ZipFile(io.BytesIO(archive)) as z:
            name = next(n for n in z.namelist() if n.endswith(".html"))
            return re.sub(r"\s+", " ", z.read(name).decode())

    with time_machine.travel(dt.datetime(2026, 12, 18, 9, 0), tick=False):
        run_execute(run_start(jobcenter=jc, kind="monatlich", month=JAN).pk)
    before = summary(dt.datetime(2026, 12, 18, 9, 0))
    assert announced in before
    # 31 December, 00:30 in Berlin, is still 30 December in UTC: the day is Berlin's
    on_the_day = summary(dt.datetime(2026, 12, 30, 23, 30, tzinfo=dt.UTC))
    assert announced not in on_the_day and reported in on_the_day


def test_the_announcement_is_translated(client, jc, family):
    _, person, _ = family
    with time_machine.travel(dt.datetime(2026, 12, 18, 9, 0), tick=False):
        run_execute(run_start(jobcenter=jc, kind="monatlich", month=JAN).pk)
        login(client, person.user)
        client.cookies["django_language"] = "en"
        page = _text(client.get("/portal/zahlungen/"))
    assert "wird überwiesen" not in page
    assert "to be transferred on 31 December 2026" in page


def test_staff_pages_name_the_bedarfsgemeinschaft_by_its_number(client, jc):
    """The BG-Nummer (Dienststelle, "BG", sequence) is what a caseworker knows and searches
    for; the database key ("Bedarfsgemeinschaft 7", "BG 7") named another thing."""
    from django.urls import reverse

    from jobcenter.zahlungen.models import RunHold
    from tests.factories import StaffFactory
    from tests.zahlungen import helpers

    bg, person = helpers.household(jc, first="Ohne", last="Konto")
    bg.number = "12345BG0000042"
    bg.save(update_fields=["number"])
    helpers.issue(bg, person, months=[JAN], amounts={"P1": "500.00"})
    with time_machine.travel(dt.datetime(2026, 12, 18, 9, 0), tick=False):
        run = run_execute(run_start(jobcenter=jc, kind="monatlich", month=JAN).pk)
        assert RunHold.objects.filter(run=run, bedarfsgemeinschaft=bg).exists()
        login(client, StaffFactory(jobcenter=jc, role="leistung"))
        run_page = _text(client.get(reverse("zahlungen:run", args=[run.pk])))
        bg_page = _text(client.get(reverse("zahlungen:bg", args=[bg.pk])))
    assert "12345BG0000042" in run_page and f"BG {bg.pk} " not in run_page
    assert "Zahlungen der Bedarfsgemeinschaft 12345BG0000042" in bg_page


def test_the_bescheid_of_a_claim_is_dated_in_the_readers_format(client, jc, erstattung):
    """A Bescheid named as text ("Erstattung aus: … vom 18.12.2026") follows the reader's
    language: the English page had the German date and read "As of: open"."""
    with time_machine.travel(dt.datetime(2026, 12, 18, 9, 0), tick=False):
        erstattung.bescheid.letter_date = dt.date(2026, 12, 4)
        erstattung.bescheid.save(update_fields=["letter_date"])
        login(client, erstattung.person.user)
        client.cookies["django_language"] = "en"
        english = _text(client.get("/portal/zahlungen/"))
        client.cookies["django_language"] = "de"
        german = _text(client.get("/portal/zahlungen/"))
    assert "04/12/2026" in english and "04.12.2026" not in english
    # "Stand" of a claim is its status, not a point in time ("As of open")
    assert "Status open" in english and "As of" not in english
    assert "vom 04.12.2026" in german


def test_the_bg_page_shows_each_iban_in_groups_of_four(client, jc, family):
    """The staff payment page of a BG printed the IBAN as one run of 22 characters, hard to
    read out on the phone or to compare; the person page always grouped it (DIN 5008)."""
    from django.urls import reverse

    from jobcenter.core.iban import iban_grouped
    from jobcenter.zahlungen.models import Payment
    from tests.factories import StaffFactory

    bg, person, _ = family
    with time_machine.travel(dt.datetime(2026, 12, 18, 9, 0), tick=False):
        run_execute(run_start(jobcenter=jc, kind="monatlich", month=JAN).pk)
        payment = Payment.objects.filter(bedarfsgemeinschaft=bg).exclude(iban="").first()
        assert payment is not None and " " not in payment.iban
        login(client, StaffFactory(jobcenter=jc, role="leistung"))
        page = _text(client.get(reverse("zahlungen:bg", args=[bg.pk])))
    grouped = iban_grouped(payment.iban)
    assert grouped.count(" ") == 5 and grouped in page
    assert payment.iban not in page


def test_iban_grouped():
    from jobcenter.core.iban import iban_grouped

    assert iban_grouped("DE02120300000000202051") == "DE02 1203 0000 0000 2020 51"
    assert iban_grouped("de02 1203 0000 0000 2020 51") == "de02 1203 0000 0000 2020 51"
    assert iban_grouped(None) == "" and iban_grouped("") == ""
