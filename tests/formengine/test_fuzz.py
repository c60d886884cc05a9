"""Hypothesis feeds random answers, page by page, to EVERY form the registry finds.

Whatever arrives — random strings, weird unicode, huge values, missing fields, unknown
actions, stale versions — the server answers below 500. New form files are covered
automatically (the test is parametrised with ``registry.form_keys()``).
"""

from __future__ import annotations

import pytest
from django.template.defaultfilters import linebreaksbr
from django.urls import reverse
from django.utils.html import escape
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jobcenter.formengine import display, registry, selectors, services
from tests.conftest import login
from tests.formengine.conftest import TEST_FORMS


def _form_keys() -> list[str]:
    registry.register_form_dir(TEST_FORMS)
    try:
        return registry.form_keys()
    finally:
        registry.unregister_form_dir(TEST_FORMS)


WEIRD = st.sampled_from(
    [
        "",
        " ",
        "\x00",
        "\u202e\u0635\u0644",
        "𝔘𝔫𝔦𝔠𝔬𝔡𝔢",
        "ä" * 6000,
        "9" * 400,
        "-1",
        "1e308",
        "NaN",
        "0,001",
        "1.234,56",
        "31.02.2024",
        "2024-02-30",
        "0000-00-00",
        "9999-12-31",
        "DE02120300000000202051",
        "<script>alert(1)</script>",
        "ja",
        "nein",
        "true",
        "null",
        '{"a": 1}',
        "\ud800".encode("utf-8", "surrogatepass").decode("utf-8", "replace"),
    ]
)
VALUE = st.one_of(
    st.text(max_size=60),
    WEIRD,
    st.integers(-(10**30), 10**30).map(str),
    st.dates().map(lambda d: d.isoformat()),
    st.dates().map(lambda d: d.strftime("%d.%m.%Y")),
)


def _names(form, page, option_keys: bool = True):
    """(input name, candidate values) of every input a page can have."""
    out = []
    for q in page.questions:
        qs = [(q, q.id)]
        if q.is_group:
            out.append((f"{q.id}-count", st.one_of(st.integers(-3, 60).map(str), VALUE)))
            qs = [(inner, f"{q.id}-{i}-{inner.id}") for i in range(3) for inner in q.questions]
        for question, name in qs:
            if question.type == "address":
                for part in ("street", "postcode", "city"):
                    out.append((f"{name}-{part}", VALUE))
                continue
            if question.options:
                out.append((name, st.one_of(st.sampled_from(question.option_keys()), VALUE)))
            elif question.type == "yes_no":
                out.append((name, st.one_of(st.sampled_from(["ja", "nein"]), VALUE)))
            else:
                out.append((name, VALUE))
            out.append((f"{name}-present", st.just("1")))
    return out


@pytest.mark.django_db
@pytest.mark.parametrize("form_key", _form_keys())
@settings(
    max_examples=8,
    deadline=None,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
    ],
)
@given(data=st.data())
def test_random_answers_never_cause_a_server_error(client, citizen, form_key, data):
    login(client, citizen)
    form = registry.get_form(form_key)
    draft = services.draft_start(user=citizen, form=form)
    for page in form.pages:
        payload = {}
        for name, strategy in _names(form, page):
            if data.draw(st.booleans(), label=f"send {name}"):
                payload[name] = data.draw(strategy, label=name)
        groups = [q.id for q in page.questions if q.is_group] or ["x"]
        payload["_action"] = data.draw(
            st.sampled_from(
                [
                    "next",
                    "next",
                    "next",
                    "back",
                    f"add:{groups[0]}",
                    f"remove:{groups[0]}:0",
                    f"remove:{groups[0]}:99",
                    "upload:x",
                    "remove_upload:abc",
                    "??",
                ]
            ),
            label="action",
        )
        draft.refresh_from_db()
        payload["_version"] = data.draw(
            st.one_of(st.just(str(draft.version)), VALUE), label="version"
        )
        if data.draw(st.booleans(), label="return"):
            payload["_return"] = "summary"
        url = reverse("formengine:page", args=[draft.public_id, page.key])
        response = client.post(url, payload)
        assert response.status_code < 500, (page.key, payload)
        assert client.get(url).status_code < 500
    summary = client.get(reverse("formengine:summary", args=[draft.public_id]))
    assert summary.status_code < 500
    if summary.status_code == 200:
        _assert_summary_is_the_display(summary.content.decode(), draft)
    response = client.post(
        reverse("formengine:submit", args=[draft.public_id]), {"declaration": "1"}
    )
    assert response.status_code < 500


def _assert_summary_is_the_display(html: str, draft) -> None:
    """Whatever the answers, "Angaben prüfen" shows the texts of the one answer display
    (``formengine.display``) that the receipt and the eAkte print, row by row, in order."""
    draft.refresh_from_db()
    names = {pk: u.original_name for pk, u in selectors.uploads_for(draft).items()}
    position = 0
    for section in display.answer_sections(draft.definition, draft.answers, file_names=names):
        for row in section.rows:
            assert row.value, row
            shown = f"{escape(row.label)}</dt>"
            position = html.find(shown, position)
            assert position >= 0, ("label missing or out of order", row)
            position = html.find(linebreaksbr(row.value, autoescape=True), position)
            assert position >= 0, ("value missing", row)


def test_every_registered_form_is_fuzzed():
    keys = _form_keys()
    assert "engine_test" in keys
    assert set(keys) == {f.key for f in registry.all_forms()} | {"engine_test"}
