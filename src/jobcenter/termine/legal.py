"""The Rechtsfolgenbelehrung of a Meldetermin, in plain language.

§ 59 SGB II makes the allgemeine Meldepflicht of § 309 SGB III apply: the person must report
at the time and place the Jobcenter names, for one of the purposes of § 309 Abs. 2 SGB III;
reporting later on the same day is enough if the purpose is still achieved (§ 309 Abs. 3
Satz 2); necessary travel costs can be reimbursed on request (§ 309 Abs. 4). § 32 SGB II:
who does not come despite a written instruction on the legal consequences loses 10 % of the
maßgebender Regelbedarf for one month (§ 31b), unless they show and prove a wichtiger
Grund. The instruction must precede the missed appointment, so it is shown with the
invitation (page, e-mail link) and cannot be hidden. ``tests/termine/test_legal.py`` holds
the rendered text (golden test).
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from jobcenter.termine.models import Appointment, Meldezweck

#: § 32 Abs. 1 SGB II with § 31b: the reduction for a missed Meldetermin (for one month,
#: as the text says).
MINDERUNG_PROZENT = 10


def rechtsfolgenbelehrung(appointment: Appointment) -> list[str]:
    """The paragraphs of the instruction, in the reader's language."""
    purpose = Meldezweck(appointment.meldezweck).label if appointment.meldezweck else ""
    return [
        _("Sie sind verpflichtet, zu diesem Termin zu kommen (Meldepflicht nach § 59 SGB II "
          "in Verbindung mit § 309 SGB III). Zweck des Termins: %(purpose)s.")
        % {"purpose": purpose},
        _("Wenn Sie ohne wichtigen Grund nicht kommen, wird Ihr Grundsicherungsgeld (früher "
          "Bürgergeld) für einen Monat um %(percent)s Prozent des für Sie maßgebenden "
          "Regelbedarfs gemindert (§ 32 SGB II). Ihre Kosten für Unterkunft und Heizung "
          "werden nicht gemindert.")
        % {"percent": MINDERUNG_PROZENT},
        _("Die Minderung tritt nicht ein, wenn Sie einen wichtigen Grund haben und ihn "
          "nachweisen, zum Beispiel mit einer Arbeitsunfähigkeitsbescheinigung Ihrer Ärztin "
          "oder Ihres Arztes. Bitte teilen Sie uns den Grund vor dem Termin mit: auf dieser "
          "Seite mit „Ich kann nicht kommen“."),
        _("Wenn Sie sich zu einer anderen Uhrzeit am selben Tag melden, haben Sie Ihre "
          "Meldepflicht erfüllt, sofern der Zweck des Termins noch erreicht werden kann "
          "(§ 309 Abs. 3 SGB III)."),
        _("Notwendige Fahrtkosten zum Termin können Ihnen auf Antrag erstattet werden "
          "(§ 309 Abs. 4 SGB III). Bitte bringen Sie Ihre Fahrkarte mit."),
        _("Bevor wir über eine Minderung entscheiden, können Sie sich dazu äußern."),
    ]
