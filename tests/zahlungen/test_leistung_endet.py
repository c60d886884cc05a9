"""When the benefit ends (an Aufhebung, an Änderung to 0 €: event
``decisions.leistung_aufgehoben``) every running Aufrechnung of the BG's claims ends with
the month before: a loan's rest is due at once (§ 42a Abs. 4 Satz 1 SGB II), the person is
told by a notice (golden text, PDF/A), the caseworker gets a Wiedervorlage to agree the
repayment (Satz 2) — once, a month already offset stays booked, and nothing restarts when
the benefit is granted again."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D

import pytest
import time_machine

from jobcenter.casefiles.models import FollowUp, TimelineEntry
from jobcenter.decisions.services.issuing import aufhebung_publish
from jobcenter.zahlungen import claim_texts
from jobcenter.zahlungen.models import Claim, ClaimEntry, Letter, Payment
from jobcenter.zahlungen.services import balance, claim_create_loan, run_execute, run_start
from jobcenter.zahlungen.services.schreiben import letter_pdf, letter_render
from tests.conftest import login
from tests.factories import CitizenFactory, JobcenterFactory, StaffFactory
from tests.zahlungen import helpers
from tests.zahlungen.conftest import FEB, JAN, MAR

pytestmark = pytest.mark.django_db

LOAN_GROUND = "§ 22 Abs. 6 Satz 3, § 42a SGB II"


def at(day: str):
    return time_machine.travel(dt.datetime.fromisoformat(day + "T09:00"), tick=False)


def monthly(jc, month: dt.date, day: str) -> None:
    with at(day):
        run_execute(run_start(jobcenter=jc, kind="monatlich", month=month).pk)


def text(letter: Letter) -> list[str]:
    return [p.replace("\xa0", " ") for s in letter.data["sections"]
            for p in [s["heading"], *s["paragraphs"]] if p]


STUNDUNG_ERLASS = (
    "Wenn Sie den Betrag nicht oder nicht auf einmal zahlen können, können Sie eine "
    "Stundung oder Ratenzahlung (§ 59 Abs. 1 Satz 1 Nr. 1 Bundeshaushaltsordnung: wenn "
    "die sofortige Zahlung für Sie eine erhebliche Härte wäre und die Forderung dadurch "
    "nicht gefährdet wird) oder einen Erlass (§ 44 SGB II: wenn die Einziehung nach Lage "
    "Ihres Falles unbillig wäre) beantragen: online in Ihrem Kundenkonto bei Jobcenter "
    "Online mit dem Antrag „Stundung, Ratenzahlung oder Erlass einer Forderung“ (unter "
    "„Zahlungen“), schriftlich per Post oder persönlich bei uns.")


def contact(jc) -> str:
    return (f"Sie erreichen uns schriftlich ({jc.name}, {jc.street}, {jc.postcode} "
            f"{jc.city}), persönlich zu unseren Öffnungszeiten, telefonisch unter {jc.phone} "
            "oder über das Postfach in Ihrem Kundenkonto.")


LOAN_DUE_NOW = [
    "Von dem Darlehen sind noch 571,85 € nicht zurückgezahlt. Weil Ihr Leistungsbezug endet, "
    "ist dieser Betrag jetzt sofort fällig (§ 42a Abs. 4 Satz 1 SGB II).",
    "Sie müssen ihn nicht auf einmal zahlen, wenn Ihnen das nicht möglich ist: Wir "
    "vereinbaren mit Ihnen, wie Sie das Darlehen zurückzahlen, und berücksichtigen dabei "
    "Ihre wirtschaftlichen Verhältnisse (§ 42a Abs. 4 Satz 2 SGB II). Bitte teilen Sie "
    "uns bis zum 07.02.2027 mit, welche monatlichen Raten Sie zahlen können, und nennen "
    "Sie uns Ihr Einkommen und Ihre regelmäßigen Ausgaben. Bitte überweisen Sie nichts, "
    "bevor wir Ihnen das Konto und den Verwendungszweck genannt haben.",
]
NO_RESTART = ("Wenn Sie später wieder Leistungen erhalten, verrechnen wir den Betrag nicht von "
              "selbst wieder mit Ihren Leistungen. Das dürfen wir nur, wenn wir es Ihnen "
              "vorher mit einem neuen Bescheid erklärt haben.")


@pytest.fixture
def loan(jc, family):
    """A Mietkaution of 600 € granted as a loan on 10 Dec 2026: its Bescheid declared the
    Aufrechnung at 5 % of the Regelbedarf (563 € → 28,15 €) from January 2027."""
    bg, person, decision = family
    with at("2026-12-10"):
        bescheid = helpers.issue(bg, person, months=[], amounts={"P1": "0"},
                                 case=decision.case)
        return claim_create_loan(bescheid=bescheid, person=person, amount=D("600.00"),
                                 rechtsgrundlage=LOAN_GROUND)


def aufhebung(family, staff, first: dt.date, day: str):
    """An Aufhebungsbescheid from ``first`` issued on ``day`` by ``staff``; its event
    published as the outbox task does (``issuing.aufhebung_publish``)."""
    bg, person, decision = family
    with at(day):
        issued = helpers.issue(bg, person, months=[first, MAR], amounts={},
                               type_key="aufhebung", previous=decision, case=decision.case)
        issued.approved_by = staff
        issued.save(update_fields=["approved_by"])
        assert aufhebung_publish(decision_id=issued.pk) is True
    return issued


def test_the_aufhebung_ends_the_loans_aufrechnung_and_makes_the_rest_due(
        jc, family, loan, staff):
    bg, person, _decision = family
    monthly(jc, JAN, "2026-12-18")
    assert ClaimEntry.objects.get(claim=loan).amount == D("28.15")
    ended = aufhebung(family, staff, FEB, "2027-01-20")
    loan.refresh_from_db()
    # the trail on the claim; the month before is the last one offset; due at once
    assert (loan.offset_from, loan.offset_until) == (JAN, JAN)
    assert (loan.offset_ended_by, loan.offset_end_decision) == (staff, ended)
    assert loan.offset_ended_at is not None
    assert loan.offset_end_reason == (
        f"Aufhebungsbescheid Nr. {ended.reference}: Leistungen ab Februar 2027 aufgehoben; "
        "das Darlehen wird nur getilgt, solange Leistungen bezogen werden (§ 42a Abs. 2 "
        "Satz 1 SGB II), der Rest ist sofort fällig (§ 42a Abs. 4 Satz 1 SGB II).")
    assert loan.due_date == FEB
    assert balance(loan) == D("571.85")
    assert claim_texts.offset(loan) == (
        "im Januar 2027; beendet, weil der Leistungsbezug endete; der Rest ist sofort fällig "
        "(§ 42a Abs. 4 Satz 1 SGB II)")
    # the caseworker: a Wiedervorlage in the loan's case and an entry in the eAkte
    todo = FollowUp.objects.get(key=f"aufhebung:{ended.pk}:F{loan.pk}")
    assert todo.case_id == loan.bescheid.case_id
    assert todo.text == (
        f"Aufrechnung des Darlehens aus Bescheid Nr. {loan.bescheid.reference} (Ayse "
        f"Yilmaz) beendet – Aufhebungsbescheid Nr. {ended.reference}: Leistungen ab Februar "
        "2027 aufgehoben. Offen: 571,85 €, sofort fällig (§ 42a Abs. 4 Satz 1 SGB II). Bitte "
        "vereinbaren Sie die Rückzahlung unter Berücksichtigung der wirtschaftlichen "
        "Verhältnisse (§ 42a Abs. 4 Satz 2 SGB II) und tragen Sie die Raten bei der "
        "Forderung ein.")
    note = TimelineEntry.objects.get(text__startswith="Aufrechnung beendet")
    assert note.text == (
        f"Aufrechnung beendet: Forderung aus Bescheid Nr. {loan.bescheid.reference} gegen "
        f"Ayse Yilmaz, offen 571,85 €. Grund: Aufhebungsbescheid Nr. {ended.reference}: "
        "Leistungen ab Februar 2027 aufgehoben.")
    assert note.citizen_text is None  # internal
    # the person: a notice, once (by post: no online delivery chosen)
    letter = Letter.objects.get(kind=Letter.Kind.DUE, claim=loan)
    assert (letter.person, letter.channel, letter.status) == (person, "post", "druck")
    assert letter.data["title"] == "Ihr Darlehen: Ende der Aufrechnung und Rückzahlung"
    assert text(letter) == [
        "Guten Tag Ayse Yilmaz,",
        "mit Bescheid vom 10.12.2026 haben wir Ihnen ein Darlehen über 600,00 € gewährt. "
        "Bisher haben wir es jeden Monat in Höhe von 5 Prozent Ihres Regelbedarfs mit Ihren "
        "Leistungen verrechnet (Aufrechnung nach § 42a Abs. 2 SGB II).",
        "Was sich ändert",
        f"Mit dem Bescheid Nr. {ended.reference} erhalten Sie ab Februar 2027 keine "
        "Leistungen zur Sicherung des Lebensunterhalts mehr. Eine Aufrechnung ist nur mit "
        "laufenden Leistungen möglich. Deshalb behalten wir ab Februar 2027 nichts mehr von "
        "Ihren Leistungen ein.",
        "Was Sie noch zahlen müssen",
        *LOAN_DUE_NOW, STUNDUNG_ERLASS,
        "Was Sie wissen sollten",
        NO_RESTART, contact(jc),
        f"Diese Mitteilung ist kein Bescheid. Sie erklärt Ihnen, was aus dem Bescheid Nr. "
        f"{ended.reference} für Ihre Forderung folgt; gegen jenen Bescheid können Sie "
        "Widerspruch einlegen, wie es in ihm steht.",
    ]
    # the runs offset nothing more (and pay nothing: the Aufhebung rules February)
    monthly(jc, FEB, "2027-01-21")
    assert list(ClaimEntry.objects.filter(claim=loan).values_list("month", flat=True)) == [JAN]
    assert not Payment.objects.filter(bedarfsgemeinschaft=bg, month=FEB).exists()
    # delivered twice: nothing twice
    counts = (Letter.objects.count(), FollowUp.objects.count(), TimelineEntry.objects.count())
    with at("2027-01-22"):
        assert aufhebung_publish(decision_id=ended.pk) is True
    assert (Letter.objects.count(), FollowUp.objects.count(),
            TimelineEntry.objects.count()) == counts
    loan.refresh_from_db()
    assert loan.offset_until == JAN


def test_a_month_already_offset_stays_booked_and_is_named_for_the_erstattung(
        jc, family, loan, staff):
    monthly(jc, JAN, "2026-12-18")
    monthly(jc, FEB, "2027-01-18")
    ended = aufhebung(family, staff, FEB, "2027-01-25")
    loan.refresh_from_db()
    assert loan.offset_until == FEB  # the Aufrechnung ends after the month offset
    assert sorted(ClaimEntry.objects.filter(claim=loan).values_list("month", flat=True)) == [
        JAN, FEB]
    assert balance(loan) == D("543.70")
    assert claim_texts.offset(loan) == (
        "von Januar 2027 bis Februar 2027; beendet, weil der Leistungsbezug endete; der Rest "
        "ist sofort fällig (§ 42a Abs. 4 Satz 1 SGB II)")
    todo = FollowUp.objects.get(key=f"aufhebung:{ended.pk}:F{loan.pk}")
    assert todo.text.endswith("Schon aufgerechnet für Februar 2027: bei der Aufhebung und "
                              "Erstattung berücksichtigen.")
    assert "behalten wir ab März 2027 nichts mehr" in " ".join(
        text(Letter.objects.get(claim=loan)))


def test_an_erstattungs_aufrechnung_ends_too_and_the_rest_stays_owed(jc, family, staff,
                                                                    erstattung):
    _bg, _person, decision = family
    claim = erstattung
    monthly(jc, JAN, "2026-12-18")
    assert balance(claim) == D("231.10")  # 30 % of 563 € = 168,90 €
    ended = aufhebung(family, staff, FEB, "2027-01-20")
    claim.refresh_from_db()
    assert (claim.offset_until, claim.due_date) == (JAN, dt.date(2026, 12, 20))
    assert claim.offset_end_reason == (
        f"Aufhebungsbescheid Nr. {ended.reference}: Leistungen ab Februar 2027 aufgehoben; "
        "aufgerechnet wird nur gegen laufende Leistungen (§ 43 Abs. 1 SGB II).")
    assert claim_texts.offset(claim) == (
        "im Januar 2027; beendet, weil der Leistungsbezug endete")
    todo = FollowUp.objects.get(key=f"aufhebung:{ended.pk}:F{claim.pk}")
    assert todo.text == (
        f"Aufrechnung der Forderung aus Bescheid Nr. {decision.reference} (Ayse Yilmaz) "
        f"beendet – Aufhebungsbescheid Nr. {ended.reference}: Leistungen ab Februar 2027 "
        "aufgehoben. Offen: 231,10 €. Bitte klären Sie mit der Person, wie sie den Rest "
        "zahlt (Ratenzahlung, Stundung), und tragen Sie es bei der Forderung ein.")
    letter = Letter.objects.get(kind=Letter.Kind.DUE, claim=claim)
    assert letter.data["title"] == "Ihre Erstattungsforderung: Ende der Aufrechnung"
    assert text(letter)[:6] == [
        "Guten Tag Ayse Yilmaz,",
        f"mit Bescheid vom {decision.letter_date:%d.%m.%Y} haben wir von Ihnen 400,00 € "
        "zurückgefordert. Bisher haben wir jeden Monat einen Teil davon mit Ihren Leistungen "
        "verrechnet (Aufrechnung nach § 43 SGB II).",
        "Was sich ändert",
        f"Mit dem Bescheid Nr. {ended.reference} erhalten Sie ab Februar 2027 keine "
        "Leistungen zur Sicherung des Lebensunterhalts mehr. Eine Aufrechnung ist nur mit "
        "laufenden Leistungen möglich. Deshalb behalten wir ab Februar 2027 nichts mehr von "
        "Ihren Leistungen ein.",
        "Was Sie noch zahlen müssen",
        "Von der Forderung sind noch 231,10 € offen. Dieser Betrag ist weiter zu zahlen; er "
        "ist seit dem 20.12.2026 fällig.",
    ]
    assert text(letter)[6] == (
        "Bitte teilen Sie uns bis zum 07.02.2027 mit, wie Sie den Betrag zahlen möchten, zum "
        "Beispiel in monatlichen Raten. Bitte überweisen Sie nichts, bevor wir Ihnen das "
        "Konto und den Verwendungszweck genannt haben.")


def test_a_stundung_still_running_is_named_in_the_notice(jc, family, loan, staff):
    loan.deferred_until, loan.deferral_reason = dt.date(2027, 3, 31), "Krankheit"
    loan.save(update_fields=["deferred_until", "deferral_reason"])
    aufhebung(family, staff, FEB, "2027-01-20")
    paragraphs = text(Letter.objects.get(claim=loan))
    assert paragraphs[6] == ("Wir haben Ihnen die Forderung bis zum 31.03.2027 gestundet. "
                             "Das gilt weiter: Bis dahin müssen Sie nichts zahlen.")


def test_claims_without_a_running_aufrechnung_are_left_alone(jc, family, loan, staff):
    """No Aufrechnung declared (offset_from empty), already ended before the month, or the
    claim paid: no end, no letter, no Wiedervorlage."""
    bg, person, decision = family
    no_offset = Claim.objects.create(
        jobcenter=jc, person=person, bedarfsgemeinschaft=bg, bescheid=decision, basis="30",
        rechtsgrundlage="§ 50 SGB X", amount=D("100.00"), due_date=dt.date(2026, 12, 20))
    loan.offset_until = dt.date(2026, 12, 1)  # ended before it began (staff)
    loan.save(update_fields=["offset_until"])
    aufhebung(family, staff, FEB, "2027-01-20")
    assert not FollowUp.objects.filter(key__contains=":F").exists()
    assert not Letter.objects.filter(kind=Letter.Kind.DUE).exists()
    no_offset.refresh_from_db()
    assert no_offset.offset_ended_at is None


def test_an_aufrechnung_that_had_not_begun_ends_before_it_began(jc, family, loan, staff):
    """The loan's Aufrechnung was to begin in January; the benefit ends from January: it
    never runs, the whole loan is due at once, and the notice says from when nothing is
    withheld."""
    ended = aufhebung(family, staff, JAN, "2026-12-20")
    loan.refresh_from_db()
    assert (loan.offset_from, loan.offset_until, loan.due_date) == (
        JAN, dt.date(2026, 12, 1), JAN)
    assert claim_texts.offset(loan) == (
        "beendet, bevor sie begann, weil der Leistungsbezug endete; der Rest ist sofort "
        "fällig (§ 42a Abs. 4 Satz 1 SGB II)")
    paragraphs = text(Letter.objects.get(claim=loan))
    assert (f"Mit dem Bescheid Nr. {ended.reference} erhalten Sie ab Januar 2027 keine "
            "Leistungen zur Sicherung des Lebensunterhalts mehr. Eine Aufrechnung ist nur mit "
            "laufenden Leistungen möglich. Deshalb behalten wir ab Januar 2027 nichts mehr von "
            "Ihren Leistungen ein.") in paragraphs
    assert ("Von dem Darlehen sind noch 600,00 € nicht zurückgezahlt. Weil Ihr "
            "Leistungsbezug endet, ist dieser Betrag jetzt sofort fällig (§ 42a Abs. 4 Satz 1 "
            "SGB II).") in paragraphs
    monthly(jc, JAN, "2026-12-21")
    assert not ClaimEntry.objects.filter(claim=loan).exists()


def test_nothing_restarts_when_the_benefit_is_granted_again(jc, family, loan, staff):
    bg, person, decision = family
    monthly(jc, JAN, "2026-12-18")
    ended = aufhebung(family, staff, FEB, "2027-01-20")
    with at("2027-02-10"):  # an Abhilfe grants March again
        helpers.issue(bg, person, months=[MAR], amounts={"P1": "900.00"},
                      type_key="abhilfe", previous=ended, case=decision.case)
    monthly(jc, MAR, "2027-02-18")
    assert Payment.objects.get(bedarfsgemeinschaft=bg, month=MAR).amount == D("900.00")
    assert list(ClaimEntry.objects.filter(claim=loan).values_list("month", flat=True)) == [JAN]


def test_the_notice_is_a_pdf_a_in_the_eakte_and_online_where_chosen(jc, family, loan, staff):
    from jobcenter.decisions.models import DeliveryPreference

    _bg, person, _decision = family
    DeliveryPreference.objects.update_or_create(user=person.user, defaults={
        "channel": DeliveryPreference.Channel.ONLINE})
    monthly(jc, JAN, "2026-12-18")
    aufhebung(family, staff, FEB, "2027-01-20")
    letter = Letter.objects.get(kind=Letter.Kind.DUE)
    assert (letter.channel, letter.status) == ("online", "versandt")
    assert letter_pdf(letter).startswith(b"%PDF")
    assert letter_render(letter_id=letter.pk) is True
    letter.refresh_from_db()
    version = letter.document_version
    assert version is not None and version.document.visible_to_citizen


def test_pages_show_the_end_to_the_right_actors(client, jc, family, loan, staff):
    _bg, person, _decision = family
    monthly(jc, JAN, "2026-12-18")
    aufhebung(family, staff, FEB, "2027-01-20")
    with at("2027-01-21"):
        login(client, staff)
        page = client.get(f"/arbeitsbereich/zahlungen/forderung/{loan.pk}/").content.decode()
        assert "Ende der Aufrechnung" in page
        assert "Der Leistungsbezug ist beendet, deshalb auch die Aufrechnung." in page
        assert "Mitteilung über das Ende der Aufrechnung" in page
        assert "Aufrechnung beenden (Leistungsbezug endet" not in page  # done already
        client.logout()
        login(client, person.user)
        page = client.get("/portal/zahlungen/").content.decode()
        assert "beendet, weil der Leistungsbezug endete" in page
        client.logout()
        login(client, CitizenFactory(jobcenter=jc))  # another citizen
        page = client.get("/portal/zahlungen/").content.decode()
        assert "beendet, weil der Leistungsbezug endete" not in page
        client.logout()
        other = StaffFactory(jobcenter=JobcenterFactory())  # another Jobcenter's caseworker
        login(client, other)
        assert client.get(
            f"/arbeitsbereich/zahlungen/forderung/{loan.pk}/").status_code == 404
