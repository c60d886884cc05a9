"""The Aufrechnung as a procedure (prepare → Anhörung → decide, four eyes by the Bescheid
rules → written Aufrechnungserklärung) and the letters of the payments area: their golden
texts, the PDF/A filed in the eAkte, delivery online by choice or by post through the print
list, and that the payment run offsets only once the Aufrechnung is issued."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal as D

import pytest
import time_machine
from django.utils import translation

from jobcenter.casefiles.models import DocumentVersion
from jobcenter.decisions.letters import stundung_erlass_hint
from jobcenter.decisions.models import DecisionSettings, DeliveryPreference
from jobcenter.zahlungen import letters
from jobcenter.zahlungen.models import Aufrechnung, Claim, ClaimEntry, Letter, Payment
from jobcenter.zahlungen.services import (
    ClaimError,
    aufrechnung_approve,
    aufrechnung_decide,
    aufrechnung_hearing,
    aufrechnung_prepare,
    aufrechnung_record_answer,
    direct_payment_create,
    letters_mark_posted,
    run_execute,
    run_start,
    stop_create,
)
from jobcenter.zahlungen.services.schreiben import letter_pdf, letter_render
from tests.conftest import login
from tests.factories import CitizenFactory, JobcenterFactory, StaffFactory
from tests.zahlungen import helpers
from tests.zahlungen.conftest import FEB, JAN

pytestmark = pytest.mark.django_db
REASONS = ("Die Forderung ist hoch und beruht auf verschwiegenem Einkommen; besondere "
           "Ausgaben oder Kinder im Haushalt sind nicht bekannt.")


def text(letter: Letter) -> str:
    return " ".join(p for s in letter.data["sections"] for p in [s["heading"], *s["paragraphs"]]
                    if p)


@pytest.fixture
def claim(jc, family):
    bg, person, decision = family
    return Claim.objects.create(jobcenter=jc, person=person, bedarfsgemeinschaft=bg,
                                bescheid=decision, basis="30", rechtsgrundlage="§ 50 SGB X",
                                amount=D("400.00"), due_date=dt.date(2027, 1, 15))


def at(day: str):
    return time_machine.travel(dt.datetime.fromisoformat(day + "T09:00"), tick=False)


def heard(claim, staff):
    """Prepared on 7 Dec 2026, the Anhörung posted the same day, answer by 28 Dec."""
    with at("2026-12-07"):
        offset = aufrechnung_prepare(claim=claim, start=JAN, months=36, reasons=REASONS,
                                     actor=staff)
        hearing = aufrechnung_hearing(aufrechnung=offset, deadline=dt.date(2026, 12, 28),
                                      actor=staff)
        letters_mark_posted(letters=[hearing], actor=staff, posted_on=dt.date(2026, 12, 7))
    return offset, hearing


def test_prepare_takes_the_percentage_from_the_claim_and_the_regelbedarf(claim, jc):
    staff = StaffFactory(jobcenter=jc)
    with at("2026-12-07"):
        offset = aufrechnung_prepare(claim=claim, start=JAN, months=36, reasons=REASONS,
                                     actor=staff)
        # 30 % of 563 € (§ 43 Abs. 2 Satz 1), cut to the cent
        assert (offset.percent, offset.regelbedarf, offset.monthly_amount) == (
            30, D("563.00"), D("168.90"))
        with pytest.raises(ClaimError, match="läuft schon"):
            aufrechnung_prepare(claim=claim, start=JAN, months=3, reasons=REASONS, actor=staff)
    # nothing is offset before it is declared in writing
    claim.refresh_from_db()
    assert claim.offset_from is None


@pytest.mark.parametrize(("start", "months", "reasons", "message"), [
    (dt.date(2026, 12, 1), 12, REASONS, "frühestens ab Januar 2027"),
    (JAN, 37, REASONS, "zwischen 1 und 36 Monaten"),
    (JAN, 12, "  ", "Ermessenserwägungen"),
])
def test_prepare_refuses_what_the_law_does_not_allow(claim, jc, start, months, reasons,
                                                     message):
    with at("2026-12-07"), pytest.raises(ClaimError, match=message):
        aufrechnung_prepare(claim=claim, start=start, months=months, reasons=reasons,
                            actor=StaffFactory(jobcenter=jc))


def test_the_30_percent_cap_counts_the_aufrechnungen_already_running(claim, jc, family):
    bg, person, decision = family
    earlier = helpers.issue(bg, person, months=[dt.date(2026, 6, 1)], amounts={"P1": "900"})
    Claim.objects.create(jobcenter=jc, person=person, bedarfsgemeinschaft=bg, bescheid=earlier,
                         basis="10", rechtsgrundlage="§ 41a Abs. 6 Satz 3 SGB II",
                         amount=D("1000.00"), due_date=JAN, offset_from=JAN,
                         offset_until=dt.date(2029, 1, 1))
    with at("2026-12-07"):
        offset = aufrechnung_prepare(claim=claim, start=JAN, months=12, reasons=REASONS,
                                     actor=StaffFactory(jobcenter=jc))
    # 10 % (56,30 €) run already: 168,90 − 56,30 = 112,60 € are left (§ 43 Abs. 2 Satz 2)
    assert (offset.other_offsets, offset.monthly_amount) == (D("56.30"), D("112.60"))


def test_the_anhoerung_comes_first_and_its_deadline_is_two_weeks(claim, jc):
    staff = StaffFactory(jobcenter=jc)
    with at("2026-12-07"):
        offset = aufrechnung_prepare(claim=claim, start=JAN, months=36, reasons=REASONS,
                                     actor=staff)
        with pytest.raises(ClaimError, match="anzuhören"):
            aufrechnung_decide(aufrechnung=offset, actor=staff)
        with pytest.raises(ClaimError, match="mindestens 25.12.2026"):
            aufrechnung_hearing(aufrechnung=offset, deadline=dt.date(2026, 12, 20),
                                actor=staff)
        hearing = aufrechnung_hearing(aufrechnung=offset, deadline=dt.date(2026, 12, 28),
                                      actor=staff)
        # the citizen did not choose online delivery: the letter waits on the print list
        assert (hearing.kind, hearing.channel, hearing.status) == ("aufrechnung_anhoerung",
                                                                  "post", "druck")
        with pytest.raises(ClaimError, match="Frist für die Äußerung läuft noch"):
            aufrechnung_decide(aufrechnung=offset, actor=staff)
    with at("2026-12-29"), pytest.raises(ClaimError, match="noch nicht versandt"):
        aufrechnung_decide(aufrechnung=offset, actor=staff)


HEARING_GOLDEN = [
    "Guten Tag Ayse Yilmaz,",
    "wir beabsichtigen, unsere Forderung gegen Sie mit Ihren laufenden Leistungen aufzurechnen "
    "(§ 43 SGB II). Bevor wir entscheiden, geben wir Ihnen Gelegenheit, sich dazu zu äußern "
    "(§ 24 SGB X).",
    "Wir wollen ab Januar 2027 jeden Monat 168,90 € von Ihren Leistungen einbehalten, bis die "
    "Forderung getilgt ist, längstens bis Dezember 2029. Das sind 30 Prozent Ihres maßgebenden "
    "Regelbedarfs von 563,00 €.",
    "Sie können sich bis zum 28.12.2026 äußern.",
    "Wenn Sie sich bis dahin nicht äußern, entscheiden wir nach den Unterlagen, die uns "
    "vorliegen.",
    "Dieses Schreiben ist noch keine Entscheidung.",
]

DECISION_GOLDEN = [
    "Entscheidung",
    "Dazu behalten wir jeden Monat 168,90 € ein, das sind 30 Prozent Ihres maßgebenden "
    "Regelbedarfs von 563,00 €.",
    "Die Aufrechnung endet, sobald die Forderung getilgt ist, spätestens mit Ablauf von "
    "Dezember 2029.",
    "Begründung",
    "Rechtsgrundlage ist § 43 SGB II.",
    "Für diese Forderung beträgt die Aufrechnung 30 Prozent des maßgebenden Regelbedarfs "
    "(§ 43 Abs. 2 Satz 1 SGB II).",
    "Zusammen mit anderen Aufrechnungen behalten wir nie mehr als 30 Prozent Ihres "
    "Regelbedarfs ein (§ 43 Abs. 2 Satz 2 SGB II).",
    "Solange Ihr Regelbedarf wegen einer Leistungsminderung um 30 Prozent oder mehr gemindert "
    "ist, rechnen wir nicht auf; bei einer geringeren Minderung behalten wir höchstens den "
    "Unterschied zu 30 Prozent ein (§ 43 Abs. 3 SGB II).",
    "Die Aufrechnung endet spätestens drei Jahre nach dem Monat, der auf die Bestandskraft des "
    "Erstattungsbescheids folgt (§ 43 Abs. 4 Satz 2 SGB II); das ist Februar 2030.",
    "Mit Schreiben vom 07.12.2026 haben wir Sie angehört. Sie haben sich geäußert. Wir haben "
    "Ihre Äußerung so gewürdigt: Die genannten Ausgaben sind durch den Regelbedarf gedeckt.",
    "Die Aufrechnung steht in unserem Ermessen. Wir haben die Umstände Ihres Falls abgewogen: "
    + REASONS,
    "Rechtsbehelfsbelehrung",
    "Gegen diesen Bescheid können Sie innerhalb eines Monats, nachdem er Ihnen bekannt gegeben "
    "worden ist, Widerspruch einlegen (§ 84 Sozialgerichtsgesetz).",
]


#: how to ask for a Stundung, Ratenzahlung or Erlass (``decisions.letters.stundung_erlass_hint``,
#: the same text in the Erstattungsbescheid, the Anhörung and the Aufrechnungsbescheid)
STUNDUNG_ERLASS = (
    "Wenn Sie den Betrag nicht oder nicht auf einmal zahlen können, können Sie eine "
    "Stundung oder Ratenzahlung (§ 59 Abs. 1 Satz 1 Nr. 1 Bundeshaushaltsordnung: wenn die "
    "sofortige Zahlung für Sie eine erhebliche Härte wäre und die Forderung dadurch nicht "
    "gefährdet wird) oder einen Erlass (§ 44 SGB II: wenn die Einziehung nach Lage Ihres "
    "Falles unbillig wäre) beantragen: online in Ihrem Kundenkonto bei Jobcenter Online "
    "mit dem Antrag „Stundung, Ratenzahlung oder Erlass einer Forderung“ (unter "
    "„Zahlungen“), schriftlich per Post oder persönlich bei uns.")


def _options(data: dict) -> list[str]:
    """The paragraphs of the hearing's section on what the person can do."""
    return next(s["paragraphs"] for s in data["sections"]
                if s["heading"] in ("Ihre Möglichkeiten", "What you can do"))


def test_the_hearing_says_how_to_comment_and_how_to_ask_for_stundung_or_erlass(claim, jc):
    """§ 24 SGB X: the person may comment until the deadline — online in the Postfach, by
    post, in person or by phone — and may apply for a Stundung, Ratenzahlung or Erlass by
    the portal's concern (its title as the portal shows it), by post or in person; no "sprechen
    Sie uns an"."""
    offset, hearing = heard(claim, StaffFactory(jobcenter=jc))
    case = claim.bescheid.case
    address = f"{jc.name}, Teststraße 1, 99001 Teststadt"
    assert _options(hearing.data) == [
        "Sie können sich bis zum 28.12.2026 äußern. Teilen Sie uns bitte besonders mit, wenn "
        "die Aufrechnung für Sie eine besondere Härte bedeutet, etwa wegen besonderer "
        "Ausgaben, Schulden oder Krankheit, oder wenn Sie die Forderung für unrichtig halten.",
        "So können Sie sich äußern, schriftlich oder mündlich: online mit einer Nachricht im "
        "Postfach Ihres Kundenkontos bei Jobcenter Online, per Post an "
        f"{address}, persönlich zu unseren Öffnungszeiten oder telefonisch unter 0123 4567. "
        f"Bitte nennen Sie das Aktenzeichen {case.reference}.",
        STUNDUNG_ERLASS,
        "Sie können Ihre Akte bei uns einsehen (§ 25 SGB X).",
        "Wenn Sie sich bis dahin nicht äußern, entscheiden wir nach den Unterlagen, die uns "
        "vorliegen.",
        "Dieses Schreiben ist noch keine Entscheidung.",
    ]
    assert "sprechen Sie uns" not in text(hearing)
    offset.refresh_from_db()
    with translation.override("en"):
        english = letters.aufrechnung_hearing(offset, case=case, balance=D("400.00"),
                                              letter_date=dt.date(2026, 12, 7))
    options = _options(english)
    assert options[0].startswith("You can comment until 28.12.2026. ")
    assert options[1] == (
        "This is how you can comment, in writing or orally: online with a message in the "
        f"Postfach of your account on Jobcenter Online, by post to {address}, in person "
        f"during our opening hours or by phone on 0123 4567. Please quote the file number "
        f"{case.reference}.")
    assert options[2].startswith("If you cannot pay the amount, or not all at once")
    assert options[3] == "You can inspect your file at our office (section 25 SGB X)."
    # the month in the reader's language, not "Januar 2027"
    assert "January 2027" in " ".join(p for s in english["sections"] for p in s["paragraphs"])
    assert not re.search(r"\bJanuar\b", str(english))


def test_issued_after_the_hearing_the_run_offsets_only_from_then(claim, jc, family):
    bg, person, _ = family
    staff = StaffFactory(jobcenter=jc)
    offset, hearing = heard(claim, staff)
    hearing_text = text(hearing)
    for sentence in HEARING_GOLDEN:
        assert sentence in hearing_text
    assert "Rechtsbehelfsbelehrung" not in hearing_text  # not a Verwaltungsakt
    # January is paid in full: nothing is declared yet
    with at("2026-12-18"):
        run_execute(run_start(jobcenter=jc, kind="monatlich", month=JAN).pk)
    assert not ClaimEntry.objects.exists()
    with at("2026-12-20"):
        aufrechnung_record_answer(aufrechnung=offset, answer="Ich habe hohe Fahrtkosten.",
                                  assessment="Die genannten Ausgaben sind durch den "
                                             "Regelbedarf gedeckt.", actor=staff)
        offset = aufrechnung_decide(aufrechnung=offset, actor=staff)  # answered: no wait
    assert offset.status == Aufrechnung.Status.ISSUED and offset.four_eyes_reasons == []
    # January was paid by the monthly run already: the Aufrechnung starts in February
    claim.refresh_from_db()
    assert (offset.start, claim.offset_from, claim.offset_until) == (
        FEB, FEB, dt.date(2029, 12, 1))
    letter = Letter.objects.get(kind=Letter.Kind.OFFSET)
    decision_text = text(letter)
    for sentence in DECISION_GOLDEN:
        assert sentence in decision_text, sentence
    assert ("Wir rechnen unsere Forderung aus dem Bescheid vom "
            f"{claim.bescheid.letter_date:%d.%m.%Y} (noch offen: 400,00 €) ab Februar 2027 mit "
            "Ihrem Anspruch auf Leistungen nach dem Zweiten Buch Sozialgesetzbuch auf.") \
        in decision_text
    assert ("Ein Bescheid, der mit der Post verschickt wird, gilt am vierten Tag nach der "
            "Aufgabe zur Post als bekannt gegeben (§ 37 Abs. 2 SGB X).") in decision_text
    with at("2027-01-18"):
        run_execute(run_start(jobcenter=jc, kind="monatlich", month=FEB).pk)
    assert ClaimEntry.objects.get().amount == D("168.90")
    assert Payment.objects.get(bedarfsgemeinschaft=bg, month=FEB).amount == D("731.10")


def test_the_aufrechnungsbescheid_says_what_the_person_can_do(claim, jc):
    """No "sprechen Sie uns bitte sofort an": the Aufrechnungsbescheid names what the person
    can actually do — Stundung or Ratenzahlung (§ 59 BHO), Erlass (§ 44 SGB II), the three
    ways to apply (the same helper as the Erstattungsbescheid and the Anhörung) and what a
    Stundung or Erlass does to the Aufrechnung — in German and in English."""
    staff = StaffFactory(jobcenter=jc)
    offset, _hearing = heard(claim, staff)
    with at("2026-12-29"):
        offset = aufrechnung_decide(aufrechnung=offset, actor=staff)
    letter = Letter.objects.get(kind=Letter.Kind.OFFSET)
    assert "sprechen Sie uns" not in text(letter)
    headings = [s["heading"] for s in letter.data["sections"]]
    assert headings == ["", "Entscheidung", "Begründung", "Ihre Möglichkeiten",
                        "Rechtsbehelfsbelehrung"]
    assert _options(letter.data) == [
        STUNDUNG_ERLASS,
        "Solange die Forderung gestundet ist, behalten wir nichts ein; danach läuft die "
        "Aufrechnung weiter. Erlassen wir die Forderung ganz, endet die Aufrechnung; erlassen "
        "wir einen Teil, rechnen wir nur noch den Rest auf.",
    ]
    hearing = offset.letters.get(kind=Letter.Kind.HEARING)
    with translation.override("en"):
        english = letters.aufrechnung_decision(
            offset, case=claim.bescheid.case, balance=D("400.00"),
            letter_date=dt.date(2026, 12, 29), hearing_date=hearing.letter_date,
            presumed_delivery=dt.date(2027, 1, 2), objection_deadline=dt.date(2027, 2, 2),
            limit=dt.date(2030, 2, 1))
        hint = stundung_erlass_hint()  # its English golden text: test_erstattung_members
    assert _options(english) == [
        hint,
        "While the claim is deferred, we withhold nothing; after that the offsetting "
        "continues. If we waive the whole claim, the offsetting ends; if we waive part of "
        "it, we only offset the rest.",
    ]
    assert "speak to us" not in str(english)


def test_four_eyes_when_the_rules_for_bescheide_require_them(claim, jc):
    DecisionSettings.objects.create(jobcenter=jc, four_eyes_monthly_eur=D("100.00"))
    staff, second = StaffFactory(jobcenter=jc), StaffFactory(jobcenter=jc)
    offset, _hearing = heard(claim, staff)
    with at("2026-12-29"):
        offset = aufrechnung_decide(aufrechnung=offset, actor=staff)
        assert offset.status == Aufrechnung.Status.APPROVAL
        assert offset.four_eyes_reasons == ["Der höchste Monatsbetrag liegt über 100,00 €."]
        with pytest.raises(ClaimError, match="Vier-Augen-Prinzip"):
            aufrechnung_approve(aufrechnung=offset, actor=staff)
        claim.refresh_from_db()
        assert claim.offset_from is None
        offset = aufrechnung_approve(aufrechnung=offset, actor=second)
    assert offset.status == Aufrechnung.Status.ISSUED and offset.approved_by == second
    assert Letter.objects.filter(kind=Letter.Kind.OFFSET).count() == 1


def test_online_by_choice_rendered_as_pdf_a_in_the_eakte_and_visible(claim, jc, family):
    bg, person, _ = family
    DeliveryPreference.objects.create(user=person.user, channel="online")
    staff = StaffFactory(jobcenter=jc)
    with at("2026-12-07"):
        offset = aufrechnung_prepare(claim=claim, start=JAN, months=36, reasons=REASONS,
                                     actor=staff)
        hearing = aufrechnung_hearing(aufrechnung=offset, deadline=dt.date(2026, 12, 28),
                                      actor=staff)
    assert (hearing.channel, hearing.status, hearing.presumed_delivery) == (
        "online", "versandt", dt.date(2026, 12, 11))
    with at("2026-12-29"):
        aufrechnung_decide(aufrechnung=offset, actor=staff)
    letter = Letter.objects.get(kind=Letter.Kind.OFFSET)
    # online: the Belehrung names the presumed delivery and the end of the deadline
    assert ("Dieser Bescheid gilt am 02.01.2027 als bekannt gegeben (§ 37 Abs. 2 SGB X). Die "
            "Widerspruchsfrist endet danach am 02.02.2027.") in text(letter)
    assert letter_render(letter_id=letter.pk) is True
    assert letter_render(letter_id=letter.pk) is False  # once
    letter.refresh_from_db()
    version = DocumentVersion.objects.get(pk=letter.document_version_id)
    assert version.document.visible_to_citizen
    assert version.document.title.startswith("Aufrechnungsbescheid (§ 43 SGB II) vom ")
    pdf = letter_pdf(letter)
    assert pdf.startswith(b"%PDF") and b"pdfaid:part" in pdf
    assert letter_pdf(letter) == pdf  # the same bytes again


STOP_GOLDEN = [
    "Wir haben die Zahlung Ihrer Leistungen am 18.12.2026 vorläufig eingestellt.",
    "Uns sind Tatsachen bekannt geworden, nach denen Ihr Anspruch ganz oder teilweise "
    "weggefallen ist oder ruht: Arbeitsaufnahme bei der Firma Nord GmbH zum 1. Dezember 2026",
    "Deshalb dürfen wir die Zahlung vorläufig einstellen, ohne schon einen Bescheid zu erlassen "
    "(§ 40 Abs. 2 Nr. 4 SGB II in Verbindung mit § 331 Abs. 1 SGB III).",
    "Wir prüfen jetzt, ob wir die Bewilligung aufheben. Wenn wir das nicht bis zum 18.02.2027 "
    "mit einem Bescheid tun, zahlen wir die einbehaltenen Beträge unverzüglich nach (§ 331 "
    "Abs. 2 SGB III).",
    "Sie können sich zu diesen Tatsachen äußern (§ 331 Abs. 1 Satz 2 SGB III).",
    "Diese Mitteilung ist kein Bescheid.",
]


def test_the_notice_of_a_payment_stop(jc, family):
    bg, person, _ = family
    with at("2026-12-18"):
        stop = stop_create(bg=bg, facts="Arbeitsaufnahme bei der Firma Nord GmbH zum "
                                        "1. Dezember 2026", partial_amount=None,
                           from_person=False, actor=StaffFactory(jobcenter=jc))
    letter = Letter.objects.get(stop=stop)
    assert (letter.kind, letter.person, letter.data["addressee"][0]) == (
        "zahlungseinstellung", person, "Ayse Yilmaz")
    for sentence in STOP_GOLDEN:
        assert sentence in text(letter), sentence
    assert letter_render(letter_id=letter.pk)


DIRECT_GOLDEN = [
    "ab Januar 2027 überweisen wir Ihre Miete an Ihre Vermieterin oder Ihren Vermieter: jeden "
    "Monat 450,00 € an Wohnbau GmbH (Konto DE02 •••• •••• •••• •••• 01).",
    "Wir zahlen direkt, weil die zweckentsprechende Verwendung des Geldes durch Sie nicht "
    "sichergestellt ist (§ 22 Abs. 7 Satz 2 SGB II): Mietrückstände von zwei Monaten, "
    "Räumungsklage angekündigt",
    "Rechtsbehelfsbelehrung",
]


def test_the_notices_of_a_direct_payment_name_only_what_each_reader_needs(jc, family):
    bg, person, _ = family
    with at("2026-12-10"):
        direct = direct_payment_create(
            bg=bg, kind="miete", basis="sicherstellung", payee_name="Wohnbau GmbH",
            **helpers.PAYEE_ADDRESS, iban=helpers.LANDLORD_IBAN, monthly_amount=D("450.00"),
            valid_from=JAN, reason="Mietrückstände von zwei Monaten, Räumungsklage angekündigt",
            actor=StaffFactory(jobcenter=jc))
    citizen_letter = Letter.objects.get(direct_payment=direct, kind=Letter.Kind.DIRECT)
    payee_letter = Letter.objects.get(direct_payment=direct, kind=Letter.Kind.PAYEE)
    for sentence in DIRECT_GOLDEN:
        assert sentence in text(citizen_letter), sentence
    payee_text = text(payee_letter)
    assert payee_letter.data["addressee"] == ["Wohnbau GmbH", "Hafenstraße 3", "20457 Hamburg"]
    assert ("ab Januar 2027 überweisen wir für Ayse Yilmaz die Miete direkt an Sie: jeden Monat "
            "450,00 € auf Ihr Konto DE02 •••• •••• •••• •••• 01") in payee_text
    # neither the reason, nor the benefit, nor the household reach the landlord
    for secret in ("Mietrückstände", "900", "Regelbedarf", "Leistungsminderung", "22 Abs. 7"):
        assert secret not in payee_text
    assert payee_letter.channel == "post" and payee_letter.status == "druck"
    # on application (Satz 1) the citizen's notice has no Rechtsbehelfsbelehrung
    with at("2026-12-10"):
        energy = direct_payment_create(
            bg=bg, kind="energie", basis="antrag", payee_name="Stadtwerke",
            **helpers.PAYEE_ADDRESS, iban=helpers.LANDLORD_IBAN, monthly_amount=D("80.00"),
            valid_from=JAN, reason="Antrag vom 1.12.2026", actor=StaffFactory(jobcenter=jc))
    on_application = text(Letter.objects.get(direct_payment=energy, kind=Letter.Kind.DIRECT))
    assert "Sie haben beantragt, dass wir diesen Betrag direkt überweisen" in on_application
    assert "Rechtsbehelfsbelehrung" not in on_application


def _plain(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def test_the_caseworker_runs_the_procedure_in_the_pages(client, claim, jc, family):
    caseworker = StaffFactory(jobcenter=jc)
    base = f"/arbeitsbereich/zahlungen/forderung/{claim.pk}"
    with at("2026-12-07"):
        login(client, caseworker)
        bad = client.post(f"{base}/aufrechnung/", {"start": "2027-01", "months": "36",
                                                   "reasons": ""})
        assert bad.status_code == 400
        assert client.post(f"{base}/aufrechnung/", {"start": "2027-01", "months": "36",
                                                    "reasons": REASONS}).status_code == 302
        offset = Aufrechnung.objects.get()
        url = f"{base}/aufrechnung/{offset.pk}"
        short = client.post(f"{url}/anhoerung/", {"deadline": "20.12.2026"})
        assert short.status_code == 400 and "mindestens 25.12.2026" in short.content.decode()
        assert client.post(f"{url}/anhoerung/", {"deadline": "28.12.2026"}).status_code == 302
        page = _plain(client.get(f"{base}/").content.decode())
        assert "Anhörung vor einer Aufrechnung vom 7. Dezember 2026 – per Post" in page
        nothing = client.post("/arbeitsbereich/zahlungen/schreiben/",
                              {"posted_on": "07.12.2026"})
        assert nothing.status_code == 400
        assert "Bitte wählen Sie die Schreiben aus" in nothing.content.decode()
        listing = _plain(client.get("/arbeitsbereich/zahlungen/schreiben/").content.decode())
        assert "Anhörung vor einer Aufrechnung vom 7. Dezember 2026 an Ayse Yilmaz" in listing
        letter = Letter.objects.get()
        assert client.post("/arbeitsbereich/zahlungen/schreiben/", {
            "letter": [letter.pk], "posted_on": "07.12.2026"}).status_code == 302
        letter.refresh_from_db()
        assert (letter.status, letter.presumed_delivery) == ("versandt", dt.date(2026, 12, 11))
    with at("2026-12-29"):
        login(client, caseworker)
        client.post(f"{url}/entscheiden/")
    offset.refresh_from_db()
    assert offset.status == "erlassen"


def test_other_actors_reach_nothing(client, claim, jc, family):
    staff = StaffFactory(jobcenter=jc)
    offset, hearing = heard(claim, staff)
    url = f"/arbeitsbereich/zahlungen/forderung/{claim.pk}/aufrechnung/{offset.pk}/verwerfen/"
    other_jc_staff = StaffFactory(jobcenter=JobcenterFactory())
    other_citizen = CitizenFactory(jobcenter=jc)
    for user in (other_jc_staff, other_citizen, family[1].user):
        login(client, user)
        assert client.post(url, {"reason": "x"}).status_code in (302, 403, 404)
        listing = client.get("/arbeitsbereich/zahlungen/schreiben/")
        assert "Ayse" not in listing.content.decode()
    offset.refresh_from_db()
    assert offset.status == "anhoerung"
    # staff of the other Jobcenter cannot mark Jobcenter A's letter as posted
    with at("2026-12-18"):
        stop_create(bg=family[0], facts="Umzug", partial_amount=None, from_person=True,
                    actor=staff)
        notice = Letter.objects.get(kind=Letter.Kind.STOP)
        login(client, other_jc_staff)
        client.post("/arbeitsbereich/zahlungen/schreiben/", {
            "letter": [notice.pk], "posted_on": "18.12.2026"})
    notice.refresh_from_db()
    assert notice.status == "druck"


def test_the_citizen_sees_their_letters_and_nobody_elses(client, claim, jc, family):
    bg, person, _ = family
    DeliveryPreference.objects.create(user=person.user, channel="online")
    staff = StaffFactory(jobcenter=jc)
    with at("2026-12-07"):
        offset = aufrechnung_prepare(claim=claim, start=JAN, months=36, reasons=REASONS,
                                     actor=staff)
        hearing = aufrechnung_hearing(aufrechnung=offset, deadline=dt.date(2026, 12, 28),
                                      actor=staff)
        direct_payment_create(bg=bg, kind="miete", basis="antrag", payee_name="Wohnbau GmbH",
                              **helpers.PAYEE_ADDRESS, iban=helpers.LANDLORD_IBAN,
                              monthly_amount=D("450.00"), valid_from=JAN, reason="Antrag",
                              actor=staff)
    letter_render(letter_id=hearing.pk)
    hearing.refresh_from_db()
    login(client, person.user)
    page = _plain(client.get("/portal/zahlungen/").content.decode())
    assert "Anhörung vor einer Aufrechnung vom 7. Dezember 2026 · ansehen" in page
    assert "Mitteilung über die Direktzahlung vom 7. Dezember 2026" in page
    assert "Schreiben an den Zahlungsempfänger" not in page
    document = f"/portal/vorgaenge/{hearing.case_id}/dokumente/{hearing.document_version_id}/"
    assert client.get(document).status_code == 200
    other = CitizenFactory(jobcenter=jc)
    login(client, other)
    assert "Anhörung vor einer Aufrechnung" not in client.get("/portal/zahlungen/").content.decode()
    assert client.get(document).status_code == 404


def test_a_bescheid_without_letter_date_is_named_by_its_berlin_day(claim, jc):
    """A Bescheid approved at 00:30 on 1 December in Berlin (23:30 UTC on 30 November) whose
    letter date is not set yet is "der Bescheid vom 01.12.2026", the day its letter will
    carry (decisions.services.delivery), not the UTC day."""
    from jobcenter.decisions.models import Decision

    offset, _hearing = heard(claim, StaffFactory(jobcenter=jc))
    Decision.objects.filter(pk=claim.bescheid_id).update(
        letter_date=None, approved_at=dt.datetime(2026, 11, 30, 23, 30, tzinfo=dt.UTC))
    offset.refresh_from_db()
    offset.claim.bescheid.refresh_from_db()
    data = letters.aufrechnung_hearing(offset, case=claim.bescheid.case, balance=D("400.00"),
                                       letter_date=dt.date(2026, 12, 7))
    paragraphs = " ".join(p for s in data["sections"] for p in s["paragraphs"])
    assert "Mit Bescheid vom 01.12.2026 haben wir" in paragraphs
    assert "30.11.2026" not in paragraphs
