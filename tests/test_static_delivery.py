"""Static files in production and ``make run`` (issue 18 item 6): WhiteNoise serves the
collected files with hashed names brotli- or gzip-compressed and cached for a year as
immutable; every @font-face swaps in the font without blocking the text."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.contrib.staticfiles import finders
from django.core.management import call_command
from django.test import Client, override_settings

STORAGE = "jobcenter.config.staticfiles.HashedStaticFilesStorage"
WHITENOISE = "whitenoise.middleware.WhiteNoiseMiddleware"
IMMUTABLE = "max-age=315360000, public, immutable"


@pytest.fixture(scope="module")
def static_root(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("staticfiles")
    storages = {**django_settings.STORAGES, "staticfiles": {"BACKEND": STORAGE}}
    with override_settings(STATIC_ROOT=root, STORAGES=storages):
        call_command("collectstatic", "--noinput", "-v", "0")
    return root


@pytest.fixture
def production_static(settings, static_root):
    settings.STATIC_ROOT = static_root
    settings.STORAGES = {**settings.STORAGES, "staticfiles": {"BACKEND": STORAGE}}
    settings.MIDDLEWARE = [settings.MIDDLEWARE[0], WHITENOISE, *settings.MIDDLEWARE[1:]]
    return Client()


def hashed_url(static_root: Path, name: str) -> str:
    stem, ext = name.rsplit(".", 1)
    matches = [
        p
        for p in static_root.glob(f"{stem}.*.{ext}")
        if re.fullmatch(r"[0-9a-f]{12}", p.name[len(Path(stem).name) + 1 : -len(ext) - 1])
    ]
    assert len(matches) == 1, matches
    return "/static/" + str(matches[0].relative_to(static_root))


@pytest.mark.parametrize(("encoding", "expected"), [("br", "br"), ("gzip", "gzip")])
def test_a_hashed_stylesheet_is_compressed_and_immutable(
    production_static, static_root, encoding, expected
):
    url = hashed_url(static_root, "css/app.css")
    response = production_static.get(url, headers={"accept-encoding": f"{encoding}, identity"})
    assert response.status_code == 200
    assert response["Content-Encoding"] == expected
    assert response["Cache-Control"] == IMMUTABLE
    assert "Accept-Encoding" in response["Vary"]
    body = b"".join(response.streaming_content)
    plain = (static_root / url.removeprefix("/static/")).read_bytes()
    assert len(body) < len(plain) / 2


def test_fonts_and_scripts_are_immutable_too_and_uncompressed_without_accept_encoding(
    production_static, static_root
):
    font = production_static.get(
        hashed_url(static_root, "vendor/kern/fonts/fira-sans/FiraSans-Regular.woff2")
    )
    assert font["Cache-Control"] == IMMUTABLE
    assert "Content-Encoding" not in font  # woff2 is compressed already
    script = production_static.get(hashed_url(static_root, "vendor/htmx/htmx.min.js"))
    assert script["Cache-Control"] == IMMUTABLE
    assert "Content-Encoding" not in script


def test_an_unhashed_name_is_cached_only_briefly(production_static):
    response = production_static.get("/static/img/favicon.svg")
    assert response.status_code == 200
    assert response["Cache-Control"] == "max-age=3600, public"


def test_pages_link_the_hashed_files_also_with_debug_on(
    production_static, static_root, settings, db
):
    settings.DEBUG = True  # make run
    html = production_static.get("/").content.decode()
    for name in (
        "css/app.css",
        "vendor/kern/kern.min.css",
        "vendor/kern/fonts/fira-sans.css",
        "vendor/htmx/htmx.min.js",
        "js/app.js",
        "img/favicon.svg",
        "vendor/kern/fonts/fira-sans/FiraSans-Regular.woff2",
    ):
        assert f'"{hashed_url(static_root, name)}"' in html, name
    # the body font is preloaded (same URL as in the collected stylesheet)
    assert re.search(
        r'<link rel="preload" href="/static/vendor/kern/fonts/fira-sans/'
        r'FiraSans-Regular\.[0-9a-f]{12}\.woff2" as="font" type="font/woff2" '
        r"crossorigin>",
        html,
    )


def test_every_font_face_swaps_instead_of_blocking_the_text():
    for css in Path(finders.find("vendor/kern/fonts/fira-sans.css")).parent.parent.rglob("*.css"):
        text = css.read_text(encoding="utf-8")
        faces = re.findall(r"@font-face\s*\{[^}]*\}", text)
        assert all(re.search(r"font-display:\s*swap", face) for face in faces), css
    for css in Path(finders.find("css/app.css")).parent.glob("*.css"):
        assert "@font-face" not in css.read_text(encoding="utf-8"), css
