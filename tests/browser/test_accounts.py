"""Account journeys in a real browser (320 px, axe-core on every page)."""

from __future__ import annotations

import re
import time

import pytest
from allauth.mfa import app_settings
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from django.core import mail

from tests.browser.conftest import check_page, visit
from tests.factories import PASSWORD, StaffFactory, totp_code

NEW_PASSWORD = "Browser-Passwort-2026"


class TotpClock:
    """allauth's clock for TOTP codes (the live server checks them in this process), ahead
    of the real clock by what ``next_period`` added. A user who needs a second code waits
    for the authenticator app's next one, up to 30 s; the test moves this clock on to the
    next period instead. The server still accepts only the code of its current period, and
    each code once."""

    def __init__(self) -> None:
        self.offset = 0.0

    def time(self) -> float:
        return time.time() + self.offset

    def next_period(self) -> None:
        """To the first second of the next period."""
        period = app_settings.TOTP_PERIOD
        self.offset += period - self.time() % period + 1


@pytest.fixture
def totp_clock(monkeypatch):
    from allauth.mfa.totp.internal import auth

    clock = TotpClock()
    monkeypatch.setattr(auth, "time", clock)
    return clock


def fresh_code(secret: str, used: set[str], clock: TotpClock) -> str:
    """A TOTP code not used before (allauth refuses to accept a code twice): the next
    period's if this period's code was used."""
    for _ in range(3):
        code = totp_code(secret)
        if code not in used:
            used.add(code)
            return code
        clock.next_period()
    raise AssertionError("no fresh TOTP code in three periods")


def sign_out(page, axe):
    # exact: the sessions page also has "Dieses Gerät abmelden" etc., which end another
    # session and leave this one signed in
    page.get_by_role("button", name="Abmelden", exact=True).first.click()
    page.wait_for_load_state()
    check_page(page, axe)
    assert page.get_by_role("link", name="Anmelden").first.is_visible()


def login_with_password(page, axe, email: str, password: str):
    visit(page, axe, "/konto/login/")
    page.fill("input[name=login]", email)
    page.fill("input[name=password]", password)
    page.locator("form.jc-form button[type=submit]").click()
    page.wait_for_load_state()
    check_page(page, axe)


def test_registration_verification_mfa_enrolment_and_login_with_totp(page, axe, jobcenter,
                                                                     totp_clock):
    visit(page, axe, "/konto/signup/")
    page.get_by_label("Vorname").fill("Greta")
    page.get_by_label("Nachname").fill("Grün")
    page.get_by_label("Postleitzahl Ihres Wohnorts").fill("99999")
    page.fill("input[name=email]", "greta@example.org")
    page.fill("input[name=password1]", NEW_PASSWORD)
    page.fill("input[name=password2]", NEW_PASSWORD)
    page.get_by_role("button", name="Konto erstellen").click()
    page.wait_for_load_state()
    check_page(page, axe)  # the error state must be accessible too
    assert page.locator("#error-summary").is_visible()
    page.get_by_label("Postleitzahl Ihres Wohnorts").fill("11111")
    page.fill("input[name=password1]", NEW_PASSWORD)
    page.fill("input[name=password2]", NEW_PASSWORD)
    page.get_by_role("button", name="Konto erstellen").click()
    page.wait_for_url("**/konto/confirm-email/")
    check_page(page, axe)
    assert page.get_by_role("heading", name="Bitte bestätigen Sie Ihre E-Mail-Adresse").is_visible()

    link = re.search(r"https?://\S+/konto/confirm-email/\S+", mail.outbox[-1].body).group(0)
    visit(page, axe, re.sub(r"^https?://[^/]+", "", link))
    page.get_by_role("button", name="E-Mail-Adresse bestätigen").click()
    page.wait_for_load_state()
    check_page(page, axe)

    login_with_password(page, axe, "greta@example.org", NEW_PASSWORD)
    page.wait_for_url("**/portal/")

    visit(page, axe, "/konto/2fa/")
    page.get_by_role("link", name="Authenticator-App einrichten").click()
    page.wait_for_load_state()
    check_page(page, axe)  # allauth asks for the password again
    page.fill("input[name=password]", NEW_PASSWORD)
    page.locator("form.jc-form button[type=submit]").click()
    page.wait_for_url("**/konto/2fa/totp/activate/")
    check_page(page, axe)
    secret = page.locator("[data-totp-secret]").get_attribute("data-totp-secret")
    used: set[str] = set()
    page.locator("input[name=code]").fill("000000")
    page.get_by_role("button", name="Einrichten").click()
    page.wait_for_load_state()
    check_page(page, axe)
    assert "Dieser Code stimmt nicht" in page.content()
    page.locator("input[name=code]").fill(fresh_code(secret, used, totp_clock))
    page.get_by_role("button", name="Einrichten").click()
    page.wait_for_load_state()
    check_page(page, axe)  # recovery codes are shown after enrolment
    assert "Dieser Code stimmt nicht" not in page.content()
    visit(page, axe, "/konto/2fa/")
    visit(page, axe, "/konto/sessions/")
    sign_out(page, axe)

    login_with_password(page, axe, "greta@example.org", NEW_PASSWORD)
    page.wait_for_url("**/konto/2fa/authenticate/")
    page.locator("input[name=code]").fill(fresh_code(secret, used, totp_clock))
    page.get_by_role("button", name="Bestätigen").click()
    page.wait_for_url("**/portal/")
    check_page(page, axe)
    sign_out(page, axe)


def test_staff_login_with_totp_lands_in_the_arbeitsvorrat(page, axe, caseworker):
    login_with_password(page, axe, caseworker.email, PASSWORD)
    page.wait_for_url("**/konto/2fa/authenticate/")
    page.locator("input[name=code]").fill(totp_code())
    page.get_by_role("button", name="Bestätigen").click()
    page.wait_for_url("**/arbeitsbereich/akte/")
    check_page(page, axe)
    assert page.get_by_role("link", name="Arbeitsvorrat").is_visible()
    sign_out(page, axe)


def test_staff_without_second_factor_is_sent_to_enrol(page, axe, jobcenter):
    staff = StaffFactory(jobcenter=jobcenter, mfa=False)
    login_with_password(page, axe, staff.email, PASSWORD)
    page.wait_for_url("**/konto/2fa/")
    check_page(page, axe)
    assert "müssen Sie einen zweiten Faktor einrichten" in page.content()


def test_login_with_a_recovery_code(page, axe, caseworker):
    code = RecoveryCodes.activate(caseworker).get_unused_codes()[0]
    login_with_password(page, axe, caseworker.email, PASSWORD)
    page.wait_for_url("**/konto/2fa/authenticate/")
    check_page(page, axe)
    page.locator("input[name=code]").fill(code)
    page.get_by_role("button", name="Bestätigen").click()
    page.wait_for_url("**/arbeitsbereich/akte/")
    check_page(page, axe)


def test_sign_out_everywhere_in_the_browser(page, axe, citizen):
    login_with_password(page, axe, citizen.email, PASSWORD)
    page.wait_for_url("**/portal/")
    visit(page, axe, "/konto/sessions/")
    page.get_by_role("button", name="Überall abmelden (auch hier)").click()
    page.wait_for_url("**/konto/login/")
    check_page(page, axe)
    assert "auf allen Geräten abgemeldet" in page.content()


def test_the_wait_after_wrong_passwords_in_the_browser(page, axe, citizen):
    for _ in range(5):
        login_with_password(page, axe, citizen.email, "falsch-falsch")
    assert "nächste Versuch erst in 30 Sekunden möglich" in page.content()
    with page.expect_response(lambda r: r.request.method == "POST") as answer:
        login_with_password(page, axe, citizen.email, PASSWORD)  # axe on the 429 page too
    assert answer.value.status == 429
    assert "Ihr Konto ist nicht gesperrt" in page.content()
    assert page.locator("#error-summary").is_visible()
    assert page.get_by_role("link", name="Passwort vergessen?").first.is_visible()


def test_registration_without_javascript(nojs_page, axe, jobcenter):
    page = nojs_page
    page.goto("/konto/signup/")
    page.get_by_label("Vorname").fill("Nils")
    page.get_by_label("Nachname").fill("Nojs")
    page.get_by_label("Postleitzahl Ihres Wohnorts").fill("11111")
    page.fill("input[name=email]", "nils@example.org")
    page.fill("input[name=password1]", NEW_PASSWORD)
    page.fill("input[name=password2]", "anders-als-oben-1")
    page.get_by_role("button", name="Konto erstellen").click()
    page.wait_for_load_state()
    assert page.locator("#error-summary").is_visible()
    page.fill("input[name=password1]", NEW_PASSWORD)
    page.fill("input[name=password2]", NEW_PASSWORD)
    page.get_by_role("button", name="Konto erstellen").click()
    page.wait_for_url("**/konto/confirm-email/")
    assert mail.outbox[-1].to == ["nils@example.org"]
    # The login page without JavaScript: the passkey button stays hidden, the note shows.
    page.goto("/konto/login/")
    assert not page.locator("#passkey_login").is_visible()
    assert page.locator("[data-webauthn-note]").is_visible()


def wait_for_the_session_dialog(page, axe, user):
    """Sign in and wait until the session dialog opens (the test shortened the timeouts)."""
    login_with_password(page, axe, user.email, PASSWORD)
    page.wait_for_url("**/portal/")
    dialog = page.locator("#session-timeout-dialog")
    dialog.wait_for(state="visible", timeout=8000)
    check_page(page, axe)  # the open dialog is accessible
    return dialog


def test_session_timeout_warning_keepalive_and_expiry(page, axe, citizen, settings):
    settings.SESSION_COOKIE_AGE = 12
    settings.SESSION_TIMEOUT_WARNING_SECONDS = 9
    dialog = wait_for_the_session_dialog(page, axe, citizen)
    with page.expect_response("**/sitzung/verlaengern/") as keepalive:
        page.get_by_role("button", name="Angemeldet bleiben").click()
    assert keepalive.value.status == 200
    dialog.wait_for(state="hidden")
    # Without any further activity the session ends and the page returns to the login.
    page.wait_for_url("**/konto/login/**", timeout=30000)
    check_page(page, axe)


def test_the_session_dialog_says_when_the_absolute_end_comes(page, axe, citizen, settings):
    settings.SESSION_ABSOLUTE_TIMEOUT_SECONDS = 14
    settings.SESSION_TIMEOUT_WARNING_SECONDS = 10
    dialog = wait_for_the_session_dialog(page, axe, citizen)
    assert dialog.locator("[data-session-text=final]").is_visible()
    assert not dialog.get_by_role("button", name="Angemeldet bleiben").is_visible()
    dialog.get_by_role("button", name="Verstanden").click()
    dialog.wait_for(state="hidden")
    page.wait_for_url("**/konto/login/**", timeout=30000)
    check_page(page, axe)
    assert "Höchstdauer von 14 Sekunden" in page.content()
