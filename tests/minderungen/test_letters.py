"""Golden text of the Minderungsbescheid and of the Bescheid that ends a Minderung, from the
rendered PDF/A."""

from __future__ import annotations

import datetime as dt
import io
import re

import pypdf
import time_machine

from jobcenter.decisions import services as decisions
from jobcenter.decisions.documents import bescheid_data, bescheid_pdf
from jobcenter.decisions.models import DeliveryPreference
from jobcenter.minderungen import services
from tests.decisions.past_fixtures import pdf_text

D = dt.date.fromisoformat
MORNING = dt.datetime(2026, 12, 3, 9, 0, tzinfo=dt.UTC)  # Thursday, 10:00 in Berlin


def _text(pdf: bytes) -> str:
    text = " ".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(pdf)).pages)
    text = re.sub(r"\s+", " ", text)
    return re.sub(r"Aktenzeichen \S+ Seite \d+ / \d+ ?", "", text)


def _flat(texts):
    return re.sub(r"\s+", " ", " ".join(texts))


def test_minderungsbescheid_golden(calc_case, caseworker, colleague, citizen, jobcenter,
                                   django_capture_on_commit_callbacks):
    jobcenter.name, jobcenter.street = "Jobcenter Alpha", "Teststraße 1"
    jobcenter.postcode, jobcenter.city, jobcenter.email = "99001", "Teststadt", "post@alpha.example"
    jobcenter.save()
    decisions.delivery_preference_set(user=citizen, channel=DeliveryPreference.Channel.ONLINE)
    with time_machine.travel(MORNING, tick=False):
        draft = decisions.decision_create(case=calc_case, decision_type_key="bewilligung",
                                          actor=caseworker)
        with django_capture_on_commit_callbacks(execute=True):
            decisions.decision_finalize(decision=draft, actor=caseworker)
        m = services.minderung_record(
            actor=caseworker, case=calc_case, person_key="P1", kind="pflichtverletzung",
            duty="Teilnahme am Bewerbungstraining ab 16.11.2026", belehrung_on=D("2026-10-01"),
            belehrung_text="Wenn Sie ohne wichtigen Grund nicht teilnehmen, …",
            event_on=D("2026-11-20"), event_text="Nicht erschienen.")
        services.minderung_hearing(minderung=m, actor=caseworker, answer_due=D("2026-12-17"))
    with time_machine.travel(MORNING + dt.timedelta(days=15), tick=False):  # 18.12.2026
        draft = services.minderung_decide(minderung=m, actor=caseworker,
                                          reasons="Ein wichtiger Grund ist nicht erkennbar.")
        with django_capture_on_commit_callbacks(execute=True):
            issued = decisions.decision_finalize(decision=draft, actor=caseworker)
    issued.refresh_from_db()
    data = bescheid_data(issued)
    name = issued.snapshot["names"]["P1"]
    assert data["title"] == "Bescheid über eine Leistungsminderung"
    assert [t.replace("\xa0", " ") for t in data["paragraphs"][1:]] == [
        f"wir stellen fest, dass {name} ohne wichtigen Grund einer Pflicht nicht nachgekommen "
        "ist: Teilnahme am Bewerbungstraining ab 16.11.2026 (20.11.2026). Über die Folgen haben "
        "wir am 01.10.2026 schriftlich belehrt.",
        f"Deshalb mindert sich das Geld für {name} in der Zeit vom 01.01.2027 bis 31.03.2027 um "
        "30 Prozent des Regelbedarfs, das sind 168,90 € im Monat (§ 31a, § 31b SGB II in der ab "
        "1.7.2026 geltenden Fassung).",
        "Insoweit ändern wir unseren Bescheid vom 03.12.2026. Die Kosten für Unterkunft und "
        "Heizung werden nicht gemindert. Für die anderen Personen Ihrer Bedarfsgemeinschaft "
        "ändert sich nichts. Die Beträge für diese Monate stehen in der Tabelle.",
        "Sie hatten Gelegenheit, sich bis zum 17.12.2026 zu äußern; Sie haben sich nicht "
        "geäußert.",
        f"Wenn {name} die Pflicht erfüllt oder sich ernsthaft und nachhaltig bereit erklärt, ihr "
        "künftig nachzukommen, heben wir die Minderung ab diesem Zeitpunkt auf, frühestens nach "
        "einem Monat (§ 31a Abs. 1 Satz 6, § 31b Abs. 2 Satz 2 SGB II). Melden Sie sich dazu bei "
        "uns.",
        "Wenn die Minderung für Sie eine außergewöhnliche Härte bedeutet, teilen Sie uns das "
        "bitte sofort mit (§ 31a Abs. 3 SGB II).",
        "Die Regeln für Minderungen ab dem 1. Juli 2026 wenden wir nach dem vom Bundestag "
        "beschlossenen Gesetz an.",
        # the chain of Bescheide (decisions.chain): the Bescheid changed, the same months
        f"Geändert wird damit unser Bescheid vom 03.12.2026 (Bewilligung, Bescheid-Nr. "
        f"{issued.previous.reference}) für Januar 2027 bis März 2027.",
        "Januar 2027 bis März 2027: bisher 933,00 €, künftig 764,10 € monatlich (niedriger um "
        "168,90 €).",
    ]
    assert data["rechtsbehelf"][-1].replace("\xa0", " ") == (
        "Widerspruch und Klage gegen diesen Bescheid haben keine aufschiebende Wirkung (§ 39 "
        "Nr. 1 SGB II): Die Minderung gilt, bis anders entschieden ist.")
    assert "Kundenkonto" not in " ".join(data["rechtsbehelf"])
    text = _text(bescheid_pdf(issued))
    assert _flat(data["paragraphs"][1:]) in text and _flat(data["rechtsbehelf"]) in text
    assert "Januar 2027 bis März 2027" in text  # the amounts table groups the months


def _hearing(calc_case, caseworker, citizen, jobcenter, capture, *, online=True, **record):
    jobcenter.name, jobcenter.street = "Jobcenter Alpha", "Teststraße 1"
    jobcenter.postcode, jobcenter.city = "99001", "Teststadt"
    jobcenter.phone, jobcenter.email = "030 1234-0", "post@alpha.example"
    jobcenter.save()
    if online:
        decisions.delivery_preference_set(user=citizen,
                                          channel=DeliveryPreference.Channel.ONLINE)
    with time_machine.travel(MORNING, tick=False):
        draft = decisions.decision_create(case=calc_case, decision_type_key="bewilligung",
                                          actor=caseworker)
        with capture(execute=True):
            decisions.decision_finalize(decision=draft, actor=caseworker)
        defaults = {"kind": "pflichtverletzung",
                    "duty": "Teilnahme am Bewerbungstraining ab 16.11.2026",
                    "event_on": D("2026-11-20"),
                    "event_text": "Sie sind zum Bewerbungstraining nicht erschienen."}
        m = services.minderung_record(
            actor=caseworker, case=calc_case, person_key="P1", belehrung_on=D("2026-10-01"),
            belehrung_text="Wenn Sie ohne wichtigen Grund nicht teilnehmen, …",
            **{**defaults, **record})
        hearing = {"personal_hearing_on": D("2026-12-15")} if m.personal_hearing else {}
        with capture(execute=True):
            m = services.minderung_hearing(minderung=m, actor=caseworker,
                                           answer_due=D("2026-12-21"), **hearing)
    m.refresh_from_db()
    return m


def _letter_text(version) -> str:
    text = pdf_text(version)
    return re.sub(r"Aktenzeichen \S+ Seite \d+ / \d+ ?", "", text).replace("\xa0", " ")


def test_minderung_anhoerung_golden(calc_case, caseworker, citizen, jobcenter,
                                    django_capture_on_commit_callbacks):
    m = _hearing(calc_case, caseworker, citizen, jobcenter, django_capture_on_commit_callbacks)
    # online by the citizen's choice: sent at once, filed in the eAkte, visible to the citizen
    assert m.hearing_channel == "online" and m.hearing_sent_at is not None
    assert m.hearing_document is not None and m.hearing_document.document.visible_to_citizen
    assert m.hearing_document.document.case_id == calc_case.pk
    name = m.person_name
    text = _letter_text(m.hearing_document)
    assert text.startswith("Jobcenter Alpha Teststraße 1 99001 Teststadt Telefon: 030 1234-0")
    # addressed to the person concerned, with the deadline in the reference block
    assert (f"{name} Aktenzeichen {calc_case.reference} Datum 03.12.2026 Antwort bis "
            "21.12.2026") in text
    body = text[text.index("Anhörung vor einer Leistungsminderung (§ 24 SGB X)"):]
    assert body.strip() == (
        f"Anhörung vor einer Leistungsminderung (§ 24 SGB X) Guten Tag {name}, wir prüfen, ob "
        "sich Ihre Leistungen wegen einer Pflichtverletzung mindern. Bevor wir entscheiden, "
        "möchten wir Ihre Sicht hören. Dieses Schreiben ist noch keine Entscheidung. "
        "Was wir wissen Ihre Pflicht war: Teilnahme am Bewerbungstraining ab 16.11.2026. Über "
        "die Folgen, wenn Sie dem ohne wichtigen Grund nicht nachkommen, haben wir Sie am "
        "01.10.2026 schriftlich belehrt (Rechtsfolgenbelehrung). Nach unseren Unterlagen sind "
        "Sie dieser Pflicht am 20.11.2026 nicht nachgekommen: Sie sind zum Bewerbungstraining "
        "nicht erschienen. "
        "Was wir vorhaben Wir beabsichtigen festzustellen, dass sich Ihr Regelbedarf für 3 "
        "Monate um 30 Prozent mindert, das sind voraussichtlich 168,90 € im Monat (§ 31a, "
        "§ 31b SGB II in der ab 1.7.2026 geltenden Fassung). Die Minderung beginnt mit dem "
        "Monat nach der Bekanntgabe des Bescheids, frühestens am 01.01.2027. Insoweit würden "
        "wir unseren Bescheid vom 03.12.2026 ändern (§ 48 SGB X). Die Kosten für Unterkunft "
        "und Heizung werden nicht gemindert. Für die anderen Personen Ihrer "
        "Bedarfsgemeinschaft ändert sich nichts. Wenn Sie die Pflicht erfüllen oder uns "
        "ernsthaft und nachhaltig erklären, ihr künftig nachzukommen, heben wir die Minderung "
        "ab diesem Zeitpunkt auf, frühestens nach einem Monat (§ 31a Abs. 1 Satz 6, § 31b "
        "Abs. 2 Satz 2 SGB II). Die Regeln für Minderungen ab dem 1. Juli 2026 wenden wir nach "
        "dem vom Bundestag beschlossenen Gesetz an. "
        "Wichtiger Grund und außergewöhnliche Härte Eine Minderung tritt nicht ein, wenn Sie "
        "für Ihr Verhalten einen wichtigen Grund hatten und ihn darlegen und nachweisen (§ 31 "
        "Abs. 1 Satz 2 SGB II). Ein wichtiger Grund kann zum Beispiel eine Krankheit, ein "
        "Unfall oder die notwendige Betreuung eines Kindes sein. Bitte nennen Sie uns den "
        "Grund und legen Sie Nachweise bei, zum Beispiel eine ärztliche Bescheinigung. Eine "
        "Minderung erfolgt auch nicht, wenn sie für Sie im Einzelfall eine außergewöhnliche "
        "Härte bedeuten würde (§ 31a Abs. 3 SGB II), zum Beispiel wenn Ihnen dadurch der "
        "Verlust der Wohnung droht. Wenn das so ist, schreiben Sie uns bitte, warum. "
        "Persönliches Gespräch Wenn Sie möchten, hören wir Sie auch persönlich an (§ 31a "
        "Abs. 2 Satz 1 SGB II). Rufen Sie uns dazu an: 030 1234-0. "
        "Ihre Möglichkeit, sich zu äußern Sie haben das Recht, sich vor unserer Entscheidung "
        "zu allen Tatsachen zu äußern, die dafür wichtig sind (§ 24 Abs. 1 SGB X). Bitte "
        "antworten Sie bis zum 21.12.2026. Dafür haben Sie drei Wege: – online in Ihrem "
        "Kundenkonto bei Jobcenter Online unter „Leistungsminderungen und Anhörungen“; – per "
        "Post an Jobcenter Alpha, Teststraße 1, 99001 Teststadt; – persönlich bei uns während "
        "der Öffnungszeiten (siehe oben). Bitte geben Sie dabei das Aktenzeichen "
        f"{calc_case.reference} an. Wenn wir bis dahin nichts von Ihnen hören, entscheiden wir "
        "nach den Unterlagen, die uns vorliegen. Über eine Minderung erhalten Sie einen eigenen "
        "Bescheid. Dieses Schreiben wurde elektronisch erstellt und ist ohne Unterschrift "
        "gültig.")
    # it is a letter, not a Bescheid: no Rechtsbehelfsbelehrung (P39)
    assert "Widerspruch" not in text and "Bescheid über" not in text


def test_withdrawal_anhoerung_by_post_invites_to_the_personal_hearing(
        calc_case, caseworker, citizen, jobcenter, django_capture_on_commit_callbacks):
    m = _hearing(calc_case, caseworker, citizen, jobcenter, django_capture_on_commit_callbacks,
                 online=False, kind="meldeversaeumnis", missed_in_row=3,
                 duty="Meldetermin am 20.11.2026, 9:00 Uhr",
                 event_text="Sie sind ohne Nachricht nicht gekommen.")
    assert m.full_withdrawal and m.personal_hearing
    # by post: on the print list until posted; the citizen is not told before that
    assert m.hearing_channel == "post" and m.hearing_awaits_post and m.hearing_sent_at is None
    text = _letter_text(m.hearing_document)
    assert "Persönliches Gespräch 15.12.2026" in text
    for sentence in [
        "Wir hatten Sie zu einem Termin eingeladen: Meldetermin am 20.11.2026, 9:00 Uhr.",
        "Nach unseren Unterlagen haben Sie den Termin am 20.11.2026 nicht wahrgenommen: Sie "
        "sind ohne Nachricht nicht gekommen. Es ist der 3. Termin in Folge, den Sie nicht "
        "wahrgenommen haben.",
        "Wer drei Meldetermine in Folge ohne wichtigen Grund versäumt, gilt als nicht "
        "erreichbar (§ 7b Abs. 4, § 32 SGB II in der ab 1.7.2026 geltenden Fassung). Wir "
        "beabsichtigen deshalb festzustellen, dass Sie für einen Monat keinen Regelbedarf "
        # 563 € Regelbedarf, but income leaves 403 € paid for it: at most that (as the engine)
        "erhalten, das sind voraussichtlich 403,00 €.",
        "Die Kosten für Unterkunft und Heizung zahlen wir in diesem Monat weiter. Wenn Sie sich "
        "in diesem Monat persönlich bei uns melden, gelten Sie als durchgehend erreichbar, und "
        "es wird nichts entzogen.",
        "(§ 32 Abs. 1 Satz 2 SGB II)",
        "Persönliches Gespräch Bevor wir Ihnen den Regelbedarf entziehen, möchten wir Sie "
        "persönlich anhören. Wir laden Sie dazu ein am 15.12.2026 in das Jobcenter Alpha, "
        "Teststraße 1, 99001 Teststadt. Wenn Sie an diesem Tag nicht kommen können, rufen Sie "
        "uns bitte an: 030 1234-0.",
    ]:
        assert sentence in text


def test_end_of_a_withdrawal_says_the_person_counts_as_reachable_throughout():
    from jobcenter.decisions.models import Decision
    from jobcenter.minderungen.letters import ende_paragraphs

    letter = {"person": "Alice Adler", "minderung_date": "2026-12-18",
              "cooperated_on": "2027-01-12"}
    withdrawal = Decision(snapshot={"letter": {**letter, "full_withdrawal": True}},
                          period_from=D("2027-01-01"), period_to=D("2027-01-31"))
    assert ende_paragraphs(withdrawal)[0] == (
        "Alice Adler hat sich am 12.01.2027 persönlich bei uns gemeldet und gilt damit als "
        "durchgehend erreichbar (§ 7b Abs. 4 SGB II in der ab 1.7.2026 geltenden Fassung). "
        "Deshalb heben wir den Entzug des Regelbedarfs aus unserem Bescheid vom 18.12.2026 ab "
        "01.01.2027 vollständig auf.")
    reduction = Decision(snapshot={"letter": letter}, period_from=D("2027-02-01"),
                         period_to=D("2027-03-31"))
    assert ende_paragraphs(reduction)[0] == (
        "Alice Adler hat am 12.01.2027 mitgewirkt. Deshalb heben wir die Minderung aus unserem "
        "Bescheid vom 18.12.2026 ab 01.02.2027 auf (§ 31a Abs. 1 Satz 6, § 31b Abs. 2 Satz 2 "
        "SGB II).")
