""""Kopie meiner Daten" in a real browser at 320 px and 1280 px (axe, no sideways scrolling),
with and without JavaScript: request, the notice's page with the download, the readable
summary from the ZIP (axe too). ``DATENKOPIE_SCREENSHOTS=<dir>`` saves screenshots."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from jobcenter.auskunft.models import DataCopy
from tests.browser.conftest import check_page, sign_in, visit
from tests.browser.shots import Shots

shot = Shots("DATENKOPIE_SCREENSHOTS", width_in_name=True)
PAGE = "/portal/meine-daten/"


@pytest.mark.parametrize("viewport", ["page", "desktop_page"])
def test_request_and_download_the_copy(request, viewport, axe, live_server, citizen):
    page = request.getfixturevalue(viewport)
    sign_in(page, live_server, citizen)
    visit(page, axe, "/portal/zugriffe/")
    page.get_by_role("link", name="Kopie meiner Daten anfordern").click()
    check_page(page, axe)
    shot(page, "datenkopie-leer")
    page.get_by_role("button", name="Kopie meiner Daten anfordern").click()
    check_page(page, axe)
    assert page.get_by_text("Ihre Anforderung ist eingegangen.").is_visible()
    copy = DataCopy.objects.get(citizen=citizen)
    assert copy.status == DataCopy.Status.READY  # built by the outbox after the commit
    page.reload()
    check_page(page, axe)
    shot(page, "datenkopie-bereit")
    with page.expect_download() as info:
        page.get_by_role("link", name="Kopie herunterladen").click()
    data = Path(info.value.path()).read_bytes()
    summary = zipfile.ZipFile(io.BytesIO(data)).read("uebersicht.html").decode()
    # opened as a file would be: a fresh page, not under the site's CSP
    summary_page = page.context.new_page()
    summary_page.set_content(summary)
    axe.check(summary_page)
    overflow = summary_page.evaluate("document.documentElement.scrollWidth"
                                     " - document.documentElement.clientWidth")
    assert overflow <= 1
    shot(summary_page, "datenkopie-uebersicht")


def test_request_without_javascript(nojs_page, axe, live_server, citizen):
    page = nojs_page
    sign_in(page, live_server, citizen)
    visit(page, axe, PAGE, js=False)
    page.get_by_role("button", name="Kopie meiner Daten anfordern").click()
    page.wait_for_load_state()
    assert page.get_by_text("Ihre Anforderung ist eingegangen.").is_visible()
    assert page.get_by_role("link", name="Kopie herunterladen").is_visible()
