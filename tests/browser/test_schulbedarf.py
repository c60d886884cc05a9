"""The question "Besucht diese Person eine Schule?" in a real browser (320 px, axe on every
page): asked for the children under 25 of the household only, kept in the draft and shown on
the summary; the Veränderungsmitteilung's page "Schulbesuch". Screenshots at 320 px and
desktop width go to $SCREENSHOT_DIR when set (to look at them)."""

from __future__ import annotations

from django.urls import reverse

from jobcenter.formengine import registry
from jobcenter.formengine.services import draft_start
from tests.antraege.test_household_choice import family
from tests.browser.conftest import check_page, visit
from tests.browser.shots import Shots
from tests.browser.test_antraege import _base_url, login  # noqa: F401 - autouse: live server URL

shot = Shots("SCREENSHOT_DIR")


def test_the_school_question_for_the_children_of_the_household(page, axe, citizen):
    draft = draft_start(user=citizen, form=registry.get_form("hauptantrag"))
    draft.answers = family(einkommensarten=["keines"], erwerbseinkommen=[])
    draft.save()
    login(page, axe, citizen)
    visit(page, axe, reverse("formengine:page", args=[draft.public_id, "wep"]))
    questions = page.get_by_role("group", name="Besucht diese Person eine Schule?")
    # Bernd (partner, 38): not asked; Kim (18) and Kim (17): asked
    assert questions.count() == 2
    shot(page, "hauptantrag-wep", resize=True)
    questions.nth(1).get_by_role("radio", name="Ja, eine allgemeinbildende Schule",
                                 exact=False).check()
    questions.nth(0).get_by_role("radio", name="Nein", exact=True).check()
    page.get_by_role("button", name="Weiter", exact=True).click()
    page.wait_for_load_state()
    check_page(page, axe)
    draft.refresh_from_db()
    kims = draft.answers["personen"][1:]
    assert [k.get("person_schule") for k in kims] == ["nein", "allgemeinbildend"]
    assert "person_schule" not in draft.answers["personen"][0]
    visit(page, axe, reverse("formengine:summary", args=[draft.public_id]))
    assert "Ja, eine allgemeinbildende Schule" in page.content()


def test_the_veraenderungsmitteilung_page_schulbesuch(page, axe, citizen):
    draft = draft_start(user=citizen, form=registry.get_form("veraenderung"))
    draft.answers = {**draft.answers, "aenderungen": ["schule"], "aenderung_ab": "2026-11-01"}
    draft.save()
    login(page, axe, citizen)
    visit(page, axe, reverse("formengine:page", args=[draft.public_id, "schule"]))
    assert page.get_by_role("heading", level=1).inner_text() == "Schulbesuch"
    shot(page, "veraenderung-schule", resize=True)
    page.get_by_label("Wer? (Vorname)").first.fill("Kim")
    page.get_by_role("radio", name="Ja, eine berufsbildende Schule", exact=False).first.check()
    page.get_by_role("button", name="Weiter", exact=True).click()
    page.wait_for_load_state()
    check_page(page, axe)
    draft.refresh_from_db()
    assert draft.answers["schulbesuch"] == [{"sb_person": "Kim", "sb_schule": "berufsbildend"}]


def test_the_catalogue_says_the_schulbedarf_is_paid_without_application(page, axe, citizen):
    login(page, axe, citizen)
    visit(page, axe, "/portal/erledigen/?q=Schulbedarf")
    text = page.content()
    assert "zahlen wir ohne Antrag mit der monatlichen Leistung" in text
    assert "Veränderungsmitteilung" in text
    shot(page, "katalog-but", resize=True)
