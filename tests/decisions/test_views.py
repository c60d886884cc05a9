"""Views: the caseworker works; the citizen, another citizen and staff of another
Jobcenter reach nothing that is not theirs."""

from __future__ import annotations

import pytest

from jobcenter.decisions import services
from jobcenter.decisions.models import Calculation, Decision, DeliveryPreference
from jobcenter.transparency.models import AccessLogEntry
from tests.conftest import login


@pytest.fixture
def delivered(calc_case, caseworker, citizen, django_capture_on_commit_callbacks):
    services.delivery_preference_set(user=citizen, channel=DeliveryPreference.Channel.ONLINE)
    decision = services.decision_create(case=calc_case, decision_type_key="bewilligung",
                                        actor=caseworker)
    with django_capture_on_commit_callbacks(execute=True):  # the PDF renders after commit
        decision = services.decision_finalize(decision=decision, actor=caseworker)
    decision.refresh_from_db()
    return decision


def staff_urls(case, decision):
    return [
        ("get", f"/arbeitsbereich/bescheide/fall/{case.pk}/"),
        ("get", f"/arbeitsbereich/bescheide/{decision.pk}/"),
        ("get", f"/arbeitsbereich/bescheide/{decision.pk}/pdf/"),
        ("post", f"/arbeitsbereich/bescheide/{decision.pk}/freigeben/"),
        ("post", f"/arbeitsbereich/bescheide/fall/{case.pk}/neu/"),
    ]


def test_caseworker_sees_calculation_with_explanation_and_logs_access(client, calc_case,
                                                                       caseworker):
    login(client, caseworker)
    response = client.get(f"/arbeitsbereich/bescheide/fall/{calc_case.pk}/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "933" in html and "Regelbedarf" in html and "<table" in html
    # the month and the amount in German formats, not "2027-01" and "933,0"
    assert "Zahlbetrag Januar 2027: 933,00 €" in html
    assert AccessLogEntry.objects.filter(actor=caseworker).exists()


def test_changing_an_input_requires_a_reason(client, calc_case, caseworker):
    login(client, caseworker)
    url = f"/arbeitsbereich/bescheide/fall/{calc_case.pk}/"
    client.get(url)
    response = client.post(url, {"unterkunft.bruttokaltmiete": "500,00"})
    assert response.status_code == 400
    assert "warum" in response.content.decode()
    assert Calculation.objects.get(case=calc_case).request["unterkunft"][
        "bruttokaltmiete"] == 450.0
    calc = Calculation.objects.get(case=calc_case)
    data = {"version": calc.version, "reason": "Mieterhöhung",
            "unterkunft.bruttokaltmiete": "500,00"}
    # every other field keeps its value
    from jobcenter.decisions.forms import all_fields, calculation_sections

    for f in all_fields(calculation_sections(calc.request)):
        data.setdefault(f.path, f.display)
    response = client.post(url, data)
    assert response.status_code == 302
    calc.refresh_from_db()
    assert calc.request["unterkunft"]["bruttokaltmiete"] == 500.0
    assert calc.changes.get().reason == "Mieterhöhung"


def test_invalid_input_shows_the_engine_message_at_the_field(client, calc_case, caseworker):
    login(client, caseworker)
    url = f"/arbeitsbereich/bescheide/fall/{calc_case.pk}/"
    client.get(url)
    calc = Calculation.objects.get(case=calc_case)
    from jobcenter.decisions.forms import all_fields, calculation_sections

    data = {f.path: f.display for f in all_fields(calculation_sections(calc.request))}
    data.update({"reason": "Korrektur", "personen[0].geburtsdatum": "1985-13-45",
                 "unterkunft.heizkosten": "viel"})
    response = client.post(url, data)
    html = response.content.decode()
    assert response.status_code == 400
    assert 'id="f-personen-0-geburtsdatum-error"' not in html or "Datum" in html
    assert "Bitte geben Sie einen Betrag in Euro ein" in html
    assert 'value="1985-13-45"' in html  # nothing the caseworker typed is lost


def test_creator_sees_no_approve_button_and_approval_by_post_is_refused(
        client, calc_case, caseworker, colleague):
    decision = services.decision_create(case=calc_case, decision_type_key="ablehnung",
                                        actor=caseworker, reasons="Kein Anspruch.")
    services.decision_finalize(decision=decision, actor=caseworker)
    login(client, caseworker)
    page = client.get(f"/arbeitsbereich/bescheide/{decision.pk}/").content.decode()
    assert "Freigeben und versenden" not in page
    client.post(f"/arbeitsbereich/bescheide/{decision.pk}/freigeben/")
    decision.refresh_from_db()
    assert decision.status == Decision.Status.AWAITING_APPROVAL
    login(client, colleague)
    assert "Freigeben und versenden" in client.get(
        f"/arbeitsbereich/bescheide/{decision.pk}/").content.decode()
    client.post(f"/arbeitsbereich/bescheide/{decision.pk}/freigeben/")
    decision.refresh_from_db()
    assert decision.status in {Decision.Status.APPROVED, Decision.Status.DELIVERED}


def test_create_ablehnung_without_reason_shows_a_message(client, calc_case, caseworker):
    login(client, caseworker)
    response = client.post(f"/arbeitsbereich/bescheide/fall/{calc_case.pk}/neu/",
                           {"decision_type": "ablehnung"})
    assert response.status_code == 400
    assert "begründen" in response.content.decode()


@pytest.mark.parametrize("actor", ["citizen", "other_citizen", "other_caseworker"])
def test_staff_pages_are_closed_to_outsiders(request, client, actor, delivered, calc_case):
    user = request.getfixturevalue(actor)
    login(client, user)
    for method, url in staff_urls(calc_case, delivered):
        response = getattr(client, method)(url)
        assert response.status_code in {403, 404}, url
    assert Decision.objects.get(pk=delivered.pk).status == Decision.Status.DELIVERED


def test_other_jobcenter_sees_no_lists(client, delivered, other_caseworker):
    login(client, other_caseworker)
    for url in ["/arbeitsbereich/bescheide/", "/arbeitsbereich/bescheide/druckliste/",
                "/arbeitsbereich/bescheide/automatisierung/"]:
        response = client.get(url)
        assert response.status_code == 200
        assert delivered.case.reference not in response.content.decode()


def test_citizen_lists_and_downloads_own_bescheid(client, delivered, citizen):
    login(client, citizen)
    page = client.get("/portal/dokumente/").content.decode()
    assert delivered.download_url in page
    assert "Widerspruch ist bis zum" in page
    response = client.get(delivered.download_url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")


@pytest.mark.parametrize("actor", ["other_citizen", "other_caseworker", "caseworker"])
def test_citizen_download_is_closed_to_everybody_else(request, client, delivered, actor):
    login(client, request.getfixturevalue(actor))
    response = client.get(delivered.download_url)
    assert response.status_code in {403, 404}
    if actor == "other_citizen":
        assert delivered.download_url not in client.get("/portal/dokumente/").content.decode()


def test_delivery_choice_is_optional_and_defaults_to_post(client, citizen, other_citizen):
    login(client, citizen)
    # the choice moved into the profile; the old address leads there
    old = client.get("/portal/bescheide/zustellung/")
    assert old.status_code == 301 and old["Location"] == "/portal/profil/zustellung/"
    page = client.get("/portal/profil/zustellung/").content.decode()
    assert "So ist es, wenn Sie nichts wählen" in page
    assert client.post("/portal/profil/zustellung/", {}).status_code == 400
    assert client.post("/portal/profil/zustellung/", {"channel": "online"}).status_code == 302
    assert DeliveryPreference.objects.get(user=citizen).channel == "online"
    assert not DeliveryPreference.objects.filter(user=other_citizen).exists()


def test_print_list_marks_posted_with_deadlines(client, calc_case, caseworker):
    decision = services.decision_create(case=calc_case, decision_type_key="bewilligung",
                                        actor=caseworker)
    services.decision_finalize(decision=decision, actor=caseworker)
    login(client, caseworker)
    page = client.get("/arbeitsbereich/bescheide/druckliste/").content.decode()
    assert calc_case.reference in page
    response = client.post("/arbeitsbereich/bescheide/druckliste/",
                           {"decision": [decision.pk], "posted_on": "2027-02-26"})
    assert response.status_code == 302
    decision.refresh_from_db()
    assert str(decision.presumed_delivery) == "2027-03-02"
    assert str(decision.objection_deadline) == "2027-04-02"


@pytest.mark.parametrize("actor", ["other_caseworker"])
def test_staff_of_another_jobcenter_cannot_post_to_print_list(request, client, calc_case,
                                                              caseworker, actor):
    decision = services.decision_create(case=calc_case, decision_type_key="bewilligung",
                                        actor=caseworker)
    services.decision_finalize(decision=decision, actor=caseworker)
    login(client, request.getfixturevalue(actor))
    client.post("/arbeitsbereich/bescheide/druckliste/",
                {"decision": [decision.pk], "posted_on": "2027-02-26"})
    decision.refresh_from_db()
    assert decision.status == Decision.Status.APPROVED


def test_citizen_pages_refuse_staff(client, caseworker):
    login(client, caseworker)
    assert client.get("/portal/dokumente/").status_code == 403


def test_jobcenter_admin_configures_automation_rules(client, jobcenter_admin):
    from jobcenter.decisions.models import AutomationRule

    login(client, jobcenter_admin)
    assert client.get("/arbeitsbereich/bescheide/automatisierung/regeln/").status_code == 200
    assert client.post("/arbeitsbereich/bescheide/automatisierung/regeln/",
                       {"case_type_key": "weiterbewilligung"}).status_code == 400
    response = client.post("/arbeitsbereich/bescheide/automatisierung/regeln/", {
        "case_type_key": "weiterbewilligung", "require_nothing_changed": "on",
        "max_change_eur": "25,00", "mode": "entscheiden"})
    assert response.status_code == 302
    rule = AutomationRule.objects.get(is_active=True)
    assert (rule.jobcenter, rule.mode, str(rule.max_change_eur)) == (
        jobcenter_admin.jobcenter, "entscheiden", "25.00")


@pytest.mark.parametrize("actor", ["citizen", "other_citizen", "other_caseworker",
                                   "caseworker"])
def test_automation_rules_are_closed_to_others(request, client, jobcenter, actor):
    from jobcenter.decisions.models import AutomationRule

    rule = AutomationRule.objects.create(jobcenter=jobcenter, case_type_key="veraenderung")
    login(client, request.getfixturevalue(actor))
    response = client.post("/arbeitsbereich/bescheide/automatisierung/regeln/",
                           {"deactivate": rule.pk})
    assert response.status_code in {403, 404}
    rule.refresh_from_db()
    assert rule.is_active


def test_adding_a_mehrbedarf_and_removing_an_income_keep_the_history(client, calc_case,
                                                                     caseworker):
    login(client, caseworker)
    url = f"/arbeitsbereich/bescheide/fall/{calc_case.pk}/eintraege/"
    client.get(f"/arbeitsbereich/bescheide/fall/{calc_case.pk}/")
    client.post(url, {"action": "add_mehrbedarf", "person": "0", "art": "merkzeichen_g",
                      "reason": "Schwerbehindertenausweis G"})
    client.post(url, {"action": "remove", "path": "personen[0].einkommen[0]", "reason": ""})
    client.post(url, {"action": "remove", "path": "personen[0].einkommen[0]",
                      "reason": "Minijob beendet"})
    calc = Calculation.objects.get(case=calc_case)
    assert calc.request["personen"][0]["mehrbedarfe"] == [{"art": "merkzeichen_g"}]
    assert calc.request["personen"][0]["einkommen"] == []
    assert [c.reason for c in calc.changes.order_by("at", "pk")] == [
        "Schwerbehindertenausweis G", "Minijob beendet"]
