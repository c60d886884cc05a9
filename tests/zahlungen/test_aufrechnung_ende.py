"""Staff end an Aufrechnung by hand ("Aufrechnung beenden" on the claim page): a reason and
its cause (the Leistungsbezug ends, or another reason while it goes on) are required,
who / when / why are stored through the same service and fields as the end by a Bescheid
(``claims.claim_offset_end``), the eAkte gets an internal entry, the person gets a notice
(golden texts: an Erstattung, a loan whose Bezug ends, a loan whose Bezug goes on — its
rest is not due by § 42a Abs. 4 SGB II), the citizen reads the months and that it ended
(not the staff's reason). A month already offset cannot be un-offset; a double submit ends
it once and sends one letter. A later Aufhebung keeps the hand end's record and makes a
loan's rest due (its own notice, once). Three actors; CSRF."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.test import Client

from jobcenter.casefiles.models import FollowUp, TimelineEntry
from jobcenter.decisions.models import DeliveryPreference
from jobcenter.notifications.models import Notification
from jobcenter.zahlungen import claim_texts
from jobcenter.zahlungen.models import Claim, ClaimEntry, Letter
from jobcenter.zahlungen.services import (
    ClaimError,
    claim_offset_end,
)
from jobcenter.zahlungen.services.schreiben import letter_pdf, letter_render
from tests.conftest import login
from tests.factories import CitizenFactory, JobcenterFactory, StaffFactory
from tests.zahlungen.conftest import FEB, JAN, MAR
from tests.zahlungen.test_leistung_endet import (
    LOAN_DUE_NOW,
    NO_RESTART,
    STUNDUNG_ERLASS,
    at,
    aufhebung,
    contact,
    loan,  # noqa: F401  (a fixture)
    monthly,
    text,
)

pytestmark = pytest.mark.django_db

REASON = "Aufrechnungserklärung im Widerspruchsverfahren aufgehoben (Abhilfe vom 20.01.2027)."
BEZUG = "Bewilligungszeitraum endete am 31.01.2027 ohne Weiterbewilligung."
OTHER = {"cause": "anderer", "reason": REASON}


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
        page = page_text(response)
        assert "Bitte füllen Sie „Grund für das Ende der Aufrechnung“ aus." in page
        assert "Bitte wählen Sie bei „Warum endet die Aufrechnung?“ eine Antwort aus." in page
        claim.refresh_from_db()
        assert claim.offset_ended_at is None and claim.offset_until == dt.date(2029, 12, 1)
        assert not Letter.objects.exists()

        response = client.post(url(claim), {"last_month": "2027-01", **OTHER})
        assert response.status_code == 302
        claim.refresh_from_db()
        assert (claim.offset_until, claim.offset_ended_by, claim.offset_end_reason,
                claim.offset_end_decision, claim.offset_end_bezug) == (
                    JAN, staff, REASON, None, False)
        assert claim.offset_ended_at is not None
        assert claim.due_date == dt.date(2026, 12, 20)  # an Erstattung stays due as it was
        assert claim.rest_due_from is None
        entry = TimelineEntry.objects.get(case=decision.case, text__startswith="Aufrechnung")
        assert entry.text == (
            f"Aufrechnung von Hand beendet: Forderung aus Bescheid Nr. {decision.reference} "
            f"gegen Ayse Yilmaz, letzter Monat der Aufrechnung: Januar 2027. Grund: {REASON}")
        assert not entry.citizen_text  # internal
        letter = Letter.objects.get(kind=Letter.Kind.DUE, claim=claim)
        assert (letter.person, letter.channel, letter.status, letter.created_by) == (
            person, "post", "druck", staff)

        # a double submit: ended once, one entry, one letter, no error
        again = client.post(url(claim), {"last_month": "2027-01", **OTHER})
        assert again.status_code == 302
        assert TimelineEntry.objects.filter(case=decision.case,
                                            text__startswith="Aufrechnung").count() == 1
        assert Letter.objects.count() == 1

        page = page_text(client.get(f"/arbeitsbereich/zahlungen/forderung/{claim.pk}/"))
        assert "Aufrechnung (§ 43 SGB II) im Januar 2027; beendet" in page
        assert f"Ende der Aufrechnung {REASON} (am 20.01.2027 10:00, verantwortlich: " \
               "Carla Berger)" in page
        assert "Mitteilung über das Ende der Aufrechnung vom 20. Januar 2027 – per Post, " \
               "wartet auf Versand per Post" in page
        assert "Aufrechnung beenden" not in page  # not offered twice
        client.logout()

        login(client, person.user)
        page = page_text(client.get("/portal/zahlungen/"))
        assert "im Januar 2027; beendet" in page
        assert "Widerspruchsverfahren" not in page  # the staff's reason stays internal
    assert claim_texts.offset(claim) == "im Januar 2027; beendet"
    # the notice: ended by the Jobcenter's decision, the rest owed as it was; no staff note
    assert letter.data["title"] == "Ihre Erstattungsforderung: Ende der Aufrechnung"
    assert letter.data["reference_rows"][-1] == ["Datum", "20.01.2027"]
    assert text(letter) == [
        "Guten Tag Ayse Yilmaz,",
        f"mit Bescheid vom {decision.letter_date:%d.%m.%Y} haben wir von Ihnen 400,00 € "
        "zurückgefordert. Bisher haben wir jeden Monat einen Teil davon mit Ihren Leistungen "
        "verrechnet (Aufrechnung nach § 43 SGB II).",
        "Was sich ändert",
        "Wir haben am 20.01.2027 entschieden, die Aufrechnung mit Januar 2027 zu beenden. Ab "
        "Februar 2027 behalten wir nichts mehr von Ihren Leistungen ein; Sie erhalten Ihre "
        "Leistungen dann wieder ohne diesen Abzug.",
        "Was Sie noch zahlen müssen",
        "Von der Forderung sind noch 231,10 € offen. Dieser Betrag ist weiter zu zahlen; er "
        "ist seit dem 20.12.2026 fällig.",
        "Bitte teilen Sie uns bis zum 07.02.2027 mit, wie Sie den Betrag zahlen möchten, zum "
        "Beispiel in monatlichen Raten. Bitte überweisen Sie nichts, bevor wir Ihnen das "
        "Konto und den Verwendungszweck genannt haben.",
        STUNDUNG_ERLASS,
        "Was Sie wissen sollten",
        "Wir verrechnen den Betrag nicht wieder mit Ihren Leistungen, ohne es Ihnen vorher "
        "mit einem neuen Bescheid erklärt zu haben.",
        contact(jc),
    ]
    assert REASON not in str(letter.data) and "Widerspruch" not in str(letter.data)


def test_an_end_before_a_month_already_offset_is_refused(client, jc, claim, staff):
    monthly(jc, JAN, "2026-12-18")
    monthly(jc, FEB, "2027-01-18")
    assert ClaimEntry.objects.filter(claim=claim, kind="aufrechnung").count() == 2
    with at("2027-01-20"):
        login(client, staff)
        response = client.post(url(claim), {"last_month": "2027-01", **OTHER})
        assert response.status_code == 400
        assert ("Für Februar 2027 ist schon aufgerechnet. Wählen Sie als letzten Monat "
                "mindestens Februar 2027; zu viel Einbehaltenes erstatten Sie mit einem "
                "Bescheid.") in page_text(response)
        claim.refresh_from_db()
        assert claim.offset_ended_at is None
        assert not Letter.objects.exists()
        # the form keeps what was typed and proposes the last month offset
        assert REASON in response.content.decode()
        response = client.post(url(claim), {"last_month": "2027-02", **OTHER})
        assert response.status_code == 302
    claim.refresh_from_db()
    assert claim.offset_until == FEB
    assert claim_texts.offset(claim) == "von Januar 2027 bis Februar 2027; beendet"
    assert "Ab März 2027 behalten wir nichts mehr" in " ".join(text(Letter.objects.get()))


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
        assert not Letter.objects.exists()
        # ended before it began: nothing is offset
        ended, claim = claim_offset_end(claim=claim, last_month=dt.date(2026, 11, 1),
                                        reason=REASON, actor=staff)
        assert ended and claim.offset_until == dt.date(2026, 12, 1)
        assert claim_texts.offset(claim) == "beendet, bevor sie begann"
        assert ("Wir haben am 20.01.2027 entschieden, die Aufrechnung zu beenden, bevor sie "
                "begonnen hat. Wir behalten nichts von Ihren Leistungen ein.") in text(
                    Letter.objects.get(claim=claim))
        with pytest.raises(ClaimError, match="bereits beendet"):  # another person
            claim_offset_end(claim=claim, last_month=JAN, reason=REASON,
                             actor=StaffFactory(jobcenter=jc))
        with pytest.raises(ClaimError, match="bereits beendet"):  # the same, another cause
            claim_offset_end(claim=claim, last_month=dt.date(2026, 11, 1), reason=REASON,
                             actor=staff, bezug=True)
    monthly(jc, JAN, "2026-12-18")
    assert not ClaimEntry.objects.filter(claim=claim, kind="aufrechnung").exists()
    assert Letter.objects.count() == 1


LOAN_INTRO = ("mit Bescheid vom 10.12.2026 haben wir Ihnen ein Darlehen über 600,00 € "
              "gewährt. Bisher haben wir es jeden Monat in Höhe von 5 Prozent Ihres "
              "Regelbedarfs mit Ihren Leistungen verrechnet (Aufrechnung nach § 42a Abs. 2 "
              "SGB II).")


def test_a_loans_hand_end_because_the_bezug_ends_makes_the_rest_due(
        client, jc, family, loan, staff):  # noqa: F811
    bg, person, decision = family
    DeliveryPreference.objects.update_or_create(user=person.user, defaults={
        "channel": DeliveryPreference.Channel.ONLINE})
    monthly(jc, JAN, "2026-12-18")
    with at("2027-01-20"):
        login(client, staff)
        page = page_text(client.get(f"/arbeitsbereich/zahlungen/forderung/{loan.pk}/"))
        assert "Aufrechnung beenden" in page
        assert "Warum endet die Aufrechnung?" in page
        response = client.post(url(loan), {"last_month": "2027-01", "cause": "bezug",
                                            "reason": BEZUG})
        assert response.status_code == 302
        loan.refresh_from_db()
        assert (loan.offset_until, loan.due_date, loan.rest_due_from,
                loan.offset_end_bezug) == (JAN, FEB, FEB, True)  # sofort fällig
        page = page_text(client.get(response["Location"]))
        assert "Die Aufrechnung ist beendet. Die Person erhält eine Mitteilung darüber." in page
        assert ("Die Aufrechnung ist von Hand beendet, weil der Leistungsbezug endet (Grund "
                "oben). Der noch nicht getilgte Betrag ist sofort fällig (§ 42a Abs. 4 Satz 1 "
                "SGB II); die Person erhält eine Mitteilung darüber.") in page
        client.logout()
        login(client, person.user)
        page = page_text(client.get("/portal/zahlungen/"))
        assert ("im Januar 2027; beendet, weil der Leistungsbezug endete; der Rest ist sofort "
                "fällig (§ 42a Abs. 4 Satz 1 SGB II)") in page
        assert "Mitteilung über das Ende der Aufrechnung" in page
        assert "Weiterbewilligung" not in page
    # online, as the person chose: sent at once and announced without personal data
    letter = Letter.objects.get(kind=Letter.Kind.DUE, claim=loan)
    assert (letter.channel, letter.status) == ("online", "versandt")
    assert Notification.objects.filter(user=person.user).exists()
    assert letter.data["title"] == "Ihr Darlehen: Ende der Aufrechnung und Rückzahlung"
    assert text(letter) == [
        "Guten Tag Ayse Yilmaz,", LOAN_INTRO,
        "Was sich ändert",
        "Ihr Leistungsbezug endet. Eine Aufrechnung ist nur mit laufenden Leistungen möglich.",
        "Deshalb haben wir am 20.01.2027 entschieden, die Aufrechnung mit Januar 2027 zu "
        "beenden. Ab Februar 2027 behalten wir nichts mehr von Ihren Leistungen ein.",
        "Was Sie noch zahlen müssen",
        *LOAN_DUE_NOW, STUNDUNG_ERLASS,
        "Was Sie wissen sollten",
        NO_RESTART, contact(jc),
        "Diese Mitteilung ist kein Bescheid. Sie erklärt Ihnen, was aus dem Ende Ihres "
        "Leistungsbezugs für Ihre Forderung folgt.",
    ]
    # the PDF/A goes into the eAkte, visible to the person
    assert letter_pdf(letter).startswith(b"%PDF")
    assert letter_render(letter_id=letter.pk) is True
    letter.refresh_from_db()
    assert letter.document_version.document.visible_to_citizen
    # a later Aufhebung changes nothing: the rest is due already, the record stays
    ended_at = loan.offset_ended_at
    aufhebung(family, staff, FEB, "2027-01-25")
    loan.refresh_from_db()
    assert (loan.offset_until, loan.offset_ended_at, loan.offset_end_reason,
            loan.offset_end_decision, loan.rest_due_from) == (JAN, ended_at, BEZUG, None, FEB)
    assert Letter.objects.count() == 1
    assert not FollowUp.objects.filter(key__contains=f":F{loan.pk}").exists()


def test_a_loans_hand_end_while_the_bezug_goes_on_leaves_the_rest_not_due(
        client, jc, family, loan, staff):  # noqa: F811
    """§ 42a Abs. 4 Satz 1 SGB II makes the rest due only after the end of the
    Leistungsbezug: ended for another reason, the loan is not due; the Aufhebung later makes
    it due — the hand end's record stays, the person gets a notice of its own, once."""
    _bg, person, _decision = family
    monthly(jc, JAN, "2026-12-18")
    with at("2027-01-20"):
        login(client, staff)
        assert client.post(url(loan), {"last_month": "2027-01", **OTHER}).status_code == 302
        loan.refresh_from_db()
        assert (loan.offset_until, loan.due_date, loan.rest_due_from,
                loan.offset_end_bezug) == (JAN, dt.date(2026, 12, 10), None, False)
        page = page_text(client.get(f"/arbeitsbereich/zahlungen/forderung/{loan.pk}/"))
        assert ("Die Aufrechnung ist von Hand beendet; der Leistungsbezug geht weiter (Grund "
                "oben). Die Person erhält eine Mitteilung darüber. Der noch nicht getilgte "
                "Betrag ist erst mit dem Ende des Leistungsbezugs sofort fällig") in page
    assert claim_texts.offset(loan) == (
        "im Januar 2027; beendet; der Rest wird sofort fällig, wenn der Leistungsbezug endet "
        "(§ 42a Abs. 4 Satz 1 SGB II)")
    letter = Letter.objects.get(kind=Letter.Kind.DUE, claim=loan)
    assert text(letter) == [
        "Guten Tag Ayse Yilmaz,", LOAN_INTRO,
        "Was sich ändert",
        "Wir haben am 20.01.2027 entschieden, die Aufrechnung mit Januar 2027 zu beenden. Ab "
        "Februar 2027 behalten wir nichts mehr von Ihren Leistungen ein; Sie erhalten Ihre "
        "Leistungen dann wieder ohne diesen Abzug.",
        "Was Sie noch zahlen müssen",
        "Von dem Darlehen sind noch 571,85 € nicht zurückgezahlt. Solange Sie Leistungen zur "
        "Sicherung des Lebensunterhalts erhalten, ist dieser Betrag nicht fällig. Sofort "
        "fällig wird er, wenn Ihr Leistungsbezug endet (§ 42a Abs. 4 Satz 1 SGB II); dann "
        "vereinbaren wir mit Ihnen, wie Sie das Darlehen zurückzahlen, und berücksichtigen "
        "dabei Ihre wirtschaftlichen Verhältnisse (§ 42a Abs. 4 Satz 2 SGB II).",
        "Zahlt Ihr Vermieter Ihnen die Mietkaution zurück, ist der noch nicht zurückgezahlte "
        "Betrag sofort fällig (§ 42a Abs. 3 Satz 1 SGB II).",
        "Wenn Sie das Darlehen schon vorher ganz oder in Raten zurückzahlen möchten, sprechen "
        "Sie uns bitte an. Bitte überweisen Sie nichts, bevor wir Ihnen das Konto und den "
        "Verwendungszweck genannt haben.",
        "Was Sie wissen sollten",
        "Wir verrechnen den Betrag nicht wieder mit Ihren Leistungen, ohne es Ihnen vorher "
        "mit einem neuen Bescheid erklärt zu haben.",
        contact(jc),
    ]
    ended_at = loan.offset_ended_at

    ended = aufhebung(family, staff, FEB, "2027-01-25")
    loan.refresh_from_db()
    # the hand end's record stays; the rest is due from the first day without benefit
    assert (loan.offset_until, loan.offset_ended_at, loan.offset_ended_by,
            loan.offset_end_reason, loan.offset_end_decision, loan.offset_end_bezug) == (
                JAN, ended_at, staff, REASON, None, False)
    assert (loan.due_date, loan.rest_due_from) == (FEB, FEB)
    assert claim_texts.offset(loan) == (
        "im Januar 2027; beendet; seit dem Ende des Leistungsbezugs ist der Rest sofort "
        "fällig (§ 42a Abs. 4 Satz 1 SGB II)")
    todo = FollowUp.objects.get(key=f"aufhebung:{ended.pk}:F{loan.pk}")
    assert todo.text == (
        f"Aufhebungsbescheid Nr. {ended.reference}: Leistungen ab Februar 2027 aufgehoben. "
        f"Die Aufrechnung des Darlehens aus Bescheid Nr. {loan.bescheid.reference} (Ayse "
        "Yilmaz) war schon vorher beendet; der Rest von 571,85 € ist jetzt sofort fällig "
        "(§ 42a Abs. 4 Satz 1 SGB II). Bitte vereinbaren Sie die Rückzahlung unter "
        "Berücksichtigung der wirtschaftlichen Verhältnisse (§ 42a Abs. 4 Satz 2 SGB II) und "
        "tragen Sie die Raten bei der Forderung ein.")
    note = TimelineEntry.objects.get(text__startswith="Leistungsbezug beendet")
    assert note.text == (
        f"Leistungsbezug beendet: Aufhebungsbescheid Nr. {ended.reference}: Leistungen ab "
        f"Februar 2027 aufgehoben. Die Aufrechnung des Darlehens aus Bescheid Nr. "
        f"{loan.bescheid.reference} gegen Ayse Yilmaz war schon vorher beendet; der Rest von "
        "571,85 € ist jetzt sofort fällig (§ 42a Abs. 4 Satz 1 SGB II).")
    assert note.citizen_text is None
    due = Letter.objects.get(kind=Letter.Kind.LOAN_DUE, claim=loan)
    assert (due.person, due.channel, due.created_by) == (person, "post", staff)
    assert due.data["title"] == "Ihr Darlehen: Rückzahlung nach dem Ende des Leistungsbezugs"
    assert text(due) == [
        "Guten Tag Ayse Yilmaz,",
        "mit Bescheid vom 10.12.2026 haben wir Ihnen ein Darlehen über 600,00 € gewährt. Die "
        "Aufrechnung mit Ihren Leistungen (§ 42a Abs. 2 SGB II) haben wir am 20.01.2027 "
        "beendet.",
        "Was sich ändert",
        f"Mit dem Bescheid Nr. {ended.reference} erhalten Sie ab Februar 2027 keine "
        "Leistungen zur Sicherung des Lebensunterhalts mehr. Damit endet Ihr Leistungsbezug.",
        "Was Sie noch zahlen müssen",
        *[p.replace("07.02.2027", "12.02.2027") for p in LOAN_DUE_NOW], STUNDUNG_ERLASS,
        "Was Sie wissen sollten",
        NO_RESTART, contact(jc),
        f"Diese Mitteilung ist kein Bescheid. Sie erklärt Ihnen, was aus dem Bescheid Nr. "
        f"{ended.reference} für Ihre Forderung folgt; gegen jenen Bescheid können Sie "
        "Widerspruch einlegen, wie es in ihm steht.",
    ]
    assert letter_pdf(due).startswith(b"%PDF")
    with at("2027-01-26"):
        login(client, staff)
        page = page_text(client.get(f"/arbeitsbereich/zahlungen/forderung/{loan.pk}/"))
        assert ("Seit dem Ende des Leistungsbezugs am 01.02.2027 ist der noch nicht getilgte "
                "Betrag sofort fällig (§ 42a Abs. 4 Satz 1 SGB II); die Person erhält über "
                "beides eine Mitteilung.") in page
        assert "Mitteilung über die Fälligkeit des Darlehens vom 25. Januar 2027" in page
    # delivered twice: nothing twice
    counts = (Letter.objects.count(), FollowUp.objects.count(), TimelineEntry.objects.count())
    from jobcenter.decisions.services.issuing import aufhebung_publish

    with at("2027-01-27"):
        assert aufhebung_publish(decision_id=ended.pk) is True
    assert (Letter.objects.count(), FollowUp.objects.count(),
            TimelineEntry.objects.count()) == counts == (2, 1, counts[2])


def test_a_later_aufhebung_keeps_the_hand_ends_record(jc, family, claim, staff):
    """An Erstattung's Aufrechnung ended by hand with a last month after the benefit's end
    (staff ended it ahead): the Aufhebung does not overwrite who, when, why and the months
    (until 5 December 2026 it did); a month offset after the benefit's end is named for
    the Aufhebung and Erstattung; no second letter."""
    monthly(jc, JAN, "2026-12-18")
    monthly(jc, FEB, "2027-01-18")
    with at("2027-01-20"):
        ended_by_hand, _claim = claim_offset_end(claim=claim, last_month=MAR, reason=REASON,
                                                 actor=staff)
    assert ended_by_hand
    claim.refresh_from_db()
    record = (claim.offset_until, claim.offset_ended_at, claim.offset_ended_by,
              claim.offset_end_reason, claim.offset_end_decision, claim.offset_end_bezug,
              claim.due_date)
    assert record[:2] == (MAR, claim.offset_ended_at) and record[4:] == (
        None, False, dt.date(2026, 12, 20))
    ended = aufhebung(family, staff, FEB, "2027-01-25")
    claim.refresh_from_db()
    assert (claim.offset_until, claim.offset_ended_at, claim.offset_ended_by,
            claim.offset_end_reason, claim.offset_end_decision, claim.offset_end_bezug,
            claim.due_date) == record
    assert claim.rest_due_from is None
    assert claim_texts.offset(claim) == "von Januar 2027 bis März 2027; beendet"
    todo = FollowUp.objects.get(key=f"aufhebung:{ended.pk}:F{claim.pk}")
    assert todo.text == (
        f"Leistungsbezug beendet: Aufhebungsbescheid Nr. {ended.reference}: Leistungen ab "
        f"Februar 2027 aufgehoben. Die Aufrechnung der Forderung aus Bescheid Nr. "
        f"{claim.bescheid.reference} gegen Ayse Yilmaz war schon vorher beendet. Schon "
        "aufgerechnet für Februar 2027: bei der Aufhebung und Erstattung berücksichtigen.")
    assert list(Letter.objects.values_list("kind", flat=True)) == [Letter.Kind.DUE]
    # nothing is offset for March: no benefit is paid (the Aufhebung rules it)
    monthly(jc, MAR, "2027-02-18")
    assert sorted(ClaimEntry.objects.filter(claim=claim).values_list("month", flat=True)) == [
        JAN, FEB]


def test_three_actors_and_csrf(jc, family, claim, staff):
    _bg, person, _decision = family
    data = {"last_month": "2027-01", **OTHER}
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
    assert not Letter.objects.exists()
