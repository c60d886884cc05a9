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
        "30 Prozent des Regelbedarfs, das sind 168,90 € im Monat (§ 31a SGB II in der ab "
        "1.7.2026 geltenden Fassung).",
        "Insoweit ändern wir unseren Bescheid vom 03.12.2026. Die Kosten für Unterkunft und "
        "Heizung werden nicht gemindert. Für die anderen Personen Ihrer Bedarfsgemeinschaft "
        "ändert sich nichts. Die Beträge für diese Monate stehen in der Tabelle.",
        "Sie hatten Gelegenheit, sich bis zum 17.12.2026 zu äußern; Sie haben sich nicht "
        "geäußert.",
        f"Wenn {name} die Pflicht erfüllt oder sich ernsthaft und nachhaltig bereit erklärt, ihr "
        "künftig nachzukommen, heben wir die Minderung ab diesem Zeitpunkt auf, frühestens nach "
        "einem Monat (§ 31b Abs. 2 Satz 2 SGB II). Melden Sie sich dazu bei uns.",
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
