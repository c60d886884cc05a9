"""Import of camt.054 bank statements: a returned credit transfer is matched to the ledger
by its end-to-end id and recorded as returned; a repayment naming "Forderung <Nummer>" is
booked on the claim; the rest stays open for staff; the same file is imported once; a
hostile file (entities) is refused with a clear message; nobody else sees the bookings."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile

from jobcenter.zahlungen.models import (
    BankStatement,
    BankStatementEntry,
    Claim,
    ClaimEntry,
    Payment,
)
from jobcenter.zahlungen.services import run_execute, run_start
from jobcenter.zahlungen.services.camt import StatementError, parse, statement_import
from tests.conftest import login
from tests.factories import CitizenFactory, JobcenterFactory, StaffFactory
from tests.zahlungen.conftest import JAN

pytestmark = pytest.mark.django_db
NS = "urn:iso:std:iso:20022:tech:xsd:camt.054.001.08"


def tx(amount: str, *, e2e: str = "", reason: str = "", reference: str = "",
       debtor: str = "") -> str:
    rtr = f"<RtrInf><Rsn><Cd>{reason}</Cd></Rsn></RtrInf>" if reason else ""
    ref = f"<RmtInf><Ustrd>{reference}</Ustrd></RmtInf>" if reference else ""
    party = f"<RltdPties><Dbtr><Pty><Nm>{debtor}</Nm></Pty></Dbtr></RltdPties>" if debtor else ""
    return (f"<TxDtls><Refs><EndToEndId>{e2e or 'NOTPROVIDED'}</EndToEndId></Refs>"
            f"<Amt Ccy=\"EUR\">{amount}</Amt>{party}{ref}{rtr}</TxDtls>")


def camt(*details: str, indicator: str = "CRDT", day: str = "2027-01-04") -> bytes:
    entries = "".join(
        f"<Ntry><Amt Ccy=\"EUR\">1</Amt><CdtDbtInd>{indicator}</CdtDbtInd><Sts><Cd>BOOK</Cd>"
        f"</Sts><BookgDt><Dt>{day}</Dt></BookgDt><NtryDtls>{d}</NtryDtls></Ntry>"
        for d in details)
    return (f"<?xml version=\"1.0\" encoding=\"UTF-8\"?><Document xmlns=\"{NS}\">"
            f"<BkToCstmrDbtCdtNtfctn><GrpHdr><MsgId>MSG-1</MsgId><CreDtTm>2027-01-04T08:00:00"
            f"</CreDtTm></GrpHdr><Ntfctn><Id>N1</Id>{entries}</Ntfctn>"
            f"</BkToCstmrDbtCdtNtfctn></Document>").encode()


@pytest.fixture
def paid(jc, family):
    bg, person, decision = family
    with time_machine.travel(dt.datetime(2026, 12, 18, 9), tick=False):
        run_execute(run_start(jobcenter=jc, kind="monatlich", month=JAN).pk)
    payment = Payment.objects.get(bedarfsgemeinschaft=bg)
    claim = Claim.objects.create(jobcenter=jc, person=person, bedarfsgemeinschaft=bg,
                                 bescheid=decision, basis="30", rechtsgrundlage="§ 50 SGB X",
                                 amount=D("300.00"), due_date=JAN)
    return payment, claim


def test_returns_and_repayments_are_matched_and_the_rest_stays_open(jc, paid):
    payment, claim = paid
    staff = StaffFactory(jobcenter=jc)
    content = camt(
        tx("900.00", e2e=payment.end_to_end_id, reason="AC04"),
        tx("100.00", reference=f"Forderung {claim.pk} Rate Januar", debtor="Ayse Yilmaz"),
        tx("55.00", reference="Spende", debtor="Unbekannt"),
        tx("900.00", e2e="UNBEKANNT-1", reason="AC01"),
    ) + b""
    debits = camt(tx("900.00", e2e="X"), indicator="DBIT")
    statement, created = statement_import(jobcenter=jc, content=content, filename="jan.xml",
                                          actor=staff)
    assert created and (statement.entries_count, statement.matched_count) == (4, 2)
    payment.refresh_from_db()
    assert (payment.status, payment.return_reason, payment.returned_on) == (
        "zurueck", "AC04", dt.date(2027, 1, 4))
    assert ClaimEntry.objects.get(claim=claim).amount == D("100.00")
    open_entries = BankStatementEntry.objects.filter(status="offen")
    assert sorted((e.kind, e.amount) for e in open_entries) == [
        ("rueckueberweisung", D("900.00")), ("zahlungseingang", D("55.00"))]
    # the same file again: nothing twice
    again, created = statement_import(jobcenter=jc, content=content, filename="jan (1).xml",
                                      actor=staff)
    assert not created and again.pk == statement.pk
    assert ClaimEntry.objects.count() == 1 and BankStatement.objects.count() == 1
    # the Jobcenter's own transfers (debits) are not bookings to match
    assert statement_import(jobcenter=jc, content=debits, filename="d.xml",
                            actor=staff)[0].entries_count == 0


def test_a_repayment_above_the_balance_or_of_another_jobcenter_stays_open(jc, paid):
    payment, claim = paid
    other = JobcenterFactory()
    content = camt(tx("400.00", reference=f"Forderung {claim.pk}"))
    statement_import(jobcenter=jc, content=content, filename="a.xml",
                     actor=StaffFactory(jobcenter=jc))
    statement_import(jobcenter=other, content=camt(tx("10.00",
                     reference=f"Forderung {claim.pk}")), filename="b.xml",
                     actor=StaffFactory(jobcenter=other))
    assert not ClaimEntry.objects.exists()
    assert BankStatementEntry.objects.filter(status="offen").count() == 2


@pytest.mark.parametrize("content", [
    b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a SYSTEM "file:///etc/passwd">]><r>&a;</r>',
    b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aa"><!ENTITY b "&a;&a;&a;">]><r>&b;</r>',
    b"kein xml",
    b'<Document xmlns="urn:iso:std:iso:20022:tech:xsd:pain.001.001.09"/>',
])
def test_hostile_or_wrong_files_are_refused(content):
    with pytest.raises(StatementError):
        parse(content)


def test_the_page_imports_lists_open_bookings_and_keeps_others_out(client, jc, paid):
    payment, claim = paid
    caseworker = StaffFactory(jobcenter=jc)
    login(client, caseworker)
    url = "/arbeitsbereich/zahlungen/kontoauszuege/"
    bad = client.post(url, {"file": SimpleUploadedFile("x.xml", b"<<<", "text/xml")})
    assert bad.status_code == 400 and "kein lesbarer Kontoauszug" in bad.content.decode()
    content = camt(tx("55.00", reference="Spende", debtor="Erika Unbekannt"),
                   tx("900.00", e2e=payment.end_to_end_id, reason="MD07"))
    response = client.post(url, {"file": SimpleUploadedFile("jan.xml", content, "text/xml")},
                           follow=True)
    page = response.content.decode()
    assert "2 Buchungen, davon 1 zugeordnet und gebucht" in page
    assert "Erika Unbekannt" in page and "Spende" in page
    again = client.post(url, {"file": SimpleUploadedFile("jan.xml", content, "text/xml")},
                        follow=True).content.decode()
    assert "schon am" in again
    for user in (StaffFactory(jobcenter=JobcenterFactory()), CitizenFactory(jobcenter=jc)):
        login(client, user)
        assert "Erika Unbekannt" not in client.get(url).content.decode()
        client.post(url, {"file": SimpleUploadedFile("other.xml", content, "text/xml")})
    assert BankStatement.objects.filter(jobcenter=jc).count() == 1
