"""Golden texts, extracted from the rendered PDF/A: the corrected Rechtsbehelfsbelehrung of
every Bescheid (no account as a written-form channel, § 84 SGG / § 36a Abs. 2 SGB I), the
Abhilfebescheid (§ 85 Abs. 1 SGG, § 63 SGB X) and the Widerspruchsbescheid with its Klage
Belehrung naming the Sozialgericht (§§ 87, 90, 92, 65a SGG)."""

from __future__ import annotations

import datetime as dt
import io
import re

import pypdf
import pytest
import time_machine

from jobcenter.decisions import services as decisions
from jobcenter.decisions.documents import bescheid_data, bescheid_pdf
from jobcenter.decisions.models import DeliveryPreference
from jobcenter.rechtsbehelfe import services
from jobcenter.rechtsbehelfe.models import Widerspruch

BERLIN_MORNING = dt.datetime(2026, 12, 3, 9, 0, tzinfo=dt.UTC)  # Thursday, 10:00 in Berlin


def _text(pdf: bytes) -> str:
    text = " ".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(pdf)).pages)
    text = re.sub(r"\s+", " ", text)
    return re.sub(r"Aktenzeichen \S+ Seite \d+ / \d+ ?", "", text)  # the page footers


def _flat(texts: list[str]) -> str:
    return re.sub(r"\s+", " ", " ".join(texts))


@pytest.fixture
def world(calc_case, caseworker, citizen, colleague, board_member, court, jobcenter,
          django_capture_on_commit_callbacks):
    jobcenter.name, jobcenter.street = "Jobcenter Alpha", "Teststraße 1"
    jobcenter.postcode, jobcenter.city = "99001", "Teststadt"
    jobcenter.email, jobcenter.land = "post@alpha.example", "BE"
    jobcenter.save()
    decisions.delivery_preference_set(user=citizen, channel=DeliveryPreference.Channel.ONLINE)
    with time_machine.travel(BERLIN_MORNING, tick=False):
        draft = decisions.decision_create(case=calc_case, decision_type_key="bewilligung",
                                          actor=caseworker)
        with django_capture_on_commit_callbacks(execute=True):
            issued = decisions.decision_finalize(decision=draft, actor=caseworker)
    issued.refresh_from_db()
    return issued


BELEHRUNG = [
    "Gegen diesen Bescheid können Sie innerhalb eines Monats, nachdem er Ihnen bekannt "
    "gegeben worden ist, Widerspruch einlegen (§ 84 Sozialgerichtsgesetz).",
    "Der Widerspruch ist schriftlich oder zur Niederschrift beim Jobcenter Alpha, "
    "Teststraße 1, 99001 Teststadt einzulegen.",
    "Sie können den Widerspruch auch in elektronischer Form einlegen: als elektronisches "
    "Dokument mit einer qualifizierten elektronischen Signatur (§ 36a Abs. 2 SGB I) an "
    "post@alpha.example. Eine einfache E-Mail genügt dafür nicht.",
    "Dieser Bescheid gilt am 07.12.2026 als bekannt gegeben (§ 37 Abs. 2 SGB X). Die "
    "Widerspruchsfrist endet danach am 07.01.2027.",
]


def _sp(texts: list[str]) -> list[str]:
    """The texts with the letter's non-breaking spaces (§ 84, 933,00 €) as plain ones."""
    return [t.replace("\xa0", " ") for t in texts]


def test_rechtsbehelfsbelehrung_names_exactly_the_existing_channels(world):
    data = bescheid_data(world)
    assert _sp(data["rechtsbehelf"]) == BELEHRUNG
    text = _text(bescheid_pdf(world))
    assert _flat(BELEHRUNG) in text
    assert "Kundenkonto" not in text  # not presented as a written-form channel


def test_without_a_published_address_no_electronic_channel(world, jobcenter):
    jobcenter.email = ""
    jobcenter.save()
    world.case.jobcenter.refresh_from_db()
    texts = bescheid_data(world)["rechtsbehelf"]
    assert _sp(texts) == [BELEHRUNG[0], BELEHRUNG[1], BELEHRUNG[3]]


def _widerspruch(world, citizen, caseworker):
    with time_machine.travel(BERLIN_MORNING + dt.timedelta(days=6), tick=False):
        w = services.widerspruch_file_online(
            user=citizen, decision=world, scope=Widerspruch.Scope.WHOLE, contested="",
            reasons="Die Heizkosten fehlen.", idempotency_key="golden")
        services.widerspruch_register(widerspruch=w, actor=caseworker, form_ok=True)
    w.refresh_from_db()
    return w


def test_abhilfebescheid_golden(world, citizen, caseworker, colleague,
                                django_capture_on_commit_callbacks):
    w = _widerspruch(world, citizen, caseworker)
    with time_machine.travel(BERLIN_MORNING + dt.timedelta(days=8), tick=False):
        draft = services.widerspruch_remedy(widerspruch=w, actor=caseworker, remedy="teilweise",
                                            reasons="Die Heizkosten waren zu niedrig.",
                                            costs="anteil", costs_share=50)
        with django_capture_on_commit_callbacks(execute=True):
            remedy = decisions.decision_finalize(decision=draft, actor=caseworker)
            if remedy.status == "zur_freigabe":
                remedy = decisions.decision_approve(decision=remedy, actor=colleague)
    remedy.refresh_from_db()
    data = bescheid_data(remedy)
    assert data["title"] == "Abhilfebescheid"
    assert _sp(data["paragraphs"][1:]) == [
        f"auf Ihren Widerspruch vom 09.12.2026 (Geschäftszeichen {w.reference}) ändern wir "
        f"unseren Bewilligungsbescheid vom 03.12.2026 (Bescheid-Nr. {remedy.previous.reference}) "
        "und helfen dem Widerspruch teilweise ab (§ 85 Abs. 1 SGG).",
        f"Für die Zeit vom {remedy.period_from:%d.%m.%Y} bis {remedy.period_to:%d.%m.%Y} "
        f"erhalten Sie {remedy.snapshot['leistungsname']} in der folgenden Höhe. Insoweit tritt "
        "dieser Bescheid an die Stelle des angefochtenen Bescheids.",
        "Soweit wir Ihrem Widerspruch nicht abhelfen, legen wir ihn unserer "
        "Widerspruchsstelle vor. Über diesen Teil erhalten Sie einen Widerspruchsbescheid.",
        "Das Jobcenter erstattet Ihnen 50 Prozent der notwendigen Aufwendungen, die Ihnen im "
        "Widerspruchsverfahren entstanden sind (§ 63 Abs. 1 SGB X).",
        # the chain of Bescheide (decisions.chain): the comparison with the same months;
        # the changed Bescheid and the period are named above, not repeated
        "Januar 2027 bis Dezember 2027: unverändert 933,00 € monatlich.",
    ]
    assert _sp(data["rechtsbehelf"]) == [
        "Dieser Bescheid wird nach § 86 Sozialgerichtsgesetz Gegenstand des laufenden "
        "Widerspruchsverfahrens. Sie müssen keinen weiteren Widerspruch einlegen. Über Ihren "
        "Widerspruch entscheidet unsere Widerspruchsstelle durch einen Widerspruchsbescheid; "
        "dieser nennt Ihnen dann den Weg zum Sozialgericht."]
    text = _text(bescheid_pdf(remedy))
    assert _flat(data["paragraphs"][1:]) in text and _flat(data["rechtsbehelf"]) in text
    assert "Die Heizkosten waren zu niedrig." in text and remedy.amounts.exists()


def test_widerspruchsbescheid_golden(world, citizen, caseworker, board_member,
                                     django_capture_on_commit_callbacks):
    w = _widerspruch(world, citizen, caseworker)
    services.widerspruch_hand_over(widerspruch=w, actor=caseworker)
    with (time_machine.travel(dt.datetime(2027, 1, 27, 9, 0, tzinfo=dt.UTC), tick=False),
          django_capture_on_commit_callbacks(execute=True)):
        ruling = services.widerspruch_rule(
            widerspruch=w, actor=board_member, outcome="zurueckgewiesen",
            reasons="Sachverhalt: …\nGründe: Die Heizkosten sind berücksichtigt.",
            costs="keine")
    ruling.refresh_from_db()
    data = bescheid_data(ruling)
    assert data["title"] == "Widerspruchsbescheid"
    assert _sp(data["paragraphs"][1:]) == [
        f"über Ihren Widerspruch vom 09.12.2026 (Geschäftszeichen {w.reference}) gegen unseren "
        f"Bewilligungsbescheid vom 03.12.2026 (Bescheid-Nr. {w.decision.reference}) entscheidet "
        "die Widerspruchsstelle (§ 85 Abs. 2 SGG):",
        "1. Der Widerspruch wird zurückgewiesen.",
        "2. Aufwendungen, die Ihnen im Widerspruchsverfahren entstanden sind, werden nicht "
        "erstattet (§ 63 Abs. 1 SGB X).",
    ]
    # online on Wednesday 27.01.2027 → Bekanntgabe Sunday 31.01. → Klagefrist 28.02.2027 is
    # a Sunday → Monday 01.03.2027 (§ 64 Abs. 3 SGG)
    assert _sp(data["rechtsbehelf"]) == [
        "Gegen diesen Widerspruchsbescheid können Sie innerhalb eines Monats, nachdem er Ihnen "
        "bekannt gegeben worden ist, Klage beim Sozialgericht Alpha, Gerichtsweg 5, 11111 "
        "Alphastadt erheben (§§ 87, 90 Sozialgerichtsgesetz).",
        "Die Klage ist bei diesem Gericht schriftlich oder zur Niederschrift des "
        "Urkundsbeamten der Geschäftsstelle zu erheben. Sie kann auch als elektronisches "
        "Dokument nach § 65a Sozialgerichtsgesetz eingereicht werden, das heißt mit einer "
        "qualifizierten elektronischen Signatur oder auf einem sicheren Übermittlungsweg, zum "
        "Beispiel über „Mein Justizpostfach“. Eine einfache E-Mail genügt dafür nicht.",
        "Die Klage soll das Jobcenter als Beklagten, den angefochtenen Bescheid und diesen "
        "Widerspruchsbescheid bezeichnen und einen bestimmten Antrag enthalten. Die Tatsachen "
        "und Beweismittel, die sie begründen, sollen angegeben werden (§ 92 "
        "Sozialgerichtsgesetz).",
        "Dieser Widerspruchsbescheid gilt am 31.01.2027 als bekannt gegeben (§ 37 Abs. 2 SGB "
        "X). Die Klagefrist endet danach am 01.03.2027.",
        "Das Verfahren vor dem Sozialgericht ist für Sie als Leistungsempfängerin oder "
        "Leistungsempfänger kostenfrei (§ 183 Sozialgerichtsgesetz).",
    ]
    text = _text(bescheid_pdf(ruling))
    assert _flat(data["paragraphs"][1:]) in text and _flat(data["rechtsbehelf"]) in text
    assert "Die Heizkosten sind berücksichtigt." in text
    assert "Berechnungsbogen" not in text and "Monatliche Beträge" not in text
