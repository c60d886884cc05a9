"""``core.page_skeleton.split``: a skeleton only when the holes came out as expected."""

from __future__ import annotations

from jobcenter.core.page_skeleton import hole, split


def test_every_expected_hole_exactly_once_unless_partial():
    page = f"<p>{hole('a')} und {hole('b')}</p>"
    assert split(page, ["a", "b"]).fill({"a": "1", "b": "2"}) == "<p>1 und 2</p>"
    assert split(page, ["a"]) is None  # a hole nobody fills
    assert split(page, ["a", "b", "c"]) is None  # a value the page does not show
    assert split(page + hole("a"), ["a", "b"]) is None  # shown twice


def test_partial_allows_a_hole_missing_or_repeated_but_none_unknown():
    twice = f"{hole('a')}–{hole('a')}"
    assert split(twice, ["a", "b"], partial=True).fill({"a": "x", "b": "y"}) == "x–x"
    assert split(twice + hole("c"), ["a", "b"], partial=True) is None
    assert split(f"{hole('A')}", ["a"], partial=True) is None  # a hole changed on its way


def test_filled_as_bytes_is_the_filled_text_in_utf8():
    page = f"<p>Bürgergeld – {hole('a')} € {hole('b')}</p>{hole('a')}"
    skeleton = split(page, ["a", "b"], partial=True)
    for values in ({"a": "1.234,56 €", "b": "ü"}, {"a": "", "b": b"x\xc3\xa4"},
                   {"a": "<&>", "b": "😀"}):
        text = skeleton.fill({k: v.decode() if isinstance(v, bytes) else v
                              for k, v in values.items()})
        assert skeleton.fill_bytes(values) == text.encode()
        assert skeleton.fill_bytes(values) == text.encode()  # the encoded parts kept
