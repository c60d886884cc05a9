"""Every condition operator the engine supports, and the reference analysis."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from jobcenter.formengine import conditions as c

DATA = {
    "a": 5,
    "b": "x",
    "yes": True,
    "no": False,
    "money": "1234.56",
    "list": ["p", "q"],
    "kinder": [{"alter": 3}, {"alter": 15}],
    "addr": {"postcode": "11111"},
    "born": "1990-06-15",
    "empty": "",
}


@pytest.mark.parametrize(
    ("expression", "expected"),
    [
        ({"==": [{"var": "a"}, 5]}, True),
        ({"==": [{"var": "a"}, "5"]}, True),
        ({"===": [{"var": "a"}, "5"]}, False),
        ({"!=": [{"var": "b"}, "y"]}, True),
        ({"!==": [{"var": "a"}, 5]}, False),
        ({"<": [{"var": "a"}, 6]}, True),
        ({">": [{"var": "a"}, 6]}, False),
        ({"<=": [5, {"var": "a"}]}, True),
        ({">=": [4, {"var": "a"}]}, False),
        ({"<": [1, {"var": "a"}, 10]}, True),  # between
        ({"!": [{"var": "yes"}]}, False),
        ({"!!": [{"var": "empty"}]}, False),
        ({"and": [{"var": "yes"}, {"var": "no"}]}, False),
        ({"or": [{"var": "no"}, {"var": "yes"}]}, True),
        ({"if": [{"var": "no"}, "a", "b"]}, "b"),
        ({"?:": [True, 1, 2]}, 1),
        ({"in": ["p", {"var": "list"}]}, True),
        ({"in": ["ell", "hello"]}, True),
        ({"+": [1, 2]}, 3),
        ({"-": [5, 2]}, 3),
        ({"*": [2, 3]}, 6),
        ({"/": [6, 3]}, 2),
        ({"%": [7, 3]}, 1),
        ({"min": [3, 1]}, 1),
        ({"max": [3, 1]}, 3),
        ({"cat": ["a", "b"]}, "ab"),
        ({"substr": ["hallo", 1, 2]}, "al"),
        ({"merge": [[1], [2]]}, [1, 2]),
        ({"missing": ["a", "zzz"]}, ["zzz"]),
        ({"missing_some": [1, ["a", "zzz"]]}, []),
        ({"var": "addr.postcode"}, "11111"),
        ({"var": ["nope", "default"]}, "default"),
        ({"some": [{"var": "kinder"}, {"<": [{"var": "alter"}, 6]}]}, True),
        ({"all": [{"var": "kinder"}, {"<": [{"var": "alter"}, 6]}]}, False),
        ({"none": [{"var": "kinder"}, {">": [{"var": "alter"}, 18]}]}, True),
        ({"map": [{"var": "kinder"}, {"var": "alter"}]}, [3, 15]),
        ({"filter": [{"var": "kinder"}, {">": [{"var": "alter"}, 10]}]}, [{"alter": 15}]),
        (
            {
                "reduce": [
                    {"var": "kinder"},
                    {"+": [{"var": "current.alter"}, {"var": "accumulator"}]},
                    0,
                ]
            },
            18,
        ),
        ({"num": [{"var": "money"}]}, 1234.56),
        ({">": [{"num": {"var": "money"}}, 1000]}, True),
        ({"count": [{"var": "kinder"}]}, 2),
        ({"count": [{"var": "nothing"}]}, 0),
        ({"answered": [{"var": "empty"}]}, False),
        ({"answered": [{"var": "b"}]}, True),
        ({"age": ["1990-06-15", "2020-06-14"]}, 29),
        ({"age": ["1990-06-15", "2020-06-15"]}, 30),
        ({"age": ["kein datum"]}, None),
        ({"<": [{"var": "born"}, "2000-01-01"]}, True),
    ],
)
def test_operator(expression, expected):
    assert c.evaluate(expression, DATA) == expected


def test_today():
    assert c.evaluate({"today": []}, {}) == timezone.localdate().isoformat()
    born = (timezone.localdate() - dt.timedelta(days=366 * 20)).isoformat()
    assert c.evaluate({">=": [{"age": [born]}, 18]}, {}) is True


def test_errors_are_false_not_exceptions():
    assert c.is_true({"/": [1, 0]}, {}) is False
    assert c.is_true(None, {}) is True


def test_every_supported_operator_is_tested():
    import inspect

    source = inspect.getsource(inspect.getmodule(test_operator))
    untested = [op for op in c.SUPPORTED_OPERATORS if f'"{op}"' not in source]
    assert untested == ["log"] or untested == []


def test_references():
    expression = {
        "and": [
            {"==": [{"var": "a"}, 1]},
            {"missing": ["b", "c"]},
            {"some": [{"var": "kinder"}, {"<": [{"var": "alter"}, 6]}]},
            {"var": ["d.street", "x"]},
        ]
    }
    assert sorted(c.references(expression)) == ["a", "b", "c", "d.street", "kinder"]
    with pytest.raises(c.ExpressionError):
        list(c.references({"var": {"cat": ["a", "b"]}}))


def test_operators_lists_unknown():
    assert set(c.operators({"and": [{"foo": [1]}, {"var": "x"}]})) == {"and", "foo", "var"}


def test_literal_comparisons():
    pairs = set(
        c.literal_comparisons(
            {"or": [{"==": [{"var": "f"}, "ledig"]}, {"in": ["x", {"var": "mc"}]}]}
        )
    )
    assert pairs == {("f", "ledig"), ("mc", "x")}
