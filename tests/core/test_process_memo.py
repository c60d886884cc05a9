"""The bounded per-process memo (core/process_memo.py)."""

from jobcenter.core.process_memo import ProcessMemo


def test_it_keeps_values_and_starts_over_when_full():
    memo: ProcessMemo[str, int] = ProcessMemo(limit=3)
    for key, value in (("a", 1), ("b", 2), ("c", 3)):
        memo.keep(key, value)
    memo.keep("a", 1)  # unchanged: nothing emptied
    assert memo == {"a": 1, "b": 2, "c": 3}
    memo.keep("d", 4)  # full: starts over
    assert memo == {"d": 4}
