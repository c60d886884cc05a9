"""The registry of concerns ("Anliegen") beyond the four applications of ``antraege``.

A concern is one entry: its form (``anliegen/forms/<key>.yaml``, or a YAML of another app
in its own ``forms/``), the case type it is filed as with its processing standard, who it
is for, the documents needed, a plain description, whether money follows, the decision it
needs (:class:`Art`) with its outcomes (:class:`Outcome`: the staff's choice, the letter's
decision type and operative text), the receipt's text and its place in the catalogue
"Was möchten Sie erledigen?". Entries are registered in ``config/wiring.py``
(:func:`register`); the catalogue also lists links to forms and pages that live elsewhere
(:class:`Link`: the four applications, the bank account in the profile).

How to add a concern: docs/antraege.md, "Adding a concern", and the API note of the
``anliegen`` branch.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from django.urls import reverse
from django.utils import translation
from django.utils.functional import Promise

if TYPE_CHECKING:
    from jobcenter.casefiles.models import Case

Text = str | Promise  # a msgid marked with gettext_lazy (German source, translated)


class Art(StrEnum):
    """The decision a concern needs."""

    ZUSTIMMUNG = "zustimmung"  # Zustimmung or Ablehnung (a Bescheid), e.g. Ortsabwesenheit
    BEWILLIGUNG = "bewilligung"  # Bewilligung with an amount or Ablehnung (a Bescheid)
    ENTSCHEIDUNG = "entscheidung"  # a Bescheid with free operative text (Überprüfung)
    KENNTNISNAHME = "kenntnisnahme"  # a report: a confirmation letter (no Verwaltungsakt)
    VERFAHREN = "verfahren"  # a procedural answer, e.g. an appointment offer (no VA)


#: The three decision types (catalogue rows, ``anliegen/migrations/0001``) every concern's
#: letters use; the concern and the outcome are in the letter data (snapshot["letter"]).
BESCHEID = "anliegen_bescheid"  # Verwaltungsakt in favour (Zustimmung, Bewilligung, …)
ABLEHNUNG = "anliegen_ablehnung"  # Verwaltungsakt refusing (always four eyes)
SCHREIBEN = "anliegen_schreiben"  # no Verwaltungsakt: a confirmation, an appointment offer
DECISION_TYPES = (BESCHEID, ABLEHNUNG, SCHREIBEN)


@dataclass(frozen=True)
class Letter:
    """What an outcome's text is written from (all of it kept in the Bescheid's snapshot,
    so a later change never changes an issued letter)."""

    received: dt.date | None  # the day the concern reached the Jobcenter
    answers: dict[str, Any]  # the form's answers (only the ones ``letter_answers`` keeps)
    amount: Decimal | None = None  # Art.BEWILLIGUNG
    details: str = ""  # staff's operative text (ENTSCHEIDUNG, VERFAHREN)
    appointment: dict[str, str] = field(default_factory=dict)  # VERFAHREN: when, where
    reasons: str = ""
    #: facts fixed when staff decide that the text quotes (``Anliegen.letter_facts``), e.g.
    #: the month a Vorschuss is counted against
    extra: dict[str, str] = field(default_factory=dict)

    @property
    def months(self) -> tuple[dt.date, dt.date] | None:
        """The first and last month a monthly amount is granted for (``extra["monat_von"]``
        and ``extra["monat_bis"]``, fixed on the decide screen), or None."""
        try:
            first = dt.date.fromisoformat(self.extra["monat_von"])
            last = dt.date.fromisoformat(self.extra["monat_bis"])
        except (KeyError, ValueError):
            return None
        return (first, last) if first <= last else None

    @property
    def day(self) -> dt.date | None:
        """The day staff entered for the outcome (``Outcome.day``), or None."""
        try:
            return dt.date.fromisoformat(self.extra["tag"])
        except (KeyError, ValueError):
            return None


@dataclass(frozen=True)
class Outcome:
    """One answer staff can give to a concern."""

    key: str  # "zustimmung", "ablehnung", "bewilligung", "kenntnisnahme", "termin", …
    label: Text  # the staff's choice ("Zustimmen")
    decision_type: str  # BESCHEID, ABLEHNUNG or SCHREIBEN
    title: Text  # the letter's title ("Zustimmung zur Ortsabwesenheit")
    paragraphs: Callable[[Letter], list[str]]  # the operative text after the salutation
    reasons_required: bool = False  # a refusal must give its reasons (§ 35 SGB X)
    amount: bool = False  # staff enter an amount (shown in the letter)
    details: bool = False  # staff write the operative text (e.g. the result of a review)
    appointment: bool = False  # staff offer an appointment (date, time, place)
    #: prepared reasons (Textbausteine) staff may pick; they stand before the free text
    reason_templates: tuple[Text, ...] = ()
    #: the granted amount is paid to a third party (provider, landlord): staff enter the
    #: payee's name and IBAN; ``zahlungen`` pays there (an ``amount`` outcome only)
    payee: bool = False
    #: the answer naming the payee (prefills the name; the letter names the payee by it).
    #: Without ``payee`` the amount goes to a third party only when the person named one
    #: there (e.g. the supplier of Heizmaterial), else to the person.
    payee_answer: str = ""
    #: the answer with the payee's IBAN, if the form asks for it (prefills the IBAN)
    payee_iban_answer: str = ""
    #: the amount is granted per month (a Zuschuss of § 26, the § 27 benefits), not once:
    #: the engine does not compute it; staff enter the first and last month on the decide
    #: screen (``Letter.months``, named by the letter) and the issued Bescheid becomes a
    #: standing order of ``zahlungen`` paid by the payment runs for those months
    monthly: bool = False
    #: a ``monthly`` amount the law grants only while the person receives Bürgergeld/
    #: Grundsicherungsgeld (§ 26 SGB II: the Zuschuss "für die Dauer des Leistungsbezugs"):
    #: an Aufhebung of that benefit ends its standing order from the month it takes effect
    #: (``anliegen.handlers.on_leistung_aufgehoben``); other monthly amounts (§ 27 SGB II,
    #: which is not Bürgergeld) are put before the caseworker instead
    while_receiving: bool = False
    #: the amount is a Vorschuss (§ 42 Abs. 2 SGB II) on the benefit of the month in
    #: ``Letter.extra["month"]``: paid early and counted against that month, not on top
    advance: bool = False
    #: the amount only redirects part of the monthly benefit (a Direktzahlung, § 22 Abs. 7
    #: SGB II, set up by the concern's own handler through ``zahlungen``): this outcome pays
    #: nothing of its own, neither once nor as a standing order
    redirects: bool = False
    #: the amount concerns the person's claim in ``zahlungen`` (a monthly instalment, the
    #: amount remitted): nothing is paid out; the concern's own handler acts on the claim
    on_claim: bool = False
    #: what the amount means for this outcome on the decide screen (an ``on_claim``
    #: outcome), e.g. "die Rate im Monat"
    amount_help: Text = ""
    #: staff enter a day for this outcome (its label, e.g. "Gestundet bis"), kept in the
    #: letter data as ``Letter.extra["tag"]`` (ISO date) and checked to lie in the future
    day: Text = ""
    #: always four eyes, whatever the amount (e.g. an Erlass forgoes public money)
    four_eyes: bool = False

    @property
    def verwaltungsakt(self) -> bool:
        return self.decision_type != SCHREIBEN

    @property
    def pays(self) -> bool:
        """Issuing this outcome's letter pays its amount once (``anliegen.handlers``); a
        monthly amount is never paid as a one-off."""
        return (self.amount and not self.monthly and not self.redirects
                and not self.on_claim and self.decision_type == BESCHEID)

    @property
    def pays_monthly(self) -> bool:
        """Issuing this outcome's letter pays its amount in each month it names (a standing
        order of ``zahlungen``, ``anliegen.handlers``)."""
        return (self.amount and self.monthly and not self.redirects
                and not self.on_claim and self.decision_type == BESCHEID)

    def pays_third_party(self, answers: dict[str, Any]) -> bool:
        """Does the amount go to a third party (the staff then enter name and IBAN)?"""
        if not (self.pays or self.pays_monthly):
            return False
        return self.payee or bool(
            self.payee_answer and str(answers.get(self.payee_answer) or "").strip())


@dataclass(frozen=True)
class ReceiptTexts:
    counts_title: Text  # "Ab wann Ihr Antrag zählt"
    counts: Text  # with %(received)s
    next_steps: tuple[Text, ...] = ()


@dataclass(frozen=True)
class Anliegen:
    key: str  # the form key (and the catalogue key)
    case_type: str  # the eAkte's case type key (catalogue row with the processing standard)
    processing_days: int  # the processing standard of the catalogue row (working days)
    group: str  # the catalogue group (GROUPS)
    title: Text
    description: Text  # plain language: what it is, what happens
    audience: Text  # who it is for
    documents: tuple[Text, ...]  # what to have at hand before starting ("" = nothing)
    art: Art
    outcomes: tuple[Outcome, ...]
    receipt: ReceiptTexts
    keywords: tuple[Text, ...] = ()  # further words the search finds it by
    money: bool = False  # money follows (the form shows a preview where one exists)
    letter_answers: tuple[str, ...] = ()  # answers the letter quotes (kept in its data)
    #: facts for the staff screen beyond the answers (e.g. the days of the year left)
    staff_facts: Callable[[Case], list[tuple[str, str]]] | None = None
    #: links for staff beyond the outcomes (label, URL), e.g. the Aufhebung after an Abmeldung
    staff_links: Callable[[Case], list[tuple[str, str]]] | None = None
    #: staff decide only with the person's consent check etc.: a problem text or ""
    check: Callable[[Case, Outcome, Letter], str] | None = None
    #: the summary page's preview where money follows: ``formengine`` preview hook
    #: ``hook(draft) -> str | dict | None`` (registered in ``config/wiring.py``)
    preview: Callable[[Any], Any] | None = None
    #: may the citizen start the form now: ``formengine`` start check
    #: ``check(user) -> StartCheck | None``
    start_check: Callable[[Any], Any] | None = None
    #: the answer with the payee's reference for the person (customer or contract number),
    #: put first in the transfer's Verwendungszweck so the payee can book it (kept in the
    #: letter data: list it in ``letter_answers``)
    payment_reference_answer: str = ""
    #: facts fixed when staff decide, kept in the letter data (``Letter.extra``):
    #: ``letter_facts(case, outcome, amount) -> dict[str, str]``
    letter_facts: Callable[[Case, Outcome, Decimal | None], dict[str, str]] | None = None

    @property
    def url(self) -> str:
        return reverse("formengine:start", kwargs={"form_key": self.key})

    @property
    def external(self) -> bool:
        return False

    def outcome(self, key: str) -> Outcome | None:
        return next((o for o in self.outcomes if o.key == key), None)


@dataclass(frozen=True)
class Link:
    """A catalogue entry that leads elsewhere (an application of ``antraege``, the
    profile's bank account)."""

    key: str
    url_name: str
    url_kwargs: dict[str, str]
    group: str
    title: Text
    description: Text
    audience: Text
    documents: tuple[Text, ...]
    keywords: tuple[Text, ...] = ()
    #: shown only when this returns True for the user (e.g. a Weiterbewilligung needs a
    #: current Bewilligung); None: always
    available: Callable[[Any], bool] | None = None
    unavailable_text: Text = ""
    query: str = ""  # e.g. "anlass=arbeitsaufnahme" (a start preset of the form engine)

    @property
    def url(self) -> str:
        url = reverse(self.url_name, kwargs=self.url_kwargs or None)
        return f"{url}?{self.query}" if self.query else url

    @property
    def external(self) -> bool:
        return True


Entry = Anliegen | Link

_CONCERNS: dict[str, Anliegen] = {}
_LINKS: dict[str, Link] = {}
_GROUPS: dict[str, tuple[int, Text]] = {}


def group_register(*, key: str, title: Text, position: int) -> None:
    _GROUPS[key] = (position, title)


def register(concern: Anliegen) -> None:
    """Add a concern (``config/wiring.py``); its group must be registered."""
    if concern.group not in _GROUPS:
        raise ValueError(f"unknown catalogue group {concern.group!r}")
    for outcome in concern.outcomes:
        if outcome.decision_type not in DECISION_TYPES:
            raise ValueError(f"{concern.key}: unknown decision type {outcome.decision_type!r}")
    _CONCERNS[concern.key] = concern
    _LINKS.pop(concern.key, None)  # a concern built here replaces a link to the same form


def link_register(link: Link) -> None:
    if link.group not in _GROUPS:
        raise ValueError(f"unknown catalogue group {link.group!r}")
    _LINKS[link.key] = link


def get(key: str) -> Anliegen | None:
    return _CONCERNS.get(key)


def concerns() -> list[Anliegen]:
    return list(_CONCERNS.values())


def for_case_type(case_type_key: str) -> Anliegen | None:
    return next((c for c in _CONCERNS.values() if c.case_type == case_type_key), None)


def entries() -> list[Entry]:
    """Every catalogue entry (concerns and links), by group, in the order registered."""
    items: list[Entry] = [*_LINKS.values(), *_CONCERNS.values()]
    return sorted(items, key=lambda e: _GROUPS[e.group][0])


def groups() -> list[tuple[str, Text]]:
    return [(key, title) for key, (_pos, title) in sorted(_GROUPS.items(),
                                                          key=lambda kv: kv[1][0])]


def search(query: str, items: Sequence[Entry]) -> list[Entry]:
    """Entries whose title, description, audience, documents or keywords contain every
    word of ``query`` (case and accents of ä/ö/ü/ß folded), in the active language and in
    German."""
    words = [_fold(w) for w in query.split() if w.strip()]
    if not words:
        return list(items)
    found = []
    for entry in items:
        haystack = _fold(" ".join(_texts(entry)))
        if all(w in haystack for w in words):
            found.append(entry)
    return found


def _texts(entry: Entry) -> list[str]:
    from_lazy = [entry.title, entry.description, entry.audience, *entry.documents,
                 *entry.keywords]
    texts = [str(t) for t in from_lazy]
    with translation.override("de"):  # a German word finds the entry on an English page
        texts += [str(t) for t in from_lazy]
    return texts


_FOLD = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"})


def _fold(text: str) -> str:
    return text.casefold().translate(_FOLD)
