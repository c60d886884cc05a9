"""S1c — changes within the month (§ 41 Abs. 1 S. 1–3 SGB II with BA practice): a
birthday that changes a Regelbedarfsstufe, a birth, a person moving in or out. The month
is split into sections (on the 30-day month) in which the household does not change; the
needs that depend on the section — the Regelbedarf by RBS and the Kopfteil of the
Unterkunft — are computed by days, the income of the month is counted in full (Zufluss).

Positions on the 30-day month (0 … 30): a state that begins on day d begins at position
min(d, 30) − 1 (the 16th → 15 days to the end, the 31st → 1 day, as for a partial month);
a stay that ends on day d ends at position min(d, 30), at 30 on the last calendar day.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal

from ..model import InternerHinweis, Person
from .basis import Kontext, Werte, plus_monate, r2
from .personen import regelbedarfsstufe, unter25_ohne_zusicherung


def position_beginn(tag: int) -> int:
    """Position (0 … 29) on the 30-day month at which a state beginning on ``tag`` starts."""
    return min(tag, 30) - 1


def position_ende(datum: dt.date) -> int:
    """Position (1 … 30) at which a stay ending on ``datum`` (inclusive) ends."""
    letzter = (plus_monate(datum.replace(day=1), 1) - dt.timedelta(days=1)).day
    return 30 if datum.day == letzter else min(datum.day, 30)


def geburtstag_im_monat(geburtsdatum: dt.date, monat: dt.date) -> int | None:
    """Day of the person's birthday in ``monat`` if it falls on the 2nd or later (on the 1st
    the new age holds all month; a 29 February in a common year falls on 1 March)."""
    if geburtsdatum.month != monat.month or geburtsdatum.day < 2:
        return None
    letzter = (plus_monate(monat, 1) - dt.timedelta(days=1)).day
    if geburtsdatum.day > letzter:
        return None
    return geburtsdatum.day


def anwesenheit(x: Person, monat: dt.date) -> tuple[int, int]:
    """[from, to) positions of the person's stay in the household in ``monat``: from the
    birth or ``anwesend_ab``, to ``anwesend_bis``."""
    von, bis = 0, 30
    if x.geburtsdatum >= monat:  # born in the month
        von = position_beginn(x.geburtsdatum.day)
    if x.anwesend_ab is not None:
        von = max(von, position_beginn(x.anwesend_ab.day))
    if x.anwesend_bis is not None:
        bis = min(bis, position_ende(x.anwesend_bis))
    return von, max(von, bis)


def abschnitte(personen: Sequence[Person], monat: dt.date) -> list[tuple[int, int]]:
    """The sections [von, bis) of the month in which nobody's presence or age changes."""
    grenzen = {0, 30}
    for x in personen:
        tag = geburtstag_im_monat(x.geburtsdatum, monat)
        if tag is not None and x.rolle != "sonstige" and x.geburtsdatum < monat:
            grenzen.add(position_beginn(tag))
        von, bis = anwesenheit(x, monat)
        grenzen.update((von, bis))
    g = sorted(grenzen)
    return [(a, b) for a, b in zip(g, g[1:], strict=False) if b > a]


def hat_aenderung(personen: Sequence[Person], monat: dt.date) -> bool:
    """Whether anything changes within the month (fast check before :func:`abschnitte`)."""
    for x in personen:
        if x.anwesend_ab is not None or x.anwesend_bis is not None or x.geburtsdatum >= monat:
            return True
        if x.rolle != "sonstige" and geburtstag_im_monat(x.geburtsdatum, monat) is not None:
            return True
    return False


def tage_text(tage: int) -> str:
    return f"{tage}/30 Tage"


# --------------------------------------------------------------------------- step
def monatsverlauf(ctx: Kontext, ws: list[Werte]) -> None:
    """S1c: for a month with a change inside it, each person's days per Regelbedarfsstufe
    (``Werte.rbs_tage``) and the sections with the persons present (``Kontext.abschnitte``)
    for the Kopfteile of S4. Nothing is set for a month without change."""
    req = ctx.req
    if not hat_aenderung(req.personen, req.monat):
        return
    monat = req.monat
    teile = abschnitte(req.personen, monat)
    paar = [w for w in ws if w.person.rolle in ("antragsteller", "partner")]
    anwesend = {w.person.id: anwesenheit(w.person, monat) for w in ws}
    geburtstag = {w.person.id: geburtstag_im_monat(w.person.geburtsdatum, monat) for w in ws}

    def alter_in(w: Werte, pos: int) -> int:
        tag = geburtstag[w.person.id]
        if tag is not None and w.person.geburtsdatum < monat and position_beginn(tag) <= pos:
            return w.alter + 1
        return w.alter

    def da(w: Werte, a: int, b: int) -> bool:
        von, bis = anwesend[w.person.id]
        return von <= a and b <= bis

    ctx.abschnitte = []
    for w in ws:
        w.rbs_tage = {}
    for a, b in teile:
        present = frozenset(w.person.id for w in ws if da(w, a, b))
        ctx.abschnitte.append((a, b, present))
        paar_da = [w for w in paar if w.person.id in present]
        partner_vorhanden = len(paar_da) == 2
        for w in ws:
            if w.person.rolle == "sonstige" or w.person.id not in present:
                continue
            partner_alter = 0
            if partner_vorhanden and w.person.rolle != "kind":
                partner_alter = next(alter_in(x, a) for x in paar_da if x is not w)
            rbs = regelbedarfsstufe(
                w.person.rolle, alter_in(w, a), partner_vorhanden, partner_alter
            )
            if (
                rbs == 1
                and not w.sgb12
                and unter25_ohne_zusicherung(
                    w.person.rolle, w.alter, w.person.umzug_ohne_zusicherung
                )
            ):
                rbs = 3  # § 20 Abs. 3 (age on the 1st)
            tage = w.rbs_tage
            assert tage is not None
            tage[rbs] = tage.get(rbs, 0) + (b - a)
    ctx.hinweise.append(
        InternerHinweis(
            "Änderung im Laufe des Monats (Geburtstag mit neuer Regelbedarfsstufe, Geburt, "
            "Ein- oder Auszug): Regelbedarf und Kopfteile der Unterkunft taggenau auf den "
            "30-Tage-Monat berechnet (§ 41 Abs. 1 SGB II); das Einkommen des Monats wird voll "
            "berücksichtigt; Mehrbedarfe in Prozent des Regelbedarfs folgen dem taggenauen "
            "Regelbedarf, der Mehrbedarf für Alleinerziehende dem Stand am Monatsersten.",
            "Change within the month (birthday with a new standard needs level, birth, moving "
            "in or out): standard needs and housing shares computed by days on the 30-day "
            "month (§ 41 (1) SGB II); the month's income counts in full; additional needs in "
            "percent of the standard needs follow the standard needs by days, the single "
            "parent supplement the state on the first of the month.",
        )
    )


def anteilig(betrag: Decimal, tage: int) -> Decimal:
    """r2(betrag × tage / 30)."""
    if tage >= 30:
        return betrag
    return r2(betrag * tage / 30)
