"""The screenshot helper of the browser tests (tests/browser/shots.py): where the files go and
what they are called, with a stand-in for Playwright's page (no browser needed)."""

from __future__ import annotations

from tests.browser.shots import Shots


class FakePage:
    def __init__(self, width: int, height: int = 740, url: str = "http://test/x/") -> None:
        self.viewport_size = {"width": width, "height": height}
        self.url = url
        self.saved: list[tuple[str, int, bool]] = []
        self.visited: list[str] = []
        self.closed = False
        self.context = self

    def screenshot(self, *, path: str, full_page: bool) -> None:
        self.saved.append((path, self.viewport_size["width"], full_page))

    def goto(self, url: str) -> None:
        self.visited.append(url)

    def set_viewport_size(self, size: dict) -> None:
        self.viewport_size = dict(size)

    def storage_state(self) -> dict:
        return {"cookies": ["session"]}

    def close(self) -> None:
        self.closed = True


class FakeBrowser:
    def __init__(self) -> None:
        self.opened: list[tuple[FakePage, dict]] = []

    def new_page(self, *, viewport: dict, storage_state: dict) -> FakePage:
        page = FakePage(viewport["width"], viewport["height"])
        self.opened.append((page, storage_state))
        return page


def names(page: FakePage, folder) -> list[tuple[str, int, bool]]:
    return [(path.removeprefix(f"{folder}/"), width, full) for path, width, full in page.saved]


def test_nothing_is_saved_without_the_variable(monkeypatch, tmp_path):
    monkeypatch.delenv("JC_TEST_SHOTS", raising=False)
    page, browser = FakePage(320), FakeBrowser()
    Shots("JC_TEST_SHOTS")(page, "start", browser=browser, resize=True)
    assert page.saved == [] and browser.opened == [] and page.viewport_size["width"] == 320


def test_names_and_widths(monkeypatch, tmp_path):
    folder = tmp_path / "new" / "shots"
    monkeypatch.setenv("JC_TEST_SHOTS", str(folder))
    page = FakePage(320)
    Shots("JC_TEST_SHOTS")(page, "start-320")
    Shots("JC_TEST_SHOTS", width_in_name=True)(page, "start")
    Shots("JC_TEST_SHOTS", width_in_name=True)(page, "nav", full_page=False)
    assert folder.is_dir()  # created when missing
    assert names(page, folder) == [("start-320.png", 320, True), ("start-320.png", 320, True),
                                   ("nav-320.png", 320, False)]


def test_the_desktop_width_three_ways(monkeypatch, tmp_path):
    monkeypatch.setenv("JC_TEST_SHOTS", str(tmp_path))
    shot = Shots("JC_TEST_SHOTS")

    page, desktop = FakePage(320), FakePage(1280, 900, url="http://test/other/")
    shot(page, "a", desktop=desktop)
    assert names(page, tmp_path) == [("a-320.png", 320, True)]
    assert desktop.visited == ["http://test/x/"]
    assert names(desktop, tmp_path) == [("a-1280.png", 1280, True)]

    page, browser = FakePage(320), FakeBrowser()
    shot(page, "b", browser=browser)
    (opened, state), = browser.opened
    assert state == {"cookies": ["session"]} and opened.visited == ["http://test/x/"]
    assert names(opened, tmp_path) == [("b-1280.png", 1280, True)] and opened.closed

    page = FakePage(320, 740)
    shot(page, "c", resize=True)
    assert names(page, tmp_path) == [("c-320.png", 320, True), ("c-1280.png", 1280, True)]
    assert page.viewport_size == {"width": 320, "height": 740}  # back to its own size
