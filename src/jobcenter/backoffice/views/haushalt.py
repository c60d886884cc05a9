"""Staff pages of the Bedarfsgemeinschaft as data (/arbeitsbereich/personen/…,
/arbeitsbereich/abgleich/…): edit a person, add a member (birth, moving in), change or end a
membership (moving out), the bank account, Vermerke and Wiedervorlagen on a person, and the
matching screen for applicants the intake could not match for sure.

Every change carries a reason and appears in the person's history
(``households.services.records``). Reads go through the selectors, which log.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jobcenter.backoffice.haushalt_forms import (
    BankAccountForm,
    CaseLinkForm,
    FollowUpForm,
    MatchMergeForm,
    MemberAddForm,
    MembershipForm,
    NoteForm,
    PersonEditForm,
)
from jobcenter.casefiles import selectors as case_selectors
from jobcenter.casefiles import services as case_services
from jobcenter.core.access import CHANGE, AuthenticatedHttpRequest, Data, may, staff_required
from jobcenter.households import selectors
from jobcenter.households import services as household_services
from jobcenter.households.models import Membership, Person
from jobcenter.households.services import HouseholdError
from jobcenter.transparency.models import AccessLogEntry
from jobcenter.transparency.reads import staff_read_first, staff_read_one

Purpose = AccessLogEntry.Purpose


def _person(request: AuthenticatedHttpRequest, pk: int) -> Person:
    return selectors.person_for_staff(request.user, pk)


def _membership(request: AuthenticatedHttpRequest, pk: int) -> Membership:
    return staff_read_one(
        user=request.user, reading=selectors.HOUSEHOLD_MEMBER, purpose=Purpose.VIEW_PERSON,
        queryset=Membership.objects.select_related("person", "bedarfsgemeinschaft"), pk=pk)


# --- Person -------------------------------------------------------------------------------


@staff_required(Data.STAMMDATEN, CHANGE)
def person_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    person = _person(request, pk)
    fields = ["first_name", "last_name", "birth_date", "sex", "street", "postcode", "city",
              "phone"]
    form = PersonEditForm(request.POST or None,
                          initial={name: getattr(person, name) for name in fields})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            changed = household_services.person_update(
                person=person, actor=request.user, reason=data["reason"],
                **{name: data[name] for name in fields})
        except HouseholdError as exc:
            form.add_error(None, str(exc))
        else:
            if changed:
                messages.success(request, _("Die Änderungen wurden gespeichert."))
            else:
                messages.info(request, _("Es wurde nichts geändert."))
            return redirect("backoffice:person_detail", pk=person.pk)
    return render(request, "backoffice/haushalt/person_edit.html",
                  {"person": person, "form": form})


@staff_required(Data.STAMMDATEN, CHANGE)
def bank_account(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    person = _person(request, pk)
    today = timezone.localdate()
    current = selectors.payment_account_for(person, today)
    form = BankAccountForm(request.POST or None, initial={
        "holder": current.holder if current else f"{person.first_name} {person.last_name}",
        "valid_from": today})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            household_services.bank_account_set(
                person=person, iban=data["iban"], bic=data["bic"], holder=data["holder"],
                valid_from=data["valid_from"], actor=request.user, reason=data["reason"])
        except HouseholdError as exc:
            form.add_error("iban" if "IBAN" in str(exc) else None, str(exc))
        else:
            messages.success(request, _("Die Bankverbindung wurde gespeichert."))
            return redirect("backoffice:person_detail", pk=person.pk)
    return render(request, "backoffice/haushalt/bank_account.html",
                  {"person": person, "form": form, "current": current})


@staff_required(Data.STAMMDATEN, CHANGE)
@require_POST
def person_note_add(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    person = _person(request, pk)
    form = NoteForm(request.POST)
    if form.is_valid():
        household_services.person_note_add(
            person=person, actor=request.user, category=form.cleaned_data["category"],
            text=form.cleaned_data["text"])
        messages.success(request, _("Der Vermerk wurde gespeichert."))
        return redirect("backoffice:person_detail", pk=person.pk)
    return render(request, "backoffice/haushalt/note_add.html",
                  {"person": person, "form": form}, status=400)


@staff_required(Data.LEISTUNGSAKTE, CHANGE)
def person_follow_up(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """A free Wiedervorlage on the person (not tied to one case)."""
    person = _person(request, pk)
    form = FollowUpForm(request.POST or None, jobcenter_id=request.user.jobcenter_id,
                        initial={"assignee": request.user.pk})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        case_services.create_follow_up(
            jobcenter_id=person.jobcenter_id, person=person, due_on=data["due_on"],
            text=data["text"], assignee=data["assignee"], team=data["team"],
            created_by=request.user)
        messages.success(request, _("Die Wiedervorlage wurde angelegt."))
        return redirect("backoffice:person_detail", pk=person.pk)
    return render(request, "backoffice/haushalt/follow_up.html",
                  {"person": person, "form": form, "back": ("backoffice:person_detail",
                                                            person.pk)})


# --- Bedarfsgemeinschaft --------------------------------------------------------------


@staff_required(Data.STAMMDATEN, CHANGE)
def member_add(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """A new member of the person's current Bedarfsgemeinschaft (``pk``: the person)."""
    person = _person(request, pk)
    today = timezone.localdate()
    household = selectors.current_household_for_person(person, today)
    if household is None:
        messages.error(request, _("Diese Person gehört heute zu keiner Bedarfsgemeinschaft."))
        return redirect("backoffice:person_detail", pk=person.pk)
    bg = household.bedarfsgemeinschaft
    form = MemberAddForm(request.POST or None, initial={"last_name": person.last_name})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            member = household_services.person_add_to_household(
                bg=bg, actor=request.user, reason=data["reason"],
                first_name=data["first_name"], last_name=data["last_name"],
                birth_date=data["birth_date"], sex=data["sex"], role=data["role"],
                valid_from=data["valid_from"])
        except HouseholdError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("%(name)s gehört jetzt zur Bedarfsgemeinschaft "
                                        "%(number)s.") % {"name": str(member),
                                                          "number": str(bg)})
            return redirect("backoffice:person_detail", pk=person.pk)
    return render(request, "backoffice/haushalt/member_add.html",
                  {"person": person, "bg": bg, "form": form})


@staff_required(Data.STAMMDATEN, CHANGE)
def membership_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    membership = _membership(request, pk)
    form = MembershipForm(request.POST or None, initial={
        "role": membership.role, "valid_from": membership.valid_from,
        "valid_to": membership.valid_to})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            changed = household_services.membership_update(
                membership=membership, actor=request.user, reason=data["reason"],
                role=data["role"], valid_from=data["valid_from"], valid_to=data["valid_to"])
        except HouseholdError as exc:
            form.add_error(None, str(exc))
        else:
            if changed:
                messages.success(request, _("Die Mitgliedschaft wurde geändert."))
            else:
                messages.info(request, _("Es wurde nichts geändert."))
            return redirect("backoffice:person_detail", pk=membership.person_id)
    return render(request, "backoffice/haushalt/membership_edit.html",
                  {"membership": membership, "person": membership.person, "form": form})


# --- The matching screen ---------------------------------------------------------------


@staff_required(Data.STAMMDATEN, CHANGE)
def match_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Persons created from an application while a similar person was known, and cases
    that arrived without a person."""
    pending = selectors.persons_match_pending(request.user)
    unlinked = (case_selectors.cases_without_person(request.user)
                if may(request.user, Data.LEISTUNGSAKTE, CHANGE) else [])
    return render(request, "backoffice/haushalt/match_list.html",
                  {"pending": pending, "unlinked": unlinked, "link_form": CaseLinkForm()})


@staff_required(Data.STAMMDATEN, CHANGE)
def match_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    person = _person(request, pk)
    if not person.match_pending:
        messages.info(request, _("Für diese Person ist kein Abgleich mehr offen."))
        return redirect("backoffice:person_detail", pk=person.pk)
    form = MatchMergeForm(request.POST or None)
    found = selectors.match_candidates_for_staff(request.user, person)
    if request.method == "POST":
        if request.POST.get("aktion") == "neu":
            household_services.person_confirm_new(person=person, actor=request.user)
            messages.success(request, _("%(name)s ist als neue Person bestätigt.")
                             % {"name": str(person)})
            return redirect("backoffice:person_detail", pk=person.pk)
        if form.is_valid():
            target = next((c.person for c in found
                           if c.person.pk == form.cleaned_data["target"]), None)
            if target is None:
                form.add_error(None, _("Bitte wählen Sie eine der vorgeschlagenen Personen."))
            else:
                try:
                    moved = case_services.person_merge(
                        provisional=person, target=target, actor=request.user,
                        reason=form.cleaned_data["reason"])
                except (HouseholdError, case_services.CasefilesError) as exc:
                    form.add_error(None, str(exc))
                else:
                    messages.success(request, _(
                        "Zusammengeführt: %(count)s Vorgang/Vorgänge gehören jetzt zu "
                        "%(name)s.") % {"count": moved, "name": str(target)})
                    return redirect("backoffice:person_detail", pk=target.pk)
    return render(request, "backoffice/haushalt/match_detail.html", {
        "person": person, "candidates": found, "form": form,
        "household": selectors.current_household_for_person(person),
    }, status=400 if request.method == "POST" else 200)


@staff_required(Data.LEISTUNGSAKTE, CHANGE)
@require_POST
def case_link(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Link a case that arrived without a person to a person, by Kundennummer."""
    case = case_selectors.case_for_staff(request.user, pk)
    form = CaseLinkForm(request.POST)
    if form.is_valid():
        person = staff_read_first(
            user=request.user, reading=selectors.PERSON, purpose=Purpose.CASE_WORK,
            queryset=Person.objects.filter(
                customer_number__iexact=form.cleaned_data["customer_number"].strip(),
                merged_into__isnull=True))
        if person is None:
            messages.error(request, _("Zu dieser Kundennummer gibt es in Ihrem Jobcenter "
                                      "keine Person."))
        else:
            try:
                case_services.case_link_person(case=case, person=person, actor=request.user)
            except case_services.CasefilesError as exc:
                messages.error(request, str(exc))
            else:
                messages.success(request, _("Der Vorgang %(reference)s gehört jetzt zu "
                                            "%(name)s.") % {"reference": case.reference,
                                                            "name": str(person)})
    else:
        messages.error(request, _("Bitte geben Sie die Kundennummer an."))
    return redirect("backoffice:match_list")
