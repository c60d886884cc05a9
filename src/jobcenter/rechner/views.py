"""The public Bürgergeld-Rechner: one page, anonymous, stores nothing.

The answers travel only in the POST body of the request that computes them. The view
writes no session key, creates no database row and logs no input; the response is marked
``no-store`` so that neither the browser nor a proxy keeps the personal figures. The form
is exempt from CSRF on purpose: it changes no state, and without a CSRF cookie a person who
blocks cookies (or whose cookie expired) never loses the answers to a 403 page.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import Any

from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.translation import get_language
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from jobcenter.core import form_body, memorable_date, sgb2_adapter
from jobcenter.core.access import public
from jobcenter.core.never_cache import never_cache
from jobcenter.core.page_skeleton import ProcessCache
from jobcenter.core.pagecache import cached_page
from jobcenter.rechner import page
from jobcenter.rechner.forms import CHILD_FIELDS, MAX_KINDER, RechnerForm, kinder_anzahl
from jobcenter.rechner.mapping import build_request
from jobcenter.rechner.presentation import present

_REMOVE = re.compile(r"^kind_entfernen_(\d{1,2})$")


def _answers(post: QueryDict) -> dict[str, Any]:
    """The posted answers as plain strings (for re-rendering, never stored); a date's three
    boxes (``<name>-tag``/``-monat``/``-jahr``) as one ``{part: text}`` under its name."""
    answers: dict[str, Any] = {}
    for key in post:
        if key in ("aktion", "kinder"):
            continue
        name, _sep, part = key.rpartition("-")
        if name and part in memorable_date.PARTS:
            answers.setdefault(name, {})[part] = post.get(key, "")[:10]
        else:
            answers[key] = post.get(key, "")
    return answers


def _without_child(answers: dict[str, Any], nummer: int, anzahl: int) -> dict[str, Any]:
    """Remove child ``nummer`` and move the following children up by one."""
    result = {k: v for k, v in answers.items() if not k.startswith("kind")}
    ziel = 1
    for n in range(1, anzahl + 1):
        if n == nummer:
            continue
        for name in CHILD_FIELDS:
            result[f"kind{ziel}_{name}"] = answers.get(f"kind{n}_{name}", "")
        ziel += 1
    return result


#: The Kindergeld as the page writes it, per language and amount (a statutory amount, the
#: same for a year or more; formatting it is a tenth of the page's context)
_KINDERGELD_TEXTS: dict[tuple[str, Decimal], str] = {}


def _kindergeld_text(form: RechnerForm, language: str | None) -> str:
    """The statutory Kindergeld of the chosen month (today's month when none is valid)."""
    valid = {value for value, _label in form.fields["monat"].choices}
    monat = form.data.get("monat") if form.is_bound else form.initial.get("monat")
    if monat not in valid:
        monat = form.fields["monat"].initial
    day = dt.date(int(monat[:4]), int(monat[5:7]), 1)
    amount = sgb2_adapter.kindergeld(day)
    # ``amount_text`` formats the amount's value in the page's language and nothing else
    key = (sgb2_adapter.page_language(language), amount)
    text = _KINDERGELD_TEXTS.get(key)
    if text is None:
        text = sgb2_adapter.amount_text(amount, key[0])
        if len(_KINDERGELD_TEXTS) < 64:
            _KINDERGELD_TEXTS[key] = text
    return text


@public
@csrf_exempt
@never_cache
@require_http_methods(["GET", "POST"])
@cached_page  # the form (GET); a calculation (POST) is never cached
def rechner(request: HttpRequest) -> HttpResponse:
    context: dict[str, Any] = {}
    language = get_language()  # the request's (LocaleMiddleware), asked once
    if request.method == "GET":
        form = RechnerForm()
    else:
        post = form_body.post(request)  # request.POST, parsed in one pass
        aktion = post.get("aktion", "berechnen")
        anzahl = kinder_anzahl(post.get("kinder"))
        removed = _REMOVE.match(aktion)
        if aktion == "kind_hinzufuegen":
            neu = min(MAX_KINDER, anzahl + 1)
            form = RechnerForm(initial=_answers(post), kinder=neu,
                               focus=f"kind{neu}_geburtsdatum")
            context["status"] = "kind_hinzugefuegt" if neu > anzahl else "kinder_maximum"
        elif removed and 1 <= int(removed[1]) <= anzahl:
            initial = _without_child(_answers(post), int(removed[1]), anzahl)
            form = RechnerForm(initial=initial, kinder=anzahl - 1)
            context["status"] = "kind_entfernt"
        else:
            form = RechnerForm(data=post, kinder=anzahl, language=language)
            if form.is_valid():
                context.update(_berechnen(form, language))
            return page.respond(request, form, _page_context(form, context, language),
                                language)
    return render(request, page.TEMPLATE, _page_context(form, context, language))


#: The page's two links (the application, an appointment) per URL configuration, script
#: prefix and language: ``reverse`` walks the URL configuration on every call.
_LINKS: ProcessCache[tuple[str, str]] = ProcessCache(16)


def _links(language: str | None) -> tuple[str, str]:
    key = (get_urlconf(), get_script_prefix(), language)
    links = _LINKS.get(key)
    if links is None:
        links = (reverse("portal:concerns") + "#neu", reverse("termine_citizen:book"))
        _LINKS.put(key, links)
    return links


def _page_context(form: RechnerForm, context: dict[str, Any],
                  language: str | None) -> dict[str, Any]:
    antrag_url, beratung_url = _links(language)
    return {
        **context,
        "form": form,
        "kindergeld": _kindergeld_text(form, language),
        "max_kinder": MAX_KINDER,
        "antrag_url": antrag_url,
        "beratung_url": beratung_url,
    }


def _berechnen(form: RechnerForm, language: str | None) -> dict[str, Any]:
    mapped = build_request(form.cleaned_data, form.anzahl_kinder)
    try:
        result = sgb2_adapter.calculate(mapped.data)
    except sgb2_adapter.CalculationInputError as exc:
        for problem in sgb2_adapter.place(exc.errors, mapped.fields):
            form.add_error(problem.field, problem.message)
        return {}
    except sgb2_adapter.CalculationFailed:  # logged by the adapter, without the answers
        return {"berechnung_fehlgeschlagen": True}
    return {"ergebnis": present(result, mapped.data, language)}
