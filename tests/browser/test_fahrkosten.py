"""Fahrkosten zu einem Meldetermin in a real browser at 320 px (every page checked with axe):
the citizen finds the concern in the catalogue, picks their past Meldetermin, states the
car journey and gets the receipt; the caseworker sees the Meldetermin and the amount by the
rules and grants it; the form also works without JavaScript. Screenshots at 320 px and
1280 px go to ``$ANLIEGEN_SHOTS`` when set."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

from django.utils import timezone

from jobcenter.casefiles.models import Case
from jobcenter.decisions.models import Decision, DeliveryPreference
from jobcenter.zahlungen.models import ManualPayment
from tests.anliegen.test_fahrkosten import meldetermin
from tests.browser.conftest import check_page, sign_in, visit
from tests.browser.shots import Shots
from tests.browser.test_anliegen import ADDED, _next, _start, _submit

shot = Shots("ANLIEGEN_SHOTS")


def _past_meldetermin(citizen, caseworker):
    day = timezone.localdate() - dt.timedelta(days=20)
    start = timezone.make_aware(dt.datetime.combine(day, dt.time(9, 0)))
    return meldetermin(citizen, caseworker, start)


def _fill(page) -> None:
    page.get_by_label(re.compile(r"^Meldetermin am ")).first.check()
    page.get_by_label("Mit dem eigenen Auto oder Motorrad").check()
    page.get_by_role("group", name=re.compile("Hat Sie jemand begleitet")) \
        .get_by_label("Nein").check()


def test_fahrkosten_from_the_catalogue_to_the_grant(page, desktop_page, axe, live_server,
                                                    citizen, caseworker):
    DeliveryPreference.objects.create(user=citizen, channel="online")
    _past_meldetermin(citizen, caseworker)
    sign_in(page, live_server, citizen)
    visit(page, axe, "/portal/erledigen/?q=Fahrkosten")
    page.get_by_role("link", name="Fahrkosten zu einem Meldetermin", exact=True).click()
    check_page(page, axe)
    shot(page, "fahrkosten-start-320")
    _start(page, axe)
    _fill(page)
    shot(page, "fahrkosten-form-320")
    with page.expect_navigation():
        page.get_by_role("button", name="Weiter", exact=True).last.click()
    check_page(page, axe)  # the answer "car" adds the question for the kilometres
    assert page.get_by_text(ADDED).count() >= 1
    page.get_by_label("Wie viele Kilometer sind Sie gefahren, hin und zurück?").fill("84")
    shot(page, "fahrkosten-form-km-320")
    _next(page, axe)
    submission = _submit(page, axe)
    assert page.get_by_text(re.compile("innerhalb von 10 Arbeitstagen")).count() >= 1
    shot(page, "fahrkosten-receipt-320")
    case = Case.objects.get(submission_id=submission.pk)
    assert case.case_type.key == "fahrkosten_meldetermin"

    sign_in(page, live_server, caseworker)
    visit(page, axe, f"/arbeitsbereich/akte/{case.pk}/")
    # the due date with the standard in working days (10 from Friday 4 December: the 18th,
    # or whatever today's receipt gives) — the same date the receipt named
    assert page.get_by_text(re.compile(r"\(Standard: 10 Arbeitstage nach Eingang\)")).count() == 1
    shot(page, "fahrkosten-case-320")
    page.get_by_role("link", name="Anliegen entscheiden").click()
    check_page(page, axe)
    assert page.get_by_text("84 km × 0,20 € = 16,80 €").count() == 1
    shot(page, "fahrkosten-staff-decide-320")
    sign_in(desktop_page, live_server, caseworker)
    visit(desktop_page, axe, f"/arbeitsbereich/akte/{case.pk}/")
    shot(desktop_page, "fahrkosten-case-1280")
    visit(desktop_page, axe, page.url)
    shot(desktop_page, "fahrkosten-staff-decide-1280")
    page.get_by_label("Erstatten", exact=True).check()
    page.get_by_label("Bewilligter Betrag in Euro").fill("16,80")
    page.get_by_role("button", name="Entwurf erstellen").click()
    check_page(page, axe)
    assert page.get_by_text("Erstattung von Fahrkosten zu einem Meldetermin").count() >= 1
    page.get_by_role("button", name="Erlassen und versenden").click()
    check_page(page, axe)
    decision = Decision.objects.get(case=case)
    assert decision.status == Decision.Status.DELIVERED
    assert ManualPayment.objects.get(decision=decision).amount == Decimal("16.80")

    sign_in(desktop_page, live_server, citizen)
    visit(desktop_page, axe, "/portal/erledigen/?q=Fahrkosten")
    shot(desktop_page, "fahrkosten-catalogue-1280")
    visit(desktop_page, axe, f"/portal/anliegen/{submission.reference}/")
    shot(desktop_page, "fahrkosten-concern-1280")


def test_without_a_meldetermin_the_start_page_says_what_to_do(page, axe, live_server, citizen):
    sign_in(page, live_server, citizen)
    visit(page, axe, "/portal/erledigen/?q=Fahrkosten")
    page.get_by_role("link", name="Fahrkosten zu einem Meldetermin", exact=True).click()
    check_page(page, axe)
    assert page.get_by_text(re.compile("keinen Meldetermin vor Ort")).count() == 1
    assert page.get_by_role("link", name="Nachricht an das Jobcenter").count() == 1


def test_fahrkosten_without_javascript(nojs_page, live_server, citizen, caseworker, axe):
    page = nojs_page
    _past_meldetermin(citizen, caseworker)
    page.goto("/")
    sign_in(page, live_server, citizen)
    page.goto("/portal/erledigen/?q=Fahrkosten")
    page.get_by_role("link", name="Fahrkosten zu einem Meldetermin", exact=True).click()
    page.get_by_role("button", name=re.compile("Jetzt beginnen|Neu beginnen")).first.click()
    _fill(page)
    page.get_by_role("button", name="Weiter", exact=True).last.click()
    assert page.get_by_text(ADDED).count() >= 1  # the kilometres are asked only now
    page.get_by_label("Wie viele Kilometer sind Sie gefahren, hin und zurück?").fill("30")
    page.get_by_role("button", name="Weiter", exact=True).last.click()
    page.get_by_role("link", name="Weiter zur Erklärung").click()
    page.locator("#f-declaration").check()
    page.get_by_role("button", name="Verbindlich absenden").click()
    page.wait_for_url(re.compile(r".*/portal/antraege/JC-\d{4}-\d{6}/$"))
    case = Case.objects.get()
    assert case.form_key == "fahrkosten_meldetermin" and str(case.data["kilometer"]) == "30"
