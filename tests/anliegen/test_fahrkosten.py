"""Erstattung der Fahrkosten zu Meldeterminen (§ 59 SGB II with § 309 Abs. 4 SGB III): the
choice offers only the subject's own past in-person Meldetermine of the last six months
(three actors, online and on paper), the amount follows § 5 Abs. 1 BRKG, a grant is paid once
with its Bescheid, a refusal gives its Ermessenserwägungen and reasons (golden texts)."""

from __future__ import annotations

import datetime as dt
import os
from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse
from hypothesis import given, settings
from hypothesis import strategies as st

from jobcenter.anliegen import fahrkosten
from jobcenter.anliegen import registry as anliegen_registry
from jobcenter.anliegen import services as anliegen
from jobcenter.decisions import services as decisions
from jobcenter.decisions.documents import bescheid_data, bescheid_pdf
from jobcenter.decisions.models import DeliveryPreference
from jobcenter.formengine import registry as forms
from jobcenter.formengine.services import draft_start
from jobcenter.households.models import Person
from jobcenter.termine.models import Appointment, Channel, Location, Outcome, Topic
from jobcenter.zahlungen.models import ManualPayment
from tests.antraege.test_paper_entry import begin, entry_of
from tests.conftest import login
from tests.factories import CitizenFactory, PersonFactory, StaffFactory
from tests.minderungen.test_letters import _text
from tests.termine.conftest import at

pytestmark = pytest.mark.django_db

NOW = at(2026, 12, 3, 10)  # Thursday


def meldetermin(user, staff, start, *, channel=Channel.ON_SITE,
                status=Appointment.Status.CONFIRMED, kind=Appointment.Kind.MELDETERMIN,
                jobcenter=None) -> Appointment:
    jobcenter = jobcenter or staff.jobcenter
    location = Location.objects.filter(jobcenter=jobcenter).first() or Location.objects.create(
        jobcenter=jobcenter, name="Hauptstelle", street="Alphaweg 1", postcode="11111",
        city="Alphastadt")
    topic = Topic.objects.filter(jobcenter=jobcenter).first() or Topic.objects.create(
        jobcenter=jobcenter, title="Beratung zur Arbeitsuche", duration_minutes=30)
    return Appointment.objects.create(
        jobcenter=jobcenter, kind=kind, status=status, citizen=user,
        person=Person.objects.filter(user=user).first(), staff=staff, topic=topic,
        channel=channel, location=location if channel == Channel.ON_SITE else None,
        start=start, end=start + dt.timedelta(minutes=30), meldezweck="vermittlung")


def keys(options) -> list[str]:
    return [o.key for o in options]


@pytest.fixture
def foreign(other_jobcenter):
    user = CitizenFactory(jobcenter=other_jobcenter, email="dora@beta.example",
                          first_name="Dora", postcode="22222")
    PersonFactory(jobcenter=other_jobcenter, user=user, first_name="Dora", last_name="Dorn")
    return user


def test_only_own_past_in_person_meldetermine_of_six_months(citizen, other_citizen, foreign,
                                                           caseworker, other_caseworker):
    own = meldetermin(citizen, caseworker, at(2026, 11, 10, 9))
    early = meldetermin(citizen, caseworker, at(2026, 6, 4, 9))  # within six months
    not_offered = [
        meldetermin(citizen, caseworker, at(2026, 11, 11, 9), channel=Channel.PHONE),
        meldetermin(citizen, caseworker, at(2026, 11, 12, 9),
                    status=Appointment.Status.CANCELLED),
        meldetermin(citizen, caseworker, at(2026, 11, 13, 9),
                    status=Appointment.Status.CANT_COME),
        meldetermin(citizen, caseworker, at(2026, 11, 16, 9), kind=Appointment.Kind.BOOKING),
        meldetermin(citizen, caseworker, at(2026, 12, 8, 9)),  # still ahead
        meldetermin(citizen, caseworker, at(2026, 6, 2, 9)),  # more than six months ago
        meldetermin(other_citizen, caseworker, at(2026, 11, 17, 9)),
        meldetermin(foreign, other_caseworker, at(2026, 11, 18, 9)),
    ]
    # recorded as missed (with or without a wichtiger Grund): no journey, no travel costs
    for day, outcome in ((19, Outcome.NO_SHOW), (20, Outcome.EXCUSED)):
        missed = meldetermin(citizen, caseworker, at(2026, 11, day, 9))
        Appointment.objects.filter(pk=missed.pk).update(outcome=outcome)
        not_offered.insert(0, missed)
    with time_machine.travel(NOW, tick=False):
        online = keys(fahrkosten.termin_options({}, citizen))
        on_paper = keys(fahrkosten.termin_options({}, citizen.person))
        assert online == on_paper == [f"termin-{own.pk}", f"termin-{early.pk}"]
        for other in not_offered:
            assert f"termin-{other.pk}" not in online
        assert keys(fahrkosten.termin_options({}, other_citizen)) == [
            f"termin-{not_offered[-2].pk}"]
        assert fahrkosten.termin_options({}, None) == []
        assert fahrkosten.termin_options({}, caseworker) == []


def test_the_label_names_day_time_and_place_per_language(citizen, caseworker):
    meldetermin(citizen, caseworker, at(2026, 11, 10, 9))
    with time_machine.travel(NOW, tick=False):
        (option,) = fahrkosten.termin_options({}, citizen)
    assert option.label["de"] == "Meldetermin am 10. November 2026, 09:00 Uhr (Hauptstelle)"
    assert option.label["en"] == "Mandatory appointment on 10 November 2026, 09:00 (Hauptstelle)"


def test_the_amount_follows_the_bundesreisekostengesetz():
    assert fahrkosten.km_amount(84) == (Decimal("16.80"), False)
    assert fahrkosten.km_amount("12.5") == (Decimal("2.50"), False)
    assert fahrkosten.km_amount(650) == (Decimal("130.00"), False)
    assert fahrkosten.km_amount(651) == (Decimal("130.00"), True)  # at most 130 Euro
    for broken in (None, "", "x", "-3", "NaN", 0):
        assert fahrkosten.km_amount(broken) is None
    assert fahrkosten.suggested_amount({"verkehrsmittel": "oepnv", "betrag": "7.60"}) == \
        Decimal("7.60")
    assert fahrkosten.suggested_amount({"verkehrsmittel": "auto", "kilometer": 30}) == \
        Decimal("6.00")
    assert fahrkosten.suggested_amount({"verkehrsmittel": "fahrrad"}) is None


def test_the_form_starts_only_with_a_meldetermin_to_choose(client, citizen, caseworker):
    login(client, citizen)
    with time_machine.travel(NOW, tick=False):
        check = forms.start_check(fahrkosten.FORM_KEY, citizen)
        assert check is not None and not check.allowed
        assert "keinen Meldetermin vor Ort" in check.text
        meldetermin(citizen, caseworker, at(2026, 11, 10, 9))
        check = forms.start_check(fahrkosten.FORM_KEY, citizen)
        assert check is not None and check.allowed


def test_another_citizens_meldetermin_is_an_invalid_choice(client, citizen, other_citizen,
                                                           caseworker):
    own = meldetermin(citizen, caseworker, at(2026, 11, 10, 9))
    theirs = meldetermin(other_citizen, caseworker, at(2026, 11, 11, 9))
    with time_machine.travel(NOW, tick=False):
        draft = draft_start(user=citizen, form=forms.get_form(fahrkosten.FORM_KEY))
        login(client, citizen)
        url = reverse("formengine:page", args=[draft.public_id, "fahrt"])
        html = client.get(url).content.decode()
        assert f"termin-{own.pk}" in html and f"termin-{theirs.pk}" not in html
        response = client.post(url, {"termin": f"termin-{theirs.pk}", "verkehrsmittel": "auto",
                                     "kilometer": "20", "begleitperson": "nein",
                                     "_action": "next", "_version": draft.version})
        assert response.status_code in (200, 400)
        draft.refresh_from_db()
        assert draft.answers.get("termin") != f"termin-{theirs.pk}"
        # the own appointment is accepted and leads to the summary
        response = client.post(url, {"termin": f"termin-{own.pk}", "verkehrsmittel": "auto",
                                     "kilometer": "20", "begleitperson": "nein",
                                     "_action": "next", "_version": draft.version})
        assert response.status_code == 302
        draft.refresh_from_db()
        assert draft.answers["termin"] == f"termin-{own.pk}"


def _case(citizen, caseworker, submit, appointment=None, **answers):
    appointment = appointment or meldetermin(citizen, caseworker, at(2026, 11, 10, 9))
    given = {"termin": f"termin-{appointment.pk}", "verkehrsmittel": "auto", "kilometer": 84,
             "begleitperson": False, **answers}
    with time_machine.travel(NOW, tick=False):
        _submission, case = submit(citizen, fahrkosten.FORM_KEY, given)
    return appointment, case


def test_staff_see_the_meldetermin_and_the_amount_by_the_rules(client, citizen, caseworker,
                                                               other_caseworker, submit):
    appointment, case = _case(citizen, caseworker, submit)
    facts = dict(fahrkosten.staff_facts(case))
    assert facts["Meldetermin"] == "10. November 2026, 09:00 Uhr (Hauptstelle)"
    assert facts["Stand im Kalender"].startswith("bestätigt – nicht abgesagt")
    assert facts["Wegstreckenentschädigung (§ 5 Abs. 1 BRKG)"] == "84 km × 0,20 € = 16,80 €"
    assert facts["Weitere Anträge zu diesem Termin"] == "keine"
    second = _case(citizen, caseworker, submit, appointment)[1]
    assert dict(fahrkosten.staff_facts(second))["Weitere Anträge zu diesem Termin"] == \
        case.reference
    login(client, caseworker)
    page = client.get(reverse("anliegen:decide", args=[case.pk])).content.decode()
    assert "84 km × 0,20 € = 16,80 €" in page and "Zweck der Meldung" in page
    client.logout()
    login(client, other_caseworker)  # another Jobcenter's caseworker
    assert client.get(reverse("anliegen:decide", args=[case.pk])).status_code == 404


def test_a_grant_is_a_bescheid_paid_once_golden(citizen, caseworker, jobcenter, submit,
                                                 django_capture_on_commit_callbacks):
    decisions.delivery_preference_set(user=citizen, channel=DeliveryPreference.Channel.ONLINE)
    _appointment, case = _case(citizen, caseworker, submit)
    with time_machine.travel(NOW, tick=False):
        draft = anliegen.anliegen_decide(case=case, actor=caseworker, outcome_key="bewilligung",
                                         amount=Decimal("16.80"))
        with django_capture_on_commit_callbacks(execute=True):
            issued = decisions.decision_finalize(decision=draft, actor=caseworker)
    issued.refresh_from_db()
    data = bescheid_data(issued)
    assert data["title"] == "Erstattung von Fahrkosten zu einem Meldetermin"
    paragraphs = [p.replace("\xa0", " ") for p in data["paragraphs"]]
    assert paragraphs[1:4] == [
        "auf Ihren Antrag vom 03.12.2026 erstatten wir Ihnen die notwendigen Reisekosten zu "
        "Ihrem Meldetermin am 10.11.2026 in Höhe von 16,80 € (§ 59 SGB II in Verbindung mit "
        "§ 309 Abs. 4 SGB III).",
        "Für die Fahrt mit dem eigenen Fahrzeug erstatten wir 20 Cent je Kilometer, höchstens "
        "130 Euro, wie das Bundesreisekostengesetz es vorsieht (§ 5 Abs. 1 BRKG).",
        "Wir überweisen den Betrag auf das Konto, das Sie uns genannt haben.",
    ]
    assert data["rechtsbehelf"][0].startswith("Gegen diesen Bescheid können Sie")
    pdf = bescheid_pdf(issued)
    if os.environ.get("FAHRKOSTEN_PDF"):  # for looking at it: pdftoppm -png -r 80
        with open(os.environ["FAHRKOSTEN_PDF"] + "-bewilligung.pdf", "wb") as out:
            out.write(pdf)
    text = _text(pdf).replace("\xa0", " ")
    assert "in Höhe von 16,80 €" in text and "Rechtsbehelfsbelehrung" in text
    order = ManualPayment.objects.get(decision=issued)
    assert order.amount == Decimal("16.80") and order.status == ManualPayment.Status.APPROVED
    assert order.payee_iban == ""  # to the person's own account


def test_a_refusal_weighs_the_ermessen_and_gives_reasons_golden(
        citizen, caseworker, jobcenter, submit, django_capture_on_commit_callbacks):
    decisions.delivery_preference_set(user=citizen, channel=DeliveryPreference.Channel.ONLINE)
    approver = StaffFactory(jobcenter=jobcenter, role="teamleitung")
    _appointment, case = _case(citizen, caseworker, submit)
    outcome = anliegen_registry.get(fahrkosten.FORM_KEY).outcome("ablehnung")
    reason = str(outcome.reason_templates[0])
    with time_machine.travel(NOW, tick=False):
        with pytest.raises(anliegen.AnliegenError):  # a refusal needs its reasons
            anliegen.anliegen_decide(case=case, actor=caseworker, outcome_key="ablehnung")
        draft = anliegen.anliegen_decide(case=case, actor=caseworker, outcome_key="ablehnung",
                                         reasons=reason)
        assert draft.requires_four_eyes
        with django_capture_on_commit_callbacks(execute=True):
            issued = decisions.decision_finalize(decision=draft, actor=caseworker)
            issued = decisions.decision_approve(decision=issued, actor=approver)
    issued.refresh_from_db()
    data = bescheid_data(issued)
    assert data["title"] == "Ablehnung der Erstattung von Fahrkosten zu einem Meldetermin"
    paragraphs = [p.replace("\xa0", " ") for p in data["paragraphs"]]
    assert paragraphs[1] == (
        "Ihren Antrag vom 03.12.2026 auf Erstattung der Reisekosten zu Ihrem Meldetermin am "
        "10.11.2026 (§ 59 SGB II in Verbindung mit § 309 Abs. 4 SGB III) lehnen wir ab.")
    assert paragraphs[2].startswith(
        "Die Reisekosten aus Anlass einer Meldung „können“ übernommen werden: Wir entscheiden "
        "darüber nach pflichtgemäßem Ermessen (§ 39 SGB I).")
    pdf = bescheid_pdf(issued)
    if os.environ.get("FAHRKOSTEN_PDF"):
        with open(os.environ["FAHRKOSTEN_PDF"] + "-ablehnung.pdf", "wb") as out:
            out.write(pdf)
    text = " ".join(_text(pdf).replace("\xa0", " ").split())
    assert "Sie sind zu dem Meldetermin nicht erschienen." in text
    assert "Rechtsbehelfsbelehrung" in text
    assert not ManualPayment.objects.filter(decision=issued).exists()


def test_paper_staff_pick_from_the_persons_meldetermine(client, caseworker, citizen,
                                                        other_citizen, other_caseworker):
    own = meldetermin(citizen, caseworker, at(2026, 11, 10, 9))
    theirs = meldetermin(other_citizen, caseworker, at(2026, 11, 11, 9))
    with time_machine.travel(NOW, tick=False):
        login(client, caseworker)
        entry = entry_of(begin(client, citizen.person, fahrkosten.FORM_KEY))
        html = client.get(reverse("paper:page", args=[entry.public_id, "fahrt"])).content.decode()
        assert f"termin-{own.pk}" in html and f"termin-{theirs.pk}" not in html
        client.logout()
        login(client, other_caseworker)
        assert begin(client, citizen.person, fahrkosten.FORM_KEY).status_code == 404


def test_a_stored_choice_keeps_its_name_after_six_months(citizen, other_citizen, caseworker):
    own = meldetermin(citizen, caseworker, at(2026, 11, 10, 9))
    theirs = meldetermin(other_citizen, caseworker, at(2026, 11, 11, 9))
    with time_machine.travel(at(2027, 8, 1, 10), tick=False):
        assert fahrkosten.termin_options({}, citizen) == []
        (option,) = fahrkosten.termin_options({"termin": f"termin-{own.pk}"}, citizen)
        assert option.key == f"termin-{own.pk}"
        # never another citizen's, whatever the answers say
        assert fahrkosten.termin_options({"termin": f"termin-{theirs.pk}"}, citizen) == []


@settings(max_examples=200, deadline=None)
@given(value=st.one_of(st.none(), st.booleans(), st.text(max_size=10),
                       st.integers(-10**6, 10**6),
                       st.decimals(allow_nan=True, allow_infinity=True, places=3),
                       st.floats(allow_nan=True, allow_infinity=True)))
def test_any_distance_gives_a_bounded_amount_or_none(value):
    found = fahrkosten.km_amount(value)
    if found is not None:
        amount, capped = found
        assert Decimal("0") <= amount <= fahrkosten.KM_CAP
        assert capped == (amount == fahrkosten.KM_CAP and
                          Decimal(str(value)) * fahrkosten.KM_RATE > fahrkosten.KM_CAP)
        assert amount == amount.quantize(Decimal("0.01"))
    answers = {"verkehrsmittel": "auto", "kilometer": value}
    assert fahrkosten.suggested_amount(answers) == (found[0] if found else None)
