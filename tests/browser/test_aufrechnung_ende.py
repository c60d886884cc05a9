"""Staff end an Aufrechnung by hand in a real browser at 320 px and 1280 px: the form in
"Aufrechnung beenden", the messages when the cause and the reason are missing, the claim
page with who, when and why and the notice sent, the citizen's "Zahlungen" with the notice
online (its PDF), and the data copy's summary with the claim. Every page passes axe and
the 320 px rule.

``ZAHLUNGEN_SCREENSHOTS=/dir`` saves each page at 320 px and 1280 px."""

from __future__ import annotations

from decimal import Decimal

from django.utils import timezone, translation

from jobcenter.auskunft import builder
from jobcenter.decisions.deadlines import add_months, first_of_month
from jobcenter.decisions.models import DeliveryPreference
from jobcenter.households.models import Person
from jobcenter.zahlungen.models import Claim, Letter
from jobcenter.zahlungen.services.schreiben import letter_render
from tests.browser.conftest import check_page, sign_in, visit
from tests.browser.test_zahlungen import shot
from tests.zahlungen import helpers


def test_end_an_aufrechnung_by_hand(page, desktop_page, axe, live_server, citizen,
                                     caseworker, jobcenter):
    from django.template.loader import render_to_string

    helpers.payer_account(jobcenter)
    person = Person.objects.get(user=citizen)
    DeliveryPreference.objects.update_or_create(user=citizen, defaults={
        "channel": DeliveryPreference.Channel.ONLINE})
    bg = person.memberships.get().bedarfsgemeinschaft
    m1 = first_of_month(timezone.localdate())
    granted = helpers.issue(bg, person, months=[m1, add_months(m1, 1)],
                            amounts={"P1": "900.00"})
    claim = Claim.objects.create(
        jobcenter=jobcenter, person=person, bedarfsgemeinschaft=bg, bescheid=granted,
        basis="30", amount=Decimal("400.00"), due_date=timezone.localdate(),
        rechtsgrundlage="§ 50 SGB X", offset_from=m1, offset_until=add_months(m1, 30))

    sign_in(page, live_server, caseworker)
    sign_in(desktop_page, live_server, caseworker)
    visit(page, axe, f"/arbeitsbereich/zahlungen/forderung/{claim.pk}/")
    page.get_by_text("Aufrechnung beenden", exact=True).click()
    check_page(page, axe)
    shot(page, "claim-offset-end-form", resize=True)
    page.get_by_role("button", name="Speichern").last.click()
    page.wait_for_load_state()
    check_page(page, axe)
    assert "Bitte füllen Sie „Grund für das Ende der Aufrechnung“ aus." in page.content()
    assert "Bitte wählen Sie bei „Warum endet die Aufrechnung?“ eine Antwort aus." in (
        page.content())
    shot(page, "claim-offset-end-error", resize=True)
    # (the claim page's forms share field ids, so the form by its action)
    form = page.locator("form[action$='/aufrechnung_ende/']")
    form.locator("[name=reason]").fill(
        "Aufrechnungserklärung im Widerspruchsverfahren aufgehoben.")
    form.locator("[name=last_month]").select_option(f"{m1:%Y-%m}")
    form.get_by_label("Aus einem anderen Grund", exact=False).check()
    page.get_by_role("button", name="Speichern").last.click()
    page.wait_for_load_state()
    check_page(page, axe)
    assert page.get_by_text("Ende der Aufrechnung", exact=True).count() == 1
    assert "verantwortlich:" in page.content()
    assert "Die Person erhält eine Mitteilung darüber." in page.content()
    assert "Mitteilung über das Ende der Aufrechnung" in page.content()
    shot(page, "claim-offset-ended-by-hand", desktop=desktop_page)
    letter = Letter.objects.get(claim=claim)
    assert letter.channel == "online"
    letter_render(letter_id=letter.pk)  # the outbox task

    sign_in(page, live_server, citizen)
    sign_in(desktop_page, live_server, citizen)
    visit(page, axe, "/portal/zahlungen/")
    assert "; beendet" in page.content()
    assert "Widerspruchsverfahren" not in page.content()
    letters = page.get_by_role("region", name="Unsere Schreiben zu Ihren Zahlungen")
    assert "Mitteilung über das Ende der Aufrechnung vom" in letters.inner_text()
    assert letters.get_by_role("link", name="ansehen").count() == 1
    shot(page, "claims-citizen-ended-by-hand", desktop=desktop_page)
    # the notice among the citizen's documents (the PDF/A filed in the eAkte)
    visit(page, axe, "/portal/dokumente/")
    assert "Ihre Erstattungsforderung: Ende der Aufrechnung vom" in page.content()
    shot(page, "documents-citizen-offset-end-notice", desktop=desktop_page)

    # the data copy's summary with the claim, opened as the file would be
    with translation.override("de"):
        html = render_to_string("auskunft/summary.html", {
            "data": builder.collect(citizen), "built_at": timezone.now(), "language": "de",
            "download_days": 14})
    summary = page.context.new_page()
    summary.set_content(html)
    axe.check(summary)
    assert "Forderungen gegen Sie" in html and "Aufrechnung beendet am" in html
    assert summary.evaluate("document.documentElement.scrollWidth"
                            " - document.documentElement.clientWidth") <= 1
    shot(summary, "datenkopie-forderungen", resize=True)
