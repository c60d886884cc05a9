"""What citizens and caseworkers do, through the real pages (HTML forms, CSRF tokens,
redirects, the second factor), for the load test (``loadtest/locustfile.py``) and the
fault tests (``tests/integration/test_faults.py``).

A ``Browser`` wraps a ``requests.Session`` (or locust's ``HttpSession``, which is one) and
follows redirects itself, so that every page is measured on its own under its *kind*
("login", "queue", "case", …). Any answer other than the expected one raises
``JourneyError`` (and is a failure in locust's statistics).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import io
import re
import struct
import time
from collections.abc import Callable
from typing import Any
from urllib.parse import urljoin, urlparse

from loadtest.seed import CITIZEN_PASSWORD, STAFF_PASSWORD

#: The demo authenticator secret of the seeded staff (seed_demo.DEMO_TOTP_SECRET).
TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"

CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
FORM = re.compile(r"<form\b[^>]*>.*?</form>", re.S)
HIDDEN = re.compile(r'<input type="hidden" name="([^"]+)" value="([^"]*)"')
CASE_LINK = re.compile(r'href="(/arbeitsbereich/akte/\d+/)"')
REFERENCE = re.compile(r"/portal/antraege/([A-Za-z0-9-]+)/")

#: Page kinds by path, for the statistics (first match wins).
KINDS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"^/$"), "home"),
    (re.compile(r"^/healthz/"), "healthz"),
    (re.compile(r"^/konto/login/"), "login"),
    (re.compile(r"^/konto/2fa/authenticate/"), "mfa"),
    (re.compile(r"^/konto/logout/"), "logout"),
    (re.compile(r"^/start/"), "start (redirect)"),
    (re.compile(r"^/portal/$"), "portal overview"),
    (re.compile(r"^/portal/anliegen/$"), "portal concerns"),
    (re.compile(r"^/portal/antraege/[^/]+/$"), "application receipt"),
    (re.compile(r"^/formulare/entwurf/[^/]+/seite/"), "form page"),
    (re.compile(r"^/formulare/entwurf/[^/]+/pruefen/"), "form summary"),
    (re.compile(r"^/formulare/entwurf/[^/]+/absenden/"), "form declaration"),
    (re.compile(r"^/formulare/entwurf/[^/]+/$"), "form resume (redirect)"),
    (re.compile(r"^/formulare/[a-z]+/$"), "form start"),
    (re.compile(r"^/arbeitsbereich/akte/$"), "staff queue"),
    (re.compile(r"^/arbeitsbereich/akte/\d+/$"), "staff case"),
    (re.compile(r"^/arbeitsbereich/"), "staff start"),
]


def kind_of(path: str) -> str:
    for pattern, kind in KINDS:
        if pattern.search(path):
            return kind
    return path


def totp_code(secret: str = TOTP_SECRET, at: float | None = None) -> str:
    """RFC 6238 (30 s, SHA-1, 6 digits), as the authenticator app computes it."""
    counter = int((time.time() if at is None else at) // 30)
    digest = hmac.new(base64.b32decode(secret), struct.pack(">Q", counter),
                      hashlib.sha1).digest()
    offset = digest[-1] & 15
    value = struct.unpack(">I", digest[offset:offset + 4])[0] & 0x7FFFFFFF
    return f"{value % 1_000_000:06d}"


def photo_jpeg(seed: int, size: tuple[int, int] = (1600, 1200)) -> bytes:
    """A phone photo of a document, as far as size goes: a 2-megapixel JPEG (~100 KB)."""
    from PIL import Image, ImageDraw

    image = Image.new("RGB", size, (245, 245, 240))
    draw = ImageDraw.Draw(image)
    for line in range(40):
        y = 60 + line * 27
        draw.rectangle((80, y, 80 + (seed * 37 + line * 53) % 1300 + 100, y + 10),
                       fill=(30, 30, 30))
    out = io.BytesIO()
    image.save(out, format="JPEG", quality=80)
    return out.getvalue()


class JourneyError(Exception):
    """An answer the journey did not expect (status or content)."""


class Browser:
    """One simulated browser: a cookie jar, a client address (sent in X-Forwarded-For, as
    the reverse proxy does) and the CSRF token of the last page."""

    def __init__(self, http: Any, base_url: str, address: str, *, locust: bool = False,
                 retry_unavailable: float = 0.0):
        self.http = http
        self.base_url = base_url.rstrip("/")
        self.address = address
        self.locust = locust
        #: fault tests: retry a 503 ("bitte gleich noch einmal") for up to this many seconds
        self.retry_unavailable = retry_unavailable
        self.page = ""
        self.url = self.base_url + "/"
        self.unavailable = 0  # 503 answers seen (and retried)

    # --- requests -----------------------------------------------------------------------
    def _send(self, method: str, path: str, expect: tuple[int, ...], kind: str = "",
              **kwargs: Any) -> Any:
        url = urljoin(self.base_url + "/", path)
        headers = {"X-Forwarded-For": self.address, "Referer": self.url,
                   "Accept-Language": "de"}
        kind = kind or kind_of(urlparse(url).path)
        deadline = time.monotonic() + self.retry_unavailable
        while True:
            if self.locust:
                with self.http.request(method, url, name=kind, headers=headers,
                                       allow_redirects=False, catch_response=True,
                                       **kwargs) as response:
                    if response.status_code not in expect:
                        response.failure(f"{method} {kind}: HTTP {response.status_code}")
                        raise JourneyError(f"{method} {url}: HTTP {response.status_code}")
                    response.success()
            else:
                try:
                    response = self.http.request(method, url, headers=headers,
                                                 allow_redirects=False, timeout=60, **kwargs)
                except OSError as error:  # connection refused/reset while a server restarts
                    if time.monotonic() < deadline:
                        self.unavailable += 1
                        time.sleep(0.5)
                        continue
                    raise JourneyError(f"{method} {url}: {error}") from error
                if response.status_code == 503 and time.monotonic() < deadline:
                    self.unavailable += 1
                    time.sleep(0.5)
                    continue
                if response.status_code not in expect:
                    raise JourneyError(f"{method} {url}: HTTP {response.status_code} "
                                       f"{response.text[:300]!r}")
            return response

    def get(self, path: str, expect: tuple[int, ...] = (200,)) -> Any:
        response = self._send("GET", path, expect)
        return self._arrive(response)

    def post(self, path: str, data: Any, files: Any = None,
             expect: tuple[int, ...] = (302,), kind: str = "") -> Any:
        response = self._send("POST", path, expect, kind, data=data, files=files)
        return self._arrive(response)

    def _arrive(self, response: Any) -> Any:
        """Follow redirects (each a page of its own in the statistics)."""
        hops = 0
        while response.status_code in (301, 302, 303):
            hops += 1
            if hops > 5:
                raise JourneyError(f"too many redirects at {response.url}")
            response = self._send("GET", response.headers["Location"], (200, 301, 302, 303))
        self.page = response.text
        self.url = response.url
        return response

    def csrf(self) -> str:
        match = CSRF.search(self.page)
        if not match:
            raise JourneyError(f"no CSRF token on {self.url}")
        return match.group(1)

    def form_fields(self, marker: str) -> list[tuple[str, str]]:
        """The hidden fields of the page's form containing ``marker``."""
        for form in FORM.findall(self.page):
            if marker in form:
                return HIDDEN.findall(form)
        raise JourneyError(f"no form with {marker!r} on {self.url}")

    def path(self) -> str:
        return urlparse(self.url).path

    # --- sign-in ------------------------------------------------------------------------
    def login(self, email: str, password: str) -> None:
        self.get("/konto/login/")
        self.post("/konto/login/", {"csrfmiddlewaretoken": self.csrf(), "login": email,
                                    "password": password}, expect=(302,))

    def citizen_login(self, email: str) -> None:
        self.login(email, CITIZEN_PASSWORD)
        if self.path() != "/portal/":
            raise JourneyError(f"citizen sign-in ended at {self.url}")

    def staff_login(self, email: str, code: Callable[[], str] = totp_code) -> None:
        self.login(email, STAFF_PASSWORD)
        if not self.path().startswith("/konto/2fa/authenticate/"):
            raise JourneyError(f"no second-factor step after the password: {self.url}")
        # Like a person with an authenticator app: a code about to expire is not typed in,
        # the next one is (the server accepts a code only within its 30 s period).
        left = 30 - time.time() % 30
        if left < 3:
            time.sleep(left + 0.1)
        self.post(self.path(), {"csrfmiddlewaretoken": self.csrf(), "code": code()})
        if not self.path().startswith("/arbeitsbereich/"):
            raise JourneyError(f"staff sign-in ended at {self.url}")

    def logout(self) -> None:
        self.post("/konto/logout/", {"csrfmiddlewaretoken": self.csrf()})

    # --- citizen ------------------------------------------------------------------------
    def overview(self) -> None:
        self.get("/portal/")
        self.get("/portal/anliegen/")

    def apply_erstausstattung(self, photos: list[bytes], *,
                              before_submit: Callable[[], None] | None = None) -> str:
        """Antrag auf Erstausstattung (Schwangerschaft und Geburt) with ``photos`` of the
        Mutterpass (different files: the same content twice is one upload); returns the
        application's reference from the receipt page."""
        self.post("/formulare/erstausstattung/", {"csrfmiddlewaretoken": self.csrf(),
                                                  "new": "1"})
        if "/seite/anlass/" not in self.url:
            raise JourneyError(f"the form did not start at its first page: {self.url}")
        data = self.form_fields("_version") + [("anlaesse", "schwangerschaft"),
                                               ("_action", "next")]
        self.post(self.path(), data)
        page = self.path()
        if "/seite/schwangerschaft/" not in page:
            raise JourneyError(f"expected the page Schwangerschaft, got {self.url}")
        for number, photo in enumerate(photos):
            self.post(page, self.form_fields("_version") + [("_action", "upload:mutterpass")],
                      files={"mutterpass": (f"mutterpass-{number}.jpg", photo, "image/jpeg")},
                      kind="upload")
            if f"mutterpass-{number}.jpg" not in self.page:
                raise JourneyError("the uploaded file is not listed on the page")
        data = self.form_fields("_version") + [
            ("geburt_entbindungstermin", "2027-03-01"), ("geburt_bedarf", "baby"),
            ("geburt_bedarf", "kinderwagen"), ("_action", "next")]
        self.post(page, data)
        if not self.path().endswith("/pruefen/"):
            raise JourneyError(f"expected the summary, got {self.url}")
        declaration = self.path().replace("/pruefen/", "/absenden/")
        self.get(declaration)
        if before_submit is not None:
            before_submit()
        self.post(declaration, {"csrfmiddlewaretoken": self.csrf(), "declaration": "1"},
                  kind="submit")
        match = REFERENCE.search(self.path())
        if not match or match.group(1) not in self.page:
            raise JourneyError(f"no receipt after the submit: {self.url}")
        return match.group(1)

    # --- staff --------------------------------------------------------------------------
    def queue(self, query: str = "") -> list[str]:
        self.get("/arbeitsbereich/akte/" + query)
        return CASE_LINK.findall(self.page)

    def case(self, path: str) -> None:
        self.get(path)
