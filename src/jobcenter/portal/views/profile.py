"""The citizen's profile: contact details, postal address (a move changes the responsible
Jobcenter), a new bank account (sent to the eAkte as a Veränderungsmitteilung), how
Bescheide are delivered and which e-mails are wanted. Sign-in security and the list of
signed-in devices live in ``accounts`` (``/konto/sicherheit/``, ``/konto/sitzungen/``)."""

from __future__ import annotations

import secrets
from typing import Any

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from jobcenter.accounts.models import User
from jobcenter.accounts.services import AccountError
from jobcenter.antraege.models import Submission
from jobcenter.antraege.services import SubmissionError, bank_account_change, base_answers_for
from jobcenter.core.access import AuthenticatedHttpRequest, citizen_required
from jobcenter.decisions.models import DeliveryPreference
from jobcenter.decisions.services import delivery_preference_set
from jobcenter.households.selectors import current_household_for_user
from jobcenter.households.services import citizen_address_update, citizen_contact_update
from jobcenter.notifications import preferences, sms
from jobcenter.portal.forms import (
    AddressForm,
    BankAccountForm,
    ContactForm,
    DeliveryForm,
    NotificationForm,
    SmsNotificationForm,
)


def _person(user: object) -> object | None:
    try:
        return user.person  # type: ignore[attr-defined]
    except Exception:  # RelatedObjectDoesNotExist: no person record yet
        return None


def _address(user: User) -> dict[str, str]:
    person = _person(user)
    return {
        "street": user.street or getattr(person, "street", ""),
        "postcode": user.postcode or getattr(person, "postcode", ""),
        "city": user.city or getattr(person, "city", ""),
    }


def masked_iban(iban: str) -> str:
    """"DE89 •••• •••• •••• •••• 00": enough to recognise the account, not to copy it."""
    compact = "".join((iban or "").split()).upper()
    if len(compact) < 8:
        return ""
    hidden = compact[:4] + "•" * (len(compact) - 6) + compact[-2:]
    return " ".join(hidden[i:i + 4] for i in range(0, len(hidden), 4))


def _posted(request: AuthenticatedHttpRequest) -> Any:
    """The POST data (also when empty, so an empty submit is validated), or None on GET."""
    return request.POST if request.method == "POST" else None


def _channel(user: User) -> str:
    pref = DeliveryPreference.objects.filter(user=user).first()
    return pref.channel if pref else DeliveryPreference.Channel.POST


@citizen_required
def profile(request: AuthenticatedHttpRequest) -> HttpResponse:
    user = request.user
    state = base_answers_for(user=user, person=None)
    last_bank = (Submission.objects.filter(user=user, draft_key__startswith="profil-konto:")
                 .order_by("-submitted_at").first())
    return render(request, "portal/profile.html", {
        "household": current_household_for_user(user),
        "address": _address(user),
        "phone": user.phone or getattr(_person(user), "phone", ""),
        "iban": masked_iban(str(state.get("iban") or "")),
        "last_bank": last_bank,
        "channel": _channel(user),
        "notify": preferences.settings_for(user),
        "sms_available": sms.sms_available(),
    })


@citizen_required
@require_http_methods(["GET", "POST"])
def contact(request: AuthenticatedHttpRequest) -> HttpResponse:
    user = request.user
    initial = {"phone": user.phone or getattr(_person(user), "phone", "")}
    form = ContactForm(_posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        citizen_contact_update(user=user, phone=form.cleaned_data["phone"])
        messages.success(request, _("Ihre Telefonnummer ist gespeichert."))
        return redirect("portal:profile")
    return render(request, "portal/profile_contact.html", {"form": form},
                  status=400 if form.errors else 200)


@citizen_required
@require_http_methods(["GET", "POST"])
def address(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The postal address; a new postcode is a move and may change the Jobcenter."""
    user = request.user
    form = AddressForm(_posted(request), initial=_address(user))
    if request.method == "POST" and form.is_valid():
        try:
            change = citizen_address_update(user=user, **form.cleaned_data)
        except AccountError as exc:
            form.add_error("postcode", str(exc))
        else:
            if change.jobcenter_changed:
                messages.success(request, _(
                    "Ihre Anschrift ist gespeichert. Für Ihren neuen Wohnort ist jetzt "
                    "%(jobcenter)s zuständig.") % {"jobcenter": change.jobcenter.name})
            else:
                messages.success(request, _("Ihre Anschrift ist gespeichert."))
            if change.postcode_changed:
                messages.info(request, _(
                    "Sind Sie umgezogen? Bitte teilen Sie den Umzug mit den neuen Wohnkosten "
                    "auch mit einer Veränderungsmitteilung mit, damit Ihre Leistung stimmt."))
            return redirect("portal:profile")
    return render(request, "portal/profile_address.html", {
        "form": form, "vaem_url": reverse("formengine:start", args=["veraenderung"]),
    }, status=400 if form.errors else 200)


@citizen_required
@require_http_methods(["GET", "POST"])
def bank_account(request: AuthenticatedHttpRequest) -> HttpResponse:
    """A new bank account, sent to the Jobcenter as a Veränderungsmitteilung."""
    form = BankAccountForm(_posted(request), initial={"key": secrets.token_hex(16)})
    if request.method == "POST" and form.is_valid():
        try:
            submission = bank_account_change(user=request.user, iban=form.cleaned_data["iban"],
                                             key=form.cleaned_data["key"])
        except SubmissionError as exc:
            form.add_error(None, str(exc))
        else:
            # the receipt page says that it arrived, with the reference and the new IBAN
            return redirect("antraege:detail", reference=submission.reference)
    return render(request, "portal/profile_bank.html", {"form": form},
                  status=400 if form.errors else 200)


@citizen_required
@require_http_methods(["GET", "POST"])
def delivery(request: AuthenticatedHttpRequest) -> HttpResponse:
    """How Bescheide reach the citizen (§ 37 Abs. 2a SGB X: online only by their choice)."""
    form = DeliveryForm(_posted(request), initial={"channel": _channel(request.user)})
    if request.method == "POST" and form.is_valid():
        delivery_preference_set(user=request.user, channel=form.cleaned_data["channel"])
        messages.success(request, _("Ihre Wahl ist gespeichert."))
        return redirect("portal:profile")
    return render(request, "portal/profile_delivery.html", {"form": form},
                  status=400 if form.errors else 200)


@citizen_required
@require_http_methods(["GET", "POST"])
def notifications(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Which notices by e-mail and — if the platform sends SMS — by SMS."""
    chosen = preferences.settings_for(request.user)
    initial = {"case_updates": chosen.case_updates, "reminders": chosen.reminders,
               "sms_important": chosen.sms_important, "sms_case_updates": chosen.sms_case_updates,
               "sms_reminders": chosen.sms_reminders}
    mobile = sms.mobile_number(request.user.phone)
    form: NotificationForm
    if sms.sms_available():
        form = SmsNotificationForm(_posted(request), initial=initial, has_mobile=bool(mobile))
    else:
        form = NotificationForm(_posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        preferences.settings_set(user=request.user, **form.cleaned_data)
        messages.success(request, _("Ihre Wahl ist gespeichert."))
        return redirect("portal:profile")
    return render(request, "portal/profile_notifications.html", {
        "form": form, "sms_available": sms.sms_available(), "mobile": mobile,
    }, status=400 if form.errors else 200)
