"""Map the answers of our SGB II forms to an ``sgb2`` request (the JSON contract of issue 3).

The Hauptantrag asks everything the calculation needs; the Weiterbewilligungsantrag and the
Veränderungsmitteilung ask only what changed, using the same question ids as the
Hauptantrag, so their answers are laid over the current state (the last submission) and the
result is mapped like a Hauptantrag. :func:`map_answers` never raises on incomplete answers:
it returns either the request or the list of what is missing, in the current language.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext as _

from jobcenter.antraege.household_choice import SELF, answer_date, household_persons
from jobcenter.core.sgb2_adapter import FieldMap

#: Forms whose answers describe the whole household (after merging with the current state).
MAPPABLE_FORMS = ("hauptantrag", "weiterbewilligung", "veraenderung", "mehrbedarf")

#: Question ids (top level) that a Hauptantrag holds and that later forms may replace.
STATE_KEYS = (
    "vorname",
    "nachname",
    "geburtsdatum",
    "schule",
    "anschrift",
    "telefon",
    "email",
    "iban",
    "weitere_personen",
    "personen",
    "kindergeld_kinder",
    "wohnsituation",
    "kaltmiete",
    "nebenkosten",
    "heizkosten",
    "hauslasten",
    "warmwasser",
    "einkommensarten",
    "erwerbseinkommen",
    "selbststaendigkeit",
    "unterhalt_erhalten",
    "unterhalt_gezahlt",
    "sonstiges_einkommen",
    "vermoegen_erheblich",
    "vermoegenswerte",
    "besondere_situationen",
    "schwangere_person",
    "entbindungstermin",
    "behinderungen",
    "ernaehrung",
    "haertefall",
    "krankenkasse",
    "versicherungsstatus",
)


MONEY_LIMIT = Decimal("100000000")

#: answers to "attends a school?" (``schule``, ``person_schule``, ``sb_schule``): a pupil of
#: an allgemein- or berufsbildende Schule without Ausbildungsvergütung — the Schulbedarf of
#: § 28 Abs. 1 S. 2, Abs. 3 SGB II (``schueler``)
SCHUELER = frozenset({"allgemeinbildend", "berufsbildend"})
#: every "yes" (also the Berufsschule of a trainee): pupil or trainee under § 11b Abs. 2b
IN_AUSBILDUNG = SCHUELER | {"ausbildung"}


@dataclass
class MappingResult:
    request: dict[str, Any] | None
    missing: list[str] = field(default_factory=list)
    #: request path → the input (``formengine`` field name) it came from, so that an error
    #: of the engine can be shown at the question (``core.sgb2_adapter.place``)
    fields: FieldMap = field(default_factory=FieldMap)
    #: person id of the request → the first name the citizen gave (the citizen reads
    #: names, never "P1": ``core.buergerbogen``)
    names: dict[str, str] = field(default_factory=dict)

    @property
    def computable(self) -> bool:
        return self.request is not None


def current_state(answers: dict[str, Any], base: dict[str, Any] | None) -> dict[str, Any]:
    """The household's state: ``base`` (the last submission) with ``answers`` laid over it.

    Only keys the citizen actually answered replace the base; the Veränderungsmitteilung's
    Arbeitsaufnahme adds the new job to the employment incomes.
    """
    state: dict[str, Any] = {k: v for k, v in (base or {}).items() if k in STATE_KEYS}
    for key in STATE_KEYS:
        if key in answers and answers[key] not in (None, ""):
            state[key] = answers[key]
    if answers.get("neue_anschrift"):
        state["anschrift"] = answers["neue_anschrift"]
    if "arbeitsaufnahme" in _keys(answers.get("aenderungen")) and answers.get("neue_arbeit_netto"):
        jobs = [dict(j) for j in _items(state.get("erwerbseinkommen"))]
        jobs.append(
            {
                "ek_person": answers.get("neue_arbeit_person") or "",
                "ek_arbeitgeber": answers.get("neue_arbeit_arbeitgeber") or "",
                "ek_brutto": answers.get("neue_arbeit_brutto"),
                "ek_netto": answers.get("neue_arbeit_netto"),
            }
        )
        state["erwerbseinkommen"] = jobs
        kinds = sorted(_keys(state.get("einkommensarten")))
        if "erwerb" not in kinds:
            state["einkommensarten"] = [k for k in kinds if k != "keines"] + ["erwerb"]
    # the one-off needs of the Antrag auf Mehrbedarf (§ 21 Abs. 6 einmalig, Abs. 6a) are no
    # monthly state: staff grant them with an amount of their own (``bedarfe.katalog``)
    requested = _keys(answers.get("mehrbedarf_arten")) & {"schwangerschaft", "behinderung",
                                                           "ernaehrung", "haertefall"}
    if requested:
        # the Antrag auf Mehrbedarf (``bedarfe``): its kinds join the situations already known
        situations = _keys(state.get("besondere_situationen")) - {"keine"}
        state["besondere_situationen"] = sorted(situations | requested)
    changes = _keys(answers.get("aenderungen"))
    if answers.get("schulbesuch"):  # VÄM / WBA "Schulbesuch" (asked only for that change)
        _apply_school_changes(state, answers.get("schulbesuch"))
    if "schwangerschaft" in changes and answers.get("entbindungstermin"):
        # the Mehrbedarf for pregnancy (§ 21 Abs. 2 SGB II) from the reported due date
        situations = sorted(_keys(state.get("besondere_situationen")) - {"keine"})
        state["besondere_situationen"] = sorted({*situations, "schwangerschaft"})
    if "geburt" in changes and answers.get("neues_kind_geburtsdatum"):
        # the new child joins the household; the pregnancy's Mehrbedarf ends with the birth
        persons = [dict(p) for p in _items(state.get("personen"))]
        persons.append({
            "person_vorname": answers.get("neues_kind_vorname") or "",
            "person_nachname": answers.get("neues_kind_nachname") or "",
            "person_geburtsdatum": answers.get("neues_kind_geburtsdatum"),
            "beziehung": answers.get("neues_kind_beziehung") or "kind",
        })
        state["personen"] = persons
        state["weitere_personen"] = True
        if answers.get("neues_kind_kindergeld") is True:
            state["kindergeld_kinder"] = True
        if "schwangerschaft" not in changes:
            situations = _keys(state.get("besondere_situationen")) - {"schwangerschaft"}
            state["besondere_situationen"] = sorted(situations) or ["keine"]
            state.pop("entbindungstermin", None)
            state.pop("schwangere_person", None)
    return state


def _apply_school_changes(state: dict[str, Any], entries: Any) -> None:
    """The "Schulbesuch" of the Veränderungsmitteilung and the Weiterbewilligungsantrag
    (``schulbesuch``): each entry sets the school answer of the person it names by first
    name (empty: the applicant) in the state; an entry naming nobody in the household
    changes nothing (the caseworker reads it in the submission)."""
    persons = [dict(p) for p in _items(state.get("personen"))]
    for entry in _items(entries):
        school = entry.get("sb_schule")
        if not isinstance(school, str):
            continue
        name = str(entry.get("sb_person") or "").strip().casefold()
        if not name or name == str(state.get("vorname") or "").strip().casefold():
            state["schule"] = school
            continue
        for person in persons:
            if str(person.get("person_vorname") or "").strip().casefold() == name:
                person["person_schule"] = school
                break
    if persons:
        state["personen"] = persons


def _school(person: dict[str, Any], answer: Any) -> None:
    """``schueler`` (§ 28 Abs. 3) and ``in_ausbildung`` (§ 11b Abs. 2b) from the answer to
    "attends a school?"; nothing when not asked or answered "no"."""
    if not isinstance(answer, str):
        return
    if answer in SCHUELER:
        person["schueler"] = True
    if answer in IN_AUSBILDUNG:
        person["in_ausbildung"] = True


def _money(value: Any) -> Decimal | None:
    """A stored money answer ("1234.56") as Decimal; None if absent or not a sane amount."""
    if value in (None, "") or isinstance(value, (bool, list, dict)):
        return None
    try:
        amount = Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None
    if not amount.is_finite() or amount < 0 or amount >= MONEY_LIMIT:
        return None
    return amount


def _items(value: Any) -> list[dict[str, Any]]:
    """The entries of a repeating group (anything else counts as no entries)."""
    return [item for item in value if isinstance(item, dict)] if isinstance(value, list) else []


def _entries(value: Any) -> list[tuple[int, dict[str, Any]]]:
    """(position in the group, entry) of the entries of a repeating group."""
    if not isinstance(value, list):
        return []
    return [(i, item) for i, item in enumerate(value) if isinstance(item, dict)]


def _keys(value: Any) -> set[str]:
    """The chosen option keys of a multiple choice answer."""
    return {v for v in value if isinstance(v, str)} if isinstance(value, list) else set()


def _num(amount: Decimal) -> float:
    return float(amount.quantize(Decimal("0.01")))


def _month(day: dt.date) -> str:
    return f"{day.year:04d}-{day.month:02d}"


def map_answers(
    form_key: str,
    answers: dict[str, Any],
    *,
    on: dt.date,
    base: dict[str, Any] | None = None,
    leistungsbeginn: dt.date | None = None,
) -> MappingResult:
    """Build the ``sgb2`` request for the month of ``on`` or say what is missing.

    ``base`` is the current state (answers of the last submission) for the
    Weiterbewilligungsantrag and the Veränderungsmitteilung; ``leistungsbeginn`` the first
    month of receipt (defaults to the month of ``on``, i.e. a first application).
    """
    if form_key not in MAPPABLE_FORMS:
        return MappingResult(None, [_("Für dieses Formular gibt es keine Vorabberechnung.")])
    if form_key == "weiterbewilligung" and answers.get("etwas_geaendert") == "nein":
        state = current_state({}, base)
    else:
        state = current_state(answers, base)
    return _map_state(state, on=on, leistungsbeginn=leistungsbeginn or on)


def _map_state(state: dict[str, Any], *, on: dt.date, leistungsbeginn: dt.date) -> MappingResult:
    missing: list[str] = []
    persons: list[dict[str, Any]] = []
    by_name: dict[str, str] = {}
    names: dict[str, str] = {}
    pid_of_item: dict[int, str] = {}
    fields = FieldMap()

    def path_of(person: dict[str, Any]) -> str:
        return f"personen[{next(i for i, p in enumerate(persons) if p is person)}]"

    def entry_path(person: dict[str, Any], key: str) -> str:
        """The path of the entry about to be appended to ``person[key]``."""
        return f"{path_of(person)}.{key}[{len(person.get(key, []))}]"

    birth = answer_date(state.get("geburtsdatum"))
    if birth is None:
        missing.append(_("Ihr Geburtsdatum fehlt."))
    applicant = {
        "id": "P1",
        "rolle": "antragsteller",
        "geburtsdatum": birth.isoformat() if birth else None,
    }
    persons.append(applicant)
    fields.add("personen[0]", "geburtsdatum")
    _school(applicant, state.get("schule"))
    fields.update({"personen[0].schueler": "schule", "personen[0].in_ausbildung": "schule"})
    if state.get("vorname"):
        by_name[str(state["vorname"]).strip().casefold()] = "P1"
        names["P1"] = str(state["vorname"]).strip()

    partner_id: str | None = None
    others = _entries(state.get("personen")) if state.get("weitere_personen") is True else []
    for index, (position, raw) in enumerate(others, start=2):
        pid = f"P{index}"
        item_path = f"personen[{len(persons)}]"
        fields.update({
            item_path: f"personen-{position}-person_geburtsdatum",
            f"{item_path}.rolle": f"personen-{position}-beziehung",
            f"{item_path}.eltern": f"personen-{position}-beziehung",
            f"{item_path}.schueler": f"personen-{position}-person_schule",
            f"{item_path}.in_ausbildung": f"personen-{position}-person_schule",
        })
        role = raw.get("beziehung")
        born = answer_date(raw.get("person_geburtsdatum"))
        name = str(raw.get("person_vorname") or "").strip()
        if born is None:
            missing.append(
                _("Das Geburtsdatum von %(name)s fehlt.") % {"name": name or _("einer Person")}
            )
        if not isinstance(role, str) or role not in (
            "partner",
            "kind",
            "kind_partner",
            "kind_gemeinsam",
            "sonstige",
        ):
            missing.append(
                _("Es fehlt, in welcher Beziehung %(name)s zu Ihnen steht.")
                % {"name": name or _("eine Person")}
            )
            role = "sonstige"
        if role == "partner":
            partner_id = partner_id or pid
        person = {
            "id": pid,
            "rolle": "kind" if role.startswith("kind") else role,
            "geburtsdatum": born.isoformat() if born else None,
            "_beziehung": role,
            "_kindergeld": bool(state.get("kindergeld_kinder")),
        }
        if role != "sonstige":  # not in the BG: no Schulbedarf, no § 11b here
            _school(person, raw.get("person_schule"))
        persons.append(person)
        pid_of_item[id(raw)] = pid
        if name:
            by_name.setdefault(name.casefold(), pid)
            names[pid] = name
    # the keys of the "which person?" choice (household_choice); typed first names in
    # drafts and submissions from before that choice still resolve through by_name
    by_key = {
        key: pid_of_item[id(item)]
        for key, _position, item in household_persons(state)
        if id(item) in pid_of_item
    }

    for person in persons:
        beziehung = person.pop("_beziehung", None)
        kindergeld = person.pop("_kindergeld", False)
        if person["rolle"] != "kind":
            continue
        parents = {
            "kind": ["P1"],
            "kind_partner": [partner_id] if partner_id else [],
            "kind_gemeinsam": ["P1"] + ([partner_id] if partner_id else []),
        }[beziehung]
        person["eltern"] = parents
        if kindergeld:
            fields.add(entry_path(person, "einkommen"), "kindergeld_kinder")
            person.setdefault("einkommen", []).append(
                {"art": "kindergeld", "empfaenger": parents[0] if parents else "P1"}
            )

    index = {p["id"]: p for p in persons}

    def resolve(raw_name: Any, what: str) -> dict[str, Any] | None:
        value = str(raw_name or "").strip()
        if not value or value == SELF:
            return index["P1"]
        pid = by_key.get(value) or by_name.get(value.casefold())
        if pid is None:
            missing.append(
                _("%(what)s: Die Person „%(name)s“ ist nicht im Haushalt angegeben.")
                % {"what": what, "name": str(raw_name).strip()}
            )
            return None
        return index[pid]

    kinds = _keys(state.get("einkommensarten")) - {"keines"}
    if not isinstance(state.get("einkommensarten"), list):
        missing.append(_("Die Angabe, ob jemand Einkommen hat, fehlt."))

    if "erwerb" in kinds:
        jobs = _entries(state.get("erwerbseinkommen"))
        if not jobs:
            missing.append(_("Angaben zum Einkommen aus Arbeit fehlen."))
        for position, job in jobs:
            brutto, netto = _money(job.get("ek_brutto")), _money(job.get("ek_netto"))
            target = resolve(job.get("ek_person"), _("Einkommen aus Arbeit"))
            if brutto is None or netto is None:
                missing.append(_("Brutto- und Nettolohn aus Arbeit fehlen."))
                continue
            if target is not None:
                where = entry_path(target, "einkommen")
                fields.update({where: f"erwerbseinkommen-{position}-ek_brutto",
                               f"{where}.netto": f"erwerbseinkommen-{position}-ek_netto"})
                target.setdefault("einkommen", []).append(
                    {"art": "erwerbseinkommen", "brutto": _num(brutto), "netto": _num(netto)}
                )
    if "selbststaendig" in kinds:
        entries = _entries(state.get("selbststaendigkeit"))
        if not entries:
            missing.append(_("Angaben zur selbständigen Tätigkeit fehlen."))
        for position, entry in entries:
            income, costs = _money(entry.get("eks_einnahmen")), _money(entry.get("eks_ausgaben"))
            target = resolve(entry.get("eks_person"), _("Selbständige Tätigkeit"))
            if income is None or costs is None:
                missing.append(
                    _("Voraussichtliche Einnahmen und Ausgaben der Selbständigkeit fehlen.")
                )
                continue
            profit = max(income - costs, Decimal(0))
            if target is not None and profit:
                fields.add(entry_path(target, "einkommen"),
                           f"selbststaendigkeit-{position}-eks_einnahmen")
                target.setdefault("einkommen", []).append(
                    {"art": "erwerbseinkommen", "brutto": _num(profit), "netto": _num(profit)}
                )
    if "unterhalt" in kinds:
        entries = _entries(state.get("unterhalt_erhalten"))
        if not entries:
            missing.append(_("Angaben zum erhaltenen Unterhalt fehlen."))
        for position, entry in entries:
            amount = _money(entry.get("uh_betrag"))
            target = resolve(entry.get("uh_person"), _("Unterhalt"))
            if amount is None:
                missing.append(_("Der Betrag des Unterhalts fehlt."))
                continue
            art = (
                "unterhaltsvorschuss"
                if entry.get("uh_art") == "unterhaltsvorschuss"
                else "unterhalt"
            )
            if target is not None:
                fields.add(entry_path(target, "einkommen"),
                           f"unterhalt_erhalten-{position}-uh_betrag")
                target.setdefault("einkommen", []).append({"art": art, "betrag": _num(amount)})
    if "sonstiges" in kinds:
        entries = _entries(state.get("sonstiges_einkommen"))
        if not entries:
            missing.append(_("Angaben zum sonstigen Einkommen fehlen."))
        for position, entry in entries:
            amount = _money(entry.get("se_betrag"))
            target = resolve(entry.get("se_person"), _("Sonstiges Einkommen"))
            if amount is None:
                missing.append(_("Der Betrag des sonstigen Einkommens fehlt."))
                continue
            if target is not None:
                fields.add(entry_path(target, "einkommen"),
                           f"sonstiges_einkommen-{position}-se_betrag")
                target.setdefault("einkommen", []).append(
                    {"art": "sonstiges", "betrag": _num(amount)}
                )

    if not isinstance(state.get("vermoegen_erheblich"), bool):
        missing.append(_("Die Angabe zum Vermögen fehlt."))
    elif state.get("vermoegen_erheblich"):
        values = _entries(state.get("vermoegenswerte"))
        if not values:
            missing.append(_("Angaben zum Vermögen fehlen."))
        for position, entry in values:
            amount = _money(entry.get("vm_wert"))
            target = resolve(entry.get("vm_person"), _("Vermögen"))
            if amount is None:
                missing.append(_("Der Wert eines Vermögensgegenstands fehlt."))
                continue
            if target is not None:
                fields.add(f"{path_of(target)}.vermoegen", f"vermoegenswerte-{position}-vm_wert")
                target["vermoegen"] = _num(Decimal(str(target.get("vermoegen", 0))) + amount)

    situations = _keys(state.get("besondere_situationen")) - {"keine"}
    if "schwangerschaft" in situations:
        due = answer_date(state.get("entbindungstermin"))
        target = resolve(state.get("schwangere_person"), _("Schwangerschaft"))
        if due is None:
            missing.append(_("Der voraussichtliche Entbindungstermin fehlt."))
        elif target is not None:
            week = 40 - (due - on).days // 7
            if 1 <= week <= 42:
                fields.add(f"{path_of(target)}.schwangerschaftswoche", "entbindungstermin")
                target["schwangerschaftswoche"] = week
    if "behinderung" in situations:
        for position, entry in _entries(state.get("behinderungen")):
            target = resolve(entry.get("bh_person"), _("Behinderung"))
            if target is None:
                continue
            if entry.get("bh_eingliederungshilfe"):
                fields.add(entry_path(target, "mehrbedarfe"),
                           f"behinderungen-{position}-bh_eingliederungshilfe")
                target.setdefault("mehrbedarfe", []).append({"art": "behinderung"})
            if entry.get("bh_merkzeichen_g"):
                fields.add(entry_path(target, "mehrbedarfe"),
                           f"behinderungen-{position}-bh_merkzeichen_g")
                target.setdefault("mehrbedarfe", []).append({"art": "merkzeichen_g"})
    if "ernaehrung" in situations:
        for position, entry in _entries(state.get("ernaehrung")):
            amount = _money(entry.get("ern_betrag"))
            target = resolve(entry.get("ern_person"), _("Kostenaufwändige Ernährung"))
            if amount is None:
                missing.append(_("Der Betrag für die kostenaufwändige Ernährung fehlt."))
                continue
            if target is not None:
                fields.add(entry_path(target, "mehrbedarfe"), f"ernaehrung-{position}-ern_betrag")
                target.setdefault("mehrbedarfe", []).append(
                    {"art": "ernaehrung", "betrag": _num(amount)}
                )
    if "haertefall" in situations:
        # § 21 Abs. 6 SGB II: the laufender unabweisbarer besonderer Bedarf in the amount given
        for position, entry in _entries(state.get("haertefall")):
            amount = _money(entry.get("hf_betrag"))
            target = resolve(entry.get("hf_person"), _("Besonderer Bedarf (Härtefall)"))
            if amount is None:
                missing.append(_("Der Betrag des besonderen Bedarfs im Monat fehlt."))
                continue
            if target is not None:
                fields.add(entry_path(target, "mehrbedarfe"), f"haertefall-{position}-hf_betrag")
                target.setdefault("mehrbedarfe", []).append(
                    {"art": "unabweisbar", "betrag": _num(amount)}
                )

    unterkunft = _unterkunft(state, len(persons), missing)
    fields.update({
        "unterkunft.bruttokaltmiete": (
            "hauslasten" if state.get("wohnsituation") == "eigentum" else "kaltmiete"
        ),
        "unterkunft.heizkosten": "heizkosten",
        "unterkunft.warmwasser": "warmwasser",
        "unterkunft.personen_im_haushalt": "weitere_personen",
    })

    if missing:
        return MappingResult(None, list(dict.fromkeys(missing)), fields)
    return MappingResult(
        {
            "monat": _month(on),
            "leistungsbeginn": _month(min(leistungsbeginn, on)),
            "personen": persons,
            "unterkunft": unterkunft,
        },
        fields=fields,
        names=names,
    )


def _unterkunft(state: dict[str, Any], persons: int, missing: list[str]) -> dict[str, Any]:
    situation = state.get("wohnsituation")
    warmwasser = state.get("warmwasser") if isinstance(state.get("warmwasser"), str) else "zentral"
    result: dict[str, Any] = {
        "bruttokaltmiete": 0.0,
        "heizkosten": 0.0,
        "warmwasser": warmwasser if warmwasser in ("zentral", "dezentral") else "zentral",
        "personen_im_haushalt": persons,
    }
    if situation == "miete":
        rent, extra = _money(state.get("kaltmiete")), _money(state.get("nebenkosten"))
        heating = _money(state.get("heizkosten"))
        if rent is None or extra is None:
            missing.append(_("Angaben zur Miete fehlen."))
        else:
            result["bruttokaltmiete"] = _num(rent + extra)
        if heating is None:
            missing.append(_("Angaben zu den Heizkosten fehlen."))
        else:
            result["heizkosten"] = _num(heating)
    elif situation == "eigentum":
        charges, heating = _money(state.get("hauslasten")), _money(state.get("heizkosten"))
        if charges is None:
            missing.append(_("Angaben zu den Kosten Ihres Eigentums fehlen."))
        else:
            result["bruttokaltmiete"] = _num(charges)
        if heating is None:
            missing.append(_("Angaben zu den Heizkosten fehlen."))
        else:
            result["heizkosten"] = _num(heating)
    elif situation != "kostenfrei":
        missing.append(_("Angaben zur Wohnung fehlen."))
    return result
