"""The composition root: every plug-in and event handler of the apps, connected in one place.

The intake of an application, step by step (docs/architecture.md, "The intake, step by step"):

1. The citizen fills the form on the portal's pages (``portal.views.formulare``, the form
   engine's ``flow``); prefill and answer-dependent choices come from the providers and
   sources connected below. The summary page shows the preview connected below
   (``antraege.preview`` → ``core.sgb2_adapter``).
2. "Absenden" calls the form's submit handler connected below, ``antraege.hooks.submit``
   → ``antraege.services.submission_create_from_draft``: in one transaction the
   ``Submission`` (idempotent per draft), its receipt and export, and the outbox message
   ``antraege.tasks.submission_received``. (Paper: ``backoffice.views.papierantrag`` →
   ``antraege.services.submission_create_paper``, the same message.)
3. After commit the outbox publishes the message; a worker runs
   ``antraege.tasks.submission_received`` → ``antraege.services.submission_hand_over``,
   which (submission row locked, one transaction) publishes ``submission.received`` — the
   handlers in ``SUBSCRIPTIONS`` run in their order — marks ``handed_over_at`` and records
   the citizen's notice (``notifications.notify``, sent by its own outbox task).
4. ``casefiles.handlers.on_submission_received``: the eAkte files exactly one case with the
   receipt, export and uploads as immutable documents.
5. ``decisions.handlers.on_submission_received``: for that case, the automation
   (``decisions.tasks.automation_for_case``) is handed to the outbox.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from django.apps import apps

from jobcenter.accounts import datastand as accounts_datastand
from jobcenter.accounts.sessions import session_timeout_info
from jobcenter.anliegen import bescheid_choice
from jobcenter.anliegen import fahrkosten as anliegen_fahrkosten
from jobcenter.anliegen import handlers as anliegen_handlers
from jobcenter.anliegen import katalog as anliegen_katalog
from jobcenter.anliegen import letters as anliegen_letters
from jobcenter.anliegen import registry as anliegen_registry
from jobcenter.antraege import datastand as antraege_datastand
from jobcenter.antraege import hooks, household_choice, preview
from jobcenter.antraege import prefill as antraege_prefill
from jobcenter.antraege.receipt import (
    ReceiptText,
    processing_standard_register,
    receipt_text_register,
)
from jobcenter.antraege.services import FORM_KEYS, form_register, paper_draft_subject
from jobcenter.auskunft import datastand as auskunft_datastand
from jobcenter.bedarfe import datastand as bedarfe_datastand
from jobcenter.bedarfe import forderung as bedarfe_forderung
from jobcenter.bedarfe import handlers as bedarfe_handlers
from jobcenter.bedarfe import katalog as bedarfe_katalog
from jobcenter.bedarfe import wohnen as bedarfe_wohnen
from jobcenter.casefiles import datastand as casefiles_datastand
from jobcenter.casefiles import handlers as casefiles_handlers
from jobcenter.casefiles import reminders as casefiles_reminders
from jobcenter.casefiles import selectors as casefiles_selectors
from jobcenter.casefiles.services import form_case_type_register
from jobcenter.core import datastand, events, pagecache, todo
from jobcenter.decisions import anhoerung as decisions_anhoerung
from jobcenter.decisions import datastand as decisions_datastand
from jobcenter.decisions import handlers as decisions_handlers
from jobcenter.decisions import kinds as decision_kinds
from jobcenter.decisions import reminders as decisions_reminders
from jobcenter.decisions import start_checks
from jobcenter.decisions import todo as decisions_todo
from jobcenter.decisions.services import recalculation
from jobcenter.formengine import datastand as formengine_datastand
from jobcenter.formengine import options, prefill, registry
from jobcenter.formengine import todo as formengine_todo
from jobcenter.households import datastand as households_datastand
from jobcenter.households.selectors import household_ids_for_user
from jobcenter.jobcenters import datastand as jobcenters_datastand
from jobcenter.minderungen import datastand as minderungen_datastand
from jobcenter.minderungen import letters as minderungen_letters
from jobcenter.minderungen import todos as minderungen_todos
from jobcenter.notifications import datastand as notifications_datastand
from jobcenter.outbox import bulk
from jobcenter.portal import todo as portal_todo
from jobcenter.postfach import datastand as postfach_datastand
from jobcenter.postfach import todo as postfach_todo
from jobcenter.rechtsbehelfe import datastand as rechtsbehelfe_datastand
from jobcenter.rechtsbehelfe import letters as rechtsbehelfe_letters
from jobcenter.rechtsbehelfe import todos as rechtsbehelfe_todos
from jobcenter.reminders import datastand as reminders_datastand
from jobcenter.reminders import services as reminders_services
from jobcenter.reminders import sources as reminder_sources
from jobcenter.termine import datastand as termine_datastand
from jobcenter.termine import reminders as termine_reminders
from jobcenter.termine import todo as termine_todo
from jobcenter.transparency import datastand as transparency_datastand
from jobcenter.zahlungen import datastand as zahlungen_datastand
from jobcenter.zahlungen import handlers as zahlungen_handlers
from jobcenter.zahlungen.services import runs as zahlungen_runs

#: Event → its handlers, called in this order by ``core.events.publish``.
SUBSCRIPTIONS: dict[str, Sequence[events.Handler]] = {
    "submission.received": (
        casefiles_handlers.on_submission_received,  # step 4: the eAkte files the case
        decisions_handlers.on_submission_received,  # step 5: needs the case of step 4
        # a reported Arbeitsunfähigkeit answers the Meldetermine in its period (termine)
        anliegen_handlers.on_submission_received,
    ),
    # an Erstattungsbescheid (decisions) becomes claims per person (zahlungen)
    "decisions.erstattung_festgesetzt": (zahlungen_handlers.on_erstattung_festgesetzt,),
    # a concern's Bescheid: its granted amount is paid once by the next daily run
    # (zahlungen); a granted loan (Darlehen, Mietkaution) also becomes a claim with
    # Aufrechnung (§ 42a SGB II)
    "decisions.kind_erlassen": (anliegen_handlers.on_kind_erlassen,
                                bedarfe_handlers.on_kind_erlassen),
    # an Aufhebung of the benefit (or an Änderung to 0 €) ends the standing orders that
    # depend on receiving it (§ 26 Zuschuss) and puts the others before the caseworker
    # (anliegen)
    # — and ends every Aufrechnung of the BG's claims: a loan's rest is due at once, the
    # person is told, the caseworker agrees the repayment (zahlungen)
    "decisions.leistung_aufgehoben": (anliegen_handlers.on_leistung_aufgehoben,
                                      zahlungen_handlers.on_leistung_aufgehoben),
    # the benefit granted again for months an earlier Bescheid ended it: a standing order
    # ended with it is put before the caseworker (anliegen)
    "decisions.leistung_bewilligt": (anliegen_handlers.on_leistung_bewilligt,),
    # a month of 0 € within a Bescheid's period that a paid month follows: a § 26 Zuschuss
    # is not paid for it (the runs pause it); the caseworker checks its Bescheid (anliegen)
    "decisions.leistung_ausgesetzt": (anliegen_handlers.on_leistung_ausgesetzt,),
}

#: The kinds of bulk run (``outbox.bulk``) and their handlers.
BULK_KINDS: dict[str, bulk.Kind] = {
    recalculation.BULK_KEY: recalculation.BULK_KIND,  # mass recalculation (decisions)
    zahlungen_runs.BULK_KEY: zahlungen_runs.BULK_KIND,  # payment runs (zahlungen)
    reminders_services.BULK_KEY: reminders_services.BULK_KIND,  # reminder planning
}

#: Forms of ``antraege`` whose summary page shows the ``sgb2`` preview.
PREVIEW_FORMS = ("hauptantrag", "weiterbewilligung", "veraenderung")


def connect() -> None:
    """Plug ``antraege`` into the form engine and connect the event handlers."""
    prefill.register_provider("profile", antraege_prefill.profile)
    prefill.register_provider("household", antraege_prefill.household)
    prefill.register_provider("last_submission", antraege_prefill.last_submission)
    options.register_source(household_choice.SOURCE, household_choice.household_options)
    # the Überprüfungsantrag's "which Bescheid?": the subject's own issued Bescheide; the
    # subject of a paper entry's draft is the person the paper is for
    options.register_source(bescheid_choice.SOURCE, bescheid_choice.bescheid_options,
                            subject=True)
    # the Fahrkosten concern's "which Meldetermin?": the subject's own past in-person
    # Meldetermine of the last six months (§ 59 SGB II with § 309 Abs. 4 SGB III)
    options.register_source(anliegen_fahrkosten.SOURCE, anliegen_fahrkosten.termin_options,
                            subject=True)
    # Stundung, Ratenzahlung oder Erlass: "which claim?" — the subject's own open claims
    # (zahlungen), never another person's
    options.register_source(bedarfe_forderung.SOURCE, bedarfe_forderung.claim_options,
                            subject=True)
    options.register_draft_subject(paper_draft_subject)
    for form_key in FORM_KEYS:
        registry.register_submit_handler(form_key, hooks.submit)
    for form_key in PREVIEW_FORMS:
        registry.register_preview(form_key, preview.preview_for_draft)
    # the Weiterbewilligung starts only with an active Bewilligung
    registry.register_start_check("weiterbewilligung", start_checks.weiterbewilligung)
    events.connect(SUBSCRIPTIONS)
    # the receipt's "in der Regel innerhalb von … Arbeitstagen, voraussichtlich bis zum …":
    # the processing standard of the case type the form is filed as (eAkte)
    processing_standard_register(casefiles_selectors.processing_standard)
    # the bulk runs (outbox.bulk): partitions any number of workers of the bulk queue share
    for key, bulk_kind in BULK_KINDS.items():
        bulk.register(key, bulk_kind)
    # "Das steht an": an Anhörung (§ 24 SGB X) waiting for the citizen's answer
    todo.register("anhoerung", decisions_anhoerung.todo_provider)
    # the Abhilfebescheid and the Widerspruchsbescheid: texts of rechtsbehelfe, issued by
    # decisions
    for kind in (*rechtsbehelfe_letters.KINDS, *minderungen_letters.KINDS,
                 *anliegen_letters.KINDS):
        decision_kinds.register(kind)
    # an online Widerspruch still to be confirmed in writing (§ 84 SGG)
    todo.register("rechtsbehelfe.widerspruch_schriftform", rechtsbehelfe_todos.schriftform)
    # an Anhörung before a Leistungsminderung that awaits the citizen's answer
    todo.register("minderungen.anhoerung", minderungen_todos.anhoerung)
    # the overview's to-do list: unread answers in the Postfach
    todo.register("postfach", postfach_todo.provider)
    connect_todo()
    connect_reminders()
    connect_anliegen()
    connect_datastand()


#: The catalogues of concerns, registered in this order (``anliegen`` first: it registers
#: the catalogue's groups and the links to the applications). A further app adds its
#: ``register_all`` here.
CONCERN_CATALOGUES: tuple[Callable[[], None], ...] = (anliegen_katalog.register_all,
                                                      bedarfe_katalog.register_all,
                                                      bedarfe_wohnen.register_all)


def connect_anliegen() -> None:
    """The concerns of the catalogue "Was möchten Sie erledigen?" (``anliegen.registry``):
    each concern's form is submitted, received and handed over like an application
    (``antraege``), filed as its case type (``casefiles``) and answered by a letter of
    ``anliegen.letters`` (issued by ``decisions``)."""
    for register_all in CONCERN_CATALOGUES:
        register_all()
    for concern in anliegen_registry.concerns():
        form_register(form_key=concern.key)
        registry.register_submit_handler(concern.key, hooks.submit)
        form_case_type_register(form_key=concern.key, case_type_key=concern.case_type)
        receipt_text_register(form_key=concern.key, text=_receipt_text(concern))
        if concern.preview is not None:
            registry.register_preview(concern.key, concern.preview)
        if concern.start_check is not None:
            registry.register_start_check(concern.key, concern.start_check)


def _receipt_text(concern: anliegen_registry.Anliegen) -> ReceiptText:
    texts = concern.receipt
    return ReceiptText(counts_title=lambda: str(texts.counts_title),
                       counts=lambda received: str(texts.counts) % {"received": received},
                       next_steps=lambda: [str(t) for t in texts.next_steps])


def connect_todo() -> None:
    """The overview's "Das steht an" (``core.todo``): each provider's items, most urgent
    first."""
    todo.register("document_requests", portal_todo.document_requests)
    todo.register("drafts", formengine_todo.drafts)
    todo.register("weiterbewilligung", decisions_todo.weiterbewilligung_due)
    # upcoming appointments and Meldetermine that await an answer
    todo.register("termine", termine_todo.provider)


def connect_reminders() -> None:
    """The sources of proactive reminders (``reminders.sources``); each Jobcenter's rules
    say how many days before, by which channel and with which text."""
    reminder_sources.register(
        decisions_reminders.SOURCE, label=decisions_reminders.LABEL,
        template="weiterbewilligung_reminder", find=decisions_reminders.bewilligung_ends,
        defaults=decisions_reminders.DEFAULTS, help_text=decisions_reminders.HELP)
    reminder_sources.register(
        casefiles_reminders.SOURCE, label=casefiles_reminders.LABEL,
        template="document_request_reminder",
        find=casefiles_reminders.document_request_deadlines,
        on_sent=casefiles_reminders.reminder_sent,
        defaults=casefiles_reminders.DEFAULTS, help_text=casefiles_reminders.HELP)
    # appointments and Meldetermine: the day before (termine.reminders)
    reminder_sources.register(
        termine_reminders.SOURCE, label=termine_reminders.LABEL,
        template="appointment_reminder", find=termine_reminders.appointments_between,
        defaults=termine_reminders.DEFAULTS, help_text=termine_reminders.HELP)


#: Each app's declaration of the rows the cached pages show (``core.datastand``).
DATASTAND_APPS: tuple[Callable[[], None], ...] = (
    accounts_datastand.declare,
    antraege_datastand.declare,
    auskunft_datastand.declare,
    bedarfe_datastand.declare,
    casefiles_datastand.declare,
    decisions_datastand.declare,
    formengine_datastand.declare,
    households_datastand.declare,
    jobcenters_datastand.declare,
    minderungen_datastand.declare,
    notifications_datastand.declare,
    postfach_datastand.declare,
    rechtsbehelfe_datastand.declare,
    reminders_datastand.declare,
    termine_datastand.declare,
    transparency_datastand.declare,
    zahlungen_datastand.declare,
)

#: Models of Django, allauth and the outbox (which sits below ``core`` and cannot declare
#: its own): none is shown on a cached page.
DATASTAND_NOT_SHOWN: dict[str, str] = {
    "admin.LogEntry": "the Django admin's history",
    "auth.Permission": "staff rights; no citizen page shows them",
    "auth.Group": "staff rights; no citizen page shows them",
    "contenttypes.ContentType": "Django's table of models",
    "sessions.Session": "the session's countdown is put into every page per request",
    "account.EmailAddress": "shown only on the profile and security pages, not cached",
    "account.EmailConfirmation": "a pending confirmation of an e-mail address",
    "mfa.Authenticator": "shown only on the security pages, not cached",
    "usersessions.UserSession": "shown only on the session list, not cached",
    "outbox.OutboxMessage": "background work",
    "outbox.BulkRun": "background work",
    "outbox.BulkPartition": "background work",
}


def connect_datastand() -> None:
    """The data generations of the page cache: every model declared (shown on cached pages
    with its scopes, or not shown with a reason), the Bedarfsgemeinschaften of a citizen
    (the ``household:`` scopes of their pages), and the signals."""
    for declare in DATASTAND_APPS:
        declare()
    for label, reason in DATASTAND_NOT_SHOWN.items():
        datastand.not_shown(apps.get_model(label), reason)
    datastand.register_user_households(household_ids_for_user)
    datastand.connect_signals()
    # the cached pages (core.pagecache) put the session's countdown in on every hit
    pagecache.register_session_timeout(session_timeout_info)
