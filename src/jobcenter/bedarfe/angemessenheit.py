"""The automatic check of a new rent against the Jobcenter's Angemessenheitsgrenze
(§ 22 Abs. 1 and 4 SGB II) and the writes of the table (Verwaltung).

The check is a pre-check: it compares the Bruttokaltmiete (Kaltmiete + kalte Nebenkosten)
and the Heizkosten of the offer with the row for the household size valid on the day; the
caseworker decides the Zusicherung (the limits are a local concept, the person's particular
situation can justify more). The citizen reads the result as a non-binding pre-check.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.db import IntegrityError, transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from jobcenter.accounts.models import User
from jobcenter.bedarfe.models import Angemessenheitsgrenze
from jobcenter.core.access import CHANGE, Data, may
from jobcenter.decisions.documents import euro
from jobcenter.jobcenters.models import Jobcenter

MAX_PERSONS = 12
ZERO = Decimal("0.00")


class TableError(ValueError):
    """A table that cannot be stored; ``problems`` maps a field to a translated message."""

    def __init__(self, problems: dict[str, str]):
        super().__init__("; ".join(problems.values()))
        self.problems = problems


def table_valid_on(jobcenter_id: int, on: dt.date) -> list[Angemessenheitsgrenze]:
    """The rows of the table in force on ``on`` (the latest ``valid_from`` not after it)."""
    latest = (Angemessenheitsgrenze.objects.filter(jobcenter_id=jobcenter_id, valid_from__lte=on)
              .order_by("-valid_from").values_list("valid_from", flat=True).first())
    if latest is None:
        return []
    return list(Angemessenheitsgrenze.objects.filter(jobcenter_id=jobcenter_id,
                                                     valid_from=latest).order_by("personen"))


def tables(jobcenter_id: int) -> list[tuple[dt.date, list[Angemessenheitsgrenze]]]:
    """Every table of the Jobcenter, newest first."""
    result: dict[dt.date, list[Angemessenheitsgrenze]] = {}
    for row in Angemessenheitsgrenze.objects.filter(jobcenter_id=jobcenter_id).order_by(
            "-valid_from", "personen"):
        result.setdefault(row.valid_from, []).append(row)
    return list(result.items())


def limit_for(jobcenter_id: int, personen: int, on: dt.date) -> Angemessenheitsgrenze | None:
    return next((r for r in table_valid_on(jobcenter_id, on) if r.personen == personen), None)


@dataclass(frozen=True)
class Pruefung:
    """The result of the pre-check (amounts per month)."""

    personen: int
    bruttokaltmiete: Decimal
    heizkosten: Decimal
    grenze: Angemessenheitsgrenze | None

    @property
    def known(self) -> bool:
        return self.grenze is not None

    @property
    def ueber_miete(self) -> Decimal:
        return max(self.bruttokaltmiete - self.grenze.bruttokaltmiete, ZERO) if self.grenze \
            else ZERO

    @property
    def ueber_heizung(self) -> Decimal:
        return max(self.heizkosten - self.grenze.heizkosten, ZERO) if self.grenze else ZERO

    @property
    def angemessen(self) -> bool | None:
        if self.grenze is None:
            return None
        return self.ueber_miete == ZERO and self.ueber_heizung == ZERO

    def staff_rows(self) -> list[tuple[str, str]]:
        """The facts on the caseworker's screen."""
        rows = [(_("Neue Bruttokaltmiete (Kaltmiete und Nebenkosten)"), euro(self.bruttokaltmiete)),
                (_("Neue Heizkosten"), euro(self.heizkosten)),
                (_("Personen im Haushalt"), str(self.personen))]
        if self.grenze is None:
            rows.append((_("Angemessenheitsgrenze"),
                         _("Für %(n)s Personen ist keine Grenze hinterlegt – bitte von Hand "
                           "prüfen (Verwaltung → Angemessenheitsgrenzen).") % {"n": self.personen}))
            return rows
        since = formats.date_format(self.grenze.valid_from, "SHORT_DATE_FORMAT")
        rows.append((_("Angemessenheitsgrenze (gültig ab %(day)s)") % {"day": since},
                     _("Bruttokaltmiete %(rent)s, Heizkosten %(heat)s") % {
                         "rent": euro(self.grenze.bruttokaltmiete),
                         "heat": euro(self.grenze.heizkosten)}))
        if self.angemessen:
            rows.append((_("Ergebnis der Vorprüfung"), _("angemessen – die Zusicherung ist zu "
                                                          "erteilen (§ 22 Abs. 4 Satz 3 SGB II)")))
        else:
            rows.append((_("Ergebnis der Vorprüfung"), _(
                "über der Grenze: Bruttokaltmiete %(rent)s, Heizkosten %(heat)s darüber")
                % {"rent": euro(self.ueber_miete), "heat": euro(self.ueber_heizung)}))
        return rows

    def citizen_text(self) -> str:
        """The plain-language pre-check for the citizen (non-binding)."""
        if self.grenze is None:
            return _("Für Ihre Haushaltsgröße können wir die Miete hier nicht vorab prüfen. Das "
                     "Jobcenter prüft sie mit Ihrem Antrag.")
        if self.angemessen:
            return _("Nach unserer Vorprüfung liegt die neue Wohnung innerhalb der Grenzen Ihres "
                     "Jobcenters für %(n)s Personen (Miete ohne Heizung bis %(rent)s, Heizung bis "
                     "%(heat)s im Monat).") % {"n": self.personen,
                                               "rent": euro(self.grenze.bruttokaltmiete),
                                               "heat": euro(self.grenze.heizkosten)}
        return _("Nach unserer Vorprüfung liegt die neue Wohnung über den Grenzen Ihres "
                 "Jobcenters für %(n)s Personen (Miete ohne Heizung bis %(rent)s, Heizung bis "
                 "%(heat)s im Monat). Das Jobcenter übernimmt dann in der Regel nur die "
                 "angemessenen Kosten. Schließen Sie den Mietvertrag am besten erst ab, wenn "
                 "Sie die Zusicherung haben.") % {"n": self.personen,
                                                  "rent": euro(self.grenze.bruttokaltmiete),
                                                  "heat": euro(self.grenze.heizkosten)}


def pruefen(*, jobcenter_id: int, personen: int, bruttokaltmiete: Decimal,
            heizkosten: Decimal, on: dt.date | None = None) -> Pruefung:
    on = on or timezone.localdate()
    personen = max(1, int(personen))
    return Pruefung(personen=personen, bruttokaltmiete=bruttokaltmiete,
                    heizkosten=heizkosten, grenze=limit_for(jobcenter_id, personen, on))


def _amount(value: object) -> Decimal | None:
    try:
        amount = Decimal(str(value).strip().replace(".", "").replace(",", ".")) \
            if isinstance(value, str) and "," in value else Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        return None
    if not amount.is_finite() or amount <= 0 or amount >= Decimal("100000"):
        return None
    return amount.quantize(Decimal("0.01"))


@transaction.atomic
def table_create(*, jobcenter: Jobcenter, actor: User, valid_from: dt.date | None,
                 rows: Mapping[int, tuple[object, object]]) -> list[Angemessenheitsgrenze]:
    """A new table from ``valid_from``: ``rows`` maps the household size to (Bruttokaltmiete,
    Heizkosten) as entered. Sizes left empty are not part of the table; at least the single
    person is required. All or nothing."""
    if not may(actor, Data.KONTEN, CHANGE) or actor.jobcenter_id != jobcenter.pk:
        raise TableError({"__all__": _("Nur die Jobcenter-Administration Ihres Jobcenters kann "
                                       "die Angemessenheitsgrenzen ändern.")})
    problems: dict[str, str] = {}
    if valid_from is None:
        problems["valid_from"] = _("Bitte geben Sie an, ab wann die Grenzen gelten.")
    parsed: dict[int, tuple[Decimal, Decimal]] = {}
    for size in range(1, MAX_PERSONS + 1):
        rent_raw, heat_raw = rows.get(size, ("", ""))
        if str(rent_raw or "").strip() == "" and str(heat_raw or "").strip() == "":
            continue
        rent, heat = _amount(rent_raw), _amount(heat_raw)
        if rent is None:
            problems[f"miete_{size}"] = _("Bitte geben Sie die Bruttokaltmiete für %(n)s "
                                          "Personen als Betrag über 0 an, z. B. 520,00."
                                          ) % {"n": size}
        if heat is None:
            problems[f"heizung_{size}"] = _("Bitte geben Sie die Heizkosten für %(n)s Personen "
                                            "als Betrag über 0 an, z. B. 95,00.") % {"n": size}
        if rent is not None and heat is not None:
            parsed[size] = (rent, heat)
    if 1 not in parsed and "miete_1" not in problems and "heizung_1" not in problems:
        problems["miete_1"] = _("Die Grenze für eine Person ist nötig.")
    if valid_from is not None and Angemessenheitsgrenze.objects.filter(
            jobcenter=jobcenter, valid_from=valid_from).exists():
        problems["valid_from"] = _("Ab diesem Tag gibt es schon eine Tabelle. Bitte wählen Sie "
                                   "einen anderen Tag; bestehende Tabellen bleiben unverändert, "
                                   "damit frühere Prüfungen nachvollziehbar bleiben.")
    if problems:
        raise TableError(problems)
    assert valid_from is not None
    try:
        with transaction.atomic():
            return [Angemessenheitsgrenze.objects.create(
                jobcenter=jobcenter, valid_from=valid_from, personen=size, bruttokaltmiete=rent,
                heizkosten=heat, created_by=actor) for size, (rent, heat) in sorted(parsed.items())]
    except IntegrityError as exc:  # a concurrent save of the same day
        raise TableError({"valid_from": _("Ab diesem Tag gibt es schon eine Tabelle.")}) from exc


#: Demo values (not any real Jobcenter's figures): Bruttokaltmiete and Heizkosten per month.
DEMO_TABLE = {1: ("520.00", "95.00"), 2: ("630.00", "120.00"), 3: ("750.00", "145.00"),
              4: ("870.00", "170.00"), 5: ("990.00", "195.00"), 6: ("1110.00", "220.00")}


def demo_seed(jobcenter: Jobcenter, valid_from: dt.date) -> None:
    """The demo table (``manage.py seed_demo``); idempotent."""
    for size, (rent, heat) in DEMO_TABLE.items():
        Angemessenheitsgrenze.objects.get_or_create(
            jobcenter=jobcenter, valid_from=valid_from, personen=size,
            defaults={"bruttokaltmiete": Decimal(rent), "heizkosten": Decimal(heat)})
