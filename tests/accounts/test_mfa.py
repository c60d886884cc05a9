"""Second factor: TOTP enrolment, recovery codes, passkey pages, staff enforcement."""

from __future__ import annotations

import re

import pytest
from allauth.mfa.models import Authenticator

from jobcenter.core.roles import Role
from tests.accounts.helpers import full_login, password_login, reauthenticate
from tests.factories import StaffFactory, authenticator_count, totp_code


def secret_on_page(html: str) -> str:
    match = re.search(r'data-totp-secret="([A-Z2-7]+)"', html)
    assert match, "the TOTP secret must be shown as text"
    return match.group(1)


def test_totp_activation_shows_qr_and_secret_and_accepts_the_right_code(client, citizen):
    password_login(client, citizen.email)
    reauthenticate(client)
    html = client.get("/konto/2fa/totp/activate/").content.decode()
    assert "data:image/svg+xml" in html  # QR code
    secret = secret_on_page(html)
    response = client.post("/konto/2fa/totp/activate/", {"code": totp_code(secret)})
    assert response.status_code == 302
    assert Authenticator.objects.filter(user=citizen, type=Authenticator.Type.TOTP).exists()
    # Recovery codes are created with the first factor.
    assert Authenticator.objects.filter(user=citizen,
                                        type=Authenticator.Type.RECOVERY_CODES).exists()


def test_totp_activation_with_a_wrong_code_explains_what_to_do(client, citizen):
    password_login(client, citizen.email)
    reauthenticate(client)
    client.get("/konto/2fa/totp/activate/")
    response = client.post("/konto/2fa/totp/activate/", {"code": "123456"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Dieser Code stimmt nicht" in html
    assert 'id="error-summary"' in html
    assert authenticator_count(citizen) == 0


def test_mfa_pages_render_for_an_enrolled_user(client, caseworker):
    full_login(client, caseworker)
    for path in ["/konto/2fa/", "/konto/2fa/webauthn/", "/konto/sessions/",
                 "/konto/sicherheit/", "/konto/email/", "/konto/password/change/"]:
        response = client.get(path)
        assert response.status_code == 200, path
        assert 'class="jc-account-nav"' in response.content.decode()


def test_recovery_codes_can_be_generated_viewed_and_downloaded(client, caseworker):
    full_login(client, caseworker)
    reauthenticate(client)
    response = client.post("/konto/2fa/recovery-codes/generate/")
    assert response.status_code == 302
    page = client.get("/konto/2fa/recovery-codes/")
    assert page.status_code == 200
    codes = Authenticator.objects.get(user=caseworker, type=Authenticator.Type.RECOVERY_CODES)
    unused = codes.wrap().get_unused_codes()
    assert unused[0] in page.content.decode()
    download = client.get("/konto/2fa/recovery-codes/download/")
    assert download.status_code == 200
    assert unused[0] in download.content.decode()


def test_passkey_pages_work_under_our_csp_and_explain_the_alternative(client, caseworker):
    full_login(client, caseworker)
    reauthenticate(client)
    html = client.get("/konto/2fa/webauthn/add/").content.decode()
    assert "Passkey hinzufügen" in html
    assert "Authenticator-App" in html  # the no-JavaScript alternative
    assert 'src="/static/js/accounts-webauthn.js"' in html
    assert_no_inline_code(html)


def assert_no_inline_code(html: str) -> None:
    for script in re.findall(r"<script\b([^>]*)>", html):
        assert "src=" in script or 'type="application/json"' in script, script
    assert not re.search(r"\son[a-z]+=", html), "inline event handler"
    assert " style=" not in html, "inline style"


@pytest.mark.django_db(transaction=True)
def test_staff_without_second_factor_cannot_reach_any_staff_page(client, jobcenter):
    staff = StaffFactory(jobcenter=jobcenter, role=Role.TEAMLEITUNG, mfa=False)
    response = password_login(client, staff.email)
    assert response.status_code == 302
    for path in ["/arbeitsbereich/", "/arbeitsbereich/suche/", "/arbeitsbereich/verwaltung/",
                 "/start/"]:
        response = client.get(path)
        assert response.status_code == 302, path
        assert response["Location"] == "/konto/2fa/", path
    assert client.get("/konto/2fa/").status_code == 200
    reauthenticate(client)
    html = client.get("/konto/2fa/totp/activate/").content.decode()
    client.post("/konto/2fa/totp/activate/", {"code": totp_code(secret_on_page(html))})
    assert client.get("/arbeitsbereich/", follow=True).status_code == 200


def test_citizens_are_not_forced_to_enrol(client, citizen):
    password_login(client, citizen.email)
    assert client.get("/portal/").status_code == 200


def test_staff_cannot_remove_their_only_second_factor(client, caseworker):
    full_login(client, caseworker)
    reauthenticate(client)
    response = client.post("/konto/2fa/totp/deactivate/")
    assert response.status_code == 200
    assert "Mitarbeitende brauchen immer einen zweiten Faktor" in response.content.decode()
    assert Authenticator.objects.filter(user=caseworker, type=Authenticator.Type.TOTP).exists()


def test_citizen_can_remove_their_authenticator_app(client, citizen):
    from allauth.mfa.totp.internal.auth import TOTP

    from tests.factories import TOTP_SECRET

    TOTP.activate(citizen, TOTP_SECRET)
    full_login(client, citizen)
    reauthenticate(client)
    response = client.post("/konto/2fa/totp/deactivate/")
    assert response.status_code == 302
    assert not Authenticator.objects.filter(user=citizen, type=Authenticator.Type.TOTP).exists()


def test_passkey_list_and_removal_pages(client, caseworker):
    passkey = Authenticator.objects.create(
        user=caseworker, type=Authenticator.Type.WEBAUTHN,
        data={"name": "Diensthandy", "credential": {"clientExtensionResults": {
            "credProps": {"rk": True}}}},
    )
    full_login(client, caseworker)
    html = client.get("/konto/2fa/webauthn/").content.decode()
    assert "Diensthandy" in html and "Passkey (Anmeldung ohne Passwort möglich)" in html
    assert_no_inline_code(html)
    reauthenticate(client)
    url = f"/konto/2fa/webauthn/keys/{passkey.pk}/remove/"
    page = client.get(url)
    assert page.status_code == 200
    assert "„Diensthandy“ wirklich entfernen" in page.content.decode()
    assert client.post(url).status_code == 302
    assert not Authenticator.objects.filter(pk=passkey.pk).exists()


def test_nobody_can_remove_another_users_passkey(client, caseworker, other_caseworker):
    passkey = Authenticator.objects.create(
        user=caseworker, type=Authenticator.Type.WEBAUTHN, data={"name": "Diensthandy"})
    full_login(client, other_caseworker)
    reauthenticate(client)
    assert client.post(f"/konto/2fa/webauthn/keys/{passkey.pk}/remove/").status_code == 404
    assert Authenticator.objects.filter(pk=passkey.pk).exists()


def test_broken_passkey_submissions_never_cause_a_server_error(client, caseworker):
    response = client.post("/konto/2fa/webauthn/login/", {"credential": ""})
    assert response.status_code < 500
    response = client.post("/konto/2fa/webauthn/login/", {"credential": "{nonsense"})
    assert response.status_code < 500
    password_login(client, caseworker.email)
    response = client.post("/konto/2fa/authenticate/", {"credential": "{\"id\": 1}"})
    assert response.status_code < 500
    assert "_auth_user_id" not in client.session


def test_malformed_credentials_on_every_passkey_form_are_form_errors(client, caseworker):
    bad = ['{"id": 1}', '{"id": "x", "rawId": "x"}', "[]", '"x"']
    for credential in bad:
        assert client.post("/konto/2fa/webauthn/login/",
                           {"credential": credential}).status_code < 500
    full_login(client, caseworker)
    reauthenticate(client)
    for credential in bad:
        response = client.post("/konto/2fa/webauthn/add/",
                               {"name": "x", "credential": credential})
        assert response.status_code < 500, credential
        response = client.post("/konto/2fa/webauthn/reauthenticate/",
                               {"credential": credential})
        assert response.status_code < 500, credential
