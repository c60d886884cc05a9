"""Pages: the caseworker works with payments and claims; the citizen sees their own
payments; another citizen, staff of another Jobcenter and a role without the right reach
nothing."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
import time_machine
from django.utils import timezone

from jobcenter.core.roles import Role
from jobcenter.households.models import Person
from jobcenter.transparency.models import AccessLogEntry
from jobcenter.zahlungen.models import (
    Aufrechnung,
    Claim,
    DirectPayment,
    ManualPayment,
    Payment,
    PaymentRun,
    PaymentStop,
)
from jobcenter.zahlungen.services import claim_create_loan, run_execute, run_start
from tests.conftest import login
from tests.factories import StaffFactory
from tests.zahlungen import helpers
from tests.zahlungen.conftest import JAN
from tests.zahlungen.sepa_check import assert_valid

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2026, 12, 18, 9, 0)


@pytest.fixture
def paid(jobcenter, citizen):
    """The citizen's BG granted 900 € for January 2027 and paid by the monthly run."""
    helpers.payer_account(jobcenter)
    person = Person.objects.get(user=citizen)
    bg = person.memberships.get().bedarfsgemeinschaft
    person.memberships.update(role="antragsteller", valid_from=dt.date(2026, 1, 1))
    helpers.bank_account(person)
    decision = helpers.issue(bg, person, months=[JAN], amounts={"P1": "900.00"})
    with time_machine.travel(NOW, tick=False):
        run = run_execute(run_start(jobcenter=jobcenter, kind="monatlich", month=JAN).pk)
    claim = Claim.objects.create(jobcenter=jobcenter, person=person, bedarfsgemeinschaft=bg,
                                 bescheid=decision, basis="30", rechtsgrundlage="§ 50 SGB X",
                                 amount=Decimal("300.00"), due_date=dt.date(2027, 2, 1))
    return bg, run, claim


def staff_urls(bg, run, claim):
    manual = ManualPayment.objects.create(
        jobcenter=bg.jobcenter, bedarfsgemeinschaft=bg, month=JAN, amount=Decimal("10"),
        reason="x", requested_by=StaffFactory(jobcenter=bg.jobcenter))
    direct = DirectPayment.objects.create(
        jobcenter=bg.jobcenter, bedarfsgemeinschaft=bg, kind="miete", basis="antrag",
        payee_name="Wohnbau", iban=helpers.LANDLORD_IBAN, monthly_amount=Decimal("400"),
        valid_from=JAN, reason="Antrag", created_by=manual.requested_by)
    base = "/arbeitsbereich/zahlungen"
    return [
        ("get", f"{base}/lauf/{run.pk}/"),
        ("get", f"{base}/lauf/{run.pk}/datei/"),
        ("get", f"{base}/bg/{bg.pk}/"),
        ("post", f"{base}/bg/{bg.pk}/einstellen/"),
        ("post", f"{base}/bg/{bg.pk}/einstellung-aufheben/"),
        ("post", f"{base}/bg/{bg.pk}/direktzahlung/"),
        ("post", f"{base}/bg/{bg.pk}/manuell/"),
        ("post", f"{base}/bg/{bg.pk}/direktzahlung/{direct.pk}/beenden/"),
        ("post", f"{base}/bg/{bg.pk}/manuell/{manual.pk}/"),
        ("post", f"{base}/bg/{bg.pk}/rueckueberweisung/"),
        ("get", f"{base}/forderung/{claim.pk}/"),
        ("post", f"{base}/forderung/{claim.pk}/stundung/"),
        ("post", f"{base}/forderung/{claim.pk}/freigabe/"),
    ]


def test_the_caseworker_sees_runs_the_bg_and_downloads_a_valid_file(client, paid, caseworker):
    bg, run, claim = paid
    login(client, caseworker)
    page = client.get("/arbeitsbereich/zahlungen/").content.decode()
    assert "Monatlicher Zahllauf" in page and "900,00 €" in page
    response = client.get(f"/arbeitsbereich/zahlungen/lauf/{run.pk}/datei/")
    assert response.status_code == 200
    assert b"pain.001.001.09" in b"".join(response.streaming_content)
    assert_valid(run)
    page = client.get(f"/arbeitsbereich/zahlungen/bg/{bg.pk}/").content.decode()
    assert "Alice Adler" in page and "900,00 €" in page and "300,00 €" in page
    assert AccessLogEntry.objects.filter(actor=caseworker, what="zahlungen").exists()
    # the BG number search leads to the page
    assert client.get("/arbeitsbereich/zahlungen/", {"bg": bg.pk}).status_code == 302
    assert client.get("/arbeitsbereich/zahlungen/", {"bg": "abc"}).status_code == 200


def test_starting_a_daily_run_twice_pays_nothing_twice(client, paid, caseworker,
                                              django_capture_on_commit_callbacks):
    with time_machine.travel(dt.datetime(2027, 1, 5, 9), tick=False):
        login(client, caseworker)
        for _ in range(2):
            with django_capture_on_commit_callbacks(execute=True):
                response = client.post("/arbeitsbereich/zahlungen/starten/",
                                       {"kind": "taeglich"})
            assert response.status_code == 302
    # the first run finished at once (tasks run eagerly here), so the second click started
    # a second run — which found nothing left to pay and made no file
    runs = list(PaymentRun.objects.filter(kind="taeglich").order_by("pk"))
    assert [r.status for r in runs] == ["fertig", "fertig"]
    assert [r.payments_count for r in runs] == [0, 0] and not runs[1].file


def test_a_monthly_run_without_month_is_a_clear_error(client, paid, caseworker):
    login(client, caseworker)
    response = client.post("/arbeitsbereich/zahlungen/starten/", {"kind": "monatlich"})
    assert response.status_code == 400
    assert "Bitte wählen Sie den Monat" in response.content.decode()


def test_stop_form_errors_and_success(client, paid, caseworker):
    bg, run, claim = paid
    login(client, caseworker)
    url = f"/arbeitsbereich/zahlungen/bg/{bg.pk}/einstellen/"
    response = client.post(url, {"facts": "", "partial_amount": "abc"})
    assert response.status_code == 400 and not PaymentStop.objects.exists()
    response = client.post(url, {"facts": "Arbeitsaufnahme", "partial_amount": ""})
    assert response.status_code == 302
    page = client.get(f"/arbeitsbereich/zahlungen/bg/{bg.pk}/").content.decode()
    assert "§ 40 Abs. 2 Nr. 4 SGB II i. V. m. § 331 SGB III" in page


def test_direct_payment_rejects_a_bad_iban(client, paid, caseworker):
    bg, run, claim = paid
    login(client, caseworker)
    data = {"kind": "miete", "basis": "antrag", "payee_name": "Wohnbau", "iban": "DE00123",
            "monthly_amount": "400,00", "valid_from": "2026-12", "reason": "Antrag"}
    response = client.post(f"/arbeitsbereich/zahlungen/bg/{bg.pk}/direktzahlung/", data)
    assert response.status_code == 400
    assert "IBAN ist nicht gültig" in response.content.decode()


def test_manual_payment_four_eyes_through_the_pages(client, paid, caseworker):
    bg, run, claim = paid
    login(client, caseworker)
    client.post(f"/arbeitsbereich/zahlungen/bg/{bg.pk}/manuell/",
                {"month": f"{timezone.localdate():%Y-%m}", "amount": "120,00",
                 "reason": "Notlage"})
    manual = ManualPayment.objects.get()
    client.post(f"/arbeitsbereich/zahlungen/bg/{bg.pk}/manuell/{manual.pk}/",
                {"decision": "approve"})
    manual.refresh_from_db()
    assert manual.status == "beantragt"  # not by the same person
    client.logout()
    login(client, StaffFactory(jobcenter=bg.jobcenter, role=Role.TEAMLEITUNG))
    client.post(f"/arbeitsbereich/zahlungen/bg/{bg.pk}/manuell/{manual.pk}/",
                {"decision": "approve"})
    manual.refresh_from_db()
    assert manual.status == "freigegeben"


def test_claim_actions(client, paid, caseworker):
    bg, run, claim = paid
    login(client, caseworker)
    base = f"/arbeitsbereich/zahlungen/forderung/{claim.pk}"
    assert client.get(f"{base}/").status_code == 200
    response = client.post(f"{base}/raten/", {"amount": "500,00", "start": "2027-02-01"})
    assert response.status_code == 400
    assert "höher als die offene Forderung" in response.content.decode()
    response = client.post(f"{base}/raten/", {"amount": "100,00", "start": "2027-02-01"})
    assert response.status_code == 302
    assert client.post(f"{base}/unbekannt/").status_code == 404


def test_the_citizen_sees_the_payment_with_a_masked_iban(client, paid, citizen):
    login(client, citizen)
    page = client.get("/portal/zahlungen/").content.decode()
    assert "Januar 2027" in page and "900,00 €" in page and "31. Dezember 2026" in page
    assert helpers.IBAN not in page and "DE89" in page and "00" in page
    assert "300,00 €" in page  # the claim statement


def test_another_citizen_sees_nothing(client, paid, other_citizen):
    login(client, other_citizen)
    page = client.get("/portal/zahlungen/").content.decode()
    assert "900,00" not in page and "Noch keine Zahlungen" in page


def test_the_citizen_and_other_staff_reach_no_staff_page(client, paid, citizen,
                                                         other_caseworker):
    bg, run, claim = paid
    urls = staff_urls(bg, run, claim)
    for user, allowed in ((citizen, {403, 302}), (other_caseworker, {403, 404})):
        client.logout()
        login(client, user)
        for method, url in urls:
            status = getattr(client, method)(url).status_code
            assert status in allowed, (user, method, url, status)
    assert Payment.objects.count() == 1 and not PaymentStop.objects.exists()


def test_a_role_without_the_right_reaches_nothing(client, paid, jobcenter):
    bg, run, claim = paid
    login(client, StaffFactory(jobcenter=jobcenter, role=Role.VERMITTLUNG))
    assert client.get("/arbeitsbereich/zahlungen/").status_code == 403
    for method, url in staff_urls(bg, run, claim):
        assert getattr(client, method)(url).status_code == 403, url


def test_recording_a_returned_payment(client, paid, caseworker):
    bg, run, claim = paid
    payment = Payment.objects.get()
    login(client, caseworker)
    url = f"/arbeitsbereich/zahlungen/bg/{bg.pk}/rueckueberweisung/"
    response = client.post(url, {"payment": payment.pk, "reason": "",
                                 "returned_on": "2027-01-04"})
    assert response.status_code == 400
    assert "Rückgabegrund der Bank" in response.content.decode()
    response = client.post(url, {"payment": payment.pk, "reason": "AC04",
                                 "returned_on": "2027-01-04"})
    assert response.status_code == 302
    payment.refresh_from_db()
    assert (payment.status, payment.return_reason) == ("zurueck", "AC04")
    # a payment of another BG cannot be chosen
    response = client.post(url, {"payment": payment.pk + 999, "reason": "AC04",
                                 "returned_on": "2027-01-04"})
    assert response.status_code == 400


STOP_TEXT = (
    "§ 40 Abs. 2 Nr. 4 SGB II i. V. m. § 331 SGB III: Die Zahlung kann ohne Bescheid ganz "
    "oder teilweise vorläufig eingestellt werden, wenn Tatsachen bekannt werden, die kraft "
    "Gesetzes zum Ruhen oder Wegfall des Anspruchs führen und die Bewilligung deshalb für "
    "die Vergangenheit aufzuheben ist. Ist die Bewilligung zwei Monate nach der Einstellung "
    "nicht aufgehoben, werden die einbehaltenen Beträge unverzüglich nachgezahlt.")


def _text(html: str) -> str:
    import re

    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def test_golden_legal_texts_of_the_stop_and_the_aufrechnung(client, paid, caseworker,
                                                            citizen):
    """The rendered legal texts, word for word (§ 331 SGB III, § 43 SGB II)."""
    bg, run, claim = paid
    login(client, caseworker)
    with time_machine.travel(dt.datetime(2027, 1, 10, 9), tick=False):
        login(client, caseworker)
        client.post(f"/arbeitsbereich/zahlungen/bg/{bg.pk}/einstellen/",
                    {"facts": "Arbeitsaufnahme laut Arbeitgeber", "partial_amount": ""})
        page = _text(client.get(f"/arbeitsbereich/zahlungen/bg/{bg.pk}/").content.decode())
    assert STOP_TEXT in page
    assert ("Zahlung vorläufig eingestellt seit 10.01.2027. Der Aufhebungsbescheid muss bis "
            "10.03.2027 ergehen, sonst werden die einbehaltenen Beträge nachgezahlt.") in page
    assert ("Die Kenntnis beruht nicht auf Angaben der Person: Sie hat mit der Mitteilung "
            "über die Einstellung die Gründe erfahren und kann sich äußern (§ 331 Abs. 1 Satz 2 "
            "SGB III).") in page
    assert "Mitteilung über die vorläufige Zahlungseinstellung vom 10. Januar 2027" in page
    Claim.objects.filter(pk=claim.pk).update(offset_from=JAN, offset_until=dt.date(2030, 1, 1))
    client.logout()
    login(client, citizen)
    page = _text(client.get("/portal/zahlungen/").content.decode())
    assert ("Seit Januar 2027 behalten wir jeden Monat einen Teil Ihrer Leistungen ein "
            "(§ 43 SGB II).") in page


def test_the_access_log_names_what_the_citizen_knows_never_a_database_key(client, paid,
                                                                          caseworker):
    """The entries' detail is read by the citizen ("Wer hat meine Daten gesehen?", the data
    copy): the BG-Nummer and the Bescheid-Nr. from their letters, not "BG 7" / "Forderung 3"."""
    bg, _run, claim = paid
    login(client, caseworker)
    assert client.get(f"/arbeitsbereich/zahlungen/bg/{bg.pk}/").status_code == 200
    assert client.get(f"/arbeitsbereich/zahlungen/forderung/{claim.pk}/").status_code == 200
    details = set(AccessLogEntry.objects.filter(actor=caseworker, what="zahlungen")
                  .values_list("detail", flat=True))
    expected_bg = (f"Bedarfsgemeinschaft {bg.number}" if bg.number
                   else "Ihre Bedarfsgemeinschaft")
    assert expected_bg in details
    assert f"Forderung aus dem Bescheid Nr. {claim.bescheid.reference}" in details
    assert not any(detail in (f"BG {bg.pk}", f"Forderung {claim.pk}") for detail in details)


def test_every_id_on_the_claim_page_is_unique(client, paid, caseworker):
    """Several forms of the claim page have a field of the same name (``reason``, ``start``,
    ``amount``); each form's ids carry its action, so labels and error links reach their own
    field — also on the page shown again with one form's errors."""
    import collections
    import re

    _bg, _run, claim = paid
    login(client, caseworker)
    base = f"/arbeitsbereich/zahlungen/forderung/{claim.pk}/"
    pages = [client.get(base), client.post(f"{base}stundung/", {"until": "", "reason": ""})]
    assert [response.status_code for response in pages] == [200, 400]
    for response in pages:
        html = response.content.decode()
        ids = collections.Counter(re.findall(r'\sid="([^"]+)"', html))
        assert {i: n for i, n in ids.items() if n > 1} == {}
        assert 'id="id_stundung_reason"' in html and 'id="id_niederschlagung_reason"' in html
    assert 'href="#id_stundung_reason"' in pages[1].content.decode()


def test_the_run_report_lists_held_payments_and_logs_the_read(client, jobcenter, caseworker):
    helpers.payer_account(jobcenter)
    bg, person = helpers.household(jobcenter, first="Hanna", last="Ohnekonto")
    helpers.issue(bg, person, months=[JAN], amounts={"P1": "500.00"})
    with time_machine.travel(NOW, tick=False):
        run = run_execute(run_start(jobcenter=jobcenter, kind="monatlich", month=JAN).pk)
    login(client, caseworker)
    page = client.get(f"/arbeitsbereich/zahlungen/lauf/{run.pk}/").content.decode()
    assert f"BG {bg.pk}" in page and "Keine Bankverbindung der Person bekannt" in page
    assert "keine Überweisungsdatei" in page
    assert AccessLogEntry.objects.filter(actor=caseworker, person=person,
                                         what="zahlungen").exists()


def test_a_direct_payment_is_set_up_and_ended(client, paid, caseworker):
    bg, run, claim = paid
    login(client, caseworker)
    data = {"kind": "miete", "basis": "sicherstellung", "payee_name": "Wohnbau GmbH",
            **helpers.PAYEE_ADDRESS, "iban": "DE02 1001 0010 0006 8201 01",
            "monthly_amount": "400,00",
            "valid_from": f"{timezone.localdate():%Y-%m}",
            "reason": "Mietrückstände, Kündigung droht"}
    assert client.post(f"/arbeitsbereich/zahlungen/bg/{bg.pk}/direktzahlung/",
                       data).status_code == 302
    direct = DirectPayment.objects.get()
    assert direct.iban == helpers.LANDLORD_IBAN
    url = f"/arbeitsbereich/zahlungen/bg/{bg.pk}/direktzahlung/{direct.pk}/beenden/"
    assert client.post(url, {"last_month": "1999-01"}).status_code == 400
    assert client.post(url, {"last_month": f"{timezone.localdate():%Y-%m}"}).status_code == 302
    direct.refresh_from_db()
    assert direct.valid_to == timezone.localdate().replace(day=1)


def test_amounts_are_written_with_the_thousands_separator(client, paid, citizen):
    from jobcenter.zahlungen.models import Payment

    Payment.objects.filter(bedarfsgemeinschaft=paid[0]).update(amount="2287.00")
    login(client, citizen)
    page = client.get("/portal/zahlungen/").content.decode()
    assert "2.287,00 €" in page and "2287,00" not in page


@pytest.fixture
def loan(paid):
    """A Mietkaution granted as a loan (§ 22 Abs. 6, § 42a SGB II) by a Bescheid of its own:
    the claim whose Aufrechnung that Bescheid declared (5 % from the next month)."""
    bg, _run, claim = paid
    with time_machine.travel(NOW, tick=False):
        bescheid = helpers.issue(bg, claim.person, months=[JAN], amounts={"P1": "900.00"},
                                 case=claim.bescheid.case)
        return claim_create_loan(bescheid=bescheid, person=claim.person,
                                 amount=Decimal("600.00"),
                                 rechtsgrundlage="§ 22 Abs. 6 Satz 3, § 42a SGB II")


OFFSET_POST = {"start": "2027-03", "months": "12", "reasons": "Hohe Forderung."}


def test_a_loans_page_offers_what_42a_provides_and_not_the_43_procedure(
        client, paid, loan, caseworker):
    """§ 42a Abs. 2 SGB II: the loan's Bescheid declared the Aufrechnung at 5 %; the page
    offers no § 43 procedure (up to 30 %, Anhörung, own Bescheid) for it — it says how the
    loan is repaid and offers the Rückzahlung in instalments (Abs. 4 Satz 2), ending the
    Aufrechnung when the benefits end and booking a receipt (Abs. 3: the Kaution repaid).
    An Erstattungsforderung's page still offers the § 43 procedure."""
    _bg, _run, erstattung = paid
    base = "/arbeitsbereich/zahlungen/forderung"
    with time_machine.travel(NOW, tick=False):
        login(client, caseworker)
        page = _text(client.get(f"{base}/{loan.pk}/").content.decode())
        assert "Tilgung des Darlehens (§ 42a SGB II)" in page
        assert ("Der Bescheid über das Darlehen hat die Aufrechnung erklärt (§ 42a Abs. 2 "
                "Satz 2 SGB II): Solange Leistungen bezogen werden, behält der Zahllauf jeden "
                "Monat 5 Prozent des maßgebenden Regelbedarfs ein. Ein Aufrechnungsverfahren "
                "nach § 43 SGB II gibt es für ein Darlehen nicht.") in page
        assert ("Zahlt der Vermieter die Mietkaution zurück, ist der noch nicht getilgte "
                "Betrag sofort fällig (§ 42a Abs. 3 Satz 1 SGB II)") in page
        assert "Rückzahlung in Raten vereinbaren (§ 42a Abs. 4 Satz 2 SGB II)" in page
        assert "Aufrechnung beenden" in page and "Warum endet die Aufrechnung?" in page
        for offered in ("Aufrechnung vorbereiten", "Aufrechnung (§ 43 SGB II)",
                        "Noch keine Aufrechnung", "/aufrechnung/\""):
            assert offered not in page, offered
        # a crafted request is refused by the service, with the reason
        response = client.post(f"{base}/{loan.pk}/aufrechnung/", OFFSET_POST)
        assert response.status_code == 400
        assert "Das Verfahren nach § 43 SGB II gilt dafür nicht." in _text(
            response.content.decode())
        assert not Aufrechnung.objects.exists()
        # the benefits end: the Aufrechnung is ended, still no § 43 procedure on offer
        response = client.post(f"{base}/{loan.pk}/aufrechnung_ende/", {
            "last_month": f"{loan.offset_from:%Y-%m}", "cause": "bezug",
            "reason": "Bewilligungszeitraum endete ohne Weiterbewilligung."})
        assert response.status_code == 302
        page = _text(client.get(f"{base}/{loan.pk}/").content.decode())
        assert ("Die Aufrechnung ist von Hand beendet, weil der Leistungsbezug endet (Grund "
                "oben).") in page
        assert "Aufrechnung vorbereiten" not in page and "Aufrechnung beenden" not in page
        # an Erstattungsforderung: the § 43 procedure as before
        page = _text(client.get(f"{base}/{erstattung.pk}/").content.decode())
        assert "Aufrechnung (§ 43 SGB II)" in page
        assert "Aufrechnung vorbereiten (§ 43 SGB II, frühestens ab" in page
        assert "Tilgung des Darlehens" not in page
        client.cookies.load({"django_language": "en"})
        page = _text(client.get(f"{base}/{loan.pk}/", HTTP_ACCEPT_LANGUAGE="en")
                     .content.decode())
    assert "Repayment of the loan (section 42a SGB II)" in page
    assert "43 SGB II" not in page and "Tilgung" not in page


def test_other_actors_reach_no_loan_page(client, loan, citizen, other_citizen,
                                         other_caseworker):
    base = f"/arbeitsbereich/zahlungen/forderung/{loan.pk}"
    for user, allowed in ((citizen, {403, 302}), (other_citizen, {403, 302}),
                          (other_caseworker, {403, 404})):
        client.logout()
        login(client, user)
        for method, url, data in (("get", f"{base}/", {}),
                                  ("post", f"{base}/aufrechnung/", OFFSET_POST),
                                  ("post", f"{base}/raten/", {"amount": "50,00",
                                                               "start": "2027-02-01"})):
            response = getattr(client, method)(url, data)
            assert response.status_code in allowed, (user, url, response.status_code)
            assert "Mietkaution" not in response.content.decode()
    loan.refresh_from_db()
    assert loan.instalment_amount is None and not Aufrechnung.objects.exists()
