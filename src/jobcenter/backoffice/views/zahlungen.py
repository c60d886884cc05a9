"""Staff views of ``zahlungen``: payment runs, a BG's payments, claims."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.db.models import Q
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from jobcenter.core.access import CHANGE, Data, get_scoped_or_404, may, scope, staff_required
from jobcenter.decisions import deadlines
from jobcenter.outbox.services import outbox_enqueue
from jobcenter.transparency.models import AccessLogEntry
from jobcenter.transparency.reads import staff_read_page
from jobcenter.zahlungen import forms, selectors, services
from jobcenter.zahlungen.models import (
    Aufrechnung,
    BankStatement,
    BankStatementEntry,
    Claim,
    ClaimEntry,
    DirectPayment,
    Letter,
    ManualPayment,
    PayerAccount,
    Payment,
    PaymentRun,
    PaymentStop,
    RunHold,
    StandingOrder,
)
from jobcenter.zahlungen.services import aufrechnung_verfahren, camt
from jobcenter.zahlungen.tasks import payment_run


@staff_required(Data.LEISTUNGSAKTE)
@require_http_methods(["GET"])
def runs(request: HttpRequest) -> HttpResponse:
    bg_number = request.GET.get("bg", "").strip()
    if bg_number:
        if bg_number.isdigit():
            return redirect("zahlungen:bg", pk=int(bg_number))
        messages.error(request, _("Bitte geben Sie die Nummer der Bedarfsgemeinschaft "
                                  "als Zahl ein."))
    return render(request, "zahlungen/runs.html", _runs_context(
        request, forms.RunStartForm(initial={"kind": PaymentRun.Kind.DAILY})))


def _runs_context(request: HttpRequest, form: Any) -> dict[str, Any]:
    return {
        "runs": selectors.runs_for_staff(request.user)[:50], "form": form,
        "can_start": may(request.user, Data.LEISTUNGSAKTE, CHANGE),
        "has_payer_account": PayerAccount.objects.filter(
            jobcenter_id=request.user.jobcenter_id).exists(),
        "can_set_account": may(request.user, Data.KONTEN, CHANGE),
    }


@staff_required(Data.LEISTUNGSAKTE, CHANGE)
@require_POST
def run_start(request: HttpRequest) -> HttpResponse:
    form = forms.RunStartForm(request.POST)
    if form.is_valid():
        kind, month = form.cleaned_data["kind"], form.cleaned_data["month"]
        if kind == PaymentRun.Kind.MONTHLY and not month:
            form.add_error("month", _("Bitte wählen Sie den Monat des Zahllaufs."))
        else:
            try:
                run = services.run_start(jobcenter=request.user.jobcenter, kind=kind,
                                         month=month or None, actor=request.user,
                                         again=True)
            except services.RunError as exc:
                form.add_error(None, str(exc))
            else:
                outbox_enqueue(task=payment_run, kwargs={"run_id": run.pk},
                               key=f"zahlungen.payment_run:{run.pk}")
                messages.success(request, _("Der Zahllauf ist gestartet."))
                return redirect("zahlungen:run", pk=run.pk)
    return render(request, "zahlungen/runs.html", _runs_context(request, form), status=400)


@staff_required(Data.LEISTUNGSAKTE)
@require_http_methods(["GET"])
def run_detail(request: HttpRequest, pk: int) -> HttpResponse:
    run = get_scoped_or_404(PaymentRun.objects.all(), request.user, pk=pk)
    holds = staff_read_page(
        user=request.user, queryset=RunHold.objects.filter(run=run).select_related(
            "bedarfsgemeinschaft"), reading=selectors.HOLDS,
        purpose=AccessLogEntry.Purpose.PAYMENTS, page=request.GET.get("seite"), per_page=50)
    return render(request, "zahlungen/run_detail.html", {"run": run, "holds": holds})


@staff_required(Data.LEISTUNGSAKTE)
@require_http_methods(["GET"])
def run_file(request: HttpRequest, pk: int) -> FileResponse:
    run = get_scoped_or_404(PaymentRun.objects.all(), request.user, pk=pk)
    if not run.file:
        raise Http404
    return FileResponse(run.file.open("rb"), as_attachment=True,
                        filename=f"pain001-{run.pk}.xml", content_type="application/xml")


def _standing(bg: Any) -> list[dict[str, Any]]:
    """The monthly amounts of concerns' Bescheide (§ 26, § 27 SGB II) with their paid
    months and the months a § 26 Zuschuss is not paid — paused (0 € for the BG) or held
    (no Bescheid for the month) —, newest first."""
    orders = list(StandingOrder.objects.filter(bedarfsgemeinschaft=bg).select_related(
        "decision", "person", "ended_by").order_by("-valid_from", "-pk")[:50])
    paid: dict[int, list[Any]] = {}
    for payment in Payment.objects.filter(standing_order__in=orders).order_by("month"):
        paid.setdefault(payment.standing_order_id or 0, []).append(payment)
    withheld = selectors.standing_orders_withheld(orders)
    return [{"order": o, "payments": paid.get(o.pk, []), "withheld": withheld.get(o.pk)}
            for o in orders]


def _bg_context(request: HttpRequest, bg: Any, **forms_: Any) -> dict[str, Any]:
    manuals = list(ManualPayment.objects.filter(
        bedarfsgemeinschaft=bg, decision__isnull=True, reissue_of__isnull=True).select_related(
        "requested_by", "decided_by")[:50])
    # the one-off amounts and Vorschüsse of concerns' Bescheide: ordered, then paid by the
    # daily run; a returned one is ordered again (four eyes)
    one_offs = list(ManualPayment.objects.filter(
        bedarfsgemeinschaft=bg, decision__isnull=False).select_related(
        "decision__case", "payment__run")[:50])
    reissues = list(ManualPayment.objects.filter(
        bedarfsgemeinschaft=bg, reissue_of__isnull=False).select_related(
        "reissue_of", "requested_by", "decided_by", "payment__run")[:50])
    payments = list(Payment.objects.filter(bedarfsgemeinschaft=bg).select_related(
        "run", "manual_payment__decision")[:200])
    advances: dict[Any, list[Payment]] = {}
    for p in payments:
        if p.kind == Payment.Kind.ADVANCE and p.status == Payment.Status.SENT:
            advances.setdefault(p.month, []).append(p)
    return {
        "bg": bg,
        "members": bg.current_memberships(),
        "payments": payments,
        "holds": RunHold.objects.filter(bedarfsgemeinschaft=bg).select_related("run")[:50],
        "stops": PaymentStop.objects.filter(bedarfsgemeinschaft=bg)[:20],
        "active_stop": services.active_stop(bg),
        "directs": DirectPayment.objects.filter(bedarfsgemeinschaft=bg),
        "letters": Letter.objects.filter(
            Q(stop__bedarfsgemeinschaft=bg) | Q(direct_payment__bedarfsgemeinschaft=bg))[:50],
        "manuals": manuals,
        "one_offs": one_offs,
        "reissues": reissues,
        "rows": [{"payment": p, "advances": advances.get(p.month, [])
                  if p.kind == Payment.Kind.REGULAR and p.recipient_key == "citizen" else []}
                 for p in payments],
        "reissue_form": forms_.get("reissue_form") or forms.ReissueForm(
            payments=_reissuable(bg)),
        "claims": [selectors.claim_view(c) for c in Claim.objects.filter(
            bedarfsgemeinschaft=bg).select_related("person")],
        "can_change": may(request.user, Data.LEISTUNGSAKTE, CHANGE),
        "stop_form": forms_.get("stop_form") or forms.StopForm(),
        "lift_form": forms_.get("lift_form") or forms.LiftForm(),
        "direct_form": forms_.get("direct_form") or forms.DirectPaymentForm(),
        "manual_form": forms_.get("manual_form") or forms.ManualPaymentForm(),
        "end_form": forms_.get("end_form") or forms.DirectEndForm(),
        "standing": _standing(bg),
        "standing_form": forms_.get("standing_form") or forms.StandingEndForm(prefix="standing"),
        "return_form": forms_.get("return_form") or forms.ReturnForm(payments=payments),
        "legal_basis": PaymentStop.LEGAL_BASIS,
    }


@staff_required(Data.LEISTUNGSAKTE)
@require_http_methods(["GET"])
def bg_payments(request: HttpRequest, pk: int) -> HttpResponse:
    bg = selectors.bg_for_staff(request.user, pk)
    return render(request, "zahlungen/bg.html", _bg_context(request, bg))


def _bg_action(request: HttpRequest, pk: int, form_name: str, form: Any, action: Any,
               done: str) -> HttpResponse:
    bg = selectors.bg_for_staff(request.user, pk)
    if form.is_valid():
        try:
            action(bg, form.cleaned_data)
        except services.PaymentActionError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, done)
            return redirect("zahlungen:bg", pk=bg.pk)
    return render(request, "zahlungen/bg.html", _bg_context(request, bg, **{form_name: form}),
                  status=400)


@staff_required(Data.LEISTUNGSAKTE, CHANGE)
@require_POST
def stop_create(request: HttpRequest, pk: int) -> HttpResponse:
    return _bg_action(
        request, pk, "stop_form", forms.StopForm(request.POST),
        lambda bg, d: services.stop_create(bg=bg, facts=d["facts"],
                                           partial_amount=d["partial_amount"],
                                           from_person=d["from_person"], actor=request.user),
        _("Die Zahlung ist vorläufig eingestellt."))


@staff_required(Data.LEISTUNGSAKTE, CHANGE)
@require_POST
def stop_lift(request: HttpRequest, pk: int) -> HttpResponse:
    def lift(bg: Any, data: dict[str, Any]) -> None:
        stop = services.active_stop(bg)
        if stop is None:
            raise services.PaymentActionError(_("Es gibt keine laufende Zahlungseinstellung."))
        services.stop_lift(stop=stop, reason=data["reason"], actor=request.user)

    return _bg_action(request, pk, "lift_form", forms.LiftForm(request.POST), lift,
                      _("Die Zahlungseinstellung ist aufgehoben; der nächste tägliche "
                        "Zahllauf zahlt die einbehaltenen Beträge nach."))


@staff_required(Data.LEISTUNGSAKTE, CHANGE)
@require_POST
def direct_create(request: HttpRequest, pk: int) -> HttpResponse:
    return _bg_action(
        request, pk, "direct_form", forms.DirectPaymentForm(request.POST),
        lambda bg, d: services.direct_payment_create(bg=bg, actor=request.user, **d),
        _("Die Direktzahlung ist eingerichtet."))


@staff_required(Data.LEISTUNGSAKTE, CHANGE)
@require_POST
def direct_end(request: HttpRequest, pk: int, direct_pk: int) -> HttpResponse:
    def end(bg: Any, data: dict[str, Any]) -> None:
        direct = get_scoped_or_404(DirectPayment.objects.filter(bedarfsgemeinschaft=bg),
                                   request.user, pk=direct_pk)
        services.direct_payment_end(direct=direct, last_month=data["last_month"],
                                    actor=request.user)

    return _bg_action(request, pk, "end_form", forms.DirectEndForm(request.POST), end,
                      _("Die Direktzahlung endet mit dem gewählten Monat."))


@staff_required(Data.LEISTUNGSAKTE, CHANGE)
@require_POST
def standing_end(request: HttpRequest, pk: int, order_pk: int) -> HttpResponse:
    def end(bg: Any, data: dict[str, Any]) -> None:
        order = get_scoped_or_404(StandingOrder.objects.filter(bedarfsgemeinschaft=bg),
                                  request.user, pk=order_pk)
        services.standing_order_end(order=order, last_month=data["last_month"],
                                    reason=data["reason"], actor=request.user)

    return _bg_action(request, pk, "standing_form",
                      forms.StandingEndForm(request.POST, prefix="standing"), end,
                      _("Die laufende Zahlung endet mit dem gewählten Monat."))


@staff_required(Data.LEISTUNGSAKTE, CHANGE)
@require_POST
def manual_create(request: HttpRequest, pk: int) -> HttpResponse:
    return _bg_action(
        request, pk, "manual_form", forms.ManualPaymentForm(request.POST),
        lambda bg, d: services.manual_request(bg=bg, actor=request.user, **d),
        _("Die manuelle Zahlung wartet auf die Freigabe durch eine andere Person."))


@staff_required(Data.LEISTUNGSAKTE, CHANGE)
@require_POST
def manual_decide(request: HttpRequest, pk: int, manual_pk: int) -> HttpResponse:
    bg = selectors.bg_for_staff(request.user, pk)
    manual = get_scoped_or_404(ManualPayment.objects.filter(bedarfsgemeinschaft=bg),
                               request.user, pk=manual_pk)
    try:
        services.manual_decide(manual=manual, approve=request.POST.get("decision") == "approve",
                               actor=request.user)
    except services.PaymentActionError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Ihre Entscheidung ist gespeichert."))
    return redirect("zahlungen:bg", pk=bg.pk)


@staff_required(Data.LEISTUNGSAKTE, CHANGE)
@require_POST
def payment_returned(request: HttpRequest, pk: int) -> HttpResponse:
    bg = selectors.bg_for_staff(request.user, pk)
    form = forms.ReturnForm(request.POST, payments=Payment.objects.filter(
        bedarfsgemeinschaft=bg, status=Payment.Status.SENT))
    if form.is_valid():
        data = form.cleaned_data
        payment = get_scoped_or_404(Payment.objects.filter(bedarfsgemeinschaft=bg),
                                    request.user, pk=data["payment"])
        services.payment_mark_returned(payment=payment, reason=data["reason"],
                                       returned_on=data["returned_on"], actor=request.user)
        messages.success(request, _("Die Rücküberweisung ist erfasst."))
        return redirect("zahlungen:bg", pk=bg.pk)
    return render(request, "zahlungen/bg.html", _bg_context(request, bg, return_form=form),
                  status=400)


def _reissuable(bg: Any) -> list[Payment]:
    """The BG's returned one-off payments not yet ordered again (or refused)."""
    return list(Payment.objects.filter(
        bedarfsgemeinschaft=bg, kind=Payment.Kind.ONE_OFF, status=Payment.Status.RETURNED)
        .exclude(reissues__status__in=(ManualPayment.Status.REQUESTED,
                                       ManualPayment.Status.APPROVED)))


@staff_required(Data.LEISTUNGSAKTE, CHANGE)
@require_POST
def payment_reissue(request: HttpRequest, pk: int) -> HttpResponse:
    bg = selectors.bg_for_staff(request.user, pk)
    form = forms.ReissueForm(request.POST, payments=_reissuable(bg))
    if form.is_valid():
        data = form.cleaned_data
        payment = get_scoped_or_404(Payment.objects.filter(bedarfsgemeinschaft=bg),
                                    request.user, pk=data["payment"])
        try:
            services.one_off_reissue(payment=payment, payee_name=data["payee_name"],
                                     iban=data["iban"], reason=data["reason"],
                                     actor=request.user)
        except services.PaymentActionError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Die Zahlung ist erneut angewiesen; sie geht hinaus, "
                                        "sobald eine andere Person sie freigegeben hat."))
            return redirect("zahlungen:bg", pk=bg.pk)
    return render(request, "zahlungen/bg.html", _bg_context(request, bg, reissue_form=form),
                  status=400)


CLAIM_ACTIONS = {
    "raten": forms.InstalmentForm,
    "aufrechnung": forms.OffsetForm,
    "stundung": forms.DeferForm,
    "niederschlagung": forms.WriteOffForm,
    "zahlungseingang": forms.ReceiptForm,
    "aufrechnung_ende": forms.OffsetEndForm,
}


PROCEDURE_FORMS = {
    "anhoerung": forms.HearingForm,
    "aeusserung": forms.AnswerForm,
    "verwerfen": forms.DropForm,
}


def _procedure(claim: Claim) -> Aufrechnung | None:
    """The claim's Aufrechnung procedure: the open one, else the latest."""
    return (Aufrechnung.objects.filter(claim=claim).select_related(
        "prepared_by", "decided_by", "approved_by").order_by("-prepared_at", "-pk").first())


def _claim_context(request: HttpRequest, claim: Claim, bound: dict[str, Any] | None = None
                   ) -> dict[str, Any]:
    bound = bound or {}
    procedure = _procedure(claim)
    earliest = deadlines.presumed_delivery(timezone.localdate()) + dt.timedelta(
        days=aufrechnung_verfahren.HEARING_DAYS)
    first_month = aufrechnung_verfahren.earliest_start(claim.jobcenter_id)
    view = selectors.claim_view(claim)
    initial = {"aufrechnung": {"start": f"{first_month:%Y-%m}"},
               "aufrechnung_ende": {"last_month": f"{_last_offset_month(view):%Y-%m}"}}
    return {
        "procedure": procedure,
        "procedure_letters": (procedure.letters.select_related("document_version")
                              if procedure else []),
        "claim_letters": list(claim.letters.select_related("document_version")),
        "procedure_forms": {
            "anhoerung": bound.get("anhoerung") or forms.HearingForm(
                initial={"deadline": earliest}, auto_id=_claim_form_ids("anhoerung")),
            "aeusserung": bound.get("aeusserung") or forms.AnswerForm(
                auto_id=_claim_form_ids("aeusserung")),
            "verwerfen": bound.get("verwerfen") or forms.DropForm(
                auto_id=_claim_form_ids("verwerfen")),
        },
        "may_approve_offset": (procedure is not None
                               and procedure.status == Aufrechnung.Status.APPROVAL
                               and request.user.pk not in {procedure.decided_by_id,
                                                           procedure.prepared_by_id}),
        "offset_first_month": first_month,
        "view": view,
        "claim": claim,
        "can_change": may(request.user, Data.LEISTUNGSAKTE, CHANGE),
        "may_approve": (claim.write_off_requested_by_id is not None
                        and claim.status == Claim.Status.OPEN
                        and claim.write_off_requested_by_id != request.user.pk),
        "loan": claim.basis == Claim.Basis.FIVE,
        # a Mietkaution's loan falls due when the landlord repays it (§ 42a Abs. 3 Satz 1)
        "deposit": (claim.basis == Claim.Basis.FIVE
                    and "22 Abs. 6" in " ".join(claim.rechtsgrundlage.split())),
        "forms": {name: bound.get(name) or form(initial=initial.get(name),
                                                auto_id=_claim_form_ids(name))
                  for name, form in CLAIM_ACTIONS.items()
                  if (name != "aufrechnung" or _procedure_allows_new(procedure, claim))
                  and (name != "aufrechnung_ende" or _offset_running(claim))},
    }


def _claim_form_ids(name: str) -> str:
    """The page holds several of these forms at once, and several have a field of the same
    name (``reason``, ``start``, ``amount``): each form's ids carry its action, so that every
    id on the page is unique and each label and error link reaches its own field. The field
    names (what is posted) stay as they are."""
    return f"id_{name}_%s"


def _offset_running(claim: Claim) -> bool:
    return claim.offset_from is not None and claim.offset_ended_at is None


def _last_offset_month(view: selectors.ClaimView) -> dt.date:
    """What the end form proposes as the last month: the latest month already offset, else
    the month before the current one."""
    booked = [e.month for e in view.entries if e.kind == ClaimEntry.Kind.OFFSET and e.month]
    return max(booked, default=deadlines.add_months(
        deadlines.first_of_month(timezone.localdate()), -1))


def _procedure_allows_new(procedure: Aufrechnung | None, claim: Claim) -> bool:
    """Whether the page offers to prepare an Aufrechnung under § 43 SGB II: only for an
    Erstattungsforderung without a declared one or an open procedure. A loan (§ 42a SGB II)
    never: its Bescheid declares the Aufrechnung (5 %, § 42a Abs. 2), and after the benefits
    end the rest is due and agreed in instalments (Abs. 4) — the page says so instead."""
    if claim.basis == Claim.Basis.FIVE:
        return False
    return claim.offset_from is None and (procedure is None
                                          or procedure.status not in Aufrechnung.OPEN)


@staff_required(Data.LEISTUNGSAKTE)
@require_http_methods(["GET"])
def claim_detail(request: HttpRequest, pk: int) -> HttpResponse:
    claim = selectors.claim_for_staff(request.user, pk)
    return render(request, "zahlungen/claim.html", _claim_context(request, claim))


@staff_required(Data.LEISTUNGSAKTE, CHANGE)
@require_POST
def claim_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    claim = selectors.claim_for_staff(request.user, pk)
    if action == "freigabe":
        try:
            services.claim_approve_write_off(claim=claim, actor=request.user)
        except services.ClaimError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("Die Forderung ist niedergeschlagen."))
        return redirect("zahlungen:claim", pk=claim.pk)
    if action not in CLAIM_ACTIONS:
        raise Http404
    form = CLAIM_ACTIONS[action](request.POST, auto_id=_claim_form_ids(action))
    if form.is_valid():
        d = form.cleaned_data
        calls = {
            "raten": lambda: services.claim_set_instalments(
                claim=claim, amount=d["amount"], start=d["start"], actor=request.user),
            "aufrechnung": lambda: services.aufrechnung_prepare(
                claim=claim, start=d["start"], months=d["months"], reasons=d["reasons"],
                actor=request.user),
            "stundung": lambda: services.claim_defer(
                claim=claim, until=d["until"], reason=d["reason"], actor=request.user),
            "niederschlagung": lambda: services.claim_request_write_off(
                claim=claim, reason=d["reason"], actor=request.user),
            "zahlungseingang": lambda: services.claim_record_receipt(
                claim=claim, amount=d["amount"], booked_on=d["booked_on"],
                actor=request.user),
            "aufrechnung_ende": lambda: services.claim_offset_end(
                claim=claim, last_month=d["last_month"], reason=d["reason"],
                bezug=d["cause"] == forms.OffsetEndForm.BEZUG, actor=request.user),
        }
        try:
            calls[action]()
        except services.ClaimError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Die Aufrechnung ist beendet. Die Person erhält "
                                        "eine Mitteilung darüber.")
                             if action == "aufrechnung_ende" else _("Gespeichert."))
            return redirect("zahlungen:claim", pk=claim.pk)
    context = _claim_context(request, claim, {action: form})
    if action not in context["forms"]:  # not offered for this claim (§ 43 for a loan)
        for error in form.non_field_errors() or [_("Diese Aktion ist für diese Forderung "
                                                   "nicht möglich.")]:
            messages.error(request, error)
    return render(request, "zahlungen/claim.html", context, status=400)


@staff_required(Data.LEISTUNGSAKTE, CHANGE)
@require_POST
def aufrechnung_action(request: HttpRequest, pk: int, a_pk: int, action: str) -> HttpResponse:
    """The steps of the Aufrechnung procedure: Anhörung, answer, decision, approval (four
    eyes), dropping it."""
    claim = selectors.claim_for_staff(request.user, pk)
    procedure = get_scoped_or_404(Aufrechnung.objects.filter(claim=claim), request.user,
                                  pk=a_pk)
    if action in {"entscheiden", "freigabe"}:
        call = (services.aufrechnung_decide if action == "entscheiden"
                else services.aufrechnung_approve)
        try:
            result = call(aufrechnung=procedure, actor=request.user)
        except services.ClaimError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("Die Aufrechnung ist erklärt; der Bescheid wird "
                                        "zugestellt.") if result.status == "erlassen" else
                             _("Die Aufrechnung wartet auf die Freigabe durch eine zweite "
                               "Person."))
        return redirect("zahlungen:claim", pk=claim.pk)
    if action not in PROCEDURE_FORMS:
        raise Http404
    form = PROCEDURE_FORMS[action](request.POST, auto_id=_claim_form_ids(action))
    if form.is_valid():
        d = form.cleaned_data
        try:
            if action == "anhoerung":
                services.aufrechnung_hearing(aufrechnung=procedure, deadline=d["deadline"],
                                             actor=request.user)
            elif action == "aeusserung":
                services.aufrechnung_record_answer(aufrechnung=procedure, answer=d["answer"],
                                                   assessment=d["assessment"],
                                                   actor=request.user)
            else:
                services.aufrechnung_drop(aufrechnung=procedure, reason=d["reason"],
                                          actor=request.user)
        except (services.ClaimError, services.PaymentActionError) as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Gespeichert."))
            return redirect("zahlungen:claim", pk=claim.pk)
    return render(request, "zahlungen/claim.html",
                  _claim_context(request, claim, {action: form}), status=400)


@staff_required(Data.LEISTUNGSAKTE)
@require_http_methods(["GET", "POST"])
def print_list(request: HttpRequest) -> HttpResponse:
    """Letters to print and post (the citizen did not choose online delivery, and every
    letter to a landlord or supplier); staff confirm the day they went to the post."""
    form = forms.PostedForm(request.POST if request.method == "POST" else None,
                            initial={"posted_on": timezone.localdate()})
    if request.method == "POST":
        if not may(request.user, Data.LEISTUNGSAKTE, CHANGE):
            raise Http404
        ids = [int(i) for i in request.POST.getlist("letter") if i.isdigit()]
        valid = form.is_valid()
        if not ids:
            form.add_error(None, _("Bitte wählen Sie die Schreiben aus, die zur Post "
                                   "gegangen sind."))
        elif valid:
            chosen = scope(Letter.objects.filter(pk__in=ids), request.user)
            try:
                count = services.letters_mark_posted(letters=chosen, actor=request.user,
                                                     posted_on=form.cleaned_data["posted_on"])
            except services.LetterError as exc:
                form.add_error("posted_on", str(exc))
            else:
                messages.success(request, ngettext(
                    "%(count)d Schreiben ist als versandt vermerkt.",
                    "%(count)d Schreiben sind als versandt vermerkt.", count)
                    % {"count": count})
                return redirect("zahlungen:print_list")
    page = selectors.letters_to_print(request.user, request.GET.get("seite"))
    return render(request, "zahlungen/print_list.html", {
        "page": page, "form": form, "can_change": may(request.user, Data.LEISTUNGSAKTE, CHANGE),
    }, status=400 if form.errors else 200)


@staff_required(Data.LEISTUNGSAKTE)
@require_http_methods(["GET", "POST"])
def statements(request: HttpRequest) -> HttpResponse:
    """Import of camt.054/camt.053 statements: returns and repayments are matched and booked,
    the rest is listed for staff."""
    form = forms.StatementUploadForm(request.POST if request.method == "POST" else None,
                                     request.FILES if request.method == "POST" else None)
    if request.method == "POST":
        if not may(request.user, Data.LEISTUNGSAKTE, CHANGE):
            raise Http404
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                if upload.size > camt.MAX_BYTES:
                    raise camt.StatementError(_("Die Datei ist größer als 20 MB."))
                statement, created = camt.statement_import(
                    jobcenter=request.user.jobcenter, content=upload.read(),
                    filename=upload.name or "", actor=request.user)
            except camt.StatementError as exc:
                form.add_error("file", str(exc))
            else:
                if created:
                    messages.success(request, _(
                        "Der Kontoauszug ist eingelesen: %(count)d Buchungen, davon "
                        "%(matched)d zugeordnet und gebucht.")
                        % {"count": statement.entries_count,
                           "matched": statement.matched_count})
                else:
                    messages.info(request, _("Dieser Kontoauszug wurde schon am %(date)s "
                                             "eingelesen; es wurde nichts doppelt gebucht.")
                                  % {"date": formats.date_format(
                                      timezone.localtime(statement.imported_at),
                                      "SHORT_DATE_FORMAT")})
                return redirect("zahlungen:statements")
    open_entries = selectors.statement_entries(
        request.user, request.GET.get("seite"), status=BankStatementEntry.Status.OPEN)
    return render(request, "zahlungen/statements.html", {
        "form": form, "open_entries": open_entries,
        "statements": scope(BankStatement.objects.all(), request.user)[:20],
        "can_change": may(request.user, Data.LEISTUNGSAKTE, CHANGE),
    }, status=400 if form.errors else 200)
