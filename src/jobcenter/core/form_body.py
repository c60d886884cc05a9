"""``request.POST`` of a urlencoded form, built in one pass (the calculator's POST).

Django builds a form body's ``QueryDict`` pair by pair through ``appendlist`` (a mutability
check, two text conversions and a ``setdefault`` per pair): for the 20–40 fields of the
Bürgergeld-Rechner about a twentieth of the whole POST (docs/performance.md, "The Rechner
POST, third round"). :func:`post` makes the same ``QueryDict`` — the same keys in the same
order, the same lists of values, immutable, UTF-8 — parsed as ``parse_qsl`` parses it with
Django's arguments, within Django's limits, and leaves it where Django would (``request._post``), so
``request.POST`` is that object from then on. Django's checks stay: the body is read through
``request.body`` (``DATA_UPLOAD_MAX_MEMORY_SIZE``), more than
``DATA_UPLOAD_MAX_NUMBER_FIELDS`` pairs raise ``TooManyFieldsSent`` (a 400 page), a body that
is not UTF-8 is read as ISO-8859-1 as Django reads it, a charset other than UTF-8 is refused
with ``BadRequest``. Anything else — another content type, a body already read as a stream,
a ``POST`` already parsed — is left to Django. ``tests/core/test_form_body.py`` compares both.
"""

from __future__ import annotations

from urllib.parse import unquote

from django.conf import settings
from django.core.exceptions import BadRequest, TooManyFieldsSent
from django.http import HttpRequest, QueryDict
from django.utils.datastructures import MultiValueDict

URLENCODED = "application/x-www-form-urlencoded"


def post(request: HttpRequest) -> QueryDict:
    """``request.POST``, for a urlencoded body parsed here (see the module)."""
    read_started = getattr(request, "_read_started", None)  # None: not a WSGI/ASGI request
    if (request.method != "POST" or request.content_type != URLENCODED
            or hasattr(request, "_post") or read_started is None
            or (read_started and not hasattr(request, "_body"))):
        return request.POST
    encoding = request.encoding
    if encoding is not None and encoding.lower() != "utf-8":
        raise BadRequest("HTTP requests with the 'application/x-www-form-urlencoded' "
                         "content type must be UTF-8 encoded.")
    body = request.body
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:  # as Django's QueryDict: some user agents misbehave
        text = body.decode("iso-8859-1")
    limit = settings.DATA_UPLOAD_MAX_NUMBER_FIELDS
    if limit is not None and limit < (1 + text.count("&") if text else 0):
        raise TooManyFieldsSent("The number of GET/POST parameters exceeded "
                                "settings.DATA_UPLOAD_MAX_NUMBER_FIELDS.")
    values: dict[str, list[str]] = {}
    # ``parse_qsl(text, keep_blank_values=True, encoding="utf-8")``, pair by pair as it
    # goes, without its calls for a name or value with nothing to decode: "+" is a space,
    # then ``unquote`` (UTF-8, errors replaced), which leaves a text without "%" as it is
    for pair in text.split("&") if text else ():
        if not pair:
            continue
        key, _equals, value = pair.partition("=")  # no "=": the value is blank
        if "+" in key:
            key = key.replace("+", " ")
        if "%" in key:
            key = unquote(key)
        if "+" in value:
            value = value.replace("+", " ")
        if "%" in value:
            value = unquote(value)
        if key in values:
            values[key].append(value)
        else:
            values[key] = [value]
    query = QueryDict(mutable=True, encoding="utf-8")
    dict.update(query, values)  # a MultiValueDict keeps each key's list as its dict value
    query._mutable = False
    request._post = query  # type: ignore[attr-defined]
    request._files = MultiValueDict()  # type: ignore[attr-defined]
    return query


__all__ = ["post"]
