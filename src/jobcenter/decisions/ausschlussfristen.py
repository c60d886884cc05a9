"""The time limits of a withdrawal for the past (Aufhebung/Rücknahme mit Wirkung für die
Vergangenheit) that the Jobcenter itself must keep; after them no Aufhebungs- und
Erstattungsbescheid may be issued.

* **Jahresfrist** — § 45 Abs. 4 Satz 2 SGB X: a Rücknahme for the past "innerhalb eines
  Jahres seit Kenntnis der Tatsachen, welche die Rücknahme … für die Vergangenheit
  rechtfertigen"; for an Aufhebung by § 48 Abs. 4 Satz 1 SGB X, which applies § 45 Abs. 4
  Satz 2 accordingly (§ 48 Abs. 4 Satz 2: not for § 48 Abs. 1 Satz 2 Nr. 1, a change in the
  person's favour, which never leads to an Erstattung). Both through § 40 Abs. 1 Satz 1
  SGB II. The staff record the day the Jobcenter learned the facts (``Anhoerung.kenntnis_am``).
  The period is kept only if the Bescheid is notified (§ 37 Abs. 2 SGB X: the fourth day
  after posting or sending) on or before its last day — so it must be issued four days
  earlier (:func:`deadlines.last_issuing_day`).
* **Zehnjahresfrist** — § 45 Abs. 3 Satz 3 Nr. 1 SGB X: with the grounds of § 45 Abs. 2
  Satz 3 Nr. 2, 3 (the only § 45 grounds the product offers for the past, § 45 Abs. 4 Satz 1)
  a Bescheid with lasting effect can be withdrawn until ten years after its Bekanntgabe;
  § 48 Abs. 4 Satz 1 SGB X applies § 45 Abs. 3 Satz 3 to 5 accordingly, counted from the
  change (the first month withdrawn). The extension of § 45 Abs. 3 Satz 4 (a benefit still
  paid when the procedure begins) is not applied: the product refuses after ten years and
  leaves such a case to a person. The two-year limit of § 45 Abs. 3 Satz 1 concerns a
  Rücknahme for the future only (for the past § 45 Abs. 4 Satz 1 requires Nr. 2 or 3).

All days are calendar days in Europe/Berlin.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from jobcenter.decisions import deadlines

TEN_YEARS = 10


@dataclass(frozen=True)
class Fristen:
    kenntnis: dt.date
    jahresfrist_end: dt.date
    jahresfrist_norm: str
    zehn_end: dt.date | None
    zehn_norm: str

    @property
    def last_issuing_day(self) -> dt.date:
        """The last day on which the Bescheid can be issued and both limits are kept."""
        ends = [self.jahresfrist_end] + ([self.zehn_end] if self.zehn_end else [])
        return deadlines.last_issuing_day(min(ends))

    def as_snapshot(self) -> dict[str, str]:
        return {
            "kenntnis": f"{self.kenntnis:%Y-%m-%d}",
            "jahresfrist_end": f"{self.jahresfrist_end:%Y-%m-%d}",
            "jahresfrist_norm": self.jahresfrist_norm,
            "zehn_end": f"{self.zehn_end:%Y-%m-%d}" if self.zehn_end else "",
            "zehn_norm": self.zehn_norm,
        }

    @classmethod
    def from_snapshot(cls, data: dict[str, Any]) -> Fristen | None:
        if not data or not data.get("kenntnis"):
            return None
        zehn = data.get("zehn_end") or ""
        return cls(
            kenntnis=dt.date.fromisoformat(data["kenntnis"]),
            jahresfrist_end=dt.date.fromisoformat(data["jahresfrist_end"]),
            jahresfrist_norm=data.get("jahresfrist_norm", ""),
            zehn_end=dt.date.fromisoformat(zehn) if zehn else None,
            zehn_norm=data.get("zehn_norm", ""),
        )


def fristen_for(
    *, basis: str, kenntnis: dt.date, month_from: dt.date, notified_on: dt.date | None
) -> Fristen:
    """The limits for a withdrawal on ``basis`` (``Anhoerung.Basis``) of the months from
    ``month_from`` of a Bescheid notified on ``notified_on``."""
    rescind = basis.startswith("45")
    if rescind:
        jahres_norm = "§ 45 Abs. 4 Satz 2 SGB X i. V. m. § 40 Abs. 1 Satz 1 SGB II"
        zehn_norm = "§ 45 Abs. 3 Satz 3 Nr. 1 SGB X"
        start = notified_on
    else:
        jahres_norm = (
            "§ 48 Abs. 4 Satz 1 i. V. m. § 45 Abs. 4 Satz 2 SGB X, § 40 Abs. 1 Satz 1 SGB II"
        )
        zehn_norm = "§ 48 Abs. 4 Satz 1 i. V. m. § 45 Abs. 3 Satz 3 SGB X"
        start = month_from
    return Fristen(
        kenntnis=kenntnis,
        jahresfrist_end=deadlines.one_year_after(kenntnis),
        jahresfrist_norm=jahres_norm,
        zehn_end=deadlines.add_years(start, TEN_YEARS) if start else None,
        zehn_norm=zehn_norm,
    )


def _d(day: dt.date) -> str:
    return day.strftime("%d.%m.%Y")


def kenntnis_problem(kenntnis: dt.date | None, *, today: dt.date) -> str | None:
    if kenntnis is None:
        return _(
            "Bitte geben Sie an, wann das Jobcenter von den Tatsachen erfahren hat, die "
            "die Aufhebung rechtfertigen. Ab diesem Tag läuft die Jahresfrist "
            "(§ 45 Abs. 4 Satz 2 SGB X, bei § 48 SGB X über dessen Abs. 4 Satz 1)."
        )
    if kenntnis > today:
        return _(
            "Der Tag, an dem das Jobcenter von den Tatsachen erfahren hat, darf nicht in "
            "der Zukunft liegen."
        )
    return None


def problems(fristen: Fristen, *, issued_on: dt.date) -> list[str]:
    """Why a Bescheid issued on ``issued_on`` would miss a limit (translated, for staff)."""
    found: list[str] = []
    notified = deadlines.presumed_delivery(issued_on)
    if notified > fristen.jahresfrist_end:
        found.append(
            _(
                "Die Jahresfrist ist nicht mehr zu wahren: Das Jobcenter hat am %(kenntnis)s von "
                "den Tatsachen erfahren; die Frist (%(norm)s) endet am %(end)s. Ein heute "
                "erlassener Bescheid gilt erst am %(notified)s als bekannt gegeben (§ 37 Abs. 2 "
                "SGB X); er hätte spätestens am %(last)s erlassen werden müssen. Für die "
                "Vergangenheit darf der Bescheid nicht mehr aufgehoben werden."
            )
            % {
                "kenntnis": _d(fristen.kenntnis),
                "norm": fristen.jahresfrist_norm,
                "end": _d(fristen.jahresfrist_end),
                "notified": _d(notified),
                "last": _d(deadlines.last_issuing_day(fristen.jahresfrist_end)),
            }
        )
    if fristen.zehn_end is not None and notified > fristen.zehn_end:
        found.append(
            _(
                "Die Zehnjahresfrist (%(norm)s) endete am %(end)s. Für diese Monate darf der "
                "Bescheid nicht mehr aufgehoben werden."
            )
            % {"norm": fristen.zehn_norm, "end": _d(fristen.zehn_end)}
        )
    return found


def letter_paragraph(fristen: Fristen) -> str:
    """The Begründung's statement that the limits are kept (in the Bescheid)."""
    text = _(
        "Die Frist von einem Jahr seit Kenntnis der Tatsachen ist gewahrt (%(norm)s): "
        "Von den Tatsachen, die die Aufhebung für die Vergangenheit rechtfertigen, haben "
        "wir am %(kenntnis)s erfahren; die Frist endet am %(end)s."
    ) % {
        "norm": fristen.jahresfrist_norm,
        "kenntnis": _d(fristen.kenntnis),
        "end": _d(fristen.jahresfrist_end),
    }
    if fristen.zehn_end is not None:
        text += " " + _(
            "Auch die Frist von zehn Jahren (%(norm)s) ist gewahrt; sie endet am %(end)s."
        ) % {"norm": fristen.zehn_norm, "end": _d(fristen.zehn_end)}
    return text
