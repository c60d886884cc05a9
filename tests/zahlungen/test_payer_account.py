"""The Auszahlungskonto: the Jobcenter admin sets it in the Verwaltung (IBAN checked, every
change in the trail); a payment run refuses to start without it; nobody else — a
caseworker, a citizen, another Jobcenter's admin — can see or change it."""

from __future__ import annotations

import datetime as dt

import pytest

from jobcenter.core.roles import Role
from jobcenter.zahlungen.models import PayerAccount, PayerAccountChange
from jobcenter.zahlungen.services import PayerAccountError, RunError, payer_account_set, run_start
from tests.conftest import login
from tests.factories import JobcenterFactory, StaffFactory

pytestmark = pytest.mark.django_db
URL = "/arbeitsbereich/verwaltung/auszahlungskonto/"
GOOD = {"name": "Jobcenter Musterstadt", "iban": "DE75 5121 0800 1245 1261 99",
        "bic": "sogedeffxxx", "reason": "Neues Konto bei der Bundesbank"}


def test_the_admin_sets_and_changes_the_account_with_a_trail(client, jobcenter, jobcenter_admin):
    login(client, jobcenter_admin)
    page = client.get(URL)
    assert page.status_code == 200
    assert "Es ist noch kein Auszahlungskonto hinterlegt." in page.content.decode()
    response = client.post(URL, GOOD)
    assert response.status_code == 302
    account = PayerAccount.objects.get(jobcenter=jobcenter)
    assert (account.name, account.iban, account.bic) == (
        "Jobcenter Musterstadt", "DE75512108001245126199", "SOGEDEFFXXX")
    client.post(URL, {**GOOD, "iban": "DE02120300000000202051", "bic": "",
                      "reason": "Umstellung"})
    changes = list(PayerAccountChange.objects.filter(jobcenter=jobcenter).order_by("pk"))
    assert [(c.old_iban, c.iban, c.reason, c.changed_by_id) for c in changes] == [
        ("", "DE75512108001245126199", "Neues Konto bei der Bundesbank", jobcenter_admin.pk),
        ("DE75512108001245126199", "DE02120300000000202051", "Umstellung", jobcenter_admin.pk)]
    # the same values again: nothing changes, nothing is written
    client.post(URL, {**GOOD, "iban": "DE02120300000000202051", "bic": "", "reason": "x"})
    assert PayerAccountChange.objects.filter(jobcenter=jobcenter).count() == 2
    html = client.get(URL).content.decode()
    assert "Verlauf der Änderungen" in html and "Umstellung" in html


@pytest.mark.parametrize(("field", "value", "message"), [
    ("iban", "DE75 5121 0800 1245 1261 98", "Diese IBAN ist nicht gültig"),
    ("bic", "NOTABIC", "Diese BIC ist nicht gültig"),
    ("name", "Jobcenter <Test>", "Zeichen, die eine SEPA-Überweisung nicht zulässt"),
    ("reason", "", "Bitte füllen Sie „Grund der Änderung“ aus."),
])
def test_bad_input_is_named_and_nothing_is_stored(client, jobcenter, jobcenter_admin, field,
                                                   value, message):
    login(client, jobcenter_admin)
    response = client.post(URL, {**GOOD, field: value})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not PayerAccount.objects.filter(jobcenter=jobcenter).exists()
    assert not PayerAccountChange.objects.exists()


def test_iban_and_bic_of_different_countries_are_refused(jobcenter, jobcenter_admin):
    with pytest.raises(PayerAccountError, match="verschiedenen Ländern"):
        payer_account_set(jobcenter=jobcenter, actor=jobcenter_admin, name="JC",
                          iban=GOOD["iban"], bic="BNPAFRPPXXX", reason="x")


def test_a_run_refuses_to_start_without_the_account(client, jobcenter, caseworker):
    with pytest.raises(RunError, match="Verwaltung → Auszahlungskonto"):
        run_start(jobcenter=jobcenter, kind="taeglich", today=dt.date(2027, 1, 5))
    login(client, caseworker)
    page = client.get("/arbeitsbereich/zahlungen/").content.decode()
    assert "Es ist kein Auszahlungskonto hinterlegt" in page
    assert "Bitten Sie einen Jobcenter-Admin" in page
    response = client.post("/arbeitsbereich/zahlungen/starten/", {"kind": "taeglich"})
    assert response.status_code == 400
    assert "Verwaltung → Auszahlungskonto" in response.content.decode()


def test_nobody_else_sees_or_changes_it(client, jobcenter, jobcenter_admin, caseworker, citizen):
    payer_account_set(jobcenter=jobcenter, actor=jobcenter_admin, **GOOD)
    other_admin = StaffFactory(jobcenter=JobcenterFactory(), role=Role.JOBCENTER_ADMIN)
    for user in (caseworker, citizen):
        login(client, user)
        assert client.get(URL).status_code in (302, 403, 404)
        assert client.post(URL, {**GOOD, "iban": "DE02120300000000202051"}).status_code in (
            302, 403, 404)
    login(client, other_admin)
    page = client.get(URL)  # their own (empty) account, never Jobcenter A's
    assert "DE75512108001245126199" not in page.content.decode()
    client.post(URL, {**GOOD, "iban": "DE02120300000000202051"})
    assert PayerAccount.objects.get(jobcenter=jobcenter).iban == "DE75512108001245126199"
    with pytest.raises(PayerAccountError):
        payer_account_set(jobcenter=jobcenter, actor=other_admin, **GOOD)
