"""Prefill providers, group prefill, and register adapters that need consent."""

from __future__ import annotations

import pytest

from jobcenter.formengine import prefill, services
from jobcenter.formengine.definition import parse

FORM = {
    "key": "prefill_test",
    "version": "1",
    "title": {"de": "T", "en": "T"},
    "pages": [
        {
            "key": "p",
            "title": {"de": "P", "en": "P"},
            "questions": [
                {
                    "id": "name",
                    "type": "text",
                    "label": {"de": "N", "en": "N"},
                    "prefill": "src.name",
                },
                {
                    "id": "geb",
                    "type": "date",
                    "label": {"de": "G", "en": "B"},
                    "prefill": "src.born",
                },
                {
                    "id": "betrag",
                    "type": "money",
                    "label": {"de": "B", "en": "A"},
                    "prefill": "src.amount",
                },
                {
                    "id": "bad",
                    "type": "single_choice",
                    "label": {"de": "X", "en": "X"},
                    "prefill": "src.choice",
                    "options": [{"key": "a", "label": {"de": "a", "en": "a"}}],
                },
                {
                    "id": "reg",
                    "type": "text",
                    "label": {"de": "R", "en": "R"},
                    "prefill": "melde.street",
                },
                {
                    "id": "leute",
                    "type": "group",
                    "label": {"de": "L", "en": "P"},
                    "prefill": "src.members",
                    "questions": [
                        {
                            "id": "vn",
                            "type": "text",
                            "label": {"de": "V", "en": "F"},
                            "prefill": "first_name",
                        }
                    ],
                },
            ],
        }
    ],
}


class Melde:
    name = "melde"
    purpose = "meldewesen"

    def __init__(self):
        self.calls = 0

    def fetch(self, user):
        self.calls += 1
        return {"street": "Registerweg 1"}


@pytest.fixture
def sources():
    import datetime as dt

    prefill.register_provider(
        "src",
        lambda user: {
            "name": "Alice",
            "born": dt.date(1990, 5, 1),
            "amount": 12.5,
            "choice": "zzz",
            "members": [{"first_name": "Bo"}, {"first_name": "Cy"}],
        },
    )
    adapter = Melde()
    prefill.register_adapter(adapter)
    yield adapter
    prefill.unregister_provider("src")
    prefill.unregister_adapter("melde")
    prefill.set_consent_check(None)


def test_values_are_normalised_into_the_answers_shape(sources, citizen):
    answers = services.prefill_answers(parse(FORM), citizen)
    assert answers["name"] == "Alice"
    assert answers["geb"] == "1990-05-01"
    assert answers["betrag"] == "12.50"
    assert "bad" not in answers  # not one of the options
    assert answers["leute"] == [{"vn": "Bo"}, {"vn": "Cy"}]


def test_register_adapter_runs_only_with_consent(sources, citizen):
    assert "reg" not in services.prefill_answers(parse(FORM), citizen)
    assert sources.calls == 0  # no consent check installed: never called
    prefill.set_consent_check(lambda user, purpose: False)
    assert "reg" not in services.prefill_answers(parse(FORM), citizen)
    assert sources.calls == 0
    prefill.set_consent_check(lambda user, purpose: purpose == "meldewesen")
    assert services.prefill_answers(parse(FORM), citizen)["reg"] == "Registerweg 1"
    assert sources.calls == 1


def test_a_failing_provider_never_blocks_the_form(citizen):
    def broken(user):
        raise RuntimeError("register down")

    prefill.register_provider("src", broken)
    try:
        assert services.prefill_answers(parse(FORM), citizen) == {}
    finally:
        prefill.unregister_provider("src")


def test_adapter_protocol_is_checked():
    with pytest.raises(TypeError):
        prefill.register_adapter(object())
