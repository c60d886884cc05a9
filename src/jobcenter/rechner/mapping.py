"""Calculator answers → an ``sgb2`` request (the JSON contract), and engine errors → fields.

The request is built only from the cleaned form data; nothing is read from or written to
the session or the database. ``ENGINE_FIELDS`` records, for every request path we fill,
which form field it came from, so that a message of the engine (``Eingabefehler`` with
German ``(pfad, grund)`` pairs) is shown at the field the person has to correct.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

ANTRAGSTELLER = "P1"
PARTNER = "P2"


def child_id(nummer: int) -> str:
    return f"K{nummer}"


def _number(value: Decimal) -> int | float:
    """A euro amount as a JSON number (int when whole, else float with cents)."""
    return int(value) if value == value.to_integral_value() else float(value)


@dataclass
class EngineRequest:
    """The request for ``sgb2.berechnen_json`` plus where each part came from in the form."""

    data: dict[str, Any]
    fields: dict[str, str] = field(default_factory=dict)  # request path prefix → form field

    def field_for(self, pfad: str) -> str | None:
        """The form field for an engine error path (longest known prefix wins)."""
        candidates = [p for p in self.fields if pfad == p or pfad.startswith((p + ".", p + "["))]
        if not candidates:
            return None
        return self.fields[max(candidates, key=len)]


def build_request(cleaned: dict[str, Any], anzahl_kinder: int) -> EngineRequest:
    """Map the cleaned :class:`~jobcenter.rechner.forms.RechnerForm` data to the contract."""
    monat: str = cleaned["monat"]
    personen: list[dict[str, Any]] = []
    fields: dict[str, str] = {"monat": "monat", "leistungsbeginn": "monat"}
    partner = cleaned.get("partner") == "ja"

    def adult(prefix: str, pid: str, rolle: str) -> None:
        index = len(personen)
        pfad = f"personen[{index}]"
        person: dict[str, Any] = {
            "id": pid,
            "rolle": rolle,
            "geburtsdatum": cleaned[f"{prefix}_geburtsdatum"].isoformat(),
        }
        fields[f"{pfad}.geburtsdatum"] = f"{prefix}_geburtsdatum"
        fields[f"{pfad}.rolle"] = f"{prefix}_geburtsdatum"
        einkommen: list[dict[str, Any]] = []
        brutto, netto = cleaned.get(f"{prefix}_brutto"), cleaned.get(f"{prefix}_netto")
        if brutto or netto:
            fields[f"{pfad}.einkommen[{len(einkommen)}].brutto"] = f"{prefix}_brutto"
            fields[f"{pfad}.einkommen[{len(einkommen)}].netto"] = f"{prefix}_netto"
            fields[f"{pfad}.einkommen[{len(einkommen)}]"] = f"{prefix}_brutto"
            einkommen.append({
                "art": "erwerbseinkommen",
                "brutto": _number(brutto or Decimal(0)),
                "netto": _number(netto or Decimal(0)),
            })
        sonstiges = cleaned.get(f"{prefix}_sonstiges")
        if sonstiges:
            fields[f"{pfad}.einkommen[{len(einkommen)}]"] = f"{prefix}_sonstiges"
            einkommen.append({"art": "sonstiges", "betrag": _number(sonstiges)})
        if einkommen:
            person["einkommen"] = einkommen
        vermoegen = cleaned.get(f"{prefix}_vermoegen")
        if vermoegen:
            person["vermoegen"] = _number(vermoegen)
            fields[f"{pfad}.vermoegen"] = f"{prefix}_vermoegen"
        ssw = cleaned.get(f"{prefix}_ssw")
        if ssw:
            person["schwangerschaftswoche"] = ssw
            fields[f"{pfad}.schwangerschaftswoche"] = f"{prefix}_ssw"
        personen.append(person)

    adult("as", ANTRAGSTELLER, "antragsteller")
    if partner:
        adult("pa", PARTNER, "partner")
    eltern = [ANTRAGSTELLER, PARTNER] if partner else [ANTRAGSTELLER]
    for nummer in range(1, anzahl_kinder + 1):
        index = len(personen)
        pfad = f"personen[{index}]"
        prefix = f"kind{nummer}"
        fields[pfad] = f"{prefix}_geburtsdatum"
        # Kindergeld is paid for every child; the engine applies the statutory amount of the
        # month (betrag left out) and the applicant receives it.
        einkommen: list[dict[str, Any]] = [{"art": "kindergeld", "empfaenger": ANTRAGSTELLER}]
        for art in ("unterhalt", "unterhaltsvorschuss"):
            betrag = cleaned.get(f"{prefix}_{art}")
            if betrag:
                fields[f"{pfad}.einkommen[{len(einkommen)}]"] = f"{prefix}_{art}"
                einkommen.append({"art": art, "betrag": _number(betrag)})
        personen.append({
            "id": child_id(nummer),
            "rolle": "kind",
            "geburtsdatum": cleaned[f"{prefix}_geburtsdatum"].isoformat(),
            "eltern": list(eltern),
            "einkommen": einkommen,
        })
    kaltmiete = cleaned.get("kaltmiete") or Decimal(0)
    nebenkosten = cleaned.get("nebenkosten") or Decimal(0)
    weitere = cleaned.get("weitere_personen") or 0
    unterkunft = {
        "bruttokaltmiete": _number(kaltmiete + nebenkosten),
        "heizkosten": _number(cleaned.get("heizkosten") or Decimal(0)),
        "warmwasser": cleaned.get("warmwasser") or "zentral",
        "personen_im_haushalt": len(personen) + weitere,
    }
    fields.update({
        "unterkunft.bruttokaltmiete": "kaltmiete",
        "unterkunft.heizkosten": "heizkosten",
        "unterkunft.warmwasser": "warmwasser",
        "unterkunft.personen_im_haushalt": "weitere_personen",
    })
    data = {
        "monat": monat,
        # A calculator answers "what would I get if I applied now": receipt starts this month,
        # so both Karenzzeiten (rent, assets) run from here.
        "leistungsbeginn": monat,
        "personen": personen,
        "unterkunft": unterkunft,
    }
    return EngineRequest(data=data, fields=fields)


# The engine's German reasons → our translated messages (first match wins).
_REASONS: list[tuple[re.Pattern[str], str]] = [
    (
        re.compile(r"liegt nach dem berechneten Monat"),
        gettext_noop("Das Datum liegt nach dem gewählten Monat."),
    ),
    (
        re.compile(r"Alter ab 15 Jahren"),
        gettext_noop("Die Person muss im gewählten Monat mindestens 15 Jahre alt sein."),
    ),
    (
        re.compile(r"Berechnung erst ab"),
        gettext_noop("Eine Berechnung ist erst ab Januar 2023 möglich."),
    ),
    (
        re.compile(r"höchstens zwei Nachkommastellen"),
        gettext_noop("Bitte geben Sie höchstens zwei Nachkommastellen (Cent) an."),
    ),
    (
        re.compile(r"unplausibel hoch"),
        gettext_noop("Der Betrag ist unplausibel hoch."),
    ),
    (
        re.compile(r"darf nicht negativ"),
        gettext_noop("Der Betrag darf nicht negativ sein."),
    ),
    (
        re.compile(r"nicht größer als brutto"),
        gettext_noop("Der Nettoverdienst kann nicht höher sein als der Bruttoverdienst."),
    ),
]


def engine_message(grund: str) -> str:
    """A translated, actionable message for one of the engine's German reasons."""
    for pattern, message in _REASONS:
        if pattern.search(grund):
            return _(message)
    return _("Diese Angabe kann nicht berechnet werden. Bitte prüfen Sie sie.")
