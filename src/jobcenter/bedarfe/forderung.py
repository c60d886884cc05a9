"""Stundung, Ratenzahlung oder Erlass einer Forderung as a concern on the ``anliegen`` base:
the citizen asks for one of their **own** open claims of ``zahlungen`` (an
Erstattungsforderung, § 50 SGB X; a loan's repayment, § 42a SGB II) to be deferred until a
day, paid in monthly instalments, or remitted wholly or in part; staff decide beside the
claim's figures; the issued Bescheid acts on the claim through the services of
``zahlungen`` (``handlers.on_kind_erlassen`` → :func:`apply`): ``claim_defer``,
``claim_set_instalments``, ``claim_remit``. Nothing changes before the Bescheid is issued.

The norms (verified, docs/zahlungen.md "Stundung, Ratenzahlung, Erlass: the norms"):

* Erlass — § 44 SGB II: "Die Träger von Leistungen nach diesem Buch dürfen Ansprüche
  erlassen, wenn deren Einziehung nach Lage des einzelnen Falles unbillig wäre." An
  Ermessensentscheidung, wholly or in part; always with four eyes here (``four_eyes``).
* Stundung and Ratenzahlung (a Stundung in parts) — the SGB II has no norm of its own; the
  budget law of the Träger applies: for a gemeinsame Einrichtung § 59 Abs. 1 Satz 1 Nr. 1
  BHO ("stunden, wenn die sofortige Einziehung mit erheblichen Härten für den
  Anspruchsgegner verbunden wäre und der Anspruch durch die Stundung nicht gefährdet
  wird"). § 76 Abs. 2 SGB IV, which the project cited before, binds the
  Sozialversicherungsträger, not the Jobcenter.

Which claims: the subject's own (online the citizen's account, on paper the
``households.Person`` of the entry) in the Jobcenter the concern goes to, open and with a
balance left (options source ``eigene_forderungen``; key ``forderung-<id>``); a choice
outside that list is invalid in the form engine, so another person's claim is never offered
or accepted. A stored answer keeps naming its claim while it is the subject's own, also
after the claim was deferred, remitted or paid.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db.models import QuerySet
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext, gettext_lazy
from django.utils.translation import gettext as _

from jobcenter.anliegen.registry import (
    ABLEHNUNG,
    BESCHEID,
    Anliegen,
    Art,
    Letter,
    Outcome,
    ReceiptTexts,
)
from jobcenter.bedarfe import briefe
from jobcenter.core.roles import Role
from jobcenter.decisions import deadlines
from jobcenter.decisions.documents import date_de, euro, month_de
from jobcenter.formengine.definition import Option
from jobcenter.formengine.registry import StartCheck
from jobcenter.households.models import Person
from jobcenter.zahlungen import claim_texts
from jobcenter.zahlungen.models import Claim
from jobcenter.zahlungen.services.runs import claim_balances

KEY = "forderung"
SOURCE = "eigene_forderungen"
PREFIX = "forderung-"
LANGUAGES = ("de", "en")
NORM_ERLASS = "§ 44 SGB II"
NORM_STUNDUNG = "§ 59 Abs. 1 Satz 1 Nr. 1 BHO"
ZERO = Decimal("0.00")
#: amounts beyond this are no amounts of a claim (malformed data is never printed)
MAX_MONEY = Decimal("100000000")
#: the letter names the last instalment only within this many months (the claim's own
#: schedule lists at most 240)
MAX_INSTALMENTS = 240

#: what the citizen asks for (answer ``fd_wunsch``) → the letters' words
WISHES = {
    "stundung": gettext_lazy("Stundung"),
    "raten": gettext_lazy("Ratenzahlung"),
    "erlass": gettext_lazy("Erlass"),
}


# --- the choice: the subject's own claims -----------------------------------------------


def own_claims(subject: Any) -> QuerySet[Claim]:
    """Every claim of the subject (a citizen's account or a person) in the Jobcenter the
    concern goes to; none for anything else (a staff account, no subject)."""
    qs = Claim.objects.select_related("bescheid__case").order_by("due_date", "pk")
    if isinstance(subject, Person):
        return qs.filter(person=subject, jobcenter_id=subject.jobcenter_id)
    if getattr(subject, "role", None) == Role.CITIZEN and getattr(subject, "pk", None):
        return qs.filter(person__user=subject, jobcenter_id=subject.jobcenter_id)
    return qs.none()


def open_claims(subject: Any) -> list[tuple[Claim, Decimal]]:
    """The subject's open claims with a balance left, each with its balance."""
    claims = list(own_claims(subject).filter(status=Claim.Status.OPEN))
    balances = claim_balances([c.pk for c in claims])
    return [(c, balances[c.pk]) for c in claims if balances.get(c.pk, ZERO) > 0]


def _kind(claim: Claim) -> str:
    return gettext("Darlehen") if claim.basis == Claim.Basis.FIVE else gettext("Erstattung")


def claim_label(claim: Claim, left: Decimal) -> dict[str, str]:
    """"Erstattung aus dem Bescheid vom 5. Oktober 2026 (Bescheid-Nr. …), noch offen
    350,00 €" per language."""
    label = {}
    for language in LANGUAGES:
        with translation.override(language):
            values = {"kind": _kind(claim), "number": claim.bescheid.reference,
                      "left": formats.number_format(left, 2, use_l10n=True, force_grouping=True)}
            if claim.bescheid.letter_date:
                values["date"] = formats.date_format(claim.bescheid.letter_date, "DATE_FORMAT")
                label[language] = gettext(
                    "%(kind)s aus dem Bescheid vom %(date)s (Bescheid-Nr. %(number)s), noch "
                    "offen %(left)s €") % values
            else:
                label[language] = gettext(
                    "%(kind)s aus dem Bescheid Nr. %(number)s, noch offen %(left)s €") % values
    return label


def claim_named(answer: Any) -> Claim | None:
    """The claim a stored answer chose (None for anything else). Only called for answers
    the form engine accepted, i.e. one of the subject's own claims; the callers check the
    owner again against the case."""
    value = str(answer or "")
    if not value.startswith(PREFIX) or not value[len(PREFIX):].isdigit():
        return None
    return (Claim.objects.select_related("bescheid__case", "person")
            .filter(pk=int(value[len(PREFIX):])).first())


def claim_options(answers: Mapping[str, Any], subject: Any) -> list[Option]:
    """The options source ``eigene_forderungen``: the open claims, and the one already
    chosen while it is still the subject's own (a stored application keeps naming it)."""
    found = open_claims(subject)
    chosen = claim_named(answers.get("forderung")) if isinstance(answers, Mapping) else None
    if chosen is not None and chosen.pk not in {c.pk for c, _left in found} \
            and own_claims(subject).filter(pk=chosen.pk).exists():
        found.append((chosen, claim_balances([chosen.pk]).get(chosen.pk, ZERO)))
    return [Option(key=f"{PREFIX}{c.pk}", label=claim_label(c, left)) for c, left in found]


def start(user: Any) -> StartCheck:
    """Only with an open claim to choose."""
    if open_claims(user):
        return StartCheck(allowed=True, text=gettext(
            "Sie wählen im Formular die Forderung, um die es geht. Ihre Forderungen und was "
            "davon noch offen ist, sehen Sie unter „Zahlungen“."),
            links=((gettext("Zahlungen und Forderungen"), reverse("zahlungen_citizen:list")),))
    return StartCheck(allowed=False, text=gettext(
        "Zurzeit ist keine Forderung des Jobcenters gegen Sie offen. Geht es um eine "
        "Forderung, die hier nicht steht, schreiben Sie uns bitte eine Nachricht."),
        links=((gettext("Zahlungen und Forderungen"), reverse("zahlungen_citizen:list")),
               (gettext("Nachricht an das Jobcenter"), reverse("postfach_citizen:new"))))


# --- staff: the claim beside the request ------------------------------------------------


def claim_of_case(case: Any) -> Claim | None:
    """The chosen claim, only if it is the case's person's own in the case's Jobcenter."""
    claim = claim_named((case.data or {}).get("forderung"))
    if claim is None or claim.jobcenter_id != getattr(case, "jobcenter_id", None):
        return None
    person_id = getattr(case, "applicant_id", None)
    user_id = getattr(case, "applicant_user_id", None)
    if (person_id is not None and claim.person_id == person_id) or (
            user_id is not None and claim.person.user_id == user_id):
        return claim
    return None


def _money(value: Any) -> Decimal | None:
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError, TypeError):
        return None
    return number if number.is_finite() and 0 <= number < MAX_MONEY else None


def asked(answers: Mapping[str, Any]) -> str:
    """What the person asked for, in words ("Ratenzahlung: 40,00 € im Monat")."""
    wish = str(answers.get("fd_wunsch") or "")
    if wish == "stundung":
        try:
            until = date_de(dt.date.fromisoformat(str(answers.get("fd_stundung_bis"))))
        except ValueError:
            until = ""
        return _("Stundung bis %(day)s") % {"day": until} if until else _("Stundung")
    if wish == "raten":
        rate = _money(answers.get("fd_rate"))
        return (_("Ratenzahlung: %(rate)s im Monat") % {"rate": euro(rate)} if rate
                else _("Ratenzahlung"))
    if wish == "erlass":
        if answers.get("fd_erlass_umfang") == "teil":
            part = _money(answers.get("fd_erlass_betrag"))
            return (_("Erlass eines Teils: %(amount)s") % {"amount": euro(part)} if part
                    else _("Erlass eines Teils"))
        return _("Erlass der ganzen offenen Forderung")
    return "–"


def staff_facts(case: Any) -> list[tuple[str, str]]:
    """The claim as ``zahlungen`` has it (amount, balance, instalments, Aufrechnung,
    Stundung) beside what the person asked for, and the norms of each outcome."""
    answers = case.data or {}
    rows = [(_("Beantragt"), asked(answers))]
    claim = claim_of_case(case)
    if claim is None:
        rows.append((_("Forderung"), _("nicht gefunden – bitte unter „Zahlungen“ prüfen")))
        return rows
    left = claim_balances([claim.pk]).get(claim.pk, ZERO)
    today = timezone.localdate()
    rows += [
        (_("Forderung"), _("%(kind)s aus Bescheid-Nr. %(number)s, %(basis)s") % {
            "kind": _kind(claim), "number": claim.bescheid.reference,
            "basis": claim.rechtsgrundlage}),
        (_("Betrag der Forderung"), euro(claim.amount)),
        (_("Noch offen"), euro(left)),
        (_("Stand der Forderung"), claim_texts.state(claim, today)),
        (_("Fällig am"), date_de(claim.due_date)),
        (_("Ratenzahlung"), _("%(rate)s im Monat ab %(day)s") % {
            "rate": euro(claim.instalment_amount), "day": date_de(claim.instalment_start)}
         if claim.instalment_amount and claim.instalment_start else _("keine")),
        (claim_texts.offset_label(claim), claim_texts.offset(claim) or _("keine")),
        (_("Stundung"), claim_texts.deferral(claim, today) or _("keine")),
    ]
    income, costs = _money(answers.get("fd_einnahmen")), _money(answers.get("fd_ausgaben"))
    if income is not None and costs is not None:
        rows.append((_("Einnahmen abzüglich fester Ausgaben (laut Antrag)"),
                     euro(income - costs) if income >= costs
                     else "−" + euro(costs - income)))
    rows.append((_("Entscheidung"), _(
        "Ermessen. Stundung und Ratenzahlung (§ 59 Abs. 1 Satz 1 Nr. 1 BHO): wenn die "
        "sofortige Einziehung eine erhebliche Härte wäre und die Forderung nicht gefährdet "
        "wird. Erlass (§ 44 SGB II): wenn die Einziehung nach Lage des einzelnen Falles "
        "unbillig wäre; immer mit Freigabe durch eine zweite Person. Begründen Sie jede "
        "Entscheidung; die Gründe stehen im Bescheid (§ 35 SGB X).")))
    return rows


def staff_links(case: Any) -> list[tuple[str, str]]:
    claim = claim_of_case(case)
    if claim is None:
        return []
    return [(_("Forderung in „Zahlungen“ ansehen"), reverse("zahlungen:claim",
                                                          kwargs={"pk": claim.pk}))]


def check(case: Any, outcome: Outcome, letter: Letter) -> str:
    """Before the Bescheid: the claim is the person's own and open with a balance; an
    instalment or an amount remitted is not above the balance."""
    claim = claim_of_case(case)
    if claim is None:
        return _("Die Forderung aus dem Antrag ist nicht die der Person oder nicht zu finden. "
                 "Bitte klären Sie mit der Person, um welche Forderung es geht.")
    if outcome.key == "ablehnung":
        return ""
    left = claim_balances([claim.pk]).get(claim.pk, ZERO)
    if claim.status != Claim.Status.OPEN or left <= 0:
        return _("Die Forderung ist nicht mehr offen (%(status)s); es gibt nichts mehr zu "
                 "stunden oder zu erlassen.") % {"status": claim.get_status_display()}
    if outcome.key in ("raten", "erlass") and letter.amount is not None and letter.amount > left:
        return _("Der Betrag ist höher als der offene Betrag der Forderung (%(left)s).") % {
            "left": euro(left)}
    return ""


def letter_facts(case: Any, outcome: Outcome, amount: Decimal | None) -> dict[str, str]:
    """The claim as the letter names it, fixed when staff decide."""
    claim = claim_of_case(case)
    if claim is None:
        return {}
    left = claim_balances([claim.pk]).get(claim.pk, ZERO)
    facts = {"claim": str(claim.pk), "number": claim.bescheid.reference,
             "bescheid_date": (claim.bescheid.letter_date.isoformat()
                               if claim.bescheid.letter_date else ""),
             "loan": "1" if claim.basis == Claim.Basis.FIVE else "",
             "total": str(claim.amount), "left": str(left),
             "offset_from": claim.offset_from.isoformat() if claim.offset_from else ""}
    return facts


# --- the letters ------------------------------------------------------------------------


def _decimal(letter: Letter, key: str) -> Decimal | None:
    return _money(letter.extra.get(key))


def _claim_words(letter: Letter) -> str:
    """"die Forderung aus unserem Bescheid vom 05.10.2026 (Bescheid-Nr. …) über 600,00 €,
    von der noch 350,00 € offen sind"."""
    values = {"number": letter.extra.get("number", ""),
              "total": euro(_decimal(letter, "total") or ZERO),
              "left": euro(_decimal(letter, "left") or ZERO)}
    try:
        values["date"] = date_de(dt.date.fromisoformat(letter.extra.get("bescheid_date", "")))
    except ValueError:
        values["date"] = ""
    if letter.extra.get("loan"):
        text = (_("die Rückzahlung des Darlehens aus unserem Bescheid vom %(date)s "
                  "(Bescheid-Nr. %(number)s) über %(total)s, von der noch %(left)s offen sind")
                if values["date"] else
                _("die Rückzahlung des Darlehens aus unserem Bescheid Nr. %(number)s über "
                  "%(total)s, von der noch %(left)s offen sind"))
    else:
        text = (_("die Forderung aus unserem Bescheid vom %(date)s (Bescheid-Nr. %(number)s) "
                  "über %(total)s, von der noch %(left)s offen sind")
                if values["date"] else
                _("die Forderung aus unserem Bescheid Nr. %(number)s über %(total)s, von der "
                  "noch %(left)s offen sind"))
    return text % values


def _day(letter: Letter) -> str:
    return date_de(letter.day) if letter.day else ""


def _stundung(letter: Letter) -> list[str]:
    return [
        _("auf Ihren Antrag vom %(received)s stunden wir %(claim)s, bis zum %(day)s.") % {
            "received": briefe.received(letter), "claim": _claim_words(letter),
            "day": _day(letter)},
        _("Bis zu diesem Tag verlangen wir keine Zahlung auf diese Forderung: keine Raten und "
          "keine Aufrechnung mit Ihren laufenden Leistungen. Danach ist der offene Betrag "
          "wieder zu zahlen, wie es vorher galt."),
        _("Wir dürfen eine Forderung stunden, wenn ihre sofortige Einziehung mit erheblichen "
          "Härten für Sie verbunden wäre und die Forderung durch die Stundung nicht gefährdet "
          "wird (%(norm)s Bundeshaushaltsordnung). Das ist nach Ihren Angaben zu Ihrer "
          "wirtschaftlichen Lage bis zu diesem Tag der Fall; unsere Erwägungen stehen in der "
          "Begründung.") % {"norm": NORM_STUNDUNG.removesuffix(" BHO")},
    ]


def instalments(left: Decimal, rate: Decimal, first: dt.date) -> tuple[int, dt.date]:
    """How many monthly instalments of ``rate`` pay ``left``, and the day of the last one
    (the same day of the month as the first, at most the 28th — as the claim's schedule)."""
    count = max(1, math.ceil(left / rate))
    last = deadlines.add_months(deadlines.first_of_month(first), count - 1).replace(
        day=min(first.day, 28)) if count > 1 else first
    return count, last


def _offset_since(letter: Letter) -> str:
    """The month since which the claim is offset against the benefit (§ 43 SGB II), as the
    letter names it ("Januar 2027"); "" when no Aufrechnung was declared."""
    try:
        return month_de(dt.date.fromisoformat(letter.extra.get("offset_from", "")))
    except ValueError:
        return ""


def _raten(letter: Letter) -> list[str]:
    rate, left = letter.amount, _decimal(letter, "left")
    texts = [
        _("auf Ihren Antrag vom %(received)s können Sie %(claim)s, in monatlichen Raten von "
          "%(rate)s zahlen. Die erste Rate ist am %(day)s fällig, jede weitere am selben Tag "
          "der folgenden Monate.") % {
            "received": briefe.received(letter), "claim": _claim_words(letter),
            "rate": euro(rate) if rate is not None else "", "day": _day(letter)},
    ]
    if rate and rate > 0 and left and letter.day and left / rate <= MAX_INSTALMENTS:
        count, last = instalments(left, rate, letter.day)
        texts.append(_("Mit %(count)s Raten ist die Forderung voraussichtlich am %(last)s "
                       "getilgt; die letzte Rate ist dann der Rest.") % {
            "count": count, "last": date_de(last)})
    texts.append(_("Bitte geben Sie bei jeder Überweisung die Bescheid-Nr. %(number)s an. Sie "
                   "können jederzeit mehr zahlen oder den Rest auf einmal begleichen.") % {
        "number": letter.extra.get("number", "")})
    offset = _offset_since(letter)
    if offset:
        texts.append(_("Die Aufrechnung dieser Forderung mit Ihren laufenden Leistungen (seit "
                       "%(month)s) läuft weiter und verringert den offenen Betrag "
                       "zusätzlich.") % {"month": offset})
    texts.append(_("Die Ratenzahlung ist eine Stundung in Teilbeträgen. Wir dürfen sie "
                   "gewähren, wenn die sofortige Einziehung des ganzen Betrags mit erheblichen "
                   "Härten für Sie verbunden wäre und die Forderung durch die Raten nicht "
                   "gefährdet wird (%(norm)s Bundeshaushaltsordnung); unsere Erwägungen "
                   "stehen in der Begründung.") % {"norm": NORM_STUNDUNG.removesuffix(" BHO")})
    return texts


def _erlass(letter: Letter) -> list[str]:
    amount, left = letter.amount or ZERO, _decimal(letter, "left") or ZERO
    values = {"received": briefe.received(letter), "claim": _claim_words(letter),
              "amount": euro(amount), "rest": euro(max(left - amount, ZERO))}
    if amount >= left:
        texts = [
            _("auf Ihren Antrag vom %(received)s erlassen wir %(claim)s, ganz: den offenen "
              "Betrag von %(amount)s (§ 44 SGB II).") % values,
            _("Sie müssen darauf nichts mehr zahlen, und wir behalten dafür nichts mehr von "
              "Ihren Leistungen ein. Der Erlass ist endgültig."),
        ]
    else:
        offset = _offset_since(letter)
        texts = [
            _("auf Ihren Antrag vom %(received)s erlassen wir %(claim)s, einen Teil von "
              "%(amount)s (§ 44 SGB II). Es bleiben %(rest)s zu zahlen.") % values,
            _("Die Aufrechnung dieser Forderung mit Ihren laufenden Leistungen (seit "
              "%(month)s) läuft für den restlichen Betrag weiter: Wir behalten jeden Monat "
              "den Betrag ein, den wir Ihnen in der Aufrechnung mitgeteilt haben, im letzten "
              "Monat nur noch den Rest, bis die Forderung getilgt ist. Für den restlichen "
              "Betrag können Sie auch Stundung oder Ratenzahlung beantragen. Der Erlass des "
              "Teilbetrags ist endgültig.") % {"month": offset} if offset else
            _("Für den restlichen Betrag können Sie Stundung oder Ratenzahlung beantragen. Der "
              "Erlass des Teilbetrags ist endgültig."),
        ]
    texts.append(_("Wir dürfen Ansprüche erlassen, wenn deren Einziehung nach Lage des "
                   "einzelnen Falles unbillig wäre (§ 44 SGB II). Das ist nach Ihren Angaben "
                   "zu Ihrer wirtschaftlichen Lage im erlassenen Umfang der Fall; unsere "
                   "Erwägungen stehen in der Begründung."))
    return texts


def _refusal(letter: Letter) -> list[str]:
    wish = str(letter.answers.get("fd_wunsch") or "")
    norm = NORM_ERLASS if wish == "erlass" else NORM_STUNDUNG
    return [
        _("Ihren Antrag vom %(received)s auf %(what)s für %(claim)s, lehnen wir ab "
          "(%(norm)s). Die Gründe stehen unten.") % {
            "received": briefe.received(letter),
            "what": str(WISHES.get(wish, _("Stundung, Ratenzahlung oder Erlass"))),
            "claim": _claim_words(letter), "norm": norm},
        _("Die Forderung bleibt bestehen. Es gilt weiter, was wir Ihnen zu ihr mitgeteilt "
          "haben."),
    ]


STUNDUNG_TEMPLATES = (
    gettext_lazy("Ihre wirtschaftliche Lage ist nach Ihren Angaben und Nachweisen vorübergehend "
                 "so angespannt, dass eine Zahlung jetzt eine erhebliche Härte wäre. Sie "
                 "bessert sich voraussichtlich bis zu dem genannten Tag; die Forderung ist "
                 "durch die Stundung nicht gefährdet."),
)
RATEN_TEMPLATES = (
    gettext_lazy("Ihr Einkommen liegt nach Ihren Angaben und Nachweisen nicht oder nur wenig "
                 "über dem, was Sie zum Leben brauchen. Den ganzen Betrag jetzt zu verlangen, "
                 "wäre eine erhebliche Härte; die Rate ist für Sie tragbar und tilgt die "
                 "Forderung in absehbarer Zeit."),
)
ERLASS_TEMPLATES = (
    gettext_lazy("Nach Ihren Angaben und Nachweisen ist nicht zu erwarten, dass sich Ihre "
                 "wirtschaftliche Lage in absehbarer Zeit bessert; die Einziehung würde Ihre "
                 "Existenz gefährden."),
)
REFUSAL_TEMPLATES = (
    gettext_lazy("Nach Ihren Angaben und Nachweisen können Sie die Forderung in Raten oder "
                 "durch die Aufrechnung mit Ihren laufenden Leistungen begleichen, ohne dass "
                 "Ihr Lebensunterhalt gefährdet ist. Eine unbillige Härte liegt daher nicht "
                 "vor."),
    gettext_lazy("Sie haben Ihre wirtschaftliche Lage nicht belegt. Wir hatten Sie um "
                 "Nachweise gebeten; sie sind bis zum Ablauf der Frist nicht eingegangen."),
)


FORDERUNG = Anliegen(
    key=KEY,
    case_type=KEY,
    processing_days=10,
    group="forderungen",
    art=Art.ENTSCHEIDUNG,
    money=True,
    title=gettext_lazy("Stundung, Ratenzahlung oder Erlass einer Forderung"),
    description=gettext_lazy(
        "Sie müssen dem Jobcenter Geld zurückzahlen, zum Beispiel nach einem "
        "Erstattungsbescheid oder für ein Darlehen, und können das jetzt nicht? Beantragen "
        "Sie, dass wir die Forderung bis zu einem Tag stunden, dass Sie in Raten zahlen "
        "können, oder dass wir sie ganz oder teilweise erlassen."),
    audience=gettext_lazy("Für alle, gegen die eine Forderung des Jobcenters offen ist. Sie "
                          "sehen Ihre Forderungen unter „Zahlungen“."),
    documents=(gettext_lazy("Nachweise über Ihre Einnahmen und festen Ausgaben, zum Beispiel "
                            "Kontoauszüge, Mietvertrag, Schreiben anderer Gläubiger "
                            "(freiwillig, aber hilfreich)"),),
    keywords=(gettext_lazy("Stundung"), gettext_lazy("Ratenzahlung"), gettext_lazy("Raten"),
              gettext_lazy("Erlass"), gettext_lazy("Forderung"), gettext_lazy("Schulden"),
              gettext_lazy("Rückzahlung"), gettext_lazy("Erstattung")),
    outcomes=(
        Outcome(key="stundung", label=gettext_lazy("Stundung gewähren"), decision_type=BESCHEID,
                title=gettext_lazy("Stundung einer Forderung"), paragraphs=_stundung,
                day=gettext_lazy("Gestundet bis"), reasons_required=True,
                reason_templates=STUNDUNG_TEMPLATES),
        Outcome(key="raten", label=gettext_lazy("Ratenzahlung gewähren"),
                decision_type=BESCHEID, title=gettext_lazy("Ratenzahlung einer Forderung"),
                paragraphs=_raten, amount=True, on_claim=True,
                amount_help=gettext_lazy("die Rate im Monat"),
                day=gettext_lazy("Erste Rate am"), reasons_required=True,
                reason_templates=RATEN_TEMPLATES),
        Outcome(key="erlass", label=gettext_lazy("Erlass gewähren (ganz oder teilweise)"),
                decision_type=BESCHEID, title=gettext_lazy("Erlass einer Forderung"),
                paragraphs=_erlass, amount=True, on_claim=True, four_eyes=True,
                amount_help=gettext_lazy("der erlassene Betrag; der ganze offene Betrag für "
                                         "einen vollständigen Erlass"),
                reasons_required=True, reason_templates=ERLASS_TEMPLATES),
        Outcome(key="ablehnung", label=gettext_lazy("Ablehnen"), decision_type=ABLEHNUNG,
                title=gettext_lazy("Ablehnung von Stundung, Ratenzahlung oder Erlass"),
                paragraphs=_refusal, reasons_required=True,
                reason_templates=REFUSAL_TEMPLATES),
    ),
    receipt=ReceiptTexts(
        counts_title=gettext_lazy("Wie es weitergeht"),
        counts=gettext_lazy("Ihr Antrag ist am %(received)s eingegangen. Wir entscheiden in "
                            "der Regel innerhalb von zehn Arbeitstagen."),
        next_steps=(gettext_lazy("Sie erhalten einen Bescheid. Bis dahin gilt für die "
                                 "Forderung, was wir Ihnen zu ihr mitgeteilt haben; eine "
                                 "laufende Aufrechnung geht vorerst weiter."),),
    ),
    letter_answers=("fd_wunsch",),
    staff_facts=staff_facts,
    staff_links=staff_links,
    check=check,
    letter_facts=letter_facts,
    start_check=start,
)

