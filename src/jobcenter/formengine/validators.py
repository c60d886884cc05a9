"""Named validators for form questions and the parsing of German input.

Every validator takes the already parsed value (the stored answers shape) and raises
``django.core.exceptions.ValidationError`` with a translated message that says what to fix.
Form definitions name them in ``validators: [...]``; the registry below is the list of
names a definition may use. Add your own with :func:`register`.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from schwifty import BIC, IBAN
from schwifty.exceptions import SchwiftyException
from stdnum.de import idnr

from jobcenter.jobcenters.selectors import jobcenter_for_postcode

Validator = Callable[[Any], None]
_registry: dict[str, Validator] = {}

MONEY_MAX = Decimal("99999999.99")


def register(name: str, validator: Validator) -> None:
    _registry[name] = validator


def registry() -> dict[str, Validator]:
    return dict(_registry)


def get(name: str) -> Validator:
    return _registry[name]


def validator(name: str) -> Callable[[Validator], Validator]:
    def decorator(func: Validator) -> Validator:
        register(name, func)
        return func

    return decorator


# --- parsing of German input -----------------------------------------------------------

_MONEY_DE = re.compile(r"^-?\d{1,3}(\.\d{3})*(,\d+)?$|^-?\d+(,\d+)?$", re.ASCII)
_MONEY_EN = re.compile(r"^-?\d+(\.\d+)?$", re.ASCII)


def parse_money(raw: str) -> str:
    """German ("1.234,56", "1234,5") or plain ("1234.56") input -> "1234.56".

    Not negative, at most two decimals, at most 99,999,999.99.
    """
    text = (raw or "").strip().replace("\u00a0", "").replace(" ", "")
    text = re.sub(r"\s*(€|EUR|Euro)$", "", text, flags=re.IGNORECASE)
    if _MONEY_EN.match(text) and not ("." in text and len(text.split(".")[1]) == 3):
        normal = text
    elif _MONEY_DE.match(text):
        normal = text.replace(".", "").replace(",", ".")
    else:
        raise ValidationError(
            _("Bitte geben Sie einen Betrag in Euro an, zum Beispiel 1.234,56."),
            code="money_format",
        )
    try:
        amount = Decimal(normal)
    except InvalidOperation as exc:
        raise ValidationError(
            _("Bitte geben Sie einen Betrag in Euro an, zum Beispiel 1.234,56."),
            code="money_format",
        ) from exc
    if amount < 0:
        raise ValidationError(_("Der Betrag darf nicht negativ sein."), code="money_negative")
    if amount.as_tuple().exponent < -2 and amount != amount.quantize(Decimal("0.01")):
        raise ValidationError(
            _("Bitte geben Sie höchstens zwei Nachkommastellen (Cent) an."), code="money_decimals"
        )
    if amount > MONEY_MAX:
        raise ValidationError(
            _("Dieser Betrag ist zu hoch. Bitte prüfen Sie Ihre Eingabe."), code="money_too_large"
        )
    return str(amount.quantize(Decimal("0.01")))


def format_money(value: str | None) -> str:
    """ "1234.56" -> "1.234,56" (for display and for the input field)."""
    if value in (None, ""):
        return ""
    try:
        amount = Decimal(str(value)).quantize(Decimal("0.01"))
    except InvalidOperation:
        return str(value)
    whole, cents = f"{amount:.2f}".split(".")
    sign = "-" if whole.startswith("-") else ""
    whole = whole.lstrip("-")
    groups = []
    while whole:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    return f"{sign}{'.'.join(groups)},{cents}"


def parse_date(raw: str) -> str:
    """ "YYYY-MM-DD" (date input) or German "TT.MM.JJJJ" -> "YYYY-MM-DD" (years 1900–2100)."""
    text = (raw or "").strip()
    match = re.fullmatch(r"(\d{1,2})\.(\d{1,2})\.(\d{4})", text, re.ASCII)
    try:
        if match:
            day = dt.date(int(match[3]), int(match[2]), int(match[1]))
        elif re.fullmatch(r"\d{4}-\d{2}-\d{2}", text, re.ASCII):
            day = dt.date.fromisoformat(text)
        else:
            raise ValueError(text)
    except ValueError as exc:
        raise ValidationError(
            _("Bitte geben Sie ein gültiges Datum an, zum Beispiel 31.01.2026."), code="date_format"
        ) from exc
    if not 1900 <= day.year <= 2100:
        raise ValidationError(
            _("Bitte geben Sie ein Datum zwischen 1900 und 2100 an."), code="date_range"
        )
    return day.isoformat()


def parse_number(raw: str) -> int | float:
    text = (raw or "").strip().replace(" ", "")
    if re.fullmatch(r"-?\d{1,3}(\.\d{3})+(,\d+)?", text, re.ASCII):
        text = text.replace(".", "")
    text = text.replace(",", ".")
    if not re.fullmatch(r"-?\d{1,12}(\.\d{1,6})?", text, re.ASCII):
        raise ValidationError(
            _("Bitte geben Sie eine Zahl an, zum Beispiel 12 oder 12,5."), code="number_format"
        )
    number = Decimal(text)
    return int(number) if number == number.to_integral_value() else float(number)


# --- validators ------------------------------------------------------------------------


@validator("iban")
def validate_iban(value: Any) -> None:
    try:
        IBAN(str(value))
    except SchwiftyException as exc:
        raise ValidationError(
            _(
                "Diese IBAN ist nicht gültig. Bitte prüfen Sie sie, "
                "zum Beispiel DE02 1203 0000 0000 2020 51."
            ),
            code="iban",
        ) from exc


def normalize_iban(raw: str) -> str:
    text = re.sub(r"\s+", "", raw or "").upper()
    validate_iban(text)
    return IBAN(text).compact


@validator("iban_de")
def validate_iban_de(value: Any) -> None:
    validate_iban(value)
    if not str(value).upper().startswith("DE"):
        raise ValidationError(
            _("Bitte geben Sie eine deutsche IBAN an (sie beginnt mit DE)."), code="iban_de"
        )


@validator("bic")
def validate_bic(value: Any) -> None:
    try:
        BIC(re.sub(r"\s+", "", str(value)).upper())
    except SchwiftyException as exc:
        raise ValidationError(
            _("Diese BIC ist nicht gültig. Sie hat 8 oder 11 Zeichen, zum Beispiel COBADEFFXXX."),
            code="bic",
        ) from exc


@validator("steuer_id")
def validate_steuer_id(value: Any) -> None:
    if not idnr.is_valid(str(value)):
        raise ValidationError(
            _(
                "Diese Steuer-Identifikationsnummer ist nicht gültig. Sie hat 11 Ziffern; "
                "Sie finden sie auf Ihrem Steuerbescheid oder Ihrer Lohnsteuerbescheinigung."
            ),
            code="steuer_id",
        )


_RVNR = re.compile(r"^(\d{2})(\d{2})(\d{2})(\d{2})([A-Z])(\d{2})(\d)$", re.ASCII)
_RVNR_WEIGHTS = (2, 1, 2, 5, 7, 1, 2, 1, 2, 1, 2, 1)


def rv_check_digit(number: str) -> int:
    """Check digit of a Rentenversicherungsnummer (Versicherungsnummer) per DRV rules.

    The letter becomes its two-digit position in the alphabet (A=01 … Z=26); the first 12
    digits are multiplied by 2,1,2,5,7,1,2,1,2,1,2,1; the cross sums of the products are
    added; the check digit is that sum modulo 10.
    """
    digits = number[:8] + f"{ord(number[8]) - 64:02d}" + number[9:11]
    total = sum(
        sum(int(d) for d in str(int(c) * w)) for c, w in zip(digits, _RVNR_WEIGHTS, strict=True)
    )
    return total % 10


@validator("rv_nummer")
def validate_rv_nummer(value: Any) -> None:
    text = re.sub(r"\s+", "", str(value)).upper()
    match = _RVNR.match(text)
    message = _(
        "Diese Rentenversicherungsnummer ist nicht gültig. Sie hat 12 Zeichen, zum Beispiel "
        "15 070649 C 10 3; Sie finden sie auf Ihrem Sozialversicherungsausweis."
    )
    if not match:
        raise ValidationError(message, code="rv_nummer")
    day, month = int(match[2]), int(match[3])
    # Day may be raised by 30 or more for follow-up numbers; the month must be valid.
    if not (1 <= month <= 12 and 1 <= day <= 31 + 60):
        raise ValidationError(message, code="rv_nummer")
    if rv_check_digit(text) != int(match[7]):
        raise ValidationError(message, code="rv_nummer")


@validator("postcode")
def validate_postcode(value: Any) -> None:
    text = value.get("postcode") if isinstance(value, dict) else value
    if not re.fullmatch(r"\d{5}", str(text or "").strip(), re.ASCII):
        raise ValidationError(
            _("Bitte geben Sie eine Postleitzahl mit 5 Ziffern an."), code="postcode"
        )


@validator("postcode_jobcenter")
def validate_postcode_jobcenter(value: Any) -> None:
    """The postcode (or an address's postcode) lies in the area of a Jobcenter of ours."""

    validate_postcode(value)
    text = value.get("postcode") if isinstance(value, dict) else value
    if jobcenter_for_postcode(str(text)) is None:
        raise ValidationError(
            _(
                "Für diese Postleitzahl ist kein Jobcenter auf dieser Plattform zuständig. Bitte "
                "prüfen Sie die Postleitzahl oder wenden Sie sich an das Jobcenter "
                "an Ihrem Wohnort."
            ),
            code="postcode_jobcenter",
        )


@validator("not_future")
def validate_not_future(value: Any) -> None:
    """A date that cannot lie in the future (a move-in, a birth)."""
    if str(value) > timezone.localdate().isoformat():
        raise ValidationError(
            _("Dieses Datum liegt in der Zukunft. Bitte geben Sie ein Datum bis heute an."),
            code="not_future",
        )


@validator("not_past")
def validate_not_past(value: Any) -> None:
    if str(value) < timezone.localdate().isoformat():
        raise ValidationError(
            _("Dieses Datum liegt in der Vergangenheit. Bitte geben Sie ein Datum ab heute an."),
            code="not_past",
        )


@validator("birth_date")
def validate_birth_date(value: Any) -> None:
    """Not in the future and not more than 120 years ago."""
    validate_not_future(value)
    today = timezone.localdate()
    if str(value) < today.replace(year=today.year - 120).isoformat():
        raise ValidationError(
            _("Bitte prüfen Sie das Geburtsdatum: es liegt mehr als 120 Jahre zurück."),
            code="birth_date",
        )


@validator("adult")
def validate_adult(value: Any) -> None:
    from jobcenter.formengine.conditions import op_age

    age = op_age(None, value)
    if age is not None and age < 18:
        raise ValidationError(_("Die Person muss mindestens 18 Jahre alt sein."), code="adult")


_PHONE = re.compile(r"^\+?[0-9 ()/\-]{6,25}$", re.ASCII)


@validator("phone")
def validate_phone(value: Any) -> None:
    text = str(value).strip()
    digits = re.sub(r"\D", "", text)
    if not _PHONE.match(text) or not 6 <= len(digits) <= 15 or text.count("+") > 1:
        raise ValidationError(
            _(
                "Bitte geben Sie eine Telefonnummer mit 6 bis 15 Ziffern an, "
                "zum Beispiel 030 1234567 oder +49 30 1234567."
            ),
            code="phone",
        )


_email = EmailValidator(
    message=_("Bitte geben Sie eine gültige E-Mail-Adresse an, zum Beispiel name@beispiel.de.")
)


@validator("email")
def validate_email(value: Any) -> None:
    _email(str(value))


@validator("money")
def validate_money(value: Any) -> None:
    """A stored money value ("1234.56"): a number, not negative, two decimals."""
    try:
        amount = Decimal(str(value))
    except InvalidOperation as exc:
        raise ValidationError(
            _("Bitte geben Sie einen Betrag in Euro an, zum Beispiel 1.234,56."),
            code="money_format",
        ) from exc
    if amount < 0:
        raise ValidationError(_("Der Betrag darf nicht negativ sein."), code="money_negative")
    if amount != amount.quantize(Decimal("0.01")):
        raise ValidationError(
            _("Bitte geben Sie höchstens zwei Nachkommastellen (Cent) an."), code="money_decimals"
        )


@validator("positive")
def validate_positive(value: Any) -> None:
    try:
        positive = Decimal(str(value)) > 0
    except InvalidOperation:
        positive = False
    if not positive:
        raise ValidationError(_("Bitte geben Sie einen Wert größer als 0 an."), code="positive")
