"""axe-core and the 320 px rule on every account page, signed out and signed in."""

from __future__ import annotations

from tests.browser.conftest import check_page, visit
from tests.factories import PASSWORD, totp_code

SIGNED_OUT = ["/konto/login/", "/konto/signup/", "/konto/password/reset/",
              "/konto/password/reset/done/", "/konto/confirm-email/",
              "/konto/confirm-email/ungueltiger-schluessel/",
              "/konto/password/reset/key/1-ungueltig/", "/konto/password/reset/key/done/"]
SIGNED_IN = ["/konto/sicherheit/", "/konto/email/", "/konto/password/change/", "/konto/logout/",
             "/konto/2fa/", "/konto/2fa/webauthn/", "/konto/sessions/", "/konto/reauthenticate/"]
AFTER_REAUTH = ["/konto/2fa/totp/deactivate/", "/konto/2fa/webauthn/add/",
                "/konto/2fa/recovery-codes/generate/", "/konto/2fa/recovery-codes/"]


def test_signed_out_account_pages(page, axe, db):
    for path in SIGNED_OUT:
        visit(page, axe, path)


def test_signed_in_account_pages_of_a_staff_member(desktop_page, page, axe, caseworker):
    for current in (page, desktop_page):
        current.goto("/konto/login/")
        current.fill("input[name=login]", caseworker.email)
        current.fill("input[name=password]", PASSWORD)
        current.locator("form.jc-form button[type=submit]").click()
        current.wait_for_url("**/konto/2fa/authenticate/")
        check_page(current, axe)
        if current is page:
            current.locator("input[name=code]").fill(totp_code())
        else:  # the same code cannot be used twice: use the reauthentication-free path
            from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes

            current.locator("input[name=code]").fill(
                RecoveryCodes.activate(caseworker).get_unused_codes()[0])
        current.locator("form.jc-form button[type=submit]").first.click()
        current.wait_for_url("**/arbeitsbereich/akte/")
        for path in SIGNED_IN:
            visit(current, axe, path)
        visit(current, axe, "/konto/reauthenticate/?next=/konto/2fa/")
        current.fill("input[name=password]", PASSWORD)
        current.locator("form.jc-form button[type=submit]").click()
        current.wait_for_url("**/konto/2fa/")
        for path in AFTER_REAUTH:
            visit(current, axe, path)
