"""Staff screen "Papierantrag erfassen" (``/arbeitsbereich/papierantrag/``).

Step 1 chooses the person (search in the own Jobcenter, or a new person without an
online account), then the form, the date of receipt and the scan. Step 2 is the form
engine's own flow — the same pages, conditions and rules the citizen sees — without file
questions (the scan carries the documents), then the summary and "Erfassen", which
stores the submission once and leads to the new case in the eAkte.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from jobcenter.antraege import forms_meta, services
from jobcenter.antraege.models import PaperEntry
from jobcenter.backoffice.paper_forms import NewPersonForm, PaperStartForm
from jobcenter.backoffice.search import persons_searched
from jobcenter.casefiles.models import Case
from jobcenter.casefiles.selectors import CASE_IN_LIST
from jobcenter.core.access import CHANGE, Data, staff_required
from jobcenter.formengine import flow
from jobcenter.formengine.definition import FormDefinition
from jobcenter.formengine.models import Draft
from jobcenter.formengine.services import UploadRateLimited
from jobcenter.households.selectors import person_for_staff, similar_persons_for_staff
from jobcenter.households.services import ApplicantData, person_create_single
from jobcenter.transparency.models import AccessLogEntry
from jobcenter.transparency.reads import (
    Reading,
    Seen,
    staff_read_first,
    staff_read_many,
    staff_read_one,
)

PAPER = AccessLogEntry.Purpose.PAPER_ENTRY


class PaperFlow(flow.Flow):
    """The form engine's flow for one paper entry, under ``/arbeitsbereich/papierantrag/``."""

    page_template = "antraege/paper/page.html"
    summary_template = "antraege/paper/summary.html"
    ask_files = False
    own_data = False  # staff type a citizen's answers

    def __init__(self, entry: PaperEntry):
        self.entry = entry

    def page_url(self, draft: Draft, page_key: str, back_to_summary: bool = False) -> str:
        url = reverse("paper:page", args=[self.entry.public_id, page_key])
        return url + ("?return=summary" if back_to_summary else "")

    def summary_url(self, draft: Draft) -> str:
        return reverse("paper:summary", args=[self.entry.public_id])

    def before_first_url(self, draft: Draft, form: FormDefinition) -> str:
        return reverse("paper:entry", args=[self.entry.public_id]) + "?start=1"

    def reached(self, draft: Draft, page_key: str) -> None:
        return None  # staff entries are not part of the citizens' funnel

    def context(self, draft: Draft) -> dict:
        return {"entry": self.entry, "form_label": _form_title(self.entry)}

    def submitted(self, request: HttpRequest, draft: Draft) -> HttpResponse:
        return _to_case(request, self.entry)


def _form_title(entry: PaperEntry) -> str:
    return forms_meta.title(entry.draft.form_key, entry.received_on, entry.draft.form_version)


#: A paper entry in progress (its answers and person), and its scan.
PAPER_ENTRY = Reading(
    data=Data.LEISTUNGSAKTE, what=AccessLogEntry.What.PAPER_ENTRY,
    seen=lambda entry: [Seen(entry.person, entry, _form_title(entry))],
)
PAPER_SCAN = Reading(
    data=Data.DOKUMENTE, what=AccessLogEntry.What.DOCUMENT,
    seen=lambda entry: [Seen(entry.person, entry,
                             _("Scan des Papierantrags: %(form)s") % {"form": _form_title(entry)})],
)


def _entry(request: HttpRequest, entry_id, *, reading: Reading = PAPER_ENTRY,
           purpose: str = PAPER) -> PaperEntry:
    return staff_read_one(
        user=request.user,
        queryset=PaperEntry.objects.select_related("person", "draft", "scan", "submission"),
        reading=reading, purpose=purpose, public_id=entry_id,
    )


def _definition(entry: PaperEntry) -> FormDefinition:
    form = entry.draft.definition
    if form is None:
        raise Http404("form definition no longer available")
    return form


def _to_case(request: HttpRequest, entry: PaperEntry) -> HttpResponse:
    """The case of a stored entry; the eAkte files it right after commit (a background
    task), so until it exists a short page says so and offers to look again."""
    case = staff_read_first(
        user=request.user,
        queryset=Case.objects.select_related("applicant", "case_type").filter(
            submission_id=entry.submission_id),
        reading=CASE_IN_LIST, purpose=PAPER,
    )
    if case is None:
        return render(request, "antraege/paper/filed.html",
                      {"entry": entry, "submission": entry.submission})
    return redirect("casefiles:case", pk=case.pk)


# --- step 1: person, form, date of receipt, scan ---------------------------------------


@staff_required(Data.LEISTUNGSAKTE, CHANGE)
def start(request: HttpRequest) -> HttpResponse:
    form, results = persons_searched(request)
    open_entries = staff_read_many(
        user=request.user,
        queryset=PaperEntry.objects.filter(
            entered_by=request.user, submission__isnull=True, draft__status=Draft.Status.OPEN,
        ).select_related("person", "draft"),
        reading=PAPER_ENTRY, purpose=PAPER,
    )
    return render(
        request,
        "antraege/paper/start.html",
        {
            "form": form,
            "results": results,
            "open_entries": [(e, _form_title(e)) for e in open_entries],
        },
    )


@staff_required(Data.STAMMDATEN, CHANGE)
@require_http_methods(["GET", "POST"])
def person_new(request: HttpRequest) -> HttpResponse:
    form = NewPersonForm(request.POST or None, jobcenter_id=request.user.jobcenter_id)
    similar: list = []
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        # Known persons like this one (name, date of birth, address): shown first, so the
        # paper application goes to the known person; "trotzdem" creates a new one.
        similar = similar_persons_for_staff(request.user, ApplicantData(
            first_name=data["first_name"], last_name=data["last_name"],
            birth_date=data["birth_date"], street=data["street"], postcode=data["postcode"],
            city=data["city"]))
        if similar and request.POST.get("trotzdem") != "1":
            return render(request, "antraege/paper/person_new.html",
                          {"form": form, "similar": similar})
        person = person_create_single(
            actor=request.user,
            jobcenter=request.user.jobcenter,
            first_name=data["first_name"],
            last_name=data["last_name"],
            birth_date=data["birth_date"],
            street=data["street"],
            postcode=data["postcode"],
            city=data["city"],
            valid_from=timezone.localdate(),
        )
        messages.success(request, _("Die Person wurde angelegt."))
        return redirect("paper:person", pk=person.pk)
    return render(request, "antraege/paper/person_new.html", {"form": form})


@staff_required(Data.LEISTUNGSAKTE, CHANGE)
@require_http_methods(["GET", "POST"])
def person(request: HttpRequest, pk: int) -> HttpResponse:
    person = person_for_staff(request.user, pk, purpose=PAPER)
    form = PaperStartForm(request.POST or None, request.FILES or None)
    status = 200
    retry_after = None
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                entry = services.paper_entry_start(
                    entered_by=request.user,
                    person=person,
                    form_key=form.cleaned_data["form_key"],
                    received_on=form.cleaned_data["received_on"],
                    scan=form.cleaned_data["scan"],
                )
            except UploadRateLimited as exc:
                form.add_error("scan", exc.messages[0])
                status, retry_after = 429, exc.retry_after
            except services.SubmissionError as exc:
                form.add_error("scan", str(exc))
            else:
                return redirect("paper:entry", entry_id=entry.public_id)
    response = render(
        request, "antraege/paper/person.html", {"person": person, "form": form}, status=status
    )
    if retry_after:
        response["Retry-After"] = str(retry_after)
    return response


# --- step 2: the form engine's pages, summary, "Erfassen" -----------------------------


@staff_required(Data.LEISTUNGSAKTE, CHANGE)
def entry(request: HttpRequest, entry_id) -> HttpResponse:
    """Resume an entry where it was left (or show the case once it is stored)."""
    entry = _entry(request, entry_id)
    if entry.submission_id is not None:
        return _to_case(request, entry)
    if request.GET.get("start"):
        # "Zurück" on the first page: the data of step 1 cannot change any more (the scan
        # and the draft belong together); discard the entry to start again.
        return render(request, "antraege/paper/entry_start.html",
                      {"entry": entry, "form_label": _form_title(entry)})
    return redirect(flow.resume_url(PaperFlow(entry), entry.draft, _definition(entry)))


@staff_required(Data.LEISTUNGSAKTE, CHANGE)
@require_http_methods(["GET", "POST"])
def page(request: HttpRequest, entry_id, page_key: str) -> HttpResponse:
    entry = _entry(request, entry_id)
    paper = PaperFlow(entry)
    if entry.submission_id is not None or entry.draft.status != Draft.Status.OPEN:
        return paper.submitted(request, entry.draft)
    return flow.page_response(request, paper, entry.draft, _definition(entry), page_key)


@staff_required(Data.LEISTUNGSAKTE, CHANGE)
def summary(request: HttpRequest, entry_id) -> HttpResponse:
    entry = _entry(request, entry_id)
    paper = PaperFlow(entry)
    if entry.submission_id is not None:
        return paper.submitted(request, entry.draft)
    context = flow.summary_context(paper, entry.draft, _definition(entry))
    return render(request, paper.summary_template, context)


@staff_required(Data.LEISTUNGSAKTE, CHANGE)
@require_http_methods(["GET", "POST"])
def submit(request: HttpRequest, entry_id) -> HttpResponse:
    entry = _entry(request, entry_id)
    if request.method == "GET":
        if entry.submission_id is not None:
            return _to_case(request, entry)
        return redirect("paper:summary", entry_id=entry.public_id)
    already = entry.submission_id is not None
    try:
        submission = services.paper_entry_submit(entry=entry, user=request.user)
    except services.SubmissionError as exc:  # incl. PaperAnswersInvalid: the summary lists it
        messages.error(request, str(exc))
        return redirect("paper:summary", entry_id=entry.public_id)
    if not already:
        messages.success(
            request,
            _("Der Papierantrag wurde erfasst (Referenz %(reference)s). Eingangsdatum: %(day)s.")
            % {"reference": submission.reference,
               "day": submission.received_on.strftime("%d.%m.%Y")},
        )
    # Via the entry, which leads to the case once the eAkte has filed it.
    return redirect("paper:entry", entry_id=entry.public_id)


@staff_required(Data.LEISTUNGSAKTE, CHANGE)
@require_POST
def discard(request: HttpRequest, entry_id) -> HttpResponse:
    entry = _entry(request, entry_id)
    if entry.submission_id is not None:
        return _to_case(request, entry)
    services.paper_entry_discard(entry=entry)
    messages.success(request, _("Die Erfassung wurde verworfen; der Scan ist gelöscht."))
    return redirect("paper:start")


@staff_required(Data.DOKUMENTE)
def scan(request: HttpRequest, entry_id) -> HttpResponse:
    """The scan, to compare while typing (opens in the browser, sandboxed)."""
    entry = _entry(request, entry_id, reading=PAPER_SCAN,
                   purpose=AccessLogEntry.Purpose.DOCUMENT)
    try:
        handle = default_storage.open(entry.scan.storage_name, "rb")
    except (FileNotFoundError, OSError) as exc:
        raise Http404 from exc
    response = FileResponse(
        handle, content_type=entry.scan.content_type, as_attachment=False,
        filename=entry.scan.original_name,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, no-store"
    return response
