"""Screenshots for looking at the pages a browser test visits (the review of a changed page
at 320 px and 1280 px): the one helper of every browser module.

A module makes one ``Shots`` with the environment variable that names its folder, e.g.
``shot = Shots("POSTFACH_SHOTS")``, and calls ``shot(page, "citizen-inbox-320")``. Nothing
is saved unless the variable is set (the folder is created when missing); a test never
depends on a screenshot.

File names: ``<name>.png``; with ``width_in_name`` ``<name>-<width>.png`` (the page's
viewport width). Asked for the desktop width as well — ``desktop=`` a second page,
``browser=`` to open one, or ``resize=True`` — the page is saved as ``<name>-<width>.png``
and the same page at 1280 px as ``<name>-1280.png``.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

DESKTOP = {"width": 1280, "height": 900}


class Shots:
    def __init__(self, env: str, *, width_in_name: bool = False) -> None:
        self.env = env
        self.width_in_name = width_in_name

    def folder(self) -> Path | None:
        value = os.environ.get(self.env, "")
        if not value:
            return None
        folder = Path(value)
        folder.mkdir(parents=True, exist_ok=True)
        return folder

    def __call__(self, page: Any, name: str, *, desktop: Any = None, browser: Any = None,
                 resize: bool = False, full_page: bool = True) -> None:
        """Save ``page`` as ``name``; and at 1280 px as well:

        * ``desktop``: a second (1280 px) page, sent to ``page``'s address first — it shows
          the page as ``desktop``'s own session sees it;
        * ``browser``: a 1280 × 900 page is opened with ``page``'s session (cookies) at
          ``page``'s address, and closed again;
        * ``resize``: ``page`` itself at 1280 × 900 (what it shows now, an error summary
          after a POST too), then back to its own size.
        """
        folder = self.folder()
        if folder is None:
            return
        wide = desktop is not None or browser is not None or resize
        width = page.viewport_size["width"]
        own = f"{name}-{width}" if wide or self.width_in_name else name
        page.screenshot(path=str(folder / f"{own}.png"), full_page=full_page)
        target = folder / f"{name}-{DESKTOP['width']}.png"
        if desktop is not None:
            desktop.goto(page.url)
            desktop.screenshot(path=str(folder / f"{name}-{desktop.viewport_size['width']}.png"),
                               full_page=full_page)
        if browser is not None:
            opened = browser.new_page(viewport=DESKTOP,
                                      storage_state=page.context.storage_state())
            try:
                opened.goto(page.url)
                opened.screenshot(path=str(target), full_page=full_page)
            finally:
                opened.close()
        if resize:
            size = dict(page.viewport_size)
            page.set_viewport_size(DESKTOP)
            try:
                page.screenshot(path=str(target), full_page=full_page)
            finally:
                page.set_viewport_size(size)
