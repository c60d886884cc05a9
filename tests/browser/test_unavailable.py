"""The 503 page of a database that cannot answer, at 320 px and on the desktop."""

from __future__ import annotations

import sqlite3

import pytest
from django.db import OperationalError

from tests.browser.conftest import check_page
from tests.browser.shots import Shots

pytestmark = pytest.mark.browser

shot = Shots("JOBCENTER_SCREENSHOTS", width_in_name=True)


@pytest.fixture
def locked_sessions(monkeypatch):
    """Every session lookup fails as on a locked database (the signed-in visitor's page;
    the session is not in the cache, so it is read from the database)."""
    from django.contrib.sessions.backends.db import SessionStore

    def read(self):
        exc = OperationalError("database is locked")
        exc.__cause__ = sqlite3.OperationalError("database is locked")
        raise exc

    monkeypatch.setattr(SessionStore, "_get_session_from_db", read)


@pytest.mark.parametrize("width", [320, 1280])
def test_unavailable_page(browser, live_server, axe, transactional_db, locked_sessions, width):
    context = browser.new_context(base_url=live_server.url, locale="de-DE",
                                  viewport={"width": width, "height": 900})
    context.add_cookies([{"name": "sessionid", "value": "a" * 32, "url": live_server.url}])
    page = context.new_page()
    response = page.goto("/portal/antraege/")
    assert response.status == 503
    assert response.headers["retry-after"] == "30"
    assert page.get_by_role("heading", level=1).inner_text() == "Der Dienst ist gerade überlastet"
    assert page.locator("section[lang=en] h2").inner_text() == "The service is busy right now"
    retry = page.get_by_role("link", name="Noch einmal versuchen")
    assert retry.get_attribute("href") == "/portal/antraege/"
    check_page(page, axe)
    shot(page, "unavailable")
    context.close()
