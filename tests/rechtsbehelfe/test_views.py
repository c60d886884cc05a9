"""Pages of the Widerspruchsverfahren with three actors: the citizen, another citizen and a
caseworker of another Jobcenter — and, inside the Jobcenter, a role without the right and a
colleague outside the Widerspruchsstelle."""

from __future__ import annotations

import datetime as dt

import time_machine
from django.urls import reverse
from django.utils import timezone

from jobcenter.core.roles import Role
from jobcenter.rechtsbehelfe.models import Widerspruch, WiderspruchSettings
from jobcenter.transparency.models import AccessLogEntry
from tests.conftest import login
from tests.factories import StaffFactory

W = Widerspruch


def _post_widerspruch(client, issued, **extra):
    url = reverse("rechtsbehelfe_citizen:create", args=[issued.pk])
    page = client.get(url)
    token = page.context["form"]["token"].value()
    data = {"scope": "ganz", "contested": "", "reasons": "Die Miete ist falsch.",
            "token": token, "confirm": "on", **extra}
    return client.post(url, data), token


def test_citizen_files_a_widerspruch_and_sees_the_receipt(client, issued, citizen):
    login(client, citizen)
    documents = client.get(reverse("portal:documents")).content.decode()
    assert reverse("rechtsbehelfe_citizen:create", args=[issued.pk]) in documents
    page = client.get(reverse("rechtsbehelfe_citizen:create", args=[issued.pk]))
    html = page.content.decode()
    assert page.status_code == 200 and "ersetzt diese Form nicht" not in html
    assert "erfüllt diese Form nicht" in html  # the honest note on the written form
    # 23:30 in Berlin on 31 December is 22:30 UTC: the receipt shows Berlin time
    with time_machine.travel(dt.datetime(2026, 12, 31, 22, 30, tzinfo=dt.UTC), tick=False):
        client.logout()
        login(client, citizen)
        response, token = _post_widerspruch(client, issued)
    w = Widerspruch.objects.get()
    assert response.status_code == 302 and response.url == reverse(
        "rechtsbehelfe_citizen:detail", args=[w.pk])
    # a double click (same token) files nothing twice
    url = reverse("rechtsbehelfe_citizen:create", args=[issued.pk])
    client.post(url, {"scope": "ganz", "reasons": "x", "token": token, "confirm": "on"})
    assert Widerspruch.objects.count() == 1
    detail = client.get(response.url).content.decode()
    assert w.content_hash in detail and "31.12.2026 23:30" in detail
    assert "Bitte schriftlich bestätigen" in detail
    listing = client.get(reverse("rechtsbehelfe_citizen:list")).content.decode()
    assert w.reference in listing and "Eingegangen" in listing
    # a second Widerspruch against the same Bescheid is pointed to the first
    again = client.get(url).content.decode()
    assert "bereits Widerspruch eingelegt" in again


def test_bad_input_keeps_what_was_typed(client, issued, citizen):
    login(client, citizen)
    response, _token = _post_widerspruch(client, issued, scope="teil", confirm="")
    html = response.content.decode()
    assert response.status_code == 400
    assert "welchen Teil" in html and "Hinweis zur Schriftform" in html
    assert "Die Miete ist falsch." in html and not Widerspruch.objects.exists()


def test_other_citizen_and_staff_reach_nothing_of_the_citizen(client, issued, citizen,
                                                              other_citizen, other_caseworker):
    login(client, citizen)
    _post_widerspruch(client, issued)
    w = Widerspruch.objects.get()
    client.logout()
    login(client, other_citizen)
    assert client.get(reverse("rechtsbehelfe_citizen:create", args=[issued.pk])
                      ).status_code == 404
    assert client.get(reverse("rechtsbehelfe_citizen:detail", args=[w.pk])).status_code == 404
    assert w.reference not in client.get(reverse("rechtsbehelfe_citizen:list")
                                         ).content.decode()
    client.logout()
    login(client, other_caseworker)
    assert client.get(reverse("rechtsbehelfe_citizen:list")).status_code == 403
    assert client.get(reverse("rechtsbehelfe:detail", args=[w.pk])).status_code == 404
    assert client.post(reverse("rechtsbehelfe:register", args=[w.pk]),
                       {"form_ok": "ja"}).status_code == 404
    assert client.get(reverse("rechtsbehelfe:record", args=[issued.pk])).status_code == 404
    assert w.reference not in client.get(reverse("rechtsbehelfe:list")).content.decode()


def test_a_role_without_the_right_is_refused(client, issued, citizen, jobcenter):
    login(client, citizen)
    _post_widerspruch(client, issued)
    w = Widerspruch.objects.get()
    client.logout()
    vermittlung = StaffFactory(jobcenter=jobcenter, role=Role.VERMITTLUNG,
                               email="vera@alpha.example")
    login(client, vermittlung)
    assert client.get(reverse("rechtsbehelfe:list")).status_code == 403
    assert client.get(reverse("rechtsbehelfe:detail", args=[w.pk])).status_code == 403


def test_staff_register_hand_over_and_the_widerspruchsstelle_decides(
        client, issued, citizen, caseworker, board_member, teamlead_elsewhere, court,
        django_capture_on_commit_callbacks):
    login(client, citizen)
    _post_widerspruch(client, issued)
    w = Widerspruch.objects.get()
    client.logout()
    login(client, caseworker)
    listing = client.get(reverse("rechtsbehelfe:list")).content.decode()
    assert w.reference in listing and "Widersprüche je Monat" in listing
    detail_url = reverse("rechtsbehelfe:detail", args=[w.pk])
    page = client.get(detail_url).content.decode()
    assert "Form und Frist prüfen" in page
    assert AccessLogEntry.objects.filter(actor=caseworker).exists()
    bad = client.post(reverse("rechtsbehelfe:register", args=[w.pk]), {"form_ok": "nein"})
    assert bad.status_code == 400 and "Vermerk" in bad.content.decode()
    ok = client.post(reverse("rechtsbehelfe:register", args=[w.pk]),
                     {"form_ok": "nein", "form_note": "Unterschrift angefordert"})
    assert ok.status_code == 302
    assert "fristgerecht" in client.get(detail_url).content.decode()
    assert client.post(reverse("rechtsbehelfe:hand_over", args=[w.pk])).status_code == 302
    # the creator of the contested Bescheid and a Teamleitung outside the team cannot decide
    for outsider in (caseworker, teamlead_elsewhere):
        client.logout()
        login(client, outsider)
        assert "Widerspruchsbescheid erlassen" not in client.get(detail_url).content.decode()
        refused = client.post(reverse("rechtsbehelfe:rule", args=[w.pk]), {
            "outcome": "zurueckgewiesen", "reasons": "Richtig.", "costs": "keine"})
        assert refused.status_code == 400
        assert "Widerspruchsstelle" in refused.content.decode()
    client.logout()
    login(client, board_member)
    assert "Widerspruchsbescheid erlassen" in client.get(detail_url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(reverse("rechtsbehelfe:rule", args=[w.pk]), {
            "outcome": "zurueckgewiesen", "reasons": "Der Bescheid ist richtig.",
            "costs": "keine"})
    assert done.status_code == 302
    w.refresh_from_db()
    assert w.status == W.Status.DECIDED and w.ruling.is_final
    client.logout()
    login(client, citizen)
    state = client.get(reverse("rechtsbehelfe_citizen:detail", args=[w.pk])).content.decode()
    assert "Entschieden" in state and "Klage" in state
    documents = client.get(reverse("portal:documents")).content.decode()
    assert "Klage beim Sozialgericht ist bis zum" in documents
    assert reverse("rechtsbehelfe_citizen:create", args=[w.ruling.pk]) not in documents


def test_staff_record_a_letter_from_the_bescheid_page(client, issued, caseworker):
    login(client, caseworker)
    page = client.get(reverse("decisions:detail", args=[issued.pk])).content.decode()
    url = reverse("rechtsbehelfe:record", args=[issued.pk])
    assert url in page
    today = timezone.localdate()
    missing_scan = client.post(url, {
        "channel": "post", "received_on": today.isoformat(),
        "scope": "ganz", "reasons": ""})
    assert missing_scan.status_code == 400 and "Scan" in missing_scan.content.decode()
    done = client.post(url, {
        "channel": "niederschrift", "received_on": today.isoformat(), "scope": "ganz",
        "reasons": "Die Person erklärt: Ich bin mit dem Bescheid nicht einverstanden."})
    assert done.status_code == 302
    assert Widerspruch.objects.get().channel == W.Channel.NIEDERSCHRIFT


def test_settings_only_for_the_jobcenter_admin(client, jobcenter_admin, caseworker,
                                               board_team):
    url = reverse("rechtsbehelfe:settings")
    login(client, caseworker)
    assert client.get(url).status_code == 403
    client.logout()
    login(client, jobcenter_admin)
    assert client.get(url).status_code == 200
    bad = client.post(url, {"court_name": "SG", "court_street": "Weg 1",
                            "court_postcode": "123", "court_city": "Ort"})
    assert bad.status_code == 400 and "fünf" in bad.content.decode()
    ok = client.post(url, {"court_name": "Sozialgericht Alpha", "court_street": "Weg 1",
                           "court_postcode": "11111", "court_city": "Alphastadt",
                           "widerspruchsstelle": board_team.pk})
    assert ok.status_code == 302
    config = WiderspruchSettings.objects.get()
    assert config.widerspruchsstelle == board_team
