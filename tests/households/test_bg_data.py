"""The Bedarfsgemeinschaft as data: numbers, changes with reason and history, bank
accounts, the payment account selector, matching of applicants, the calculation start."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from jobcenter.casefiles.services import case_intake
from jobcenter.casefiles.services.follow_ups import create_follow_up
from jobcenter.core import datastand
from jobcenter.decisions.household_input import request_from_household
from jobcenter.households import services
from jobcenter.households.models import BankAccount, HouseholdChange, Membership, Person
from jobcenter.households.selectors import payment_account_for
from jobcenter.households.services import (
    ApplicantData,
    HouseholdError,
    MemberData,
    MemberSpec,
    household_create,
)
from jobcenter.households.services.numbering import bg_number, customer_number
from tests.casefiles.conftest import make_submission
from tests.factories import CitizenFactory, JobcenterFactory

D = dt.date


@pytest.fixture
def household(jobcenter):
    return household_create(
        jobcenter=jobcenter, valid_from=D(2025, 1, 1), street="Lindenweg 4", postcode="11111",
        city="Alphastadt",
        members=[MemberSpec("Greta", "Gärtner", D(1988, 3, 1), Membership.Role.ANTRAGSTELLER),
                 MemberSpec("Paul", "Gärtner", D(2016, 5, 9), Membership.Role.KIND)])


def _person(bg, first):
    return bg.memberships.get(person__first_name=first).person


# --- Numbers ----------------------------------------------------------------------------


def test_numbers_follow_the_ba_formats_per_jobcenter(jobcenter, household):
    jobcenter.agency_number = "12001"
    assert bg_number(jobcenter, 42) == "12001BG0000042"
    assert customer_number(jobcenter, 42) == "120A000042"
    assert customer_number(jobcenter, 1_000_001) == "120B000001"
    greta, paul = _person(household, "Greta"), _person(household, "Paul")
    # without a Dienststellennummer the Jobcenter's id, five digits
    prefix = f"{jobcenter.pk:05d}"
    assert household.number == f"{prefix}BG0000001"
    assert (greta.customer_number, paul.customer_number) == (
        f"{prefix[:3]}A000001", f"{prefix[:3]}A000002")


def test_numbers_are_per_jobcenter_and_never_repeat(jobcenter, other_jobcenter, household):
    other = household_create(jobcenter=other_jobcenter, valid_from=D(2025, 1, 1), members=[
        MemberSpec("Otto", "Ost", D(1970, 1, 1), Membership.Role.ANTRAGSTELLER)])
    assert other.number.endswith("BG0000001")
    third = household_create(jobcenter=jobcenter, valid_from=D(2025, 1, 1), members=[
        MemberSpec("Ida", "Iser", D(1970, 1, 1), Membership.Role.ANTRAGSTELLER)])
    assert third.number.endswith("BG0000002")
    numbers = list(Person.objects.filter(jobcenter=jobcenter)
                   .values_list("customer_number", flat=True))
    assert len(numbers) == len(set(numbers)) == 3


@pytest.mark.django_db(transaction=True)
def test_numbering_is_unique_under_concurrency():
    """Eight households at once (real concurrent transactions on PostgreSQL; SQLite
    serialises them): eight different BG-Nummern and Kundennummern, no error."""
    from django.db import connection

    from tests.concurrency import run_at_once

    jobcenter = JobcenterFactory()
    if connection.vendor != "postgresql":
        pytest.skip("real row locks need PostgreSQL (SQLite serialises whole transactions)")
    counter = iter(range(100))

    def create():
        n = next(counter)
        return household_create(jobcenter=jobcenter, valid_from=D(2025, 1, 1), members=[
            MemberSpec(f"Kim{n}", "Nebenläufig", D(1990, 1, 1),
                       Membership.Role.ANTRAGSTELLER)]).number

    results, errors = run_at_once(create, threads=8)
    assert not errors
    assert len(set(results)) == 8
    numbers = set(Person.objects.filter(jobcenter=jobcenter)
                  .values_list("customer_number", flat=True))
    assert len(numbers) == 8


# --- Changes with a reason, history --------------------------------------------------------


def test_person_update_records_each_field_with_its_reason(jobcenter, household, caseworker):
    greta = _person(household, "Greta")
    changed = services.person_update(person=greta, actor=caseworker, reason="Heirat",
                                     first_name="Greta", last_name="Grün",
                                     birth_date=D(1988, 3, 1), phone="0170 1234")
    assert changed == ["Nachname", "Telefon"]
    greta.refresh_from_db()
    assert greta.last_name == "Grün"
    entries = {(c.field, c.old, c.new, c.reason, c.actor_id) for c in
               HouseholdChange.objects.filter(person=greta, kind="person")}
    assert entries == {("Nachname", "Gärtner", "Grün", "Heirat", caseworker.pk),
                       ("Telefon", "", "0170 1234", "Heirat", caseworker.pk)}
    # nothing changed: nothing recorded
    assert services.person_update(person=greta, actor=caseworker, reason="x",
                                  last_name="Grün") == []
    with pytest.raises(HouseholdError):
        services.person_update(person=greta, actor=caseworker, reason="  ", last_name="X")


def test_staff_of_another_jobcenter_cannot_change_the_person(household, other_caseworker):
    with pytest.raises(HouseholdError):
        services.person_update(person=_person(household, "Greta"), actor=other_caseworker,
                               reason="Test", last_name="X")


def test_birth_and_moving_out_are_dated_memberships(jobcenter, household, caseworker):
    baby = services.person_add_to_household(
        bg=household, actor=caseworker, reason="Geburt laut Urkunde", first_name="Mila",
        last_name="Gärtner", birth_date=D(2026, 10, 3), role=Membership.Role.KIND,
        valid_from=D(2026, 10, 3))
    assert baby.customer_number and baby.street == "Lindenweg 4"
    assert {m.person.first_name for m in household.current_memberships(D(2026, 10, 2))} == {
        "Greta", "Paul"}
    assert {m.person.first_name for m in household.current_memberships(D(2026, 10, 3))} == {
        "Greta", "Paul", "Mila"}
    paul = household.memberships.get(person__first_name="Paul")
    services.membership_end(membership=paul, valid_to=D(2026, 12, 31), actor=caseworker,
                            reason="Auszug zum Vater")
    assert {m.person.first_name for m in household.current_memberships(D(2027, 1, 1))} == {
        "Greta", "Mila"}
    history = HouseholdChange.objects.filter(person=paul.person, kind="mitgliedschaft")
    assert [(c.field, c.new, c.reason) for c in history] == [
        ("Mitglied bis", "2026-12-31", "Auszug zum Vater")]
    with pytest.raises(HouseholdError):  # no second applicant at the same time
        services.person_add_to_household(
            bg=household, actor=caseworker, reason="Einzug", first_name="Nora",
            last_name="Neu", birth_date=D(1990, 1, 1), role=Membership.Role.ANTRAGSTELLER,
            valid_from=D(2026, 1, 1))
    with pytest.raises(HouseholdError):  # not before birth
        services.person_add_to_household(
            bg=household, actor=caseworker, reason="Geburt", first_name="Tim",
            last_name="Gärtner", birth_date=D(2026, 11, 1), role=Membership.Role.KIND,
            valid_from=D(2026, 10, 1))


def test_membership_update_checks_the_periods(household, caseworker):
    paul = household.memberships.get(person__first_name="Paul")
    with pytest.raises(HouseholdError):
        services.membership_update(membership=paul, actor=caseworker, reason="x",
                                   role=Membership.Role.KIND, valid_from=D(2026, 1, 1),
                                   valid_to=D(2025, 1, 1))
    changed = services.membership_update(membership=paul, actor=caseworker,
                                         reason="Partnerin zieht ein", role=Membership.Role.KIND,
                                         valid_from=D(2025, 2, 1), valid_to=None)
    assert changed == ["valid_from"]
    entry = HouseholdChange.objects.get(person=paul.person, field="Mitglied ab")
    assert (entry.old_date, entry.new_date) == (D(2025, 1, 1), D(2025, 2, 1))


# --- Bank accounts and the payment account -------------------------------------------------


def test_bank_account_validated_and_dated_for_payments(household, caseworker):
    greta = _person(household, "Greta")
    with pytest.raises(HouseholdError, match="IBAN"):
        services.bank_account_set(person=greta, iban="DE02 1203 0000 0000 2020 52",
                                  holder="Greta Gärtner", valid_from=D(2026, 1, 1),
                                  actor=caseworker, reason="Antrag")
    first = services.bank_account_set(person=greta, iban="de02 1203 0000 0000 2020 51",
                                      holder="Greta Gärtner", valid_from=D(2026, 1, 1),
                                      actor=caseworker, reason="Antrag")
    assert first.iban == "DE02120300000000202051"
    again = services.bank_account_set(person=greta, iban="DE02120300000000202051",
                                      holder="Greta Gärtner", valid_from=D(2026, 1, 1),
                                      actor=caseworker, reason="Doppelklick")
    assert again == first and BankAccount.objects.filter(person=greta).count() == 1
    second = services.bank_account_set(person=greta, iban="DE89 3704 0044 0532 0130 00",
                                       holder="Greta Gärtner", valid_from=D(2026, 7, 1),
                                       actor=caseworker, reason="Neue Bank")
    first.refresh_from_db()
    assert first.valid_to == D(2026, 6, 30)
    assert payment_account_for(greta, D(2025, 12, 31)) is None
    assert payment_account_for(greta, D(2026, 6, 30)) == first
    assert payment_account_for(greta, D(2026, 7, 1)) == second
    assert HouseholdChange.objects.filter(person=greta, kind="bank", field="IBAN").count() == 2
    with pytest.raises(HouseholdError):  # before the newest start: refused
        services.bank_account_set(person=greta, iban="DE02120300000000202051",
                                  holder="Greta", valid_from=D(2026, 3, 1), actor=caseworker,
                                  reason="x")


# --- Matching ------------------------------------------------------------------------------


def _data(**kw):
    base = {"first_name": "Greta", "last_name": "Gärtner", "birth_date": D(1988, 3, 1),
            "street": "Lindenweg 4", "postcode": "11111", "city": "Alphastadt"}
    base.update(kw)
    return ApplicantData(**base)


def test_a_strong_match_links_the_account_to_the_known_person(jobcenter, household):
    user = CitizenFactory(jobcenter=jobcenter)
    result = services.person_for_application(
        jobcenter=jobcenter, user=user, data=_data(first_name="greta", street="Lindenweg 4 "),
        valid_from=D(2026, 1, 1))
    greta = _person(household, "Greta")
    assert (result.person, result.created, result.match_pending) == (greta, False, False)
    greta.refresh_from_db()
    assert greta.user == user
    # the same account again: the same person
    again = services.person_for_application(jobcenter=jobcenter, user=user, data=_data(),
                                            valid_from=D(2026, 1, 1))
    assert again.person == greta


@pytest.mark.parametrize("changes", [
    {"street": "Ahornweg 1"},                 # moved? same name and birth date
    {"birth_date": D(1988, 3, 2)},            # typo in the birth date
    {"first_name": "Gretha"},                 # same last name and birth date
])
def test_a_weak_match_never_merges(jobcenter, household, changes):
    user = CitizenFactory(jobcenter=jobcenter)
    result = services.person_for_application(jobcenter=jobcenter, user=user,
                                             data=_data(**changes), valid_from=D(2026, 1, 1))
    assert result.created and result.match_pending
    assert result.person != _person(household, "Greta")
    assert result.person.user == user and result.person.customer_number


def test_no_match_creates_the_household_of_the_application(jobcenter):
    user = CitizenFactory(jobcenter=jobcenter)
    result = services.person_for_application(
        jobcenter=jobcenter, user=user, valid_from=D(2026, 1, 1),
        data=_data(first_name="Hanna", last_name="Hell", members=[
            MemberData("Jan", "Hell", D(2018, 2, 2), Membership.Role.KIND)]))
    assert result.created and not result.match_pending
    bg = result.person.memberships.get().bedarfsgemeinschaft
    assert bg.number and {m.person.first_name: m.role for m in bg.memberships.all()} == {
        "Hanna": "antragsteller", "Jan": "kind"}


def test_merging_moves_account_cases_and_removes_the_provisional_household(
        jobcenter, household, caseworker):
    from jobcenter.casefiles.services import person_merge

    user = CitizenFactory(jobcenter=jobcenter, first_name="Greta", last_name="Gärtner")
    submission = dataclasses.replace(
        make_submission(user=user), answers={
            "vorname": "Greta", "nachname": "Gärtner", "geburtsdatum": "1988-03-01",
            "anschrift": {"street": "Rosenweg 9", "postcode": "11111", "city": "Alphastadt"},
            "weitere_personen": True, "personen": [
                {"person_vorname": "Paul", "person_nachname": "Gärtner",
                 "person_geburtsdatum": "2016-05-09", "beziehung": "kind"}]})
    case = case_intake(submission=submission)
    provisional = case.applicant
    assert provisional is not None and provisional.match_pending
    assert case.bedarfsgemeinschaft is not None and case.bedarfsgemeinschaft != household
    greta = _person(household, "Greta")
    # a Wiedervorlage of another case about the provisional person moves to Greta by an
    # update(): that case's staff page is renewed too (datastand.changed)
    other = case_intake(submission=make_submission(jobcenter=jobcenter))
    create_follow_up(jobcenter_id=jobcenter.pk, case=other, person=provisional,
                     text="Nachweise prüfen", due_on=D(2027, 1, 4))
    other_page = f"case:{other.pk}"
    before = datastand.generations([other_page])
    with pytest.raises(HouseholdError):
        person_merge(provisional=provisional, target=greta, actor=caseworker, reason=" ")
    assert person_merge(provisional=provisional, target=greta, actor=caseworker,
                        reason="Gleiche Person, umgezogen") == 1
    after = datastand.generations([other_page])
    assert before is not None and after is not None and after[other_page] > before[other_page]
    assert other.follow_ups.get().person == greta
    case.refresh_from_db()
    greta.refresh_from_db()
    provisional.refresh_from_db()
    assert (case.applicant, case.bedarfsgemeinschaft) == (greta, household)
    assert greta.user == user
    assert provisional.merged_into == greta and not provisional.match_pending
    assert not Person.objects.filter(first_name="Paul", merged_into__isnull=True).exclude(
        pk=_person(household, "Paul").pk).exists()


def test_confirming_a_new_person_is_recorded(jobcenter, household, caseworker):
    result = services.person_for_application(
        jobcenter=jobcenter, user=None, data=_data(street="Ahornweg 1"),
        valid_from=D(2026, 1, 1))
    services.person_confirm_new(person=result.person, actor=caseworker)
    result.person.refresh_from_db()
    assert not result.person.match_pending
    assert HouseholdChange.objects.filter(person=result.person, kind="abgleich").exists()


# --- Intake: never a case without a person; the routing rule -----------------------------


def test_an_online_application_of_a_new_citizen_gets_a_person_and_the_intake_team(jobcenter):
    from jobcenter.jobcenters.models import Team

    team = Team.objects.create(jobcenter=jobcenter, name="Leistung")
    jobcenter.intake_team = team
    jobcenter.save()
    user = CitizenFactory(jobcenter=jobcenter, first_name="Neo", last_name="Neu")
    submission = dataclasses.replace(make_submission(user=user), answers={
        "vorname": "Neo", "nachname": "Neu", "geburtsdatum": "1999-09-09",
        "anschrift": {"street": "Weg 1", "postcode": "11111", "city": "Alphastadt"}})
    case = case_intake(submission=submission)
    assert case.applicant is not None and case.applicant.user == user
    assert case.applicant.customer_number and case.bedarfsgemeinschaft.number
    assert case.team == team


# --- The calculation starts from the BG ---------------------------------------------------


def test_the_calculation_input_takes_the_persons_from_the_bg(jobcenter, household, caseworker):
    user = CitizenFactory(jobcenter=jobcenter)
    greta = _person(household, "Greta")
    greta.user = user
    greta.save()
    case = case_intake(submission=make_submission(user=user))
    services.person_add_to_household(
        bg=household, actor=caseworker, reason="Geburt", first_name="Mila",
        last_name="Gärtner", birth_date=D(2027, 1, 10), role=Membership.Role.KIND,
        valid_from=D(2027, 1, 10))
    request = {"monat": "2027-01", "personen": [
        {"id": "P1", "rolle": "antragsteller", "geburtsdatum": "1988-03-02",
         "einkommen": [{"art": "minijob", "brutto": 300, "netto": 300}]},
        {"id": "P2", "rolle": "kind", "geburtsdatum": "2016-05-09", "eltern": ["P1"]},
        {"id": "P3", "rolle": "partner", "geburtsdatum": "1985-01-01"}]}
    result = request_from_household(case, request)
    persons = {p["id"]: p for p in result["personen"]}
    assert set(persons) == {"P1", "P2", "P4"}  # the partner of the answers is not in the BG
    assert persons["P1"]["geburtsdatum"] == "1988-03-01"  # the BG's date wins
    assert persons["P1"]["einkommen"][0]["netto"] == 300  # the answers' income stays
    assert persons["P4"] == {"id": "P4", "rolle": "kind", "geburtsdatum": "2027-01-10",
                             "anwesend_ab": "2027-01-10", "eltern": ["P1"]}
    assert request["personen"][2]["id"] == "P3"  # the input is not changed in place


