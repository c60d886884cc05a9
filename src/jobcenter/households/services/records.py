"""Staff writes on persons, memberships and bank accounts: each change with its reason,
recorded field by field in ``HouseholdChange`` (the history on the person page)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from schwifty import IBAN
from schwifty.exceptions import SchwiftyException

from jobcenter.accounts.models import User
from jobcenter.households.models import (
    BankAccount,
    Bedarfsgemeinschaft,
    HouseholdChange,
    Membership,
    NoteCategory,
    Person,
    PersonNote,
)
from jobcenter.households.services.numbering import assign_bg_number, assign_customer_number

Kind = HouseholdChange.Kind

#: Person fields staff may change → the label stored in the history (German msgid).
PERSON_FIELDS = {
    "first_name": gettext_noop("Vorname"),
    "last_name": gettext_noop("Nachname"),
    "birth_date": gettext_noop("Geburtsdatum"),
    "sex": gettext_noop("Geschlecht"),
    "street": gettext_noop("Straße und Hausnummer"),
    "postcode": gettext_noop("Postleitzahl"),
    "city": gettext_noop("Ort"),
    "phone": gettext_noop("Telefon"),
}


class HouseholdError(ValueError):
    """A change the rules do not allow; the message is translated and user-facing."""


def _reason(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise HouseholdError(_("Bitte geben Sie an, warum Sie die Angaben ändern."))
    return reason[:500]


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)[:300]


def _log(person: Person | None, bg: Bedarfsgemeinschaft | None, *, jobcenter_id: int,
         kind: str, field: str, old: Any, new: Any, reason: str, actor: User | None) -> None:
    HouseholdChange.objects.create(
        jobcenter_id=jobcenter_id, person=person, bedarfsgemeinschaft=bg, kind=kind,
        field=field, old=_text(old), new=_text(new), reason=reason, actor=actor)


def _role_de(role: str) -> str:
    """A role's label in German (history entries are stored in German, shown translated)."""
    with translation.override("de"):
        return str(Membership.Role(role).label)


def _same_jobcenter(actor: User, jobcenter_id: int) -> None:
    if actor.jobcenter_id != jobcenter_id:
        raise HouseholdError(_("Diese Person gehört zu einem anderen Jobcenter."))


@transaction.atomic
def person_update(*, person: Person, actor: User, reason: str, **fields: Any) -> list[str]:
    """Change the person's master data; one history entry per changed field. Returns the
    labels of the changed fields (empty: nothing changed, nothing recorded)."""
    reason = _reason(reason)
    _same_jobcenter(actor, person.jobcenter_id)
    unknown = set(fields) - set(PERSON_FIELDS)
    if unknown:
        raise ValueError(f"not changeable here: {sorted(unknown)}")
    locked = Person.objects.select_for_update().get(pk=person.pk)
    changed = []
    for name, value in fields.items():
        if isinstance(value, str):
            value = value.strip()
        old = getattr(locked, name)
        if old == value:
            continue
        setattr(locked, name, value)
        changed.append(name)
        _log(locked, None, jobcenter_id=locked.jobcenter_id, kind=Kind.PERSON,
             field=PERSON_FIELDS[name], old=old, new=value, reason=reason, actor=actor)
    if changed:
        locked.save(update_fields=changed)
        for name in changed:
            setattr(person, name, getattr(locked, name))
    return [PERSON_FIELDS[name] for name in changed]


def _overlapping(person: Person, start: dt.date, end: dt.date | None,
                 exclude: int | None = None) -> bool:
    qs = Membership.objects.filter(person=person)
    if exclude is not None:
        qs = qs.exclude(pk=exclude)
    if end is not None:
        qs = qs.filter(valid_from__lte=end)
    return qs.exclude(valid_to__lt=start).exists()


def _check_role(bg: Bedarfsgemeinschaft, role: str, start: dt.date, end: dt.date | None,
                exclude: int | None = None) -> None:
    if role not in (Membership.Role.ANTRAGSTELLER, Membership.Role.PARTNER):
        return
    qs = bg.memberships.filter(role=role)
    if exclude is not None:
        qs = qs.exclude(pk=exclude)
    if end is not None:
        qs = qs.filter(valid_from__lte=end)
    if qs.exclude(valid_to__lt=start).exists():
        raise HouseholdError(
            _("In dieser Bedarfsgemeinschaft gibt es in diesem Zeitraum schon eine Person "
              "mit der Rolle „%(role)s“.") % {"role": Membership.Role(role).label})


@transaction.atomic
def person_add_to_household(
    *, bg: Bedarfsgemeinschaft, actor: User, reason: str, first_name: str, last_name: str,
    birth_date: dt.date, role: str, valid_from: dt.date, sex: str = Person.Sex.NONE,
) -> Person:
    """A new member (birth, moving in): a new person with Kundennummer and the person's
    address of the household, member from ``valid_from``."""
    reason = _reason(reason)
    _same_jobcenter(actor, bg.jobcenter_id)
    Bedarfsgemeinschaft.objects.select_for_update().get(pk=bg.pk)  # one change at a time
    assign_bg_number(bg)  # a household from before the numbering gets its number now
    if valid_from < birth_date:
        raise HouseholdError(_("Die Mitgliedschaft kann nicht vor der Geburt beginnen."))
    _check_role(bg, role, valid_from, None)
    address = (bg.memberships.filter(role=Membership.Role.ANTRAGSTELLER)
               .select_related("person").order_by("-valid_from").first())
    person = Person.objects.create(
        jobcenter_id=bg.jobcenter_id, first_name=first_name.strip(),
        last_name=last_name.strip(), birth_date=birth_date, sex=sex,
        street=address.person.street if address else "",
        postcode=address.person.postcode if address else "",
        city=address.person.city if address else "",
    )
    assign_customer_number(person)
    membership = Membership.objects.create(bedarfsgemeinschaft=bg, person=person, role=role,
                                           valid_from=valid_from)
    _log(person, bg, jobcenter_id=bg.jobcenter_id, kind=Kind.MEMBERSHIP,
         field=gettext_noop("Rolle"), old="", new=_role_de(membership.role), reason=reason,
         actor=actor)
    _log(person, bg, jobcenter_id=bg.jobcenter_id, kind=Kind.MEMBERSHIP,
         field=gettext_noop("Mitglied ab"), old="", new=valid_from, reason=reason, actor=actor)
    bg.persons_in_dwelling = max(bg.persons_in_dwelling,
                                 bg.current_memberships(valid_from).count())
    bg.save(update_fields=["persons_in_dwelling"])
    return person


@transaction.atomic
def membership_end(*, membership: Membership, valid_to: dt.date, actor: User,
                   reason: str) -> Membership:
    """The person leaves the Bedarfsgemeinschaft (moving out, death): member until
    ``valid_to`` (the last day)."""
    reason = _reason(reason)
    locked = Membership.objects.select_for_update().select_related(
        "bedarfsgemeinschaft", "person").get(pk=membership.pk)
    _same_jobcenter(actor, locked.bedarfsgemeinschaft.jobcenter_id)
    if valid_to < locked.valid_from:
        raise HouseholdError(_("Das Ende darf nicht vor dem Beginn der Mitgliedschaft liegen."))
    if locked.valid_to is not None and locked.valid_to <= valid_to:
        raise HouseholdError(_("Diese Mitgliedschaft endet schon früher."))
    old = locked.valid_to
    locked.valid_to = valid_to
    locked.save(update_fields=["valid_to"])
    _log(locked.person, locked.bedarfsgemeinschaft,
         jobcenter_id=locked.bedarfsgemeinschaft.jobcenter_id, kind=Kind.MEMBERSHIP,
         field=gettext_noop("Mitglied bis"), old=old, new=valid_to, reason=reason, actor=actor)
    return locked


@transaction.atomic
def membership_update(*, membership: Membership, actor: User, reason: str, role: str,
                      valid_from: dt.date, valid_to: dt.date | None) -> list[str]:
    """Correct a membership's role or dates; one history entry per changed value."""
    reason = _reason(reason)
    locked = Membership.objects.select_for_update().select_related(
        "bedarfsgemeinschaft", "person").get(pk=membership.pk)
    bg = locked.bedarfsgemeinschaft
    _same_jobcenter(actor, bg.jobcenter_id)
    if valid_to is not None and valid_to < valid_from:
        raise HouseholdError(_("Das Ende darf nicht vor dem Beginn der Mitgliedschaft liegen."))
    if valid_from < locked.person.birth_date:
        raise HouseholdError(_("Die Mitgliedschaft kann nicht vor der Geburt beginnen."))
    if _overlapping(locked.person, valid_from, valid_to, exclude=locked.pk):
        raise HouseholdError(_("In diesem Zeitraum gehört die Person schon zu einer anderen "
                               "Bedarfsgemeinschaft."))
    _check_role(bg, role, valid_from, valid_to, exclude=locked.pk)
    changed = []
    for name, label, value in (("role", gettext_noop("Rolle"), role),
                               ("valid_from", gettext_noop("Mitglied ab"), valid_from),
                               ("valid_to", gettext_noop("Mitglied bis"), valid_to)):
        old = getattr(locked, name)
        if old == value:
            continue
        setattr(locked, name, value)
        changed.append(name)
        if name == "role":
            old, value = _role_de(str(old)), _role_de(str(value))
        _log(locked.person, bg, jobcenter_id=bg.jobcenter_id, kind=Kind.MEMBERSHIP,
             field=label, old=old, new=value, reason=reason, actor=actor)
    if changed:
        locked.save(update_fields=changed)
    return changed


def normalize_iban(raw: str) -> str:
    """The IBAN in its compact form; HouseholdError with a message if it is not valid
    (checksum, country format)."""
    try:
        return IBAN(raw).compact
    except (SchwiftyException, ValueError) as exc:
        raise HouseholdError(
            _("Diese IBAN ist nicht gültig. Bitte prüfen Sie sie, zum Beispiel "
              "DE02 1203 0000 0000 2020 51.")) from exc


@transaction.atomic
def bank_account_set(*, person: Person, iban: str, holder: str, valid_from: dt.date,
                     actor: User, reason: str, bic: str = "") -> BankAccount:
    """The account paid to from ``valid_from`` on; the account valid before ends the day
    before. The same IBAN from the same day again changes nothing (double click)."""
    reason = _reason(reason)
    _same_jobcenter(actor, person.jobcenter_id)
    compact = normalize_iban(iban)
    Person.objects.select_for_update().get(pk=person.pk)  # one change at a time
    same = BankAccount.objects.filter(person=person, iban=compact, valid_from=valid_from).first()
    if same is not None:
        return same
    previous = (BankAccount.objects.filter(person=person, valid_from__lt=valid_from)
                .exclude(valid_to__lt=valid_from).order_by("-valid_from").first())
    if BankAccount.objects.filter(person=person, valid_from__gte=valid_from).exists():
        raise HouseholdError(_("Ab diesem Tag oder später ist schon eine andere Bankverbindung "
                               "eingetragen. Bitte wählen Sie einen späteren Tag."))
    if previous is not None:
        previous.valid_to = valid_from - dt.timedelta(days=1)
        previous.save(update_fields=["valid_to"])
    account = BankAccount.objects.create(
        person=person, iban=compact, bic=bic.strip().upper(), holder=holder.strip(),
        valid_from=valid_from, created_by=actor)
    _log(person, None, jobcenter_id=person.jobcenter_id, kind=Kind.BANK,
         field=gettext_noop("IBAN"), old=f"****{previous.iban[-4:]}" if previous else "",
         new=f"****{compact[-4:]}", reason=reason, actor=actor)
    _log(person, None, jobcenter_id=person.jobcenter_id, kind=Kind.BANK,
         field=gettext_noop("Bankverbindung gültig ab"), old="", new=valid_from, reason=reason,
         actor=actor)
    return account


@transaction.atomic
def person_note_add(*, person: Person, actor: User, category: str, text: str) -> PersonNote:
    """A Vermerk on the person (staff only)."""
    _same_jobcenter(actor, person.jobcenter_id)
    text = text.strip()
    if not text:
        raise HouseholdError(_("Bitte schreiben Sie einen Vermerk."))
    if category not in NoteCategory.values:
        raise HouseholdError(_("Bitte wählen Sie eine Kategorie."))
    return PersonNote.objects.create(person=person, author=actor, category=category,
                                     text=text[:5000])
