"""S14 — the result: each person's Zahlbetrag (§ 19, § 41), the totals, the
Bewilligungszeitraum (§ 41 Abs. 3) and the closing notes."""

from __future__ import annotations

from decimal import Decimal

from ..model import Hinweis, InternerHinweis, PersonErgebnis, Position, Result, Summe, neue_position
from ..params import Parameters
from .basis import ZERO, Kontext, Werte, monat_text

#: the notes on the provisional legal state, per set of parameter notes (German, English)
_VORLAEUFIG: dict[tuple[tuple[str, ...], tuple[str, ...]], tuple[InternerHinweis, ...]] = {}


def ergebnis(
    ctx: Kontext, ws: list[Werte], tage: int, anspruch_bg: Decimal, vermoegen_zu_hoch: bool
) -> Result:
    """S14: Zahlbetrag = Anspruch + Kindersofortzuschlag + Schulbedarf − Minderung per
    person; totals are the sums of the persons; BG lines first, then each person's lines in
    list order."""
    p = ctx.p
    positionen: list[Position] = list(ctx.bg_pos)
    ergebnisse: list[PersonErgebnis] = []
    for w in ws:
        ergebnisse.append(person_ergebnis(ctx, w))
        positionen.extend(w.pos)
    summe = summen(ergebnisse)
    schluss_hinweise(ctx, ws, tage, anspruch_bg, vermoegen_zu_hoch)
    intern: list[str] = []  # the staff notes, and every note in English (one pass)
    englisch: list[str] = []
    for h in ctx.hinweise:
        if isinstance(h, Hinweis):
            englisch.append(h.en)
            if isinstance(h, InternerHinweis):
                intern.append(h)
        else:
            englisch.append(str(h))
    return Result(
        monat=monat_text(ctx.req.monat),
        leistungsname=p.leistungsname,
        rechtsstand=p.rechtsstand,
        anspruch=summe.anspruch > 0 or summe.zahlbetrag > 0,
        personen=tuple(ergebnisse),
        summe=summe,
        positionen=tuple(positionen),
        hinweise=tuple(ctx.hinweise),
        bewilligungszeitraum_monate=p.bwz_verkuerzt if ctx.verkuerzt else p.bwz_regel,
        hinweise_intern=tuple(intern),
        hinweise_en=tuple(englisch),
    )


def person_ergebnis(ctx: Kontext, w: Werte) -> PersonErgebnis:
    """The person's result line; the Zahlbetrag line of the Berechnungsbogen for members
    and for anyone with a Kindersofortzuschlag. Persons outside the BG show no amounts
    except the Sofortzuschlag."""
    p = ctx.p
    zahl = w.anspruch + w.sofortzuschlag + w.schulbedarf - w.minderung
    if w.in_bg or w.sofortzuschlag or w.schulbedarf:
        w.pos.append(
            neue_position(
                (w.person.id, "zahlbetrag", zahl, "§ 19, § 41 SGB II", "Zahlbetrag für den Monat")
            )
        )
    if not w.in_bg:
        return PersonErgebnis(
            w.person.id,
            False,
            "keine",
            w.rbs,
            ZERO,
            ZERO,
            ZERO,
            ZERO,
            ZERO,
            ZERO,
            ZERO,
            ZERO,
            w.sofortzuschlag,
            ZERO,
            zahl,
            w.schulbedarf,
        )
    art = p.leistungsart_erwerbsfaehig if w.erwerbsfaehig else p.leistungsart_nicht_erwerbsfaehig
    return PersonErgebnis(
        w.person.id,
        True,
        art,
        w.rbs,
        w.regelbedarf,
        w.mehrbedarf,
        w.kdu,
        w.bedarf,
        w.einkommen,
        w.anspruch,
        w.davon_rmb,
        w.davon_kdu,
        w.sofortzuschlag,
        w.minderung,
        zahl,
        w.schulbedarf,
    )


def summen(ergebnisse: list[PersonErgebnis]) -> Summe:
    """The BG totals: the sums over the persons' result lines."""
    s_b = s_e = s_a = s_s = s_m = s_z = s_sb = ZERO
    for e in ergebnisse:
        s_b += e.bedarf
        s_e += e.einkommen_anrechenbar
        s_a += e.anspruch
        s_s += e.kindersofortzuschlag
        s_m += e.minderung
        s_z += e.zahlbetrag
        s_sb += e.schulbedarf
    return Summe(s_b, s_e, s_a, s_s, s_m, s_z, s_sb)


def schluss_hinweise(
    ctx: Kontext, ws: list[Werte], tage: int, a_bg: Decimal, vermoegen_zu_hoch: bool
) -> None:
    """Notes on the whole month: partial month (§ 41 Abs. 1), Vorrangprüfung (§ 12a),
    provisional legal state, shortened Bewilligungszeitraum (§ 41 Abs. 3 S. 2)."""
    p = ctx.p
    if tage < p.monat_tage:
        ctx.hinweise.append(
            InternerHinweis(
                f"Teilmonat: Anspruch für {tage} von {p.monat_tage} Tagen (§ 41 Abs. 1 SGB II). "
                "Vorläufige Annahme: Einkommen des Monats wird voll berücksichtigt und der "
                "Monatsanspruch anteilig gezahlt; der Kindersofortzuschlag wird voll gezahlt.",
                f"Partial month: entitlement for {tage} of {p.monat_tage} days (§ 41 (1) SGB II). "
                "Provisional assumption: the month's income counts in full and the monthly "
                "entitlement is paid pro rata; the child immediate supplement is paid in full.",
            )
        )
    if a_bg > 0 and not vermoegen_zu_hoch:
        erwerb = any(w.erwerbstaetig and w.in_bg and w.person.rolle != "kind" for w in ws)
        kinder = any(w.in_bg and w.person.rolle == "kind" for w in ws)
        if erwerb or kinder:
            ctx.hinweise.append(
                InternerHinweis(
                    "Vorrangprüfung (§ 12a SGB II): prüfen, ob Wohngeld und/oder Kinderzuschlag "
                    "die Hilfebedürftigkeit der ganzen Bedarfsgemeinschaft für mindestens drei "
                    "Monate beseitigen.",
                    "Priority check (§ 12a SGB II): check whether housing benefit and/or the "
                    "child supplement end the need of assistance of the whole benefit unit for "
                    "at least three months.",
                )
            )
    ctx.hinweise.extend(vorlaeufig_hinweise(p))
    if ctx.verkuerzt:
        ctx.hinweise.append(
            Hinweis(
                "Bewilligungszeitraum auf sechs Monate verkürzt, weil die Aufwendungen für "
                "Unterkunft und Heizung unangemessen sind (§ 41 Abs. 3 S. 2 SGB II).",
                "Award period shortened to six months because the costs of housing and heating "
                "are unreasonable (§ 41 (3) sentence 2 SGB II).",
            )
        )


def vorlaeufig_hinweise(p: Parameters) -> tuple[InternerHinweis, ...]:
    """The staff notes on the provisional legal state of ``p`` (values marked [U]), in the
    order of its parameter topics. They are the same for every calculation under the same
    parameters, so they are built once per set of notes (a handful per process) rather than
    six f-strings and note objects per calculation."""
    key = (p.vorlaeufig, p.vorlaeufig_en)
    notes = _VORLAEUFIG.get(key)
    if notes is None:
        notes = _VORLAEUFIG[key] = tuple(
            InternerHinweis(
                f"Vorläufiger Rechtsstand: {note}.",
                f"Provisional legal state: {note_en}.",
            )
            for note, note_en in zip(p.vorlaeufig, p.vorlaeufig_en, strict=True)
        )
    return notes
