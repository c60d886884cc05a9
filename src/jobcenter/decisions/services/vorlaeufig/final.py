"""The abschließende Entscheidung (§ 41a Abs. 3–6 SGB II): the months computed from the
proven incomes (the average of Abs. 4 and its exceptions), set off per person (Abs. 6), and
the Bescheid ending in a Nachzahlung or an Erstattung."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jobcenter.accounts.models import User
from jobcenter.casefiles.models import DecisionType, TimelineEntry
from jobcenter.casefiles.services import (
    timeline_add,
)
from jobcenter.core import datastand
from jobcenter.core import sgb2_adapter as engine  # the one adapter to the law engine
from jobcenter.decisions import paths
from jobcenter.decisions.models import Decision, DecisionAmount
from jobcenter.decisions.services.aufhebung import person_ids
from jobcenter.decisions.services.common import (
    FINAL,
    DecisionError,
    _dec,
    _months,
)
from jobcenter.decisions.services.vorlaeufig.provisional import (
    FINAL_TYPE,
    IncomeRef,
    MonthProofs,
    income_label,
    is_provisional,
    replaced_refs,
)


@dataclass
class FinalResult:
    method: str  # "average" or "actual"
    exception: str  # "", "nr1" (missing proofs), "nr2" (no entitlement), "nr3" (requested)
    rows: list[dict[str, Any]]
    results: dict[str, Any]
    request: dict[str, Any]
    total_claim: Decimal = Decimal("0.00")
    total_back: Decimal = Decimal("0.00")
    average: tuple[Decimal, Decimal] | None = None  # brutto, netto (all incomes)
    sums: tuple[Decimal, Decimal] = (Decimal(0), Decimal(0))
    missing: list[dt.date] = field(default_factory=list)
    #: per income: (label, sum brutto, sum netto, average brutto, average netto)
    per_income: list[tuple[str, Decimal, Decimal, Decimal | None, Decimal | None]] = field(
        default_factory=list)
    averages: dict[IncomeRef, tuple[Decimal, Decimal]] = field(default_factory=dict)


def _with_income(request: dict[str, Any], ref: IncomeRef, brutto: Decimal,
                 netto: Decimal) -> dict[str, Any]:
    pi, ii = ref
    changed = paths.apply(request, "set", f"personen[{pi}].einkommen[{ii}].brutto", float(brutto))
    return paths.apply(changed, "set", f"personen[{pi}].einkommen[{ii}].netto", float(netto))


def _with_incomes(request: dict[str, Any], values: MonthProofs) -> dict[str, Any]:
    for ref, (brutto, netto) in values.items():
        request = _with_income(request, ref, brutto, netto)
    return request


def _per_income(proofs: dict[dt.date, Any], refs: list[IncomeRef]
                ) -> dict[dt.date, MonthProofs | None]:
    """Proofs keyed by income; a bare (brutto, netto) is the only income's (one earner)."""
    normal: dict[dt.date, MonthProofs | None] = {}
    for month, value in proofs.items():
        if value is None or isinstance(value, dict):
            normal[month] = value
        elif len(refs) == 1:
            normal[month] = {refs[0]: value}
        else:
            raise DecisionError(_("Bitte geben Sie das nachgewiesene Einkommen für jedes "
                                  "Erwerbseinkommen einzeln an."))
    return normal


def _net(rows: list[dict[str, Any]]) -> None:
    """§ 41a Abs. 6 S. 2, 3 SGB II per person: overpaid months are set off against the back
    payments of other months of the period (earliest overpayments first); what remains is
    the Erstattung (``claim``), or the Nachzahlung (``back``)."""
    by_person: dict[str, list[dict[str, Any]]] = {}
    for row in rows:
        by_person.setdefault(row["person_key"], []).append(row)
    for person_rows in by_person.values():
        over = [r for r in person_rows if Decimal(r["diff"]) < 0]
        under = [r for r in person_rows if Decimal(r["diff"]) > 0]
        back_left = sum((Decimal(r["diff"]) for r in under), Decimal(0))
        over_left = sum((-Decimal(r["diff"]) for r in over), Decimal(0))
        for r in person_rows:
            r["claim"], r["back"] = "0.00", "0.00"
        for r in over:
            amount = -Decimal(r["diff"])
            offset = min(amount, back_left)
            back_left -= offset
            r["claim"] = str(_dec(amount - offset))
        for r in under:
            amount = Decimal(r["diff"])
            offset = min(amount, over_left)
            over_left -= offset
            r["back"] = str(_dec(amount - offset))


def final_compute(*, decision: Decision, proofs: dict[dt.date, Any],
                  actual_requested: bool = False) -> FinalResult:
    """The final amounts per month and person from the proven incomes (``proofs``: month →
    {income ref → (brutto, netto)} for every replaced income — a bare (brutto, netto) where
    there is only one —, ``None`` for a month without proof despite the request)."""
    request = decision.snapshot.get("request") or {}
    refs = replaced_refs(decision)
    if not refs:
        raise DecisionError(_("Diese vorläufige Bewilligung enthält kein Erwerbseinkommen, "
                              "das durch Nachweise ersetzt werden könnte."))
    months = _months(decision.period_from, decision.period_to)  # type: ignore[arg-type]
    by_income = _per_income(proofs, refs)
    if set(by_income) != set(months) or any(
            v is not None and set(v) != set(refs) for v in by_income.values()):
        raise DecisionError(_("Bitte geben Sie für jeden Monat des Bewilligungszeitraums das "
                              "nachgewiesene Einkommen an oder vermerken Sie, dass der Nachweis "
                              "fehlt."))
    missing = [m for m in months if by_income[m] is None]
    proven = {m: v for m, v in by_income.items() if v is not None}
    actual: dict[str, Any] = {}
    for month, values in proven.items():
        actual[f"{month:%Y-%m}"] = engine.calculate(
            engine.with_month(_with_incomes(request, values), month))
    sum_b = sum((b for v in proven.values() for b, _n in v.values()), Decimal(0))
    sum_n = sum((n for v in proven.values() for _b, n in v.values()), Decimal(0))
    if missing:
        method, exception = "actual", "nr1"
    elif actual_requested:
        method, exception = "actual", "nr3"
    elif any(Decimal(str(r["summe"]["zahlbetrag"])) <= 0 for r in actual.values()):
        method, exception = "actual", "nr2"
    else:
        method, exception = "average", ""
    average = None
    used_request = request
    results: dict[str, Any] = {}
    count = Decimal(len(months))
    averages: MonthProofs = {}
    per_income = []
    for ref in refs:
        ib = sum((v[ref][0] for v in proven.values()), Decimal(0))
        inn = sum((v[ref][1] for v in proven.values()), Decimal(0))
        avg = ((ib / count).quantize(Decimal("0.01"), ROUND_HALF_UP),
               (inn / count).quantize(Decimal("0.01"), ROUND_HALF_UP))
        averages[ref] = avg
        per_income.append((income_label(decision, ref), ib, inn,
                           avg[0] if method == "average" else None,
                           avg[1] if method == "average" else None))
    if method == "average":
        average = (sum((a[0] for a in averages.values()), Decimal(0)),
                   sum((a[1] for a in averages.values()), Decimal(0)))
        used_request = _with_incomes(request, averages)
        for month in months:
            results[f"{month:%Y-%m}"] = engine.calculate(engine.with_month(used_request, month))
    else:
        results = actual
    old: dict[tuple[str, str], DecisionAmount] = {
        (f"{a.month:%Y-%m}", a.person_key): a for a in decision.amounts.all()}
    names = decision.snapshot.get("names") or {}
    ids = person_ids(decision.case, request)
    rows: list[dict[str, Any]] = []
    for month in months:
        key = f"{month:%Y-%m}"
        result = results.get(key)
        new_by_person: dict[str, dict[str, Any]] = {}
        if result is not None:
            new_by_person = {p["id"]: p for p in result["personen"] if p.get("in_bg", True)}
        person_keys = sorted({pk for (m, pk) in old if m == key} | set(new_by_person))
        for pid in person_keys:
            before = old[(key, pid)].amount if (key, pid) in old else Decimal("0.00")
            person = new_by_person.get(pid)
            after = _dec(person["zahlbetrag"]) if person is not None else Decimal("0.00")
            rows.append({
                "month": key, "person_key": pid, "person_name": names.get(pid, pid),
                "person_id": ids.get(pid), "old": str(before), "new": str(after),
                "bedarf": str(_dec(person["bedarf"])) if person else "0.00",
                "einkommen": str(_dec(person["einkommen_anrechenbar"])) if person else "0.00",
                "diff": str(after - before),
            })
    _net(rows)
    return FinalResult(
        method=method, exception=exception, rows=rows, results=results, request=used_request,
        total_claim=sum((Decimal(r["claim"]) for r in rows), Decimal("0.00")),
        total_back=sum((Decimal(r["back"]) for r in rows), Decimal("0.00")),
        average=average, sums=(sum_b, sum_n), missing=missing, per_income=per_income,
        averages=averages if method == "average" else {})


def _euro(value: Decimal) -> str:
    from jobcenter.decisions.documents import euro

    return euro(value)


def method_text(result: FinalResult, months: int) -> str:
    from jobcenter.decisions.documents import month_de

    if result.method == "average" and result.average is not None and len(result.per_income) > 1:
        lines = [_("%(income)s: insgesamt %(sum_b)s brutto (%(sum_n)s netto), im Monat "
                   "%(avg_b)s brutto (%(avg_n)s netto)") % {
            "income": label, "sum_b": _euro(sb), "sum_n": _euro(sn),
            "avg_b": _euro(ab or 0), "avg_n": _euro(an or 0)}
            for label, sb, sn, ab, an in result.per_income]
        return _("Wir legen für jeden Monat ein Durchschnittseinkommen zugrunde (§ 41a Abs. 4 "
                 "Satz 1 und 3 SGB II): Jedes Einkommen im Bewilligungszeitraum, geteilt durch "
                 "%(months)s Monate, ergibt das monatliche Einkommen, das wir berücksichtigen. "
                 "%(lines)s.") % {"months": months, "lines": "; ".join(lines)}
    if result.method == "average" and result.average is not None:
        return _("Wir legen für jeden Monat ein Durchschnittseinkommen zugrunde (§ 41a Abs. 4 "
                 "Satz 1 und 3 SGB II): Ihr Einkommen im Bewilligungszeitraum von insgesamt "
                 "%(sum_b)s brutto (%(sum_n)s netto), geteilt durch %(months)s Monate, ergibt "
                 "%(avg_b)s brutto (%(avg_n)s netto) im Monat.") % {
            "sum_b": _euro(result.sums[0]), "sum_n": _euro(result.sums[1]), "months": months,
            "avg_b": _euro(result.average[0]), "avg_n": _euro(result.average[1])}
    if result.exception == "nr1":
        return _("Für %(months)s haben Sie trotz unserer Aufforderung keine Nachweise "
                 "eingereicht. Für diese Monate stellen wir fest, dass kein Anspruch bestand "
                 "(§ 41a Abs. 3 Satz 4 SGB II). Ein Durchschnittseinkommen bilden wir deshalb "
                 "nicht (§ 41a Abs. 4 Satz 2 Nr. 1 SGB II); für die übrigen Monate legen wir das "
                 "nachgewiesene Einkommen des jeweiligen Monats zugrunde.") % {
            "months": ", ".join(month_de(m) for m in result.missing)}
    if result.exception == "nr2":
        return _("In mindestens einem Monat entfällt Ihr Anspruch durch das nachgewiesene "
                 "Einkommen. Deshalb legen wir kein Durchschnittseinkommen, sondern das "
                 "tatsächliche Einkommen jedes Monats zugrunde (§ 41a Abs. 4 Satz 2 Nr. 2 "
                 "SGB II).")
    return _("Sie haben beantragt, dass wir nach dem tatsächlichen Einkommen jedes Monats "
             "entscheiden (§ 41a Abs. 4 Satz 2 Nr. 3 SGB II). Das haben wir getan.")


def _income_table(decision: Decision, proofs: dict[dt.date, Any],
                  result: FinalResult) -> dict[str, Any]:
    """Per month (and, with several earned incomes, per income): proven and used amounts."""
    from jobcenter.decisions.documents import month_de
    from jobcenter.decisions.letters import _table

    refs = replaced_refs(decision)
    by_income = _per_income(proofs, refs)
    rows = []
    if len(refs) > 1:  # one row per month and income; brutto / netto in one cell each
        for month in sorted(by_income):
            values = by_income[month]
            for ref in refs:
                label = income_label(decision, ref)
                if values is None:
                    rows.append([month_de(month), label, _("kein Nachweis"), "–"])
                    continue
                proof = values[ref]
                used = result.averages.get(ref, proof)
                rows.append([month_de(month), label, f"{_euro(proof[0])} / {_euro(proof[1])}",
                             f"{_euro(used[0])} / {_euro(used[1])}"])
        table = _table([_("Monat"), _("Einkommen"), _("nachgewiesen brutto / netto"),
                        _("angesetzt brutto / netto")], rows, ["left", "left", "right", "right"])
        table["columns"] = ["auto", "1fr", "auto", "auto"]
        return table
    for month in sorted(by_income):
        values = by_income[month]
        if values is None:
            rows.append([month_de(month), _("kein Nachweis"), "–", "–"])
            continue
        proof = values[refs[0]]
        used = result.averages.get(refs[0], proof)
        rows.append([month_de(month), _euro(proof[0]), _euro(proof[1]),
                     f"{_euro(used[0])} / {_euro(used[1])}"])
    return _table([_("Monat"), _("nachgewiesen brutto"), _("nachgewiesen netto"),
                   _("angesetzt brutto / netto")], rows, ["left", "right", "right", "right"])


@transaction.atomic
def final_create(*, decision: Decision, actor: User,
                 proofs: dict[dt.date, Any],
                 actual_requested: bool = False, reasons: str = "") -> Decision:
    """The draft abschließende Entscheidung; it always goes to a second person (four eyes)."""
    locked = Decision.objects.select_for_update().select_related(
        "case", "decision_type").get(pk=decision.pk)
    if not is_provisional(locked) or locked.status not in FINAL:
        raise DecisionError(_("Abschließend entschieden werden kann nur über eine erlassene "
                              "vorläufige Bewilligung."))
    if locked.period_to is None or timezone.localdate() <= locked.period_to:
        raise DecisionError(_("Abschließend entschieden wird nach dem Ende des "
                              "Bewilligungszeitraums."))
    if Decision.objects.filter(previous=locked, decision_type__key=FINAL_TYPE).exists():
        raise DecisionError(_("Über diesen Zeitraum ist schon abschließend entschieden (oder "
                              "ein Entwurf liegt vor)."))
    decision_type = DecisionType.objects.entry(FINAL_TYPE)
    if decision_type is None:
        raise DecisionError(_("Diese Bescheidart ist nicht (mehr) gültig."))
    result = final_compute(decision=locked, proofs=proofs, actual_requested=actual_requested)
    months = len(proofs)
    first: dict[str, Any] = next(iter(result.results.values()), {})
    claims = [r for r in result.rows if Decimal(r["claim"]) > 0]
    totals: dict[str, Decimal] = {}
    for r in result.rows:
        totals[r["month"]] = totals.get(r["month"], Decimal(0)) + Decimal(r["new"])
    final = Decision(
        case=locked.case, bedarfsgemeinschaft_id=locked.bedarfsgemeinschaft_id,
        decision_type=decision_type, origin=Decision.Origin.MANUAL, reasons=reasons.strip(),
        previous=locked, created_by=actor, period_from=locked.period_from,
        period_to=locked.period_to, monthly_total=max(totals.values(), default=Decimal(0)),
        requires_four_eyes=True,
        snapshot={
            "request": result.request, "names": locked.snapshot.get("names") or {},
            "results": result.results, "rechtsstand": first.get("rechtsstand", []),
            "leistungsname": locked.snapshot.get("leistungsname", ""),
            "erstattung": {
                "kind": "abschliessend", "rechtsgrundlage": "§ 41a Abs. 6 Satz 3 SGB II",
                "positions": claims, "rows": result.rows, "total": str(result.total_claim),
                "back_total": str(result.total_back), "method": result.method,
                "exception": result.exception, "method_text": method_text(result, months),
                "income_table": _income_table(locked, proofs, result),
            },
        },
    )
    final.save()
    DecisionAmount.objects.bulk_create(DecisionAmount(
        decision=final, month=engine.month_of(r["month"]), person_key=r["person_key"],
        person_name=r["person_name"], bedarf=Decimal(r["bedarf"]),
        einkommen=Decimal(r["einkommen"]), amount=Decimal(r["new"])) for r in result.rows)
    datastand.changed(Decision, [final.pk])  # its amounts: the same pages
    timeline_add(case=locked.case, kind=TimelineEntry.Kind.DECISION, actor=actor,
                 text=_("Bescheid-Entwurf erstellt: %(type)s") % {"type": decision_type.title})
    return final
