"""The calculator form: household, rent, incomes and assets as a person would enter them.

Amounts are typed the German way ("1.234,56"; "1234.56" and "1.234" are understood too),
dates as TT.MM.JJJJ. Children are a repeating group of fields ``kind<N>_*`` whose number
travels in a hidden input ``kinder`` read by the view (no session, no JavaScript needed).
"""

from __future__ import annotations

import copy
import datetime as dt
import re
from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import ProhibitNullCharactersValidator
from django.http import QueryDict
from django.utils import formats, timezone, translation
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from jobcenter.core.date_field import MemorableDateField
from jobcenter.core.field_messages import NamedMessagesMixin
from jobcenter.core.page_skeleton import ProcessCache

MAX_KINDER = 10
MAX_BETRAG = Decimal("1000000")
CENT = Decimal("0.01")  # an amount's places (``Decimal.quantize``)
ERSTER_MONAT = dt.date(2023, 1, 1)  # the engine computes months from 2023-01 on

ADULTS = ("as", "pa")  # antragstellende Person, Partnerin/Partner
ADULT_FIELDS = ("geburtsdatum", "brutto", "netto", "sonstiges", "vermoegen", "ssw")
CHILD_FIELDS = ("geburtsdatum", "unterhalt", "unterhaltsvorschuss")

_SPACES = re.compile(r"[\s\u00a0\u202f]|€|eur(o)?", re.IGNORECASE)
_DATE_DE = re.compile(r"^(\d{1,2})\s*[./]\s*(\d{1,2})\s*[./]\s*(\d{4})$")
_DATE_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")


class AmountError(ValueError):
    """Why a typed amount could not be read; ``code`` picks the user message."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


def parse_amount(text: str, lang: str = "de") -> Decimal:
    """Read a euro amount typed by a person: "1.234,56", "1234,5", "1234.56", "1 234 €".

    The separator that comes last is the decimal separator when both appear. A lone
    separator followed by groups of exactly three digits is a thousands separator when it
    is the thousands separator of the language ("." in German, "," in English); otherwise
    it is the decimal separator. Raises :class:`AmountError`.
    """
    s = _SPACES.sub("", text or "")
    if not s:
        raise AmountError("invalid")
    if s.isascii() and s.isdigit():  # whole euros, no separator: the usual answer
        value = Decimal(s)
        if value > MAX_BETRAG:
            raise AmountError("too_high")
        return value.quantize(CENT)
    if s[0] in "-−–":
        raise AmountError("negative")
    if s[0] == "+":
        s = s[1:]
    if not s or not re.fullmatch(r"[0-9.,]+", s) or not s[0].isdigit():
        raise AmountError("invalid")
    thousands_sep = "," if lang == "en" else "."
    has_comma, has_dot = "," in s, "." in s
    if has_comma and has_dot:
        decimal = "," if s.rfind(",") > s.rfind(".") else "."
        thousands = "." if decimal == "," else ","
    elif has_comma or has_dot:
        sep = "," if has_comma else "."
        grouped = re.fullmatch(rf"\d{{1,3}}(\{sep}\d{{3}})+", s)
        if grouped and (sep == thousands_sep or s.count(sep) > 1):
            decimal, thousands = "", sep
        else:
            decimal, thousands = sep, ""
    else:
        decimal = thousands = ""
    if decimal and s.count(decimal) > 1:
        raise AmountError("invalid")
    whole, _sep, frac = s.partition(decimal) if decimal else (s, "", "")
    if thousands and thousands in whole:
        if not re.fullmatch(rf"\d{{1,3}}(\{thousands}\d{{3}})+", whole):
            raise AmountError("invalid")
        whole = whole.replace(thousands, "")
    if not whole.isdigit() or (frac and not frac.isdigit()):
        raise AmountError("invalid")
    if len(frac) > 2:
        raise AmountError("decimals")
    try:
        value = Decimal(f"{whole}.{frac or '0'}")
    except InvalidOperation as exc:  # pragma: no cover - digits only at this point
        raise AmountError("invalid") from exc
    if value > MAX_BETRAG:
        raise AmountError("too_high")
    return value.quantize(CENT)


def parse_date(text: str) -> dt.date:
    """TT.MM.JJJJ (also T.M.JJJJ, TT/MM/JJJJ) or JJJJ-MM-TT; raises ``AmountError`` codes."""
    s = (text or "").strip()
    m = _DATE_DE.match(s)
    if m:
        day, month, year = int(m[1]), int(m[2]), int(m[3])
    else:
        m = _DATE_ISO.match(s)
        if not m:
            raise AmountError("format")
        year, month, day = int(m[1]), int(m[2]), int(m[3])
    try:
        return dt.date(year, month, day)
    except ValueError as exc:
        raise AmountError("nonexistent") from exc


_NO_NULL = ProhibitNullCharactersValidator


class EuroField(forms.CharField):
    """An optional euro amount; empty means 0 €."""

    default_error_messages = {
        "invalid": _("Bitte geben Sie einen Betrag in Euro ein, zum Beispiel 1.234,56."),
        "negative": _("Der Betrag darf nicht negativ sein."),
        "decimals": _("Bitte geben Sie höchstens zwei Nachkommastellen (Cent) an."),
        "too_high": _("Der Betrag ist unplausibel hoch (höchstens 1.000.000 €)."),
    }

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)
        self.widget.attrs.update({"inputmode": "decimal", "autocomplete": "off",
                                  "maxlength": "30", "class": "jc-rechner-betrag"})

    def clean(self, value: Any) -> Decimal | None:
        """``Field.clean`` (``to_python``, ``validate``, ``run_validators``) without the steps
        that cannot apply: nothing typed is 0 € (None) with no validator to run, and an
        amount (a ``Decimal``) is never one of the empty values ``validate`` looks for, nor
        has it a NUL character in its text, which CharField's own validator looks for. 15–30
        amounts per calculation (``tests/rechner/test_forms.py`` compares both)."""
        if value is None or (type(value) is str and not value):
            self.validate(None)  # the required message where a subclass requires it
            return None
        amount = self.to_python(value)
        if amount is None:
            self.validate(None)
            return None
        validators = self.validators
        # CharField's ProhibitNullCharactersValidator alone: ≈ 2 µs per amount for nothing
        if not (len(validators) == 1 and type(validators[0]) is _NO_NULL):
            self.run_validators(amount)
        return amount

    def to_python(self, value: Any) -> Decimal | None:  # type: ignore[override]
        if type(value) is str and value.isdigit() and value.isascii() and len(value) <= 30:
            # whole euros typed as ASCII digits, the usual answer: what the steps below
            # give (nothing to strip or to remove, read the same in every language)
            # without them
            amount = Decimal(value)
            if amount <= MAX_BETRAG:
                return amount.quantize(CENT)
        text = super().to_python(value)
        if not text:
            return None
        if len(text) > 30:
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        # digits alone read the same in every language (the usual case: no separator)
        lang = "de" if text.isdigit() else (get_language() or "de")[:2]
        try:
            return parse_amount(text, lang)
        except AmountError as exc:
            raise ValidationError(self.error_messages[exc.code], code=exc.code) from exc


class OfferedChoiceField(forms.ChoiceField):
    """A ``ChoiceField`` that cleans a posted value among the offered ones without
    ``Field.clean``'s steps: ``to_python`` gives the text back, ``validate`` finds it by
    walking the choices (``valid_value``), ``run_validators`` has none to run — ≈ 3 µs for
    what is the text itself. The texts offered are found once per list of choices (a
    prototype's field keeps its list). Anything else — empty, not offered, a validator
    of its own — is Django's ``clean`` (``tests/rechner/test_forms.py`` compares both)."""

    _offered: tuple[object, frozenset[str]] = (None, frozenset())

    def clean(self, value: Any) -> Any:
        if type(value) is str and value and not self.validators:
            choices: Any = self.choices
            source, offered = self._offered
            if source is not choices:
                offered = frozenset(
                    str(key) for option, label in choices
                    for key in ([inner for inner, _l in label]
                                if isinstance(label, (list, tuple)) else [option]))
                self._offered = (choices, offered)
            if value in offered:
                return value
        return super().clean(value)


class DateTextField(MemorableDateField):
    """A date in the one date input of the platform: day, month and year in three boxes
    (``core.date_field``). A single typed "TT.MM.JJJJ" (older links) is still read."""

    default_error_messages = {
        "format": _("Bitte geben Sie das Datum im Format TT.MM.JJJJ ein, zum Beispiel 15.03.1988."),
        "nonexistent": _("Dieses Datum gibt es nicht. Bitte prüfen Sie Tag und Monat."),
        "too_old": _("Bitte prüfen Sie das Jahr: Es muss nach 1900 liegen."),
    }

    def __init__(self, **kwargs: Any) -> None:
        autocomplete = kwargs.pop("autocomplete", "off")
        super().__init__(birthday=autocomplete == "bday", **kwargs)

    def to_python(self, value: Any) -> dt.date | None:  # type: ignore[override]
        if not isinstance(value, str):
            return super().to_python(value)
        text = value.strip()
        if not text:
            return None
        if len(text) > 20:
            raise ValidationError(self.error_messages["format"], code="format")
        try:
            date = parse_date(text)
        except AmountError as exc:
            raise ValidationError(self.error_messages[exc.code], code=exc.code) from exc
        if date.year < 1900:
            raise ValidationError(self.error_messages["too_old"], code="too_old")
        return date


def today() -> dt.date:
    """Today in the site's time zone (``TIME_ZONE``; one place, so tests can fix the date).
    The site's zone is given, not asked of the thread-local current one (a missing
    attribute of an asgiref ``Local``: ≈ 4 µs per call) — no view activates another."""
    return timezone.localdate(timezone=timezone.get_default_timezone())


def month_choices(today: dt.date) -> list[tuple[str, str]]:
    """The current month, three before and three after (never before 2023-01)."""
    first = today.replace(day=1)
    months = []
    for delta in range(-3, 4):
        index = first.year * 12 + first.month - 1 + delta
        month = dt.date(index // 12, index % 12 + 1, 1)
        if month >= ERSTER_MONAT:
            label = formats.date_format(month, "YEAR_MONTH_FORMAT")
            months.append((month.strftime("%Y-%m"), label))
    return months


def _age_on(birth: dt.date, day: dt.date) -> int:
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def _month_end(month: dt.date) -> dt.date:
    following = dt.date(month.year + (month.month == 12), month.month % 12 + 1, 1)
    return following - dt.timedelta(days=1)


#: The calculator's fields per (language, day, number of children), built once per process:
#: building them (labels, hints and named messages in the language, the months offered) and
#: deep-copying them, as Django does for a form's declared fields, cost more than the
#: calculation itself (docs/performance.md, "The Rechner POST"). Forms of one key share the
#: field objects, which nothing changes after they are built (validation and rendering only
#: read them); the one change a form makes, the focus of a new child's date, is made on its
#: own copy of that field. Each form has its own ``fields`` dict.
_PROTOTYPES: ProcessCache[dict[str, forms.Field]] = ProcessCache(64)


#: Django's default ``label_suffix`` (``BaseForm`` sets ``gettext(":")`` from Django's own
#: catalogue) per language: asked through the thread-local translation machinery on every
#: form otherwise
_LABEL_SUFFIXES: ProcessCache[str] = ProcessCache(16)


def _label_suffix(language: str | None) -> str:
    """``BaseForm``'s default label suffix in ``language``."""
    suffix = _LABEL_SUFFIXES.get(language)
    if suffix is None:
        with translation.override(language):  # the cache holds each language's own text
            # read from an empty form, as BaseForm makes it (no msgid of ours: the text is
            # Django's, not in the project's catalogue)
            suffix = str(forms.Form().label_suffix)
        _LABEL_SUFFIXES.put(language, suffix)
    return suffix


_PLAIN_READ = forms.Widget.value_from_datadict
#: a choice widget's read, which is ``data.get(name)`` too unless it allows several
_CHOICE_READ = forms.widgets.ChoiceWidget.value_from_datadict

#: the fields with a ``clean_<name>`` method, per form class (what Django's loop asks with
#: ``hasattr`` for every field of every request)
_CLEANERS: dict[type, frozenset[str]] = {}


def _cleaners(form_class: type) -> frozenset[str]:
    names = _CLEANERS.get(form_class)
    if names is None:
        names = frozenset(attribute[len("clean_"):] for attribute in dir(form_class)
                          if attribute.startswith("clean_")
                          and callable(getattr(form_class, attribute)))
        _CLEANERS[form_class] = names
    return names


class RechnerForm(NamedMessagesMixin, forms.Form):
    """All answers of the calculator on one page (short, no account, nothing stored)."""

    monat = OfferedChoiceField(
        label=_("Für welchen Monat möchten Sie rechnen?"),
        help_text=_("Voreingestellt ist der aktuelle Monat."),
        error_messages={"required": _("Bitte wählen Sie einen Monat aus."),
                        "invalid_choice": _("Bitte wählen Sie einen Monat aus der Liste.")},
    )
    partner = OfferedChoiceField(
        label=_("Leben Sie mit einer Partnerin oder einem Partner zusammen?"),
        help_text=_("Ehe, eingetragene Lebenspartnerschaft oder eheähnliche Gemeinschaft "
                    "im selben Haushalt."),
        choices=[("nein", _("Nein")), ("ja", _("Ja"))],
        widget=forms.RadioSelect,
        error_messages={"required": _("Bitte wählen Sie „Ja“ oder „Nein“."),
                        "invalid_choice": _("Bitte wählen Sie „Ja“ oder „Nein“.")},
    )

    kaltmiete = EuroField(label=_("Kaltmiete im Monat"),
                          help_text=_("Die Grundmiete ohne Nebenkosten und ohne Heizung."))
    nebenkosten = EuroField(label=_("Nebenkosten im Monat (ohne Heizung)"),
                            help_text=_("Zum Beispiel Wasser, Müll, Hausreinigung."))
    heizkosten = EuroField(label=_("Heizkosten im Monat"),
                           help_text=_("Die monatliche Vorauszahlung für die Heizung."))
    warmwasser = OfferedChoiceField(
        label=_("Wie wird Ihr Warmwasser erzeugt?"),
        choices=[
            ("zentral", _("Zentral mit der Heizung (in den Heizkosten enthalten)")),
            ("dezentral", _("In der Wohnung, zum Beispiel mit Durchlauferhitzer oder Boiler")),
        ],
        widget=forms.RadioSelect,
        initial="zentral",
        error_messages={
            "required": _("Bitte wählen Sie aus, wie Ihr Warmwasser erzeugt wird."),
            "invalid_choice": _("Bitte wählen Sie aus, wie Ihr Warmwasser erzeugt wird."),
        },
    )
    weitere_personen = forms.IntegerField(
        label=_("Weitere Personen in der Wohnung, die nicht zu Ihrer Familie gehören"),
        help_text=_("Zum Beispiel Mitbewohner in einer Wohngemeinschaft. Die Miete wird dann "
                    "nach Köpfen aufgeteilt."),
        required=False,
        min_value=0,
        max_value=20,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
        error_messages={
            "invalid": _("Bitte geben Sie eine ganze Zahl ein, zum Beispiel 0 oder 1."),
            "min_value": _("Die Zahl darf nicht negativ sein."),
            "max_value": _("Bitte geben Sie höchstens 20 weitere Personen an."),
        },
    )

    def __init__(self, *args: Any, kinder: int = 0, focus: str | None = None,
                 language: str | None = None, **kwargs: Any) -> None:
        """``language``: the active language's code (asked for when not given)."""
        self.anzahl_kinder = max(0, min(MAX_KINDER, kinder))
        heute = today()
        if language is None:
            language = get_language()
        if len(args) < 7:  # label_suffix (BaseForm's seventh argument) not given by position
            kwargs.setdefault("label_suffix", _label_suffix(language))
        key = (language, heute, self.anzahl_kinder)
        prototype = _PROTOTYPES.get(key)
        if prototype is None:
            super().__init__(*args, **kwargs)
            self._complete_fields(heute)
            _PROTOTYPES.put(key, copy.deepcopy(self.fields))
        else:
            # the prototype's fields (below), not a copy of the declared ones: Django's
            # __init__ copies ``self.base_fields``, here an empty dict of this form's own
            self.base_fields = {}  # type: ignore[misc]
            super().__init__(*args, **kwargs)
            self.fields = dict(prototype)
        if focus and focus in self.fields:
            self.fields[focus] = copy.deepcopy(self.fields[focus])  # this form's own
            self.fields[focus].widget.attrs["autofocus"] = "autofocus"

    def _complete_fields(self, heute: dt.date) -> None:
        """The month's choices, the adults' and the children's fields; labels and hints in
        the language of the request (a prototype is kept per language)."""
        self.fields["monat"].choices = month_choices(heute)
        self.fields["monat"].initial = heute.strftime("%Y-%m")
        self.fields["partner"].initial = "nein"
        for prefix in ADULTS:
            self._add_adult_fields(prefix)
        for nummer in range(1, self.anzahl_kinder + 1):
            self._add_child_fields(nummer)
        for field in self.fields.values():
            field.label = str(field.label) if field.label is not None else None
            field.help_text = str(field.help_text)

    # --- dynamic fields --------------------------------------------------------------
    def _add_adult_fields(self, prefix: str) -> None:
        du = prefix == "as"
        self.fields[f"{prefix}_geburtsdatum"] = DateTextField(
            label=_("Ihr Geburtsdatum") if du else _("Geburtsdatum der Partnerin / des Partners"),
            required=du,
            autocomplete="bday" if du else "off",
            error_messages={"required": _("Bitte geben Sie Ihr Geburtsdatum ein.")},
        )
        self.fields[f"{prefix}_brutto"] = EuroField(
            label=_("Ihr Bruttoverdienst im Monat") if du
            else _("Bruttoverdienst der Partnerin / des Partners im Monat"),
            help_text=_("Lohn oder Gehalt vor Abzug von Steuern und Sozialversicherung, "
                        "auch aus einem Minijob. Leer lassen, wenn kein Verdienst."),
        )
        self.fields[f"{prefix}_netto"] = EuroField(
            label=_("Ihr Nettoverdienst im Monat") if du
            else _("Nettoverdienst der Partnerin / des Partners im Monat"),
            help_text=_("Was nach Steuern und Sozialversicherung ausgezahlt wird."),
        )
        self.fields[f"{prefix}_sonstiges"] = EuroField(
            label=_("Ihr sonstiges Einkommen im Monat") if du
            else _("Sonstiges Einkommen der Partnerin / des Partners im Monat"),
            help_text=_("Zum Beispiel Rente, Arbeitslosengeld, Krankengeld, Elterngeld "
                        "oder Unterhalt für Sie selbst."),
        )
        self.fields[f"{prefix}_vermoegen"] = EuroField(
            label=_("Ihr Vermögen") if du else _("Vermögen der Partnerin / des Partners"),
            help_text=_("Zum Beispiel Guthaben auf Konten, Sparbücher, Aktien, "
                        "Wertgegenstände. Ein angemessenes Auto zählt nicht."),
        )
        self.fields[f"{prefix}_ssw"] = forms.IntegerField(
            label=_("Nur bei Schwangerschaft: Ihre aktuelle Schwangerschaftswoche") if du
            else _("Nur bei Schwangerschaft der Partnerin: aktuelle Schwangerschaftswoche"),
            help_text=_("Ab der 13. Woche gibt es einen Mehrbedarf. Sonst leer lassen."),
            required=False,
            min_value=1,
            max_value=45,
            widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
            error_messages={
                "invalid": _("Bitte geben Sie die Woche als ganze Zahl ein, zum Beispiel 20."),
                "min_value": _("Bitte geben Sie eine Woche zwischen 1 und 45 ein."),
                "max_value": _("Bitte geben Sie eine Woche zwischen 1 und 45 ein."),
            },
        )

    def _add_child_fields(self, nummer: int) -> None:
        self.fields[f"kind{nummer}_geburtsdatum"] = DateTextField(
            label=_("Geburtsdatum von Kind %(nummer)s") % {"nummer": nummer},
            required=True,
            error_messages={"required": _("Bitte geben Sie das Geburtsdatum ein oder "
                                          "entfernen Sie das Kind.")},
        )
        self.fields[f"kind{nummer}_unterhalt"] = EuroField(
            label=_("Unterhalt für Kind %(nummer)s im Monat") % {"nummer": nummer},
            help_text=_("Vom anderen Elternteil gezahlt. Leer lassen, wenn keiner."),
        )
        self.fields[f"kind{nummer}_unterhaltsvorschuss"] = EuroField(
            label=_("Unterhaltsvorschuss für Kind %(nummer)s im Monat") % {"nummer": nummer},
            help_text=_("Vom Jugendamt gezahlt. Leer lassen, wenn keiner."),
        )

    def _clean_fields(self) -> None:
        """Django's ``_clean_fields`` without a ``BoundField`` per field: each field's value
        read from the data as its widget reads it (``value_from_datadict``, what
        ``BoundField.data`` does) and cleaned by the field; the same values and errors
        (``tests/rechner/test_forms.py`` compares both), for 20–40 fields per request. What
        each widget read stays in ``raw_values`` (the page's skeleton reads it again,
        ``rechner/page.py``)."""
        data, files = self.data, self.files
        cleaners = _cleaners(type(self))
        cleaned = self.cleaned_data
        prefix = self.prefix
        # Django's QueryDict (the posted form) read as ``Widget.value_from_datadict`` (and a
        # single choice's widget) reads it (``data.get(name)``: the last value, None for
        # none), without its three calls
        query = type(data) is QueryDict
        self.raw_values: dict[str, Any] = {}
        raw_values = self.raw_values
        for name, field in self.fields.items():
            try:
                if field.disabled:  # pragma: no cover - the calculator has none
                    value = self.get_initial_for_field(field, name)
                else:
                    key = f"{prefix}-{name}" if prefix else name  # self.add_prefix(name)
                    widget = field.widget
                    read = type(widget).value_from_datadict
                    if query and (read is _PLAIN_READ or (
                            read is _CHOICE_READ and not widget.allow_multiple_selected)):
                        posted = dict.get(data, key)  # type: ignore[call-overload]
                        value = posted[-1] if posted else None
                    else:
                        value = widget.value_from_datadict(data, files, key)
                    raw_values[name] = value
                cleaned[name] = field.clean(value)
                if name in cleaners:
                    cleaned[name] = getattr(self, f"clean_{name}")()
            except ValidationError as error:
                self.add_error(name, error)

    # --- grouping for the template -----------------------------------------------------
    def adult(self, prefix: str) -> list[forms.BoundField]:
        return [self[f"{prefix}_{name}"] for name in ADULT_FIELDS]

    @property
    def antragsteller(self) -> list[forms.BoundField]:
        return self.adult("as")

    @property
    def partnerin(self) -> list[forms.BoundField]:
        return self.adult("pa")

    @property
    def kinder_gruppen(self) -> list[dict[str, Any]]:
        return [
            {"nummer": n, "felder": [self[f"kind{n}_{name}"] for name in CHILD_FIELDS]}
            for n in range(1, self.anzahl_kinder + 1)
        ]

    @property
    def wohnung(self) -> list[forms.BoundField]:
        return [self[name] for name in ("kaltmiete", "nebenkosten", "heizkosten", "warmwasser",
                                        "weitere_personen")]

    # --- cross-field checks ---------------------------------------------------------------
    def clean(self) -> dict[str, Any]:
        data = super().clean()
        monat = self.monat_datum()
        if data.get("partner") == "nein":
            filled = [name for name in ADULT_FIELDS if data.get(f"pa_{name}") not in (None, "")]
            if filled:
                self.add_error("partner", _(
                    "Sie haben Angaben zur Partnerin oder zum Partner gemacht. Bitte wählen "
                    "Sie „Ja“ oder löschen Sie diese Angaben."))
        elif data.get("partner") == "ja" and not data.get("pa_geburtsdatum") \
                and "pa_geburtsdatum" not in self.errors:
            self.add_error("pa_geburtsdatum", _(
                "Bitte geben Sie das Geburtsdatum Ihrer Partnerin oder Ihres Partners ein."))
        for prefix in ADULTS:
            self._clean_earnings(prefix, data)
            birth = data.get(f"{prefix}_geburtsdatum")
            if birth and monat:
                if birth > _month_end(monat):
                    self.add_error(f"{prefix}_geburtsdatum", _(
                        "Das Geburtsdatum liegt nach dem gewählten Monat."))
                elif _age_on(birth, monat) < 15:  # as the engine: age on the 1st
                    self.add_error(f"{prefix}_geburtsdatum", _(
                        "Die Person muss im gewählten Monat mindestens 15 Jahre alt sein "
                        "(Kinder geben Sie bitte unter „Kinder im Haushalt“ an). Bitte prüfen "
                        "Sie das Geburtsdatum."))
        for nummer in range(1, self.anzahl_kinder + 1):
            birth = data.get(f"kind{nummer}_geburtsdatum")
            if birth and monat and birth > _month_end(monat):
                self.add_error(f"kind{nummer}_geburtsdatum", _(
                    "Das Kind ist im gewählten Monat noch nicht geboren. Eine Schwangerschaft "
                    "geben Sie bitte bei der werdenden Mutter an."))
        return data

    def _clean_earnings(self, prefix: str, data: dict[str, Any]) -> None:
        brutto, netto = data.get(f"{prefix}_brutto"), data.get(f"{prefix}_netto")
        if f"{prefix}_brutto" in self.errors or f"{prefix}_netto" in self.errors:
            return
        if netto and brutto is None:
            self.add_error(f"{prefix}_brutto", _(
                "Bitte geben Sie auch den Bruttoverdienst an (er steht auf der Lohnabrechnung)."))
        elif brutto and netto is None:
            self.add_error(f"{prefix}_netto", _(
                "Bitte geben Sie auch den Nettoverdienst an (er steht auf der Lohnabrechnung)."))
        elif brutto is not None and netto is not None and netto > brutto:
            self.add_error(f"{prefix}_netto", _(
                "Der Nettoverdienst kann nicht höher sein als der Bruttoverdienst. Bitte "
                "prüfen Sie die beiden Beträge."))

    def monat_datum(self) -> dt.date | None:
        value = self.cleaned_data.get("monat") if hasattr(self, "cleaned_data") else None
        if not value:
            return None
        return dt.date(int(value[:4]), int(value[5:7]), 1)


def kinder_anzahl(raw: Any) -> int:
    """The number of child rows posted in the hidden input ``kinder`` (clamped, never fails)."""
    try:
        return max(0, min(MAX_KINDER, int(str(raw).strip())))
    except (TypeError, ValueError):
        return 0
