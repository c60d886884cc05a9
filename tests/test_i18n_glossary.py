"""One English term for each German legal term: the glossary of docs/glossary.md ("English
renderings") pinned on the catalogue. A msgstr whose msgid contains the German term must not
use another rendering of it (and for some terms must use the chosen one), so that "wichtiger
Grund" cannot again be "good cause" on one page and "important reason" on the next."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import polib
import pytest

ROOT = Path(__file__).resolve().parent.parent
PO = ROOT / "src" / "jobcenter" / "locale" / "en" / "LC_MESSAGES" / "django.po"
GLOSSARY_DOC = ROOT / "docs" / "glossary.md"


@dataclass(frozen=True)
class Term:
    german: str  # the term in the msgid (a regular expression)
    english: str  # the chosen rendering
    others: str  # renderings that must not appear (a regular expression, case-insensitive)
    example: tuple[str, str]  # a msgid and a msgstr with another rendering: the pin bites
    always: bool = False  # every msgstr of such a msgid contains ``english``


GLOSSARY = (
    Term(r"wichtige[nrsm]? Gr[uü]nd|Grund wichtig", "good cause",
         r"important reason|good reason|valid reason|compelling reason|serious reason",
         ("Ein anderer wichtiger Grund", "Another important reason"), always=True),
    Term(r"Meldetermin", "mandatory appointment",
         r"required appointment|reporting appointment|compulsory appointment|"
         r"appointment to report",
         ("Zu einem Meldetermin einladen", "Invite to a required appointment")),
    Term(r"Meldeversäumnis", "missed mandatory appointment",
         r"missed appointment|failure to report",
         ("Meldeversäumnis (§ 32 SGB II)", "Missed appointment (section 32 SGB II)"),
         always=True),
    Term(r"Bescheid", "decision",
         r"decision notice|\bnotice no\.|(?<!objection )\bruling",
         ("Ihr Bescheid", "Your decision notice")),
    Term(r"Widerspruchsbescheid", "objection ruling",
         r"objection decision|decision on the objection",
         ("Widerspruchsbescheid", "Objection decision")),
    Term(r"Widerspr[uü]ch", "objection", r"\bappeal",
         ("Widerspruch einlegen", "Lodge an appeal")),
    Term(r"Bedarfsgemeinschaft", "benefit household",
         r"benefit unit|needs community|benefit community|community of need",
         ("Freibeträge der Bedarfsgemeinschaft", "Allowances of the benefit unit")),
    Term(r"Minderung", "reduction", r"\bsanction",
         ("Minderung erfassen", "Record a sanction")),
    Term(r"Anhörung", "hearing", r"consultation|opportunity to comment",
         ("Anhörung", "Consultation")),
    Term(r"Aufrechnung|aufgerechnet|aufrechnen", "offset", r"set-off|\bset (it )?off\b|netting",
         ("Ende der Aufrechnung", "End of the set-off")),
    Term(r"Erstattungsforderung|Erstattungsbescheid|Aufhebung und Erstattung", "repayment",
         r"refund|reimburse",
         ("Ihre Erstattungsforderung", "Your refund claim")),
    Term(r"Rechtsfolgenbelehrung", "notice of legal consequences",
         r"information on legal consequences|instructions? on legal consequences|"
         r"warning of legal consequences",
         ("Rechtsfolgenbelehrung", "Information on legal consequences")),
    Term(r"Rechtsbehelfsbelehrung", "notice of legal remedies",
         r"information on legal remedies|instructions? on legal remedies",
         ("Kein Verwaltungsakt: ohne Rechtsbehelfsbelehrung.",
          "Not an administrative act: no information on legal remedies.")),
    Term(r"Bewilligungszeitr", "award period", r"approval period|benefit period",
         ("Ende des Bewilligungszeitraums", "End of the approval period")),
    Term(r"Regelbedarf(?!sstufe)", "standard needs",
         r"standard rate|standard allowance|standard benefit",
         ("Regelbedarf", "Standard rate")),
    Term(r"Eingliederungsvereinbarung", "integration agreement",
         r"reintegration agreement|integration contract",
         ("Eingliederungsvereinbarung", "Reintegration agreement")),
    Term(r"Kooperationsplan", "cooperation plan", r"co-operation plan|plan of cooperation",
         ("Kooperationsplan", "Co-operation plan")),
    Term(r"Stundung", "deferral", r"deferment|postponement",
         ("Stundung", "Deferment")),
)


def _msgids(entry: polib.POEntry) -> list[str]:
    return [entry.msgid] + ([entry.msgid_plural] if entry.msgid_plural else [])


def _msgstrs(entry: polib.POEntry) -> list[str]:
    return list(entry.msgstr_plural.values()) if entry.msgstr_plural else [entry.msgstr]


def violations(term: Term, entries: list[polib.POEntry]) -> list[str]:
    """The msgids of the term whose English uses another rendering (or lacks the chosen one
    where it must always appear)."""
    german, others = re.compile(term.german), re.compile(term.others, re.IGNORECASE)
    found = []
    for entry in entries:
        if not any(german.search(msgid) for msgid in _msgids(entry)):
            continue
        for msgstr in _msgstrs(entry):
            if others.search(msgstr):
                found.append(f"{entry.msgid!r}: {msgstr!r} uses "
                             f"{others.search(msgstr).group(0)!r}, not {term.english!r}")
            elif term.always and msgstr and term.english not in msgstr.lower():
                found.append(f"{entry.msgid!r}: {msgstr!r} lacks {term.english!r}")
    return found


@pytest.fixture(scope="module")
def catalogue() -> list[polib.POEntry]:
    return [e for e in polib.pofile(str(PO)) if not e.obsolete]


@pytest.mark.parametrize("term", GLOSSARY, ids=lambda t: t.english)
def test_the_catalogue_keeps_to_the_glossary(term: Term, catalogue) -> None:
    found = violations(term, catalogue)
    assert not found, f"{len(found)} msgstrs leave the glossary:\n" + "\n".join(found[:20])


@pytest.mark.parametrize("term", GLOSSARY, ids=lambda t: t.english)
def test_each_pin_catches_the_other_rendering(term: Term) -> None:
    msgid, other = term.example
    assert re.search(term.german, msgid), "the example's msgid must contain the term"
    assert violations(term, [polib.POEntry(msgid=msgid, msgstr=other)])
    chosen = re.sub(term.others, term.english, other, flags=re.IGNORECASE)
    assert not violations(term, [polib.POEntry(msgid=msgid, msgstr=chosen)])


def test_the_terms_with_a_rendering_everywhere_are_used(catalogue) -> None:
    """The pins guard something: the catalogue has the terms it pins (all but the two
    agreements, which no text names yet)."""
    for term in GLOSSARY:
        if term.german in ("Eingliederungsvereinbarung", "Kooperationsplan"):
            continue
        assert any(re.search(term.german, msgid) for e in catalogue for msgid in _msgids(e)), (
            term.german)


def test_the_glossary_is_documented() -> None:
    text = GLOSSARY_DOC.read_text(encoding="utf-8")
    section = text[text.index("## English renderings"):]
    for term in GLOSSARY:
        assert f"“{term.english}”" in section, term.english
