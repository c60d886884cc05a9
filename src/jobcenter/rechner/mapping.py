"""Calculator answers → an ``sgb2`` request (the JSON contract).

The request is built only from the cleaned form data; nothing is read from or written to
the session or the database. The request's :class:`~jobcenter.core.sgb2_adapter.FieldMap`
records, for every request path we fill, which form field it came from, so that a message
of the engine is shown at the field the person has to correct (the messages and their
placement are the adapter's, shared with the preview and the caseworker's calculation).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from jobcenter.core.sgb2_adapter import FieldMap, MappedRequest

ANTRAGSTELLER = "P1"
PARTNER = "P2"


def child_id(nummer: int) -> str:
    return f"K{nummer}"


def _number(value: Decimal) -> int | float:
    """A euro amount as a JSON number (int when whole, else float with cents)."""
    return int(value) if value == value.to_integral_value() else float(value)


def build_request(cleaned: dict[str, Any], anzahl_kinder: int) -> MappedRequest:
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
    return MappedRequest(data=data, fields=FieldMap(fields))
