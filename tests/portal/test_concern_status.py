"""The truth table of a concern's one status (``portal.concerns.derive_status``).

Every combination of the facts the status depends on is listed with the status a citizen
must read; the table is exhaustive over the inputs' relevant values (checked below), so a
new rule that changes any row fails here.
"""

from __future__ import annotations

import datetime as dt
import itertools

import pytest
from django.utils import translation

from jobcenter.portal.concerns import BescheidFacts, Facts, Key, derive_status

D = dt.date
ONLINE = BescheidFacts(channel="online", delivered=True, letter_date=D(2026, 12, 1),
                       presumed_delivery=D(2026, 12, 5), objection_deadline=D(2027, 1, 5))
POST_PENDING = BescheidFacts(channel="post", delivered=False, letter_date=D(2026, 12, 1))
POSTED = BescheidFacts(channel="post", delivered=True, letter_date=D(2026, 12, 1),
                       posted_on=D(2026, 12, 2), presumed_delivery=D(2026, 12, 6),
                       objection_deadline=D(2027, 1, 6))

# (in eAkte, eAkte status, final, open tasks, Bescheid) -> status
TABLE = [
    # not yet in the eAkte: only "received" (tasks and Bescheide need a case)
    ((False, "", False, 0, None), Key.RECEIVED),
    # in the eAkte, nothing decided
    ((True, "eingegangen", False, 0, None), Key.RECEIVED),
    ((True, "in_bearbeitung", False, 0, None), Key.IN_PROGRESS),
    ((True, "unterlagen_eingegangen", False, 0, None), Key.IN_PROGRESS),
    ((True, "entscheidung_vorbereitet", False, 0, None), Key.IN_PROGRESS),
    ((True, "zur_freigabe", False, 0, None), Key.IN_PROGRESS),
    # the eAkte says "documents requested", but every task is done: no task for the citizen
    ((True, "mitwirkung_angefordert", False, 0, None), Key.IN_PROGRESS),
    # open tasks win over every non-final state
    ((True, "eingegangen", False, 1, None), Key.ACTION_NEEDED),
    ((True, "in_bearbeitung", False, 2, None), Key.ACTION_NEEDED),
    ((True, "mitwirkung_angefordert", False, 1, None), Key.ACTION_NEEDED),
    ((True, "zur_freigabe", False, 1, None), Key.ACTION_NEEDED),
    # final without a Bescheid in the portal
    ((True, "entschieden", True, 0, None), Key.DECIDED),
    ((True, "abgeschlossen", True, 0, None), Key.CLOSED),
    ((True, "abgeschlossen", True, 1, None), Key.ACTION_NEEDED),
    # an issued Bescheid decides, whatever else is open
    ((True, "entschieden", True, 0, POST_PENDING), Key.DECIDED_POST_PENDING),
    ((True, "entschieden", True, 0, POSTED), Key.DECIDED_POSTED),
    ((True, "entschieden", True, 0, ONLINE), Key.DECIDED_ONLINE),
    ((True, "entschieden", True, 1, POSTED), Key.DECIDED_POSTED),
    ((True, "in_bearbeitung", False, 1, ONLINE), Key.DECIDED_ONLINE),
    ((True, "abgeschlossen", True, 0, POST_PENDING), Key.DECIDED_POST_PENDING),
]


def _facts(row: tuple) -> Facts:
    in_eakte, status, final, tasks, bescheid = row
    return Facts(in_eakte=in_eakte, case_status=status, case_final=final, open_tasks=tasks,
                 task_deadline=D(2026, 12, 20) if tasks else None, bescheid=bescheid)


@pytest.mark.parametrize(("row", "expected"), TABLE)
def test_truth_table(row, expected):
    assert derive_status(_facts(row)).key == expected


def test_every_status_is_reachable_and_has_texts_in_both_languages():
    reached = {expected for _row, expected in TABLE}
    assert reached == set(Key.ALL)
    for row, _expected in TABLE:
        status = derive_status(_facts(row))
        with translation.override("de"):
            de = (status.label, status.text, status.deadline_text)
        with translation.override("en"):
            en = (status.label, status.text, status.deadline_text)
        assert de[0] and de[1] and en[0] and en[1]
        assert de[:2] != en[:2], f"{status.key} is not translated"
        # no ISO date and no internal key (the compound keys) reaches the citizen
        for text in de + en:
            assert "2026-" not in text and "2027-" not in text
            assert "_" not in status.key or status.key not in text


def test_every_bescheid_and_task_combination_is_decided_by_the_precedence():
    """Exhaustive: for every combination, a Bescheid decides; else tasks; else the eAkte."""
    statuses = ["", "eingegangen", "in_bearbeitung", "mitwirkung_angefordert", "entschieden",
                "abgeschlossen"]
    for in_eakte, status, tasks, bescheid in itertools.product(
            (False, True), statuses, (0, 1), (None, POST_PENDING, POSTED, ONLINE)):
        final = status in ("entschieden", "abgeschlossen")
        key = derive_status(_facts((in_eakte, status, final, tasks, bescheid))).key
        if bescheid is not None:
            assert key in (Key.DECIDED_POST_PENDING, Key.DECIDED_POSTED, Key.DECIDED_ONLINE)
        elif tasks:
            assert key == Key.ACTION_NEEDED
        else:
            assert key not in (Key.ACTION_NEEDED, Key.DECIDED_POSTED, Key.DECIDED_ONLINE)


def test_postal_status_says_when_the_letter_was_posted_and_the_deadline():
    status = derive_status(_facts((True, "entschieden", True, 0, POSTED)))
    with translation.override("de"):
        assert "am 02.12.2026 per Post" in status.text
        assert "06.12.2026" in status.deadline_text and "06.01.2027" in status.deadline_text
    with translation.override("en"):
        assert "by post on" in status.text and "2026-12-02" not in status.text


def test_pending_post_does_not_claim_the_bescheid_is_in_the_account():
    status = derive_status(_facts((True, "entschieden", True, 0, POST_PENDING)))
    with translation.override("de"):
        assert "per Post" in status.text and "liegt" not in status.text
        assert status.deadline_text == ""
