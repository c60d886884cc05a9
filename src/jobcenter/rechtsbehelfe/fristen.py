"""Deadlines of the Widerspruchsverfahren, computed with the Bescheid's own rules
(``decisions.deadlines``: § 37 Abs. 2 SGB X — the fourth day after posting or sending —,
§ 64 SGG month ends and the Land's public holidays):

* the Widerspruchsfrist, § 84 Abs. 1 SGG: one month after Bekanntgabe; one **year** if the
  Rechtsbehelfsbelehrung was missing or wrong (§ 84 Abs. 2 Satz 3 with § 66 Abs. 2 SGG);
* the three-month mark of § 88 Abs. 2 SGG: after three months without a
  Widerspruchsbescheid an Untätigkeitsklage is admissible;
* the processing standard the back office works to (the catalogue's case type
  ``widerspruch``: 90 days, warning 21 days before).
"""

from __future__ import annotations

import datetime as dt

from jobcenter.decisions import deadlines
from jobcenter.decisions.models import Decision

#: § 88 Abs. 2 SGG: "drei Monate" after the Widerspruch was lodged.
UNTAETIGKEIT_MONTHS = 3
#: Warn this many days before the three-month mark.
WARN_DAYS = 21


def objection_deadline(decision: Decision, *, belehrung_defective: bool = False
                       ) -> dt.date | None:
    """Last day for a Widerspruch against ``decision``; None while its Bekanntgabe is not
    known yet (a letter not yet posted: no period runs)."""
    if decision.presumed_delivery is None:
        return None
    jc = decision.case.jobcenter
    months = 12 if belehrung_defective else (decision.decision_type.objection_period_months
                                             or 1)
    return deadlines.objection_deadline(decision.presumed_delivery, months, jc.land,
                                        jc.catholic_local_holidays)


def in_time(received_on: dt.date, deadline: dt.date | None) -> bool:
    """Lodged within the period (received at the latest on its last day)."""
    return deadline is None or received_on <= deadline


def untaetigkeit_mark(received_on: dt.date) -> dt.date:
    """The day the three months of § 88 Abs. 2 SGG are over (same day number, clamped)."""
    return deadlines.add_months(received_on, UNTAETIGKEIT_MONTHS)
