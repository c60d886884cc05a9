"""The engine's result as the calculator shows it: per-person amounts with friendly names,
the citizen's calculation sheet (``core.buergerbogen``: plain labels, citizen notes only) in
the page language, and, when there is no entitlement, the reason in plain words. Amounts and
the language come from the one adapter to the engine (``core.sgb2_adapter``), as in the
preview and the caseworker's calculation.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils import translation
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from jobcenter.core import buergerbogen, date_text, sgb2_adapter
from jobcenter.core.buergerbogen import Sheet
from jobcenter.core.page_skeleton import ProcessCache
from jobcenter.rechner.mapping import ANTRAGSTELLER, PARTNER

_ZERO = Decimal(0)


@dataclass(frozen=True)
class _Labels:
    """The persons' labels in one language."""

    you: str
    partner: str
    child_born: str
    child: str


#: The persons' labels per language, translated once per process (``gettext`` asks the
#: thread-local for the language and looks the text up in the catalogue, 2–6 times per
#: result); forgotten when a setting changes, as the sheet's texts.
_LABELS: ProcessCache[_Labels] = ProcessCache(16)


def _labels(language: str | None) -> _Labels:
    language = language or get_language()
    labels = _LABELS.get(language)
    if labels is None:
        with translation.override(language):
            labels = _Labels(you=_("Sie"), partner=_("Ihre Partnerin / Ihr Partner"),
                             child_born=_("Kind %(nummer)s (geboren %(datum)s)"),
                             child=_("Kind %(nummer)s"))
        _LABELS.put(language, labels)
    return labels


def person_label(pid: str, request: dict[str, Any], language: str | None = None) -> str:
    """How the page names a person: "Sie", the partner, "Kind 2 (geboren …)" — in
    ``language`` (a code as ``get_language`` gives it; default: the active one)."""
    return _person_label(pid, request, _labels(language), language)


def _person_label(pid: str, request: dict[str, Any], texts: _Labels,
                  language: str | None) -> str:
    if pid == ANTRAGSTELLER:
        return texts.you
    if pid == PARTNER:
        return texts.partner
    birth = next((p["geburtsdatum"] for p in request["personen"] if p["id"] == pid), None)
    nummer = pid[1:]
    if birth:
        geboren = date_text.date_format(dt.date.fromisoformat(birth), "SHORT_DATE_FORMAT",
                                        language)
        return texts.child_born % {"nummer": nummer, "datum": geboren}
    return texts.child % {"nummer": nummer}


# The page's objects are slotted dataclasses, not frozen ones: a frozen dataclass's
# ``__init__`` (``object.__setattr__`` per field) costs several times a plain one, and
# nothing changes them once presented (none is hashed).


@dataclass(slots=True)
class PersonZeile:
    label: str
    leistungsart: str
    in_bg: bool
    kindersofortzuschlag: str
    kindersofortzuschlag_positiv: bool
    zahlbetrag: str


@dataclass(slots=True)
class Grund:
    """Why there is no entitlement (one of: assets, income)."""

    art: str
    vermoegen: str = ""
    freibetrag: str = ""
    bedarf: str = ""
    einkommen: str = ""


@dataclass(slots=True)
class Ergebnis:
    monat: str
    monat_text: str
    leistungsname: str
    anspruch: bool
    zahlbetrag: str
    anspruch_summe: str
    kindersofortzuschlag: str
    kindersofortzuschlag_positiv: bool
    personen: list[PersonZeile]
    grund: Grund | None
    alleinerziehend: str
    schwangerschaft: str
    bewilligungszeitraum_monate: int
    #: the citizen's view of the calculation (names, plain labels, citizen notes only)
    sheet: Sheet


def _dec(value: Any) -> Decimal:
    return Decimal(str(value))


def _positive(value: Any) -> bool:
    """``Decimal(str(value)) > 0``; a float (not NaN, which the Decimal refuses to compare)
    compared as it is: its shortest text is the same number, so it has the same sign."""
    if type(value) is float and value == value:
        return value > 0
    return _dec(value) > 0


def present(result: dict[str, Any], request: dict[str, Any], language: str | None) -> Ergebnis:
    """What the page shows of ``result``: the sheet walks the result's lines once (with the
    sums of each kind, ``Sheet.totals``), the rest reads the persons and the sums."""
    eur = sgb2_adapter.amount_formatter(language)
    texts = _labels(language)
    labels = {p["id"]: _person_label(p["id"], request, texts, language)
              for p in request["personen"]}
    sheet = buergerbogen.sheet(result, labels, language)
    totals = sheet.totals
    leistungsname = result["leistungsname"]
    benefits = buergerbogen.benefit_names(language)
    # the sheet has formatted each person's payment (its ``persons``, in the result's order)
    personen = [
        PersonZeile(
            label=labels[p["id"]],
            leistungsart=benefits.get(p["leistungsart"], leistungsname),
            in_bg=bool(p["in_bg"]),
            kindersofortzuschlag=eur(p["kindersofortzuschlag"]),
            kindersofortzuschlag_positiv=_positive(p["kindersofortzuschlag"]),
            zahlbetrag=amount.amount,
        )
        for p, amount in zip(result["personen"], sheet.persons, strict=True)
    ]
    summe = result["summe"]
    grund = None
    if not result["anspruch"]:
        vermoegen = totals.get("vermoegen", _ZERO)
        freibetrag = totals.get("vermoegensfreibetrag", _ZERO)
        if vermoegen and vermoegen > freibetrag:
            grund = Grund("vermoegen", vermoegen=eur(vermoegen), freibetrag=eur(freibetrag))
        else:
            grund = Grund("einkommen", bedarf=eur(summe["bedarf"]),
                          einkommen=eur(summe["einkommen_anrechenbar"]))
    alleinerziehend = totals.get("mehrbedarf_alleinerziehend", _ZERO)
    schwangerschaft = totals.get("mehrbedarf_schwangerschaft", _ZERO)
    return Ergebnis(
        monat=result["monat"],
        monat_text=sheet.month,
        leistungsname=leistungsname,
        anspruch=bool(result["anspruch"]),
        zahlbetrag=sheet.total,  # the sum's payment, formatted by the sheet
        anspruch_summe=eur(summe["anspruch"]),
        kindersofortzuschlag=eur(summe["kindersofortzuschlag"]),
        kindersofortzuschlag_positiv=_positive(summe["kindersofortzuschlag"]),
        personen=personen,
        grund=grund,
        alleinerziehend=eur(alleinerziehend) if alleinerziehend else "",
        schwangerschaft=eur(schwangerschaft) if schwangerschaft else "",
        bewilligungszeitraum_monate=int(result["bewilligungszeitraum_monate"]),
        sheet=sheet,
    )
