"""The sgb2 request of the Bescheid tests' cases (a module of its own, so that
``past_fixtures`` and ``conftest`` can both import it without importing each other)."""

from __future__ import annotations


def sgb2_request(monat: str = "2027-01", netto: float = 300.0, miete: float = 450.0) -> dict:
    return {
        "monat": monat, "leistungsbeginn": "2026-01",
        "personen": [{"id": "P1", "rolle": "antragsteller", "geburtsdatum": "1985-05-17",
                      "einkommen": [{"art": "minijob", "brutto": netto, "netto": netto}]}],
        "unterkunft": {"bruttokaltmiete": miete, "heizkosten": 80.0, "warmwasser": "zentral",
                       "personen_im_haushalt": 1},
    }
