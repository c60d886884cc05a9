"""The need-to-know matrix (``core.access.NEED_TO_KNOW``), walked as a table: for every data
kind and action, every staff role either gets through or gets 403 — exactly as the matrix
and docs/security.md say."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.urls import reverse

from jobcenter.core.access import CHANGE, NEED_TO_KNOW, READ, Data
from jobcenter.core.roles import STAFF_ROLES, Role
from tests import test_tenancy
from tests.conftest import login
from tests.factories import StaffFactory
from tests.test_tenancy import SAMPLE_KWARGS, staff_patterns

world = test_tenancy.world  # the fixture: Jobcenter A with a household and staff

#: One page per matrix entry: (URL name, method). Entries without a page: nobody may.
PAGES = {
    (Data.LEISTUNGSAKTE, READ): ("casefiles:case", "get"),
    (Data.LEISTUNGSAKTE, CHANGE): ("casefiles:case_status", "post"),
    (Data.DOKUMENTE, READ): ("casefiles:document", "get"),
    (Data.STAMMDATEN, READ): ("backoffice:person_detail", "get"),
    (Data.STAMMDATEN, CHANGE): ("paper:person_new", "post"),
    (Data.ARBEITSVERTEILUNG, READ): ("casefiles:queue", "get"),
    (Data.ARBEITSVERTEILUNG, CHANGE): ("casefiles:bulk_assign", "post"),
    (Data.ZUGRIFFSPROTOKOLL, READ): ("backoffice:person_access_log", "get"),
    (Data.KONTEN, READ): ("backoffice:administration", "get"),
    (Data.KONTEN, CHANGE): ("backoffice:staff_create", "post"),
    (Data.AUTOMATISIERUNG, READ): ("decisions:report", "get"),
    (Data.AUTOMATISIERUNG, CHANGE): ("decisions:rules", "post"),
    (Data.NACHRICHTEN, READ): ("postfach:inbox", "get"),
    (Data.NACHRICHTEN, CHANGE): ("postfach:state", "post"),
    (Data.TERMINE, READ): ("termine_staff:calendar", "get"),
    (Data.TERMINE, CHANGE): ("termine_staff:rule_add", "post"),
}
NOBODY = {(Data.DOKUMENTE, CHANGE), (Data.ZUGRIFFSPROTOKOLL, CHANGE)}


def test_the_matrix_covers_every_kind_and_action():
    assert set(NEED_TO_KNOW) == {(d, a) for d in Data.ALL for a in (READ, CHANGE)}
    assert set(PAGES) | NOBODY == set(NEED_TO_KNOW)
    for key in NOBODY:
        assert NEED_TO_KNOW[key] == frozenset()
    for roles in NEED_TO_KNOW.values():
        assert roles <= STAFF_ROLES  # platform admins read no citizen data


def test_every_staff_view_takes_its_roles_from_the_matrix():
    for name, _route, pattern in staff_patterns():
        need = getattr(pattern.callback, "access_need", None)
        assert need in NEED_TO_KNOW, f"{name}: no need-to-know entry ({need!r})"
        assert pattern.callback.access_roles == NEED_TO_KNOW[need], name


@pytest.mark.parametrize("key", sorted(PAGES))
@pytest.mark.parametrize("role", sorted(STAFF_ROLES))
def test_each_role_gets_exactly_what_the_matrix_gives(client, world, key, role):
    name, method = PAGES[key]
    url = reverse(name, kwargs=SAMPLE_KWARGS[name](world) if name in SAMPLE_KWARGS else None)
    login(client, StaffFactory(jobcenter=world.jobcenter, role=role))
    status = getattr(client, method)(url).status_code
    if role in NEED_TO_KNOW[key]:
        assert status not in (403, 404, 405), f"{role} {key}: {status}"
    else:
        assert status == 403, f"{role} may not {key[1]} {key[0]}, got {status}"


def test_arbeitsvermittlung_sees_the_person_not_the_leistungsakte(client, world):
    case_kwargs = SAMPLE_KWARGS["casefiles:case"](world)
    login(client, StaffFactory(jobcenter=world.jobcenter, role=Role.VERMITTLUNG))
    assert client.get("/start/").url == reverse("backoffice:search")
    html = client.get(reverse("backoffice:search"), {"q": "Quellenfeld"}).content.decode()
    assert "Zacharias" in html
    assert client.get(reverse("backoffice:person_detail", args=[world.person.pk])
                      ).status_code == 200
    assert client.get(reverse("casefiles:case", kwargs=case_kwargs)).status_code == 403
    assert client.post(reverse("casefiles:case_status", kwargs=case_kwargs),
                       {"status": "abgeschlossen", "version": 1}).status_code == 403
    assert client.get(reverse("casefiles:queue")).status_code == 403
    assert client.get(reverse("decisions:overview")).status_code == 403
    nav = client.get(reverse("backoffice:search")).content.decode()
    assert reverse("casefiles:queue") not in nav  # the navigation offers only what it may


def test_the_reading_checks_the_matrix_too(world):
    """The one way in refuses a role without need to know, whatever view calls it."""
    from django.core.exceptions import PermissionDenied

    from jobcenter.casefiles.selectors import case_for_staff

    pk = SAMPLE_KWARGS["casefiles:case"](world)["pk"]
    placement = StaffFactory(jobcenter=world.jobcenter, role=Role.VERMITTLUNG)
    with pytest.raises(PermissionDenied):
        case_for_staff(placement, pk)


def test_docs_security_md_shows_the_same_matrix():
    text = (Path(__file__).resolve().parents[2] / "docs" / "security.md").read_text()
    section = text.split("## Need to know", 1)[1].split("\n## ", 1)[0]
    header = next(line for line in section.splitlines() if line.startswith("| Daten"))
    roles = [re.search(r"`(\w+)`", cell).group(1) for cell in header.split("|")[2:-1]]
    documented = {}
    for line in section.splitlines():
        match = re.match(r"\| `(\w+)`", line)
        if not match:
            continue
        cells = [c.strip() for c in line.split("|")[2:-1]]
        for role, cell in zip(roles, cells, strict=True):
            for action in (READ, CHANGE):
                word = {"lesen": "lesen", "aendern": "ändern"}[action]
                if word in cell:
                    documented.setdefault((match.group(1), action), set()).add(role)
    for key, allowed in NEED_TO_KNOW.items():
        assert documented.get(key, set()) == {r for r in allowed if r in roles}, key
