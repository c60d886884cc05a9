"""Staff pages of issue 15 (persons and BG, matching, Wiedervorlagen, the admin's work
area): three actors on every new URL, and each page's work end to end."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from jobcenter.accounts.models import User
from jobcenter.accounts.services import assignable_staff
from jobcenter.casefiles.models import FollowUp, InternalNote
from jobcenter.casefiles.services import create_follow_up
from jobcenter.core.roles import Role
from jobcenter.formengine import scanning
from jobcenter.households.models import BankAccount, HouseholdChange, Membership, Person
from jobcenter.jobcenters.models import Team
from tests.casefiles.conftest import PNG
from tests.conftest import login
from tests.factories import StaffFactory
from tests.households.tenancy import case_without_person, pending_person

D = dt.date


def _date(prefix, day):
    return {f"{prefix}-tag": str(day.day), f"{prefix}-monat": str(day.month),
            f"{prefix}-jahr": str(day.year)}


@pytest.fixture
def person(citizen):
    return Person.objects.get(user=citizen)


@pytest.fixture
def world(citizen, person):
    class W:
        pass

    w = W()
    w.jobcenter, w.citizen, w.person = citizen.jobcenter, citizen, person
    w.staff = StaffFactory(jobcenter=citizen.jobcenter, email="sam@alpha.example")
    return w


def _urls(world, case):
    follow_up = create_follow_up(jobcenter_id=world.jobcenter.pk, person=world.person,
                                 due_on=D(2026, 12, 1), text="Mietnachweis", key="t",
                                 assignee=None, team=None)
    membership = world.person.memberships.get()
    return {
        "leistung": [
            reverse("backoffice:person_edit", args=[world.person.pk]),
            reverse("backoffice:bank_account", args=[world.person.pk]),
            reverse("backoffice:person_note_add", args=[world.person.pk]),
            reverse("backoffice:member_add", args=[world.person.pk]),
            reverse("backoffice:membership_edit", args=[membership.pk]),
            reverse("backoffice:match_detail", args=[pending_person(world).pk]),
            reverse("backoffice:person_follow_up", args=[world.person.pk]),
            reverse("backoffice:case_link", args=[case_without_person(world).pk]),
            reverse("casefiles:follow_up_create", args=[case.pk]),
            reverse("casefiles:follow_up_done", args=[follow_up.pk]),
        ],
        "admin": [reverse("backoffice:staff_edit", args=[world.staff.pk])],
    }


def test_three_actors_on_every_new_object_url(client, world, make_case, citizen,
                                              other_citizen, other_caseworker, other_jobcenter):
    case = make_case(user=citizen)
    urls = _urls(world, case)
    other_admin = StaffFactory(jobcenter=other_jobcenter, role=Role.JOBCENTER_ADMIN)
    for url in urls["leistung"] + urls["admin"]:
        for actor in (citizen, other_citizen):  # the citizen and another citizen: no entry
            login(client, actor)
            assert client.get(url).status_code == 403, url
            assert client.post(url).status_code == 403, url
        # staff of another Jobcenter: nothing (404 on the object, 403 by role)
        actor = other_admin if url in urls["admin"] else other_caseworker
        login(client, actor)
        for method in (client.get, client.post):
            response = method(url)
            assert response.status_code in (403, 404, 405), url
            assert "Adler" not in response.content.decode()


def test_lists_and_settings_per_role(client, world, citizen, other_caseworker,
                                     other_jobcenter):
    vermittlung = StaffFactory(jobcenter=world.jobcenter, role=Role.VERMITTLUNG)
    caseworker = StaffFactory(jobcenter=world.jobcenter, role=Role.LEISTUNG)
    other_admin = StaffFactory(jobcenter=other_jobcenter, role=Role.JOBCENTER_ADMIN)
    pending_person(world)
    for url, allowed, denied in (
        (reverse("backoffice:match_list"), caseworker, vermittlung),
        (reverse("casefiles:follow_ups"), caseworker, vermittlung),
        (reverse("backoffice:settings"), None, caseworker),
        (reverse("backoffice:letterhead_preview"), None, caseworker),
    ):
        login(client, citizen)
        assert client.get(url).status_code == 403
        login(client, denied)  # a role without the right
        assert client.get(url).status_code == 403
        if allowed is not None:
            login(client, allowed)
            assert client.get(url).status_code == 200
        login(client, other_caseworker if allowed else other_admin)
        response = client.get(url)
        assert response.status_code in (200, 403)
        html = response.content.decode(errors="replace")
        assert "Quellfeld" not in html and "Jobcenter Alpha" not in html
    # a team without the right to change master data
    login(client, vermittlung)
    assert client.get(reverse("backoffice:person_edit", args=[world.person.pk])
                      ).status_code == 403


# --- Persons and the BG -------------------------------------------------------------------


def test_person_edit_needs_a_reason_and_shows_in_the_history(client, world, caseworker):
    login(client, caseworker)
    url = reverse("backoffice:person_edit", args=[world.person.pk])
    page = client.get(url)
    assert page.status_code == 200 and 'value="Adler"' in page.content.decode()
    data = {"first_name": "Alice", "last_name": "Adler-Berg", **_date("birth_date", D(1985, 5, 17)),
            "sex": "w", "street": "Neuer Weg 2", "postcode": "11111", "city": "Alphastadt",
            "phone": "", "reason": ""}
    response = client.post(url, data)
    assert response.status_code == 200
    assert "warum Sie die Angaben ändern" in response.content.decode()
    world.person.refresh_from_db()
    assert world.person.last_name == "Adler"  # nothing stored
    response = client.post(url, {**data, "reason": "Heirat laut Urkunde"})
    assert response.status_code == 302
    page = client.get(reverse("backoffice:person_detail", args=[world.person.pk])).content.decode()
    assert "Adler-Berg" in page and "Heirat laut Urkunde" in page
    assert "Neuer Weg 2" in page


def test_postcode_with_letters_is_refused_with_a_message(client, world, caseworker):
    login(client, caseworker)
    response = client.post(reverse("backoffice:person_edit", args=[world.person.pk]), {
        "first_name": "Alice", "last_name": "Adler", **_date("birth_date", D(1985, 5, 17)),
        "sex": "w", "postcode": "1A111", "reason": "Umzug"})
    assert response.status_code == 200
    assert "fünf Ziffern" in response.content.decode()


def test_member_add_and_membership_end(client, world, caseworker):
    login(client, caseworker)
    response = client.post(reverse("backoffice:member_add", args=[world.person.pk]), {
        "first_name": "Ben", "last_name": "Adler", **_date("birth_date", D(2026, 9, 1)),
        "sex": "m", "role": "kind", **_date("valid_from", D(2026, 9, 1)),
        "reason": "Geburt"})
    assert response.status_code == 302
    ben = Person.objects.get(first_name="Ben")
    assert ben.customer_number
    page = client.get(reverse("backoffice:person_detail", args=[world.person.pk])).content.decode()
    assert "Ben Adler" in page
    membership = ben.memberships.get()
    response = client.post(reverse("backoffice:membership_edit", args=[membership.pk]), {
        "role": "kind", **_date("valid_from", D(2026, 9, 1)), **_date("valid_to", D(2026, 8, 1)),
        "reason": "Auszug"})
    assert response.status_code == 200
    assert "nicht vor dem Beginn" in response.content.decode()
    response = client.post(reverse("backoffice:membership_edit", args=[membership.pk]), {
        "role": "kind", **_date("valid_from", D(2026, 9, 1)),
        **_date("valid_to", D(2026, 12, 31)), "reason": "Auszug zum Vater"})
    assert response.status_code == 302
    membership.refresh_from_db()
    assert membership.valid_to == D(2026, 12, 31)


def test_bank_account_page(client, world, caseworker):
    login(client, caseworker)
    url = reverse("backoffice:bank_account", args=[world.person.pk])
    response = client.post(url, {"iban": "DE00 1234", "holder": "Alice Adler",
                                 **_date("valid_from", D(2026, 1, 1)), "reason": "Antrag"})
    assert response.status_code == 200 and "IBAN ist nicht gültig" in response.content.decode()
    response = client.post(url, {"iban": "DE02 1203 0000 0000 2020 51", "holder": "Alice Adler",
                                 **_date("valid_from", D(2026, 1, 1)), "reason": "Antrag"})
    assert response.status_code == 302
    assert BankAccount.objects.get(person=world.person).iban == "DE02120300000000202051"
    page = client.get(reverse("backoffice:person_detail", args=[world.person.pk])).content.decode()
    assert "DE02 1203 0000 0000 2020 51" in page


def test_person_note_with_category(client, world, caseworker):
    login(client, caseworker)
    url = reverse("backoffice:person_note_add", args=[world.person.pk])
    assert client.post(url, {"category": "telefonat", "text": ""}).status_code == 400
    assert client.post(url, {"category": "telefonat", "text": "Rückruf wegen Miete"}
                       ).status_code == 302
    page = client.get(reverse("backoffice:person_detail", args=[world.person.pk])).content.decode()
    assert "Telefonat" in page and "Rückruf wegen Miete" in page


def test_case_note_with_category(client, citizen, caseworker, make_case):
    case = make_case(user=citizen)
    login(client, caseworker)
    client.post(reverse("casefiles:note_add", args=[case.pk]),
                {"category": "unterkunft", "text": "Mietvertrag fehlt"})
    note = InternalNote.objects.get(case=case)
    assert note.category == "unterkunft"
    assert "Unterkunft" in client.get(reverse("casefiles:case", args=[case.pk])).content.decode()


def test_matching_screen_merge_and_confirm(client, world, caseworker):
    provisional = pending_person(world)
    # a similar person to merge with: the same name and date of birth elsewhere
    login(client, caseworker)
    listing = client.get(reverse("backoffice:match_list")).content.decode()
    assert "Zacharia Quellfeld" in listing
    url = reverse("backoffice:match_detail", args=[provisional.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"aktion": "neu"})
    assert response.status_code == 302
    provisional.refresh_from_db()
    assert not provisional.match_pending


def test_matching_merge_through_the_page(client, world, caseworker, jobcenter):
    from jobcenter.households.services import MemberSpec, household_create

    bg = household_create(jobcenter=jobcenter, valid_from=D(2026, 1, 1), members=[
        MemberSpec("Alice", "Adler", world.person.birth_date, Membership.Role.ANTRAGSTELLER)])
    twin = bg.memberships.get().person
    twin.match_pending = True
    twin.save()
    login(client, caseworker)
    url = reverse("backoffice:match_detail", args=[twin.pk])
    page = client.get(url).content.decode()
    assert world.person.customer_number in page
    response = client.post(url, {"target": world.person.pk, "reason": ""})
    assert response.status_code == 400
    response = client.post(url, {"target": world.person.pk, "reason": "Ausweis geprüft"})
    assert response.status_code == 302
    twin.refresh_from_db()
    assert twin.merged_into == world.person


def test_case_without_person_is_linked_by_customer_number(client, world, caseworker):
    from jobcenter.households.services import assign_customer_number

    assign_customer_number(world.person)
    case = case_without_person(world)
    login(client, caseworker)
    listing = client.get(reverse("backoffice:match_list")).content.decode()
    assert case.reference in listing
    url = reverse("backoffice:case_link", args=[case.pk])
    client.post(url, {"customer_number": "000X000000"})
    case.refresh_from_db()
    assert case.applicant is None
    client.post(url, {"customer_number": world.person.customer_number})
    case.refresh_from_db()
    assert case.applicant == world.person


# --- Wiedervorlagen ------------------------------------------------------------------------


def test_follow_up_list_filters(client, world, caseworker, make_case, citizen):
    import time_machine

    team = Team.objects.create(jobcenter=world.jobcenter, name="Leistung")
    caseworker.team = team
    caseworker.save()
    colleague = StaffFactory(jobcenter=world.jobcenter, team=team)
    case = make_case(user=citizen)
    with time_machine.travel(dt.datetime(2026, 12, 4, 10, tzinfo=dt.UTC), tick=False):
        for text, due, assignee, team_ in (
            ("Meine heute", D(2026, 12, 4), caseworker, None),
            ("Team überfällig", D(2026, 12, 1), colleague, team),
            ("Später fremd", D(2027, 1, 10), world.staff, None),
        ):
            create_follow_up(jobcenter_id=world.jobcenter.pk, case=case, due_on=due,
                             text=text, assignee=assignee, team=team_)
        login(client, caseworker)
        url = reverse("casefiles:follow_ups")

        def shown(**params):
            html = client.get(url, params).content.decode()
            return {t for t in ("Meine heute", "Team überfällig", "Später fremd") if t in html}

        assert shown() == {"Meine heute", "Team überfällig", "Später fremd"}
        assert shown(wer="meine") == {"Meine heute"}
        assert shown(wer="team") == {"Meine heute", "Team überfällig"}
        assert shown(faellig="heute") == {"Meine heute"}
        assert shown(faellig="ueberfaellig") == {"Team überfällig"}
        assert shown(wer="team", faellig="bis_heute") == {"Meine heute", "Team überfällig"}
        assert shown(faellig="bis_heute") == {"Meine heute", "Team überfällig"}
        queue = client.get(reverse("casefiles:queue")).content.decode()
        assert "Wiedervorlagen: 2" in queue
        done = FollowUp.objects.get(text="Meine heute")
        client.post(reverse("casefiles:follow_up_done", args=[done.pk]))
        client.post(reverse("casefiles:follow_up_done", args=[done.pk]))  # twice: no harm
        done.refresh_from_db()
        assert done.done_at is not None and done.done_by == caseworker
        assert shown(wer="meine") == set()


def test_free_follow_up_on_a_case(client, caseworker, citizen, make_case):
    case = make_case(user=citizen)
    login(client, caseworker)
    url = reverse("casefiles:follow_up_create", args=[case.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {**_date("due_on", D(2027, 2, 1)), "text": "Kontoauszüge",
                                 "assignee": str(caseworker.pk)})
    assert response.status_code == 302
    follow_up = FollowUp.objects.get(case=case)
    assert (follow_up.due_on, follow_up.assignee, follow_up.person) == (
        D(2027, 2, 1), caseworker, case.applicant)
    page = client.get(reverse("casefiles:case", args=[case.pk])).content.decode()
    assert "Kontoauszüge" in page and url in page


def test_rule_based_follow_ups_are_idempotent(citizen, make_case):
    from jobcenter.casefiles.services import follow_ups_for_bescheid

    case = make_case(user=citizen)
    request = {"unterkunft": {"kostensenkung_frist_ende": "2027-06"}}
    for _ in range(2):
        created = follow_ups_for_bescheid(case=case, decision_id=1, period_to=D(2027, 12, 31),
                                          request=request)
    kinds = {f.kind: f.due_on for f in created}
    assert kinds == {"bwz_ende": D(2027, 11, 19), "kostensenkung": D(2027, 6, 2)}
    assert FollowUp.objects.filter(case=case).count() == 2


def test_never_activated_accounts_are_not_offered(jobcenter, caseworker):
    fresh = StaffFactory(jobcenter=jobcenter, email="neu@alpha.example")
    fresh.set_unusable_password()
    fresh.save()
    gone = StaffFactory(jobcenter=jobcenter, email="weg@alpha.example", is_active=False)
    offered = set(assignable_staff(jobcenter_id=jobcenter.pk))
    assert caseworker in offered and fresh not in offered and gone not in offered


# --- The admin's work area --------------------------------------------------------------


def test_last_admin_cannot_demote_or_deactivate_themselves(client, jobcenter_admin):
    login(client, jobcenter_admin)
    url = reverse("backoffice:staff_edit", args=[jobcenter_admin.pk])
    data = {"first_name": "Ada", "last_name": "Admin", "role": Role.LEISTUNG,
            "is_active": "on"}
    response = client.post(url, data)
    assert response.status_code == 200
    assert "letzte aktive Konto" in response.content.decode()
    response = client.post(url, {**data, "role": Role.JOBCENTER_ADMIN, "is_active": ""})
    assert "letzte aktive Konto" in response.content.decode()
    jobcenter_admin.refresh_from_db()
    assert jobcenter_admin.role == Role.JOBCENTER_ADMIN and jobcenter_admin.is_active


def test_admin_edits_deactivates_and_promotes_within_the_domains(client, jobcenter,
                                                                 jobcenter_admin, caseworker):
    team = Team.objects.create(jobcenter=jobcenter, name="Leistung 1")
    login(client, jobcenter_admin)
    url = reverse("backoffice:staff_edit", args=[caseworker.pk])
    base = {"first_name": "Carla", "last_name": "Neu", "role": Role.LEISTUNG,
            "team": str(team.pk), "is_active": "on"}
    assert client.post(url, base).status_code == 302
    caseworker.refresh_from_db()
    assert (caseworker.last_name, caseworker.team) == ("Neu", team)
    # promotion to admin: only with an address of the Jobcenter's domains
    response = client.post(url, {**base, "role": Role.JOBCENTER_ADMIN})
    assert "noch keine E-Mail-Domains" in response.content.decode()
    jobcenter.email_domains = "beta.example"
    jobcenter.save()
    response = client.post(url, {**base, "role": Role.JOBCENTER_ADMIN})
    assert "beta.example" in response.content.decode()
    jobcenter.email_domains = "alpha.example"
    jobcenter.save()
    assert client.post(url, {**base, "role": Role.JOBCENTER_ADMIN}).status_code == 302
    caseworker.refresh_from_db()
    assert caseworker.role == Role.JOBCENTER_ADMIN
    # now two admins: the first may step down
    me = reverse("backoffice:staff_edit", args=[jobcenter_admin.pk])
    # deactivate the colleague
    assert client.post(url, {**base, "is_active": ""}).status_code == 302
    caseworker.refresh_from_db()
    assert not caseworker.is_active
    response = client.post(me, {"first_name": "A", "last_name": "B", "role": Role.LEISTUNG,
                                "is_active": "on"})
    assert "letzte aktive Konto" in response.content.decode()


def test_new_admin_accounts_only_within_the_domains(client, jobcenter, jobcenter_admin):
    jobcenter.email_domains = "alpha.example"
    jobcenter.save()
    login(client, jobcenter_admin)
    url = reverse("backoffice:staff_create")
    data = {"first_name": "Eve", "last_name": "Extern", "email": "eve@evil.example",
            "role": Role.JOBCENTER_ADMIN}
    response = client.post(url, data)
    assert response.status_code == 200 and "alpha.example" in response.content.decode()
    assert not User.objects.filter(email="eve@evil.example").exists()
    # other roles: any address (e.g. external data protection officers)
    assert client.post(url, {**data, "role": Role.DATENSCHUTZ}).status_code == 302
    assert client.post(url, {**data, "email": "eva@team.alpha.example"}).status_code == 302
    assert User.objects.get(email="eva@team.alpha.example").role == Role.JOBCENTER_ADMIN


def _settings_data(jobcenter, **changes):
    data = {"name": jobcenter.name, "street": jobcenter.street, "postcode": jobcenter.postcode,
            "city": jobcenter.city, "land": "BE", "phone": jobcenter.phone,
            "email": jobcenter.email, "website": "", "opening_hours": "Mo–Fr 8–12 Uhr",
            "theme_colour": "#004b87", "email_domains": "", "intake_team": ""}
    data.update(changes)
    return data


def test_settings_save_and_letterhead_preview(client, jobcenter, jobcenter_admin):
    team = Team.objects.create(jobcenter=jobcenter, name="Leistung")
    login(client, jobcenter_admin)
    url = reverse("backoffice:settings")
    page = client.get(url).content.decode()
    assert "Briefkopf" in page and "Jobcenter Alpha" in page
    response = client.post(url, _settings_data(
        jobcenter, opening_hours="Mo 8–12 Uhr\nDo 14–18 Uhr", intake_team=str(team.pk),
        email_domains="Alpha.example\n@jc-alpha.de", website="jobcenter-alpha.example"))
    assert response.status_code == 302
    jobcenter.refresh_from_db()
    assert jobcenter.opening_hours_lines == ["Mo 8–12 Uhr", "Do 14–18 Uhr"]
    assert jobcenter.email_domain_list == ["alpha.example", "jc-alpha.de"]
    assert jobcenter.intake_team == team and jobcenter.land == "BE"
    assert jobcenter.website == "https://jobcenter-alpha.example"
    bad = client.post(url, _settings_data(jobcenter, postcode="123", email_domains="kein domain"))
    html = bad.content.decode()
    assert bad.status_code == 200 and "fünf Ziffern" in html and "keine E-Mail-Domain" in html
    preview = client.get(reverse("backoffice:letterhead_preview"))
    assert preview.status_code == 200 and preview["Content-Type"] == "application/pdf"
    assert preview.content.startswith(b"%PDF")
    import io

    from pypdf import PdfReader

    text = " ".join(PdfReader(io.BytesIO(preview.content)).pages[0].extract_text().split())
    for expected in ("Jobcenter Alpha", "Teststraße 1", "Do 14–18 Uhr",
                     "Dies ist eine Vorschau und kein Bescheid."):
        assert expected in text, expected


def test_logo_upload_goes_through_the_checks(client, jobcenter, jobcenter_admin, monkeypatch):
    login(client, jobcenter_admin)
    url = reverse("backoffice:settings")
    fake = SimpleUploadedFile("logo.png", b"<svg onload=alert(1)>", content_type="image/png")
    response = client.post(url, {**_settings_data(jobcenter), "logo_upload": fake})
    assert response.status_code == 200
    jobcenter.refresh_from_db()
    assert not jobcenter.logo
    good = SimpleUploadedFile("logo.png", PNG, content_type="image/png")
    assert client.post(url, {**_settings_data(jobcenter), "logo_upload": good}
                       ).status_code == 302
    jobcenter.refresh_from_db()
    assert jobcenter.logo.name.endswith(".png")
    assert client.get(reverse("backoffice:letterhead_preview")).content.startswith(b"%PDF")

    class Infected:
        def scan(self, data):
            return scanning.ScanResult(scanning.INFECTED, "Eicar-Test-Signature")

    monkeypatch.setattr(scanning, "get_scanner", lambda: Infected())
    other = SimpleUploadedFile("x.png", PNG, content_type="image/png")
    response = client.post(url, {**_settings_data(jobcenter), "logo_upload": other})
    assert "Schadsoftware" in response.content.decode()
    assert client.post(url, {**_settings_data(jobcenter), "logo_remove": "on"}
                       ).status_code == 302
    jobcenter.refresh_from_db()
    assert not jobcenter.logo


def test_history_entries_name_the_actor(client, world, caseworker):
    login(client, caseworker)
    client.post(reverse("backoffice:person_edit", args=[world.person.pk]), {
        "first_name": "Alice", "last_name": "Adler", **_date("birth_date", D(1985, 5, 17)),
        "sex": "w", "phone": "030 1", "reason": "Anruf"})
    entry = HouseholdChange.objects.get(person=world.person, field="Telefon")
    assert entry.actor == caseworker


def test_paper_entry_shows_known_persons_before_creating_a_new_one(client, world, caseworker):
    url = reverse("paper:person_new")
    login(client, caseworker)
    data = {"first_name": "Alice", "last_name": "Adler", "birth_date": "17.05.1985",
            "street": "Anderswo 1", "postcode": "11111", "city": "Alphastadt"}
    response = client.post(url, data)
    html = response.content.decode()
    assert response.status_code == 200 and "vielleicht schon bekannt" in html
    assert reverse("paper:person", args=[world.person.pk]) in html
    assert Person.objects.filter(last_name="Adler").count() == 1  # nothing created yet
    response = client.post(url, {**data, "trotzdem": "1"})
    assert response.status_code == 302
    new = Person.objects.exclude(pk=world.person.pk).get(last_name="Adler")
    assert new.customer_number and new.memberships.get().bedarfsgemeinschaft.number
    assert HouseholdChange.objects.filter(person=new, actor=caseworker).exists()
