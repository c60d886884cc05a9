"""The texts of the payments area's letters (``Letter``): the Anhörung before an
Aufrechnung (§ 24 SGB X), the Aufrechnungserklärung (§ 43 Abs. 4 Satz 1 SGB II), the
notice of a vorläufige Zahlungseinstellung (§ 40 Abs. 2 Nr. 4 SGB II with § 331 SGB III)
and the notices of a direct payment (§ 22 Abs. 7 SGB II) to the citizen and to the payee.

Plain German, every sentence a translatable msgid with named placeholders; the letters
are built in German (the official language, § 19 SGB X) when they are created and keep
their text (``Letter.data``); ``pdf/schreiben.typ`` of ``decisions`` only lays them out.
Each function returns the letter's data in the shape of ``decisions``' Anhörungsschreiben
(title, addressee, reference rows, sections with heading and paragraphs).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from jobcenter.casefiles.models import Case
from jobcenter.core.arbeitstage import berlin_date
from jobcenter.decisions.documents import letterhead, widerspruch_texts
from jobcenter.decisions.letter import date_de, euro, masked_iban, month_de
from jobcenter.decisions.letters import stundung_erlass_hint
from jobcenter.households.models import Person
from jobcenter.jobcenters.models import Jobcenter


def _section(heading: str, paragraphs: list[str]) -> dict[str, Any]:
    return {"heading": heading, "paragraphs": [p for p in paragraphs if p], "table": None}


def person_address(person: Person) -> list[str]:
    lines = [f"{person.first_name} {person.last_name}".strip()]
    if person.street:
        lines.append(person.street)
    if person.postcode or person.city:
        lines.append(f"{person.postcode} {person.city}".strip())
    return lines


def greeting(name: str) -> str:
    return _("Guten Tag %(name)s,") % {"name": name} if name else _("Guten Tag,")


def _frame(jc: Jobcenter, *, title: str, addressee: list[str], case: Case,
           letter_date: dt.date, sections: list[dict[str, Any]],
           extra_rows: list[list[str]] | None = None, person: Person | None = None
           ) -> dict[str, Any]:
    rows = [[_("Aktenzeichen"), case.reference]]
    if person is not None and person.customer_number:
        rows.append([_("Kundennummer"), person.customer_number])
    rows.append([_("Datum"), date_de(letter_date)])
    rows.extend(extra_rows or [])
    return {
        "title": title,
        "footer_reference": _("Aktenzeichen %(reference)s") % {"reference": case.reference},
        **letterhead(jc),
        "addressee": addressee,
        "reference_rows": rows,
        "sections": sections,
        "signature_note": _("Dieses Schreiben wurde elektronisch erstellt und ist ohne "
                            "Unterschrift gültig."),
    }


def _address(jc: Jobcenter) -> str:
    return f"{jc.name}, {jc.street}, {jc.postcode} {jc.city}"


def _contact(jc: Jobcenter) -> str:
    return _("Sie erreichen uns schriftlich (%(address)s), persönlich zu unseren "
             "Öffnungszeiten, telefonisch unter %(phone)s oder über das Postfach in Ihrem "
             "Kundenkonto.") % {"address": _address(jc), "phone": jc.phone}


# --- Aufrechnung ------------------------------------------------------------------------


def _offset_values(a: Any, balance: Decimal) -> dict[str, str]:
    claim = a.claim
    bescheid = claim.bescheid
    return {
        # the Bescheid's date as its letter says (decisions.services.delivery): the Berlin day
        "bescheid": date_de(bescheid.letter_date or (bescheid.approved_at and
                                                      berlin_date(bescheid.approved_at))),
        "amount": euro(claim.amount), "balance": euro(balance),
        "ground": claim.rechtsgrundlage, "percent": str(a.percent),
        "monthly": euro(a.monthly_amount), "regelbedarf": euro(a.regelbedarf),
        "start": month_de(a.start), "end": month_de(a.end),
        "others": euro(a.other_offsets),
    }


def _percent_reason(a: Any, v: dict[str, str]) -> str:
    if a.percent == 10:
        return _("Die Forderung beruht auf %(ground)s. Für Erstattungsansprüche nach § 41a "
                 "SGB II oder nach § 48 Abs. 1 Satz 2 Nr. 3 SGB X (Einkommen oder Vermögen, "
                 "das nach der Bewilligung erzielt wurde) beträgt die Aufrechnung 10 Prozent "
                 "des maßgebenden Regelbedarfs (§ 43 Abs. 2 Satz 1 SGB II).") % v
    return _("Die Forderung beruht auf %(ground)s. Für diese Forderung beträgt die "
             "Aufrechnung 30 Prozent des maßgebenden Regelbedarfs (§ 43 Abs. 2 Satz 1 "
             "SGB II).") % v


def _cap(a: Any, v: dict[str, str]) -> str:
    text = _("Zusammen mit anderen Aufrechnungen behalten wir nie mehr als 30 Prozent Ihres "
             "Regelbedarfs ein (§ 43 Abs. 2 Satz 2 SGB II).")
    if a.other_offsets > 0:
        text += " " + _("Es laufen bereits Aufrechnungen von %(others)s im Monat; sie sind "
                        "berücksichtigt.") % v
    return text


def aufrechnung_hearing(a: Any, *, case: Case, balance: Decimal, letter_date: dt.date
                        ) -> dict[str, Any]:
    """The Anhörung (§ 24 SGB X) before the Aufrechnung: the facts, what we intend, the
    deadline, how to answer. Not a Verwaltungsakt, so no Rechtsbehelfsbelehrung."""
    person, jc = a.claim.person, case.jobcenter
    v = {**_offset_values(a, balance), "deadline": date_de(a.hearing_deadline)}
    sections = [
        _section("", [
            greeting(f"{person.first_name} {person.last_name}"),
            _("wir beabsichtigen, unsere Forderung gegen Sie mit Ihren laufenden Leistungen "
              "aufzurechnen (§ 43 SGB II). Bevor wir entscheiden, geben wir Ihnen Gelegenheit, "
              "sich dazu zu äußern (§ 24 SGB X)."),
        ]),
        _section(_("Die Forderung"), [
            _("Mit Bescheid vom %(bescheid)s haben wir von Ihnen %(amount)s zurückgefordert "
              "(%(ground)s). Davon sind heute noch %(balance)s offen.") % v,
        ]),
        _section(_("Was wir beabsichtigen"), [
            _("Wir wollen ab %(start)s jeden Monat %(monthly)s von Ihren Leistungen "
              "einbehalten, bis die Forderung getilgt ist, längstens bis %(end)s. Das sind "
              "%(percent)s Prozent Ihres maßgebenden Regelbedarfs von %(regelbedarf)s.") % v,
            _percent_reason(a, v),
            _cap(a, v),
            _("Die Aufrechnung steht in unserem Ermessen. Wir haben bisher Folgendes "
              "erwogen: %(reasons)s") % {"reasons": a.reasons},
        ]),
        _section(_("Ihre Möglichkeiten"), [
            _("Sie können sich bis zum %(deadline)s äußern. Teilen Sie uns bitte besonders "
              "mit, wenn die Aufrechnung für Sie eine besondere Härte bedeutet, etwa wegen "
              "besonderer Ausgaben, Schulden oder Krankheit, oder wenn Sie die Forderung "
              "für unrichtig halten.") % v,
            _("So können Sie sich äußern, schriftlich oder mündlich: online mit einer "
              "Nachricht im Postfach Ihres Kundenkontos bei Jobcenter Online, per Post an "
              "%(address)s, persönlich zu unseren Öffnungszeiten oder telefonisch unter "
              "%(phone)s. Bitte nennen Sie das Aktenzeichen %(reference)s.") % {
                "address": _address(jc), "phone": jc.phone, "reference": case.reference},
            stundung_erlass_hint(),
            _("Sie können Ihre Akte bei uns einsehen (§ 25 SGB X)."),
            _("Wenn Sie sich bis dahin nicht äußern, entscheiden wir nach den Unterlagen, "
              "die uns vorliegen."),
            _("Dieses Schreiben ist noch keine Entscheidung."),
        ]),
    ]
    return _frame(jc, title=_("Anhörung vor einer Aufrechnung (§ 24 SGB X)"),
                  addressee=person_address(person), case=case, letter_date=letter_date,
                  sections=sections, person=person,
                  extra_rows=[[_("Antwort bis"), date_de(a.hearing_deadline)]])


def aufrechnung_decision(a: Any, *, case: Case, balance: Decimal, letter_date: dt.date,
                         hearing_date: dt.date | None, presumed_delivery: dt.date | None,
                         objection_deadline: dt.date | None, limit: dt.date
                         ) -> dict[str, Any]:
    """The Aufrechnungserklärung: a written Verwaltungsakt (§ 43 Abs. 4 Satz 1 SGB II)
    with Verfügungssatz, Begründung (with the Ermessenserwägungen and the hearing), what the
    person can do (Stundung, Ratenzahlung, Erlass and how to apply: the same text as the
    Erstattungsbescheid and the Anhörung, ``decisions.letters.stundung_erlass_hint``) and
    Rechtsbehelfsbelehrung."""
    person, jc = a.claim.person, case.jobcenter
    v = {**_offset_values(a, balance), "hearing": date_de(hearing_date),
         "limit": month_de(limit)}
    hearing: list[str]
    if a.answered_at:
        hearing = [_("Mit Schreiben vom %(hearing)s haben wir Sie angehört. Sie haben sich "
                     "geäußert. Wir haben Ihre Äußerung so gewürdigt: %(assessment)s")
                   % {**v, "assessment": a.answer_assessment}]
    else:
        hearing = [_("Mit Schreiben vom %(hearing)s haben wir Sie angehört. Sie haben sich "
                     "bis zum Ende der Frist nicht geäußert.") % v]
    sections = [
        _section("", [greeting(f"{person.first_name} {person.last_name}")]),
        _section(_("Entscheidung"), [
            _("Wir rechnen unsere Forderung aus dem Bescheid vom %(bescheid)s (noch offen: "
              "%(balance)s) ab %(start)s mit Ihrem Anspruch auf Leistungen nach dem Zweiten "
              "Buch Sozialgesetzbuch auf. Dazu behalten wir jeden Monat %(monthly)s ein, das "
              "sind %(percent)s Prozent Ihres maßgebenden Regelbedarfs von %(regelbedarf)s.")
            % v,
            _("Die Aufrechnung endet, sobald die Forderung getilgt ist, spätestens mit Ablauf "
              "von %(end)s.") % v,
            _("Ändert sich Ihr Regelbedarf, behalten wir %(percent)s Prozent des neuen "
              "Regelbedarfs ein. Der einbehaltene Betrag gilt als an Sie gezahlt und "
              "verringert Ihre Schulden bei uns.") % v,
        ]),
        _section(_("Begründung"), [
            _("Rechtsgrundlage ist § 43 SGB II. Wir dürfen Erstattungsansprüche gegen Ihren "
              "Anspruch auf Leistungen aufrechnen (§ 43 Abs. 1 SGB II). Die Forderung von "
              "%(amount)s ist mit dem Bescheid vom %(bescheid)s festgesetzt.") % v,
            _percent_reason(a, v),
            _cap(a, v),
            _("Solange Ihr Regelbedarf wegen einer Leistungsminderung um 30 Prozent oder mehr "
              "gemindert ist, rechnen wir nicht auf; bei einer geringeren Minderung behalten "
              "wir höchstens den Unterschied zu 30 Prozent ein (§ 43 Abs. 3 SGB II)."),
            _("Die Aufrechnung endet spätestens drei Jahre nach dem Monat, der auf die "
              "Bestandskraft des Erstattungsbescheids folgt (§ 43 Abs. 4 Satz 2 SGB II); das "
              "ist %(limit)s.") % v,
            *hearing,
            _("Die Aufrechnung steht in unserem Ermessen. Wir haben die Umstände Ihres Falls "
              "abgewogen: %(reasons)s") % {"reasons": a.reasons},
        ]),
        _section(_("Ihre Möglichkeiten"), [
            stundung_erlass_hint(),
            _("Solange die Forderung gestundet ist, behalten wir nichts ein; danach läuft die "
              "Aufrechnung weiter. Erlassen wir die Forderung ganz, endet die Aufrechnung; "
              "erlassen wir einen Teil, rechnen wir nur noch den Rest auf."),
        ]),
        _section(_("Rechtsbehelfsbelehrung"),
                 widerspruch_texts(jc, presumed_delivery, objection_deadline)),
    ]
    return _frame(jc, title=_("Aufrechnungsbescheid (§ 43 SGB II)"),
                  addressee=person_address(person), case=case, letter_date=letter_date,
                  sections=sections, person=person)


# --- Zahlungseinstellung ----------------------------------------------------------------


def stop_notice(stop: Any, *, case: Case, person: Person, letter_date: dt.date
                ) -> dict[str, Any]:
    """§ 40 Abs. 2 Nr. 4 SGB II with § 331 SGB III: the provisional stop, its reason, the
    two-month deadline and what the person can do. Not a Bescheid."""
    jc = case.jobcenter
    v = {"since": date_de(stop.stopped_on), "deadline": date_de(stop.deadline),
         "amount": euro(stop.partial_amount or 0), "facts": stop.facts}
    how = (_("Wir haben die Zahlung Ihrer Leistungen am %(since)s vorläufig teilweise "
             "eingestellt: Wir behalten jeden Monat %(amount)s ein.") % v
           if stop.partial_amount else
           _("Wir haben die Zahlung Ihrer Leistungen am %(since)s vorläufig eingestellt.") % v)
    sections = [
        _section("", [greeting(f"{person.first_name} {person.last_name}"), how]),
        _section(_("Der Grund"), [
            _("Uns sind Tatsachen bekannt geworden, nach denen Ihr Anspruch ganz oder "
              "teilweise weggefallen ist oder ruht: %(facts)s") % v,
            _("Deshalb dürfen wir die Zahlung vorläufig einstellen, ohne schon einen Bescheid "
              "zu erlassen (§ 40 Abs. 2 Nr. 4 SGB II in Verbindung mit § 331 Abs. 1 SGB III)."),
        ]),
        _section(_("Die Frist von zwei Monaten"), [
            _("Wir prüfen jetzt, ob wir die Bewilligung aufheben. Wenn wir das nicht bis zum "
              "%(deadline)s mit einem Bescheid tun, zahlen wir die einbehaltenen Beträge "
              "unverzüglich nach (§ 331 Abs. 2 SGB III).") % v,
        ]),
        _section(_("Was Sie tun können"), [
            _("Sie können sich zu diesen Tatsachen äußern (§ 331 Abs. 1 Satz 2 SGB III). "
              "Wenn sie nicht stimmen oder sich etwas geändert hat, teilen Sie uns das bitte "
              "möglichst bald mit und legen Sie Nachweise vor, zum Beispiel Kontoauszüge, "
              "eine Kündigung oder eine Abrechnung."),
            _contact(jc),
            _("Wenn Sie ohne das Geld Ihren Lebensunterhalt nicht sichern können, melden Sie "
              "sich bitte sofort bei uns."),
            _("Diese Mitteilung ist kein Bescheid. Bevor wir die Bewilligung aufheben, hören "
              "wir Sie an; gegen den Aufhebungsbescheid können Sie Widerspruch einlegen."),
        ]),
    ]
    return _frame(jc, title=_("Vorläufige Einstellung der Zahlung"),
                  addressee=person_address(person), case=case, letter_date=letter_date,
                  sections=sections, person=person)


# --- Direktzahlung ------------------------------------------------------------------------


def _payee_kind(direct: Any) -> str:
    return (_("Ihre Miete an Ihre Vermieterin oder Ihren Vermieter")
            if direct.kind == "miete" else
            _("Ihre Heizkosten an Ihr Versorgungsunternehmen"))


def direct_notice(direct: Any, *, case: Case, person: Person, letter_date: dt.date,
                  presumed_delivery: dt.date | None, objection_deadline: dt.date | None
                  ) -> dict[str, Any]:
    """§ 22 Abs. 7 SGB II: the citizen learns in writing to whom, how much, from when and
    why. Against the citizen's will (Satz 2) it is a Verwaltungsakt: with the
    Rechtsbehelfsbelehrung."""
    jc = case.jobcenter
    v = {"payee": direct.payee_name, "amount": euro(direct.monthly_amount),
         "start": month_de(direct.valid_from), "iban": masked_iban(direct.iban),
         "what": _payee_kind(direct), "reason": direct.reason}
    why = ([_("Sie haben beantragt, dass wir diesen Betrag direkt überweisen (§ 22 Abs. 7 "
              "Satz 1 SGB II).")]
           if direct.basis == "antrag" else
           [_("Wir zahlen direkt, weil die zweckentsprechende Verwendung des Geldes durch "
              "Sie nicht sichergestellt ist (§ 22 Abs. 7 Satz 2 SGB II): %(reason)s") % v,
            _("Wir haben dabei abgewogen, dass Ihre Wohnung und Ihre Versorgung mit Energie "
              "gesichert bleiben sollen.")])
    sections = [
        _section("", [
            greeting(f"{person.first_name} {person.last_name}"),
            _("ab %(start)s überweisen wir %(what)s: jeden Monat %(amount)s an %(payee)s "
              "(Konto %(iban)s).") % v,
            _("Wir überweisen höchstens die Kosten für Unterkunft und Heizung, die wir für "
              "den Monat anerkannt haben. Den übrigen Betrag Ihrer Leistungen erhalten Sie "
              "wie bisher auf Ihr Konto. Der direkt gezahlte Betrag gilt als an Sie gezahlt."),
        ]),
        _section(_("Warum"), why),
        _section(_("Was Sie wissen sollten"), [
            _("Wir schreiben %(payee)s, dass wir für Sie zahlen, wie viel und ab wann. Andere "
              "Angaben über Sie oder Ihre Leistungen erhält %(payee)s nicht.") % v,
            _("Bitte teilen Sie uns sofort mit, wenn sich die Miete oder die Abschläge ändern, "
              "wenn Sie umziehen oder wenn der Vertrag endet. Wenn Sie die Direktzahlung "
              "beantragt haben, können Sie uns jederzeit bitten, sie zu beenden."),
            _contact(jc),
        ]),
    ]
    if direct.basis != "antrag":
        sections.append(_section(_("Rechtsbehelfsbelehrung"),
                                 widerspruch_texts(jc, presumed_delivery, objection_deadline)))
    return _frame(jc, title=_("Direktzahlung an %(payee)s") % v,
                  addressee=person_address(person), case=case, letter_date=letter_date,
                  sections=sections, person=person)


def payee_notice(direct: Any, *, case: Case, person: Person, letter_date: dt.date
                 ) -> dict[str, Any]:
    """The letter to the landlord or supplier: only what the recipient needs to book the
    money (tenant's name, amount, first month, the transfer's reference) — never the
    benefit, the reason or other members of the household."""
    jc = case.jobcenter
    v = {"name": f"{person.first_name} {person.last_name}", "amount":
         euro(direct.monthly_amount), "start": month_de(direct.valid_from),
         "iban": masked_iban(direct.iban)}
    addressee = [direct.payee_name]
    if direct.payee_street:
        addressee.append(direct.payee_street)
    if direct.payee_postcode or direct.payee_city:
        addressee.append(f"{direct.payee_postcode} {direct.payee_city}".strip())
    what = (_("die Miete") if direct.kind == "miete" else _("die Abschläge für Heizung und "
                                                             "Energie"))
    sections = [
        _section("", [
            _("Sehr geehrte Damen und Herren,"),
            _("ab %(start)s überweisen wir für %(name)s %(what)s direkt an Sie: jeden Monat "
              "%(amount)s auf Ihr Konto %(iban)s, in der Regel zum Monatsanfang. Im "
              "Verwendungszweck steht „Leistungen SGB II“ mit dem Monat.")
            % {**v, "what": what},
            _("Bitte teilen Sie uns unter Angabe des Aktenzeichens mit, wenn sich der Betrag "
              "ändert, wenn der Vertrag endet oder wenn Sie ein anderes Konto wünschen."),
            _("Wir zahlen im Auftrag und für Rechnung von %(name)s. Endet die Direktzahlung, "
              "teilen wir Ihnen das mit.") % v,
        ]),
    ]
    return _frame(jc, title=_("Direktzahlung für %(name)s") % v, addressee=addressee,
                  case=case, letter_date=letter_date, sections=sections)


# --- Ende der Aufrechnung mit dem Ende des Leistungsbezugs ---------------------------------


def _claim_values(claim: Any, balance: Decimal, letter_date: dt.date) -> dict[str, str]:
    bescheid = claim.bescheid
    last = claim.offset_until
    return {
        "bescheid": date_de(bescheid.letter_date or (bescheid.approved_at and
                                                      berlin_date(bescheid.approved_at))),
        "amount": euro(claim.amount), "balance": euro(balance),
        "due": date_de(claim.due_date),
        "answer_by": date_de(letter_date + dt.timedelta(days=18)),
        "last": month_de(last) if last else "",
        "next": month_de((last + dt.timedelta(days=32)).replace(day=1)) if last else "",
    }


def _intro(claim: Any, v: dict[str, str]) -> str:
    if claim.basis == "5":
        return _("mit Bescheid vom %(bescheid)s haben wir Ihnen ein Darlehen über %(amount)s "
                 "gewährt. Bisher haben wir es jeden Monat in Höhe von 5 Prozent Ihres "
                 "Regelbedarfs mit Ihren Leistungen verrechnet (Aufrechnung nach § 42a "
                 "Abs. 2 SGB II).") % v
    return _("mit Bescheid vom %(bescheid)s haben wir von Ihnen %(amount)s "
             "zurückgefordert. Bisher haben wir jeden Monat einen Teil davon mit Ihren "
             "Leistungen verrechnet (Aufrechnung nach § 43 SGB II).") % v


def _loan_due_now(v: dict[str, str]) -> list[str]:
    """A loan's rest after the end of the Leistungsbezug: due at once (§ 42a Abs. 4 Satz 1
    SGB II), repaid by an agreement that considers the person's situation (Satz 2)."""
    return [
        _("Von dem Darlehen sind noch %(balance)s nicht zurückgezahlt. Weil Ihr "
          "Leistungsbezug endet, ist dieser Betrag jetzt sofort fällig (§ 42a Abs. 4 "
          "Satz 1 SGB II).") % v,
        _("Sie müssen ihn nicht auf einmal zahlen, wenn Ihnen das nicht möglich ist: Wir "
          "vereinbaren mit Ihnen, wie Sie das Darlehen zurückzahlen, und berücksichtigen "
          "dabei Ihre wirtschaftlichen Verhältnisse (§ 42a Abs. 4 Satz 2 SGB II). Bitte "
          "teilen Sie uns bis zum %(answer_by)s mit, welche monatlichen Raten Sie zahlen "
          "können, und nennen Sie uns Ihr Einkommen und Ihre regelmäßigen Ausgaben. "
          "Bitte überweisen Sie nichts, bevor wir Ihnen das Konto und den "
          "Verwendungszweck genannt haben.") % v,
    ]


def _still_owed(claim: Any, v: dict[str, str], letter_date: dt.date) -> list[str]:
    """An Erstattung's rest: owed and due as it was."""
    return [
        (_("Von der Forderung sind noch %(balance)s offen. Dieser Betrag ist weiter zu "
           "zahlen; er ist seit dem %(due)s fällig.") if claim.due_date <= letter_date
         else _("Von der Forderung sind noch %(balance)s offen. Dieser Betrag ist weiter "
                "zu zahlen; er ist am %(due)s fällig.")) % v,
        _("Bitte teilen Sie uns bis zum %(answer_by)s mit, wie Sie den Betrag zahlen "
          "möchten, zum Beispiel in monatlichen Raten. Bitte überweisen Sie nichts, "
          "bevor wir Ihnen das Konto und den Verwendungszweck genannt haben.") % v,
    ]


def _with_deferral(claim: Any, owed: list[str], letter_date: dt.date) -> list[str]:
    if claim.deferred_until is not None and claim.deferred_until >= letter_date:
        owed.insert(1, _("Wir haben Ihnen die Forderung bis zum %(until)s gestundet. Das gilt "
                         "weiter: Bis dahin müssen Sie nichts zahlen.") % {
                             "until": date_de(claim.deferred_until)})
    return owed


def _no_restart() -> str:
    return _("Wenn Sie später wieder Leistungen erhalten, verrechnen wir den Betrag nicht "
             "von selbst wieder mit Ihren Leistungen. Das dürfen wir nur, wenn wir es Ihnen "
             "vorher mit einem neuen Bescheid erklärt haben.")


def _not_a_bescheid(cause_reference: str) -> str:
    return _("Diese Mitteilung ist kein Bescheid. Sie erklärt Ihnen, was aus dem Bescheid "
             "Nr. %(cause)s für Ihre Forderung folgt; gegen jenen Bescheid können Sie "
             "Widerspruch einlegen, wie es in ihm steht.") % {"cause": cause_reference}


def _title(claim: Any) -> str:
    return (_("Ihr Darlehen: Ende der Aufrechnung und Rückzahlung") if claim.basis == "5"
            else _("Ihre Erstattungsforderung: Ende der Aufrechnung"))


def _notice(claim: Any, *, case: Case, letter_date: dt.date, intro: str, title: str,
            changes: list[str], owed: list[str], know: list[str]) -> dict[str, Any]:
    person, jc = claim.person, case.jobcenter
    sections = [
        _section("", [greeting(f"{person.first_name} {person.last_name}"), intro]),
        _section(_("Was sich ändert"), changes),
        _section(_("Was Sie noch zahlen müssen"), _with_deferral(claim, owed, letter_date)),
        _section(_("Was Sie wissen sollten"), [know[0], _contact(jc), *know[1:]]),
    ]
    return _frame(jc, title=title, addressee=person_address(person), case=case,
                  letter_date=letter_date, sections=sections, person=person)


def offset_end_notice(claim: Any, *, case: Case, balance: Decimal, first_month: dt.date,
                      cause_reference: str, letter_date: dt.date) -> dict[str, Any]:
    """The benefit ends from ``first_month`` (the Bescheid ``cause_reference``), so the
    claim's Aufrechnung ends: what is still owed, that it is due — for a loan at once by law
    (§ 42a Abs. 4 Satz 1 SGB II) with a repayment agreement that considers the person's
    economic situation (Satz 2); for an Erstattung as it was — how to ask for instalments,
    a Stundung or an Erlass, and that nothing is offset again by itself. The legal
    consequence follows from the law and the cause's Bescheid: a notice, not a Bescheid."""
    v = _claim_values(claim, balance, letter_date)
    resumed = (claim.offset_until + dt.timedelta(days=32)).replace(day=1) \
        if claim.offset_until else first_month
    v.update({"cause": cause_reference, "from": month_de(first_month),
              "next": month_de(max(resumed, first_month))})
    loan = claim.basis == "5"
    owed = _loan_due_now(v) if loan else _still_owed(claim, v, letter_date)
    return _notice(
        claim, case=case, letter_date=letter_date, intro=_intro(claim, v), title=_title(claim),
        changes=[
            _("Mit dem Bescheid Nr. %(cause)s erhalten Sie ab %(from)s keine Leistungen zur "
              "Sicherung des Lebensunterhalts mehr. Eine Aufrechnung ist nur mit laufenden "
              "Leistungen möglich. Deshalb behalten wir ab %(next)s nichts mehr von Ihren "
              "Leistungen ein.") % v,
        ],
        owed=[*owed, stundung_erlass_hint()],
        know=[_no_restart(), _not_a_bescheid(cause_reference)])


def offset_end_by_hand_notice(claim: Any, *, case: Case, balance: Decimal,
                              letter_date: dt.date) -> dict[str, Any]:
    """Staff ended the claim's Aufrechnung by hand (``claim.offset_until`` is the last month
    offset) on the day of the letter. Two causes, as the staff chose:

    * the Leistungsbezug ends without a Bescheid (``offset_end_bezug``; the
      Bewilligungszeitraum ran out): as the automatic notice — nothing to set off against,
      a loan's rest due at once (§ 42a Abs. 4 Satz 1 SGB II) with an agreement (Satz 2), an
      Erstattung owed as it was; the consequence follows from the law: no Bescheid;
    * another reason while the benefit goes on (the Aufrechnungserklärung cancelled in the
      Widerspruch …): the benefit is paid without the deduction from the next month; an
      Erstattung is owed as it was; a loan's rest is **not** due by § 42a Abs. 4 while
      benefits are received — it falls due when the Bezug ends, then with an agreement
      (Satz 2); a Mietkaution's rest also when the landlord repays it (Abs. 3 Satz 1).

    The staff's reason is a note for the file and does not appear."""
    v = _claim_values(claim, balance, letter_date)
    loan, bezug = claim.basis == "5", claim.offset_end_bezug
    v["decided"] = date_de(berlin_date(claim.offset_ended_at) if claim.offset_ended_at
                           else letter_date)
    began = claim.offset_until is not None and claim.offset_until >= claim.offset_from
    if began and bezug:
        ended = _("Deshalb haben wir am %(decided)s entschieden, die Aufrechnung mit "
                  "%(last)s zu beenden. Ab %(next)s behalten wir nichts mehr von Ihren "
                  "Leistungen ein.")
    elif began:
        ended = _("Wir haben am %(decided)s entschieden, die Aufrechnung mit %(last)s zu "
                  "beenden. Ab %(next)s behalten wir nichts mehr von Ihren Leistungen ein; "
                  "Sie erhalten Ihre Leistungen dann wieder ohne diesen Abzug.")
    elif bezug:
        ended = _("Deshalb haben wir am %(decided)s entschieden, die Aufrechnung zu beenden, "
                  "bevor sie begonnen hat. Wir behalten nichts von Ihren Leistungen ein.")
    else:
        ended = _("Wir haben am %(decided)s entschieden, die Aufrechnung zu beenden, bevor "
                  "sie begonnen hat. Wir behalten nichts von Ihren Leistungen ein.")
    ended = ended % v
    changes = ([_("Ihr Leistungsbezug endet. Eine Aufrechnung ist nur mit laufenden "
                  "Leistungen möglich."), ended] if bezug else [ended])
    if loan and bezug:
        owed = [*_loan_due_now(v), stundung_erlass_hint()]
    elif loan:
        owed = [
            _("Von dem Darlehen sind noch %(balance)s nicht zurückgezahlt. Solange Sie "
              "Leistungen zur Sicherung des Lebensunterhalts erhalten, ist dieser Betrag "
              "nicht fällig. Sofort fällig wird er, wenn Ihr Leistungsbezug endet (§ 42a "
              "Abs. 4 Satz 1 SGB II); dann vereinbaren wir mit Ihnen, wie Sie das Darlehen "
              "zurückzahlen, und berücksichtigen dabei Ihre wirtschaftlichen Verhältnisse "
              "(§ 42a Abs. 4 Satz 2 SGB II).") % v,
            _("Wenn Sie das Darlehen schon vorher ganz oder in Raten zurückzahlen möchten, "
              "sprechen Sie uns bitte an. Bitte überweisen Sie nichts, bevor wir Ihnen das "
              "Konto und den Verwendungszweck genannt haben."),
        ]
        if "22 Abs. 6" in " ".join(claim.rechtsgrundlage.split()):
            owed.insert(1, _("Zahlt Ihr Vermieter Ihnen die Mietkaution zurück, ist der noch "
                             "nicht zurückgezahlte Betrag sofort fällig (§ 42a Abs. 3 Satz 1 "
                             "SGB II)."))
    else:
        owed = [*_still_owed(claim, v, letter_date), stundung_erlass_hint()]
    know = [_no_restart() if bezug else _(
        "Wir verrechnen den Betrag nicht wieder mit Ihren Leistungen, ohne es Ihnen vorher "
        "mit einem neuen Bescheid erklärt zu haben.")]
    if bezug:
        know.append(_("Diese Mitteilung ist kein Bescheid. Sie erklärt Ihnen, was aus dem "
                      "Ende Ihres Leistungsbezugs für Ihre Forderung folgt."))
    return _notice(claim, case=case, letter_date=letter_date, intro=_intro(claim, v),
                   title=_title(claim), changes=changes, owed=owed, know=know)


def loan_due_notice(claim: Any, *, case: Case, balance: Decimal, first_month: dt.date,
                    cause_reference: str, letter_date: dt.date) -> dict[str, Any]:
    """A loan whose Aufrechnung staff had ended before for another reason (the benefit
    going on): now the Bescheid ``cause_reference`` ends the benefit from ``first_month``,
    so the rest is due at once (§ 42a Abs. 4 Satz 1 SGB II), with an agreement that
    considers the person's economic situation (Satz 2). A notice, not a Bescheid."""
    v = _claim_values(claim, balance, letter_date)
    v.update({"cause": cause_reference, "from": month_de(first_month),
              "decided": date_de(berlin_date(claim.offset_ended_at))})
    return _notice(
        claim, case=case, letter_date=letter_date,
        intro=_("mit Bescheid vom %(bescheid)s haben wir Ihnen ein Darlehen über %(amount)s "
                "gewährt. Die Aufrechnung mit Ihren Leistungen (§ 42a Abs. 2 SGB II) haben "
                "wir am %(decided)s beendet.") % v,
        title=_("Ihr Darlehen: Rückzahlung nach dem Ende des Leistungsbezugs"),
        changes=[_("Mit dem Bescheid Nr. %(cause)s erhalten Sie ab %(from)s keine Leistungen "
                   "zur Sicherung des Lebensunterhalts mehr. Damit endet Ihr "
                   "Leistungsbezug.") % v],
        owed=[*_loan_due_now(v), stundung_erlass_hint()],
        know=[_no_restart(), _not_a_bescheid(cause_reference)])
