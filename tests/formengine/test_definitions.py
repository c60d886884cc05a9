"""Every form definition the registry finds is valid; the static checks catch mistakes."""

from __future__ import annotations

import copy
import json

import pytest
import yaml

from jobcenter.formengine import registry
from jobcenter.formengine.definition import DefinitionError, check, parse, schema
from tests.formengine.conftest import TEST_FORMS

BASE = yaml.safe_load((TEST_FORMS / "engine_test.yaml").read_text(encoding="utf-8"))


def problems_of(data) -> list[str]:
    from jobcenter.formengine import prefill

    form = parse(data)
    return check(
        form,
        validator_names=set(registry_validators()),
        prefill_providers=set(prefill.provider_names()),
    )


def registry_validators():
    from jobcenter.formengine import validators

    return validators.registry()


def test_schema_is_a_valid_json_schema():
    import jsonschema

    jsonschema.Draft202012Validator.check_schema(schema())
    assert json.loads(json.dumps(schema()))["title"]


def test_every_form_file_loads_without_problems():
    files = registry.form_files()
    assert any(f.name == "engine_test.yaml" for f in files)
    errors = registry.load_errors()
    assert errors == [], "\n".join(str(e) for e in errors)
    assert "engine_test" in registry.form_keys()
    for form in registry.all_forms():
        assert form.version and form.pages
        assert check(form, validator_names=set(registry_validators())) == []


def test_the_system_check_reports_broken_definitions(tmp_path):
    from jobcenter.formengine.checks import form_definitions_check

    assert form_definitions_check(None) == []
    (tmp_path / "broken.yaml").write_text("key: broken\nversion: '1'\n", encoding="utf-8")
    registry.register_form_dir(tmp_path)
    try:
        found = form_definitions_check(None)
        assert found and found[0].id == "formengine.E001"
        assert registry.get_form("broken") is None  # never served
    finally:
        registry.unregister_form_dir(tmp_path)


def test_the_engine_test_form_is_clean():
    assert problems_of(copy.deepcopy(BASE)) == []


def test_schema_errors_name_the_place():
    data = copy.deepcopy(BASE)
    data["pages"][0]["questions"][0]["label"] = {"de": "Nur Deutsch"}
    with pytest.raises(DefinitionError) as exc:
        parse(data)
    assert "pages/0/questions/0" in str(exc.value)


def test_unknown_question_type_is_rejected():
    data = copy.deepcopy(BASE)
    data["pages"][0]["questions"][0]["type"] = "slider"
    with pytest.raises(DefinitionError):
        parse(data)


def _with_condition(condition, page=1, question=0):
    data = copy.deepcopy(BASE)
    data["pages"][page]["questions"][question]["condition"] = condition
    return data


def test_unknown_reference_is_rejected():
    found = problems_of(_with_condition({"==": [{"var": "gibtsnicht"}, 1]}))
    assert any("unknown reference 'gibtsnicht'" in p for p in found)


def test_unknown_operator_is_rejected():
    found = problems_of(_with_condition({"eval": ["1+1"]}))
    assert any("unknown operator 'eval'" in p for p in found)


def test_computed_variable_names_are_rejected():
    found = problems_of(_with_condition({"var": {"cat": ["vor", "name"]}}))
    assert any("literal" in p for p in found)


def test_reference_to_a_later_question_is_unreachable():
    found = problems_of(_with_condition({"==": [{"var": "einkommen"}, "0.00"]}))
    assert any("unreachable" in p and "einkommen" in p for p in found)


def test_page_condition_on_its_own_page_is_unreachable():
    data = copy.deepcopy(BASE)
    data["pages"][1]["condition"] = {"answered": [{"var": "email"}]}
    found = problems_of(data)
    assert any("page kontakt: unreachable" in p for p in found)


def test_choice_compared_with_a_missing_option_can_never_be_true():
    data = copy.deepcopy(BASE)
    data["pages"][0]["questions"][3]["condition"] = {"==": [{"var": "familienstand"}, "verwitwet"]}
    found = problems_of(data)
    assert any("can never be true" in p for p in found)


def test_yes_no_compared_with_a_string_is_rejected():
    data = copy.deepcopy(BASE)
    data["pages"][2]["questions"][1]["condition"] = {"==": [{"var": "hat_kinder"}, "ja"]}
    assert any("true/false" in p for p in problems_of(data))


def test_self_reference_is_a_cycle():
    data = copy.deepcopy(BASE)
    data["pages"][0]["questions"][3]["condition"] = {"answered": [{"var": "partner_name"}]}
    found = problems_of(data)
    assert any("cyclic condition" in p and "partner_name" in p for p in found)


def test_indirect_cycle_is_detected():
    data = copy.deepcopy(BASE)
    questions = data["pages"][0]["questions"]
    questions[0]["condition"] = {"answered": [{"var": "geburtsdatum"}]}  # vorname <- geburtsdatum
    questions[1]["condition"] = {"answered": [{"var": "vorname"}]}  # geburtsdatum <- vorname
    found = problems_of(data)
    assert any("cyclic condition" in p for p in found)


def test_group_inner_reference_from_outside_is_rejected():
    data = copy.deepcopy(BASE)
    data["pages"][3]["questions"][0]["condition"] = {"answered": [{"var": "kind_vorname"}]}
    assert any("inside the repeating group" in p for p in problems_of(data))


def test_rule_problems():
    data = copy.deepcopy(BASE)
    data["rules"].append(
        {
            "id": "x",
            "expression": {"==": [{"var": "iban"}, "x"]},
            "message": {"de": "x", "en": "x"},
            "field": "vorname",
        }
    )
    data["rules"].append(
        {"id": "y", "expression": True, "message": {"de": "y", "en": "y"}, "field": "gibtsnicht"}
    )
    data["rules"].append(
        {"id": "x", "expression": True, "message": {"de": "z", "en": "z"}, "field": "kind_vorname"}
    )
    found = problems_of(data)
    assert any("rule x: refers to 'iban'" in p for p in found)
    assert any("rule y: unknown field" in p for p in found)
    assert any("duplicate rule id" in p for p in found)
    assert any("must be a question of the form" in p for p in found)


def test_unknown_validator_and_prefill_and_duplicates():
    data = copy.deepcopy(BASE)
    data["pages"][0]["questions"][0]["validators"] = ["gibtsnicht"]
    data["pages"][0]["questions"][1]["prefill"] = "nirgends.datum"
    data["pages"][1]["questions"][0]["id"] = "vorname"
    data["pages"][1]["key"] = "person"
    found = problems_of(data)
    assert any("unknown validator 'gibtsnicht'" in p for p in found)
    assert any("unknown prefill provider 'nirgends'" in p for p in found)
    assert any("duplicate question id" in p for p in found)
    assert any("duplicate page key" in p for p in found)


def test_versions_are_kept_and_the_highest_is_current(tmp_path):
    for version in ("2", "10"):
        data = copy.deepcopy(BASE)
        data["key"] = "versioned"
        data["version"] = version
        (tmp_path / f"v{version}.yaml").write_text(yaml.safe_dump(data), encoding="utf-8")
    registry.register_form_dir(tmp_path)
    try:
        assert registry.get_form("versioned").version == "10"
        assert registry.get_form("versioned", "2").version == "2"
    finally:
        registry.unregister_form_dir(tmp_path)


def test_condition_that_is_always_false_is_unreachable():
    data = copy.deepcopy(BASE)
    data["pages"][2]["condition"] = False
    data["pages"][0]["questions"][0]["condition"] = False
    found = problems_of(data)
    assert any("page kinder: unreachable" in p for p in found)
    assert any("question vorname: never asked" in p for p in found)


def test_choices_built_from_the_answers():
    """``options_from``: the options come from a registered source and the answers; an
    unknown source is a definition problem."""
    from jobcenter.formengine import options
    from jobcenter.formengine.definition import Option

    data = copy.deepcopy(BASE)
    question = {"id": "wer", "type": "single_choice", "options_from": "test_namen",
                "label": {"de": "Wer?", "en": "Who?"}}
    data["pages"][0]["questions"].append(question)
    form = parse(data)
    assert check(form, option_sources=set()) == [
        "question wer: unknown options source 'test_namen'"]
    assert "unknown options source" not in " ".join(check(form, option_sources={"test_namen"}))

    options.register_source("test_namen", lambda answers: [
        Option(key=n, label={"de": n, "en": n}) for n in answers.get("namen", [])])
    resolved = options.resolve(form, {"namen": ["Anna", "Ben"]})
    assert resolved.questions["wer"].option_keys() == ["Anna", "Ben"]
    assert form.questions["wer"].options == ()  # the definition itself is unchanged
    assert options.resolve(form, None).questions["wer"].options == ()
    bad = copy.deepcopy(data)
    bad["pages"][0]["questions"][-1]["options"] = [{"key": "x", "label": {"de": "x"}}]
    with pytest.raises(DefinitionError):
        parse(bad)  # options_from and options are mutually exclusive
